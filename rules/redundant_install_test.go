package rules

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// ciImage is a custom image as a Dockerfile would describe it, with origins and versions.
func ciImage(name string) (*image.Inventory, error) {
	if name != "ci" {
		return nil, fmt.Errorf("unknown image %q", name)
	}
	return &image.Inventory{Name: "ci", Custom: true, Tools: map[string]*image.Tool{
		"jq":        {Name: "jq", Version: "1.6", Origin: "docker/codebuild/Dockerfile:7"},
		"terraform": {Name: "terraform", Version: "1.5.7", Origin: "docker/codebuild/Dockerfile:12"},
		// pip carries its Python's version, so pip's own pinned version cannot be compared with it
		"pip": {Name: "pip", Version: "3.11.15", Origin: "docker/codebuild/Dockerfile:3", Package: "python"},
	}}, nil
}

// dindImage is docker:dind as its inventory describes it: BusyBox applets beside real tools.
func dindImage() *image.Inventory {
	return &image.Inventory{Name: "dind", Tools: map[string]*image.Tool{
		"wget":   {Name: "wget", Package: "busybox"},
		"tar":    {Name: "tar", Package: "busybox"},
		"unzip":  {Name: "unzip", Package: "busybox"},
		"docker": {Name: "docker", Version: "27.3.1", Package: "docker"},
		"git":    {Name: "git", Package: "git"},
	}}
}

// runnerImage is a GitHub-hosted runner image as a built-in runner inventory describes it (the
// facts of actions/runner-images for these images; versions left unknown), or nil.
func runnerImage(name string) *image.Inventory {
	type spec struct {
		os, manager string
		tools       []string
	}
	specs := map[string]spec{
		"ubuntu-24.04": {"Ubuntu 24.04", "apt-get", []string{"jq", "yq", "kubectl", "helm", "aws", "sam", "git", "node", "npm", "python3", "pip3", "docker", "curl"}},
		"ubuntu-22.04": {"Ubuntu 22.04", "apt-get", []string{"jq", "kubectl", "helm", "aws", "git", "node", "npm", "python3", "pip3", "docker", "curl", "terraform"}},
		"windows-2022": {"Windows Server 2022", "choco", []string{"jq", "aws", "git", "choco", "node", "npm"}},
		"macos-14":     {"macOS 14", "brew", []string{"jq", "aws", "git", "brew", "node", "npm"}},
	}
	sp, ok := specs[name]
	if !ok {
		return nil
	}
	inv := &image.Inventory{Name: name, Ref: name, OS: sp.os, PackageManager: sp.manager, AWSCLIMajor: 2, Tools: map[string]*image.Tool{}}
	for _, t := range sp.tools {
		inv.Tools[t] = &image.Tool{Name: t, Origin: "the runner-images software report of " + name}
	}
	return inv
}

// testImages resolves the fixtures' `# linttest: image=NAME` lines.
func testImages(name string) (*image.Inventory, error) {
	if name == "dind" {
		return dindImage(), nil
	}
	if inv := runnerImage(name); inv != nil {
		return inv, nil
	}
	if name == "node:20-bookworm" {
		// a published image a workflow job runs in (container:)
		return &image.Inventory{Name: name, Ref: "docker.io/library/node:20-bookworm", OS: "Debian 12", PackageManager: "apt-get", Tools: map[string]*image.Tool{
			"node": {Name: "node", Version: "20.18.0", Package: "node", Origin: "the built-in inventory of " + name},
			"npm":  {Name: "npm", Version: "10.8.2", Package: "npm", Origin: "the built-in inventory of " + name},
			"git":  {Name: "git", Package: "git", Origin: "the built-in inventory of " + name},
		}}, nil
	}
	if inv := inventory.Builtin(name); inv != nil {
		return inv, nil // aws/codebuild/standard:7.0, ...
	}
	if inv, ok := inventory.Runner(name); ok {
		return inv, nil // the real data of a hosted runner the fakes above do not stand for
	}
	return ciImage(name)
}

func TestRedundantInstall(t *testing.T) {
	linttest.Run(t, lint.RuleSet{RedundantInstall}, linttest.TestData(t, "rules", "redundant-install"), &linttest.Options{
		Image:    redundantTools(),
		ImageFor: testImages,
	})
}

// redundantTools is the image of the redundant-install fixtures that name none.
func redundantTools() *image.Inventory {
	return linttest.Tools("jq", "git", "ssh", "docker", "aws", "cdk", "cfn_nag", "yq", "terraform", "kubectl")
}

