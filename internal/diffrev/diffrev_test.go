package diffrev

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

var ruleW = &finding.Rule{ID: "BSL101", Name: "redundant-install", Severity: finding.SeverityWarning}

// shaA is a commit SHA that no test repository holds.
const shaA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

// requireGit skips the test without git, or fails it when the full suite requires every program.
func requireGit(t *testing.T) {
	t.Helper()
	testtool.Need(t, "git")
}

// gitT runs git in the working directory (testtool.Git).
func gitT(t *testing.T, args ...string) string { return testtool.Git(t, args...) }

func at(path string, line int) *finding.Finding {
	return &finding.Finding{Path: path, Rule: ruleW, Severity: finding.SeverityWarning, Message: "m",
		Range: source.Range{Start: source.Pos{Line: line, Col: 1}, End: source.Pos{Line: line, Col: 4}}}
}

func TestFilterKeepsChangedLines(t *testing.T) {
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
	fs := []*finding.Finding{at("buildspec.yml", 1), at("buildspec.yml", 2), at("buildspec.yml", 5), at("old.yml", 1), at("sub/buildspec-new.yml", 1),
		{Path: "buildspec.yml", Rule: ruleW, Severity: finding.SeverityWarning, Message: "span", // lines 3-5 overlap line 5
			Range: source.Range{Start: source.Pos{Line: 3, Col: 1}, End: source.Pos{Line: 5, Col: 2}}}}
	var log bytes.Buffer
	kept, err := Filter(fs, base, false, &log)
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
	if want := "buildspec-lint: 2 findings on unchanged lines not reported (changes since " + base[:12] + ")\n"; log.String() != want {
		t.Errorf("log %q, want %q", log.String(), want)
	}
	// From a subdirectory, paths are relative to it.
	t.Chdir(filepath.Join(dir, "sub"))
	kept, _ = Filter([]*finding.Finding{at("buildspec-new.yml", 1), at("../old.yml", 1)}, base, false, io.Discard)
	if len(kept) != 1 || kept[0].Path != "buildspec-new.yml" {
		t.Errorf("from sub/: kept %v", kept)
	}
	// A revision that does not exist is an error that says what to do.
	if _, err := Filter(nil, "no-such-rev", false, io.Discard); err == nil || !strings.Contains(err.Error(), "fetch it") {
		t.Errorf("bad revision: %v", err)
	}
}

// TestFilterOutsideARepository: no repository is an error that says so.
func TestFilterOutsideARepository(t *testing.T) {
	requireGit(t)
	t.Chdir(t.TempDir())
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(mustGetwd(t)))
	if _, err := Filter([]*finding.Finding{at("buildspec.yml", 1)}, "HEAD", false, io.Discard); err == nil || !strings.Contains(err.Error(), "changed lines need a git repository") {
		t.Errorf("err = %v, want the need of a repository", err)
	}
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// TestGitOptionInjection: a revision that looks like an option never reaches git as one, and a
// revision to fetch must be a commit SHA.
func TestGitOptionInjection(t *testing.T) {
	requireGit(t)
	dir := t.TempDir()
	t.Chdir(dir)
	gitT(t, "init", "-q", "-b", "main")
	os.WriteFile("buildspec.yml", []byte("a\n"), 0o644)
	gitT(t, "add", ".")
	gitT(t, "commit", "-q", "-m", "base")
	marker := filepath.Join(t.TempDir(), "ran")
	fs := []*finding.Finding{at("buildspec.yml", 1)}
	for _, rev := range []string{"--output=" + marker, "--upload-pack=touch " + marker} {
		if _, err := Filter(fs, rev, false, io.Discard); err == nil {
			t.Errorf("rev %q: no error", rev)
		}
		if _, err := Filter(fs, rev, true, io.Discard); err == nil || !strings.Contains(err.Error(), "not a commit SHA") {
			t.Errorf("rev %q to fetch: err = %v, want not a commit SHA", rev, err)
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
	for _, c := range []struct {
		rev   string
		fetch bool
	}{{"HEAD", false}, {shaA, true}} {
		_, err := Filter([]*finding.Finding{at("HEAD", 1)}, c.rev, c.fetch, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "bare repository") {
			t.Errorf("rev %s (fetch %v): err = %v, want git's refusal of the bare repository", c.rev, c.fetch, err)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("git obeyed the configuration of a bare repository found in the tree")
	}
}

// TestFetchesAMissingBase: in a shallow clone a base commit to fetch is fetched from origin (the
// revision after --end-of-options, as git fetch reads it).
func TestFetchesAMissingBase(t *testing.T) {
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
	fs := []*finding.Finding{at("buildspec.yml", 1), at("buildspec.yml", 2)}
	if _, err := Filter(fs, base, false, io.Discard); err == nil || !strings.Contains(err.Error(), "is not in this clone") {
		t.Errorf("without fetch: err = %v, want the commit missing from the clone", err)
	}
	kept, err := Filter(fs, base, true, io.Discard)
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

// TestFilterSeesThroughFakeHeaders runs git: a buildspec whose added lines hold a diff header
// keeps its changed lines.
func TestFilterSeesThroughFakeHeaders(t *testing.T) {
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
	kept, err := Filter([]*finding.Finding{at("buildspec.yml", 11)}, base, false, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != 1 {
		t.Errorf("the finding on changed line 11 was left out")
	}
}

func TestHunkSpan(t *testing.T) {
	for h, want := range map[string]span{
		"@@ -1,0 +2,3 @@": {2, 4}, "@@ -5 +7 @@ phases:": {7, 7}, "@@ -3,2 +2,0 @@": {}, "@@ garbage": {},
	} {
		if got, _ := hunkSpan(h); got != want {
			t.Errorf("hunkSpan(%q) = %v, want %v", h, got, want)
		}
	}
	if got := diffPath(`"b/dir/with\ttab.yml"`); got != "dir/with\ttab.yml" {
		t.Errorf("quoted path: %q", got)
	}
	if got := diffPath("/dev/null"); got != "" {
		t.Errorf("deleted file: %q", got)
	}
}

func TestIsSHA(t *testing.T) {
	for s, want := range map[string]bool{
		shaA: true, strings.Repeat("0", 64): true, strings.Repeat("A", 40): false, shaA[:39]: false,
		shaA + "\n": false, strings.Repeat("a", 50): false, "--upload-pack=x": false, "": false,
	} {
		if IsSHA(s) != want {
			t.Errorf("IsSHA(%q) = %v, want %v", s, !want, want)
		}
	}
}
