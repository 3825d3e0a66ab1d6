package integration

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
