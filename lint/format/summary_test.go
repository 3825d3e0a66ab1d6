package format

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

func TestSummary(t *testing.T) {
	f := func(path string, s finding.Severity) *finding.Finding {
		return &finding.Finding{Path: path, Severity: s}
	}
	w := finding.SeverityWarning
	tests := []struct {
		r    Report
		want string
	}{
		{Report{Files: 5}, "no findings in 5 files"},
		{Report{Files: 1}, "no findings in 1 file"},
		{Report{Files: 1, Findings: []*finding.Finding{f("a", w)}}, "1 finding (1 warning) in 1 of 1 file"},
		{Report{Files: 3, Findings: []*finding.Finding{f("a", w), f("a", finding.SeverityError), f("b", w)}},
			"3 findings (1 error, 2 warnings) in 2 of 3 files"},
		{Report{Files: 2, Findings: []*finding.Finding{f("a", finding.SeverityNotice), f("a", finding.SeverityNotice)}}, "2 findings (2 notices) in 1 of 2 files"},
		{Report{Files: 2, Findings: []*finding.Finding{f("a", finding.SeverityNone)}}, "1 finding in 1 of 2 files"},
		// Some inputs failed: the files that were linted are still counted.
		{Report{Files: 2, Failed: 1}, "no findings in 2 files"},
		// Every input failed: no line that would read as a clean run.
		{Report{Files: 0, Failed: 2}, ""},
		{Report{Files: 0}, "no findings in 0 files"},
		// A change filter left findings out.
		{Report{Files: 2, Unchanged: 4, Findings: []*finding.Finding{f("a", w)}}, "1 finding (1 warning) in 1 of 2 files, 4 more on unchanged lines left out"},
		{Report{Files: 2, Unchanged: 1}, "no findings in 2 files, 1 on unchanged lines left out"},
	}
	for _, tt := range tests {
		if got := Summary(&tt.r); got != tt.want {
			t.Errorf("Summary(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

// TestFilesWithFindings: the files of findings sorted by path, as a run's are, and of findings in
// any other order.
func TestFilesWithFindings(t *testing.T) {
	tests := []struct {
		paths []string
		want  int
	}{
		{nil, 0},
		{[]string{"a"}, 1},
		{[]string{"a", "a", "b", "c", "c"}, 3},
		{[]string{"b", "a", "b"}, 2},
		{[]string{"a", "b", "a", "b"}, 2},
		{[]string{"c", "c", "b", "a", "a"}, 3},
	}
	for _, tt := range tests {
		r := &Report{}
		for _, p := range tt.paths {
			r.Findings = append(r.Findings, &finding.Finding{Path: p})
		}
		if got := r.FilesWithFindings(); got != tt.want {
			t.Errorf("FilesWithFindings of %q = %d, want %d", tt.paths, got, tt.want)
		}
	}
}
