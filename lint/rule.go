package lint

import (
	"fmt"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Rule is one check. Rules are package-level values and stateless: per-file state lives in
// Check's locals, so files lint in parallel. Its identity and documentation (finding.Rule) are
// what findings carry and outputs print.
type Rule struct {
	finding.Rule
	// Check reports the rule's findings in one buildspec document.
	Check func(*Pass)
}

// Pass is what a rule sees of one buildspec document.
type Pass struct {
	Rule *Rule
	Spec *buildspec.Buildspec
	// Image is what the build image contains; nil when no image is configured.
	Image  *image.Inventory
	report func(*finding.Finding)
}

// NewPass returns a pass for rule over spec that hands findings to report.
func NewPass(rule *Rule, spec *buildspec.Buildspec, image *image.Inventory, report func(*finding.Finding)) *Pass {
	return &Pass{Rule: rule, Spec: spec, Image: image, report: report}
}

// Report records a finding at rng.
func (p *Pass) Report(rng source.Range, msg string) *finding.Finding {
	f := &finding.Finding{Rule: &p.Rule.Rule, Severity: p.Rule.Severity, Range: rng, Message: finding.ElideMessage(msg), Source: p.Spec.Source}
	if p.report != nil {
		p.report(f)
	}
	return f
}

// Reportf records a finding at rng with a formatted message.
func (p *Pass) Reportf(rng source.Range, format string, args ...any) *finding.Finding {
	return p.Report(rng, fmt.Sprintf(format, args...))
}

// Commands returns every command of the document in execution order.
func (p *Pass) Commands() []*buildspec.Command { return p.Spec.CommandsInOrder() }

// Calls returns every shell call of the document in execution order.
func (p *Pass) Calls() []*buildspec.Call {
	var out []*buildspec.Call
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
	if i := finding.Index(len(rs), func(i int) *finding.Rule { return &rs[i].Rule }, idOrName); i >= 0 {
		return rs[i]
	}
	return nil
}

// Infos returns the identity and documentation of each rule, in the same order: what outputs
// and the configuration need of the rules.
func (rs RuleSet) Infos() finding.Rules {
	out := make(finding.Rules, len(rs))
	for i, r := range rs {
		out[i] = &r.Rule
	}
	return out
}
