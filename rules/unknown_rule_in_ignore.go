package rules

import (
	"sort"
	"sync"

	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// UnknownRuleInIgnore reports an ignore directive that names no rule.
var UnknownRuleInIgnore = &lint.Rule{
	Rule: finding.Rule{
		ID:       buildspec.RuleUnknownIgnoredRule,
		Name:     "unknown-rule-in-ignore",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "an ignore directive names a rule that does not exist",
			Text: "Ignores name rules by ID (`BSL101`) or name (`redundant-install`); `buildspec-lint --list-rules` " +
				"lists them. A misspelt rule suppresses nothing.",
			Bad:  "version: 0.2\nphases:\n  install: # buildspec-lint ignore=empty-phase,emtpy-phase -- the template keeps every phase\n  build:\n    commands:\n      - make\n",
			Good: "version: 0.2\nphases:\n  install: # buildspec-lint ignore=empty-phase -- the template keeps every phase\n  build:\n    commands:\n      - make\n",
		},
	},
	Check: func(p *lint.Pass) {
		for _, d := range p.Spec.Directives {
			if d.Kind != buildspec.DirectiveIgnore && d.Kind != buildspec.DirectiveIgnoreFile {
				continue
			}
			for i, v := range d.Values {
				if knownRules.Lookup(v) != nil {
					continue
				}
				if s := closestRule(v); s != "" {
					p.Reportf(d.ValueRanges[i], "unknown rule %q: did you mean %s?", v, s)
				} else {
					p.Reportf(d.ValueRanges[i], "unknown rule %q: buildspec-lint --list-rules lists the rules", v)
				}
			}
		}
	},
}

// knownRules are all rules; set in init, since the rule list refers to this rule.
var knownRules lint.RuleSet

func init() { knownRules = All() }

// closestRule returns the rule ID or name nearest to s, or "".
func closestRule(s string) string { return suggest.Closest(s, ruleNames()) }

// ruleNames are the IDs and names of the rules, sorted (built once: a file can name many
// unknown rules).
var ruleNames = sync.OnceValue(func() []string {
	var names []string
	for _, r := range knownRules {
		names = append(names, r.ID, r.Name)
	}
	sort.Strings(names)
	return names
})
