package finding

import (
	"strings"
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

func TestRuleDocWorkflowExamples(t *testing.T) {
	r := &Rule{ID: "BSL101", Name: "redundant-install", Severity: SeverityWarning, Doc: Doc{
		Title: "t", Bad: "b: 1\n", Good: "g: 1\n", Options: []string{"--tools", "jq"},
		WorkflowBad: "on: push\n", WorkflowGood: "on: pull_request\n", WorkflowOptions: []string{"--tools", "jq,git"},
	}}
	wantMD := "Good:\n\n```yaml\ng: 1\n```\n\nIn a GitHub Actions workflow (the examples assume `--tools jq,git` for the runner's image):\n\n" +
		"Bad:\n\n```yaml\non: push\n```\n\nGood:\n\n```yaml\non: pull_request\n```\n"
	if got := r.Markdown(); !strings.HasSuffix(got, wantMD) {
		t.Errorf("Markdown =\n%s\nwant it to end with\n%s", got, wantMD)
	}
	wantText := "Good:\n    g: 1\n\nIn a GitHub Actions workflow (the examples assume --tools jq,git for the runner's image):\n\nBad:\n    on: push\n\nGood:\n    on: pull_request\n"
	if got := r.ExplainText(); !strings.HasSuffix(got, wantText) {
		t.Errorf("ExplainText =\n%s\nwant it to end with\n%s", got, wantText)
	}
	r.Doc.WorkflowOptions = nil
	if got := r.ExplainText(); !strings.Contains(got, "\nIn a GitHub Actions workflow:\n\nBad:\n    on: push\n") {
		t.Errorf("ExplainText without WorkflowOptions =\n%s", got)
	}
}
