package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// The AWS pages that say what each compute does not provide.
const (
	lambdaLimitsURL = "https://docs.aws.amazon.com/codebuild/latest/userguide/lambda.html"
	onFailureURL    = "https://docs.aws.amazon.com/codebuild/latest/userguide/lambda-compute-images.html"
)

// ComputeUnsupported reports what the build's compute does not provide: on Lambda compute,
// Docker, package managers that need root, cache and on-failure; on reserved capacity,
// on-failure; with docker: none, Docker.
var ComputeUnsupported = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL015",
		Name:     "compute-unsupported",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "the buildspec uses what its compute type does not provide",
			Text: "AWS Lambda compute runs builds fast, without Docker and without root. The " +
				"[limitations of Lambda compute](" + lambdaLimitsURL + "#lambda.limitations) say that it \"doesn't support " +
				"Docker builds or runs\", \"doesn't support tools that require root permissions. For tools such as `yum` or " +
				"`rpm`, use the EC2 compute type or other tools that don't require root permissions\", and \"doesn't support " +
				"caching\". The [Lambda compute images](" + onFailureURL + ") page adds: \"The `on-failure` attribute is not " +
				"supported when using Lambda compute or reserved capacity. This attribute only works with EC2 compute images " +
				"provided by CodeBuild.\"\n\n" +
				"So on Lambda compute the rule reports `docker`, `docker-compose` and `dockerd` calls that need a daemon " +
				"(the same calls as BSL201; a remote `DOCKER_HOST` does not count), OS package managers that change the " +
				"system (`yum`, `dnf`, `apt-get`, `apk`, `zypper`, `amazon-linux-extras` and the like, except queries such " +
				"as `yum list`; `rpm -i`, `dpkg -i`), a `cache` section and every `on-failure`; on a reserved capacity fleet " +
				"it reports `on-failure`. With `docker: none` in the configuration (the project has neither privileged " +
				"mode nor a Docker server) it reports the Docker calls on any compute, unless a project in the repository says " +
				"that its privileged mode is off: docker-not-privileged reports that, with where the project says it.\n\n" +
				"The compute comes from the image (the built-in Lambda images `aws/codebuild/amazonlinux-*-lambda-standard:*` " +
				"are Lambda compute) or from `compute:` and `docker:` in `.buildspec-lint.yaml` (on an image, or on a " +
				"`buildspecs:` entry). The rule is silent when neither says.",
			Bad: "version: 0.2\nphases:\n  build:\n    on-failure: ABORT\n    commands:\n      - docker build -t app .\n" +
				"cache:\n  paths:\n    - /root/.cache/pip/**/*\n",
			Good:    "version: 0.2\nphases:\n  build:\n    commands:\n      - pip install --target /tmp/deps -r requirements.txt\n      - sam build\n",
			Options: []string{"--image", "aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12"},
		},
	},
	Check: checkComputeUnsupported,
}

func checkComputeUnsupported(p *lint.Pass) {
	img := p.Image
	if img == nil {
		return
	}
	lambda := img.Compute == image.ComputeLambda
	// Without Docker because privileged mode is off, docker-not-privileged reports it.
	if lambda || img.Docker == image.DockerNone && unprivilegedDocker(p.Spec, img) == nil {
		for _, e := range dockerEvents(p.Spec, img) {
			what := e.What + " needs Docker"
			switch e.Op {
			case opStart:
				what = e.What + " starts a Docker daemon"
			case opWait:
				continue // the start or the use beside it is reported
			}
			if lambda {
				p.Reportf(e.Range, "%s, and Lambda compute does not support Docker builds or runs (%s): "+
					"run the Docker steps on EC2 compute", what, computeSource(img))
			} else {
				p.Reportf(e.Range, "%s, and this build has no Docker (docker: none %s): give the project privileged "+
					"mode or a Docker server and set docker: daemon or server, or remove the command", what, dockerSource(img))
			}
		}
	}
	if lambda {
		for _, c := range p.Calls() {
			if verb, last, ok := rootPackageCall(c); ok {
				p.Reportf(programRange(c, last), "%s needs root, which Lambda compute does not give (%s): run this build on "+
					"EC2 compute, or bake the package into a custom image, or use a tool that needs no root", verb, computeSource(img))
			}
		}
		if p.Spec.Cache != nil {
			p.Reportf(p.Spec.Cache.Key.Range, "Lambda compute does not support caching (%s): remove cache, or run this "+
				"build on EC2 compute", computeSource(img))
		}
	}
	if lambda || img.Compute == image.ComputeReserved {
		where := "Lambda compute"
		if !lambda {
			where = "reserved capacity"
		}
		for _, ph := range p.Spec.Phases {
			if ph.OnFailure != nil {
				p.Reportf(ph.OnFailure.Range, "on-failure is not supported on %s, only on EC2 compute (%s): remove it, "+
					"or run this build on on-demand EC2 compute", where, computeSource(img))
			}
		}
	}
}

