package integration

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// readmeBlock returns the fenced yaml block of README.md whose first line is the comment
// "# <name>", without that line: the file a user copies.
func readmeBlock(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, block := range regexp.MustCompile("(?ms)^```yaml\n(.*?)^```$").FindAllStringSubmatch(string(data), -1) {
		if first, rest, ok := strings.Cut(block[1], "\n"); ok && first == "# "+name {
			found = append(found, rest)
		}
	}
	if len(found) != 1 {
		t.Fatalf("README.md has %d yaml blocks starting with %q, want 1", len(found), "# "+name)
	}
	return found[0]
}

// readmeFragment returns the fenced yaml block of README.md whose first line contains marker.
func readmeFragment(t *testing.T, marker string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, block := range regexp.MustCompile("(?ms)^```yaml\n(.*?)^```$").FindAllStringSubmatch(string(data), -1) {
		if first, _, _ := strings.Cut(block[1], "\n"); strings.Contains(first, marker) {
			return block[1]
		}
	}
	t.Fatalf("README.md has no yaml block whose first line contains %q", marker)
	return ""
}

// withLocalHookRepo points the README's .pre-commit-config.yaml at a local snapshot of this
// repository: only the values of repo: and rev: change, the rest is the README's text.
func withLocalHookRepo(t *testing.T, config, repo, rev string) string {
	t.Helper()
	repoRE := regexp.MustCompile(`(?m)^(\s*- repo: )https://github\.com/buildspec-lint/buildspec-lint$`)
	// Until the first release the README pins a commit (`rev: <commit>`, which the reader
	// replaces with a full SHA); the test puts the local snapshot's commit there.
	revRE := regexp.MustCompile(`(?m)^(\s*rev: )<commit>(\s+#.*)?$`)
	if len(repoRE.FindAllString(config, -1)) != 1 || len(revRE.FindAllString(config, -1)) != 1 {
		t.Fatalf("the README's .pre-commit-config.yaml should have one `- repo: https://github.com/buildspec-lint/buildspec-lint` and one `rev: <commit>`:\n%s", config)
	}
	config = repoRE.ReplaceAllStringFunc(config, func(m string) string { return repoRE.FindStringSubmatch(m)[1] + repo })
	return revRE.ReplaceAllStringFunc(config, func(m string) string {
		sm := revRE.FindStringSubmatch(m)
		return sm[1] + rev + sm[2]
	})
}

// readmeActionInputs returns the with: of the README workflow's step that uses the action, with
// the one expression it may hold (github.token) evaluated as the runner simulation does.
func readmeActionInputs(t *testing.T, workflow string) map[string]string {
	t.Helper()
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(workflow), &wf); err != nil {
		t.Fatalf("the README's workflow is not valid YAML: %v", err)
	}
	var inputs map[string]string
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			if strings.HasPrefix(st.Uses, "buildspec-lint/buildspec-lint@") {
				if inputs != nil {
					t.Fatal("the README's workflow uses the action twice")
				}
				inputs = map[string]string{}
				for k, v := range st.With {
					if strings.Contains(v, "${{") {
						if strings.TrimSpace(v) != "${{ github.token }}" {
							t.Fatalf("input %s: expression %q is not simulated by this test", k, v)
						}
						v = "ghs_workflowtoken"
					}
					inputs[k] = v
				}
			}
		}
	}
	if inputs == nil {
		t.Fatal("the README's workflow has no step that uses buildspec-lint/buildspec-lint@...")
	}
	return inputs
}

