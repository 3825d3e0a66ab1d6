package rules

import (
	"fmt"
	"unique"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// PerRunInstall reports a tool that is installed on every build and that the build image
// lacks: baking it into the image saves the install on every build.
var PerRunInstall = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL102",
		Name:     "per-run-install",
		Severity: finding.SeverityNotice,
		Doc: finding.Doc{
			Title: "a tool is installed on every build",
			Text: "Every CodeBuild build starts from a fresh container, so a tool that the buildspec installs is " +
				"downloaded and set up again on every build. A custom build image with the tool baked in starts " +
				"with it, which makes builds faster and does not depend on package mirrors or release sites being " +
				"up. This notice lists each such tool; when the buildspec runs on an image that has it, " +
				"redundant-install (BSL101) reports it instead (with version advice when the install chooses another " +
				"version than the image's), and a guarded install (`command -v X || ...`) is reported only when " +
				"the image lacks the tool it tests, since only then does it run; a tool that the image has only as a BusyBox applet (the " +
				"wget, tar or unzip of Alpine and docker:dind) is still reported here, since the full package is " +
				"what the build installs. With no image configured, the notice says so: " +
				"name the image with `--image`, `--dockerfile`, `--tools` or the configuration file.\n\n" +
				"The notice names executables, never packages: `yum install p7zip` installs `7za`, " +
				"`apt-get install binutils` installs `ld`, `apt-get install lsb-release` installs `lsb_release`; " +
				"versioned package names follow the distributions' conventions (`openjdk-21-jdk` installs `java` " +
				"and `javac` at version 21, `python3.12` installs `python3.12`, `php8.3-cli` installs `php`), and " +
				"fonts and `-venv` packages install nothing to run. " +
				"Which installs are tools follows one rule, from the package data, for every package manager: " +
				"a package known to install executables is a tool install; a package known to be a library " +
				"(`requests`, `boto3`, `brotli`, `libssl-dev`) is not; an unknown package counts as a tool, " +
				"named by its package, only where installs are global installs of executables (OS package " +
				"managers, `npm -g`, `yarn global`, `pnpm -g`, `pipx`, `uv tool`, `cargo install`, `go install`, " +
				"`dotnet tool install`), and not for `pip` and `gem`, whose packages are mostly libraries that " +
				"the build imports. An RPM capability (`dnf-command(config-manager)`) is not a tool. A script " +
				"piped into a shell (`curl -fsSL https://example.com/ci/setup.sh | bash`) installs what only " +
				"its URL can tell: a known installer (nvm, rustup, get.docker.com, Helm's get script, SDKMAN, " +
				"...) names its tools; any other is reported as an installer script from its host, never as a " +
				"tool named after its file.\n\n" +
				"In a GitHub Actions workflow every job starts on a fresh runner too. On a GitHub-hosted runner, whose image cannot " +
				"be changed, the notice names the tool's setup action (`actions/setup-node`, `azure/setup-kubectl`, " +
				"`hashicorp/setup-terraform`, ...) or `actions/cache` instead of a custom image; on a CodeBuild-hosted runner a " +
				"custom image named by the job's `image:custom-...` label; in a container job the container's image. When the " +
				"runner's image is not known (a self-hosted or unknown label), it says to bind the label to an image in the " +
				"configuration (`runners: {LABEL: {image: ...}}`).",
			Bad:  "version: 0.2\nphases:\n  install:\n    commands:\n      - pip install awscli\n",
			Good: "version: 0.2\nphases:\n  build:\n    commands:\n      - aws --version\n",
			WorkflowBad: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n" +
				"          curl -fsSLO https://releases.hashicorp.com/terraform/1.9.8/terraform_1.9.8_linux_amd64.zip\n" +
				"          unzip terraform_1.9.8_linux_amd64.zip\n      - run: terraform apply -auto-approve\n",
			WorkflowGood: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: hashicorp/setup-terraform@v3\n        with:\n" +
				"          terraform_version: 1.9.8\n      - run: terraform apply -auto-approve\n",
			WorkflowOptions: []string{"--tools", "git,jq"},
		},
	},
	Workflows: true,
	Check:     checkPerRunInstall,
}

