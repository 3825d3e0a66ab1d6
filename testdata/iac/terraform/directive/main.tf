resource "aws_codebuild_project" "conditional" {
  name = "conditional"
  environment {
    image        = "aws/codebuild/standard:7.0"
    compute_type = "BUILD_GENERAL1_SMALL"
    type         = "LINUX_CONTAINER"
  }
  source {
    type      = "NO_SOURCE"
    buildspec = <<EOF
version: 0.2
phases:
  build:
    commands:
%{ if var.deploy ~}
      - mark deploy
%{ endif ~}
      - mark build
EOF
  }
}
