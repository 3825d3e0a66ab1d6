package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
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

// TestNothingRunsNothingWritten: linting files that try hard to run something (commands,
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

// obeyed matches a line the GitHub Actions runner would run as a workflow command.
var obeyed = regexp.MustCompile(`^\s*::|##\[`)

// TestWorkflowCommandsThroughTheOutput lints files whose names, commands and configuration try
// to print workflow commands, in text mode and in GitHub Actions mode (check run, and its
// fallback to annotations), and checks every line written.
func TestWorkflowCommandsThroughTheOutput(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		".git/HEAD":                        "ref: refs/heads/main\n",
		"buildspec-x\n::error ::owned.yml": "version: 0.2\nphases:\n  install:\n",
		"::warning::top.yml":               "version: 0.2\nphases:\n  install:\n",
		"buildspec.yml":                    "version: 0.2\nphases:\n  install:\n    commands:\n      - \"apk add 'jq\\n::stop-commands::x' 'yq##[add-mask]z' \\e[2J\\u202e\"\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	forbidden := false
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if forbidden {
			http.Error(w, `{"message":"Resource not accessible by integration\n::error::api"}`, http.StatusForbidden)
			return
		}
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusCreated)
		}
		io.WriteString(w, `{"id":1,"html_url":"https://github.com/o/r/runs/1"}`)
	}))
	defer api.Close()
	ev := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(ev, []byte(`{"pull_request":{"base":{"sha":"`+strings.Repeat("a", 40)+`"},"head":{"sha":"`+strings.Repeat("b", 40)+`"}}}`), 0o644)
	t.Chdir(dir)
	args := []string{"--fail-level", "none", ".", "::warning::top.yml"}
	check := func(mode string, stdout, stderr string, wantAnnotations bool) {
		t.Helper()
		stopped := ""
		for _, l := range strings.Split(stdout, "\n") {
			switch m := regexp.MustCompile(`^::stop-commands::([0-9a-f]{32})$`).FindStringSubmatch(l); {
			case m != nil && stopped == "":
				stopped = m[1]
				continue
			case stopped != "" && l == "::"+stopped+"::":
				stopped = ""
				continue
			}
			if strings.ContainsAny(l, "\x1b\r\u202e\u2028") {
				t.Errorf("%s: raw control or bidi character in stdout: %q", mode, l)
			}
			if !obeyed.MatchString(l) {
				continue
			}
			if !wantAnnotations || stopped != "" || !regexp.MustCompile(`^::(error|warning|notice)( [^:]*)?::[^:]`).MatchString(l) {
				t.Errorf("%s: stdout line the runner would obey: %q", mode, l)
			}
		}
		if stopped != "" {
			t.Errorf("%s: stop-commands never resumed:\n%s", mode, stdout)
		}
		for _, l := range strings.Split(stderr, "\n") {
			if obeyed.MatchString(l) || strings.ContainsAny(l, "\x1b\r\u202e") {
				t.Errorf("%s: stderr line the runner would obey: %q", mode, l)
			}
		}
	}
	var stdout, stderr bytes.Buffer
	run(args, strings.NewReader(""), &stdout, &stderr)
	check("text", stdout.String(), stderr.String(), false)
	if !strings.Contains(stdout.String(), `buildspec-x\n::error ::owned.yml:3:3:`) || !strings.Contains(stdout.String(), "./::warning::top.yml:3:3:") {
		t.Errorf("text: paths not escaped:\n%s", stdout.String())
	}
	for k, v := range map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_API_URL": api.URL, "GITHUB_REPOSITORY": "o/r",
		"GITHUB_EVENT_PATH": ev, "GITHUB_EVENT_NAME": "pull_request", "BUILDSPEC_LINT_GITHUB_TOKEN": "tok", "GITHUB_WORKSPACE": dir,
		"GITHUB_STEP_SUMMARY": filepath.Join(t.TempDir(), "summary.md"), "GITHUB_OUTPUT": filepath.Join(t.TempDir(), "out")} {
		t.Setenv(k, v)
	}
	for _, mode := range []string{"check run", "fallback"} {
		forbidden = mode == "fallback"
		stdout.Reset()
		stderr.Reset()
		run(append([]string{"--format", "github"}, args...), strings.NewReader(""), &stdout, &stderr)
		check(mode, stdout.String(), stderr.String(), mode == "fallback")
		if mode == "check run" && !strings.HasPrefix(stdout.String(), "::stop-commands::") {
			t.Errorf("check run: the log is not wrapped:\n%s", stdout.String())
		}
		if mode == "fallback" && !strings.Contains(stdout.String(), `Resource not accessible by integration\n::error::api`) {
			t.Errorf("fallback: the API's message is not escaped in the notice:\n%s", stdout.String())
		}
	}
}

