package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNoteListing checks that the configuration found from a directory listing during discovery
// is the one lint.ConfigInDir finds by asking the system, in every case a listing can hold.
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
