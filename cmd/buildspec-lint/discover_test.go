package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
)

// TestNoteListing checks that the configuration found from a directory listing during discovery
// is the one config.InDir finds by asking the system, in every case a listing can hold.
func TestNoteListing(t *testing.T) {
	root := t.TempDir()
	mk := func(rel, content string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if content == "/" {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			return
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mk(".git", "/")
	mk(".buildspec-lint.yaml", "rules: {}\n")
	mk("a/.buildspec-lint.yml", "rules: {}\n")  // the second name
	mk("b/.buildspec-lint.yaml/x", "")          // a directory: not a configuration
	mk("b/c/d/.keep", "")                       // nothing: the root's
	mk("e/.git", "gitdir: ../.git/modules/e\n") // a submodule: stops the search
	mk("f/.buildspec-lint.yaml", "rules: {}\n") // both names: the first
	mk("f/.buildspec-lint.yml", "rules: {}\n")  //
	mk("g/.keep", "")                           // a link, below
	if err := os.Symlink("../.buildspec-lint.yaml", filepath.Join(root, "g", ".buildspec-lint.yaml")); err != nil {
		t.Fatal(err)
	}
	var dirs []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if d.IsDir() && d.Name() != ".git" {
			dirs = append(dirs, p)
		}
		return nil
	})
	listed := &configs{cwd: root}
	if err := walk(root, listed, func(string, os.DirEntry, error) error { return nil }); err != nil {
		t.Fatal(err)
	}
	asked := &configs{cwd: root, byDir: map[string]string{}}
	for _, d := range dirs {
		asked.mu.Lock()
		want := asked.find(d)
		asked.mu.Unlock()
		listed.mu.Lock()
		_, noted := listed.byDir[d]
		got := listed.find(d)
		listed.mu.Unlock()
		if got != want {
			t.Errorf("%s: configuration %q from the listing, %q from the system", d, got, want)
		}
		if !noted && filepath.Base(d) != "g" {
			t.Errorf("%s: not noted from its listing", d)
		}
	}
}

// TestCollectMarksDiscovered checks which inputs the linter may skip as another format: the
// files a search found, and named files only with --skip-other-formats; of .github, only the
// workflows are discovered, as workflows.
func TestCollectMarksDiscovered(t *testing.T) {
	root := t.TempDir()
	for _, rel := range []string{".git/HEAD", "a/buildspec.yml", ".github/workflows/buildspec-lint.yml", "x/.github/buildspec.yml", ".github/dependabot.yml", "named.yml"} {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("version: 0.2\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, skipOther := range []bool{false, true} {
		c := collect([]string{root, filepath.Join(root, "named.yml")}, &configs{cwd: root}, nil, skipOther)
		got := map[string]bool{}
		kinds := map[string]lint.Kind{}
		for _, in := range c.inputs {
			rel, _ := filepath.Rel(root, in.Path)
			got[filepath.ToSlash(rel)] = in.Discovered
			kinds[filepath.ToSlash(rel)] = in.Kind
		}
		want := map[string]bool{"a/buildspec.yml": true, ".github/workflows/buildspec-lint.yml": true, "named.yml": skipOther}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("skip-other-formats=%v: inputs (path: discovered) %v, want %v", skipOther, got, want)
		}
		if k := kinds[".github/workflows/buildspec-lint.yml"]; k != lint.KindWorkflow {
			t.Errorf("the workflow's kind is %v", k)
		}
		if len(c.notSearched) != 0 || len(c.errs) != 0 {
			t.Errorf("not searched %v, errors %v: want none", c.notSearched, c.errs)
		}
	}
}

