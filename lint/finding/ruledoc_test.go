package finding

import (
	"testing"
)

func TestRuleDocText(t *testing.T) {
	r := &Rule{ID: "BSL101", Name: "redundant-install", Severity: SeverityWarning, Doc: Doc{
		Title: "a tool the image has is installed again", Text: "Why.\n", Bad: "version: 0.2\n", Good: "a: 1\n  b: 2\n",
		Options: []string{"--tools", "jq"},
	}}
	if got := r.Anchor(); got != "bsl101" {
		t.Errorf("Anchor = %q", got)
	}
	wantMD := "<a id=\"bsl101\"></a>\n\n## BSL101 redundant-install\n\n**a tool the image has is installed again** (default severity: warning)\n\nWhy.\n\n" +
		"The examples assume `--tools jq`.\n\nBad:\n\n```yaml\nversion: 0.2\n```\n\nGood:\n\n```yaml\na: 1\n  b: 2\n```\n"
	if got := r.Markdown(); got != wantMD {
		t.Errorf("Markdown =\n%s\nwant\n%s", got, wantMD)
	}
	wantText := "BSL101 redundant-install (warning): a tool the image has is installed again\n\nWhy.\n\n" +
		"The examples assume --tools jq.\n\nBad:\n    version: 0.2\n\nGood:\n    a: 1\n      b: 2\n"
	if got := r.ExplainText(); got != wantText {
		t.Errorf("ExplainText =\n%s\nwant\n%s", got, wantText)
	}
}
