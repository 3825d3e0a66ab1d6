package workflow

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// read reads text as a workflow and fails the test when it has no jobs.
func read(t *testing.T, text string) *File {
	t.Helper()
	f := Read(source.NewSource(".github/workflows/ci.yml", []byte(text)))
	if f.Problem != nil {
		t.Fatalf("Read: %s", f.Problem.Message)
	}
	if len(f.Jobs) == 0 {
		t.Fatalf("Read: no jobs in\n%s", text)
	}
	return f
}

// calls returns the calls of the unit's commands, in order.
func calls(u *Unit) []*buildspec.Call {
	var out []*buildspec.Call
	for _, ph := range u.Spec.Phases {
		for _, c := range ph.Commands {
			if c.Script != nil {
				out = append(out, c.Script.Calls...)
			}
		}
	}
	return out
}

// text is the file's text at r.
func text(src *source.Source, r source.Range) string {
	if !r.IsValid() || r.Start.Offset < 0 || r.End.Offset > len(src.Data) || r.Start.Offset > r.End.Offset {
		return "<invalid range " + r.String() + ">"
	}
	return string(src.Data[r.Start.Offset:r.End.Offset])
}

// TestRunPositions: every word of a run: script maps to the same text in the file, whatever the
// scalar's style, the file's line breaks, and the ${{ }} expressions before it.
func TestRunPositions(t *testing.T) {
	tests := []struct {
		name, run string
		// words are the words as written in the file, in order; a word "${{...}}" is an
		// expression, which must map to its whole text.
		words []string
	}{
		{"literal", "run: |\n          sudo apt-get install -y jq\n          make   test\n", []string{"sudo", "apt-get", "install", "-y", "jq", "make", "test"}},
		{"literal strip", "run: |-\n          apt-get install -y jq\n\n          make\n", []string{"apt-get", "install", "-y", "jq", "make"}},
		{"literal keep, indentation indicator", "run: |2+\n            apt-get install jq\n          make\n", []string{"apt-get", "install", "jq", "make"}},
		{"literal with comment", "run: | # a comment\n          apt-get install jq\n", []string{"apt-get", "install", "jq"}},
		{"folded", "run: >\n          apt-get install\n          -y jq\n", []string{"apt-get", "install", "-y", "jq"}},
		{"folded strip", "run: >-\n          apt-get\n            install jq\n          make\n", []string{"apt-get", "install", "jq", "make"}},
		{"double quoted", "run: \"apt-get install -y jq\"\n", []string{"apt-get", "install", "-y", "jq"}},
		{"double quoted with escapes", "run: \"echo \\\"a\\\" && apt-get install jq\"\n", []string{"echo", "\\\"a\\\"", "apt-get", "install", "jq"}},
		{"single quoted", "run: 'echo ''a'' && apt-get install jq'\n", []string{"echo", "''a''", "apt-get", "install", "jq"}},
		{"plain", "run: apt-get install -y jq\n", []string{"apt-get", "install", "-y", "jq"}},
		{"plain multi-line", "run: apt-get install\n          -y jq\n", []string{"apt-get", "install", "-y", "jq"}},
		{"expression", "run: |\n          echo ${{ matrix.os }} && apt-get install ${{ inputs.pkgs }} jq\n", []string{"echo", "${{ matrix.os }}", "apt-get", "install", "${{ inputs.pkgs }}", "jq"}},
		{"expression with braces in a string", "run: |\n          echo ${{ format('{0}}}', 'x') }} jq\n", []string{"echo", "${{ format('{0}}}', 'x') }}", "jq"}},
		{"expression in quotes", "run: |\n          echo \"${{ github.ref }}\" jq\n", []string{"echo", "\"${{ github.ref }}\"", "jq"}},
		{"expression in a plain scalar", "run: echo ${{ github.sha }} jq\n", []string{"echo", "${{ github.sha }}", "jq"}},
		{"non-ASCII before", "run: |\n          echo 'é日本' jq\n", []string{"echo", "'é日本'", "jq"}},
	}
	for _, tt := range tests {
		for _, crlf := range []bool{false, true} {
			name := tt.name
			doc := "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: x\n        " + tt.run
			if crlf {
				name += " crlf"
				doc = strings.ReplaceAll(doc, "\n", "\r\n")
			}
			t.Run(name, func(t *testing.T) {
				f := read(t, doc)
				job := f.Jobs[0]
				if len(job.Steps) != 1 || job.Steps[0].Run == nil {
					t.Fatalf("steps = %+v, want one run: step", job.Steps)
				}
				u := job.Unit(job.Envs[0], "linux")
				cmd := u.Spec.Phases[0].Commands[0]
				if cmd.Script.Err != nil {
					t.Fatalf("script error: %s (value %q)", cmd.Script.Err.Message, cmd.Value)
				}
				var got []string
				for _, c := range calls(u) {
					for _, w := range c.Words {
						got = append(got, text(f.Source, w.Range()))
					}
				}
				if strings.Join(got, "|") != strings.Join(tt.words, "|") {
					t.Errorf("words in the file = %q, want %q (value %q)", got, tt.words, cmd.Value)
				}
				if strings.Contains(cmd.Value, "${{") {
					t.Errorf("value %q still holds an expression", cmd.Value)
				}
			})
		}
	}
}

