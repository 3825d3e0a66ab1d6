package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// fixable is a buildspec with three fixes under image docker:dind (BSL202, BSL205, BSL206) in the
// shapes a fix must keep: the line endings and the BOM are filled in by each case.
var fixable = []string{
	"version: 0.2",
	"phases:",
	"  install:",
	"    commands:   # start the daemon",
	"",
	"      - nohup dockerd --host=unix:///var/run/docker.sock --storage-driver=overlay",
	"      # then wait for it",
	"      - timeout -t 15 sh -c \"until docker info; do sleep 1; done\"",
	"  build:",
	"    commands: [docker build ., 'echo done']",
}

// runCLI runs the CLI in dir and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, dir string, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := run(args, bytes.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// blockFixable has fixes inside a | block and in a sh -c string of a >- block; two findings
// without a fix stay (a second start, and its foreground start, whose fix is not offered).
var blockFixable = []string{
	"version: 0.2",
	"phases:",
	"  install:",
	"    commands:",
	"      - |",
	"        nohup dockerd --storage-driver=overlay > /var/log/docker.log 2>&1",
	"        timeout -t 15 sh -c \"until docker info; do sleep 1; done\"",
	"  build:",
	"    commands:",
	"      - >-",
	"        sh -c 'dockerd -s overlay'",
}

// TestDiffThenGitApplyIsFix checks, for CRLF and LF files, with and without a BOM and a final
// line break, that --diff prints a diff that git apply --check accepts and that applying it
// gives the bytes --fix writes; that --diff changed nothing; and that the fixed file keeps its
// line endings, BOM and comments, and has no fix left.
func TestDiffThenGitApplyIsFix(t *testing.T) {
	git := testtool.Need(t, "git")
	type text struct {
		lines    []string
		keep     []string // in the fixed file, each followed by the line break
		fixes    string   // stderr of --diff
		exitLeft int      // of --fix
	}
	flow := text{fixable, []string{"version: 0.2", "# start the daemon", "# then wait for it", "overlay2 &"}, "the diff fixes 3 findings in 1 file", exitOK}
	block := text{blockFixable, []string{"2>&1 &", "timeout 15 sh -c \"until docker info; do sleep 1; done\"", "      - >-"}, "the diff fixes 4 findings in 1 file", exitFindings}
	for _, c := range []struct {
		name, nl, bom string
		final         bool
		text          text
	}{
		{"lf", "\n", "", true, flow},
		{"crlf", "\r\n", "", true, flow},
		{"crlf-bom-nofinal", "\r\n", "\ufeff", false, flow},
		{"lf-nofinal", "\n", "", false, flow},
		{"block-lf", "\n", "", true, block},
		{"block-crlf-bom", "\r\n", "\ufeff", true, block},
		{"block-crlf-nofinal", "\r\n", "", false, block},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			text := c.bom + strings.Join(c.text.lines, c.nl)
			if c.final {
				text += c.nl
			}
			orig := []byte(text)
			path := filepath.Join(dir, "buildspec.yml")
			if err := os.WriteFile(path, orig, 0o640); err != nil {
				t.Fatal(err)
			}
			code, diff, stderr := runCLI(t, dir, nil, "--image", "docker:dind", "--diff", "buildspec.yml")
			if code != exitFindings || !strings.HasPrefix(diff, "--- a/buildspec.yml\n+++ b/buildspec.yml\n") {
				t.Fatalf("--diff: exit %d\n%s\nstderr:\n%s", code, diff, stderr)
			}
			if !strings.Contains(stderr, c.text.fixes) {
				t.Errorf("--diff stderr:\n%s", stderr)
			}
			if now, _ := os.ReadFile(path); !bytes.Equal(now, orig) {
				t.Fatal("--diff changed the file")
			}

			code, stdout, stderr := runCLI(t, dir, nil, "--image", "docker:dind", "--fix", "buildspec.yml")
			if code != c.text.exitLeft || strings.Contains(stdout, "fix:") {
				t.Fatalf("--fix: exit %d, want %d\n%s\nstderr:\n%s", code, c.text.exitLeft, stdout, stderr)
			}
			fixed, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
				t.Errorf("--fix changed the mode to %v", st.Mode().Perm())
			}
			if !bytes.HasPrefix(fixed, []byte(c.bom+"version: 0.2"+c.nl)) {
				t.Errorf("the fixed file's start changed:\n%q", fixed)
			}
			for _, keep := range c.text.keep {
				if !bytes.Contains(fixed, []byte(keep+c.nl)) {
					t.Errorf("the fixed file lacks %q:\n%q", keep+c.nl, fixed)
				}
			}
			if n := bytes.Count(fixed, []byte("\n")); n != bytes.Count(orig, []byte("\n")) || (c.nl == "\r\n" && n != bytes.Count(fixed, []byte("\r\n"))) {
				t.Errorf("line breaks changed:\n%q", fixed)
			}
			code, _, stderr = runCLI(t, dir, nil, "--image", "docker:dind", "--fix", "buildspec.yml")
			if again, _ := os.ReadFile(path); code != c.text.exitLeft || !bytes.Equal(again, fixed) || !strings.Contains(stderr, "no fixes to apply") {
				t.Errorf("a second --fix: exit %d\n%q\n%s", code, again, stderr)
			}

			if err := os.WriteFile(path, orig, 0o640); err != nil {
				t.Fatal(err)
			}
			os.Remove(filepath.Join(dir, ".git"))
			gitRun := func(args ...string) {
				cmd := exec.Command(git, args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
				cmd.Stdin = strings.NewReader(diff)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s\ndiff:\n%q", args, err, out, diff)
				}
			}
			gitRun("init", "-q")
			gitRun("apply", "--check", "-")
			gitRun("apply", "-")
			if applied, _ := os.ReadFile(path); !bytes.Equal(applied, fixed) {
				t.Errorf("git apply gave\n%q\n--fix wrote\n%q", applied, fixed)
			}
		})
	}
}

