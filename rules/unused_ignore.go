package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// UnusedIgnore reports an ignore directive that suppressed nothing. Only the linter knows which
// findings an ignore suppressed, so it reports this rule itself after every other rule has run
// (lint/ignore.go); Check has nothing to do.
var UnusedIgnore = &lint.Rule{
	Rule: finding.Rule{
		ID:       buildspec.RuleUnusedIgnore,
		Name:     "unused-ignore",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "an ignore directive suppressed no finding",
			Text: "An ignore that matches nothing is stale: the problem was fixed, the rule no longer fires, " +
				"or the directive is on the wrong line. An ignore covers its own line when it follows content, " +
				"and the next line (the whole list item or block) when it stands on a line of its own. " +
				"Remove it, or move it. Ignores of rules that the configuration turns off are not reported.",
			Bad:  "version: 0.2\nphases:\n  build:\n    commands:\n      - make # buildspec-lint ignore=yaml-syntax -- was broken once\n",
			Good: "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n",
		},
	},
	Check: func(*lint.Pass) {},
}
