locals {
  env_type = "LINUX_CONTAINER"
  buildspec = <<-EOT
    version: 0.2
    phases:
      build:
        commands:
          - npm ci && mark test
  EOT
}
