package ghactions

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// gitT runs git in the working directory (testtool.Git).
func gitT(t *testing.T, args ...string) string { return testtool.Git(t, args...) }

func at(path string, line int) *finding.Finding {
	return &finding.Finding{Path: path, Rule: ruleW, Severity: finding.SeverityWarning, Message: "m",
		Range: source.Range{Start: source.Pos{Line: line, Col: 1}, End: source.Pos{Line: line, Col: 4}}}
}

func TestOnlyChangedReadsTheEvent(t *testing.T) {
	requireGit(t)
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
	fs := []*finding.Finding{at("buildspec.yml", 1), at("buildspec.yml", 3)}
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
		kept, err := o.Output(&bytes.Buffer{}, &stderr, "text", &format.Report{Findings: fs}, format.Options{}, finding.SeverityWarning)
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

// TestGitOptionInjection: a base commit from the event that looks like an option never reaches
// git as one: the event is refused before (diffrev tests the revisions that reach git).
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
	fs := []*finding.Finding{at("buildspec.yml", 1)}
	for _, sha := range []string{"--upload-pack=touch " + marker, "-c core.fsmonitor=touch " + marker, strings.Repeat("A", 40), shaA + "\n"} {
		payload, _ := json.Marshal(map[string]any{"pull_request": map[string]any{"base": map[string]string{"sha": sha}, "head": map[string]string{"sha": shaB}}})
		os.WriteFile(ev, payload, 0o644)
		o := &Options{OnlyChanged: true, Getenv: env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": ev})}
		_, err := o.Output(io.Discard, io.Discard, "text", &format.Report{Findings: fs}, format.Options{}, finding.SeverityWarning)
		if err == nil || !strings.Contains(err.Error(), "pull_request.base.sha is") || !strings.Contains(err.Error(), "not a commit SHA") {
			t.Errorf("base sha %q: err = %v, want a payload error naming pull_request.base.sha", sha, err)
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
	marker := testtool.BareRepositoryTrap(t)
	ev := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(ev, []byte(`{"pull_request":{"base":{"sha":"`+shaA+`"},"head":{"sha":"`+shaB+`"}}}`), 0o644)
	o := &Options{OnlyChanged: true, Getenv: env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": ev})}
	_, err := o.Output(io.Discard, io.Discard, "text", &format.Report{Findings: []*finding.Finding{at("HEAD", 1)}}, format.Options{}, finding.SeverityWarning)
	if err == nil || !strings.Contains(err.Error(), "bare repository") {
		t.Errorf("err = %v, want git's refusal of the bare repository", err)
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
		_, err := o.Output(io.Discard, &stderr, "text", &format.Report{Findings: []*finding.Finding{at("b.yml", 1)}}, format.Options{}, finding.SeverityWarning)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "--only-changed: ") {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
		if strings.Contains(stderr.String(), "not a pull request") {
			t.Errorf("%s: treated as not a pull request", c.name)
		}
	}
	// Without --only-changed a bad payload costs only the head commit (check runs, links).
	o := &Options{Getenv: env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": filepath.Join(dir, "a.json")})}
	if _, err := o.Output(io.Discard, io.Discard, "text", &format.Report{}, format.Options{}, finding.SeverityWarning); err != nil {
		t.Errorf("without --only-changed: %v", err)
	}
}
