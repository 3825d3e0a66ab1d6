package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// RedundantInstall reports an install of a tool that the build image already has.
var RedundantInstall = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL101",
		Name:     "redundant-install",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "a command installs a tool that the build image already has",
			Text: "Every build starts from a fresh container, so an install in the buildspec runs on every build and " +
				"costs its download and setup time each time. When the build image already has the tool, the " +
				"install is pure waste: remove the package from the install (the finding sits on the package word " +
				"and names where the image gets the tool from).\n\n" +
				"An install that chooses a version (`goenv install 1.21.1`, `nvm install 18`, `n \"$NODE_VERSION\"`, " +
				"`pip install pip==20.1`, `gem install bundler -v 1.17.3`, a download whose URL names a version, an " +
				"installer script given a version: `| sh -s v1.41.0`, `| sh -s -- --version 3.100.0`, " +
				"`| DESIRED_VERSION=v3.14.0 bash`, `bash install.sh --version 1.2.3`, a version variable that names the " +
				"tool exported before it; rustup's `--default-toolchain 1.78.0` chooses rustc and cargo) is " +
				"not removed when the image has the tool at another or an unknown version: that would change what " +
				"the build builds with. The message says which version the image has and which the install " +
				"chooses. For a runtime that an AWS CodeBuild curated image can select, the fix is `runtime-versions` " +
				"(the message names the key and version, or the versions the image has); otherwise it is to bake " +
				"that version into the image, or into a custom image built from a curated one, since AWS's images " +
				"cannot be changed. Only an install of the very version the image has is told to go. A version " +
				"cap (`pip install \"pip<21\"`, `awscli~=1.32`) chooses versions as a pin does, and so does an OS " +
				"package whose name or repository setup names the version (`openjdk-21-jdk`, `python3.12`, " +
				"`php8.3-cli`, `nodejs` after NodeSource's `setup_20.x`).\n\n" +
				"An upgrade (`pip install --upgrade awscli`, `pip install -U pip`, `npm update -g npm`, " +
				"`npm i -g yarn@latest`, a download of a `latest` or `stable` release) asks for a newer version " +
				"than the image's: the message says to bake the newer version into a custom image, or to drop " +
				"the upgrade if the image's version is enough. `pip install awscli` on an image with AWS CLI v2 " +
				"installs v1: remove it if the build works with v2, else bake v1 in.\n\n" +
				"A guarded install (`command -v jq >/dev/null || apt-get install -y jq`, `which X || ...`, " +
				"`if ! command -v X; then ... fi`, the same inside `sh -c '...'`, PowerShell's `if (-not (Get-Command " +
				"X)) { ... }`) never runs on " +
				"an image that has the tool it tests, so neither this rule nor per-run-install reports it there; " +
				"a test of the tool's path (`[ -x /usr/local/bin/kubectl ] || ...`) keeps both silent on an image " +
				"that has the tool, wherever it keeps it. " +
				"A bundle is judged by the tool it is for: a Miniconda download is an install of conda, whatever " +
				"python the image has. A file fetched and then installed (`wget .../tool.tar.gz` then `pip install " +
				"tool.tar.gz`, `dpkg -i ./tool.deb`, `npm i -g ./tool.tgz`) is one install, reported at the URL.\n\n" +
				"The image is what `--image`, `--dockerfile`, `--tools` or the configuration say the buildspec runs " +
				"on. A package that provides several executables is for the first of them, which messages name " +
				"(ssh of openssh-client, sponge of moreutils): it is redundant when the image has that one. A BusyBox applet in the image (the wget, tar or " +
				"unzip of Alpine and docker:dind) does not make an install of the real package redundant: builds " +
				"install it for the options the applet lacks, and neither does the bash 3.2 that macOS keeps (on a macOS runner, `brew install bash` brings bash 5). An AWS CLI v1 installed over an image's v2 before " +
				"`aws ecr get-login` (which v2 removed) is what keeps that login working: the finding says to change the " +
				"login to `get-login-password` first.\n\n" +
				"The fix (`--fix`) is offered only where the message says to remove the install: it deletes the package " +
				"word (`apk add --no-cache jq py3-pip` becomes `apk add --no-cache py3-pip`), or, when no package of the " +
				"call is left, the whole call: its `&&` part (`apt-get update && apt-get install -y jq && make` becomes " +
				"`make`), its line of a `|` block, its `;` part, the same inside `sh -c '...'`, its list item (with an " +
				"ignore directive above it that applies only to it), and a phase left with nothing. An `apt-get update` " +
				"goes with the install it served unless a later package manager call needs it, and a download goes " +
				"with the unzip, tar, chmod, mv, install and rm calls that only handle its files. No fix is offered for " +
				"a pin, an upgrade, a guarded install, a call inside a pipe, `||` or `if`, a download whose file a " +
				"remaining command still names, or a removal that would leave a phase with runtime-versions or finally " +
				"(or the only phase) without commands.\n\n" +
				"In a GitHub Actions workflow the image is the runner's: a GitHub-hosted runner's image (as actions/runner-images " +
				"documents it), the CodeBuild image of a CodeBuild-hosted runner, or the job's `container:` image, and the finding names it. " +
				"A hosted runner's image cannot be changed, so a version it lacks comes from the tool's setup action (`actions/setup-node`, " +
				"`actions/setup-python`, `actions/setup-go`, `actions/setup-java`, `azure/setup-helm`, `azure/setup-kubectl`, " +
				"`hashicorp/setup-terraform`) or is cached with `actions/cache`, never baked into the image; a container job's tool " +
				"belongs in its container image. An install after a setup step that put the same tool on the PATH (`actions/setup-node` " +
				"then `npm install -g node`) is redundant too, and the finding cites the step's line; one that chooses another version " +
				"than the step's is told to set it in the step's input instead. The fix never leaves a `run:` step without a command: " +
				"when nothing of its script would be left, none is offered.\n\nSources: the images CodeBuild provides and what they contain (https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-available.html), and their Dockerfiles (https://github.com/aws/aws-codebuild-docker-images).",
			Bad:     "version: 0.2\nphases:\n  install:\n    commands:\n      - apt-get install -y jq\n",
			Good:    "version: 0.2\nphases:\n  install:\n    commands:\n      - jq --version\n",
			Options: []string{"--tools", "jq"},
			WorkflowBad: "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 22\n" +
				"      - run: sudo apt-get install -y jq\n      - run: npm install -g node@22\n",
			WorkflowGood: "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 22\n" +
				"      - run: jq --version && node --version\n",
		},
	},
	Workflows: true,
	Check:     checkRedundantInstall,
}

