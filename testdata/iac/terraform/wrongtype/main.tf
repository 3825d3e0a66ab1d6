locals {
  spec = {
    version = 0.2
    phases  = { build = { commands = ["make"] } }
  }
}

resource "aws_codebuild_project" "object" {
  name = "object"
  environment {
    image        = "aws/codebuild/standard:7.0"
    compute_type = "BUILD_GENERAL1_SMALL"
    type         = "LINUX_CONTAINER"
  }
  source {
    type      = "NO_SOURCE"
    buildspec = local.spec
  }
}

resource "aws_codebuild_project" "encoded" {
  name = "encoded"
  environment {
    image        = "aws/codebuild/standard:7.0"
    compute_type = "BUILD_GENERAL1_SMALL"
    type         = "LINUX_CONTAINER"
  }
  source {
    type      = "NO_SOURCE"
    buildspec = yamlencode(local.spec)
  }
}
