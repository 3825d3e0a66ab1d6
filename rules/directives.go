package rules

import (
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// The rules about the `# buildspec-lint` directives (BSL9xx), declared in this one file. The
// linter applies the ignores itself (lint/ignore.go) and reports those that suppressed nothing
// as findings of UnusedIgnore (Rule.UnusedIgnores); the other three check the directives as
// written, and the image= directive as the linter resolved it (Pass.ImageErr).

// IgnoreWithoutReason reports an ignore directive that does not say why.
var IgnoreWithoutReason = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL901",
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
	Workflows: true,
	Check: func(p *lint.Pass) {
		for _, d := range p.Spec.Directives {
			if (d.Kind == buildspec.DirectiveIgnore || d.Kind == buildspec.DirectiveIgnoreFile) && d.Reason == "" {
				p.Reportf(d.Range, "say why this is ignored: add ` -- reason` after the rule list")
			}
		}
	},
}

// UnusedIgnore reports an ignore directive that suppressed nothing. Only the linter knows which
// findings an ignore suppressed, so it reports this rule itself after every other rule has run
// (UnusedIgnores; lint/ignore.go).
var UnusedIgnore = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL902",
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
	UnusedIgnores: true,
	Workflows:     true,
}

// UnknownRuleInIgnore reports an ignore directive that names no rule.
var UnknownRuleInIgnore = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL903",
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
	Workflows: true,
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

// InvalidDirective reports a `# buildspec-lint` directive that cannot be read.
var InvalidDirective = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL904",
		Name:     "invalid-directive",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "a buildspec-lint directive cannot be read",
			Text: "The directives are `# buildspec-lint ignore=RULE[,RULE...] -- reason` (this line, or the next " +
				"when the comment stands alone), `# buildspec-lint ignore-file=RULE[,RULE...] -- reason` (the whole " +
				"file) and `# buildspec-lint image=NAME` (the build image of this file, a name from the " +
				"configuration's images or a built-in image). A misspelt directive does nothing. An image= that " +
				"names an unknown image is reported too, and the file is then linted with the image it would " +
				"otherwise have. A directive is read with its first " + strconv.Itoa(buildspec.MaxDirectiveNames) + " names; the rest are reported here and not read.",
			Bad:  "# buildspec-lint imgae=ci\nversion: 0.2\nphases:\n  build:\n    commands:\n      - make\n",
			Good: "# buildspec-lint image=ci\nversion: 0.2\nphases:\n  build:\n    commands:\n      - make\n",
		},
	},
	Workflows: true,
	Check: func(p *lint.Pass) {
		kinds := []string{buildspec.DirectiveIgnore, buildspec.DirectiveIgnoreFile, buildspec.DirectiveImage}
		for _, d := range p.Spec.Directives {
			if d.Dropped > 0 {
				p.Reportf(d.DroppedRange, "this directive names more than %d rules: %d more from here on are not read; split it into several directives",
					buildspec.MaxDirectiveNames, d.Dropped)
			}
			switch {
			case d.Kind != buildspec.DirectiveIgnore && d.Kind != buildspec.DirectiveIgnoreFile && d.Kind != buildspec.DirectiveImage:
				msg := "unknown directive " + d.Kind + "=: use " + strings.Join(kinds, "=, ") + "="
				if s := suggest.Closest(d.Kind, kinds); s != "" {
					msg = "unknown directive " + d.Kind + "=: did you mean " + s + "=?"
				}
				p.Report(d.Range, msg)
			case len(d.Values) == 0:
				p.Reportf(d.Range, "%s= names nothing: give it a value or remove the directive", d.Kind)
			case p.ImageErr != nil && p.ImageErr.Directive == d:
				rng := d.Range
				if len(d.ValueRanges) > 0 {
					rng = d.ValueRanges[0]
				}
				p.Report(rng, p.ImageErr.Err.Error())
			case d.Kind == buildspec.DirectiveImage && len(d.Values) > 1:
				p.Reportf(d.ValueRanges[1], "image= takes one image name, not %d", len(d.Values))
			}
		}
	},
}