func checkRedundantInstall(p *lint.Pass) {
	if p.Image == nil {
		return
	}
	var logins getLogins
	var removals []removal
	all := passInstalls(p)
	for _, in := range all {
		if wrongManagerCommand(p.Image, in.Call) {
			continue // wrong-package-manager's business: the command fails
		}
		if guardSkips(p.Image, in) {
			continue // the guard skips it: it never runs on this image
		}
		if name, s := setupBefore(p.Image, in); s != nil {
			// A setup step of the job put the tool on the PATH before this install.
			msg, remove := setupAdviceMessage(in, name, s)
			if msg == "" {
				continue
			}
			f := p.Report(in.Range, msg)
			f.Tools = toolNames(in)
			if remove {
				removals = append(removals, removal{in, f})
			}
			continue
		}
		name, tool := imageTool(p.Image, in)
		if tool == nil {
			continue
		}
		msg, ok := versionAdvice(p.Image, in)
		if line := v1ForGetLogin(p, in, &logins); !ok && line > 0 {
			// Removing it alone would break the login that needs it.
			as := fmt.Sprintf("as AWS CLI v%d", p.Image.AWSCLIMajor)
			if p.Image.AWSCLIMajor == 0 {
				as = "at a major version the inventory does not know"
			}
			msg, ok = fmt.Sprintf("%s is already %s %s %s, but this installs AWS CLI v1 for aws ecr get-login on line %d, which v2 lacks: "+
				"change that login to aws ecr get-login-password, then remove this install", name, inOn(p.Image), imageOrigin(p.Image, tool), as, line), true
		}
		if !ok {
			msg, ok = awsCLIAdvice(p.Image, in, name, tool)
		}
		if !ok {
			msg, ok = upgradeAdvice(p.Image, in, name, tool)
		}
		remove := !ok
		if remove {
			msg = fmt.Sprintf("%s is already %s %s; remove it from this install", name, inOn(p.Image), imageOrigin(p.Image, tool))
		}
		f := p.Report(in.Range, msg)
		f.Tools = toolNames(in)
		if remove {
			removals = append(removals, removal{in, f})
		}
	}
	// Only the plain advice to remove the install has a fix: a pin, an upgrade or a login
	// that needs the install asks the user to change something else first.
	removalFixes(p.Spec, all, removals)
}

