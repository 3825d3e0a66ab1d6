package lint

import (
	"fmt"
	"slices"
	"strings"
)

// Doc is a rule's documentation; it feeds --explain, --list-rules, docs/rules.md and SARIF help.
type Doc struct {
	// Title is one line, lower case, no final period.
	Title string
	// Text explains why the rule exists and what to do (Markdown).
	Text string
	// Bad is a buildspec that raises exactly this rule; Good is its fixed form, which raises
	// nothing. Options are extra CLI-like settings the examples need (e.g. "--image docker:dind").
	Bad, Good string
	Options   []string
}

// Rule is one check. Rules are package-level values and stateless: per-file state lives in
// Check's locals, so files lint in parallel.
type Rule struct {
	// ID is stable and never reused: BSL0xx syntax and schema, 1xx per-run provisioning,
	// 2xx Docker daemon, 3xx command correctness, 4xx env and secrets, 5xx artifacts and cache,
	// 9xx ignore directives.
	ID   string
	Name string
	// Aliases are former names of the rule, still accepted wherever a name is (configuration,
	// ignore directives, --explain); IDs never change, names may.
	Aliases  []string
	Severity Severity
	Doc      Doc
	// Check reports the rule's findings in one buildspec document.
	Check func(*Pass)
}

// String returns "ID name".
func (r *Rule) String() string { return r.ID + " " + r.Name }

// Pass is what a rule sees of one buildspec document.
type Pass struct {
	Rule *Rule
	Spec *Buildspec
	// Image is what the build image contains; nil when no image is configured.
	Image  *Inventory
	report func(*Finding)
}

// NewPass returns a pass for rule over spec that hands findings to report.
func NewPass(rule *Rule, spec *Buildspec, image *Inventory, report func(*Finding)) *Pass {
	return &Pass{Rule: rule, Spec: spec, Image: image, report: report}
}

// Report records a finding at rng.
func (p *Pass) Report(rng Range, msg string) *Finding {
	f := &Finding{Rule: p.Rule, Severity: p.Rule.Severity, Range: rng, Message: ElideMessage(msg), Source: p.Spec.Source}
	if p.report != nil {
		p.report(f)
	}
	return f
}

// Reportf records a finding at rng with a formatted message.
func (p *Pass) Reportf(rng Range, format string, args ...any) *Finding {
	return p.Report(rng, fmt.Sprintf(format, args...))
}

// Commands returns every command of the document in execution order.
func (p *Pass) Commands() []*Command { return p.Spec.CommandsInOrder() }

// Calls returns every shell call of the document in execution order.
func (p *Pass) Calls() []*Call {
	var out []*Call
	for _, c := range p.Spec.CommandsInOrder() {
		if c.Script != nil {
			out = append(out, c.Script.Calls...)
		}
	}
	return out
}

// RuleSet is a list of rules with look-ups by ID and name.
type RuleSet []*Rule

// Lookup finds a rule by ID, name or alias, case-insensitively for IDs.
func (rs RuleSet) Lookup(idOrName string) *Rule {
	for _, r := range rs {
		if strings.EqualFold(r.ID, idOrName) || r.Name == idOrName {
			return r
		}
	}
	for _, r := range rs {
		if slices.Contains(r.Aliases, idOrName) {
			return r
		}
	}
	return nil
}
