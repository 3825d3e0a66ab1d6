package format

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// The fake rules of the shared test report: the format tests must not depend on rules/.
var (
	fakeRedundantInstall = &finding.Rule{
		ID: "BSL101", Name: "redundant-install", Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "a tool is installed per run although the build image already has it",
			Text:  "Installing a tool that the image already contains costs time on every build.\n\nRemove the install, or pin the image that has it.",
			Bad:   "version: 0.2\nphases:\n  install:\n    commands:\n      - apt-get install -y jq\n",
			Good:  "version: 0.2\nphases:\n  build:\n    commands:\n      - jq --version\n",
		},
	}
	fakeDockerd = &finding.Rule{
		ID: "BSL201", Name: "docker-without-dockerd", Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "docker is used but no Docker daemon runs",
			Text:  "A custom image does not start `dockerd` by itself.",
			Bad:   "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build .\n",
		},
	}
	fakePipe = &finding.Rule{
		ID: "BSL305", Name: "pipe-hides-failure", Severity: finding.SeverityNotice,
		Doc: finding.Doc{Title: "a failing command on the left of a pipe does not fail the build"},
	}
	fakeShellSyntax = &finding.Rule{
		ID: "BSL013", Name: "shell-syntax", Severity: finding.SeverityError,
		Doc: finding.Doc{Title: "a command is not valid shell", Text: "CodeBuild runs commands with /bin/sh."},
	}
	fakeUnused = &finding.Rule{
		ID: "BSL401", Name: "plaintext-secret", Severity: finding.SeverityError,
		Doc: finding.Doc{Title: "a secret is written in plain text"},
	}
)

// mainSpec exercises the column units: a tab before a finding, and a line with accented
// letters, a check mark (BMP, 3 UTF-8 bytes) and an emoji (outside the BMP: 2 UTF-16 units,
// 4 bytes, 2 terminal cells) before one.
const mainSpec = "version: 0.2\n" +
	"\n" +
	"phases:\n" +
	"  install:\n" +
	"    commands:\n" +
	"      - apt-get update && apt-get install -y jq\n" +
	"  build:\n" +
	"    commands:\n" +
	"      - docker build -t app .\n" +
	"      - echo \"déjà vu ✓ 😀\" | tee log.txt\n" +
	"      - |\n" +
	"        if true; then\n" +
	"        \techo tabbed\n" +
	"        fi fi\n"

// templateText defines the project that runs buildspec.yml: a finding's related location points
// at its PrivilegedMode.
const templateText = "Resources:\n" +
	"  Build:\n" +
	"    Type: AWS::CodeBuild::Project\n" +
	"    Properties:\n" +
	"      Environment:\n" +
	"        Image: aws/codebuild/standard:7.0\n" +
	"        PrivilegedMode: false\n"

const deploySpec = "version: 0.2\n" +
	"phases:\n" +
	"  install:\n" +
	"    commands:\n" +
	"      - pip install awscli\n"

// at returns the range of the n-th (0-based) occurrence of sub in src.
func at(t testing.TB, src *source.Source, sub string, n int) source.Range {
	t.Helper()
	data := string(src.Data)
	off := -1
	for i := 0; i <= n; i++ {
		j := strings.Index(data[off+1:], sub)
		if j < 0 {
			t.Fatalf("%q: occurrence %d of %q not found", src.Path, n, sub)
		}
		off += 1 + j
	}
	return src.Range(off, off+len(sub))
}

// testReport is the one report every format's golden file is written from: findings of three
// severities and four rules in two files (one nested), one with a related location in a third
// file, sorted as the linter sorts them.
func testReport(t testing.TB) *Report {
	t.Helper()
	main := source.NewSource("buildspec.yml", []byte(mainSpec))
	deploy := source.NewSource("ci/deploy/buildspec-deploy.yml", []byte(deploySpec))
	find := func(src *source.Source, rule *finding.Rule, rng source.Range, msg string) *finding.Finding {
		return &finding.Finding{Path: src.Path, Rule: rule, Severity: rule.Severity, Range: rng, Message: msg, Source: src}
	}
	install := find(main, fakeRedundantInstall, at(t, main, "apt-get install -y jq", 0),
		"jq is already in image ci (from docker/Dockerfile:7); remove this per-run install")
	install.Tools = []string{"jq"}
	install.Fix = finding.NewFix("remove the install", at(t, main, " && apt-get install -y jq", 0), "")
	dockerd := find(main, fakeDockerd, at(t, main, "docker build -t app .", 0),
		"docker needs a running daemon; start dockerd in install or use a privileged standard image")
	// An insertion: an empty range at the start of the line.
	line9 := at(t, main, "      - docker build", 0)
	template := source.NewSource("infra/template.yaml", []byte(templateText))
	dockerd.Related = []finding.Related{{Source: template, Path: template.Path, Range: at(t, template, "false", 0),
		Message: "privileged mode is off here"}}
	dockerd.Fix = finding.NewFix("start dockerd and wait for it", main.Range(line9.Start.Offset, line9.Start.Offset),
		"      - nohup dockerd &\n      - timeout 15 sh -c \"until docker info; do sleep 1; done\"\n")
	pipe := find(main, fakePipe, at(t, main, "tee log.txt", 0),
		"the exit status of echo is lost in this pipe; add set -o pipefail")
	// Two edits on a line with characters outside the BMP before the second one.
	pipe.Fix = &finding.Fix{Message: "set pipefail and append to the log", Edits: []finding.Edit{
		{Range: at(t, main, "tee log.txt", 0), NewText: "tee -a log.txt"},
		{Range: main.Range(at(t, main, "echo \"déjà", 0).Start.Offset, at(t, main, "echo \"déjà", 0).Start.Offset), NewText: "set -o pipefail; "},
	}}
	block := at(t, main, "if true; then\n        \techo tabbed\n        fi fi", 0)
	findings := []*finding.Finding{
		install,
		dockerd,
		pipe,
		find(main, fakeShellSyntax, block, "\"fi\" can only be used to end an if"),
		find(main, fakePipe, at(t, main, "echo tabbed", 0), "a tabbed command, to check the snippet marker"),
		find(deploy, fakeRedundantInstall, at(t, deploy, "pip install awscli", 0),
			"aws is already in image aws/codebuild/standard:7.0 (AWS CLI v2); remove this per-run install"),
	}
	finding.Sort(findings)
	return &Report{
		Findings: findings,
		Rules:    finding.Rules{fakeShellSyntax, fakeRedundantInstall, fakeDockerd, fakePipe, fakeUnused},
		Files:    3,
		Version:  "1.2.3-test",
	}
}

// writeFiles writes the report's sources under dir, for the tools that read them.
func writeFiles(t testing.TB, dir string, r *Report) {
	t.Helper()
	for _, f := range r.Findings {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Source.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, r := range f.Related {
			p := filepath.Join(dir, filepath.FromSlash(r.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, r.Source.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
