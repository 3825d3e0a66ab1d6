resource "aws_codebuild_project" "node" {
  name = "node"
  environment {
    compute_type    = var.compute
    image           = var.build_image
    type            = local.env_type
    privileged_mode = var.privileged
  }
  source {
    type      = "NO_SOURCE"
    buildspec = local.buildspec
  }
}
