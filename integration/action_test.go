package integration

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// installs returns a buildspec whose install phase runs n per-run installs of jq, which
// `--tools jq` (the action's tools input) makes redundant: BSL101 on each.
func installs(n int) string {
	var b strings.Builder
	b.WriteString("version: 0.2\nphases:\n  install:\n    commands:\n")
	for i := 0; i < n; i++ {
		b.WriteString("      - apt-get install -y jq\n")
	}
	b.WriteString("  build:\n    commands:\n      - make test\n")
	return b.String()
}

// mixed returns a buildspec with warnings redundant installs (BSL101 with --tools jq) and
// errors commands that are not valid shell (BSL013).
func mixed(warnings, errors int) string {
	var b strings.Builder
	b.WriteString("version: 0.2\nphases:\n  install:\n    commands:\n")
	for i := 0; i < warnings; i++ {
		b.WriteString("      - apt-get install -y jq\n")
	}
	b.WriteString("  build:\n    commands:\n")
	for i := 0; i < errors; i++ {
		b.WriteString("      - echo \"unclosed\n")
	}
	return b.String()
}

const cleanBuildspec = "version: 0.2\nphases:\n  build:\n    commands:\n      - make test\n"

var annotationRE = regexp.MustCompile(`(?m)^::(error|warning|notice)(?: ([^:]*))?::(.*)$`)

type annotation struct {
	level, file, message string
	line                 int
}

func annotations(stdout string) []annotation {
	var out []annotation
	for _, m := range annotationRE.FindAllStringSubmatch(stdout, -1) {
		a := annotation{level: m[1], message: m[3]}
		for _, p := range strings.Split(m[2], ",") {
			k, v, _ := strings.Cut(p, "=")
			switch k {
			case "file":
				a.file = v
			case "line":
				a.line, _ = strconv.Atoi(v)
			}
		}
		out = append(out, a)
	}
	return out
}

type jsonFinding struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Rule   string `json:"rule"`
}

// lintJSON runs the binary with --format json in dir: the reference list of findings.
func lintJSON(t *testing.T, dir string, args ...string) []jsonFinding {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"--format", "json"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		t.Fatalf("buildspec-lint --format json: %v\n%s", err, out)
	}
	var fs []jsonFinding
	if err := json.Unmarshal(out, &fs); err != nil {
		t.Fatalf("json output: %v\n%s", err, out)
	}
	return fs
}

// summaryRows returns the "line:col rule" of each row of the job summary's tables.
func summaryRows(md string) []string {
	var rows []string
	for _, m := range regexp.MustCompile(`(?m)^\| \[?(\d+:\d+)\]?(?:\([^)]*\))? \| [^|]* \| \[?(BSL\d+)`).FindAllStringSubmatch(md, -1) {
		rows = append(rows, m[1]+" "+m[2])
	}
	return rows
}

func TestActionScriptsTakeInputsOnlyThroughEnv(t *testing.T) {
	a := loadAction(t)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite (no Docker)", a.Runs.Using)
	}
	for i, st := range a.Runs.Steps {
		if strings.Contains(st.Run, "${{") {
			t.Errorf("step %d (%s): run: contains an expression; pass inputs through env: instead", i, st.ID)
		}
	}
	for _, name := range []string{"paths", "config", "image", "tools", "dockerfile", "image-ref", "offline", "fail-level", "working-directory",
		"only-changed", "sarif-file", "github-token", "fix-suggestions", "version"} {
		if _, ok := a.Inputs[name]; !ok {
			t.Errorf("input %q missing", name)
		}
	}
	for _, name := range []string{"findings", "errors", "warnings", "notices", "sarif-file"} {
		if _, ok := a.Outputs[name]; !ok {
			t.Errorf("output %q missing", name)
		}
	}
	// An input is data, never shell: these would create files if they were pasted into a script.
	ws := newRepo(t, map[string]string{"buildspec.yml": cleanBuildspec})
	r := newRunner(t, ws)
	r.inputs["paths"] = "buildspec.yml $(touch pwned1) `touch pwned2`"
	r.inputs["tools"] = `jq"; touch pwned3; echo "`
	r.run()
	for _, f := range []string{"pwned1", "pwned2", "pwned3"} {
		if _, err := os.Stat(filepath.Join(ws, f)); err == nil {
			t.Errorf("an input ran as shell: %s exists", f)
		}
	}
}

// image-ref and offline reach the binary as --image-ref and --offline: a registry image that
// is not in the (empty) cache is an input error that names it, and no registry is asked.
func TestActionImageRefOffline(t *testing.T) {
	ws := newRepo(t, map[string]string{"buildspec.yml": cleanBuildspec})
	r := newRunner(t, ws)
	r.env["XDG_CACHE_HOME"] = t.TempDir()
	r.inputs["image-ref"] = "127.0.0.1:1/ci:1"
	r.inputs["offline"] = "true"
	res := r.run()
	out := res.stdout + res.stderr
	if res.exit != 2 || !strings.Contains(out, "--image-ref: cannot read the image 127.0.0.1:1/ci:1") || !strings.Contains(out, "--offline") {
		t.Errorf("exit %d, output:\n%s\nwant exit 2 and the image, not in the cache, named with --offline", res.exit, out)
	}
}

