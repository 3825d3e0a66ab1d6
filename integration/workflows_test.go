package integration

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The repository's workflows follow zizmor's audits, applied here by hand: no credentials left
// in a checkout (artipacked), actions pinned to a commit (unpinned-uses), permissions per job
// (excessive-permissions), no cache in the release workflow (cache-poisoning), no expression
// pasted into a script (template-injection) and no trigger that runs a fork's code with secrets
// (dangerous-triggers).

var (
	pinnedUsesRE   = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$`)
	versionNoteRE  = regexp.MustCompile(`^# v[0-9]+(\.[0-9]+)*$`)
	permissionKeys = []string{"actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token",
		"issues", "models", "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses"}
)

// mapGet returns the value of key in a mapping node, or nil.
func mapGet(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// hardeningProblems lists where the workflow data (named name) breaks one of the rules above.
// release says whether it is a release workflow, which must not use a cache.
func hardeningProblems(name string, data []byte, release bool) []string {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) != 1 {
		return []string{fmt.Sprintf("%s: not YAML: %v", name, err)}
	}
	root := doc.Content[0]
	var out []string
	bad := func(n *yaml.Node, format string, args ...any) {
		out = append(out, fmt.Sprintf("%s:%d: %s", name, n.Line, fmt.Sprintf(format, args...)))
	}

	on := mapGet(root, "on")
	for _, trig := range []string{"pull_request_target", "workflow_run"} {
		if on != nil && (on.Value == trig || mapGet(on, trig) != nil || slices.ContainsFunc(on.Content, func(n *yaml.Node) bool { return n.Value == trig })) {
			bad(on, "trigger %s runs with secrets on code a pull request controls", trig)
		}
	}
	if p := mapGet(root, "permissions"); p != nil && !(p.Kind == yaml.MappingNode && len(p.Content) == 0) {
		bad(p, "workflow-level permissions: use permissions: {} and give each job its own")
	}

	jobs := mapGet(root, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return append(out, name+": no jobs")
	}
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		jobName, job := jobs.Content[i].Value, jobs.Content[i+1]
		perms := mapGet(job, "permissions")
		switch {
		case perms == nil:
			bad(jobs.Content[i], "job %s has no permissions: of its own", jobName)
		case perms.Kind != yaml.MappingNode:
			bad(perms, "job %s: permissions %q: list each scope it needs", jobName, perms.Value)
		default:
			for j := 0; j+1 < len(perms.Content); j += 2 {
				k, v := perms.Content[j].Value, perms.Content[j+1].Value
				if !slices.Contains(permissionKeys, k) || (v != "read" && v != "write" && v != "none") {
					bad(perms.Content[j], "job %s: permission %s: %s", jobName, k, v)
				}
			}
		}
		if uses := mapGet(job, "uses"); uses != nil {
			checkUses(uses, bad)
		}
		steps := mapGet(job, "steps")
		if steps == nil {
			continue
		}
		for _, st := range steps.Content {
			if run := mapGet(st, "run"); run != nil && strings.Contains(run.Value, "${{") {
				bad(run, "job %s: an expression inside run: is pasted into the script; pass it through env:", jobName)
			}
			uses := mapGet(st, "uses")
			if uses == nil {
				continue
			}
			checkUses(uses, bad)
			action, _, _ := strings.Cut(uses.Value, "@")
			with := mapGet(st, "with")
			if action == "actions/checkout" {
				if pc := mapGet(with, "persist-credentials"); pc == nil || pc.Value != "false" {
					bad(uses, "job %s: actions/checkout without persist-credentials: false leaves the token in .git/config", jobName)
				}
			}
			if !release {
				continue
			}
			if action == "actions/cache" || strings.HasPrefix(action, "actions/cache/") {
				bad(uses, "job %s: a release must not restore a cache", jobName)
			}
			cache := mapGet(with, "cache")
			switch {
			case action == "actions/setup-go" && (cache == nil || cache.Value != "false"):
				// setup-go caches the module and build caches unless told not to.
				bad(uses, "job %s: actions/setup-go caches by default: set cache: false in a release", jobName)
			case cache != nil && cache.Value != "false" && cache.Value != "":
				bad(cache, "job %s: %s with cache: %s in a release", jobName, action, cache.Value)
			}
		}
	}
	return out
}

// checkUses: a local action (./) runs this repository's code; any other is pinned to a full
// commit SHA, with the version it is in a comment (# v4.4.0) for people and for updates.
func checkUses(uses *yaml.Node, bad func(*yaml.Node, string, ...any)) {
	if strings.HasPrefix(uses.Value, "./") {
		return
	}
	if !pinnedUsesRE.MatchString(uses.Value) {
		bad(uses, "%s is not pinned to a full commit SHA", uses.Value)
	} else if !versionNoteRE.MatchString(uses.LineComment) {
		bad(uses, "%s: no # vX.Y.Z comment naming the version of the commit", uses.Value)
	}
}

