package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// snapshot commits the working tree (tracked and untracked, not ignored: what a clean clone
// holds once everything is committed) into a new repository and returns it and the commit,
// because pre-commit clones a repository at a commit.
func snapshot(t *testing.T) (string, string) {
	t.Helper()
	root := repoRoot(t)
	list := git(t, root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	files := map[string]string{}
	for _, p := range strings.Split(list, "\x00") {
		if p == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			continue // deleted in the working tree
		}
		files[p] = string(data)
	}
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	writeFiles(t, dir, files)
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "snapshot")
	return dir, git(t, dir, "rev-parse", "HEAD")
}

const redundantInstall = `version: 0.2
phases:
  install:
    commands:
      - apt-get install -y jq
`

const ignoredInstall = `version: 0.2
phases:
  install:
    commands:
      # buildspec-lint ignore=BSL101 -- the base image's jq is too old for our scripts
      - apt-get install -y jq
`

// preCommit runs `pre-commit run` (the staged files) in repo and returns its exit code and output.
func preCommit(t *testing.T, repo, home, path string) (int, string) {
	t.Helper()
	cmd := exec.Command(need(t, "pre-commit"), "run", "--color", "never")
	cmd.Dir = repo
	gomodcache, _ := exec.Command("go", "env", "GOMODCACHE").Output()
	cmd.Env = append(gitEnv(), "PRE_COMMIT_HOME="+home, "PATH="+path,
		// pre-commit builds golang hooks with GOPATH in its cache; share the module cache so
		// the build does not download the modules again (go.sum is still verified).
		"GOMODCACHE="+strings.TrimSpace(string(gomodcache)))
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		t.Fatalf("pre-commit: %v\n%s", err, out)
	}
	return 0, string(out)
}

func TestPreCommitHooks(t *testing.T) {
	need(t, "pre-commit")
	need(t, "git")
	need(t, "go")
	hookRepo, rev := snapshot(t)
	home := t.TempDir()
	binDir := filepath.Dir(binary(t)) // buildspec-lint for the system hook
	path := binDir + string(os.PathListSeparator) + os.Getenv("PATH")

	for _, id := range []string{"buildspec-lint", "buildspec-lint-system"} {
		t.Run(id, func(t *testing.T) {
			repo := newRepo(t, map[string]string{
				".pre-commit-config.yaml": "repos:\n  - repo: " + hookRepo + "\n    rev: " + rev + "\n    hooks:\n      - id: " + id + "\n        args: [--tools, jq]\n",
				"README.md":               "test\n",
			})
			stage := func(files map[string]string) {
				t.Helper()
				git(t, repo, "reset", "-q")
				writeFiles(t, repo, files)
				for p := range files {
					git(t, repo, "add", p)
				}
			}

			// A redundant install fails the hook, with the finding's file:line:col.
			stage(map[string]string{"services/api/buildspec.yml": redundantInstall})
			code, out := preCommit(t, repo, home, path)
			if code != 1 || !strings.Contains(out, "services/api/buildspec.yml:5:28: warning: jq is already in the image") || !strings.Contains(out, "BSL101") {
				t.Fatalf("redundant install: exit %d, want 1 with services/api/buildspec.yml:5:28 and BSL101:\n%s", code, out)
			}
			os.Remove(filepath.Join(repo, "services/api/buildspec.yml"))

			// A clean buildspec passes; a YAML file that is not a buildspec is not linted.
			stage(map[string]string{"infra/buildspec-deploy.yaml": cleanBuildspec, "deploy/pipeline.yml": redundantInstall})
			if code, out := preCommit(t, repo, home, path); code != 0 || !strings.Contains(out, "Passed") {
				t.Errorf("clean buildspec: exit %d\n%s", code, out)
			}

			// An inline ignore with a reason silences the finding.
			stage(map[string]string{"buildspec.yml": ignoredInstall})
			if code, out := preCommit(t, repo, home, path); code != 0 {
				t.Errorf("inline ignore: exit %d\n%s", code, out)
			}

			// The repository's .buildspec-lint.yaml applies: the rule turned off there.
			stage(map[string]string{"ci/buildspec.yml": redundantInstall, ".buildspec-lint.yaml": "rules:\n  BSL101: off\n"})
			if code, out := preCommit(t, repo, home, path); code != 0 {
				t.Errorf(".buildspec-lint.yaml with BSL101 off: exit %d\n%s", code, out)
			}
		})
	}
}

// TestNoExtraMainPackages guards `go install ./...` (what pre-commit's golang hook runs): the
// only main package is the CLI, so nothing else needs to build for the hook to install.
func TestNoExtraMainPackages(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", "{{if eq .Name \"main\"}}{{.ImportPath}}{{end}}", "./...")
	cmd.Dir = repoRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != "github.com/buildspec-lint/buildspec-lint/cmd/buildspec-lint" {
		t.Errorf("main packages:\n%s\nwant only cmd/buildspec-lint (pre-commit runs go install ./...)", got)
	}
}
