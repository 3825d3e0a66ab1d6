package integration

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// actionlintProject copies action.yml and .github/workflows into a temporary project that
// actionlint recognises (a .git entry and .github/workflows), plus extra files, so local
// actions (`uses: ./`) resolve to this repository's action.yml whatever the checkout looks like.
func actionlintProject(t *testing.T, extra map[string]string) string {
	t.Helper()
	root := repoRoot(t)
	dir := t.TempDir()
	files := map[string]string{}
	wfs, _ := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.y*ml"))
	if len(wfs) == 0 {
		t.Fatal("no workflows in .github/workflows")
	}
	for _, p := range append(wfs, filepath.Join(root, "action.yml")) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = string(data)
	}
	for k, v := range extra {
		files[k] = v
	}
	writeFiles(t, dir, files)
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runActionlint(t *testing.T, dir string) []*actionlint.Error {
	t.Helper()
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{WorkingDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	proj, err := actionlint.NewProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintDir(filepath.Join(dir, ".github", "workflows"), proj)
	if err != nil {
		t.Fatal(err)
	}
	return errs
}

func TestActionlintCleanOnWorkflows(t *testing.T) {
	dir := actionlintProject(t, nil)
	for _, e := range runActionlint(t, dir) {
		t.Errorf("%s:%d:%d: %s [%s]", filepath.Base(e.Filepath), e.Line, e.Column, e.Message, e.Kind)
	}
	// The repository's workflows do use the action locally, so its inputs are checked.
	data, _ := os.ReadFile(filepath.Join(dir, ".github", "workflows", "ci.yml"))
	if !strings.Contains(string(data), "uses: ./\n") {
		t.Error("ci.yml does not run the action with `uses: ./`")
	}
}

// TestActionlintReadsActionYml is the control: the same set-up reports an input action.yml does
// not declare and an output it does not have, so the clean run above is a real check.
func TestActionlintReadsActionYml(t *testing.T) {
	dir := actionlintProject(t, map[string]string{".github/workflows/bad.yml": `on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: lint
        uses: ./
        with:
          path: examples
      - run: echo "$N"
        env:
          N: ${{ steps.lint.outputs.finding-count }}
`})
	var msgs []string
	for _, e := range runActionlint(t, dir) {
		msgs = append(msgs, e.Message)
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, `input "path" is not defined in action "buildspec-lint" defined at "./"`) {
		t.Errorf("actionlint did not check the inputs against action.yml:\n%s", all)
	}
	if !strings.Contains(all, "finding-count") {
		t.Errorf("actionlint did not check the outputs against action.yml:\n%s", all)
	}
}
