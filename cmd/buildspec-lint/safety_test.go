package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snapshot lists every file under dir with its size and modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if info, err := d.Info(); err == nil {
			out[p] = fmt.Sprint(info.ModTime(), info.Mode(), info.Size())
		}
		return nil
	})
	return out
}

// TestNothingRunsNothingWritten (issue 7): linting files that try hard to run something (commands,
// substitutions, sh -c strings, a Dockerfile's RUN, an image directive) runs nothing, and the
// linter writes nowhere but stdout, stderr and the file named by --sarif-file.
func TestNothingRunsNothingWritten(t *testing.T) {
	dir := t.TempDir()
	mark := filepath.Join(dir, "ran")
	files := map[string]string{
		".git/HEAD":             "ref: refs/heads/main\n",
		".buildspec-lint.yaml":  "images:\n  ci: {dockerfile: Dockerfile}\nimage: ci\n",
		"Dockerfile":            "FROM ubuntu:22.04\nRUN touch " + mark + " && apt-get install -y jq\n",
		"svc/buildspec.yml":     "version: 0.2\nphases:\n  build:\n    commands:\n      - touch " + mark + "\n      - echo $(touch " + mark + ") `touch " + mark + "`\n      - sh -c 'touch " + mark + "'\n",
		"svc/buildspec-img.yml": "# buildspec-lint image=ci\nversion: 0.2\nphases:\n  build:\n    commands: [\"touch " + mark + "\"]\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	sarif := filepath.Join(out, "report.sarif")
	before := snapshot(t, dir)
	wd, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(wd)
	var stdout, stderr bytes.Buffer
	code := run([]string{"--fail-level", "none", "--sarif-file", sarif, "."}, strings.NewReader(""), &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(mark); err == nil {
		t.Fatal("linting ran a command from the files it read")
	}
	after := snapshot(t, dir)
	if len(after) != len(before) {
		t.Errorf("files under the linted tree changed: %d before, %d after", len(before), len(after))
	}
	for p, s := range before {
		if after[p] != s {
			t.Errorf("%s changed", p)
		}
	}
	written := snapshot(t, out)
	delete(written, out)
	if len(written) != 1 || written[sarif] == "" {
		t.Errorf("want only %s written, got %v", sarif, written)
	}
	if stdout.Len() == 0 {
		t.Error("no output on stdout")
	}
}
