package rules

import (
	"strconv"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// InvalidDirective reports a `# buildspec-lint` directive that cannot be read.
var InvalidDirective = &lint.Rule{
	Rule: finding.Rule{
		ID:       buildspec.RuleInvalidDirective,
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
			case d.Invalid != "":
				rng := d.Range
				if len(d.ValueRanges) > 0 {
					rng = d.ValueRanges[0]
				}
				p.Report(rng, d.Invalid)
			case d.Kind == buildspec.DirectiveImage && len(d.Values) > 1:
				p.Reportf(d.ValueRanges[1], "image= takes one image name, not %d", len(d.Values))
			}
		}
	},
}
