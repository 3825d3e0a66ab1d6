package lint

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestOtherFormat pins which files discovery skips as another format and which it still lints
// as buildspecs (maybe broken ones the user wants to hear about).
func TestOtherFormat(t *testing.T) {
	tests := []struct {
		name, src, want string // want: a substring of the format, "" for a buildspec
	}{
		{"workflow", "name: ci\non:\n  pull_request:\njobs:\n  lint:\n    runs-on: ubuntu-latest\n", "GitHub Actions workflow"},
		{"workflow quoted on", "\"on\": push\njobs: {}\n", "GitHub Actions workflow"},
		{"cloudformation version", "AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}\n", "CloudFormation"},
		{"cloudformation resources", "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n", "template (Resources"},
		{"cloudformation custom resource", "Resources:\n  X:\n    Properties: {}\n    Type: Custom::Thing\n", "template (Resources"},
		{"resources without AWS types", "Resources:\n  X:\n    Type: something\n", "without version, phases or batch"},
		{"kubernetes", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n", "Kubernetes"},
		{"kubernetes multi-document", "---\napiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\n---\n", "Kubernetes"},
		{"compose with version", "version: \"3.8\"\nservices:\n  web:\n    image: nginx\n", "Docker Compose"},
		{"any other mapping", "foo: bar\nbaz: 1\n", "without version, phases or batch"},
		{"short keys near batch", "match: 1\npatch: 2\npath: 3\n", "without version, phases or batch"},
		{"dependabot", "version: 2\nupdates:\n  - package-ecosystem: gomod\n", "Dependabot"},
		{"circleci", "version: 2.1\njobs:\n  build:\n    docker: []\nworkflows: {}\n", "version \"2.1\" and none of a buildspec's keys"},
		{"workflow then kubernetes", "on: push\njobs: {}\n---\napiVersion: v1\nkind: Pod\n", "GitHub Actions workflow"},

		{"buildspec", "version: 0.2\nphases:\n  build:\n    commands: [make]\n", ""},
		{"buildspec without version", "phases:\n  build:\n    commands: [make]\n", ""},
		{"batch buildspec", "batch:\n  build-list: []\n", ""},
		{"version only", "version: 0.2\nenv:\n  variables: {A: b}\n", ""},
		{"a lone wrong version", "version: 2\n", ""},
		{"a wrong version beside buildspec keys", "version: 1.0\nartifacts:\n  files: ['**/*']\n", ""},
		{"a wrong version beside misspelt keys", "version: 2\nArtifacts: {}\n", ""},
		{"phases beside workflow keys", "on: push\njobs: {}\nphases: {}\n", ""},
		{"misspelt keys", "verison: 0.2\nphase:\n  build: {}\n", ""},
		{"capitalised", "Version: 0.2\nPhases: {}\n", ""},
		{"swapped letters", "vesrion: 0.2\n", ""},
		{"empty file", "", ""},
		{"only comments", "# nothing yet\n", ""},
		{"empty documents", "---\n---\n", ""},
		{"syntax error", "on: push\njobs:\n  a: [\n", ""},
		{"syntax error in a later document", "apiVersion: v1\nkind: Pod\n---\nphases: [\n", ""},
		{"action metadata", "name: x\ndescription: y\nruns:\n  using: node20\n  main: index.js\n", "GitHub Action's metadata"},
		{"workflow then buildspec", "on: push\njobs: {}\n---\nversion: 0.2\nphases: {}\n", ""},
		{"sequence", "- version: 0.2\n", ""},
		{"phases from a merge key", "x-common: &c\n  phases: {}\n<<: *c\n", ""},
		{"a hostile mapping of many keys", strings.Repeat("k", 50) + ": 1\n" + strings.Repeat("key: 1\n", 3), "without version, phases or batch"},
		{"scalar", "version 0.2\n", ""},
	}
	for _, tt := range tests {
		got := OtherFormat(buildspec.Parse(source.NewSource("buildspec.yml", []byte(tt.src))))
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: OtherFormat = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestDiscoveredSkipped checks that the linter skips a discovered file of another format, and
// lints the same file when it is named.
func TestDiscoveredSkipped(t *testing.T) {
	wf := []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n")
	l := &Linter{Rules: RuleSet{{Rule: finding.Rule{ID: "BSL998", Name: "every-file", Severity: finding.SeverityError}, Check: func(p *Pass) {
		p.Report(p.Spec.Root, "seen")
	}}}}
	res := l.Run([]Input{{Path: "a.yml", Data: wf, Discovered: true}, {Path: "b.yml", Data: wf}})
	if res.Files != 1 || len(res.Skipped) != 1 || res.Skipped[0].Path != "a.yml" || !strings.Contains(res.Skipped[0].Format, "Kubernetes") {
		t.Fatalf("files %d skipped %+v, want b.yml linted and a.yml skipped", res.Files, res.Skipped)
	}
	if len(res.Findings) != 1 || res.Findings[0].Path != "b.yml" {
		t.Errorf("findings %v, want one on the named file b.yml", res.Findings)
	}
}

// TestWorkflowsLinted checks that a workflow, discovered or named, is linted as a workflow: by
// the rules that apply to workflows only, never skipped as another format.
func TestWorkflowsLinted(t *testing.T) {
	wf := []byte("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n")
	every := &Rule{Rule: finding.Rule{ID: "BSL998", Name: "every-file", Severity: finding.SeverityError}, Check: func(p *Pass) {
		p.Report(p.Spec.Root, "seen")
	}}
	cmds := &Rule{Rule: finding.Rule{ID: "BSL997", Name: "commands", Severity: finding.SeverityError}, Workflows: true, Check: func(p *Pass) {
		for _, c := range p.Commands() {
			p.Report(c.Range, "command "+c.Value)
		}
	}}
	l := &Linter{Rules: RuleSet{every, cmds}}
	res := l.Run([]Input{{Path: "a.yml", Data: wf, Discovered: true}, {Path: "b.yml", Data: wf}, {Path: ".github/workflows/c.yml", Data: []byte("{}\n")}})
	if res.Files != 3 || len(res.Skipped) != 0 {
		t.Fatalf("files %d skipped %+v, want all three linted", res.Files, res.Skipped)
	}
	if len(res.Findings) != 2 {
		t.Fatalf("findings %v, want one command finding in each of a.yml and b.yml", res.Findings)
	}
	for _, f := range res.Findings {
		if f.RuleID() != "BSL997" || f.Message != "command make" || f.Range.Start.Line != 6 || f.Range.Start.Col != 14 {
			t.Errorf("finding %s %s:%s %q, want BSL997 at 6:14 \"command make\"", f.RuleID(), f.Path, f.Range.Start, f.Message)
		}
	}
}

// TestCompositeUnderAnotherName checks that a composite action is linted as one whatever its
// file is called, and that another action's metadata is skipped when discovered.
func TestCompositeUnderAnotherName(t *testing.T) {
	composite := []byte("name: x\nruns:\n  using: composite\n  steps:\n    - run: make\n      shell: bash\n")
	node := []byte("name: x\nruns:\n  using: node20\n  main: index.js\n")
	cmds := &Rule{Rule: finding.Rule{ID: "BSL997", Name: "commands", Severity: finding.SeverityError}, Workflows: true, Check: func(p *Pass) {
		for _, c := range p.Commands() {
			p.Report(c.Range, "command "+c.Value)
		}
	}}
	l := &Linter{Rules: RuleSet{cmds}}
	res := l.Run([]Input{{Path: "tools/setup.yml", Data: composite, Discovered: true}, {Path: "action.yml", Data: node, Discovered: true}})
	if res.Files != 1 || len(res.Skipped) != 1 || res.Skipped[0].Path != "action.yml" {
		t.Fatalf("files %d skipped %+v, want the composite linted and the node action skipped", res.Files, res.Skipped)
	}
	if len(res.Findings) != 1 || res.Findings[0].Range.Start.Line != 5 || res.Findings[0].Range.Start.Col != 12 {
		t.Errorf("findings %v, want the composite's step at 5:12", res.Findings)
	}
}

// TestVariantsOfSteps checks how a finding of a job's matrix is worded: once with no suffix when
// every environment that runs its step raises it (a step that if: keeps to one OS), and saying
// which environments when only some of those that run it do.
func TestVariantsOfSteps(t *testing.T) {
	wf := []byte(`on: push
jobs:
  a:
    strategy:
      matrix:
        os: [ubuntu-24.04, macos-14, windows-2022]
    runs-on: ${{ matrix.os }}
    steps:
      - if: runner.os == 'Linux'
        run: apt-get install -y jq
      - run: install jq
`)
	rule := &Rule{Rule: finding.Rule{ID: "BSL997", Name: "has-jq", Severity: finding.SeverityError}, Workflows: true, Check: func(p *Pass) {
		if p.Image.Has("jq") == nil {
			return
		}
		for _, c := range p.Commands() {
			if strings.Contains(c.Value, "jq") {
				p.Report(c.Range, "jq on "+p.Image.Name).Fix = finding.NewFix("drop it", c.Range, "echo ok")
			}
		}
	}}
	fs := &FileSettings{Runner: func(env *workflow.Env) *image.Inventory {
		inv := &image.Inventory{Name: env.Labels[0], Tools: map[string]*image.Tool{}}
		inv.Runner = &image.Runner{Kind: image.RunnerGitHub, Label: env.Labels[0], OS: map[byte]string{'u': "linux", 'm': "macos", 'w': "windows"}[env.Labels[0][0]]}
		if env.Labels[0] != "macos-14" {
			inv.Tools["jq"] = &image.Tool{Name: "jq"}
		}
		return inv
	}}
	l := &Linter{Rules: RuleSet{rule}}
	got := l.Lint(source.NewSource(".github/workflows/ci.yml", wf), fs)
	if len(got) != 2 {
		t.Fatalf("findings %v, want two", got)
	}
	if got[0].Message != "jq on ubuntu-24.04" || got[0].Fix == nil {
		t.Errorf("first finding %q (fix %v), want the Linux step's, unqualified and with its fix: only Linux runs it", got[0].Message, got[0].Fix)
	}
	if want := "jq on ubuntu-24.04 (only for matrix.os = ubuntu-24.04; matrix.os = windows-2022)"; got[1].Message != want || got[1].Fix != nil {
		t.Errorf("second finding %q (fix %v), want %q without a fix", got[1].Message, got[1].Fix, want)
	}
}