// TestReadmeAdoptionIsClean follows the README on a repository that has a buildspec: the pull
// request that adds the README's workflow and .pre-commit-config.yaml, verbatim, must lint clean
// with the CLI on the directory, the pre-commit hooks and the action's default paths.
func TestReadmeAdoptionIsClean(t *testing.T) {
	need(t, "git")
	workflow := readmeBlock(t, ".github/workflows/buildspec-lint.yml")
	precommit := readmeBlock(t, ".pre-commit-config.yaml")
	wfPath := ".github/workflows/buildspec-lint.yml"
	if ok, _ := filepath.Match("buildspec*.yml", filepath.Base(wfPath)); !ok {
		t.Fatalf("%s no longer matches the discovery glob: this test would prove nothing", wfPath)
	}

	ws := newRepo(t, map[string]string{"services/api/buildspec.yml": cleanBuildspec, "README.md": "service\n"})
	base := git(t, ws, "rev-parse", "HEAD")
	hookRepo, rev := snapshot(t)
	writeFiles(t, ws, map[string]string{
		wfPath:                    workflow,
		".pre-commit-config.yaml": withLocalHookRepo(t, precommit, hookRepo, rev),
		// The pull request also touches the buildspec, so the hooks have a file to check.
		"services/api/buildspec.yml": cleanBuildspec + "      - make lint\n",
	})
	git(t, ws, "add", "-A")

	// The workflow is linted as a workflow (never as a buildspec, whose rules it would fail),
	// named or discovered.
	for _, args := range [][]string{{wfPath}, nil} {
		cmd := exec.Command(binary(t), append([]string{"--no-snippet", "--verbose"}, args...)...)
		cmd.Dir = ws
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if out, err := cmd.Output(); err != nil || !strings.Contains(stderr.String(), wfPath+": linted as a GitHub Actions workflow") {
			t.Fatalf("buildspec-lint %v should lint the workflow as a workflow: %v\n%s%s", args, err, out, stderr.String())
		}
	}

	t.Run("cli", func(t *testing.T) {
		for _, args := range [][]string{nil, {"."}} {
			cmd := exec.Command(binary(t), append([]string{"--format", "json"}, args...)...)
			cmd.Dir = ws
			out, err := cmd.CombinedOutput()
			if err != nil || strings.TrimSpace(string(out)) != "[]" {
				t.Errorf("buildspec-lint %v in the adopting repository: %v\n%s", args, err, out)
			}
		}
	})

	t.Run("pre-commit", func(t *testing.T) {
		need(t, "pre-commit")
		need(t, "go")
		home := t.TempDir()
		path := filepath.Dir(binary(t)) + string(os.PathListSeparator) + os.Getenv("PATH")
		// The README's golang hook, then its system hook fragment in place of the hook list.
		system := readmeFragment(t, "- id: buildspec-lint-system")
		hookLine := regexp.MustCompile(`(?m)^      - id: buildspec-lint\b.*\n(\s+#.*\n)*`)
		configs := map[string]string{
			"buildspec-lint":        withLocalHookRepo(t, precommit, hookRepo, rev),
			"buildspec-lint-system": hookLine.ReplaceAllLiteralString(withLocalHookRepo(t, precommit, hookRepo, rev), system),
		}
		if !strings.Contains(configs["buildspec-lint-system"], "id: buildspec-lint-system") {
			t.Fatalf("could not put the README's system hook in its config:\n%s", configs["buildspec-lint-system"])
		}
		for id, config := range configs {
			writeFiles(t, ws, map[string]string{".pre-commit-config.yaml": config})
			git(t, ws, "add", "-A")
			code, out := preCommit(t, ws, home, path)
			if code != 0 || !strings.Contains(out, "Passed") {
				t.Errorf("%s hook on the adopting pull request: exit %d, want 0 and Passed\n%s", id, code, out)
			}
			// A buildspec with a finding under .github/ is not the hook's: files: excludes it.
			writeFiles(t, ws, map[string]string{".github/buildspec-canary.yml": "version: 0.2\nphases:\n  install:\n  build:\n    commands:\n      - make\n"})
			git(t, ws, "add", "-A")
			if code, out := preCommit(t, ws, home, path); code != 0 {
				t.Errorf("%s hook linted a file under .github/: exit %d\n%s", id, code, out)
			}
			git(t, ws, "rm", "-q", "--cached", ".github/buildspec-canary.yml")
			os.Remove(filepath.Join(ws, ".github", "buildspec-canary.yml"))
		}
		writeFiles(t, ws, map[string]string{".pre-commit-config.yaml": withLocalHookRepo(t, precommit, hookRepo, rev)})
		git(t, ws, "add", "-A")
	})

	git(t, ws, "commit", "-q", "-m", "adopt buildspec-lint")
	head := git(t, ws, "rev-parse", "HEAD")

	t.Run("action", func(t *testing.T) {
		inputs := readmeActionInputs(t, workflow)
		if _, ok := inputs["paths"]; ok {
			t.Fatalf("the README's workflow sets paths: this test is about the default paths")
		}
		event := filepath.Join(t.TempDir(), "event.json")
		os.WriteFile(event, []byte(fmt.Sprintf(`{"pull_request":{"number":1,"base":{"sha":%q},"head":{"sha":%q}}}`, base, head)), 0o644)
		for _, ev := range []string{"pull_request", "push"} {
			r := newRunner(t, ws)
			for k, v := range inputs {
				r.inputs[k] = v
			}
			r.env["GITHUB_EVENT_NAME"] = ev
			if ev == "pull_request" {
				r.env["GITHUB_EVENT_PATH"] = event
			}
			res := r.run()
			if res.exit != 0 || res.outputs["findings"] != "0" || len(summaryRows(res.summary)) != 0 {
				t.Errorf("%s: the action with the README's inputs: exit %d, outputs %v\nstdout: %s\nstderr: %s\nsummary: %s",
					ev, res.exit, res.outputs, res.stdout, res.stderr, res.summary)
			}
			for _, a := range annotations(res.stdout) {
				if a.file != "" {
					t.Errorf("%s: annotation on %s: %s", ev, a.file, a.message)
				}
			}
			if !strings.Contains(res.summary, "No findings in 2 files.") {
				t.Errorf("%s: summary should count the buildspec and the workflow linted:\n%s", ev, res.summary)
			}
		}
	})
}

