resource "aws_codebuild_project" "broken" {
  name = "broken"
  environment {
    image = "aws/codebuild/standard:7.0"
    type  = "LINUX_CONTAINER"
  source {
    type = "CODEPIPELINE"
  }
}