func TestActionSixtyFindings(t *testing.T) {
	ws := newRepo(t, map[string]string{"ci/buildspec.yml": mixed(45, 15), "ci/buildspec-clean.yml": cleanBuildspec})
	r := newRunner(t, ws)
	r.inputs["working-directory"] = "ci"
	r.inputs["tools"] = "jq"
	res := r.run()
	want := lintJSON(t, filepath.Join(ws, "ci"), "--tools", "jq", ".")
	if len(want) != 60 {
		t.Fatalf("the fixture should raise 60 findings, got %d", len(want))
	}
	if res.exit != 1 {
		t.Errorf("exit code %d, want 1 (findings at the default fail level)\nstderr: %s", res.exit, res.stderr)
	}
	anns := annotations(res.stdout)
	perLevel := map[string]int{}
	for _, a := range anns {
		perLevel[a.level]++
		if a.file != "" && a.file != "ci/buildspec.yml" {
			t.Errorf("annotation on %q, want the path from the repository root (ci/buildspec.yml)", a.file)
		}
	}
	for level, n := range perLevel {
		if n > 10 {
			t.Errorf("%d %s annotations: GitHub shows 10 per step", n, level)
		}
	}
	findingAnns := 0
	for _, a := range anns {
		if a.file != "" {
			findingAnns++
		}
	}
	notice := fmt.Sprintf("%d are not annotated: the job summary lists all of them", len(want)-findingAnns)
	if !strings.Contains(res.stdout, notice) {
		t.Errorf("no notice %q in:\n%s", notice, res.stdout)
	}
	if res.outputs["findings"] != strconv.Itoa(len(want)) {
		t.Errorf("output findings = %q, want %d", res.outputs["findings"], len(want))
	}
	if res.outputs["warnings"] != "45" || res.outputs["errors"] != "15" {
		t.Errorf("outputs warnings = %q errors = %q, want 45 and 15", res.outputs["warnings"], res.outputs["errors"])
	}
	// Most severe first: every error annotation comes before the first warning.
	var levels []string
	for _, a := range anns {
		if a.file != "" {
			levels = append(levels, a.level)
		}
	}
	if got := strings.Join(levels, " "); got != strings.TrimSpace(strings.Repeat("error ", 10)+strings.Repeat("warning ", 10)) {
		t.Errorf("annotation levels in order: %s; want 10 errors then 10 warnings", got)
	}
	rows := summaryRows(res.summary)
	var wantRows []string
	for _, f := range want {
		wantRows = append(wantRows, fmt.Sprintf("%d:%d %s", f.Line, f.Column, f.Rule))
	}
	if strings.Join(rows, "\n") != strings.Join(wantRows, "\n") {
		t.Errorf("summary rows differ from the findings:\n got %d: %v\nwant %d: %v", len(rows), rows, len(wantRows), wantRows)
	}
	if !strings.Contains(res.summary, "### `ci/buildspec.yml`") || len(res.summary) >= 1<<20 {
		t.Errorf("summary not grouped by repository path or too large (%d bytes)", len(res.summary))
	}
}

func TestActionOnlyChangedLines(t *testing.T) {
	ws := newRepo(t, map[string]string{"buildspec.yml": installs(2)})
	base := git(t, ws, "rev-parse", "HEAD")
	// The pull request adds a third install on line 7 and leaves lines 5-6 alone.
	writeFiles(t, ws, map[string]string{"buildspec.yml": installs(3)})
	git(t, ws, "commit", "-qam", "pr")
	head := git(t, ws, "rev-parse", "HEAD")
	event := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(event, []byte(fmt.Sprintf(`{"pull_request":{"number":1,"base":{"sha":%q},"head":{"sha":%q}}}`, base, head)), 0o644)

	all := lintJSON(t, ws, "--tools", "jq", "buildspec.yml")
	var onNew []jsonFinding
	for _, f := range all {
		if f.Line == 7 {
			onNew = append(onNew, f)
		}
	}
	if len(onNew) == 0 || len(onNew) == len(all) {
		t.Fatalf("fixture: want findings on line 7 and elsewhere, got %v", all)
	}
	for _, c := range []struct {
		event, payload string
		want           int
	}{
		{"pull_request", event, len(onNew)},
		{"push", "", len(all)}, // push events report everything
	} {
		r := newRunner(t, ws)
		r.inputs["only-changed"] = "true"
		r.inputs["tools"] = "jq"
		r.inputs["fail-level"] = "error"
		r.env["GITHUB_EVENT_NAME"] = c.event
		if c.payload != "" {
			r.env["GITHUB_EVENT_PATH"] = c.payload
		}
		res := r.run()
		if res.outputs["findings"] != strconv.Itoa(c.want) {
			t.Errorf("%s: output findings = %q, want %d\nstdout: %s\nstderr: %s", c.event, res.outputs["findings"], c.want, res.stdout, res.stderr)
		}
		if res.exit != 0 {
			t.Errorf("%s: exit %d with fail-level error and only warnings", c.event, res.exit)
		}
		if c.event == "pull_request" {
			for _, a := range annotations(res.stdout) {
				if a.line != 7 {
					t.Errorf("annotation on unchanged line %d: %+v", a.line, a)
				}
			}
			if len(summaryRows(res.summary)) != len(onNew) {
				t.Errorf("summary should count what is kept:\n%s", res.summary)
			}
			left := fmt.Sprintf("%d findings on lines this change does not touch are left out (only-changed)", len(all)-len(onNew))
			if !strings.Contains(res.summary, left) {
				t.Errorf("summary should say %q:\n%s", left, res.summary)
			}
		}
	}
}

