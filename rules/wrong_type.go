package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// WrongType reports a value has the wrong YAML type, such as a command that became a mapping.
var WrongType = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL006",
		Name:     "wrong-type",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "a value has the wrong YAML type, such as a command that became a mapping",
			Text:  "Each key expects a string, a list or a mapping (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html). The classic mistake is a command that contains `: ` (a colon and a space) without quotes: YAML reads `- echo Status: done` as a mapping with the key `echo Status`, and CodeBuild fails with \"Expected Commands[N] to be of string type: found subkeys instead\". Quote the whole command, or write it as a `|` block. The same holds for the lists outside the phases (`artifacts.files`, a report group's `files`, `cache.paths`, `cache.fallback-keys`, a batch task list and its `depend-on`): a mapping there, or an item that is not a string, is the wrong type. A plain string where the reference documents a list is BSL016 undocumented-form.",
			Bad:   "version: 0.2\nphases:\n  build:\n    commands:\n      - echo Status: done\n",
			Good:  "version: 0.2\nphases:\n  build:\n    commands:\n      - 'echo Status: done'\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.WrongType},
}