func TestMaskExpressions(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"echo ${{ x }} y", "echo ${_____} y"},
		{"${{x}}${{y}}", "${___}${___}"},
		{"a ${{ unterminated", "a ${{ unterminated"},
		{"${{ a\n}} b", "${__}\n}} b"}, // the part on the next line keeps its characters
		{"${{}}", "${__}"},
		{"${{ '}}' }} x", "${________} x"},
		{"${{ 'a }} x", "${______} x"}, // not an expression's tokens: it ends at the first }}
		{"${{ a }}}", "${_____}}"},
		{"", ""},
		{"no expression", "no expression"},
	} {
		got := MaskExpressions(tt.in)
		if got != tt.want {
			t.Errorf("MaskExpressions(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if len(got) != len(tt.in) {
			t.Errorf("MaskExpressions(%q) changed the length", tt.in)
		}
	}
}

// envs returns the labels (joined by ",") and container of each environment of the file's
// first job, and their Matrix descriptions.
func envStrings(f *File) (labels, matrix []string) {
	for _, e := range f.Jobs[0].Envs {
		l := strings.Join(e.Labels, ",")
		if e.Container != "" {
			l += " in " + e.Container
		}
		labels = append(labels, l)
		matrix = append(matrix, e.Matrix)
	}
	return labels, matrix
}

