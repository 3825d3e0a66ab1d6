package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// EmptyPhase reports phases, a phase or its commands is empty.
var EmptyPhase = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL012",
		Name:     "empty-phase",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "phases, a phase or its commands is empty",
			Text:  "An empty `phases:`, a phase with nothing under it, or `commands:` with no items does nothing, and CodeBuild rejects a phase without commands (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html). It is usually a leftover or a broken indentation: give it commands or remove it.",
			Bad:   "version: 0.2\nphases:\n  pre_build:\n    commands:\n  build:\n    commands:\n      - make test\n",
			Good:  "version: 0.2\nphases:\n  build:\n    commands:\n      - make test\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.EmptyPhase},
}