func TestWorkflowsAreHardened(t *testing.T) {
	root := repoRoot(t)
	wfs, _ := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.y*ml"))
	if len(wfs) < 3 {
		t.Fatalf("workflows: %v", wfs)
	}
	sawRelease := false
	for _, p := range wfs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		release := strings.HasPrefix(filepath.Base(p), "release")
		sawRelease = sawRelease || release
		for _, problem := range hardeningProblems(filepath.Base(p), data, release) {
			t.Error(problem)
		}
	}
	if !sawRelease {
		t.Error("no release workflow")
	}
}

// TestHardeningCheckFindsEachProblem is the control: a workflow breaking every rule once (the
// all-a and all-b SHAs are placeholders, not commits).
func TestHardeningCheckFindsEachProblem(t *testing.T) {
	bad := `on: [push, pull_request_target]
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262
        with:
          persist-credentials: false
      - uses: actions/setup-go@40f1582b2485089dde7abd97c1529aa768e1baff # v5.6.0
      - uses: actions/cache@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa # v4.0.0
      - uses: actions/setup-node@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb # v4.0.0
        with:
          cache: npm
      - uses: ./
      - run: echo "${{ github.event.pull_request.title }}"
  reuse:
    uses: octo/wf/.github/workflows/x.yml@main
    permissions: write-all
`
	got := strings.Join(hardeningProblems("bad.yml", []byte(bad), true), "\n")
	for _, want := range []string{
		"bad.yml:1: trigger pull_request_target",
		"bad.yml:3: workflow-level permissions",
		"bad.yml:5: job build has no permissions",
		"bad.yml:8: actions/checkout@v4 is not pinned",
		"bad.yml:8: job build: actions/checkout without persist-credentials: false",
		"bad.yml:9: actions/checkout@11d5960a326750d5838078e36cf38b85af677262: no # vX.Y.Z comment",
		"bad.yml:12: job build: actions/setup-go caches by default",
		"bad.yml:13: job build: a release must not restore a cache",
		"bad.yml:16: job build: actions/setup-node with cache: npm in a release",
		"bad.yml:18: job build: an expression inside run:",
		"bad.yml:20: octo/wf/.github/workflows/x.yml@main is not pinned",
		`bad.yml:21: job reuse: permissions "write-all"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if n := len(strings.Split(got, "\n")); n != 12 {
		t.Errorf("%d problems, want 12:\n%s", n, got)
	}
}

// TestReleaseWorkflowPublishesWhatItPinned pins the release design (CONTRIBUTING.md,
// "Releasing"): GoReleaser only builds; pin-release.sh writes the checksums of dist/ into
// action.yml; the tag is made on that commit; the release uploads the same dist/ files.
func TestReleaseWorkflowPublishesWhatItPinned(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), ".github", "workflows", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			Steps []struct {
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
				Run  string            `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	if len(wf.On) != 1 || wf.On["workflow_dispatch"] == nil {
		t.Errorf("release triggers %v, want only workflow_dispatch (the workflow makes the tag)", wf.On)
	}
	var order []string
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			if strings.HasPrefix(st.Uses, "goreleaser/goreleaser-action@") {
				if st.With["args"] != "release --clean --skip=publish" {
					t.Errorf("goreleaser args %q: GoReleaser must only build", st.With["args"])
				}
				order = append(order, "build")
			}
			for _, line := range strings.Split(st.Run, "\n") {
				line = strings.TrimSpace(line)
				switch {
				case strings.HasPrefix(line, `bash scripts/pin-release.sh "$VERSION" dist/checksums.txt action.yml`):
					order = append(order, "pin")
				case strings.HasPrefix(line, "git commit ") && strings.HasSuffix(line, " action.yml"):
					order = append(order, "commit")
				case line == `git tag -f "$VERSION"`:
					order = append(order, "tag")
				case line == `git push origin "refs/tags/$VERSION"`:
					order = append(order, "push")
				case strings.HasPrefix(line, `gh release create "$VERSION" --verify-tag`):
					order = append(order, "publish")
				}
			}
		}
	}
	if got := strings.Join(order, " "); got != "build pin commit tag push publish" {
		t.Errorf("release steps in order: %s; want build pin commit tag push publish", got)
	}
	if !strings.Contains(string(data), "dist/buildspec-lint_*.tar.gz dist/checksums.txt") {
		t.Error("the release does not upload the archives that were pinned")
	}
}

