package fsutil

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestCheckSystemPath(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux's")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("real.yml", []byte("version: 0.2\n"), 0o644)
	os.Mkdir("sub", 0o755)
	links := map[string]string{
		"environ.yml":     "/proc/self/environ",
		"fd.yml":          "/proc/self/fd/0", // ends wherever fd 0 is, but passes through /proc
		"self":            "/proc/self",
		"dev.yml":         "/dev/stdin",
		"chain.yml":       "environ.yml",
		"sub/up.yml":      "../environ.yml",
		"sys.yml":         "/sys/kernel/mm/transparent_hugepage/enabled",
		"sub/dotdot.yml":  "../../../../../../../../../../proc/self/environ",
		"ok.yml":          "real.yml",
		"sub/ok-up.yml":   "../real.yml",
		"dangling.yml":    "missing.yml",
		"loop-a.yml":      "loop-b.yml",
		"loop-b.yml":      "loop-a.yml",
		"sub/through.yml": "../self/environ",
	}
	for name, target := range links {
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
	}
	for path, want := range map[string]string{
		"environ.yml": "/proc", "fd.yml": "/proc", "self/environ": "/proc", "dev.yml": "/dev", "chain.yml": "/proc",
		"sub/up.yml": "/proc", "sys.yml": "/sys", "sub/dotdot.yml": "/proc", "sub/through.yml": "/proc",
		"/proc/self/environ": "/proc", "/dev/null": "/dev", "/sys": "/sys", dir + "/environ.yml": "/proc",
		"real.yml": "", "ok.yml": "", "sub/ok-up.yml": "", "dangling.yml": "", "loop-a.yml": "", "missing.yml": "",
		"/proceedings.yml": "", "sub/../real.yml": "",
	} {
		err := CheckSystemPath(path)
		var se *SystemPathError
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v, want no error", path, err)
		case want != "" && (!errors.As(err, &se) || se.Dir != want):
			t.Errorf("%s: %v, want a path into %s", path, err, want)
		}
	}
	// A directory remembered as plain still has its links followed.
	for _, c := range []struct {
		path    string
		refused bool
	}{{"real.yml", false}, {"environ.yml", true}, {"sub/ok-up.yml", false}, {"sub/up.yml", true}, {"sub/ok-up.yml", false}} {
		if err := CheckSystemPath(c.path); (err != nil) != c.refused {
			t.Errorf("after caching, %s: %v, want refused=%v", c.path, err, c.refused)
		}
	}
	// Reading refuses it before opening it: the environment never comes back.
	os.Setenv("BUILDSPEC_LINT_TEST_SECRET", "s3cr3t")
	defer os.Unsetenv("BUILDSPEC_LINT_TEST_SECRET")
	data, err := ReadRegularFile(filepath.Join(dir, "environ.yml"), 1<<20)
	if err == nil || strings.Contains(string(data), "s3cr3t") || !strings.Contains(err.Error(), "leads into /proc (/proc/self/environ): system files are not read") {
		t.Errorf("ReadRegularFile(link to environ) = %q, %v", data, err)
	}
}
