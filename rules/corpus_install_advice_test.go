package rules

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/install"
	"github.com/buildspec-lint/buildspec-lint/lint/inventory"
)

// adviceJudged are the corpus lines (the shared corpus's real/ files) whose install is not simply
// redundant, as judged by hand: the install chooses a version, runs only when its tool is
// missing, is a bundle that brings python along, or upgrades a tool to its latest release. kind is the recogniser's fact that must
// hold for the line ("version": ChoosesVersion, "guarded": Guard, "bundle": several tools, and
// not judged by python, "upgrade": Upgrade), so that the list cannot drift from what the recogniser sees.
var adviceJudged = []struct {
	file   string
	line   int
	kind   string
	reason string
}{
	{"007.yml", 30, "guarded", "command -v just || just's install.sh: runs only when just is missing"},
	{"007.yml", 31, "guarded", "command -v uv || uv's install.sh: runs only when uv is missing"},
	{"007.yml", 32, "guarded", "command -v yq || curl of yq: runs only when yq is missing"},
	{"031.yml", 15, "bundle", "Miniforge installer: an install of conda and mamba, whatever python the image has"},
	{"037.yml", 17, "bundle", "Miniconda installer: an install of conda; its python does not make it redundant"},
	{"037.yml", 20, "version", "conda install python=3.8: the image's python is 3.11 and runtime-versions cannot select 3.8"},
	{"037.yml", 22, "version", "pip==20.1, pinned for its dependency resolver: removing it changes the resolver"},
	{"040.yml", 12, "bundle", "Miniconda installer: an install of conda; its python does not make it redundant"},
	{"040.yml", 15, "version", "conda install python=3.8: the image's python is 3.11 and runtime-versions cannot select 3.8"},
	{"040.yml", 17, "version", "pip==20.1, pinned for its dependency resolver: removing it changes the resolver"},
	{"089.yml", 10, "version", "aws-iam-authenticator 1.21.2 from the EKS bucket; the image has 1.35.2"},
	{"098.yml", 13, "version", "aws-iam-authenticator 1.10.3 from the EKS bucket; the image has 1.35.2"},
	{"098.yml", 14, "version", "kubectl 1.14.6 to match an old cluster; the image has 1.35.2"},
	{"110.yml", 15, "guarded", "PowerShell if (-not (Get-Command aws)): the MSI runs only when aws is missing"},
	{"121.yml", 8, "version", "aws-iam-authenticator 1.14.6; the image has 1.35.2"},
	{"121.yml", 9, "version", "kubectl 1.14.6; the image has 1.35.2"},
	{"122.yml", 13, "version", "aws-iam-authenticator 1.10.3; the image has 1.35.2"},
	{"122.yml", 20, "version", "kubectl 1.27.9; the image has 1.35.2"},
	{"146.yml", 13, "guarded", "if ! command -v terraform: the download runs only when terraform is missing"},
	{"169.yml", 6, "version", "rbenv install 2.5.8: the image's ruby is 3.2 and runtime-versions cannot select 2.5"},
	{"169.yml", 7, "version", "bundler -v 1.17.3 for an old Gemfile.lock: the image's bundler is another"},
	{"179.yml", 101, "version", "kubectl v1.24.12; the image has 1.35.2"},
	{"185.yml", 22, "version", "n \"$NODE_VERSION\" from .nvmrc: the image's default node is 18"},
	{"188.yml", 11, "version", "goenv install 1.21.1 (then goenv global): the image's default go is 1.20; runtime-versions golang: 1.21"},
	{"190.yml", 16, "version", "goenv install 1.21.1: as 188"},
	{"191.yml", 16, "version", "goenv install 1.21.1: as 188"},
	{"206.yml", 10, "version", "n latest: the newest node, not the image's 18"},
	{"217.yml", 33, "version", "go${GOVERSION} tarball from go.dev, the version read from a GO_VERSION file"},
	{"010.yml", 7, "upgrade", "pip3 install --upgrade aws-sam-cli: asks for a newer sam than the image's"},
	{"034.yml", 9, "upgrade", "pip install pip -U: asks for a newer pip than the image's"},
	{"070.yml", 14, "upgrade", "pip install --upgrade pip: asks for a newer pip than the image's"},
	{"122.yml", 32, "upgrade", "python -m pip install --upgrade --force pip: asks for a newer pip"},
	{"170.yml", 20, "upgrade", "kubectl of the version in stable.txt: the newest kubectl, not the image's"},
	{"206.yml", 11, "upgrade", "npm update -g npm: asks for a newer npm than the image's"},
	{"212.yml", 13, "upgrade", "pip install --upgrade aws-sam-cli: asks for a newer sam than the image's"},
}