// TestDiscoverWorkflows: workflows (.github/workflows/*.yml and *.yaml, not in subdirectories)
// and composite actions wherever discovery searches are inputs of their own kind; other actions'
// action.yml, the rest of .github and workflows: false leave them out; a directory with only
// workflows is no error.
func TestDiscoverWorkflows(t *testing.T) {
	root := t.TempDir()
	composite := "name: x\ndescription: x\nruns:\n  using: composite\n  steps:\n    - run: make\n      shell: bash\n"
	files := map[string]string{
		".git/HEAD":                              "",
		".github/workflows/ci.yml":               "on: push\njobs: {}\n",
		".github/workflows/release.yaml":         "on: push\njobs: {}\n",
		".github/workflows/sub/x.yml":            "on: push\njobs: {}\n",
		".github/workflows/README.md":            "x\n",
		".github/actions/setup/action.yml":       composite,
		".github/actions/node/action.yaml":       "name: n\nruns:\n  using: node20\n  main: index.js\n",
		".github/ISSUE_TEMPLATE/bug.yml":         "name: bug\nbody: []\n",
		"action.yml":                             composite,
		"tools/lint/action.yaml":                 composite,
		"tools/js/action.yml":                    "runs:\n  using: node20\n  main: x.js\n",
		"only-workflows/.github/workflows/a.yml": "on: push\njobs: {}\n",
	}
	for rel, content := range files {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	kinds := func(c *collected) map[string]lint.Kind {
		out := map[string]lint.Kind{}
		for _, in := range c.inputs {
			rel, _ := filepath.Rel(root, in.Path)
			out[filepath.ToSlash(rel)] = in.Kind
		}
		return out
	}
	// A link to an action outside the tree is not read; one inside is.
	outsideDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(outsideDir, "action.yml"), []byte(composite), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"linked-out/action.yml": filepath.Join(outsideDir, "action.yml"), "linked-in/action.yml": filepath.Join(root, "action.yml")} {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(link)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	c := collect([]string{root}, &configs{cwd: root}, nil, false)
	want := map[string]lint.Kind{
		"linked-in/action.yml":                   lint.KindComposite,
		".github/workflows/ci.yml":               lint.KindWorkflow,
		".github/workflows/release.yaml":         lint.KindWorkflow,
		".github/actions/setup/action.yml":       lint.KindComposite,
		"action.yml":                             lint.KindComposite,
		"tools/lint/action.yaml":                 lint.KindComposite,
		"only-workflows/.github/workflows/a.yml": lint.KindWorkflow,
	}
	if got := kinds(c); !reflect.DeepEqual(got, want) {
		t.Errorf("inputs %v, want %v", got, want)
	}
	if len(c.errs) != 0 || len(c.composites) != 4 {
		t.Errorf("errors %v, composites %v: want no error and 4 composite actions", c.errs, c.composites)
	}
	c = collect([]string{filepath.Join(root, "only-workflows")}, &configs{cwd: root}, nil, false)
	if len(c.errs) != 0 || len(c.inputs) != 1 {
		t.Errorf("a directory with only a workflow: inputs %v, errors %v", c.inputs, c.errs)
	}
	// workflows: false: none of them, and .github is noted as not searched.
	if err := os.WriteFile(filepath.Join(root, ".buildspec-lint.yaml"), []byte("workflows: false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root) // configurations are loaded by their path as shown, relative to the working directory
	cfgs := &configs{cwd: root}
	c = collect([]string{root}, cfgs, nil, false)
	if len(cfgs.errs) > 0 {
		t.Fatal(cfgs.errs)
	}
	if got := kinds(c); len(got) != 0 {
		t.Errorf("workflows: false: inputs %v, want none", got)
	}
	if len(c.notSearched) == 0 {
		t.Error("workflows: false: .github not noted as not searched")
	}
}

// TestWalkOrder: the walk, which reads listings ahead on other goroutines, calls its function
// with the same paths, entries and errors, in the same order, as filepath.WalkDir, and skips as
// it does (skipped directories, SkipDir from a directory and from a file, SkipAll).
func TestWalkOrder(t *testing.T) {
	root := t.TempDir()
	var paths []string
	for i := range 3 * listAhead {
		paths = append(paths, fmt.Sprintf("d%02d/e%d/buildspec.yml", i, i%3), fmt.Sprintf("d%02d/f.yml", i))
	}
	paths = append(paths, "node_modules/x/buildspec.yml", "skip/a/buildspec.yml", "stop/a.yml", "stop/b.yml", "z.yml")
	for _, rel := range paths {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("d00", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		skip func(rel string, d fs.DirEntry) error
	}{
		{"all", func(string, fs.DirEntry) error { return nil }},
		{"skip a directory and the rest of one", func(rel string, d fs.DirEntry) error {
			switch rel {
			case "skip":
				return filepath.SkipDir
			case "stop/a.yml":
				return filepath.SkipDir
			}
			return nil
		}},
		{"stop the walk", func(rel string, d fs.DirEntry) error {
			if rel == filepath.Join("d05", "e2") {
				return filepath.SkipAll
			}
			return nil
		}},
	} {
		record := func(out *[]string) fs.WalkDirFunc {
			return func(p string, d fs.DirEntry, err error) error {
				rel, _ := filepath.Rel(root, p)
				*out = append(*out, fmt.Sprintf("%s dir=%v err=%v", rel, d != nil && d.IsDir(), err))
				if d != nil && d.IsDir() && skipDirs[d.Name()] {
					return filepath.SkipDir
				}
				return c.skip(rel, d)
			}
		}
		var got, want []string
		if err := walk(root, &configs{cwd: root}, record(&got)); err != nil {
			t.Fatal(err)
		}
		if err := filepath.WalkDir(root, record(&want)); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: the walk made the calls\n%s\nfilepath.WalkDir\n%s", c.name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(got) < 10 {
			t.Errorf("%s: only %d calls", c.name, len(got))
		}
	}
}

// BenchmarkWalk is discovery's walk over a tree of 2,000 directories.
func BenchmarkWalk(b *testing.B) {
	root := b.TempDir()
	for i := range 1000 {
		p := filepath.Join(root, fmt.Sprintf("team%d", i%20), fmt.Sprintf("svc-%04d", i), "deploy")
		if err := os.MkdirAll(p, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "buildspec.yml"), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		walk(root, &configs{cwd: root}, func(string, fs.DirEntry, error) error { n++; return nil })
		if n != 3021 {
			b.Fatalf("%d entries walked, want 3,021", n)
		}
	}
}
