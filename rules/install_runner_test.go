package rules

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
)

// The setup actions that advice names put the tool on the PATH with the version of the input
// the advice names, as the workflow reader knows them.
func TestSetupAdviceAgreesWithTheWorkflowReader(t *testing.T) {
	for tool, s := range setupAdvice {
		got := workflow.SetupTools(&workflow.Step{Uses: s.action + "@v9", With: map[string]string{s.input: "1.2.3"}})
		i := slices.IndexFunc(got, func(st *image.SetupTool) bool { return st.Tool == tool })
		if i < 0 || got[i].Version != "1.2.3" || got[i].Action != s.action {
			t.Errorf("%s with %s: 1.2.3 does not put %s 1.2.3 on the PATH for the workflow reader (%d tools)", s.action, s.input, tool, len(got))
		}
	}
}

// workflowPass runs redundant-install over each job of a workflow on GitHub's runner image
// label (runnerImage), as the linter does, and returns the findings with the fixes the rule
// offers, before any verification.
func workflowFindings(t *testing.T, r *lint.Rule, text string, edit func(*image.Inventory)) []*finding.Finding {
	t.Helper()
	src := source.NewSource("ci.yml", []byte(text))
	f := workflow.Read(src)
	if f.Problem != nil || len(f.Jobs) == 0 {
		t.Fatalf("not a workflow: %v", f.Problem)
	}
	var out []*finding.Finding
	for _, job := range f.Jobs {
		for _, env := range job.Envs {
			inv := runnerImage(env.Labels[0])
			if inv == nil {
				t.Fatalf("no test image for %v", env.Labels)
			}
			os := "linux"
			if strings.HasPrefix(env.Labels[0], "macos") {
				os = "macos"
			}
			u := job.Unit(env, os)
			inv.Runner = &image.Runner{Kind: image.RunnerGitHub, Label: env.Labels[0], Image: env.Labels[0], OS: os, Setup: u.Setup}
			if edit != nil {
				edit(inv)
			}
			r.Check(lint.NewPass(r, u.Spec, inv, func(f *finding.Finding) { out = append(out, f) }))
		}
	}
	return out
}

// A removal that would leave a run: script with nothing is not offered: deleting the value
// would break the step. A package word, or an && part, is.
func TestRedundantInstallNoFixEmptiesAStep(t *testing.T) {
	got := workflowFindings(t, RedundantInstall, `on: push
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - run: sudo apt-get install -y jq
      - run: |
          sudo apt-get install -y jq
          curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | bash
      - run: sudo apt-get install -y jq zstd
      - run: make && sudo apt-get install -y jq
`, nil)
	fixed := map[int]bool{}
	for _, f := range got {
		if f.Fix != nil {
			if len(f.Fix.Edits) == 0 {
				t.Errorf("line %d: a fix with no edit", f.Range.Start.Line)
			}
			for _, e := range f.Fix.Edits {
				if e.Range.End.Offset <= e.Range.Start.Offset || e.Range.Start.Line == 0 {
					t.Errorf("line %d: an empty or zero edit %v", f.Range.Start.Line, e.Range)
				}
			}
		}
		fixed[f.Range.Start.Line] = f.Fix != nil
	}
	want := map[int]bool{6: false, 8: false, 9: false, 10: true, 11: true}
	for line, w := range want {
		if v, ok := fixed[line]; !ok || v != w {
			t.Errorf("line %d: fix offered %v (found %v), want %v", line, v, ok, w)
		}
	}
}

func TestRunnerFixAdvice(t *testing.T) {
	gh := &image.Inventory{Runner: &image.Runner{Kind: image.RunnerGitHub, Label: "ubuntu-24.04"}}
	cb := &image.Inventory{Name: "aws/codebuild/amazonlinux-x86_64-standard:5.0", Runner: &image.Runner{Kind: image.RunnerCodeBuild}}
	for _, tt := range []struct {
		inv       *image.Inventory
		tool, ver string
		want      string
	}{
		{gh, "node", "18", "use actions/setup-node with node-version: 18 instead"},
		{gh, "kubectl", "1.30.0", "use azure/setup-kubectl with version: v1.30.0 instead"},
		{gh, "terraform", "", "use hashicorp/setup-terraform (its terraform_version input) instead"},
		{gh, "yq", "4.44.1", "cache it with actions/cache (GitHub's runner images cannot be changed)"},
		{cb, "yq", "4.44.1", "bake it into a custom image and name it with the job's image:custom-... label, or cache it with actions/cache"},
		{cb, "go", "1.22.5", "use actions/setup-go with go-version: 1.22.5 instead"},
	} {
		in := installOf(tt.tool, tt.ver)
		if got := runnerFix(tt.inv, in, tt.tool); got != tt.want {
			t.Errorf("%s %s on %s: %q, want %q", tt.tool, tt.ver, imgLabel(tt.inv), got, tt.want)
		}
	}
	if got := imgLabel(cb); !strings.Contains(got, "CodeBuild runner's image aws/codebuild") {
		t.Errorf("imgLabel(codebuild) = %q", got)
	}
}

