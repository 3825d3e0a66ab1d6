package ghactions

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// The run's notes (no build image is configured) open the job summary, findings or not, with
// the configuration lines as a YAML code block.
func TestSummaryNotes(t *testing.T) {
	note := "buildspec-lint: 1 file installs tools or uses docker but no build image is configured, so these rules stayed silent: BSL101 redundant-install; name the build image in .buildspec-lint.yaml (or use --image, --dockerfile or --tools; lint the directory that also holds the CloudFormation, SAM, CDK or Terraform project that runs the file, and its image is read from there):\n\nimage: build\nimages:\n  build: {image: aws/codebuild/standard:7.0}\n"
	r := &format.Report{Files: 1, Notes: []string{note}}
	md := summary(r, "", 0, false, func(string, int) string { return "" }, 20000)
	for _, want := range []string{
		"## buildspec-lint\n\n> 1 file installs tools or uses docker but no build image is configured",
		"```yaml\nimage: build\nimages:\n  build: {image: aws/codebuild/standard:7.0}\n```\n",
		"No findings in 1 file.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "buildspec-lint: 1 file") {
		t.Errorf("the summary repeats the stderr prefix:\n%s", md)
	}
	if md := summary(&format.Report{Files: 1}, "", 0, false, func(string, int) string { return "" }, 20000); strings.Contains(md, ">") {
		t.Errorf("a run without notes has no note:\n%s", md)
	}
}