// TestReadmeCLIFlagsMatchHelp checks that the README's flag table and --help list the same
// flags, so that neither documents a flag the other lacks.
func TestReadmeCLIFlagsMatchHelp(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(--?[a-z][a-z-]*)").FindAllStringSubmatch(string(data), -1) {
		readme[m[1]] = true
	}
	out, err := exec.Command(binary(t), "--help").Output()
	if err != nil {
		t.Fatalf("--help: %v", err)
	}
	help := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  (--?[a-z][a-z-]*)`).FindAllStringSubmatch(string(out), -1) {
		help[m[1]] = true
	}
	if len(help) < 10 {
		t.Fatalf("--help lists %d flags:\n%s", len(help), out)
	}
	for f := range help {
		if !readme[f] {
			t.Errorf("--help has %s, the README's flag table does not", f)
		}
	}
	for f := range readme {
		if !help[f] {
			t.Errorf("the README's flag table has %s, --help does not", f)
		}
	}
}

// TestActionExposesEveryOutput checks that action.yml declares, as steps.lint.outputs.NAME, every
// output the binary writes to GITHUB_OUTPUT.
func TestActionExposesEveryOutput(t *testing.T) {
	ws := newRepo(t, map[string]string{"buildspec.yml": installs(1)})
	r := newRunner(t, ws)
	r.inputs["tools"] = "jq"
	res := r.run()
	written := res.steps["lint"]
	if len(written) < 5 {
		t.Fatalf("the lint step wrote %d outputs, want findings, errors, warnings, notices, sarif-file: %v\n%s", len(written), written, res.stderr)
	}
	declared := loadAction(t).Outputs
	for name := range written {
		o, ok := declared[name]
		if !ok || o.Value != "${{ steps.lint.outputs."+name+" }}" {
			t.Errorf("the binary writes output %q; action.yml should declare it as ${{ steps.lint.outputs.%s }} (has %q)", name, name, o.Value)
		}
	}
	if res.outputs["notices"] != written["notices"] || written["notices"] == "" {
		t.Errorf("notices: action output %q, binary wrote %q", res.outputs["notices"], written["notices"])
	}
}

// TestReadmeTestCommand pins the README's first screen: exactly two commands, the linter on the
// examples and the tests, and the test command is the quick suite that scripts/test.sh runs
// without arguments (its --full suite is the one the Develop section names).
func TestReadmeTestCommand(t *testing.T) {
	root := repoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	first := regexp.MustCompile("(?ms)^```sh\n(.*?)^```$").FindSubmatch(readme)
	if first == nil {
		t.Fatal("README.md has no sh block")
	}
	var cmds []string
	for _, line := range strings.Split(string(first[1]), "\n") {
		cmd, _, _ := strings.Cut(line, "  #")
		if cmd = strings.TrimSpace(cmd); cmd != "" {
			cmds = append(cmds, cmd)
		}
	}
	if len(cmds) != 2 || cmds[0] != "go run ./cmd/buildspec-lint examples/" || !strings.HasPrefix(cmds[1], "go test ") {
		t.Fatalf("the README's first sh block is %q, want the linter on examples/ and one go test command", cmds)
	}
	script, err := os.ReadFile(filepath.Join(root, "scripts", "test.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(script), `"") exec `+cmds[1]+" ;;") {
		t.Errorf("scripts/test.sh without arguments does not run the README's test command %q", cmds[1])
	}
	if !strings.Contains(string(readme), "bash scripts/test.sh --full") || !strings.Contains(string(script), "--full)") {
		t.Error("the README does not name the full suite, bash scripts/test.sh --full, or the script lost it")
	}
}
