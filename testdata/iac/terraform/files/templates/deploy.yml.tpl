version: 0.2
env:
  variables:
    STAGE: ${stage}
phases:
  install:
    runtime-versions:
      nodejs: ${node_version}
  build:
    commands:
      - aws cloudformation deploy --region ${region} --stack-name app-${stage} && mark deploy
      - echo "$${CODEBUILD_BUILD_ID}" && mark done
