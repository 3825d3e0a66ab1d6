package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestCollectorDedupe checks that a repeated finding is kept once, whether its rule's findings
// are few (searched in place), many (searched with a map) or past the cap (a heap that drops the
// last), and that the summary counts each finding past the cap once.
func TestCollectorDedupe(t *testing.T) {
	r := &finding.Rule{ID: "BSL999", Name: "test-rule"}
	src := source.NewSource("t.yml", []byte(strings.Repeat("a\n", 100)))
	for _, tc := range []struct{ distinct, max, kept, over int }{
		{3, 100, 3, 0},
		{smallRule, 100, smallRule, 0},
		{smallRule + 1, 100, smallRule + 1, 0},
		{40, 100, 40, 0},
		{40, 5, 5, 35},
		{40, 20, 20, 20},
	} {
		c := newCollector(tc.max)
		// Every finding three times, in reverse file order, so that the cap drops kept ones.
		for rep := 0; rep < 3; rep++ {
			for i := tc.distinct - 1; i >= 0; i-- {
				c.add(&finding.Finding{Rule: r, Range: src.LineRange(i + 1), Source: src, Message: fmt.Sprint("m", i)})
			}
		}
		all := c.findings()
		kept, summary := 0, ""
		seen := map[string]bool{}
		for _, f := range all {
			if strings.Contains(f.Message, "more findings") {
				summary = f.Message
				continue
			}
			kept++
			if seen[f.Message] {
				t.Errorf("%+v: %q kept twice", tc, f.Message)
			}
			seen[f.Message] = true
		}
		if kept != tc.kept {
			t.Errorf("%+v: kept %d, want %d", tc, kept, tc.kept)
		}
		for i := 0; i < tc.kept; i++ {
			if !seen[fmt.Sprint("m", i)] {
				t.Errorf("%+v: m%d (among the first in file order) not kept", tc, i)
			}
		}
		if want := fmt.Sprintf("%d more findings", tc.over); tc.over > 0 && !strings.HasPrefix(summary, want) || tc.over == 0 && summary != "" {
			t.Errorf("%+v: summary %q, want %q", tc, summary, want)
		}
	}
}
