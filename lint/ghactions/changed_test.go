package ghactions

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

func gitT(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func at(path string, line int) *lint.Finding {
	return &lint.Finding{Path: path, Rule: ruleW, Severity: lint.SeverityWarning, Message: "m",
		Range: lint.Range{Start: lint.Pos{Line: line, Col: 1}, End: lint.Pos{Line: line, Col: 4}}}
}

func TestNewFromRevKeepsChangedLines(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed")
		}
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	gitT(t, "init", "-q", "-b", "main")
	os.WriteFile("buildspec.yml", []byte("a\nb\nc\nd\n"), 0o644)
	os.WriteFile("old.yml", []byte("x\n"), 0o644)
	gitT(t, "add", ".")
	gitT(t, "commit", "-q", "-m", "base")
	base := gitT(t, "rev-parse", "HEAD")
	os.WriteFile("buildspec.yml", []byte("a\nB\nc\nd\ne\n"), 0o644) // lines 2 and 5 changed
	gitT(t, "commit", "-qam", "change")
	os.MkdirAll("sub", 0o755)
	os.WriteFile("sub/buildspec-new.yml", []byte("new\n"), 0o644) // untracked: all lines new
	fs := []*lint.Finding{at("buildspec.yml", 1), at("buildspec.yml", 2), at("buildspec.yml", 5), at("old.yml", 1), at("sub/buildspec-new.yml", 1),
		{Path: "buildspec.yml", Rule: ruleW, Severity: lint.SeverityWarning, Message: "span", // lines 3-5 overlap line 5
			Range: lint.Range{Start: lint.Pos{Line: 3, Col: 1}, End: lint.Pos{Line: 5, Col: 2}}}}
	var stdout, stderr bytes.Buffer
	o := &Options{NewFromRev: base, Getenv: env(nil)}
	kept, err := o.Output(&stdout, &stderr, "text", &format.Report{Findings: fs}, format.Options{}, lint.SeverityWarning)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range kept {
		got = append(got, f.Path+":"+f.Range.Start.String())
	}
	if strings.Join(got, " ") != "buildspec.yml:2:1 buildspec.yml:5:1 sub/buildspec-new.yml:1:1 buildspec.yml:3:1" {
		t.Errorf("kept %v", got)
	}
	if !strings.Contains(stderr.String(), "2 findings on unchanged lines not reported") {
		t.Errorf("stderr: %s", stderr.String())
	}
	// From a subdirectory, paths are relative to it.
	t.Chdir(filepath.Join(dir, "sub"))
	kept, _ = o.Output(&stdout, &stderr, "text", &format.Report{Findings: []*lint.Finding{at("buildspec-new.yml", 1), at("../old.yml", 1)}}, format.Options{}, lint.SeverityWarning)
	if len(kept) != 1 || kept[0].Path != "buildspec-new.yml" {
		t.Errorf("from sub/: kept %v", kept)
	}
	// A revision that does not exist is an error that says what to do.
	o.NewFromRev = "no-such-rev"
	if _, err := o.Output(&stdout, &stderr, "text", &format.Report{}, format.Options{}, lint.SeverityWarning); err == nil || !strings.Contains(err.Error(), "fetch it") {
		t.Errorf("bad revision: %v", err)
	}
}

func TestOnlyChangedReadsTheEvent(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	gitT(t, "init", "-q", "-b", "main")
	os.WriteFile("buildspec.yml", []byte("a\nb\n"), 0o644)
	gitT(t, "add", ".")
	gitT(t, "commit", "-q", "-m", "base")
	base := gitT(t, "rev-parse", "HEAD")
	os.WriteFile("buildspec.yml", []byte("a\nb\nc\n"), 0o644)
	gitT(t, "commit", "-qam", "pr")
	ev := filepath.Join(t.TempDir(), "event.json")
	fs := []*lint.Finding{at("buildspec.yml", 1), at("buildspec.yml", 3)}
	for _, c := range []struct {
		name, payload string
		want          int
	}{
		{"pull_request", `{"pull_request":{"base":{"sha":"` + base + `"},"head":{"sha":"x"}}}`, 1},
		{"push", `{"before":"` + base + `"}`, 2},
	} {
		os.WriteFile(ev, []byte(c.payload), 0o644)
		o := &Options{OnlyChanged: true, Getenv: env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": c.name, "GITHUB_EVENT_PATH": ev})}
		var stderr bytes.Buffer
		kept, err := o.Output(&bytes.Buffer{}, &stderr, "text", &format.Report{Findings: fs}, format.Options{}, lint.SeverityWarning)
		if err != nil || len(kept) != c.want {
			t.Errorf("%s: kept %d (%v), want %d; stderr %s", c.name, len(kept), err, c.want, stderr.String())
		}
	}
}
