package lint

import (
	"fmt"
	"slices"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Rule is one check. Rules are package-level values and stateless: per-file state lives in
// Check's locals, so files lint in parallel. Its identity and documentation (finding.Rule) are
// what findings carry and outputs print. A rule's findings come from its Check, from the
// parser's problems of the kinds it declares (Problems), or from the linter's ignore
// bookkeeping (UnusedIgnores); a rule has at least one of them.
type Rule struct {
	finding.Rule
	// Problems are the kinds of problem the parser finds that this rule reports: the linter
	// reports each problem of these kinds in a document as a finding of the rule, and counts
	// those past the parser's cap. A kind is reported by one rule of a set.
	Problems []buildspec.ProblemKind
	// UnusedIgnores says that the linter reports, as findings of this rule, the ignore
	// directives (or the names in them) that suppressed no finding: only the linter knows what
	// an ignore suppressed, once every other rule has run. One rule of a set has it (else the
	// first is used).
	UnusedIgnores bool
	// Check reports the rule's own findings in one buildspec document (nil: none).
	Check func(*Pass)
	// Templates says that the rule's findings are on the files that define CodeBuild projects
	// (templates, .tf files), which the CLI reports as it reads them: the rule has no Check,
	// and its Doc examples are templates, not buildspecs.
	Templates bool
	// Workflows says that the rule also lints the commands of GitHub Actions workflow jobs and
	// composite actions (their run: steps, in the job's environment: Pass.Image.Runner is set
	// when the runner is known). Every other rule runs on buildspecs only.
	Workflows bool
}

// Pass is what a rule sees of one buildspec document.
type Pass struct {
	Rule *Rule
	Spec *buildspec.Buildspec
	// Image is what the build image contains; nil when no image is configured.
	Image *image.Inventory
	// ImageErr is set when the file's image= directive names an image that could not be used
	// (Image is then the image the file would otherwise have); nil otherwise.
	ImageErr *ImageError
	report   func(*finding.Finding)
	// shared is what the passes of one document's rules compute once for all of them (nil: each
	// pass computes its own).
	shared *passShared
}

// passShared holds what the rules of one document ask for alike, computed on first use.
type passShared struct {
	calls     []*buildspec.Call
	haveCalls bool
}

// ImageError is an image= directive whose image could not be used, and why.
type ImageError struct {
	Directive *buildspec.Directive
	Err       error
}

// reportProblems reports the document's problems of the kinds the pass's rule declares, with
// their fixes.
func (p *Pass) reportProblems() {
	for _, pr := range p.Spec.Problems {
		if slices.Contains(p.Rule.Problems, pr.Kind) {
			f := p.Report(pr.Range, pr.Message)
			if pr.Fix != nil {
				f.Fix = finding.NewFix(pr.Fix.Message, pr.Fix.Range, pr.Fix.Text)
			}
		}
	}
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
// The list is shared by the rules of the document: read it, never write to it.
func (p *Pass) Calls() []*buildspec.Call {
	if sh := p.shared; sh != nil {
		if !sh.haveCalls {
			sh.calls, sh.haveCalls = slices.Clip(buildspec.CallsOf(p.Spec.CommandsInOrder())), true
		}
		return sh.calls
	}
	return buildspec.CallsOf(p.Spec.CommandsInOrder())
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