// TestRevisionsAreNotOptions: a base commit from the workflow event or a --new-from-rev that
// looks like a git option is an error (exit 2) and never runs or writes anything; a malformed
// event under --only-changed is an error that says so.
func TestRevisionsAreNotOptions(t *testing.T) {
	git := testtool.Need(t, "git")
	dir := t.TempDir()
	marker := filepath.Join(t.TempDir(), "ran")
	cmd := exec.Command(git, "init", "-q", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(dir, "buildspec.yml"), []byte("version: 0.2\nphases:\n  install:\n"), 0o644)
	t.Chdir(dir)
	ev := filepath.Join(t.TempDir(), "event.json")
	t.Setenv("GITHUB_EVENT_PATH", ev)
	t.Setenv("GITHUB_EVENT_NAME", "pull_request")
	for _, c := range []struct {
		args    []string
		actions bool
		event   string
		want    string
	}{
		{[]string{"--new-from-rev", "--output=" + marker}, false, "", "is not in this clone"},
		{[]string{"--only-changed"}, true, `{"pull_request":{"base":{"sha":"--upload-pack=touch ` + marker + `"}}}`, `pull_request.base.sha is "--upload-pack=touch `},
		{[]string{"--only-changed"}, true, `{"pull_request":{"base":{"sha":`, "is not a valid event payload: unexpected end of JSON input"},
		{[]string{"--only-changed"}, true, `{"pull_request":null}`, "the pull_request event's payload (GITHUB_EVENT_PATH) has no base commit"},
	} {
		t.Setenv("GITHUB_ACTIONS", fmt.Sprint(c.actions))
		os.WriteFile(ev, []byte(c.event), 0o644)
		var stdout, stderr bytes.Buffer
		code := run(append(c.args, "buildspec.yml"), strings.NewReader(""), &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v with %s: exit %d, stderr %q, want 2 and %q", c.args, c.event, code, stderr.String(), c.want)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("a revision was read as a git option")
	}
}

// TestHostileNeighbours runs the real CLI, in a child process with a memory limit, on a hostile
// file beside a normal one: shapes that used to kill the process (a stack overflow or running
// out of memory is fatal, and every other file's findings were lost) are now a finding or an
// error with file:line:col, the normal file's finding is still printed, and the exit code is
// that of findings (1) or input errors (2), never a crash.
func TestHostileNeighbours(t *testing.T) {
	bin, err := exec.LookPath("buildspec-lint") // set up by testscript.Main in TestMain
	if err != nil {
		t.Fatal(err)
	}
	const good = "version: 0.2\nphases:\n  install:\n  build:\n    commands: [make]\n"
	const goodFinding = "good.yml:3:3: warning: phase install is empty"
	cmd := func(c string) string { return "version: 0.2\nphases:\n  build:\n    commands:\n      - '" + c + "'\n" }
	const n = 300_000
	var doubling, stages strings.Builder
	doubling.WriteString("FROM alpine\nARG A1=x\n")
	for i := 2; i <= 30; i++ {
		fmt.Fprintf(&doubling, "ARG A%d=${A%d}${A%d}\n", i, i-1, i-1)
	}
	stages.WriteString("FROM alpine AS s0\n")
	for i := 1; i < 88_000; i++ {
		fmt.Fprintf(&stages, "FROM s%d AS s%d\n", i-1, i)
	}
	for _, tc := range []struct {
		name       string
		hostile    string // hostile.yml
		dockerfile string // the Dockerfile of image ci, which hostile.yml uses
		config     string // the configuration, when not the default one that defines image ci
		code       int
		want       string // on stdout (code 1) or stderr (code 2)
	}{
		{name: "pipes", hostile: cmd(strings.Repeat("a|", n) + "a"), code: 1,
			want: "hostile.yml:5:10010: error: command has more than 10000 words and operators"},
		{name: "ands", hostile: cmd(strings.Repeat("a&&", n) + "a"), code: 1,
			want: "hostile.yml:5:"},
		{name: "semicolons", hostile: cmd(strings.Repeat("a;", n) + "a"), code: 1,
			want: "hostile.yml:5:10010: error: command has more than 10000 words and operators"},
		{name: "chain under the token limit", hostile: cmd(strings.Repeat("a|", 4000) + "a"), code: 1,
			want: "hostile.yml:5:7011: error: command is more than 1000 levels deep"},
		{name: "nested sh -c", hostile: cmd(`sh -c "` + strings.Repeat("a||", n) + `a"`), code: 1,
			want: "hostile.yml:5:"},
		{name: "time", hostile: cmd(strings.Repeat("time ", n) + "a"), code: 1,
			want: "hostile.yml:5:"},
		// 4 MB of commands, each under the token limit: 1.7 GB were held before the budget of
		// all the commands of a document.
		{name: "dense commands", hostile: "version: 0.2\nphases:\n  build:\n    commands:\n" +
			strings.Repeat("      - "+strings.Repeat("a;", 4900)+"a\n", 400), code: 1,
			want: "hostile.yml:25:9: error: the commands of this document have more than 200000 words and operators in all"},
		// An image named by a directive: the directive is reported (BSL904) with the Dockerfile's
		// error; named by the configuration: an input error for the files that use it.
		{name: "dockerfile expansion", hostile: "# buildspec-lint image=ci\n" + good, dockerfile: doubling.String(), code: 1,
			want: "hostile.yml:1:24: warning: Dockerfile:22:5: ARG and ENV values expand to more than 1048576 bytes"},
		{name: "dockerfile expansion in the configuration", hostile: good, dockerfile: doubling.String(), code: 2,
			config: "images:\n  ci: {dockerfile: Dockerfile}\nbuildspecs:\n  - {files: hostile.yml, image: ci}\n",
			want:   "Dockerfile:22:5: ARG and ENV values expand to more than 1048576 bytes"},
		{name: "dockerfile run", hostile: "# buildspec-lint image=ci\n" + good, dockerfile: "FROM alpine\nRUN " + strings.Repeat("a|", n) + "a\n", code: 1,
			want: "hostile.yml:1:24: warning: Dockerfile:2:10005: RUN command has more than 10000 words and operators"},
		{name: "dockerfile stages", hostile: "# buildspec-lint image=ci\n" + good, dockerfile: stages.String(), code: 1,
			want: "hostile.yml:4:3: warning: phase install is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
			files := map[string]string{"good.yml": good, "hostile.yml": tc.hostile}
			if tc.dockerfile != "" {
				files["Dockerfile"] = tc.dockerfile
				files[".buildspec-lint.yaml"] = "images:\n  ci: {dockerfile: Dockerfile}\n"
			}
			if tc.config != "" {
				files[".buildspec-lint.yaml"] = tc.config
			}
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			c := exec.Command(bin, "--no-snippet", "hostile.yml", "good.yml")
			if runtime.GOOS == "linux" { // a hard limit on the address space, where sh's ulimit -v sets one
				c = exec.Command("sh", "-c", `ulimit -v 3000000 && exec "$0" --no-snippet hostile.yml good.yml`, bin)
			}
			c.Env = append(os.Environ(), "GOMEMLIMIT=1GiB")
			c.Dir = dir
			var stdout, stderr bytes.Buffer
			c.Stdout, c.Stderr = &stdout, &stderr
			start := time.Now()
			err := c.Run()
			code := c.ProcessState.ExitCode()
			if err != nil && code <= 0 {
				t.Fatalf("%v: %.2000s", err, stderr.String())
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %.2000s", code, tc.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), goodFinding) {
				t.Errorf("the neighbour's finding %q is missing from stdout: %.2000s", goodFinding, stdout.String())
			}
			out := stdout.String()
			if tc.code == 2 {
				out = stderr.String()
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("want %q in: %.2000s", tc.want, out)
			}
		})
	}
}
