package ghactions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
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
	requireGit(t)
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
		{"pull_request", `{"pull_request":{"base":{"sha":"` + base + `"},"head":{"sha":"` + shaB + `"}}}`, 1},
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

// requireGit skips the test without git, or fails it when the full suite requires every program.
func requireGit(t *testing.T) {
	t.Helper()
	testtool.Need(t, "git")
}

// TestGitOptionInjection: a base commit from the event, or a --new-from-rev, that looks like an
// option never reaches git as one.
func TestGitOptionInjection(t *testing.T) {
	requireGit(t)
	dir := t.TempDir()
	t.Chdir(dir)
	gitT(t, "init", "-q", "-b", "main")
	os.WriteFile("buildspec.yml", []byte("a\n"), 0o644)
	gitT(t, "add", ".")
	gitT(t, "commit", "-q", "-m", "base")
	marker := filepath.Join(t.TempDir(), "ran")
	ev := filepath.Join(t.TempDir(), "event.json")
	fs := []*lint.Finding{at("buildspec.yml", 1)}
	for _, sha := range []string{"--upload-pack=touch " + marker, "-c core.fsmonitor=touch " + marker, strings.Repeat("A", 40), shaA + "\n"} {
		payload, _ := json.Marshal(map[string]any{"pull_request": map[string]any{"base": map[string]string{"sha": sha}, "head": map[string]string{"sha": shaB}}})
		os.WriteFile(ev, payload, 0o644)
		o := &Options{OnlyChanged: true, Getenv: env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": ev})}
		_, err := o.Output(io.Discard, io.Discard, "text", &format.Report{Findings: fs}, format.Options{}, lint.SeverityWarning)
		if err == nil || !strings.Contains(err.Error(), "pull_request.base.sha is") || !strings.Contains(err.Error(), "not a commit SHA") {
			t.Errorf("base sha %q: err = %v, want a payload error naming pull_request.base.sha", sha, err)
		}
	}
	for _, rev := range []string{"--output=" + marker, "--upload-pack=touch " + marker} {
		o := &Options{NewFromRev: rev, Getenv: env(nil)}
		if _, err := o.Output(io.Discard, io.Discard, "text", &format.Report{Findings: fs}, format.Options{}, lint.SeverityWarning); err == nil {
			t.Errorf("--new-from-rev %q: no error", rev)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("a revision was read as a git option")
	}
}

// TestBareRepositoryConfigNotObeyed: a bare repository committed into the tree, used as the
// working directory, has a configuration that runs commands (remote.origin.uploadpack on fetch,
// core.fsmonitor on diff) and gives itself a work tree (core.worktree = .), so that git finds
// it, rather than the checkout's .git, and obeys it. git must refuse it.
func TestBareRepositoryConfigNotObeyed(t *testing.T) {
	requireGit(t)
	dir := t.TempDir()
	t.Chdir(dir)
	gitT(t, "init", "-q", "-b", "main")
	marker := filepath.Join(t.TempDir(), "ran")
	gitT(t, "init", "-q", "--bare", "evil")
	cfg := "[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\tfsmonitor = touch " + marker + "\n" +
		"[remote \"origin\"]\n\turl = " + dir + "\n\tuploadpack = touch " + marker + ";\n"
	if err := os.WriteFile(filepath.Join("evil", "config"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	gitT(t, "add", ".")
	gitT(t, "commit", "-q", "-m", "a bare repository in the tree")
	t.Chdir(filepath.Join(dir, "evil"))
	ev := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(ev, []byte(`{"pull_request":{"base":{"sha":"`+shaA+`"},"head":{"sha":"`+shaB+`"}}}`), 0o644)
	for name, o := range map[string]*Options{
		"only-changed": {OnlyChanged: true, Getenv: env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": ev})},
		"new-from-rev": {NewFromRev: "HEAD", Getenv: env(nil)},
	} {
		_, err := o.Output(io.Discard, io.Discard, "text", &format.Report{Findings: []*lint.Finding{at("HEAD", 1)}}, format.Options{}, lint.SeverityWarning)
		if err == nil || !strings.Contains(err.Error(), "bare repository") {
			t.Errorf("%s: err = %v, want git's refusal of the bare repository", name, err)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("git obeyed the configuration of a bare repository found in the tree")
	}
}

// TestOnlyChangedMalformedEvent: a payload that cannot be read or is not an event is an error
// that says so, never "not a pull request".
func TestOnlyChangedMalformedEvent(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	for _, c := range []struct{ name, event, path, want string }{
		{"not JSON", "pull_request", write("a.json", `{"pull_request":`), "is not a valid event payload"},
		{"wrong type", "pull_request", write("b.json", `{"pull_request":"x"}`), "is not a valid event payload"},
		{"short sha", "pull_request", write("c.json", `{"pull_request":{"base":{"sha":"abc123"}}}`), `pull_request.base.sha is "abc123", not a commit SHA`},
		{"merge group sha", "merge_group", write("d.json", `{"merge_group":{"base_sha":"main"}}`), `merge_group.base_sha is "main"`},
		{"no pull request in a pull_request event", "pull_request", write("e.json", `{"action":"opened"}`), "payload (GITHUB_EVENT_PATH) has no base commit"},
		{"missing file", "pull_request", filepath.Join(dir, "missing.json"), "cannot read the workflow event"},
		{"a directory", "pull_request", dir, "cannot read the workflow event"},
	} {
		o := &Options{OnlyChanged: true, Getenv: env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": c.event, "GITHUB_EVENT_PATH": c.path})}
		var stderr bytes.Buffer
		_, err := o.Output(io.Discard, &stderr, "text", &format.Report{Findings: []*lint.Finding{at("b.yml", 1)}}, format.Options{}, lint.SeverityWarning)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "--only-changed: ") {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
		if strings.Contains(stderr.String(), "not a pull request") {
			t.Errorf("%s: treated as not a pull request", c.name)
		}
	}
	// Without --only-changed a bad payload costs only the head commit (check runs, links).
	o := &Options{Getenv: env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": filepath.Join(dir, "a.json")})}
	if _, err := o.Output(io.Discard, io.Discard, "text", &format.Report{}, format.Options{}, lint.SeverityWarning); err != nil {
		t.Errorf("without --only-changed: %v", err)
	}
}

// TestOnlyChangedFetchesTheBase: in a shallow clone the event's base commit is fetched from
// origin (the revision after --end-of-options, as git fetch reads it).
func TestOnlyChangedFetchesTheBase(t *testing.T) {
	requireGit(t)
	up := t.TempDir()
	t.Chdir(up)
	gitT(t, "init", "-q", "-b", "main")
	os.WriteFile("buildspec.yml", []byte("a\nb\n"), 0o644)
	gitT(t, "add", ".")
	gitT(t, "commit", "-q", "-m", "base")
	base := gitT(t, "rev-parse", "HEAD")
	os.WriteFile("buildspec.yml", []byte("a\nB\n"), 0o644)
	gitT(t, "commit", "-qam", "pr")
	down := filepath.Join(t.TempDir(), "down")
	gitT(t, "clone", "-q", "--depth=1", "file://"+up, down)
	t.Chdir(down)
	if _, err := git("", "rev-parse", "--verify", "--quiet", base+"^{commit}"); err == nil {
		t.Fatal("the shallow clone has the base already")
	}
	ev := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(ev, []byte(`{"pull_request":{"base":{"sha":"`+base+`"},"head":{"sha":"`+shaB+`"}}}`), 0o644)
	o := &Options{OnlyChanged: true, Getenv: env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": ev})}
	kept, err := o.Output(io.Discard, io.Discard, "text", &format.Report{Findings: []*lint.Finding{at("buildspec.yml", 1), at("buildspec.yml", 2)}}, format.Options{}, lint.SeverityWarning)
	if err != nil || len(kept) != 1 || kept[0].Range.Start.Line != 2 {
		t.Errorf("kept %v, %v; want line 2 only", kept, err)
	}
}

// TestDiffContentIsNotAHeader: an added line "++ b/other" reads "+++ b/other" in the diff; the
// hunk's counted lines are content, so the hunks after it still belong to their own file (they
// were given to b/other, which hid a pull request's own changes). A line longer than any buffer
// is skipped, and the headers after it are read.
func TestDiffContentIsNotAHeader(t *testing.T) {
	diff := "diff --git a/buildspec.yml b/buildspec.yml\n--- a/buildspec.yml\n+++ b/buildspec.yml\n" +
		"@@ -1,0 +2,3 @@ version: 0.2\n+x: \"a\n+++ b/elsewhere.txt\n+  b\"\n" +
		"@@ -0,0 +9 @@\n+  install:\n" +
		"@@ -5 +12 @@\n-old\n+      - sudo apt-get install -y jq\n" +
		"\\ No newline at end of file\n" +
		"diff --git a/big.txt b/big.txt\n--- /dev/null\n+++ b/big.txt\n@@ -0,0 +1,2 @@\n+" + strings.Repeat("a", 20<<20) + "\n+++ b/buildspec.yml\n" +
		"diff --git a/z.yml b/z.yml\n--- a/z.yml\n+++ b/z.yml\n@@ -3 +3 @@\n-a\n+b\n"
	files, err := parseDiff(strings.NewReader(diff))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]span{"buildspec.yml": {{2, 4}, {9, 9}, {12, 12}}, "big.txt": {{1, 2}}, "z.yml": {{3, 3}}}
	if len(files) != len(want) {
		t.Errorf("files %v, want %v", files, want)
	}
	for f, spans := range want {
		if got := files[f]; fmt.Sprint(got) != fmt.Sprint(spans) {
			t.Errorf("%s: spans %v, want %v", f, got, spans)
		}
	}
}

// TestNewFromRevSeesThroughFakeHeaders runs git: a buildspec whose added lines hold a diff
// header keeps its changed lines.
func TestNewFromRevSeesThroughFakeHeaders(t *testing.T) {
	requireGit(t)
	dir := t.TempDir()
	t.Chdir(dir)
	gitT(t, "init", "-q", "-b", "main")
	os.WriteFile("buildspec.yml", []byte("version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"), 0o644)
	gitT(t, "add", ".")
	gitT(t, "commit", "-q", "-m", "base")
	base := gitT(t, "rev-parse", "HEAD")
	os.WriteFile("buildspec.yml", []byte("version: 0.2\nenv:\n  variables:\n    X: \"a\n++ b/elsewhere.txt\n    b\"\nphases:\n  build:\n    commands:\n      - make\n      - sudo apt-get install -y jq\n"), 0o644)
	gitT(t, "commit", "-qam", "change")
	var stdout, stderr bytes.Buffer
	o := &Options{NewFromRev: base, Getenv: env(nil)}
	kept, err := o.Output(&stdout, &stderr, "text", &format.Report{Findings: []*lint.Finding{at("buildspec.yml", 11)}}, format.Options{}, lint.SeverityWarning)
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != 1 {
		t.Errorf("the finding on changed line 11 was left out:\n%s%s", stdout.String(), stderr.String())
	}
}
