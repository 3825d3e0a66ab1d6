package rules

import (
	"fmt"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// The advice that redundant-install (BSL101) and per-run-install (BSL102) share for installs
// that are not simply redundant: a guarded install that the image's tool skips, and an install
// that chooses a version of a tool the image has.

// guardSkips reports whether a guarded install never runs on the image: the image has the tool
// that its guard tests (`command -v jq || apt-get install -y jq` on an image with jq).
func guardSkips(inv *image.Inventory, in *install.Install) bool {
	if inv == nil || in.Guard == "" {
		return false
	}
	return inv.Has(in.Guard) != nil || inv.Runner.SetupBefore(in.Guard, in.Range.Start.Offset) != nil
}

// runtimeKeys maps a runtime's executable or package name to its runtime-versions key.
var runtimeKeys = map[string]string{
	"go": "golang", "golang": "golang",
	"node": "nodejs", "nodejs": "nodejs",
	"python": "python", "python3": "python",
	"ruby":   "ruby",
	"java":   "java",
	"php":    "php",
	"dotnet": "dotnet",
}

// runtimeKey returns the runtime-versions key of the runtime that the install installs itself
// (goenv install, nvm install, a download of Go), "" for anything else (pip, bundler).
func runtimeKey(in *install.Install) string {
	if k := runtimeKeys[strings.ToLower(in.Package)]; k != "" {
		return k
	}
	if len(in.Tools) > 0 && (verb(in) == "downloads" || strings.Contains(in.Package, ",")) {
		return runtimeKeys[in.Tools[0]]
	}
	if len(in.Tools) > 0 && install.Family(in.Manager) == "os" && in.Version != "" {
		// apt-get install openjdk-21-jdk, python3.12, php8.3-cli: a runtime at a version
		return runtimeKeys[strings.TrimRight(in.Tools[0], "0123456789.")]
	}
	return ""
}

// versionAdvice returns the redundant-install message for an install that chooses a version of
// a tool the image has, unless the image has that very version (then removing it is right).
// ok is false when the install chooses no version or the image lacks the tool. On a curated
// image whose runtime-versions can select the runtime, the advice is to select it there; else
// it is to bake the version into the image (a custom image built from a curated one, which
// users cannot change).
func versionAdvice(inv *image.Inventory, in *install.Install) (msg string, ok bool) {
	if inv == nil || !in.ChoosesVersion() {
		return "", false
	}
	name, tool := imageTool(inv, in)
	if tool == nil {
		return "", false
	}
	what := versionText(in, name)
	// runtime-versions is a buildspec's: a workflow job cannot select a runtime with it.
	if rt := runtimeKey(in); inv.Curated && inv.Runner == nil && rt != "" && len(inv.Runtimes[rt]) > 0 {
		has := name
		if known(tool.Version) {
			has += " " + tool.Version
		}
		return runtimeAdvice(inv, in, rt, what, has+origin(inv, tool)), true
	}
	same := sameThing(in, name, tool) || runtimeKey(in) != "" && runtimeKeys[strings.ToLower(tool.Package)] == runtimeKey(in)
	img, from := imgLabel(inv), origin(inv, tool)
	if inv.Defined != "" {
		img, from = citeTool(inv, tool), "" // image ci (.buildspec-lint.yaml:4, Dockerfile:17)
	}
	has := name + from + " at an unknown version"
	if name == "aws" && inv.AWSCLIMajor > 0 && !known(tool.Version) {
		has = fmt.Sprintf("aws%s as AWS CLI v%d", from, inv.AWSCLIMajor) // pip's awscli==1.x is v1
	}
	if known(tool.Version) && same {
		if known(in.Version) && sameVersion(in.Version, tool.Version) {
			return "", false
		}
		has = name + " " + tool.Version + from
	}
	if onRunner(inv) {
		return fmt.Sprintf("%s has %s; this %s %s on every run: %s", img, has, verb(in), what, runnerFix(inv, in, name)), true
	}
	return fmt.Sprintf("%s has %s; this %s %s on %s: bake that version into %s",
		img, has, verb(in), what, every(inv), bakeInto(inv)), true
}

// runtimeAdvice is versionAdvice's message for a runtime that runtime-versions can select: it
// names the version the image has, what it can select, and what the install installs.
func runtimeAdvice(inv *image.Inventory, in *install.Install, rt, what, has string) string {
	var pre []string
	for _, rv := range inv.Runtimes[rt] {
		if rv.Installed != "" {
			pre = append(pre, rv.Version)
		}
	}
	img := inv.Label() + imageRef(inv) + " has " + has
	if !known(in.Version) || !startsWithDigit(strings.TrimPrefix(in.Version, "v")) {
		return fmt.Sprintf("%s and can select %s %s with runtime-versions; this %s %s on every build: select it there, or bake it into a custom image",
			img, rt, strings.Join(pre, ", "), verb(in), what)
	}
	want := strings.TrimPrefix(in.Version, "v")
	var line *image.RuntimeVersion
	for i, rv := range inv.Runtimes[rt] {
		if rv.Installed == "" {
			continue
		}
		if runtimeMatches(want, rv) {
			return fmt.Sprintf("%s and can select %s %s (%s) with runtime-versions; this %s %s on every build: select %s: %s there instead",
				img, rt, rv.Version, rv.Installed, verb(in), what, rt, rv.Version)
		}
		if line == nil && strings.HasPrefix(want, strings.TrimPrefix(rv.Version, "corretto")+".") {
			line = &inv.Runtimes[rt][i]
		}
	}
	if line != nil {
		return fmt.Sprintf("%s and can select %s %s (%s) with runtime-versions; this %s %s on every build: select %s: %s there, or bake %s into a custom image",
			img, rt, line.Version, line.Installed, verb(in), what, rt, line.Version, what)
	}
	return fmt.Sprintf("%s and cannot select %s with runtime-versions (it has %s %s); this %s %s on every build: bake it into a custom image, or move to a version the image has",
		img, want, rt, strings.Join(pre, ", "), verb(in), what)
}

// versionText names what a version-choosing install installs: "go 1.21.1", "node lts", "the
// node version in $NODE_VERSION", "the node version the project names" (nvm install and .nvmrc).
func versionText(in *install.Install, name string) string {
	if p := in.Package; p != "" && !strings.ContainsAny(p, ",/") && !(in.Version != "" && strings.Contains(p, in.Version)) {
		name = p // the package, unless its name carries the version (php8.3-cli: php 8.3)
	}
	switch {
	case in.Version == "node" || in.Version == "latest" || in.Version == "current" || in.Version == "stable":
		return "the latest " + name // nvm install node, n latest
	case in.Version == "lts" || in.Version == "--lts" || in.Version == "lts/*":
		return "the latest LTS " + name
	case known(in.Version):
		return name + " " + strings.TrimPrefix(in.Version, "v")
	case in.Version != "":
		return "the " + name + " version in " + in.Version
	case in.Pinned:
		return "the " + name + " build that its URL pins"
	}
	return "the " + name + " version the project names"
}

// bakeTarget is where a tool's version belongs: the image itself when the user builds it, or a
// custom image built from a published one, which users cannot change (an AWS curated image,
// docker:dind).
func bakeTarget(inv *image.Inventory) string {
	if published(inv) {
		return "a custom image"
	}
	return "the image"
}

// published reports whether the image is one that others publish, named by its reference with
// no Dockerfile of the user's behind it: a built-in image (an AWS curated image, docker:dind).
func published(inv *image.Inventory) bool {
	return inv.Curated || inv.Dockerfile == "" && inv.Ref != ""
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// upgradeAdvice returns the redundant-install message for an install that upgrades a tool the
// image has to its newest release (`pip install --upgrade awscli`, `npm update -g npm`, a
// download of releases/latest): the user asked for a newer version than the image's, so the
// fix is not to remove it but to bake the newer version into the image, or to drop the upgrade
// when the image's version is enough. ok is false for any other install.
func upgradeAdvice(inv *image.Inventory, in *install.Install, name string, tool *image.Tool) (msg string, ok bool) {
	if !in.Upgrade || in.ChoosesVersion() {
		return "", false
	}
	img, from := imgLabel(inv), origin(inv, tool)
	if inv.Defined != "" {
		img, from = citeTool(inv, tool), ""
	}
	has := name + from
	if known(tool.Version) && sameThing(in, name, tool) {
		has = name + " " + tool.Version + from
	}
	what, drop := "upgrades "+name+" to its latest release", "the upgrade"
	if verb(in) == "downloads" {
		what, drop = "downloads the latest "+name, "the download"
	}
	if onRunner(inv) {
		return fmt.Sprintf("%s has %s; this %s on every run: drop %s if the runner's version is enough, else %s",
			img, has, what, drop, runnerFix(inv, in, name)), true
	}
	return fmt.Sprintf("%s has %s; this %s on %s: bake the newer version into %s, or drop %s if the image's version is enough",
		img, has, what, every(inv), bakeInto(inv), drop), true
}

// awsCLIAdvice returns the redundant-install message for `pip install awscli` (or pipx, with or
// without --upgrade) on an image whose aws is AWS CLI v2: PyPI's awscli is v1, so the install
// swaps the major version, and removing it moves the build to v2, whose commands differ (no
// `aws ecr get-login`). ok is false for any other install.
func awsCLIAdvice(inv *image.Inventory, in *install.Install, name string, tool *image.Tool) (msg string, ok bool) {
	if name != "aws" || inv.AWSCLIMajor != 2 || !strings.EqualFold(in.Package, "awscli") || in.ChoosesVersion() {
		return "", false
	}
	switch in.Manager {
	case "pip", "pipx", "uv":
	default:
		return "", false
	}
	if onRunner(inv) {
		return fmt.Sprintf("aws is already on %s as AWS CLI v2; this installs AWS CLI v1 from PyPI on every run: remove it from this install if the job works with v2, else %s",
			imageOrigin(inv, tool), runnerFix(inv, in, name)), true
	}
	return fmt.Sprintf("aws is already in %s as AWS CLI v2; this installs AWS CLI v1 from PyPI on %s: remove it from this install if the build works with v2, else bake v1 into %s",
		imageOrigin(inv, tool), every(inv), bakeInto(inv)), true
}
