package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// UnknownKey reports a key that CodeBuild does not know.
var UnknownKey = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL005",
		Name:     "unknown-key",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "a key that CodeBuild does not know",
			Text:  "The buildspec keys are fixed (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html): phase names are `install`, `pre_build`, `build` and `post_build`, and each section has its own keys, down to a report group, a secondary artifact, `cache`, and the tasks, `env`, `build-matrix` and `build-fanout` of `batch` (https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html). A misspelt key is at best ignored (a `pre-build` phase never runs) and at worst fails the build. The message suggests the closest known key when one is near; when that key is the only one near and the mapping does not have it yet, `--fix` renames the key.",
			Bad:   "version: 0.2\nphases:\n  pre-build:\n    commands:\n      - make deps\n",
			Good:  "version: 0.2\nphases:\n  pre_build:\n    commands:\n      - make deps\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.UnknownKey},
}
