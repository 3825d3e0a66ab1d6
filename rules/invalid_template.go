package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// InvalidTemplate reports a template or Terraform file that defines a CodeBuild project but
// cannot be read, a project whose BuildSpec is of the wrong type, and a buildspec path that
// names no file. The CLI reports its findings as it reads the templates (package iac).
var InvalidTemplate = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL017",
		Name:     "invalid-template",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "a template or .tf file that defines a CodeBuild project cannot be read, or its buildspec is not there",
			Text: "buildspec-lint reads the CodeBuild projects that CloudFormation and SAM templates (`AWS::CodeBuild::Project`), the templates CDK synthesizes under `cdk.out`, and Terraform files (`aws_codebuild_project`) define, to lint each buildspec with its project's image, compute type and privileged mode, and to lint an inline buildspec in place. " +
				"This rule reports what stops that: a template or `.tf` file that names a CodeBuild project but is not valid YAML, JSON or HCL; a project whose `BuildSpec` (`source { buildspec }`) is neither a string nor something that yields one; and a buildspec path that names no file. " +
				"The path is relative to the project's source root: the root of the git repository that holds the template (CodeBuild reads it relative to `$CODEBUILD_SRC_DIR`, the source it checks out, and a build whose buildspec is missing fails in DOWNLOAD_SOURCE with YAML_FILE_ERROR, https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html), or the module directory for Terraform's `file()` and `templatefile()`. " +
				"A project that builds another repository than the one holding its template has its buildspec there: turn the rule off for that template (`buildspecs: [{files: infra/other.yaml, rules: {invalid-template: off}}]`).",
			Bad:  "Resources:\n  Build:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Source:\n        Type: CODECOMMIT\n        BuildSpec: ci/buildspec.yml # no such file\n",
			Good: "Resources:\n  Build:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Source:\n        Type: CODECOMMIT\n        BuildSpec: buildspec.yml\n",
		},
	},
	Templates: true,
}
