package integration

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// ownWorkflowsProject copies this repository's workflows and action.yml (a composite action)
// into a repository of their own, with the README's example workflow beside them; in that
// example, the action is used locally (uses: ./) so that its inputs are checked against action.yml.
func ownWorkflowsProject(t *testing.T) string {
	t.Helper()
	example := readmeBlock(t, ".github/workflows/buildspec-lint.yml")
	ref := regexp.MustCompile(`(?m)uses: buildspec-lint/buildspec-lint@\S+`)
	if len(ref.FindAllString(example, -1)) != 1 {
		t.Fatalf("the README's example workflow should use buildspec-lint/buildspec-lint@<ref> once:\n%s", example)
	}
	example = ref.ReplaceAllString(example, "uses: ./")
	dir := actionlintProject(t, map[string]string{".github/workflows/readme-example.yml": example})
	return dir
}

// TestOwnWorkflowsLintClean: this repository's workflows, its composite action (action.yml, run
// by the jobs that call it with uses: ./) and the README's example workflow are linted as
// workflows with the default configuration and raise nothing; actionlint reports nothing on them
// either.
func TestOwnWorkflowsLintClean(t *testing.T) {
	dir := ownWorkflowsProject(t)
	cmd := exec.Command(binary(t), "--format", "json", "--verbose", ".")
	cmd.Dir = dir
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		t.Errorf("buildspec-lint: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	var findings []map[string]any
	if err := json.Unmarshal([]byte(stdout.String()), &findings); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, stdout.String())
	}
	for _, f := range findings {
		t.Errorf("finding: %v:%v:%v: %v [%v]", f["file"], f["line"], f["column"], f["message"], f["rule"])
	}
	// Every file was linted as what it is: a finding-free run that linted nothing proves nothing.
	wfs, _ := filepath.Glob(filepath.Join(dir, ".github", "workflows", "*.yml"))
	if len(wfs) < 2 {
		t.Fatalf("workflows copied: %v", wfs)
	}
	for _, p := range wfs {
		rel, _ := filepath.Rel(dir, p)
		want := "buildspec-lint: " + filepath.ToSlash(rel) + ": linted as a GitHub Actions workflow"
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
		}
	}
	if !strings.Contains(stderr.String(), "buildspec-lint: action.yml: linted as a GitHub Actions composite action") {
		t.Errorf("action.yml was not linted as a composite action:\n%s", stderr.String())
	}
	for _, e := range runActionlint(t, dir) {
		t.Errorf("actionlint: %s:%d:%d: %s [%s]", filepath.Base(e.Filepath), e.Line, e.Column, e.Message, e.Kind)
	}
}

// TestOwnWorkflowsLintControl is the control of the test above: the same project with one
// redundant install added to the README's example, in a container job on a built-in image, is
// reported, so the clean run above is a real check of the workflows.
func TestOwnWorkflowsLintControl(t *testing.T) {
	dir := ownWorkflowsProject(t)
	bad := `name: control
on: push
permissions:
  contents: read
jobs:
  control:
    runs-on: ubuntu-latest
    container: aws/codebuild/standard:7.0
    steps:
      - run: apt-get install -y jq
`
	if err := os.WriteFile(filepath.Join(dir, ".github", "workflows", "control.yml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary(t), "--no-snippet", ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), ".github/workflows/control.yml:10:33: warning: jq is already in container image aws/codebuild/standard:7.0") {
		t.Errorf("the control workflow's redundant install was not reported (err %v):\n%s", err, out)
	}
}
