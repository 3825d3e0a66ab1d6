package linttest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// echoRule reports every argument "x" of an echo call, so fixtures can place findings exactly.
var echoRule = &lint.Rule{
	Rule: finding.Rule{
		ID: "BSL999", Name: "echo-x", Severity: finding.SeverityWarning,
	},
	Check: func(p *lint.Pass) {
		for _, c := range p.Calls() {
			if c.Name() != "echo" {
				continue
			}
			for _, a := range c.Args[1:] {
				if a.Value == "x" {
					p.Report(a.Range(), "echo of x")
				}
			}
		}
	},
}

// toolRule reports when the image has jq, to test image options.
var toolRule = &lint.Rule{
	Rule: finding.Rule{
		ID: "BSL998", Name: "has-jq", Severity: finding.SeverityNotice,
	},
	Check: func(p *lint.Pass) {
		if p.Image.Has("jq") != nil {
			p.Report(p.Spec.Root, "image has jq")
		}
	},
}

// recorder is a testing.TB that records errors instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

func lintText(t *testing.T, text string) (*source.Source, []*finding.Finding) {
	src := source.NewSource("f.yml", []byte(text))
	return src, (&lint.Linter{Rules: lint.RuleSet{echoRule}}).Lint(src, nil)
}

func TestParseWants(t *testing.T) {
	src := source.NewSource("f.yml", []byte(strings.Join([]string{
		`a: 1 # want: BSL101 "re"`,
		`b: 2 # want+2@9-12: BSL102 "x" name-rule@3 "y"`,
		"c: 3 # want-1: BSL103 `raw\\d`",
	}, "\n")))
	wants, errs := ParseWants(src)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	got := []string{}
	for _, w := range wants {
		got = append(got, w.String())
	}
	want := []string{`1 BSL101 "re"`, `4:9-12 BSL102 "x"`, `4:3 name-rule "y"`, `2 BSL103 "raw\\d"`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wants = %q, want %q", got, want)
	}
}

func TestParseWantsErrors(t *testing.T) {
	for _, line := range []string{
		`a: 1 # want:`,
		`a: 1 # want: BSL101`,
		`a: 1 # want: BSL101 unquoted`,
		`a: 1 # want: BSL101 "(bad"`,
		`a: 1 # want: "no rule"`,
	} {
		_, errs := ParseWants(source.NewSource("f.yml", []byte(line)))
		if len(errs) == 0 {
			t.Errorf("%s: no error", line)
		}
	}
}

const fixture = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo a x\n"