// TestWriteFixed checks what --fix refuses to write, and that a write keeps the mode.
func TestWriteFixed(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	before, after := []byte("a\n"), []byte("b\n")
	write := func(name string, data []byte, mode os.FileMode) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return name
	}

	p := write("ok.yml", before, 0o600)
	if err := writeFixed(p, before, after); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, after) {
		t.Errorf("wrote %q", got)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".buildspec-lint-fix-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	p = write("changed.yml", []byte("a\nchanged by an editor\n"), 0o644)
	if err := writeFixed(p, before, after); err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Errorf("a file changed on disk: %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "a\nchanged by an editor\n" {
		t.Errorf("a file changed on disk was overwritten: %q", got)
	}
	p = write("grown.yml", append(append([]byte(nil), before...), "more\n"...), 0o644)
	if err := writeFixed(p, before, after); err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Errorf("a file that grew: %v", err)
	}

	write("real/target.yml", before, 0o644)
	if err := os.Symlink("real/target.yml", filepath.Join(dir, "link.yml")); err != nil {
		t.Fatal(err)
	}
	if err := writeFixed("link.yml", before, after); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a link: %v", err)
	}
	if err := os.Symlink("real", filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := writeFixed(filepath.Join("linkdir", "target.yml"), before, after); err == nil || !strings.Contains(err.Error(), "linkdir is a symbolic link") {
		t.Errorf("a path through a linked directory: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "real", "target.yml")); !bytes.Equal(got, before) {
		t.Errorf("written through a link: %q", got)
	}

	if err := writeFixed("missing.yml", before, after); err == nil {
		t.Error("a missing file: no error")
	} else if _, ok := err.(refusal); ok {
		t.Errorf("a missing file is a failure, not a refusal: %v", err)
	}
}

// TestFixControlCharactersInDiff checks that hasControl finds what a diff must not print raw.
func TestFixControlCharactersInDiff(t *testing.T) {
	for in, want := range map[string]bool{
		"a\tb\r\n": false, "déjà 😀\n": false, "a\x1b[31m": true, "a\x00": true, "a\u0085": true, "\x7f": true,
	} {
		if got := hasControl([]byte(in)); got != want {
			t.Errorf("hasControl(%q) = %v, want %v", in, got, want)
		}
	}
}

// Three fake rules whose fixes depend on each other: the fix of "start" (to "started") raises
// "started" while no "ready" runs, so it is not offered until the fix of "prepare" (to
// "ready") is applied. --fix must still reach a text with nothing left to fix in one run.
var (
	fakeStart = &lint.Rule{Rule: finding.Rule{ID: "BSL990", Name: "fake-start", Severity: finding.SeverityError},
		Check: func(p *lint.Pass) { renameCall(p, "start", "started") }}
	fakeStarted = &lint.Rule{Rule: finding.Rule{ID: "BSL991", Name: "fake-started", Severity: finding.SeverityError},
		Check: func(p *lint.Pass) {
			ready := false
			for _, c := range p.Calls() {
				ready = ready || c.Name() == "ready"
			}
			for _, c := range p.Calls() {
				if c.Name() == "started" && !ready {
					p.Report(c.Args[0].Range(), "started before ready")
				}
			}
		}}
	fakePrepare = &lint.Rule{Rule: finding.Rule{ID: "BSL992", Name: "fake-prepare", Severity: finding.SeverityError},
		Check: func(p *lint.Pass) { renameCall(p, "prepare", "ready") }}
)

// renameCall reports every call of from, with a fix that renames it to.
func renameCall(p *lint.Pass, from, to string) {
	for _, c := range p.Calls() {
		if c.Name() == from {
			f := p.Report(c.Args[0].Range(), from+" is called")
			f.Fix = finding.NewFix("call "+to, c.Args[0].Range(), to)
		}
	}
}

func TestFixConverges(t *testing.T) {
	saved := ruleSet
	ruleSet = func() lint.RuleSet { return lint.RuleSet{fakeStart, fakeStarted, fakePrepare} }
	t.Cleanup(func() { ruleSet = saved })
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	spec := "version: 0.2\nphases:\n  build:\n    commands:\n      - start\n      - prepare\n"
	path := filepath.Join(dir, "buildspec.yml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, dir, nil, "--diff", "buildspec.yml")
	if code != exitFindings || !strings.Contains(stdout, "+      - started\n") || !strings.Contains(stdout, "+      - ready\n") {
		t.Errorf("--diff: exit %d\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, dir, nil, "--fix", "buildspec.yml")
	got, _ := os.ReadFile(path)
	if want := "version: 0.2\nphases:\n  build:\n    commands:\n      - started\n      - ready\n"; code != exitOK || string(got) != want {
		t.Fatalf("--fix: exit %d, file %q, want %q\n%s\nstderr:\n%s", code, got, want, stdout, stderr)
	}
	if !strings.Contains(stderr, "fixed 2 findings in 1 file") {
		t.Errorf("stderr:\n%s", stderr)
	}
	code, _, stderr = runCLI(t, dir, nil, "--fix", "buildspec.yml")
	if again, _ := os.ReadFile(path); code != exitOK || !bytes.Equal(again, got) || !strings.Contains(stderr, "no fixes to apply") {
		t.Errorf("a second --fix: exit %d, file %q\n%s", code, again, stderr)
	}
}

// Two fake rules whose fixes of "aa" each verify alone but overlap: the file is not fixed, the
// note says why, and the report offers neither fix.
var (
	fakeAA = &lint.Rule{Rule: finding.Rule{ID: "BSL993", Name: "fake-aa", Severity: finding.SeverityError},
		Check: func(p *lint.Pass) { renameCall(p, "aa", "b") }}
	fakeA = &lint.Rule{Rule: finding.Rule{ID: "BSL994", Name: "fake-a", Severity: finding.SeverityError},
		Check: func(p *lint.Pass) {
			for _, c := range p.Calls() {
				if c.Name() == "aa" {
					rng := c.Args[0].Range()
					first := p.Spec.Source.Range(rng.Start.Offset, rng.Start.Offset+1)
					f := p.Report(rng, "aa again")
					f.Fix = finding.NewFix("call ca", first, "c")
				}
			}
		}}
)

// fakeFixRules are the fake rules of this file, for the buildspec-lint-fakefix command of the
// CLI scripts.
var fakeFixRules = lint.RuleSet{fakeStart, fakeStarted, fakePrepare, fakeAA, fakeA}

func TestFixOverlapLeavesFile(t *testing.T) {
	saved := ruleSet
	ruleSet = func() lint.RuleSet { return lint.RuleSet{fakeAA, fakeA} }
	t.Cleanup(func() { ruleSet = saved })
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	spec := "version: 0.2\nphases:\n  build:\n    commands:\n      - aa\n"
	path := filepath.Join(dir, "buildspec.yml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"--fix", "--diff"} {
		code, stdout, stderr := runCLI(t, dir, nil, mode, "--format", "json", "buildspec.yml")
		if got, _ := os.ReadFile(path); string(got) != spec {
			t.Fatalf("%s changed the file: %q", mode, got)
		}
		report := stdout
		if mode == "--diff" {
			if stdout != "" {
				t.Errorf("--diff printed %q", stdout)
			}
			report = stderr
		}
		if code != exitFindings || !strings.Contains(stderr, "buildspec.yml: not fixed: the edits at 5:9 and 5:9 overlap") ||
			!strings.Contains(report, `"rule": "BSL993"`) || strings.Contains(report, `"fix"`) {
			t.Errorf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", mode, code, stdout, stderr)
		}
	}
	// Without --fix or --diff each fix is offered (each verifies alone).
	_, stdout, _ := runCLI(t, dir, nil, "--format", "json", "buildspec.yml")
	if strings.Count(stdout, `"fix"`) != 2 {
		t.Errorf("without --fix:\n%s", stdout)
	}
}

// TestFixWriteFails checks a write that fails: the file keeps its text, its findings are reported
// as they were, stderr says why as an input error, and the run exits 2.
func TestFixWriteFails(t *testing.T) {
	saved := createTemp
	createTemp = func(string, string) (*os.File, error) { return nil, syscall.ENOSPC }
	t.Cleanup(func() { createTemp = saved })
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(fixable, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "buildspec.yml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, dir, nil, "--image", "docker:dind", "--no-snippet", "--fix", "buildspec.yml")
	if got, _ := os.ReadFile(filepath.Join(dir, "buildspec.yml")); string(got) != text {
		t.Errorf("the file changed: %q", got)
	}
	if code != exitUsage || !strings.Contains(stderr, "buildspec-lint: buildspec.yml: not fixed: no space left on device") ||
		strings.Count(stdout, "buildspec.yml:") != 3 || strings.Count(stdout, "  fix: ") != 3 {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// TestFixLongName checks that a file whose name is at the system's limit is fixed (the
// temporary file's name does not grow with it).
func TestFixLongName(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	name := strings.Repeat("b", 250) + ".yml"
	if err := os.WriteFile(name, []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeFixed(name, []byte("a\n"), []byte("b\n")); err != nil {
		t.Fatal(err)
	}
}
