package rules

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// WrongPackageManager reports an OS package manager that the build image does not have, because
// the image is of another distribution: apt-get on Amazon Linux or Alpine, yum or dnf on Ubuntu
// or Alpine, apk on Ubuntu or Amazon Linux. The command fails on every build.
var WrongPackageManager = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL104",
		Name:     "wrong-package-manager",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "a command uses the package manager of another Linux distribution",
			Text: "Each Linux distribution has its own package manager: Ubuntu and Debian have apt-get, Amazon " +
				"Linux has yum (Amazon Linux 2, which has no dnf) or dnf (Amazon Linux 2023), Alpine has apk. A buildspec that runs " +
				"`apt-get install` on an Amazon Linux image fails on every build with `apt-get: command not found`, " +
				"before any other problem of the install matters. Use the image's package manager (package names " +
				"may differ between distributions), or run the build on an image of the distribution the " +
				"commands were written for.\n\n" +
				"The image's distribution comes from the built-in inventory of a curated image or from the base " +
				"image of a Dockerfile (`FROM ubuntu:22.04`, `FROM amazonlinux:2023`, `FROM alpine`); when it is " +
				"unknown, or when the image has the command anyway, this rule stays silent. A command that first " +
				"checks which package manager exists (`if command -v apt-get ...; elif command -v yum ...`, " +
				"`apt-get install -y jq || yum install -y jq`) is left alone. When this rule reports a command, " +
				"redundant-install (BSL101) and per-run-install (BSL102) say nothing more about it. On Lambda compute, " +
				"where no package manager that needs root works, compute-unsupported (BSL015) reports these commands " +
				"instead, so that no finding advises another package manager there.\n\n" +
				"In a GitHub Actions workflow the image is the runner's or the job's container's: `apk add` or `yum install` on an " +
				"Ubuntu runner fails the same way (use apt-get, or run the job in a `container:` of that distribution), and no Linux " +
				"package manager exists on a macOS runner (use brew) or a Windows runner (use choco or winget).\n\nSources: the images CodeBuild provides and their base distributions (https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-available.html), and their Dockerfiles (https://github.com/aws/aws-codebuild-docker-images).",
			Bad:             "version: 0.2\nphases:\n  install:\n    commands:\n      - apt-get install -y libssl-dev\n",
			Good:            "version: 0.2\nphases:\n  install:\n    commands:\n      - dnf install -y openssl-devel\n",
			Options:         []string{"--image", "aws/codebuild/amazonlinux-x86_64-standard:5.0"},
			WorkflowBad:     "on: push\njobs:\n  build:\n    runs-on: macos-14\n    steps:\n      - run: sudo apt-get install -y libpq-dev\n",
			WorkflowGood:    "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: sudo apt-get install -y libpq-dev\n",
			WorkflowOptions: []string{"--tools", "git"},
		},
	},
	Workflows: true,
	Check:     checkWrongPackageManager,
}

func checkWrongPackageManager(p *lint.Pass) {
	ros := runnerOS(p.Image)
	if p.Image == nil || install.OSFamily(p.Image.PackageManager) == "" && ros != "windows" && ros != "macos" {
		return
	}
	for _, cmd := range p.Commands() {
		if cmd.Script == nil || cmd.Script.Dialect != buildspec.DialectShell && !(ros == "windows" && cmd.Script.Dialect == buildspec.DialectPowerShell) {
			continue
		}
		for _, c := range cmd.Script.Calls {
			if !wrongManagerCall(p.Image, c) || lambdaRootCall(p.Image, c) {
				continue
			}
			name := strings.ToLower(c.Name())
			if p.Image.Runner != nil {
				p.Reportf(c.Args[0].Range(), "%s is not on %s%s: this command fails on every run; %s",
					name, imgCited(p.Image), runnerDistro(p.Image), useOnRunner(p.Image, name))
				continue
			}
			p.Reportf(c.Args[0].Range(), "%s is not on %s%s: this command fails on every build; %s",
				name, p.Image.Cited(), imageDistro(p.Image), useInstead(p.Image.PackageManager, name))
		}
	}
}

// runnerOS is the operating system a workflow job's commands run on when they run on the runner
// itself ("linux", "windows", "macos"), "" for a container job, a buildspec, or when unknown.
func runnerOS(inv *image.Inventory) string {
	if inv == nil || inv.Runner == nil || inv.Runner.Container != "" {
		return ""
	}
	return inv.Runner.OS
}

// runnerDistro describes a workflow job's image for messages: ", an Ubuntu 24.04 image", ", a
// macOS 14 runner" (the runner's OS when the inventory does not name it).
func runnerDistro(inv *image.Inventory) string {
	os, ros := inv.OS, runnerOS(inv)
	switch {
	case ros == "macos" && os == "":
		os = "macOS"
	case ros == "windows" && os == "":
		os = "Windows"
	case os == "":
		return imageDistro(inv)
	}
	what := " image"
	if ros == "macos" || ros == "windows" {
		what = " runner"
	}
	article := ", a "
	if strings.ContainsRune("AEIOU", rune(os[0])) {
		article = ", an "
	}
	return article + os + what
}

// useOnRunner says what to do when a workflow job runs program, a Linux distribution's package
// manager that its image lacks: the runner's own package manager on macOS and Windows; on a
// Linux runner or container the image's, or a container of the distribution program belongs to.
func useOnRunner(inv *image.Inventory, program string) string {
	switch runnerOS(inv) {
	case "macos":
		return "macOS runners have no Linux package manager: use brew (package names may differ)"
	case "windows":
		return "Windows runners have no Linux package manager: use choco or winget (package names may differ)"
	}
	distro := distroFor(program)
	if inContainer(inv) {
		return "use " + inv.PackageManager + " (package names may differ) or run the job in a container of " + distro
	}
	return "use " + inv.PackageManager + " (package names may differ) or run the job in a container: of " + distro
}

