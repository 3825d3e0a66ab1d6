variable "region" {
  type    = string
  default = "eu-west-1"
}

resource "aws_codebuild_project" "app" {
  name         = "app-build"
  service_role = aws_iam_role.codebuild.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type    = "BUILD_GENERAL1_MEDIUM"
    image           = "aws/codebuild/standard:7.0"
    type            = "LINUX_CONTAINER"
    privileged_mode = true
  }

  source {
    type      = "GITHUB"
    location  = "https://github.com/example/app.git"
    buildspec = <<EOF
version: 0.2
phases:
  build:
    commands:
      - aws ecr get-login-password --region ${var.region} | mark login
      - echo "$${HOME}" && mark build
      - cp ${local.src}${var.suffix} out && mark copy
EOF
  }
}
