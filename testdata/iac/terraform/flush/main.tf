resource "aws_codebuild_project" "images" {
  name = "images"

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/amazonlinux-x86_64-standard:5.0"
    type         = "LINUX_CONTAINER"

    docker_server {
      compute_type       = "BUILD_GENERAL1_SMALL"
      security_group_ids = [aws_security_group.docker.id]
    }
  }

  source {
    type      = "CODEPIPELINE"
    buildspec = <<-YAML
      version: 0.2
      phases:
        build:
          commands:
            - docker buildx build -t ${local.repo}:${var.tag} . && mark push
    YAML
  }
}