func TestMatrixEnvs(t *testing.T) {
	tests := []struct {
		name, job string
		labels    []string
		matrix    []string
	}{
		{"no matrix", "runs-on: ubuntu-latest", []string{"ubuntu-latest"}, []string{""}},
		{"runs-on list", "runs-on: [self-hosted, linux, x64]", []string{"self-hosted,linux,x64"}, []string{""}},
		{"rows", `
    strategy:
      matrix:
        os: [ubuntu-22.04, windows-2022]
        node: [18, 20]
    runs-on: ${{ matrix.os }}`, []string{"ubuntu-22.04", "windows-2022"}, []string{"matrix.os = ubuntu-22.04", "matrix.os = windows-2022"}},
		{"a matrix that does not change the runner", `
    strategy:
      matrix:
        node: [18, 20]
    runs-on: ubuntu-latest`, []string{"ubuntu-latest"}, []string{""}},
		{"include only", `
    strategy:
      matrix:
        include:
          - os: ubuntu-22.04
          - os: macos-14
            xcode: "15"
    runs-on: ${{ matrix.os }}`, []string{"ubuntu-22.04", "macos-14"}, []string{"matrix.os = ubuntu-22.04", "matrix.os = macos-14"}},
		{"include that adds values to a combination", `
    strategy:
      matrix:
        os: [ubuntu-22.04, windows-2022]
        include:
          - os: windows-2022
            experimental: true
    runs-on: ${{ matrix.os }}`, []string{"ubuntu-22.04", "windows-2022"}, []string{"matrix.os = ubuntu-22.04", "matrix.os = windows-2022"}},
		{"include that adds a combination", `
    strategy:
      matrix:
        os: [ubuntu-22.04]
        include:
          - os: macos-14
    runs-on: ${{ matrix.os }}`, []string{"ubuntu-22.04", "macos-14"}, []string{"matrix.os = ubuntu-22.04", "matrix.os = macos-14"}},
		{"exclude", `
    strategy:
      matrix:
        os: [ubuntu-22.04, windows-2022, macos-14]
        exclude:
          - os: windows-2022
    runs-on: ${{ matrix.os }}`, []string{"ubuntu-22.04", "macos-14"}, []string{"matrix.os = ubuntu-22.04", "matrix.os = macos-14"}},
		{"exclude of only some combinations of a runner", `
    strategy:
      matrix:
        os: [ubuntu-22.04, windows-2022]
        node: [18, 20]
        exclude:
          - os: windows-2022
            node: 18
    runs-on: ${{ matrix.os }}`, []string{"ubuntu-22.04", "windows-2022"}, []string{"matrix.os = ubuntu-22.04", "matrix.os = windows-2022"}},
		{"object values", `
    strategy:
      matrix:
        cfg:
          - {os: ubuntu-22.04, arch: x64}
          - {os: macos-14, arch: arm64}
    runs-on: ${{ matrix.cfg.os }}`, []string{"ubuntu-22.04", "macos-14"}, []string{"matrix.cfg.os = ubuntu-22.04", "matrix.cfg.os = macos-14"}},
		{"runs-on list from a matrix value", `
    strategy:
      matrix:
        runner: [[self-hosted, linux], [ubuntu-latest]]
    runs-on: ${{ matrix.runner }}`, []string{"self-hosted,linux", "ubuntu-latest"}, []string{"matrix.runner = [self-hosted, linux]", "matrix.runner = [ubuntu-latest]"}},
		{"a matrix value in a runs-on list", `
    strategy:
      matrix:
        arch: [x64, arm64]
    runs-on: [self-hosted, "${{ matrix.arch }}"]`, []string{"self-hosted,x64", "self-hosted,arm64"}, []string{"matrix.arch = x64", "matrix.arch = arm64"}},
		{"container from the matrix", `
    strategy:
      matrix:
        image: ["node:20", "python:3.12"]
    runs-on: ubuntu-latest
    container: ${{ matrix.image }}`, []string{"ubuntu-latest in node:20", "ubuntu-latest in python:3.12"}, []string{"matrix.image = node:20", "matrix.image = python:3.12"}},
		{"container object", `
    runs-on: ubuntu-latest
    container:
      image: alpine:3.20
      options: --user root`, []string{"ubuntu-latest in alpine:3.20"}, []string{""}},
		{"a matrix from an expression", `
    strategy:
      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}
    runs-on: ${{ matrix.os }}`, []string{""}, []string{""}},
		{"runs-on from another expression", `
    runs-on: ${{ inputs.runner }}`, []string{""}, []string{""}},
		{"duplicate runner values", `
    strategy:
      matrix:
        os: [ubuntu-22.04, ubuntu-22.04]
    runs-on: ${{ matrix.os }}`, []string{"ubuntu-22.04"}, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := read(t, "on: push\njobs:\n  build:\n    "+strings.TrimSpace(tt.job)+"\n    steps:\n      - run: make\n")
			labels, matrix := envStrings(f)
			if strings.Join(labels, "|") != strings.Join(tt.labels, "|") {
				t.Errorf("labels = %q, want %q", labels, tt.labels)
			}
			if strings.Join(matrix, "|") != strings.Join(tt.matrix, "|") {
				t.Errorf("matrix = %q, want %q", matrix, tt.matrix)
			}
		})
	}
}

