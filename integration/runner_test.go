package integration

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// actionMeta is the part of action.yml a runner reads for a composite action.
type actionMeta struct {
	Inputs map[string]struct {
		Default  string `yaml:"default"`
		Required bool   `yaml:"required"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID               string            `yaml:"id"`
			Shell            string            `yaml:"shell"`
			Run              string            `yaml:"run"`
			Uses             string            `yaml:"uses"`
			Env              map[string]string `yaml:"env"`
			WorkingDirectory string            `yaml:"working-directory"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func loadAction(t *testing.T) *actionMeta {
	t.Helper()
	return loadActionFile(t, filepath.Join(repoRoot(t), "action.yml"))
}

// loadActionFile reads an action.yml from path (a pinned copy, in the release tests).
func loadActionFile(t *testing.T, path string) *actionMeta {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m actionMeta
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return &m
}

// runner runs the composite action's steps the way the GitHub runner does: each step's env:
// evaluated (only the expression forms action.yml uses), its run: script written to a file and
// run with `bash --noprofile --norc -eo pipefail`, a fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
// per step, outputs read back for steps.<id>.outputs, and the action's outputs evaluated at the end.
type runner struct {
	t         *testing.T
	action    *actionMeta
	workspace string
	inputs    map[string]string
	ref       string            // github.action_ref
	env       map[string]string // GITHUB_* and RUNNER_* variables
	// reinstall runs the install step even when an earlier run of it (from this repository's
	// source) left a binary; tests of the install step itself set it.
	reinstall bool
}

// installed is the install step's outputs from its first run with the default action path: the
// step builds this repository from source each time, so later runs reuse the binary.
var installed map[string]string

// result is what a workflow sees of one use of the action.
type result struct {
	stdout, stderr string
	exit           int                          // exit code of the step that failed, or 0
	outputs        map[string]string            // the action's outputs
	summary        string                       // the job summary of every step
	steps          map[string]map[string]string // each step's outputs, by step id
}

var exprRE = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

func newRunner(t *testing.T, workspace string) *runner {
	arch := map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
	osName := map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[runtime.GOOS]
	tmp := t.TempDir()
	return &runner{t: t, action: loadAction(t), workspace: workspace, inputs: map[string]string{}, ref: "main",
		env: map[string]string{
			"GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_WORKSPACE": workspace, "GITHUB_ACTION_PATH": repoRoot(t),
			"GITHUB_REPOSITORY": "octo/service", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_API_URL": "http://127.0.0.1:1",
			"GITHUB_SHA": "0000000000000000000000000000000000000000", "GITHUB_EVENT_NAME": "push",
			"RUNNER_OS": osName, "RUNNER_ARCH": arch, "RUNNER_TEMP": tmp,
		}}
}

// eval replaces the ${{ }} expressions of s. Only the forms the action may use are known; any
// other is a test failure, so a new form is simulated deliberately rather than passed through.
func (r *runner) eval(s string, steps map[string]map[string]string) string {
	return exprRE.ReplaceAllStringFunc(s, func(m string) string {
		e := exprRE.FindStringSubmatch(m)[1]
		switch {
		case strings.HasPrefix(e, "inputs."):
			name := strings.TrimPrefix(e, "inputs.")
			in, ok := r.action.Inputs[name]
			if !ok {
				r.t.Fatalf("action.yml uses undeclared input %q", name)
			}
			if v, ok := r.inputs[name]; ok {
				return v
			}
			return in.Default
		case e == "github.action_ref":
			return r.ref
		case e == "github.action_repository":
			return "buildspec-lint/buildspec-lint"
		case e == "github.token":
			return "ghs_workflowtoken"
		case strings.HasPrefix(e, "steps."):
			parts := strings.Split(e, ".")
			if len(parts) != 4 || parts[2] != "outputs" {
				r.t.Fatalf("unsupported expression %q", e)
			}
			return steps[parts[1]][parts[3]]
		}
		r.t.Fatalf("action.yml: expression %q is not simulated by this test", e)
		return ""
	})
}

// run runs the action's steps until one fails.
func (r *runner) run() *result {
	t := r.t
	for name := range r.inputs {
		if _, ok := r.action.Inputs[name]; !ok {
			t.Fatalf("input %q is not declared in action.yml", name)
		}
	}
	res := &result{outputs: map[string]string{}}
	steps := map[string]map[string]string{}
	var stdout, stderr, summary strings.Builder
	for i, st := range r.action.Runs.Steps {
		if st.Shell != "bash" || st.Run == "" {
			t.Fatalf("step %d: want a bash run: step, got shell %q uses %q", i, st.Shell, st.Uses)
		}
		if st.ID == "install" && installed != nil && !r.reinstall && r.env["GITHUB_ACTION_PATH"] == repoRoot(t) {
			steps["install"] = installed
			continue
		}
		dir := filepath.Join(r.t.TempDir())
		script := filepath.Join(dir, "step.sh")
		os.WriteFile(script, []byte(st.Run), 0o755)
		outFile, sumFile := filepath.Join(dir, "output"), filepath.Join(dir, "summary")
		os.WriteFile(outFile, nil, 0o644)
		os.WriteFile(sumFile, nil, 0o644)
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		cmd.Dir = r.workspace
		if wd := r.eval(st.WorkingDirectory, steps); wd != "" {
			cmd.Dir = filepath.Join(r.workspace, wd)
		}
		env := gitEnv()
		for k, v := range r.env {
			env = append(env, k+"="+v)
		}
		env = append(env, "GITHUB_OUTPUT="+outFile, "GITHUB_STEP_SUMMARY="+sumFile)
		for k, v := range st.Env {
			env = append(env, k+"="+r.eval(v, steps))
		}
		cmd.Env = env
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		err := cmd.Run()
		stdout.WriteString(so.String())
		stderr.WriteString(se.String())
		s, _ := os.ReadFile(sumFile)
		summary.Write(s)
		if st.ID != "" {
			steps[st.ID] = parseOutputs(t, outFile)
		}
		if st.ID == "install" && err == nil && r.env["GITHUB_ACTION_PATH"] == repoRoot(t) && r.env["RUNNER_TEMP"] != "" {
			// Keep the binary beyond this test's RUNNER_TEMP.
			if p := steps["install"]["path"]; p != "" {
				keep := filepath.Join(filepath.Dir(binary(t)), "installed-"+filepath.Base(p))
				if data, rerr := os.ReadFile(p); rerr == nil && os.WriteFile(keep, data, 0o755) == nil {
					installed = map[string]string{"path": keep}
				}
			}
		}
		if err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("step %s: %v", st.ID, err)
			}
			res.exit = ee.ExitCode()
			break
		}
	}
	for name, o := range r.action.Outputs {
		res.outputs[name] = r.eval(o.Value, steps)
	}
	res.stdout, res.stderr, res.summary, res.steps = stdout.String(), stderr.String(), summary.String(), steps
	return res
}

// parseOutputs reads a GITHUB_OUTPUT file: name=value lines and name<<DELIM blocks.
func parseOutputs(t *testing.T, path string) map[string]string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		if name, delim, ok := strings.Cut(lines[i], "<<"); ok {
			var val []string
			for i++; i < len(lines) && lines[i] != delim; i++ {
				val = append(val, lines[i])
			}
			if i == len(lines) {
				t.Fatalf("GITHUB_OUTPUT: %s<<%s is never closed", name, delim)
			}
			out[name] = strings.Join(val, "\n")
		} else if name, val, ok := strings.Cut(lines[i], "="); ok {
			out[name] = val
		}
	}
	return out
}
