package rules

import (
	"bytes"
	"os"
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
		{gh, "pnpm", "9.1.0", "use pnpm/action-setup with version: 9.1.0 instead"},
		{gh, "cosign", "2.4.1", "use sigstore/cosign-installer with cosign-release: v2.4.1 instead"},
		{gh, "tofu", "v1.7.0", "use opentofu/setup-opentofu with tofu_version: 1.7.0 instead"},
		{gh, "cargo", "1.78.0", "use actions-rust-lang/setup-rust-toolchain with toolchain: 1.78.0 instead"},
		{gh, "pip", "24.0", "cache it with actions/cache (GitHub's runner images cannot be changed)"},
		{gh, "gsutil", "5.27", "cache it with actions/cache (GitHub's runner images cannot be changed)"},
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

// An install after a setup step of the job, for setup actions of every kind: the same version
// as the step's is removed, another version is moved into the step's input (as its action.yml
// names it, with a leading v where the action's versions take one), and a pin of a tool that
// the step brings along but whose version no input of it chooses is a deliberate pin.
func TestRedundantInstallAfterSetupStep(t *testing.T) {
	for _, tt := range []struct {
		step, run string
		want      string // the message, "" for none
	}{
		{"pnpm/action-setup@v4\n        with: {version: 8}", "npm i -g pnpm@9",
			"pnpm is already on the PATH from pnpm/action-setup (line 6) at 8; this installs pnpm 9 on every run: set version: 9 there instead"},
		{"pnpm/action-setup@v4\n        with: {version: 8}", "npm i -g pnpm@8",
			"pnpm is already on the PATH from pnpm/action-setup (line 6); remove it from this install"},
		{"astral-sh/setup-uv@v5\n        with: {version: 0.4.0}", "pip install uv==0.5.1",
			"uv is already on the PATH from astral-sh/setup-uv (line 6) at 0.4.0; this installs uv 0.5.1 on every run: set version: 0.5.1 there instead"},
		{"oven-sh/setup-bun@v2\n        with: {bun-version: 1.1.0}", "npm i -g bun@1.1.0",
			"bun is already on the PATH from oven-sh/setup-bun (line 6); remove it from this install"},
		{"oven-sh/setup-bun@v2\n        with: {bun-version: 1.1.0}", "npm i -g bun@1.2.0",
			"bun is already on the PATH from oven-sh/setup-bun (line 6) at 1.1.0; this installs bun 1.2.0 on every run: set bun-version: 1.2.0 there instead"},
		{"sigstore/cosign-installer@v3\n        with: {cosign-release: v2.2.0}", "go install github.com/sigstore/cosign/v2/cmd/cosign@v2.4.1",
			"cosign is already on the PATH from sigstore/cosign-installer (line 6) at v2.2.0; this installs cosign 2.4.1 on every run: set cosign-release: v2.4.1 there instead"},
		{"terraform-linters/setup-tflint@v4\n        with: {tflint_version: v0.50.0}", "go install github.com/terraform-linters/tflint@v0.52.0",
			"tflint is already on the PATH from terraform-linters/setup-tflint (line 6) at v0.50.0; this installs tflint 0.52.0 on every run: set tflint_version: v0.52.0 there instead"},
		{"terraform-linters/setup-tflint@v4\n        with: {tflint_version: v0.50.0}", "go install github.com/terraform-linters/tflint@v0.50.0",
			"tflint is already on the PATH from terraform-linters/setup-tflint (line 6); remove it from this install"},
		{"aws-actions/setup-sam@v2\n        with: {version: 1.100.0}", "pip install aws-sam-cli==1.110.0",
			"sam is already on the PATH from aws-actions/setup-sam (line 6) at 1.100.0; this installs aws-sam-cli 1.110.0 on every run: set version: 1.110.0 there instead"},
		{"aws-actions/setup-sam@v2\n        with: {version: 1.100.0}", "pip install aws-sam-cli==1.100.0",
			"sam is already on the PATH from aws-actions/setup-sam (line 6); remove it from this install"},
		{"gradle/actions/setup-gradle@v4\n        with: {gradle-version: '8.5'}", "sdk install gradle 8.7",
			"gradle is already on the PATH from gradle/actions/setup-gradle (line 6) at 8.5; this installs gradle 8.7 on every run: set gradle-version: 8.7 there instead"},
		{"imranismail/setup-kustomize@v2\n        with: {kustomize-version: 5.0.0}", "go install sigs.k8s.io/kustomize/kustomize/v5@v5.4.1",
			"kustomize is already on the PATH from imranismail/setup-kustomize (line 6) at 5.0.0; this installs kustomize 5.4.1 on every run: set kustomize-version: 5.4.1 there instead"},
		{"ruby/setup-ruby@v1\n        with: {ruby-version: '3.3'}", "gem install bundler -v 2.4.22",
			"bundle is already on the PATH from ruby/setup-ruby (line 6); this installs bundler 2.4.22 on every run: set bundler: 2.4.22 there instead"},
		// One of the eleven actions the advice always knew.
		{"azure/setup-kubectl@v4\n        with: {version: v1.29.0}", "curl -LO https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl",
			"kubectl is already on the PATH from azure/setup-kubectl (line 6) at v1.29.0; this downloads kubectl 1.30.0 on every run: set version: v1.30.0 there instead"},
		// A distribution package's version carries its revision (and an epoch); the input takes
		// the upstream version.
		{"hashicorp/setup-packer@v3\n        with: {version: 1.10.0}", "sudo apt-get install -y packer=1.11.0-1",
			"packer is already on the PATH from hashicorp/setup-packer (line 6) at 1.10.0; this installs packer 1.11.0-1 on every run: set version: 1.11.0 there instead"},
		{"hashicorp/setup-packer@v3\n        with: {version: 1.11.0}", "sudo apt-get install -y packer=1.11.0-1",
			"packer is already on the PATH from hashicorp/setup-packer (line 6); remove it from this install"},
		// The step brings pip (npm) along, but its inputs choose Python's (Node.js's) version.
		{"actions/setup-python@v5\n        with: {python-version: '3.12'}", "pip install pip==24.0", ""},
		{"actions/setup-node@v4\n        with: {node-version: 20}", "npm i -g npm@10", ""},
	} {
		text := "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: " + tt.step + "\n      - run: " + tt.run + "\n"
		got := workflowFindings(t, RedundantInstall, text, nil)
		var msgs []string
		for _, f := range got {
			msgs = append(msgs, f.Message)
		}
		switch {
		case tt.want == "" && len(got) != 0:
			t.Errorf("%s after %s: %q, want nothing", tt.run, tt.step, msgs)
		case tt.want != "" && (len(got) != 1 || got[0].Message != tt.want):
			t.Errorf("%s after %s: %q, want %q", tt.run, tt.step, msgs, tt.want)
		}
	}
}

func TestInputVersionOf(t *testing.T) {
	for _, tt := range []struct{ manager, version, want string }{
		{"apt-get", "1.9.5-1", "1.9.5"},
		{"apt-get", "1:2.43.0-1ubuntu7", "2.43.0"},
		{"apt-get", "1.30.0-1.1", "1.30.0"},
		{"apt-get", "1.6", "1.6"},
		{"apk", "3.14.0-r2", "3.14.0"},
		{"yum", "18.12.0-1.el8", "18.12.0"},
		{"npm", "9.0.0-rc.1", "9.0.0-rc.1"},
		{"go", "v2.4.1", "2.4.1"},
		{"curl", "1.30.0", "1.30.0"},
	} {
		if got := inputVersionOf(&install.Install{Manager: tt.manager, Version: tt.version}); got != tt.want {
			t.Errorf("%s %s: %q, want %q", tt.manager, tt.version, got, tt.want)
		}
	}
}