func TestMatrixMaxEnvs(t *testing.T) {
	var rows []string
	for i := range 3 * MaxEnvs {
		rows = append(rows, "runner-"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+"-"+itoa(i))
	}
	f := read(t, "on: push\njobs:\n  build:\n    strategy:\n      matrix:\n        os: ["+strings.Join(rows, ", ")+"]\n        v: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n    runs-on: [\"${{ matrix.os }}\", \"${{ matrix.v }}\"]\n    steps:\n      - run: make\n")
	if n := len(f.Jobs[0].Envs); n != MaxEnvs {
		t.Errorf("%d environments, want MaxEnvs = %d", n, MaxEnvs)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

// runs returns the run: values a job's unit holds in env on os.
func runs(j *Job, env *Env, os string) []string {
	var out []string
	for _, c := range j.Unit(env, os).Spec.Phases[0].Commands {
		out = append(out, strings.TrimSpace(c.Value))
	}
	return out
}

func TestUnitIf(t *testing.T) {
	f := read(t, `on: push
jobs:
  build:
    strategy:
      matrix:
        os: [ubuntu-22.04, windows-2022, macos-14]
    runs-on: ${{ matrix.os }}
    steps:
      - run: everywhere
      - if: runner.os == 'Linux'
        run: linux-only
      - if: ${{ matrix.os == 'windows-2022' }}
        run: windows-only
      - if: startsWith(matrix.os, 'macos') || runner.os == 'Windows'
        run: not-linux
      - if: failure()
        run: on-failure
      - if: github.event_name == 'push'
        run: on-push
      - if: always() && runner.os != 'macOS'
        run: always-not-mac
      - if: false
        run: never
`)
	j := f.Jobs[0]
	oses := map[string]string{"ubuntu-22.04": "linux", "windows-2022": "windows", "macos-14": "macos"}
	want := map[string]string{
		"ubuntu-22.04": "everywhere|linux-only|on-failure|on-push|always-not-mac",
		"windows-2022": "everywhere|windows-only|not-linux|on-failure|on-push|always-not-mac",
		"macos-14":     "everywhere|not-linux|on-failure|on-push",
	}
	if len(j.Envs) != 3 {
		t.Fatalf("%d environments, want 3", len(j.Envs))
	}
	for _, e := range j.Envs {
		label := e.Labels[0]
		if got := strings.Join(runs(j, e, oses[label]), "|"); got != want[label] {
			t.Errorf("%s: runs %q, want %q", label, got, want[label])
		}
	}
	// With the runner's OS unknown, only the matrix decides.
	e := j.Envs[0]
	if got, want := strings.Join(runs(j, e, ""), "|"), "everywhere|linux-only|not-linux|on-failure|on-push|always-not-mac"; got != want {
		t.Errorf("unknown OS: runs %q, want %q", got, want)
	}
}

func TestUnitJobIf(t *testing.T) {
	f := read(t, `on: push
jobs:
  never:
    if: false
    runs-on: ubuntu-latest
    steps:
      - run: a
  matrix:
    # The matrix and the runner are not known when a job's if: is evaluated (GitHub allows only
    # github, needs, vars and inputs there): it is never decided by them.
    if: matrix.os == 'windows-2022'
    strategy:
      matrix:
        os: [ubuntu-22.04, windows-2022]
    runs-on: ${{ matrix.os }}
    steps:
      - run: b
  push:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - run: c
`)
	want := map[string]string{"never": "", "matrix": "b", "push": "c"}
	for _, j := range f.Jobs {
		for _, e := range j.Envs {
			if got := strings.Join(runs(j, e, "linux"), "|"); got != want[j.ID] {
				t.Errorf("job %s (%s): runs %q, want %q", j.ID, e.Matrix, got, want[j.ID])
			}
		}
	}
}

func TestShells(t *testing.T) {
	doc := `on: push
defaults:
  run:
    shell: bash
jobs:
  workflow-default:
    runs-on: windows-2022
    steps:
      - run: echo a
  job-default:
    runs-on: ubuntu-latest
    defaults:
      run:
        shell: pwsh
    steps:
      - run: Write-Host a
      - run: echo b
        shell: bash -l {0}
      - run: print(1)
        shell: python
      - run: echo c
        shell: cmd
      - run: echo d
        shell: "C:\\Program Files\\Git\\bin\\bash.EXE --noprofile --norc -e -o pipefail {0}"
      - run: echo e
        shell: powershell -command ". '{0}'"
      - run: echo f
        shell: perl {0}
      - run: echo g
        shell: sh
`
	f := read(t, doc)
	got := map[string][]string{}
	for _, j := range f.Jobs {
		for _, c := range j.Unit(j.Envs[0], map[string]string{"workflow-default": "windows", "job-default": "linux"}[j.ID]).Spec.Phases[0].Commands {
			got[j.ID] = append(got[j.ID], strings.TrimSpace(c.Value)+"="+dn(c.Script.Dialect))
		}
	}
	want := map[string]string{
		"workflow-default": "echo a=" + dn(buildspec.DialectShell),
		"job-default": strings.Join([]string{
			"Write-Host a=" + dn(buildspec.DialectPowerShell),
			"echo b=" + dn(buildspec.DialectShell),
			"echo c=" + dn(buildspec.DialectCmd),
			"echo d=" + dn(buildspec.DialectShell),
			"echo e=" + dn(buildspec.DialectPowerShell),
			"echo g=" + dn(buildspec.DialectShell),
		}, "|"),
	}
	for id, w := range want {
		if g := strings.Join(got[id], "|"); g != w {
			t.Errorf("job %s: %q, want %q", id, g, w)
		}
	}
	// The runner's default: bash, pwsh on Windows.
	f = read(t, "on: push\njobs:\n  w:\n    runs-on: windows-2022\n    steps:\n      - run: Write-Host a\n")
	if d := f.Jobs[0].Unit(f.Jobs[0].Envs[0], "windows").Spec.Phases[0].Commands[0].Script.Dialect; d != buildspec.DialectPowerShell {
		t.Errorf("windows default dialect = %v, want PowerShell", d)
	}
	if d := f.Jobs[0].Unit(f.Jobs[0].Envs[0], "linux").Spec.Phases[0].Commands[0].Script.Dialect; d != buildspec.DialectShell {
		t.Errorf("linux default dialect = %v, want shell", d)
	}
}

func TestComposite(t *testing.T) {
	action := `name: setup
description: x
runs:
  using: composite
  steps:
    - uses: actions/setup-node@v4
      with:
        node-version: "20"
    - run: |
        sudo apt-get install -y jq
      shell: bash
    - if: runner.os == 'Windows'
      run: choco install jq
      shell: pwsh
    - run: print(1)
      shell: python
`
	if !IsComposite([]byte(action)) {
		t.Fatal("IsComposite = false for a composite action")
	}
	for _, other := range []string{"runs:\n  using: node20\n  main: index.js\n", "runs:\n  using: docker\n  image: Dockerfile\n", "on: push\njobs: {}\n", "[", "runs: x", "", "runs:\n  using: Composite\n"} {
		if got := IsComposite([]byte(other)); got != (other == "runs:\n  using: Composite\n") {
			t.Errorf("IsComposite(%q) = %v", other, got)
		}
	}
	src := source.NewSource(".github/actions/setup/action.yml", []byte(action))
	f := ReadComposite(src)
	if f.Problem != nil || len(f.Jobs) != 1 || !f.Composite {
		t.Fatalf("ReadComposite: problem %v, %d jobs", f.Problem, len(f.Jobs))
	}
	j := f.Jobs[0]
	u := j.Unit(&Env{}, "linux")
	var got []string
	for _, c := range u.Spec.Phases[0].Commands {
		got = append(got, strings.TrimSpace(c.Value))
	}
	if strings.Join(got, "|") != "sudo apt-get install -y jq" {
		t.Errorf("linux commands = %q", got)
	}
	if len(u.Setup) == 0 || u.Setup[0].Tool != "node" || u.Setup[0].Version != "20" {
		t.Errorf("setup = %+v, want node 20", u.Setup)
	}
	c := calls(u)
	if len(c) != 1 || text(src, c[0].Args[len(c[0].Args)-1].Range()) != "jq" {
		t.Errorf("the call's last word does not map to jq in the file")
	}
	u = j.Unit(&Env{}, "windows")
	got = nil
	for _, c := range u.Spec.Phases[0].Commands {
		got = append(got, strings.TrimSpace(c.Value))
	}
	if strings.Join(got, "|") != "sudo apt-get install -y jq|choco install jq" {
		t.Errorf("windows commands = %q", got)
	}
}

func dn(d buildspec.Dialect) string {
	switch d {
	case buildspec.DialectShell:
		return "shell"
	case buildspec.DialectPowerShell:
		return "powershell"
	case buildspec.DialectCmd:
		return "cmd"
	}
	return "other"
}

func TestRuntimeTools(t *testing.T) {
	f := read(t, "on: push\njobs:\n  b:\n    runs-on: macos-14\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - uses: Docker/Setup-Docker-Action@v4\n        with:\n          version: v27.0.3\n      - uses: actions/setup-node@v4\n      - uses: ./.github/actions/setup-docker\n      - uses: docker/setup-qemu-action@v3\n      - uses: ./.github/actions/build\n      - run: docker build .\n")
	u := f.Jobs[0].Unit(f.Jobs[0].Envs[0], "macos")
	var got []string
	for _, s := range u.Setup {
		got = append(got, s.Tool+"="+s.Action+"@"+s.Version+" "+text(f.Source, s.At))
	}
	var tools []string
	for _, g := range got {
		tools = append(tools, g[:strings.IndexByte(g, '=')])
	}
	if len(got) < 2 || got[0] != "docker=docker/setup-docker-action@v27.0.3 Docker/Setup-Docker-Action@v4" || !strings.HasPrefix(got[1], "node=actions/setup-node@ actions/setup-node@v4") ||
		got[len(got)-1] != "docker=./.github/actions/setup-docker@ ./.github/actions/setup-docker" || strings.Count(strings.Join(tools, " "), "docker") != 2 {
		t.Errorf("setup = %q, want docker from setup-docker-action (not setup-buildx-action), node, docker from the local setup-docker (not setup-qemu-action)", got)
	}
}

func TestRuntimeToolsOwnAction(t *testing.T) {
	for uses, want := range map[string]int{"./": 1, ".": 1, "./.github/actions/build": 0, "actions/checkout@v4": 0, "docker/login-action@v3": 0, "docker/setup-buildx-action@v3": 0} {
		if got := len(RuntimeTools(&Step{Uses: uses})); got != want {
			t.Errorf("RuntimeTools(%q) = %d tools, want %d", uses, got, want)
		}
	}
}

func TestJobEnv(t *testing.T) {
	f := read(t, `on: push
env:
  DOCKER_HOST: tcp://builder:2376
  VERSION: "1.0"
  TOKEN: ${{ secrets.TOKEN }}
jobs:
  b:
    runs-on: ubuntu-latest
    env:
      VERSION: "2.0"
      DOCKER_HOST: ${{ inputs.host }}
    steps:
      - run: echo $VERSION
        env:
          STEP_ONLY: x
  c:
    runs-on: ubuntu-latest
    steps:
      - run: echo
  d:
    runs-on: ubuntu-latest
    env: ${{ fromJSON(vars.ENV) }}
    steps:
      - run: echo
`)
	// d's env: is an expression: any variable may be anything, the workflow's too.
	want := map[string]string{"b": "VERSION=2.0@\"2.0\"", "c": "DOCKER_HOST=tcp://builder:2376@tcp://builder:2376 VERSION=1.0@\"1.0\"", "d": ""}
	for _, j := range f.Jobs {
		u := j.Unit(j.Envs[0], "linux")
		var got []string
		if u.Spec.Env != nil {
			for _, e := range u.Spec.Env.Variables {
				got = append(got, e.Key.Name+"="+e.Value.Value+"@"+text(f.Source, e.Value.Range))
				if text(f.Source, e.Key.Range) != e.Key.Name {
					t.Errorf("key range of %s is %q", e.Key.Name, text(f.Source, e.Key.Range))
				}
			}
		}
		if g := strings.Join(got, " "); g != want[j.ID] {
			t.Errorf("job %s: env %q, want %q", j.ID, g, want[j.ID])
		}
	}
}

// TestUnitBudgetPerEnv: the environments of a job share its steps' commands, and each has a
// token budget of its own: a step past the budget in one environment (where 21 big steps run)
// keeps its calls in another (where they do not), whichever unit is made first, and making one
// unit changes nothing in another.
func TestUnitBudgetPerEnv(t *testing.T) {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        os: [small, big]\n    runs-on: ${{ matrix.os }}\n    steps:\n")
	one := strings.Repeat("a;", buildspec.MaxShellTokens/2-1) + "a"
	for range buildspec.MaxDocumentTokens/buildspec.MaxShellTokens + 1 {
		b.WriteString("      - if: matrix.os == 'big'\n        run: " + one + "\n")
	}
	b.WriteString("      - run: make\n")
	names := func(u *Unit) string {
		var out []string
		for _, c := range calls(u) {
			if c.Name() != "a" {
				out = append(out, c.Name())
			}
		}
		return strings.Join(out, "|")
	}
	for _, first := range []int{0, 1} {
		j := read(t, b.String()).Jobs[0]
		if len(j.Envs) != 2 {
			t.Fatalf("%d environments, want 2", len(j.Envs))
		}
		units := make([]*Unit, 2)
		units[first] = j.Unit(j.Envs[first], "linux")
		before := names(units[first])
		units[1-first] = j.Unit(j.Envs[1-first], "linux")
		if got := names(units[first]); got != before {
			t.Errorf("making the unit of %s changed the calls of %s's from %q to %q", j.Envs[1-first].Matrix, j.Envs[first].Matrix, before, got)
		}
		if got := names(units[0]); got != "make" {
			t.Errorf("%s first: small runs %q, want make", j.Envs[first].Matrix, got)
		}
		if got := names(units[1]); got != "" {
			t.Errorf("%s first: big runs %q past its budget, want nothing", j.Envs[first].Matrix, got)
		}
		if n := len(units[1].Spec.Problems); n != 1 || units[1].Spec.Problems[0].Range.Start.Line != 50 {
			t.Errorf("%s first: big has %d problems (%v), want the budget at line 50", j.Envs[first].Matrix, n, units[1].Spec.Problems)
		}
	}
}