func TestCheck(t *testing.T) {
	src, findings := lintText(t, fixture)
	if len(findings) != 1 || findings[0].Range.String() != "5:16-5:17" {
		t.Fatalf("findings = %v", findings)
	}
	cases := []struct {
		want string // the want comment, placed on line 1
		errs []string
	}{
		{`# want+4: BSL999 "echo of x"`, nil},
		{`# want+4@16-17: echo-x "^echo"`, nil},
		{`# want+4@16: BSL999 "x"`, nil},
		{`# want+4@15: BSL999 "x"`, []string{"unexpected finding BSL999", "no finding matched want 5:15 BSL999 \"x\" (written on line 1)\n\tnear miss: BSL999 at 5:16-5:17"}},
		{`# want+4@16-18: BSL999 "x"`, []string{"unexpected", "no finding matched"}},
		{`# want+4: BSL999 "other"`, []string{"unexpected", "no finding matched"}},
		{`# want+3: BSL999 "x"`, []string{"unexpected", "f.yml:4:1: no finding matched"}},
		{`# want+4: BSL999 "x" BSL999 "x"`, []string{"f.yml:5:1: no finding matched"}},
		{``, []string{"f.yml:5:16: unexpected finding BSL999 echo-x at 5:16-5:17: echo of x"}},
	}
	for _, c := range cases {
		wsrc := source.NewSource("f.yml", []byte(c.want+"\n"))
		wants, errs := ParseWants(wsrc)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		r := &recorder{TB: t}
		Check(r, src.Path, wants, findings)
		if len(r.errs) != len(c.errs) {
			t.Errorf("%q: errors %q, want %d matching %q", c.want, r.errs, len(c.errs), c.errs)
			continue
		}
		all := strings.Join(r.errs, "\n")
		for _, e := range c.errs {
			if !strings.Contains(all, e) {
				t.Errorf("%q: errors %q do not contain %q", c.want, r.errs, e)
			}
		}
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("bad.yml", "version: 0.2\nphases:\n  build:\n    commands:\n      - echo a x # want@16-17: BSL999 \"echo of x\"\n"+
		"      - |  # want+2@14: BSL999 \"x\"\n        echo a\n        echo x y\n")
	write("ok/clean.yaml", "version: 0.2\nphases:\n  build:\n    commands:\n      - echo a\n")
	write("tools.yml", "# linttest: tools=jq,curl\nversion: 0.2 # want: BSL998 \"jq\"\nphases:\n  build:\n    commands:\n      - echo a\n")
	write("image.yml", "# linttest: image=ci\nversion: 0.2 # want: has-jq \"jq\"\nphases:\n  build:\n    commands:\n      - echo a\n")
	Run(t, lint.RuleSet{echoRule, toolRule}, dir, &Options{
		ImageFor: func(name string) (*image.Inventory, error) {
			if name != "ci" {
				return nil, fmt.Errorf("no image %s", name)
			}
			return Tools("jq"), nil
		},
	})
}

func TestApplyFixes(t *testing.T) {
	src, findings := lintText(t, fixture)
	findings[0].Fix = finding.NewFix("", findings[0].Range, "y")
	x := findings[0].Range.Start.Offset
	overlap := &finding.Finding{Fix: finding.NewFix("", src.Range(x, x+2), "zz")}
	got := string(ApplyFixes(src.Data, append(findings, overlap)))
	if want := strings.Replace(fixture, "a x", "a y", 1); got != want {
		t.Errorf("ApplyFixes = %q, want %q", got, want)
	}
}

func TestTestData(t *testing.T) {
	d := TestData(t, "rules", "x")
	if !strings.HasSuffix(filepath.ToSlash(d), "/testdata/rules/x") {
		t.Errorf("TestData = %s", d)
	}
	if _, err := os.Stat(filepath.Join(d, "..", "..", "..", "go.mod")); err != nil {
		t.Errorf("TestData = %s: not beside go.mod: %v", d, err)
	}
}

// fixRule reports every argument "x" of an echo call with a fix that replaces it by "y".
var fixRule = &lint.Rule{
	Rule: finding.Rule{
		ID: "BSL997", Name: "fix-x", Severity: finding.SeverityWarning,
	},
	Check: func(p *lint.Pass) {
		for _, c := range p.Calls() {
			for _, a := range c.Args[1:] {
				if a.Value == "x" {
					p.Report(a.Range(), "echo of x").Fix = finding.NewFix("", a.Range(), "y")
				}
			}
		}
	},
}

func TestGolden(t *testing.T) {
	fixed := strings.Replace(fixture, "a x", "a y", 1)
	stale := fixture
	cases := []struct {
		name   string
		rule   *lint.Rule
		golden *string // nil: no golden file
		errs   []string
	}{
		{"fix and golden", fixRule, &fixed, nil},
		{"fix and no golden", fixRule, nil, []string{"f.yml: its findings have fixes but f.yml.golden does not exist; create it with `go test ./lint/linttest -run '^TestGolden$' -update`", "define no -update flag"}},
		{"fix and stale golden", fixRule, &stale, []string{"fixed file differs from", "-update"}},
		{"no fix and no golden", echoRule, nil, nil},
		{"no fix and golden", echoRule, &fixed, []string{"fixed file differs from"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.yml")
			if err := os.WriteFile(path, []byte(fixture), 0o644); err != nil {
				t.Fatal(err)
			}
			if c.golden != nil {
				if err := os.WriteFile(path+".golden", []byte(*c.golden), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			src := source.NewSource(path, []byte(fixture))
			l := &lint.Linter{Rules: lint.RuleSet{c.rule}}
			findings := l.Lint(src, nil)
			if len(findings) != 1 {
				t.Fatalf("findings = %v", findings)
			}
			fixed, _, notes := l.Fix(src, nil)
			r := &recorder{TB: t}
			checkGolden(r, path, src, findings, fixed, notes)
			if len(r.errs) != min(len(c.errs), 1) {
				t.Fatalf("errors %q, want %d matching %q", r.errs, min(len(c.errs), 1), c.errs)
			}
			for _, e := range c.errs {
				if !strings.Contains(r.errs[0], e) {
					t.Errorf("error %q does not contain %q", r.errs[0], e)
				}
			}
		})
	}
}

// TestFixtureCompute: compute= and docker= lines set the fixture image's compute and Docker mode
// as the configuration does, on the image= image, on Options.Image, or on an empty tool list.
func TestFixtureCompute(t *testing.T) {
	ci := Tools("jq")
	opts := &Options{Image: Tools("make"), ImageFor: func(string) (*image.Inventory, error) { return ci, nil }}
	tests := []struct {
		text    string
		tool    string
		compute image.Compute
		docker  image.Docker
		err     string
	}{
		{"# linttest: image=ci\n# linttest: compute=reserved\n", "jq", image.ComputeReserved, image.DockerUnknown, ""},
		{"# linttest: docker=server\n# linttest: image=ci\n", "jq", image.ComputeUnknown, image.DockerServer, ""},
		{"# linttest: compute=lambda\n", "make", image.ComputeLambda, image.DockerNone, ""},
		{"# linttest: compute=lambda\n# linttest: docker=none\n", "make", image.ComputeLambda, image.DockerNone, ""},
		{"# linttest: compute=fargate\n", "", 0, 0, `compute="fargate": want one of ec2, lambda, reserved`},
		{"# linttest: docker=dind\n", "", 0, 0, `docker="dind": want one of daemon, server, none`},
	}
	for _, tt := range tests {
		inv, err := fixtureImage(source.NewSource("f.yml", []byte(tt.text)), opts, opts.Image)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.text, err, tt.err)
			}
			continue
		}
		if err != nil || inv == nil || inv.Has(tt.tool) == nil || inv.Compute != tt.compute || inv.Docker != tt.docker {
			t.Errorf("%q: %+v, %v", tt.text, inv, err)
		}
	}
	if ci.Compute != image.ComputeUnknown || opts.Image.Compute != image.ComputeUnknown {
		t.Error("compute= changed the shared image instead of a copy")
	}
	if inv, _ := fixtureImage(source.NewSource("f.yml", []byte("# linttest: compute=reserved\n")), &Options{}, nil); inv == nil || inv.Compute != image.ComputeReserved || inv.ComputeOrigin != "f.yml:1" {
		t.Errorf("no image: %+v", inv)
	}
}

