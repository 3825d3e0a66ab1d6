resource "aws_codebuild_project" "module_file" {
  name = "module-file"
  environment {
    compute_type = "BUILD_LAMBDA_2GB"
    image        = "aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs20"
    type         = "LINUX_LAMBDA_CONTAINER"
  }
  source {
    type      = "CODECOMMIT"
    buildspec = file("${path.module}/ci/buildspec.yml")
  }
}

resource "aws_codebuild_project" "bare_file" {
  name = "bare-file"
  environment {
    compute_type    = "BUILD_GENERAL1_SMALL"
    image           = "aws/codebuild/standard:7.0"
    type            = "LINUX_CONTAINER"
    privileged_mode = false
  }
  source {
    type      = "CODECOMMIT"
    buildspec = file("buildspec.yml")
  }
}

resource "aws_codebuild_project" "template" {
  name = "template"
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }
  source {
    type = "CODEPIPELINE"
    buildspec = templatefile("${path.module}/templates/deploy.yml.tpl", {
      stage  = "prod"
      region = "eu-west-1"
    })
  }
}

resource "aws_codebuild_project" "path" {
  name = "path"
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }
  source {
    type      = "GITHUB"
    location  = "https://github.com/example/app.git"
    buildspec = "ci/buildspec-test.yml"
  }
}

resource "aws_codebuild_project" "default" {
  name = "default"
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }
  source {
    type     = "GITHUB"
    location = "https://github.com/example/app.git"
  }
}
