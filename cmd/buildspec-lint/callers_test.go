package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
)

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const testComposite = "name: x\ndescription: x\nruns:\n  using: composite\n  steps:\n    - run: make\n      shell: bash\n"

// TestFindCallers: a composite action gets the environments of the jobs of its repository's
// workflows that call it with uses: ./DIR (its directory relative to the root, with or without
// a final slash; ./ for an action at the root), and no other job's.
func TestFindCallers(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		".git/HEAD":                        "",
		"action.yml":                       testComposite,
		".github/actions/setup/action.yml": testComposite,
		".github/actions/other/action.yml": testComposite,
		".github/workflows/ci.yml": `on: push
jobs:
  linux:
    runs-on: ubuntu-24.04
    steps:
      - uses: ./.github/actions/setup
  matrix:
    strategy:
      matrix:
        os: [ubuntu-22.04, windows-2022]
    runs-on: ${{ matrix.os }}
    steps:
      - uses: ./.github/actions/setup/
      - uses: ./
  unrelated:
    runs-on: macos-14
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/setup-extra
`,
		".github/workflows/broken.yml": "on: push\njobs: [\n",
		".github/workflows/notes.txt":  "uses: ./.github/actions/other\n",
	})
	t.Chdir(root)
	cfgs := &configs{cwd: root}
	col := collect([]string{"."}, cfgs, nil, false)
	got := findCallers(col, col.inputs, cfgs)
	describe := func(path string) string {
		var out []string
		for _, e := range got[filepath.Clean(path)] {
			out = append(out, e.Job+"@"+e.Path+":"+strings.Join(e.Labels, ","))
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	if d := describe(".github/actions/setup/action.yml"); d != "linux@.github/workflows/ci.yml:ubuntu-24.04 matrix@.github/workflows/ci.yml:ubuntu-22.04 matrix@.github/workflows/ci.yml:windows-2022" {
		t.Errorf("callers of setup: %s", d)
	}
	if d := describe("action.yml"); d != "matrix@.github/workflows/ci.yml:ubuntu-22.04 matrix@.github/workflows/ci.yml:windows-2022" {
		t.Errorf("callers of the root action: %s", d)
	}
	if d := describe(".github/actions/other/action.yml"); d != "" {
		t.Errorf("callers of other: %s, want none", d)
	}
}

// TestFindCallersBounded: what is read of a repository's workflows is bounded (files, bytes), and
// so are the environments of one action.
func TestFindCallersBounded(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{".git/HEAD": "", ".github/actions/a/action.yml": testComposite}
	for i := range maxCallerWorkflows + 50 {
		files[fmt.Sprintf(".github/workflows/w%03d.yml", i)] = fmt.Sprintf("on: push\njobs:\n  j%d:\n    runs-on: runner-%d\n    steps:\n      - uses: ./.github/actions/a\n", i, i)
	}
	writeTree(t, root, files)
	if got := readWorkflows(root, &configs{cwd: root}); len(got) != maxCallerWorkflows {
		t.Errorf("read %d workflows, want at most %d", len(got), maxCallerWorkflows)
	}
	t.Chdir(root)
	cfgs := &configs{cwd: root}
	in := []lint.Input{{Path: ".github/actions/a/action.yml", Kind: lint.KindComposite}}
	got := findCallers(&collected{}, in, cfgs)[filepath.Clean(in[0].Path)]
	if len(got) != maxCallers {
		t.Errorf("%d callers, want the first %d", len(got), maxCallers)
	}
	if len(got) > 0 && got[0].Labels[0] != "runner-0" {
		t.Errorf("first caller %v, want the first workflow's job", got[0].Labels)
	}
	// Big workflows: the bytes read stop at maxCallerBytes.
	big := t.TempDir()
	pad := "# " + strings.Repeat("x", 1<<20) + "\n"
	files = map[string]string{}
	for i := range 40 {
		files[fmt.Sprintf(".github/workflows/w%02d.yml", i)] = pad + "on: push\njobs: {}\n"
	}
	writeTree(t, big, files)
	total := 0
	for _, f := range readWorkflows(big, &configs{cwd: big}) {
		total += len(f.Source.Data)
	}
	if total > maxCallerBytes {
		t.Errorf("read %d bytes of workflows, want at most %d", total, maxCallerBytes)
	}
}
