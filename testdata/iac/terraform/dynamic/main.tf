variable "environment" {
  type = object({
    image           = string
    compute_type    = string
    privileged_mode = bool
  })
  default = {
    image           = "aws/codebuild/standard:7.0"
    compute_type    = "BUILD_GENERAL1_SMALL"
    "privileged_mode" = true
  }
}

variable "buildspec" {
  type    = string
  default = ""
}

resource "aws_codebuild_project" "dynamic" {
  name = "dynamic"
  dynamic "environment" {
    for_each = [var.environment]
    content {
      image           = environment.value.image
      compute_type    = environment.value.compute_type
      type            = "LINUX_CONTAINER"
      privileged_mode = environment.value.privileged_mode
    }
  }
  source {
    type      = "GITHUB"
    buildspec = var.buildspec
  }
}

resource "aws_codebuild_project" "conditional" {
  name = "conditional"
  dynamic "environment" {
    for_each = var.enabled ? [var.environment] : []
    iterator = env
    content {
      image = env.value.image
    }
  }
  source {
    type = "GITHUB"
  }
}
