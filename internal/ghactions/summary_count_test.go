package ghactions

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// TestSummaryCounts checks that the job summary counts as the text format's summary line does:
// findings in files with findings of files linted, what only-changed left out, and nothing that
// reads as a clean run when no input could be read.
func TestSummaryCounts(t *testing.T) {
	f := func(path string) *finding.Finding {
		return &finding.Finding{Path: path, Severity: finding.SeverityWarning, Message: "m"}
	}
	noLink := func(string, int) string { return "" }
	tests := []struct {
		name       string
		r          format.Report
		want, lack []string
	}{
		{"files with findings of files linted", format.Report{Files: 3, Findings: []*finding.Finding{f("a.yml"), f("a.yml"), f("b.yml")}},
			[]string{"**3 findings** (3 warnings) in 2 of 3 files, all shown as annotations."}, []string{"left out"}},
		{"clean", format.Report{Files: 4}, []string{"No findings in 4 files."}, []string{"left out"}},
		{"only-changed left some out", format.Report{Files: 2, Unchanged: 5, Findings: []*finding.Finding{f("a.yml")}},
			[]string{"in 1 of 2 files", "5 findings on lines this change does not touch are left out (only-changed); run buildspec-lint without it to see them."}, nil},
		{"only-changed left everything out", format.Report{Files: 2, Unchanged: 1},
			[]string{"No findings in 2 files.", "1 finding on lines this change does not touch is left out (only-changed)"}, nil},
		{"every input failed", format.Report{Files: 0, Failed: 2},
			[]string{"No file was linted: 2 inputs could not be read"}, []string{"No findings"}},
	}
	for _, tt := range tests {
		md := summary(&tt.r, "", len(tt.r.Findings), false, noLink, MaxSummaryBytes)
		for _, w := range tt.want {
			if !strings.Contains(md, w) {
				t.Errorf("%s: summary lacks %q:\n%s", tt.name, w, md)
			}
		}
		for _, l := range tt.lack {
			if strings.Contains(md, l) {
				t.Errorf("%s: summary has %q:\n%s", tt.name, l, md)
			}
		}
	}
}
