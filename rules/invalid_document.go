package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// InvalidDocument reports the file or one of its documents is not a buildspec mapping.
var InvalidDocument = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL002",
		Name:     "invalid-document",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "the file or one of its documents is not a buildspec mapping",
			Text:  "A buildspec is one YAML mapping with `version` and `phases` at the top (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html). CodeBuild fails in DOWNLOAD_SOURCE with YAML_FILE_ERROR when the file is empty, or when its top level is a list or a plain string (a buildspec indented as a list item, or a file that is not a buildspec at all). In a file with several documents (`---`), each one is checked; remove empty documents. A document of another format beside a buildspec (a Kubernetes manifest, a CloudFormation template, a GitHub workflow) gets this one finding, not a buildspec's findings about its keys: move it to a file of its own.",
			Bad:   "- version: 0.2\n- phases:\n    build:\n      commands:\n        - make test\n",
			Good:  "version: 0.2\nphases:\n  build:\n    commands:\n      - make test\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.InvalidDocument},
}
