package lint_test

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// jqRule reports every call of jq, on its name.
var jqRule = &lint.Rule{
	Rule: finding.Rule{ID: "BSL995", Name: "jq", Severity: finding.SeverityWarning},
	Check: func(p *lint.Pass) {
		for _, c := range p.Calls() {
			if c.Name() == "jq" {
				p.Report(c.Args[0].Range(), "jq").Fix = finding.NewFix("drop", c.Args[0].Range(), "")
			}
		}
	},
}

// TestEmbedded: the findings of a buildspec written in another file sit on the host's lines and
// columns, in a YAML block scalar and in a JSON string with escapes, and carry no fix.
func TestEmbedded(t *testing.T) {
	for _, tc := range []struct {
		name, host, text string
		quote            byte
		want             string // the host text at the finding
		line, col        int
	}{
		{"yaml block", "Resources:\n  P:\n    Properties:\n      BuildSpec: |\n        version: 0.2\n        phases:\n          build:\n            commands:\n              - echo a && jq .\n",
			"version: 0.2\nphases:\n  build:\n    commands:\n      - echo a && jq .\n", 0, "jq", 9, 27},
		{"json string", `{"BuildSpec": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo \"x\" && jq .\n"}`,
			"version: 0.2\nphases:\n  build:\n    commands:\n      - echo \"x\" && jq .\n", '"', "jq", 1, 86},
	} {
		t.Run(tc.name, func(t *testing.T) {
			host := source.NewSource("template.yaml", []byte(tc.host))
			start := strings.Index(tc.host, "version")
			e, ok := buildspec.Embed(host, tc.text, start, tc.quote)
			if !ok {
				t.Fatalf("the text is not found in the host")
			}
			l := &lint.Linter{Rules: lint.RuleSet{jqRule}}
			res := l.Run([]lint.Input{{Path: "template.yaml", Embed: e}})
			if len(res.Findings) != 1 {
				t.Fatalf("findings = %v", res.Findings)
			}
			f := res.Findings[0]
			got := tc.host[f.Range.Start.Offset:f.Range.End.Offset]
			if got != tc.want || f.Range.Start.Line != tc.line || f.Range.Start.Col != tc.col || f.Source != host || f.Path != "template.yaml" {
				t.Errorf("finding at %s (%q, %s), want %d:%d (%q)", f.Range, got, f.Path, tc.line, tc.col, tc.want)
			}
			if f.Fix != nil {
				t.Errorf("an embedded finding carries a fix")
			}
		})
	}
}