// wrongManagerCall reports whether call c runs an OS package manager of another family than the
// image's (apt-get on an image whose packages come from dnf), that the image does not have, and
// whose command does not choose between package managers.
func wrongManagerCall(inv *image.Inventory, c *buildspec.Call) bool {
	if inv == nil || c == nil || len(c.Args) == 0 {
		return false
	}
	img := install.OSFamily(inv.PackageManager)
	name := strings.ToLower(c.Name())
	got := install.OSFamily(name)
	if ros := runnerOS(inv); ros == "windows" || ros == "macos" {
		// No Linux distribution's package manager runs on a macOS or Windows runner.
		img = ros
	}
	if img == "" || got == "" || got == img && !dnfOnYumImage(inv, name) || inv.Has(name) != nil {
		return false
	}
	if c.InCond || c.OrGuarded || c.Negated || choosesManager(c) {
		return false
	}
	return true
}

// wrongManagerCommand reports whether the command that call c belongs to runs an OS package
// manager the image lacks (wrongManagerCall): BSL104 reports the command, which fails, and the
// install rules say nothing more about any install in it (`apt-get install -y jq && pip install
// awscli` on Amazon Linux).
func wrongManagerCommand(inv *image.Inventory, c *buildspec.Call) bool {
	if inv == nil || c == nil {
		return false
	}
	if c.Command == nil || c.Command.Script == nil {
		return wrongManagerCall(inv, c)
	}
	for _, o := range c.Command.Script.Calls {
		if wrongManagerCall(inv, o) {
			return true
		}
	}
	return false
}

// dnfOnYumImage reports whether program is dnf (or microdnf) on an image whose package manager
// is yum (Amazon Linux 2, CentOS 7): the same package format, but no dnf to run it.
func dnfOnYumImage(inv *image.Inventory, program string) bool {
	return (program == "dnf" || program == "microdnf") && strings.EqualFold(inv.PackageManager, "yum")
}

// choosesManager reports whether the command that call c belongs to is written for several
// distributions: it calls package managers of more than one family, tests for one (command -v
// apt-get, which yum, [ -x /usr/bin/apt-get ]), or runs c inside an if or case branch.
func choosesManager(c *buildspec.Call) bool {
	cmd := c.Command
	if cmd == nil || cmd.Script == nil {
		return false
	}
	families := map[string]bool{}
	for _, o := range cmd.Script.Calls {
		name := strings.ToLower(o.Name())
		if f := install.OSFamily(name); f != "" {
			families[f] = true
		}
		switch name {
		case "command", "which", "type", "hash", "test", "[", "[[":
			for _, a := range o.Args[1:] {
				if install.OSFamily(buildspec.BaseName(a.Value)) != "" {
					return true
				}
			}
		}
		for _, w := range o.Wrappers {
			if w == "command" && len(o.Args) > 0 && install.OSFamily(strings.ToLower(o.Name())) != "" && hasWord(o.Words, "-v") {
				return true
			}
		}
	}
	if len(families) > 1 {
		return true
	}
	return inBranch(c)
}

// hasWord reports whether one of ws is v.
func hasWord(ws []*buildspec.Word, v string) bool {
	for _, w := range ws {
		if w.Value == v {
			return true
		}
	}
	return false
}

// inBranch reports whether call c (or the `sh -c` call it was read from) sits in a branch of an
// if or case statement of its command: code that runs only on some images.
func inBranch(c *buildspec.Call) bool {
	for c.Via != nil {
		c = c.Via
	}
	if c.Expr == nil || c.Command == nil || c.Command.Script == nil || c.Command.Script.File == nil {
		return false
	}
	pos := c.Expr.Pos().Offset()
	found := false
	syntax.Walk(c.Command.Script.File, func(n syntax.Node) bool {
		if found || n == nil {
			return false
		}
		switch x := n.(type) {
		case *syntax.IfClause, *syntax.CaseClause:
			if x.Pos().Offset() <= pos && pos < x.End().Offset() {
				found = true
			}
			return false
		}
		return true
	})
	return found
}

// imageDistro describes the image's distribution for messages: ", an Amazon Linux 2023 image", or
// ", whose packages come from dnf" when the inventory does not know the OS.
func imageDistro(inv *image.Inventory) string {
	if inv.OS != "" {
		return ", an " + inv.OS + " image"
	}
	return ", whose packages come from " + inv.PackageManager
}

// useInstead says what to do on an image whose package manager is mgr when a command uses
// program: use mgr, or build on an image of the distribution that program belongs to.
func useInstead(mgr, program string) string {
	if install.OSFamily(program) == install.OSFamily(mgr) {
		return "use " + mgr + " (same packages) or build on an Amazon Linux 2023 image" // dnf on Amazon Linux 2
	}
	distro := distroFor(program)
	return "use " + mgr + " (package names may differ) or build on " + distro
}

// distroFor names the images that have a package manager: "a Debian or Ubuntu image" for apt-get.
func distroFor(program string) string {
	switch install.OSFamily(program) {
	case "deb":
		return "a Debian or Ubuntu image"
	case "rpm":
		return "an Amazon Linux or other RPM-based image"
	case "apk":
		return "an Alpine image"
	}
	return "an image that has " + program
}