// TestReleaseWorkflowScripts runs the release job's own scripts (from release.yml) in a copy of
// the repository with a local origin, GoReleaser's output faked in dist/ and a gh that records
// what it is asked: the pushed tag is a child of main that differs only by action.yml's pins,
// those pins are the SHA-256 of the files the release uploads, and main is left alone.
func TestReleaseWorkflowScripts(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the release job runs on Linux")
	}
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, ".github", "workflows", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string            `yaml:"name"`
				Uses string            `yaml:"uses"`
				Env  map[string]string `yaml:"env"`
				Run  string            `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	// The run: steps before GoReleaser and after it.
	var before, after []string
	goreleaser := false
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			switch {
			case strings.HasPrefix(st.Uses, "goreleaser/goreleaser-action@"):
				goreleaser = true
			case st.Run != "" && !goreleaser:
				before = append(before, st.Run)
			case st.Run != "":
				after = append(after, st.Run)
			}
		}
	}
	if len(before) != 1 || len(after) != 1 {
		t.Fatalf("release.yml: want one run: step before GoReleaser and one after, got %d and %d", len(before), len(after))
	}

	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	origin := t.TempDir()
	git(t, origin, "init", "-q", "--bare")
	work := newRepo(t, map[string]string{"action.yml": read("action.yml"), "scripts/pin-release.sh": read("scripts/pin-release.sh"),
		".gitignore": "/dist/\n", "main.go": "package main\n"})
	git(t, work, "tag", "v9.9.8")
	git(t, work, "remote", "add", "origin", origin)
	git(t, work, "push", "-q", "origin", "main", "v9.9.8")
	mainHead := git(t, work, "rev-parse", "HEAD")

	bin, ghLog := t.TempDir(), filepath.Join(t.TempDir(), "gh.log")
	os.WriteFile(filepath.Join(bin, "gh"), []byte(`#!/usr/bin/env bash
{ printf '%s\n' "gh $*"; for a in "$@"; do [ -f "$a" ] && { sha256sum "$a" 2>/dev/null || shasum -a 256 "$a"; }; done; true; } >> `+ghLog+`
`), 0o755)
	step := func(script, version string) (string, error) {
		f := filepath.Join(t.TempDir(), "step.sh")
		os.WriteFile(f, []byte(script), 0o755)
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", f)
		cmd.Dir = work
		cmd.Env = append(gitEnv(), "VERSION="+version, "GH_TOKEN=ghs_releasetoken", "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	for _, v := range []string{"v9.9", "v9.9.9/../../x", "v9.9.8"} {
		if out, err := step(before[0], v); err == nil {
			t.Errorf("version %q was accepted:\n%s", v, out)
		}
	}
	if out, err := step(before[0], "v9.9.9"); err != nil {
		t.Fatalf("first step: %v\n%s", err, out)
	}
	// GoReleaser's part: the archives and checksums.txt in dist/.
	var sums strings.Builder
	for _, name := range []string{"buildspec-lint_linux_amd64.tar.gz", "buildspec-lint_darwin_arm64.tar.gz"} {
		content := archiveOf(t, []byte("binary for "+name))
		writeFiles(t, work, map[string]string{"dist/" + name: string(content)})
		fmt.Fprintf(&sums, "%s  %s\n", sha256hex(content), name)
	}
	writeFiles(t, work, map[string]string{"dist/checksums.txt": sums.String()})
	if out, err := step(after[0], "v9.9.9"); err != nil {
		t.Fatalf("publish step: %v\n%s", err, out)
	}

	bare := func(args ...string) string { return git(t, origin, args...) }
	tagged := bare("rev-parse", "v9.9.9^{commit}")
	if parent := bare("rev-parse", "v9.9.9^"); parent != mainHead {
		t.Errorf("the release commit's parent is %s, want main's head %s", parent, mainHead)
	}
	if got := bare("rev-parse", "main"); got != mainHead {
		t.Errorf("origin's main moved to %s", got)
	}
	if changed := bare("diff", "--name-only", mainHead, tagged); changed != "action.yml" {
		t.Errorf("the release commit changes %q, want only action.yml", changed)
	}
	if major := bare("rev-parse", "v9^{commit}"); major != tagged {
		t.Errorf("v9 is %s, want the release commit %s", major, tagged)
	}
	pinned := filepath.Join(t.TempDir(), "action.yml")
	os.WriteFile(pinned, []byte(bare("show", "v9.9.9:action.yml")+"\n"), 0o644)
	env := loadActionFile(t, pinned).Runs.Steps[0].Env
	if env["BSL_PINNED_VERSION"] != "v9.9.9" || env["BSL_PINNED_SHA256"] != sums.String() {
		t.Errorf("the tag's action.yml pins %q:\n%s\nwant dist/checksums.txt:\n%s", env["BSL_PINNED_VERSION"], env["BSL_PINNED_SHA256"], sums.String())
	}
	log, err := os.ReadFile(ghLog)
	if err != nil {
		t.Fatal(err)
	}
	var uploaded []string
	for _, line := range strings.Split(string(log), "\n") {
		if h, f, ok := strings.Cut(line, "  dist/buildspec-lint_"); ok {
			uploaded = append(uploaded, h+"  buildspec-lint_"+f)
		}
	}
	wantUploads := strings.Split(strings.TrimSpace(sums.String()), "\n")
	slices.Sort(uploaded)
	slices.Sort(wantUploads)
	if !strings.Contains(string(log), "gh release create v9.9.9 --verify-tag ") || !slices.Equal(uploaded, wantUploads) ||
		!strings.Contains(string(log), sha256hex([]byte(sums.String()))+"  dist/checksums.txt") {
		t.Errorf("gh was asked:\n%s\nwant a release of v9.9.9 uploading the pinned files:\n%s", log, sums.String())
	}
	if strings.Contains(bare("show", "v9.9.9:action.yml"), "ghs_releasetoken") {
		t.Error("the token was written into action.yml")
	}
}
