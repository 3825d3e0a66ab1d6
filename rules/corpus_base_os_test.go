package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// baseOSImages are the images of the comparison: one Ubuntu, one Amazon Linux 2023, and
// docker:dind on Alpine.
var baseOSImages = []string{"aws/codebuild/standard:7.0", "aws/codebuild/amazonlinux-x86_64-standard:5.0", "docker:dind"}

// baseOSJudged are the corpus lines judged by hand for the base OS: what the install rules say of
// them on each image, and why. A judged line that gets another finding fails the test.
var baseOSJudged = []struct {
	file  string
	line  int
	image string
	want  string // "RULE tool": the rule that reports the line and the tool it names
	why   string
}{
	{"029.yml", 7, "aws/codebuild/standard:7.0", "BSL104 yum",
		"`yum install -y which` on Ubuntu: yum does not exist there, and Ubuntu's base image has which (debianutils), so BSL102 must not say the image lacks which"},
	{"029.yml", 7, "aws/codebuild/amazonlinux-x86_64-standard:5.0", "BSL101 which",
		"the Amazon Linux 5.0 image installs which: the install is redundant"},
	{"091.yml", 10, "aws/codebuild/standard:7.0", "BSL101 wget",
		"`apt-get install -y wget apt-transport-https gnupg lsb-release curl` on Ubuntu: the image has wget and curl; lsb_release is not in Ubuntu's base (only lsb-base) nor installed by the image, so it stays BSL102"},
	{"091.yml", 10, "aws/codebuild/amazonlinux-x86_64-standard:5.0", "BSL104 apt-get",
		"apt-get on Amazon Linux 2023 fails; BSL102 must not say the image lacks curl, which Amazon Linux 2023 ships (curl-minimal)"},
	{"089.yml", 13, "aws/codebuild/standard:7.0", "BSL102 lsb_release",
		"lsb-release installs lsb_release (a tool, not a repository package); Ubuntu's base has only lsb-base"},
	{"032.yml", 28, "aws/codebuild/amazonlinux-x86_64-standard:5.0", "BSL101 unzip",
		"`dnf install -y jq unzip tree 'dnf-command(config-manager)'`: the capability is no tool; unzip is in the image"},
	{"032.yml", 28, "aws/codebuild/standard:7.0", "BSL104 dnf",
		"dnf does not exist on Ubuntu: one error instead of BSL101 for jq and unzip"},
	{"124.yml", 6, "aws/codebuild/amazonlinux-x86_64-standard:5.0", "BSL104 apt",
		"`apt install unzip -y` on Amazon Linux 2023 fails"},
	{"124.yml", 6, "docker:dind", "BSL104 apt",
		"`apt install unzip -y` on docker:dind (Alpine) fails: apk is its package manager"},
	{"029.yml", 7, "docker:dind", "BSL104 yum",
		"`yum install -y which` on Alpine fails; BusyBox's which is there anyway"},
}

// TestCorpusBaseOSTools lints the corpus on an Ubuntu and an Amazon Linux curated image and fails
// when per-run-install says that the image lacks a tool that its base OS ships (judged by the
// inventory data, so new corpus files are checked too), or when a judged line gets other findings
// than the judgement.
func TestCorpusBaseOSTools(t *testing.T) {
	dir := corpusDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", dir, err)
	}
	rules := []*lint.Rule{RedundantInstall, PerRunInstall, WrongPackageManager}
	for _, name := range baseOSImages {
		inv := inventory.Builtin(name)
		inv.Name = name
		base, baseTools := inventory.BaseOS(name)
		if base == "" || len(baseTools) < 50 {
			t.Fatalf("%s: the data has no base OS for it (%q, %d tools)", name, base, len(baseTools))
		}
		shipped := map[string]bool{}
		for _, tool := range baseTools {
			shipped[tool] = true
		}
		for _, must := range []string{"bash", "sed", "grep", "rpm", "apt-get", "curl", "perl", "which"} {
			if shipped[must] && inv.Has(must) == nil {
				t.Errorf("%s: the base OS %s ships %s but the inventory lacks it", name, base, must)
			}
		}
		got := map[string][]string{} // file:line -> "RULE tool"
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, spec := range buildspec.Parse(source.NewSource(filepath.Base(f), src)) {
				for _, r := range rules {
					r.Check(lint.NewPass(r, spec, inv, func(fd *finding.Finding) {
						key := fmt.Sprintf("%s:%d", filepath.Base(f), fd.Range.Start.Line)
						tool := strings.Fields(fd.Message)[0]
						got[key] = append(got[key], r.ID+" "+tool)
						if r != PerRunInstall || strings.Contains(fd.Message, "only BusyBox's") {
							return // BusyBox's applet is in the image; the full package is not
						}
						for _, tl := range fd.Tools {
							if shipped[tl] {
								t.Errorf("%s on %s: %q says the image lacks %s, which %s's base image ships", key, name, fd.Message, tl, base)
							}
						}
					}))
				}
			}
		}
		for _, j := range baseOSJudged {
			if j.image != name {
				continue
			}
			key := fmt.Sprintf("%s:%d", j.file, j.line)
			found := got[key]
			sort.Strings(found)
			ok := false
			for _, g := range found {
				ok = ok || g == j.want
			}
			if !ok {
				t.Errorf("%s on %s: got %v, want %s (%s)", key, name, found, j.want, j.why)
			}
			if strings.HasPrefix(j.want, "BSL104") && len(found) != 1 {
				t.Errorf("%s on %s: got %v, want only %s: no other install finding on a command that fails (%s)", key, name, found, j.want, j.why)
			}
		}
	}
}