// installOf is a download of tool at version ver ("" when it names none).
func installOf(tool, ver string) *install.Install {
	return &install.Install{Manager: "curl", Package: tool, Version: ver, Tools: []string{tool}}
}

// A macOS runner's inventory that names no package manager (or brew, which is no Linux
// distribution's) still has none of apt-get, yum and apk.
func TestWrongPackageManagerMacOSRunner(t *testing.T) {
	for _, pm := range []string{"", "brew"} {
		got := workflowFindings(t, WrongPackageManager, "on: push\njobs:\n  a:\n    runs-on: macos-14\n    steps:\n      - run: sudo yum install -y jq && brew install jq\n",
			func(inv *image.Inventory) { inv.PackageManager, inv.OS = pm, "" })
		if len(got) != 1 || !strings.HasPrefix(got[0].Message, "yum is not on GitHub's macos-14 runner image, a macOS runner: this command fails on every run; macOS runners have no Linux package manager: use brew") {
			for _, f := range got {
				t.Logf("%s: %s", f.Range, f.Message)
			}
			t.Errorf("PackageManager %q: want one finding on yum", pm)
		}
	}
}

// The fixes of the workflow fixtures are the same on the files written with CRLF line breaks and
// a UTF-8 BOM: the fixed file is the golden with the same line breaks and BOM.
func TestRedundantInstallWorkflowFixLineEndings(t *testing.T) {
	l := &lint.Linter{Rules: lint.RuleSet{RedundantInstall}}
	fs := &lint.FileSettings{Runner: func(env *workflow.Env) *image.Inventory {
		inv := runnerImage(env.Labels[0])
		if inv == nil {
			return nil
		}
		inv.Runner = &image.Runner{Kind: image.RunnerGitHub, Label: env.Labels[0], Image: env.Labels[0], OS: "linux"}
		return inv
	}}
	for _, name := range []string{"hosted.yml", "setup.yml"} {
		path := linttest.TestData(t, "rules", "redundant-install", "workflow", name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		golden, err := os.ReadFile(path + ".golden")
		if err != nil {
			t.Fatal(err)
		}
		crlf := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }
		bom := func(b []byte) []byte { return append([]byte("\ufeff"), b...) }
		for form, conv := range map[string]func([]byte) []byte{"crlf": crlf, "bom": bom, "bom+crlf": func(b []byte) []byte { return bom(crlf(b)) }} {
			fixed, _, notes := l.Fix(source.NewSource(name, conv(data)), fs)
			if fixed == nil {
				t.Errorf("%s (%s): nothing fixed: %v", name, form, notes)
				continue
			}
			for _, n := range notes {
				t.Errorf("%s (%s): a fix was dropped: %s", name, form, n.String())
			}
			if want := conv(golden); !bytes.Equal(fixed.After, want) {
				t.Errorf("%s (%s): fixed file\n%q\nwant\n%q", name, form, fixed.After, want)
			}
		}
	}
}

// The image of the CodeBuild project a runner label names is the CodeBuild runner's image, cited
// at the project; a buildspec's project image keeps its form.
func TestCiteToolProjectImage(t *testing.T) {
	tool := &image.Tool{Name: "jq", Origin: "the built-in inventory of aws/codebuild/standard:7.0"}
	inv := &image.Inventory{Name: "aws/codebuild/standard:7.0", Defined: "template.yaml:7, project myproj",
		Runner: &image.Runner{Kind: image.RunnerCodeBuild, Label: "codebuild-myproj-${{ github.run_id }}-${{ github.run_attempt }}"}}
	if got, want := citeTool(inv, tool), "the CodeBuild runner's image aws/codebuild/standard:7.0 (template.yaml:7, project myproj)"; got != want {
		t.Errorf("runner: %q, want %q", got, want)
	}
	inv.Runner = nil
	if got, want := citeTool(inv, tool), "image aws/codebuild/standard:7.0 (template.yaml:7, project myproj)"; got != want {
		t.Errorf("buildspec: %q, want %q", got, want)
	}
}