// passInstalls recognises the installs of a buildspec document, its commands in execution order,
// once per document: BSL101 and BSL102 share the result (Buildspec.Memo). The installs do not
// depend on the image, and the rules only read them.
func passInstalls(p *lint.Pass) []*install.Install { return specInstalls(p.Spec) }

// specInstalls recognises the installs of a document once (Buildspec.Memo).
func specInstalls(spec *buildspec.Buildspec) []*install.Install {
	type key struct{}
	return spec.Memo(key{}, func() any { return recogniseInstalls(spec) }).([]*install.Install)
}

// recogniseInstalls recognises the installs of a document, with its env.variables as the values
// of the variables that commands use.
func recogniseInstalls(spec *buildspec.Buildspec) []*install.Install {
	env := map[string]string{}
	if spec.Env != nil {
		for _, e := range spec.Env.Variables {
			if e.Value != nil {
				env[e.Key.Name] = e.Value.Value
			}
		}
	}
	return install.RecogniseCommands(spec.CommandsInOrder(), env)
}

// imageTool returns the first of the install's tools that the image has. A BusyBox applet
// (Tool.Package "busybox": the wget, tar and unzip of Alpine and docker:dind) does not count:
// builds install the real package on purpose, for the options the applet lacks, so that install
// is not redundant (per-run-install still reports it).
func imageTool(inv *image.Inventory, in *install.Install) (string, *image.Tool) {
	return firstTool(inv, in, false)
}

// appletTool returns the first of the install's tools that the image has only as a BusyBox
// applet.
func appletTool(inv *image.Inventory, in *install.Install) (string, *image.Tool) {
	return firstTool(inv, in, true)
}

// firstTool returns the tool that the install is for when the image has it, as a BusyBox applet
// (applet true) or as anything else. A package that brings several executables is for the first
// of them (ssh of openssh-client, sponge of moreutils, ld of binutils): an image that has only
// another one (GNU parallel, but not moreutils' sponge) still lacks what the build installs.
func firstTool(inv *image.Inventory, in *install.Install, applet bool) (string, *image.Tool) {
	tools := in.JudgedTools()
	if len(tools) == 0 {
		return "", nil
	}
	if tool := inv.Has(tools[0]); tool != nil && isApplet(tool, in) == applet {
		return tools[0], tool
	}
	if v := in.Version; v != "" && install.Family(in.Manager) == "os" && strings.HasSuffix(tools[0], v) {
		// apt-get install python3.12: the image's python at another version
		base := strings.TrimRight(strings.TrimSuffix(tools[0], v), "0123456789.")
		if tool := inv.Has(base); base != "" && tool != nil && isApplet(tool, in) == applet {
			return base, tool
		}
	}
	return "", nil
}

// isApplet reports whether the image's tool t is a BusyBox applet that the install replaces
// with the real package (an install of busybox itself replaces nothing).
func isApplet(t *image.Tool, in *install.Install) bool {
	if t.Package == image.PackageMacOS {
		return true // macOS's own old release: the install brings a current one
	}
	return strings.EqualFold(t.Package, "busybox") && !strings.HasPrefix(strings.ToLower(in.Package), "busybox")
}

// standIn names the stand-in an image has for a tool (appletTool): "BusyBox's wget", "macOS's
// own bash 3.2.57".
func standIn(name string, t *image.Tool) string {
	if t != nil && t.Package == image.PackageMacOS {
		return "macOS's own " + name + " " + t.Version
	}
	return "BusyBox's " + name
}

// origin formats where the image's tool comes from: " (docker/codebuild/Dockerfile:7)", or
// " (built-in inventory)" when the origin only repeats the image's own name.
func origin(inv *image.Inventory, t *image.Tool) string {
	switch {
	case t.Origin == "":
		return ""
	case inv != nil && inv.Name != "" && t.Origin == "the built-in inventory of "+inv.Name:
		return " (built-in inventory)"
	case onRunner(inv) && inv.Name != "":
		// "the software report of GitHub's ubuntu-24.04 runner image, version ..." after the
		// message has named that image: "the software report, version ...".
		o := strings.Replace(t.Origin, " of GitHub's "+inv.Name+" runner image", "", 1)
		if o != t.Origin && strings.HasSuffix(o, ")") && strings.Contains(o, " (") {
			o = strings.Replace(strings.TrimSuffix(o, ")"), " (", ", ", 1) // the toolset, FILE
		}
		return " (" + o + ")"
	}
	return " (" + t.Origin + ")"
}

