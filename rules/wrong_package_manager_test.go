package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// The fixtures run with redundant-install and per-run-install too: a command that BSL104 reports
// gets no other install finding, and the ok/ fixtures stay clean of all three.
func TestWrongPackageManager(t *testing.T) {
	linttest.Run(t, lint.RuleSet{WrongPackageManager, RedundantInstall, PerRunInstall},
		linttest.TestData(t, "rules", "wrong-package-manager"), &linttest.Options{ImageFor: testImages})
}

// An image read from a Dockerfile takes its distribution from the base image of its FROM chain.
func TestWrongPackageManagerDockerfileBase(t *testing.T) {
	for _, tt := range []struct{ from, bad, good, want string }{
		{"alpine:3.20", "apt-get install -y jq", "apk add --no-cache openssl-dev", "apt-get is not on image ci, an Alpine image: this command fails on every build; use apk (package names may differ) or build on a Debian or Ubuntu image"},
		{"ubuntu:22.04", "yum install -y jq", "apt-get install -y libssl-dev", "yum is not on image ci, an Ubuntu image: this command fails on every build; use apt-get (package names may differ) or build on an Amazon Linux or other RPM-based image"},
		{"public.ecr.aws/amazonlinux/amazonlinux:2", "apk add jq", "yum install -y openssl-devel", "apk is not on image ci, an Amazon Linux 2 image: this command fails on every build; use yum (package names may differ) or build on an Alpine image"},
	} {
		t.Run(tt.from, func(t *testing.T) {
			dir := t.TempDir()
			df := filepath.Join(dir, "Dockerfile")
			if err := os.WriteFile(df, []byte("FROM "+tt.from+" AS base\nFROM base\nRUN true\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			inv, err := inventory.Build(image.Spec{Name: "ci", Dockerfile: df, Origin: "--dockerfile"})
			if err != nil {
				t.Fatal(err)
			}
			spec := "version: 0.2\nphases:\n  install:\n    commands:\n      - " + tt.bad + "\n      - " + tt.good + "\n"
			var got []*finding.Finding
			for _, r := range []*lint.Rule{WrongPackageManager, RedundantInstall, PerRunInstall} {
				got = append(got, runRule(t, r, spec, inv)...)
			}
			if len(got) != 1 || got[0].Rule != &WrongPackageManager.Rule || got[0].Message[:len(tt.want)] != tt.want || got[0].Range.Start.Line != 5 {
				for _, f := range got {
					t.Logf("%d:%d %s %s", f.Range.Start.Line, f.Range.Start.Col, f.Rule.ID, f.Message)
				}
				t.Fatalf("want one BSL104 on line 5 starting %q", tt.want)
			}
		})
	}
}

// runRule runs one rule over the buildspec text with the image and returns its findings.
func runRule(t *testing.T, r *lint.Rule, text string, inv *image.Inventory) []*finding.Finding {
	t.Helper()
	var out []*finding.Finding
	for _, spec := range buildspec.Parse(source.NewSource("buildspec.yml", []byte(text))) {
		r.Check(lint.NewPass(r, spec, inv, func(f *finding.Finding) { out = append(out, f) }))
	}
	return out
}