func TestActionCleanSarifAndCheckRunFallback(t *testing.T) {
	ws := newRepo(t, map[string]string{"buildspec.yml": cleanBuildspec})
	r := newRunner(t, ws)
	r.inputs["sarif-file"] = "out/lint.sarif"
	r.inputs["github-token"] = "ghs_secret"
	r.inputs["version"] = "" // the ref is "main": built from source
	r.reinstall = true
	res := r.run()
	if res.exit != 0 || res.outputs["findings"] != "0" || res.outputs["errors"] != "0" {
		t.Fatalf("clean repo: exit %d outputs %v\nstdout %s\nstderr %s", res.exit, res.outputs, res.stdout, res.stderr)
	}
	if !strings.Contains(res.stdout, "building from the action's source") {
		t.Errorf("install step did not build from source:\n%s", res.stdout)
	}
	if !strings.Contains(res.stdout, "::notice::buildspec-lint could not write its check run (GitHub API unreachable") {
		t.Errorf("no fallback notice when the API is unreachable:\n%s", res.stdout)
	}
	if strings.Contains(res.stdout+res.stderr, "ghs_secret") {
		t.Errorf("the token leaked into the log")
	}
	if want := filepath.Join(ws, "out", "lint.sarif"); res.outputs["sarif-file"] != want {
		t.Errorf("output sarif-file = %q, want %q", res.outputs["sarif-file"], want)
	}
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []any `json:"results"`
		} `json:"runs"`
	}
	data, err := os.ReadFile(filepath.Join(ws, "out", "lint.sarif"))
	if err != nil || json.Unmarshal(data, &sarif) != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || sarif.Runs[0].Results == nil {
		t.Errorf("sarif file: %v\n%s", err, data)
	}
	if !strings.Contains(res.summary, "No findings in 1 file") {
		t.Errorf("summary: %q", res.summary)
	}
}

// TestReleaseMatchesInstallStep pins the contract between .goreleaser.yaml and action.yml's
// install step: archive names, format, checksum file and the platforms the step maps.
func TestReleaseMatchesInstallStep(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		ProjectName string `yaml:"project_name"`
		Builds      []struct {
			Main   string   `yaml:"main"`
			Binary string   `yaml:"binary"`
			Goos   []string `yaml:"goos"`
			Goarch []string `yaml:"goarch"`
		} `yaml:"builds"`
		Archives []struct {
			Formats      []string `yaml:"formats"`
			NameTemplate string   `yaml:"name_template"`
		} `yaml:"archives"`
		Checksum struct {
			NameTemplate string `yaml:"name_template"`
			Algorithm    string `yaml:"algorithm"`
		} `yaml:"checksum"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.ProjectName != "buildspec-lint" || len(cfg.Builds) != 1 || len(cfg.Archives) != 1 {
		t.Fatalf("unexpected shape: %+v", cfg)
	}
	b, a := cfg.Builds[0], cfg.Archives[0]
	if b.Main != "./cmd/buildspec-lint" || b.Binary != "buildspec-lint" {
		t.Errorf("build %+v", b)
	}
	if strings.Join(b.Goos, ",") != "linux,darwin,windows" || strings.Join(b.Goarch, ",") != "amd64,arm64" {
		t.Errorf("platforms %v %v, want what the install step maps (linux/darwin/windows, amd64/arm64)", b.Goos, b.Goarch)
	}
	if strings.Join(a.Formats, ",") != "tar.gz" || a.NameTemplate != "{{ .ProjectName }}_{{ .Os }}_{{ .Arch }}" {
		t.Errorf("archive %+v, want tar.gz named buildspec-lint_<os>_<arch>", a)
	}
	if cfg.Checksum.NameTemplate != "checksums.txt" || cfg.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum %+v", cfg.Checksum)
	}
	install := loadAction(t).Runs.Steps[0].Run
	for _, want := range []string{`archive="buildspec-lint_${os}_${arch}.tar.gz"`, `"$base/checksums.txt"`, "os=linux", "os=darwin", "os=windows", "arch=amd64", "arch=arm64"} {
		if !strings.Contains(install, want) {
			t.Errorf("install step lacks %s", want)
		}
	}
}