// computeSource says where the build's compute comes from, for messages: "image NAME is Lambda
// compute" for a built-in Lambda image, "compute: lambda at FILE:LINE:COL" for configuration.
func computeSource(img *image.Inventory) string {
	if img.ComputeOrigin == "" || strings.HasPrefix(img.ComputeOrigin, "the built-in inventory of ") {
		return fmt.Sprintf("%s is %s compute", img.Cited(), computeName(img.Compute))
	}
	return fmt.Sprintf("compute: %s at %s", img.Compute, img.ComputeOrigin)
}

// dockerSource says where docker: none was set.
func dockerSource(img *image.Inventory) string {
	if img.DockerOrigin == "" {
		return "for " + img.Label()
	}
	return "set at " + img.DockerOrigin
}

func computeName(c image.Compute) string {
	switch c {
	case image.ComputeLambda:
		return "Lambda"
	case image.ComputeReserved:
		return "reserved capacity"
	case image.ComputeEC2:
		return "EC2"
	}
	return "unknown"
}

// Package manager subcommands that only read: they need no root.
var (
	osManagerQueries = map[string]bool{
		"list": true, "info": true, "search": true, "show": true, "showsrc": true, "policy": true, "madison": true,
		"depends": true, "rdepends": true, "changelog": true, "download": true, "source": true, "help": true,
		"provides": true, "whatprovides": true, "repolist": true, "repoquery": true, "deplist": true,
		"check-update": true, "version": true, "dot": true, "stats": true, "se": true, "if": true, "lu": true,
		"list-updates": true, "repos": true, "lr": true, "packages": true, "pa": true,
	}
	// osManagerValueOpts are the options before the subcommand that take a separate value.
	osManagerValueOpts = map[string]bool{
		"-o": true, "-c": true, "-t": true, "-d": true, "-e": true, "-R": true, "-x": true, "--exclude": true,
		"--enablerepo": true, "--disablerepo": true, "--releasever": true, "--installroot": true,
		"-X": true, "--repository": true, "-p": true, "--root": true, "--arch": true, "--cache-dir": true,
		"--keys-dir": true, "--setopt": true, "--config": true, "--target-release": true,
	}
	// rpmWriteModes and dpkgWriteModes are the modes that change the package database.
	rpmWriteModes  = []string{"--install", "--upgrade", "--freshen", "--erase", "--reinstall", "--import", "--initdb", "--rebuilddb"}
	dpkgWriteModes = []string{"--install", "--remove", "--purge", "--configure", "--unpack", "--set-selections", "--add-architecture", "--force-all"}
)

// rootPackageCall reports whether c runs an OS package manager in a way that needs root (an
// install, remove, update or upgrade: anything but a query), with the words that name it for
// messages and the index of the last one.
func rootPackageCall(c *buildspec.Call) (what string, last int, ok bool) {
	if len(c.Args) == 0 || !c.Args[0].Lit {
		return "", 0, false
	}
	name := strings.ToLower(buildspec.BaseName(c.Args[0].Value))
	if !install.IsOSManager(name) || install.OSFamily(name) == "" {
		return "", 0, false // brew and snap: not the image's package manager
	}
	switch name {
	case "rpm", "dpkg":
		short, long := "iUFe", rpmWriteModes
		if name == "dpkg" {
			short, long = "irP", dpkgWriteModes
		}
		for i, a := range c.Args[1:] {
			v := a.Value
			isLong := strings.HasPrefix(v, "--")
			if isLong {
				v, _, _ = strings.Cut(v, "=")
			}
			if isLong && slices.Contains(long, v) || !isLong && len(v) > 1 && v[0] == '-' && strings.ContainsRune(short, rune(v[1])) {
				return name + " " + a.Value, i + 1, true
			}
		}
		return "", 0, false
	}
	for i := 1; i < len(c.Args); i++ {
		v := c.Args[i].Value
		if strings.HasPrefix(v, "-") {
			if osManagerValueOpts[v] {
				i++
			}
			continue
		}
		if osManagerQueries[v] {
			return "", 0, false
		}
		return name + " " + v, i, true
	}
	return "", 0, false // `yum --version`, `apt-get -h`
}

// lambdaRootCall reports whether c is a package manager call that BSL015 reports on the image's
// Lambda compute, where advice to use the image's own package manager would be wrong too.
func lambdaRootCall(img *image.Inventory, c *buildspec.Call) bool {
	if img == nil || img.Compute != image.ComputeLambda {
		return false
	}
	_, _, ok := rootPackageCall(c)
	return ok
}
