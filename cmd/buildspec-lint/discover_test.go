package main

import (
	"os"
	"path/filepath"
	"testing"
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
// files a search found, and named files only with --skip-other-formats; .github is not entered.
func TestCollectMarksDiscovered(t *testing.T) {
	root := t.TempDir()
	for _, rel := range []string{".git/HEAD", "a/buildspec.yml", ".github/workflows/buildspec-lint.yml", "x/.github/buildspec.yml", "named.yml"} {
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
		for _, in := range c.inputs {
			rel, _ := filepath.Rel(root, in.Path)
			got[filepath.ToSlash(rel)] = in.Discovered
		}
		want := map[string]bool{"a/buildspec.yml": true, "named.yml": skipOther}
		if len(got) != len(want) || got["a/buildspec.yml"] != true || got["named.yml"] != skipOther {
			t.Errorf("skip-other-formats=%v: inputs (path: discovered) %v, want %v", skipOther, got, want)
		}
		if len(c.notSearched) != 2 || len(c.errs) != 0 {
			t.Errorf("not searched %v, errors %v: want the two .github directories and no error", c.notSearched, c.errs)
		}
	}
}