func checkPerRunInstall(p *lint.Pass) {
	for _, in := range passInstalls(p) {
		if wrongManagerCommand(p.Image, in.Call) {
			continue // wrong-package-manager's business: the command fails
		}
		if in.Installer != "" {
			reportInstallerScript(p, in)
			continue
		}
		if len(in.Tools) == 0 {
			continue // a library: nothing that a build calls
		}
		if p.Image != nil {
			if guardSkips(p.Image, in) {
				continue // the guard skips it: it never runs on this image
			}
			if _, t := imageTool(p.Image, in); t != nil {
				continue // BSL101's business
			}
			if _, s := setupBefore(p.Image, in); s != nil {
				continue // BSL101's business: a setup step put it on the PATH
			}
		}
		name := in.Tools[0]
		var msg string
		switch {
		case p.Image == nil && workflowUnit(p.Spec):
			msg = fmt.Sprintf("%s is installed on every run and the job's runner image is not known: bake it into the runner's image and bind the job's runs-on label to that image with runners: {LABEL: {image: ...}} in .buildspec-lint.yaml", name)
			if use := setupUse(in, name); use != "" {
				msg += ", or use " + use
			}
		case p.Image == nil:
			msg = fmt.Sprintf("%s is installed on every build and no build image is configured: bake it into a custom image and name it with --image, --dockerfile or --tools", name)
		case onRunner(p.Image) && p.Image.Partial:
			msg = fmt.Sprintf("%s is installed on every run, and what %s contains is known only in part: if it lacks %s, %s", name, imgCited(p.Image), name, runnerFix(p.Image, in, name))
		case onRunner(p.Image):
			if applet, t := appletTool(p.Image, in); applet != "" {
				msg = fmt.Sprintf("%s is installed on every run and %s has only %s: %s", name, imgCited(p.Image), standIn(applet, t), runnerFix(p.Image, in, name))
			} else {
				msg = fmt.Sprintf("%s is installed on every run and %s does not have it: %s", name, imgCited(p.Image), runnerFix(p.Image, in, name))
			}
		default:
			if applet, t := appletTool(p.Image, in); applet != "" {
				msg = fmt.Sprintf("%s is installed on %s and %s has only %s: bake the full package into %s", name, every(p.Image), imgCited(p.Image), standIn(applet, t), bakeInto(p.Image))
			} else if p.Image.Partial {
				msg = fmt.Sprintf("%s is installed on %s, and what %s contains is known only in part: if it lacks %s, bake it into %s", name, every(p.Image), imgCited(p.Image), name, bakeInto(p.Image))
			} else {
				// the most common message: built without fmt (one allocation, not five)
				msg = name + " is installed on " + every(p.Image) + " and " + imgCited(p.Image) + " does not have it: bake it into " + bakeInto(p.Image)
			}
		}
		f := p.Report(in.Range, msg)
		f.Tools = toolNames(in)
	}
}

// reportInstallerScript reports an installer script whose URL names no known tool: what it
// installs is unknown, so the message names the script by its host and cannot say whether the
// image has it.
func reportInstallerScript(p *lint.Pass, in *install.Install) {
	var msg string
	switch {
	case p.Image == nil && workflowUnit(p.Spec):
		msg = fmt.Sprintf("an installer script from %s runs on every run and the job's runner image is not known: bake what it installs into the runner's image and bind the job's runs-on label to that image with runners: {LABEL: {image: ...}} in .buildspec-lint.yaml", in.Installer)
	case p.Image == nil:
		msg = fmt.Sprintf("an installer script from %s runs on every build and no build image is configured: bake what it installs into a custom image and name it with --image, --dockerfile or --tools", in.Installer)
	case onRunner(p.Image) && p.Image.Runner.Kind == image.RunnerGitHub:
		msg = fmt.Sprintf("an installer script from %s runs on every run: cache what it installs with actions/cache (GitHub's runner images cannot be changed)", in.Installer)
	case onRunner(p.Image):
		msg = fmt.Sprintf("an installer script from %s runs on every run: bake what it installs into a custom image and name it with the job's image:custom-... label, or cache it with actions/cache", in.Installer)
	case inContainer(p.Image):
		msg = fmt.Sprintf("an installer script from %s runs on every run: bake what it installs into %s", in.Installer, bakeInto(p.Image))
	default:
		msg = fmt.Sprintf("an installer script from %s runs on every build: bake what it installs into %s", in.Installer, scriptImage(p.Image))
	}
	p.Report(in.Range, msg)
}

// scriptImage names the image to bake an installer script's tools into: a custom image when the
// build runs on a published image (a curated one, docker:dind), which its users cannot change,
// else the image itself.
func scriptImage(inv *image.Inventory) string {
	if published(inv) {
		return "a custom image built from " + inv.Ref
	}
	return inv.Cited()
}

// toolNames returns the tools of in for a finding to keep. A finding outlives its file's model,
// and the names are cut from the file's text: interned, they do not keep that text alive until
// the output, and the findings of a run share one copy of each name (a string per finding
// would be an object more for each collection to mark while the findings wait for the output).
func toolNames(in *install.Install) []string {
	out := make([]string, len(in.Tools))
	for i, t := range in.Tools {
		out[i] = unique.Make(t).Value()
	}
	return out
}
