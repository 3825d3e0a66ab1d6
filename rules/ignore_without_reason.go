package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// IgnoreWithoutReason reports an ignore directive that does not say why.
var IgnoreWithoutReason = &lint.Rule{
	Rule: finding.Rule{
		ID:       buildspec.RuleIgnoreWithoutReason,
		Name:     "ignore-without-reason",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "an ignore directive gives no reason",
			Text: "An ignore outlives the reason it was written for. Write the reason after ` -- ` " +
				"(`# buildspec-lint ignore=BSL101 -- the image lags behind, see #123`) so that the next reader " +
				"can tell when it is safe to remove.",
			Bad:  "version: 0.2\nphases:\n  install: # buildspec-lint ignore=empty-phase\n  build:\n    commands:\n      - make\n",
			Good: "version: 0.2\nphases:\n  install: # buildspec-lint ignore=empty-phase -- the template keeps every phase\n  build:\n    commands:\n      - make\n",
		},
	},
	Check: func(p *lint.Pass) {
		for _, d := range p.Spec.Directives {
			if (d.Kind == buildspec.DirectiveIgnore || d.Kind == buildspec.DirectiveIgnoreFile) && d.Reason == "" {
				p.Reportf(d.Range, "say why this is ignored: add ` -- reason` after the rule list")
			}
		}
	},
}