// corpusInstallImages are the curated images the advice is checked on.
var corpusInstallImages = []string{"aws/codebuild/standard:7.0", "aws/codebuild/amazonlinux-x86_64-standard:5.0",
	"aws/codebuild/amazonlinux-aarch64-standard:3.0", "aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12", "docker:dind"}

// TestCorpusInstallAdviceRemove fails when redundant-install tells the user to remove an install
// that chooses a version the image does not have, that a guard skips on the image, or that is a
// bundle judged by a tool it only brings along, anywhere in the corpus: the facts come from the
// recogniser, so new files are checked too. The hand-judged lines above must keep their facts.
func TestCorpusInstallAdviceRemove(t *testing.T) {
	dir := corpusDir(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yml") || strings.HasSuffix(e.Name(), ".yaml") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Fatal("no buildspec in the corpus")
	}

	type at struct {
		file string
		line int
	}
	judged := map[at]string{}
	for _, j := range adviceJudged {
		judged[at{j.file, j.line}] = j.kind
	}
	seen := map[at]bool{}
	checked := 0
	l := &lint.Linter{Rules: lint.RuleSet{RedundantInstall}}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		src := lint.NewSource(name, data)
		var ins []*install.Install
		for _, doc := range lint.Parse(src) {
			ins = append(ins, recogniseInstalls(doc)...)
		}
		for _, in := range ins {
			a := at{name, in.Range.Start.Line}
			switch judged[a] {
			case "version":
				seen[a] = seen[a] || in.ChoosesVersion()
			case "guarded":
				seen[a] = seen[a] || in.Guard != ""
			case "upgrade":
				seen[a] = seen[a] || in.Upgrade
			case "bundle":
				seen[a] = seen[a] || len(in.Tools) > 1 && !slices.Contains(in.JudgedTools(), "python")
			}
		}
		for _, img := range corpusInstallImages {
			inv := inventory.Builtin(img)
			if inv == nil {
				t.Fatalf("no built-in inventory of %s", img)
			}
			for _, f := range l.Lint(src, &lint.FileSettings{Image: inv}) {
				for _, in := range ins {
					if in.Range != f.Range {
						continue
					}
					checked++
					if why := wrongRemove(inv, in, f.Message); why != "" {
						t.Errorf("%s:%d on %s: %s: %s", name, f.Range.Start.Line, img, why, f.Message)
					}
				}
			}
		}
	}
	for _, j := range adviceJudged {
		if !seen[at{j.file, j.line}] {
			t.Errorf("%s:%d: judged %s (%s), but the recogniser no longer sees it so", j.file, j.line, j.kind, j.reason)
		}
	}
	t.Logf("%d BSL101 findings on %d files and %d images checked; %d lines judged by hand", checked, len(names), len(corpusInstallImages), len(adviceJudged))
	if checked == 0 {
		t.Fatal("no BSL101 finding matched an install: the corpus was not read")
	}
}

// wrongRemove says why a BSL101 finding on install in is wrong, or "".
func wrongRemove(inv *lint.Inventory, in *install.Install, msg string) string {
	if guardSkips(inv, in) {
		return "reported a guarded install that never runs on this image"
	}
	if !strings.Contains(msg, "remove") {
		return ""
	}
	if in.Upgrade && !strings.Contains(msg, "AWS CLI v1") {
		return "told to remove an upgrade to a newer release than the image's"
	}
	if in.ChoosesVersion() {
		name, tool := imageTool(inv, in)
		if tool == nil || !known(in.Version) || !known(tool.Version) || !sameThing(in, name, tool) || !sameVersion(in.Version, tool.Version) {
			return "told to remove an install that chooses a version the image does not have"
		}
	}
	for _, t := range in.Tools {
		if inv.Has(t) != nil && !slices.Contains(in.JudgedTools(), t) && firstImageTool(inv, in.JudgedTools()) == "" {
			return "told to remove a bundle for a tool it only brings along (" + t + ")"
		}
	}
	return ""
}

func firstImageTool(inv *lint.Inventory, tools []string) string {
	for _, t := range tools {
		if inv.Has(t) != nil {
			return t
		}
	}
	return ""
}