// TestCheckEveryRule: a fix that another rule's finding makes the engine drop fails the fixture
// when every rule runs; a fix that every rule lets through passes.
func TestCheckEveryRule(t *testing.T) {
	fixX := &lint.Rule{
		Rule: finding.Rule{ID: "BSL997", Name: "fix-x", Severity: finding.SeverityWarning},
		Check: func(p *lint.Pass) {
			for _, c := range p.Calls() {
				for _, a := range c.Args[1:] {
					if a.Value == "x" {
						p.Report(a.Range(), "x").Fix = finding.NewFix("use y", a.Range(), "y")
					}
				}
			}
		},
	}
	noY := &lint.Rule{
		Rule: finding.Rule{ID: "BSL996", Name: "no-y", Severity: finding.SeverityWarning},
		Check: func(p *lint.Pass) {
			for _, c := range p.Calls() {
				for _, a := range c.Args[1:] {
					if a.Value == "y" {
						p.Report(a.Range(), "y")
					}
				}
			}
		},
	}
	src := source.NewSource("f.yml", []byte("version: 0.2\nphases:\n  build:\n    commands:\n      - echo x\n"))
	findings := (&lint.Linter{Rules: lint.RuleSet{fixX}}).Lint(src, nil)
	if len(findings) != 1 || findings[0].Fix == nil {
		t.Fatalf("findings = %v", findings)
	}
	defer func(e lint.RuleSet) { Every = e }(Every)
	for _, tc := range []struct {
		every lint.RuleSet
		errs  int
	}{{lint.RuleSet{fixX}, 0}, {lint.RuleSet{fixX, echoRule}, 0}, {lint.RuleSet{fixX, noY}, 1}} {
		Every = tc.every
		r := &recorder{TB: t}
		checkEveryRule(r, "f.yml", src, nil, findings)
		if len(r.errs) != tc.errs {
			t.Errorf("every %d rules: errors %q, want %d", len(tc.every), r.errs, tc.errs)
		} else if tc.errs > 0 && !strings.Contains(r.errs[0], "would raise BSL996") {
			t.Errorf("error %q does not say why", r.errs[0])
		}
	}
}

