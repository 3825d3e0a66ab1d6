resource "aws_ecr_repository" "builder" {
  name = "builder"
}

resource "aws_codebuild_project" "custom" {
  name = "custom"
  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "${aws_ecr_repository.builder.repository_url}:latest"
    image_pull_credentials_type = "SERVICE_ROLE"
    type                        = "LINUX_CONTAINER"
    privileged_mode             = var.needs_docker
  }
  source {
    type = "CODEPIPELINE"
  }
}

resource "aws_codebuild_project" "by_reference" {
  name = "by-reference"
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = aws_ecr_repository.builder.repository_url
    type         = "LINUX_CONTAINER"
  }
  source {
    type      = "CODEPIPELINE"
    buildspec = data.template_file.buildspec.rendered
  }
}