// fixFixtures are the fixtures of the redundant-install fixes that run on redundantTools.
var fixFixtures = []string{"fix-shapes.yml", "fix-chain.yml", "fix-keep.yml", "fix-downloads.yml", "fix-directives.yml", "fix-scripts.yml", "fix-merge.yml", "fix-phases.yml"}

func TestRedundantInstallFixLineEndings(t *testing.T) {
	// The same fixes on the fixtures written with CRLF line breaks and a UTF-8 BOM: the fixed
	// file is the golden with the same line breaks and BOM.
	l := &lint.Linter{Rules: lint.RuleSet{RedundantInstall}}
	for _, name := range fixFixtures {
		path := linttest.TestData(t, "rules", "redundant-install", name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		golden, err := os.ReadFile(path + ".golden")
		if err != nil {
			t.Fatal(err)
		}
		for _, form := range []struct {
			name string
			conv func([]byte) []byte
		}{
			{"crlf", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }},
			{"bom", func(b []byte) []byte { return append([]byte("\ufeff"), b...) }},
			{"bom+crlf", func(b []byte) []byte {
				return append([]byte("\ufeff"), bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))...)
			}},
		} {
			src := source.NewSource(name, form.conv(data))
			fixed, _, notes := l.Fix(src, &lint.FileSettings{Image: redundantTools()})
			if fixed == nil {
				t.Errorf("%s (%s): nothing fixed: %v", name, form.name, notes)
				continue
			}
			if want := form.conv(golden); !bytes.Equal(fixed.After, want) {
				t.Errorf("%s (%s): fixed file\n%q\nwant\n%q\nnotes: %v", name, form.name, fixed.After, want, notes)
			}
		}
	}
}

func TestRedundantInstallNoImage(t *testing.T) {
	// With no image configured nothing is redundant: per-run-install says so instead.
	linttest.RunFile(t, lint.RuleSet{RedundantInstall}, linttest.TestData(t, "rules", "per-run-install", "ok", "dependencies.yml"), nil)
}

func TestSameVersion(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"1.6.0", "1.6.0", true}, {"v1.6.0", "1.6.0", true}, {"1.6", "1.6.0", true},
		{"1.6.0", "1.5.7", false}, {"1.6", "1.60", false}, {"1.6-2", "1.6", true},
	} {
		if got := sameVersion(tt.a, tt.b); got != tt.want {
			t.Errorf("sameVersion(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestOriginDoesNotRepeatTheImageName(t *testing.T) {
	inv := &image.Inventory{Name: "aws/codebuild/standard:7.0"}
	for _, c := range []struct {
		origin, want string
	}{
		{"the built-in inventory of aws/codebuild/standard:7.0", " (built-in inventory)"},
		{"the built-in inventory of docker:dind", " (the built-in inventory of docker:dind)"},
		{"docker/codebuild/Dockerfile:7", " (docker/codebuild/Dockerfile:7)"},
		{"", ""},
	} {
		if got := origin(inv, &image.Tool{Origin: c.origin}); got != c.want {
			t.Errorf("origin(%q) = %q, want %q", c.origin, got, c.want)
		}
	}
	// A runner image's tools cite its software report, which names the image the message names.
	gh := &image.Inventory{Name: "ubuntu-24.04", Runner: &image.Runner{Kind: image.RunnerGitHub, Label: "ubuntu-latest"}}
	for _, c := range []struct {
		origin, want string
	}{
		{"the software report of GitHub's ubuntu-24.04 runner image, version 20260816.277.1", " (the software report, version 20260816.277.1)"},
		{"the toolset of GitHub's ubuntu-24.04 runner image (images/ubuntu/toolsets/toolset-2404.json)", " (the toolset, images/ubuntu/toolsets/toolset-2404.json)"},
		{"the software report of GitHub's ubuntu-22.04 runner image, version 1", " (the software report of GitHub's ubuntu-22.04 runner image, version 1)"},
	} {
		if got := origin(gh, &image.Tool{Origin: c.origin}); got != c.want {
			t.Errorf("origin(%q) = %q, want %q", c.origin, got, c.want)
		}
	}
	if got := imgLabel(gh); got != "GitHub's ubuntu-24.04 runner image" {
		t.Errorf("imgLabel of ubuntu-latest = %q, want the image it resolves to", got)
	}
}