// TestFixturePrivileged: privileged=off|on sets the project's privileged mode on a copy of the
// image, placed at that line of the fixture; another value is an error.
func TestFixturePrivileged(t *testing.T) {
	base := Tools("make")
	text := "version: 0.2\n# linttest: privileged=off\n"
	src := source.NewSource("f.yml", []byte(text))
	inv, err := fixtureImage(src, &Options{}, base)
	if err != nil || inv == nil || inv.Privileged != image.PrivilegedOff || inv.Has("make") == nil {
		t.Fatalf("privileged=off: %+v, %v", inv, err)
	}
	at := inv.PrivilegedAt
	if at == nil || at.Source != src || at.Range.String() != "2:13-2:27" || at.Message != "privileged mode is off here" || at.Project == "" {
		t.Errorf("PrivilegedAt = %+v", at)
	}
	if base.Privileged != image.PrivilegedUnknown {
		t.Error("privileged= changed the shared image instead of a copy")
	}
	if inv, err := fixtureImage(source.NewSource("f.yml", []byte("# linttest: privileged=on\n")), &Options{}, nil); err != nil || inv == nil || inv.Privileged != image.PrivilegedOn {
		t.Errorf("privileged=on: %+v, %v", inv, err)
	}
	if _, err := fixtureImage(source.NewSource("f.yml", []byte("# linttest: privileged=true\n")), &Options{}, nil); err == nil || !strings.Contains(err.Error(), `privileged="true": want on or off`) {
		t.Errorf("privileged=true: error %v", err)
	}
}

// relatedRule reports every echo x with a related location at line 1 of its file.
var relatedRule = &lint.Rule{
	Rule: finding.Rule{ID: "BSL997", Name: "echo-related", Severity: finding.SeverityWarning},
	Check: func(p *lint.Pass) {
		for _, c := range p.Calls() {
			if c.Name() == "echo" && len(c.Args) > 1 && c.Args[1].Value == "x" {
				f := p.Report(c.Args[1].Range(), "echo of x")
				src := p.Spec.Source
				f.Related = []finding.Related{{Source: src, Path: src.Path, Range: src.LineRange(1), Message: "the version is here"}}
			}
		}
	},
}

// TestCheckRelated: a want's related:LINE "re" must meet a related location on that line whose
// message matches.
func TestCheckRelated(t *testing.T) {
	src := source.NewSource("f.yml", []byte("version: 0.2\nphases:\n  build:\n    commands:\n      - echo x\n"))
	findings := (&lint.Linter{Rules: lint.RuleSet{relatedRule}}).Lint(src, nil)
	if len(findings) != 1 || len(findings[0].Related) != 1 {
		t.Fatalf("findings = %+v", findings)
	}
	cases := []struct {
		want string
		ok   bool
	}{
		{`# want+4: BSL997 "echo of x" related:1 "^the version is here$"`, true},
		{`# want+4: BSL997 "echo of x" related:2 "version"`, false},
		{`# want+4: BSL997 "echo of x" related:1 "phases"`, false},
		{`# want+4: BSL997 "echo of x"`, true},
	}
	for _, c := range cases {
		wants, errs := ParseWants(source.NewSource("f.yml", []byte(c.want+"\n")))
		if len(errs) > 0 || len(wants) != 1 {
			t.Fatalf("%q: %v %v", c.want, wants, errs)
		}
		r := &recorder{TB: t}
		Check(r, src.Path, wants, findings)
		if c.ok != (len(r.errs) == 0) {
			t.Errorf("%q: errors %q, want ok=%v", c.want, r.errs, c.ok)
		}
	}
	for _, bad := range []string{`# want: BSL997 "x" related:1 unquoted`, `# want: BSL997 "x" related:1 "(bad"`} {
		if _, errs := ParseWants(source.NewSource("f.yml", []byte(bad+"\n"))); len(errs) == 0 {
			t.Errorf("%s: no error", bad)
		}
	}
}