// verb says how the install gets the tool, for messages.
func verb(in *install.Install) string {
	switch in.Manager {
	case "curl", "wget", "Invoke-WebRequest", "download":
		return "downloads"
	}
	return "installs"
}

// sameVersion reports whether two versions name the same release: equal after a leading "v",
// or one a prefix of the other at a dot ("1.6" and "1.6.0").
func sameVersion(a, b string) bool {
	a, b = strings.TrimPrefix(a, "v"), strings.TrimPrefix(b, "v")
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return strings.HasPrefix(b, a+".") || strings.HasPrefix(b, a+"-")
}

// known reports whether a version is known: set, and not a variable reference ($TF_VERSION).
func known(v string) bool { return v != "" && !strings.Contains(v, "$") }

// sameThing reports whether the image's tool version and the install's version are versions of
// the same thing: a tool whose package is unknown or is the installed package (the image's pip
// may carry its Python's version).
func sameThing(in *install.Install, name string, t *image.Tool) bool {
	if t.Package == "" || strings.EqualFold(t.Package, in.Package) || strings.EqualFold(t.Package, name) {
		return true
	}
	for _, tt := range in.Tools {
		if strings.EqualFold(t.Package, tt) {
			return true
		}
	}
	return false
}

// imageOrigin names the image and where it has the tool: a configuration image with where it is
// defined (citeTool), any other as the user named it with the tool's origin.
func imageOrigin(inv *image.Inventory, t *image.Tool) string {
	if inv.Defined != "" {
		return citeTool(inv, t)
	}
	return imgLabel(inv) + origin(inv, t)
}

// citeTool names a configuration image with where it is defined and where the tool comes from:
// "image ci (.buildspec-lint.yaml:4, docker/ci/Dockerfile:7)", "image build
// (.buildspec-lint.yaml:3, the built-in inventory of aws/codebuild/standard:7.0)".
func citeTool(inv *image.Inventory, t *image.Tool) string {
	place, _, _ := strings.Cut(inv.Defined, ", ")
	if t.Origin == "" || t.Origin == "the built-in inventory of "+inv.Name {
		// A built-in image named where it is used (a CodeBuild project's): "image
		// aws/codebuild/standard:7.0 (template.yaml:42, project Build)", or "the CodeBuild
		// runner's image ..." for the job a CodeBuild-hosted runner runs on the project's image.
		if inv.Runner != nil && inv.Runner.Kind == image.RunnerCodeBuild && inv.Runner.Container == "" {
			return imgCited(inv)
		}
		return inv.Cited()
	}
	return inv.Label() + " (" + place + ", " + t.Origin + ")"
}

// v1ForGetLogin returns the line of the first `aws ecr get-login` after in when in installs AWS
// CLI v1 over an image whose CLI is v2 or of an unknown major version, or 0: the login may work
// only because of this install. logins holds
// the calls' indexes and the get-login calls among them, found once per document.
func v1ForGetLogin(p *lint.Pass, in *install.Install, logins *getLogins) int {
	if p.Image.AWSCLIMajor == 1 || in.Call == nil || !slices.Contains(in.Tools, "aws") || inventory.AWSCLIMajor(in) != 1 {
		return 0
	}
	if logins.index == nil {
		logins.index = map[*buildspec.Call]int{}
		for i, c := range p.Calls() {
			logins.index[c] = i
			if ecrGetLogin(c) != 0 {
				logins.at = append(logins.at, i)
				logins.lines = append(logins.lines, c.Range().Start.Line)
			}
		}
	}
	i, ok := logins.index[in.Call]
	if !ok {
		return 0
	}
	if j, _ := slices.BinarySearch(logins.at, i+1); j < len(logins.at) {
		return logins.lines[j]
	}
	return 0
}

// getLogins are the `aws ecr get-login` calls of a document: their indexes among its calls, in
// order, and their lines.
type getLogins struct {
	index map[*buildspec.Call]int
	at    []int
	lines []int
}
