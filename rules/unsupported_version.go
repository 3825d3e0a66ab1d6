package rules

import "github.com/buildspec-lint/buildspec-lint/lint"

// UnsupportedVersion reports the buildspec version is not 0.2 (issue 2, item 3).
var UnsupportedVersion = &lint.Rule{
	ID:       lint.RuleVersion,
	Name:     "unsupported-version",
	Severity: lint.SeverityError,
	Doc: lint.Doc{
		Title: "the buildspec version is not 0.2",
		Text:  "CodeBuild supports buildspec version `0.2` and, for old projects, `0.1` (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html); any other value is rejected. Version 0.1 runs every command in a new shell, so `cd`, `export` and background processes such as a started dockerd do not carry over to the next command: move to 0.2, where all commands of a build share one shell (then rename `environment_variables` to `env` and `plaintext` to `variables`).",
		Bad:   "version: 0.1\nphases:\n  build:\n    commands:\n      - make test\n",
		Good:  "version: 0.2\nphases:\n  build:\n    commands:\n      - make test\n",
	},
	Check: reportProblems,
}