// runnerRule reports, on each run: step's first call, the runner its job runs on as
// Inventory.Runner says it, so that a fixture can pin what its runner= lines set.
var runnerRule = &lint.Rule{
	Rule:      finding.Rule{ID: "BSL998", Name: "runner-of", Severity: finding.SeverityWarning},
	Workflows: true,
	Check: func(p *lint.Pass) {
		for _, c := range p.Calls() {
			r := p.Image.Runner
			if r != nil && r.Matrix == "matrix.os = windows-2022" {
				continue // so that the other value's finding says for which
			}
			if r == nil {
				p.Report(c.Range(), "no runner")
				continue
			}
			tools := make([]string, 0, len(p.Image.Tools))
			for n := range p.Image.Tools {
				tools = append(tools, n)
			}
			sort.Strings(tools)
			p.Reportf(c.Range(), "kind=%d label=%s image=%s os=%s container=%s tools=%s",
				r.Kind, r.Label, r.Image, r.OS, r.Container, strings.Join(tools, ","))
		}
	},
}

func TestFixtureRunner(t *testing.T) {
	images := func(name string) (*image.Inventory, error) {
		switch name {
		case "macos-14", "alpine:3.20":
			return Tools("brew-" + name), nil
		}
		return nil, fmt.Errorf("unknown image %q", name)
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := write("wf.yml", `# linttest: runner=github
# linttest: tools=jq
on: push
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - run: echo a # want: BSL998 "^kind=1 label=ubuntu-24.04 image= os=linux container= tools=jq$"
  b:
    strategy:
      matrix:
        os: [windows-2022, macos-14]
    runs-on: ${{ matrix.os }}
    steps:
      - run: echo b # want: BSL998 "^kind=1 label=macos-14 image=macos-14 os=macos container= tools=brew-macos-14 .only for matrix.os = macos-14.$"
  d:
    runs-on: [windows-2022, x64]
    steps:
      - run: echo d # want: BSL998 "^kind=1 label=windows-2022 image= os=windows container= tools=jq$"
  c:
    runs-on: ubuntu-24.04
    container: alpine:3.20
    steps:
      - run: echo c # want: BSL998 "^kind=1 label=ubuntu-24.04 image= os=linux container=alpine:3.20 tools=brew-alpine:3.20$"
`)
	RunFile(t, lint.RuleSet{runnerRule}, ok, &Options{ImageFor: images})
	cb := write("cb.yml", "# linttest: runner=codebuild\n# linttest: os=windows\non: push\njobs:\n  a:\n    runs-on: codebuild-p-${{ github.run_id }}\n    steps:\n      - run: echo a # want: BSL998 \"^kind=2 label=codebuild-p-....github.run_id .. image= os=windows container= tools=$\"\n")
	RunFile(t, lint.RuleSet{runnerRule}, cb, nil)
	for _, bad := range []struct{ text, want string }{
		{"# linttest: runner=gitlab\n", `runner="gitlab": want github, codebuild or unknown`},
		{"# linttest: runner=github\n# linttest: os=plan9\n", `os="plan9": want linux, windows or macos`},
		{"# linttest: os=linux\n", "an os= line without a runner= line"},
	} {
		if _, err := fixtureRunner(source.NewSource("f.yml", []byte(bad.text)), &Options{}, nil); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: error %v, want %q", bad.text, err, bad.want)
		}
	}
}
