package testtool

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records a skip or a failure instead of stopping the test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Skip(args ...any)          { r.skipped = fmt.Sprint(args...) }
func (r *recorder) Skipf(f string, a ...any)  { r.skipped = fmt.Sprintf(f, a...) }
func (r *recorder) Fatal(args ...any)         { r.failed = fmt.Sprint(args...) }
func (r *recorder) Fatalf(f string, a ...any) { r.failed = fmt.Sprintf(f, a...) }

// fakeRepo makes dir/repo with a go.mod, works in its subdirectory pkg (as go test does) and
// returns dir.
func fakeRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	pkg := filepath.Join(dir, "repo", "pkg")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "repo", "go.mod"), []byte("module example.com/repo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(pkg)
	return dir
}

func writeExecutable(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestNeedMissing(t *testing.T) {
	fakeRepo(t)
	t.Setenv("PATH", t.TempDir())
	for _, tc := range []struct {
		name, require, ci string
		fails             bool
	}{
		{"local", "", "", false},
		{"CI=true alone skips", "", "true", false},
		{"required", "1", "true", true},
		{"required without CI", "1", "", true},
		{"required=0", "0", "true", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(RequireEnv, tc.require)
			t.Setenv("CI", tc.ci)
			r := &recorder{}
			if p := Need(r, "sarif-multitool"); p != "" {
				t.Fatalf("Need found %q in an empty PATH", p)
			}
			got := r.skipped
			if tc.fails {
				got = r.failed
				if r.skipped != "" {
					t.Errorf("skipped (%q), want a failure", r.skipped)
				}
			} else if r.failed != "" {
				t.Errorf("failed (%q), want a skip", r.failed)
			}
			if !strings.HasPrefix(got, "sarif-multitool not found: run scripts/install-test-tools.sh") {
				t.Errorf("message %q does not name the program and the install command", got)
			}
		})
	}
}

func TestNeedFindsLocalToolsFirst(t *testing.T) {
	dir := fakeRepo(t)
	onPath := filepath.Join(t.TempDir(), "reviewdog")
	writeExecutable(t, onPath)
	t.Setenv("PATH", filepath.Dir(onPath))
	if p := Need(t, "reviewdog"); p != onPath {
		t.Errorf("Need(reviewdog) = %q, want %q from PATH", p, onPath)
	}
	for _, local := range []string{"repo/.tools/npm/node_modules/.bin/reviewdog", "repo/.tools/bin/reviewdog"} {
		want := filepath.Join(dir, filepath.FromSlash(local))
		writeExecutable(t, want)
		if p := Need(t, "reviewdog"); p != want {
			t.Errorf("Need(reviewdog) = %q, want the local %q", p, want)
		}
	}
}

func TestCorpus(t *testing.T) {
	dir := fakeRepo(t)
	shared := filepath.Join(dir, "shared", "corpus")

	t.Run("absent and unset skips", func(t *testing.T) {
		t.Setenv(CorpusEnv, "")
		r := &recorder{}
		if got := Corpus(r); got != "" || r.failed != "" || !strings.Contains(r.skipped, shared) {
			t.Errorf("Corpus = %q, failed %q, skipped %q; want a skip naming %s", got, r.failed, r.skipped, shared)
		}
	})
	t.Run("absent and set fails", func(t *testing.T) {
		t.Setenv(CorpusEnv, "../shared/corpus")
		r := &recorder{}
		if got := Corpus(r); got != "" || r.skipped != "" || !strings.Contains(r.failed, shared) {
			t.Errorf("Corpus = %q, failed %q, skipped %q; want a failure naming %s", got, r.failed, r.skipped, shared)
		}
	})

	if err := os.MkdirAll(filepath.Join(shared, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shared, "real", "labels.yaml"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, env := range map[string]string{"default": "", "relative to the root": "../shared/corpus", "absolute": shared} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(CorpusEnv, env)
			r := &recorder{}
			if got := Corpus(r); got != shared || r.failed != "" || r.skipped != "" {
				t.Errorf("Corpus = %q, failed %q, skipped %q; want %s", got, r.failed, r.skipped, shared)
			}
		})
	}
	t.Run("set elsewhere fails though the default exists", func(t *testing.T) {
		t.Setenv(CorpusEnv, filepath.Join(dir, "elsewhere"))
		r := &recorder{}
		if got := Corpus(r); got != "" || r.failed == "" {
			t.Errorf("Corpus = %q, failed %q; want a failure", got, r.failed)
		}
	})
}
