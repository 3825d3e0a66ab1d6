resource "aws_codebuild_project" "p" {
  source {
    buildspec = <<-EOT
      version: ${var.v}
      env:
        variables:
          STAGE: ${var.stage}
          PATH_X: /opt/${var.d}/bin
        parameter-store:
          DB: /${var.env}/db/password
        secrets-manager:
          TOKEN: ${var.secret_arn}:token
      phases:
        install:
          runtime-versions:
            nodejs: ${var.node}
            python: ${var.py}
            golang: 1.12
          commands:
            - npm ci --prefix ${var.dir}
        build:
          on-failure: ${var.onfail}
          commands:
            - docker build -t ${var.repo}:${var.tag} .
            - timeout ${var.t} make
      artifacts:
        files:
          - ${var.out}/**/*
        base-directory: ${var.base}
      cache:
        paths:
          - ${var.cache}
    EOT
  }
}
