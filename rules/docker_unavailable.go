package rules

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// Facts (actions/runner-images at 749514466, 2026-08-21): the software reports of macos-14,
// macos-15 and macos-26 (x64 and arm64) list no Docker; windows-2022 and windows-2025 list
// Docker, whose engine runs Windows containers. The runner mounts its Docker socket into a
// container: job (actions/runner, src/Runner.Worker/Container/ContainerInfo.cs). Which Docker Hub
// official images have Windows variants: docker-library/official-images, library/* at 37079fb
// (2026-08-21), their windows-amd64 entries.
const runnerImagesURL = "https://github.com/actions/runner-images"

// DockerUnavailable reports a docker call in a workflow job where Docker cannot work: on a
// GitHub-hosted macOS runner, in a container job whose image has no docker CLI, and a Linux-only
// image run on a GitHub-hosted Windows runner.
var DockerUnavailable = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL211",
		Name:     "docker-unavailable",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "docker runs in a workflow job where Docker cannot work",
			Text: "GitHub-hosted runners differ in what Docker they have ([runner-images](" + runnerImagesURL + ") " +
				"publishes each image's software):\n\n" +
				"- The Linux runners have Docker with a running daemon.\n" +
				"- The macOS runners have no Docker at all, neither the CLI nor a daemon: every `docker`, " +
				"`docker compose`, `docker buildx` or `docker-compose` call fails with \"command not found\". Run " +
				"the job on `ubuntu-latest`, or set Docker up in the job first (`docker/setup-docker-action`, or " +
				"colima). On the arm64 ones (`macos-14`, `macos-15`, `macos-26`, `macos-latest` and the `-xlarge` labels) Docker cannot run at all: they have no " +
				"nested virtualization, so colima and `docker/setup-docker-action` fail there; run the job on " +
				"`ubuntu-latest`, or on an Intel runner (`macos-15-intel`).\n" +
				"- The Windows runners have Docker, whose engine runs Windows containers only: `docker run`, " +
				"`docker pull` or `docker create` with `--platform linux/...` or of an image that exists only for Linux (Docker Hub's official " +
				"`ubuntu`, `alpine`, `debian`, `node`, `nginx`, `postgres`, `redis` and others, `amazonlinux`) fails " +
				"with \"no matching manifest for windows/amd64\". Run the job on `ubuntu-latest`, or use a Windows " +
				"image.\n" +
				"- A `container:` job runs its steps in the container, and the runner mounts its Docker socket " +
				"into it: `docker` works there when the container's image has the docker CLI. An image whose " +
				"contents are known in full and hold no docker CLI (a built-in inventory, not a Dockerfile's: what " +
				"its downloads and `COPY --from` bring is not known) fails with \"docker: not found\": install the " +
				"CLI in the image, or use an image that has it.\n\n" +
				"The rule reports only what is certain: nothing on a self-hosted or unknown runner, for an image " +
				"whose contents are not known, for a call in a shell condition or branch (`if docker info`, " +
				"`[ \"$RUNNER_OS\" = Linux ] && docker ...`), after a step that sets Docker up " +
				"(`docker/setup-docker-action`, `crazy-max/ghaction-setup-docker`, " +
				"`douglascamata/setup-docker-macos-action`, an action named like them, or the repository's own " +
				"action, `uses: ./`), after a command of the job that installs Docker or points it elsewhere " +
				"(`brew install docker colima`, `apt-get install docker.io`, `docker context use`), on a Windows " +
				"runner whose job or workflow `env:` points docker at another daemon (`DOCKER_HOST` on another " +
				"host, `DOCKER_CONTEXT`), or for a step whose `if:` rules the runner out " +
				"(`if: runner.os == 'Linux'`). In a matrix, the finding says for which values it holds.",
			Bad: "on: push\njobs:\n  test:\n    runs-on: macos-14\n    steps:\n      - uses: actions/checkout@v4\n" +
				"      - run: docker build -t app .\n",
			Good: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n" +
				"      - run: docker build -t app .\n",
		},
	},
	Workflows: true,
	Check:     checkDockerUnavailable,
}

func checkDockerUnavailable(p *lint.Pass) {
	inv := p.Image
	if inv == nil || inv.Runner == nil {
		return // a buildspec, or a runner nothing is known of
	}
	r := inv.Runner
	var calls []*buildspec.Call
	for _, c := range p.Calls() {
		if len(c.Args) > 0 {
			calls = append(calls, c)
		}
	}
	provided := false // a call before this one provides Docker (providesDocker)
	for i, c := range calls {
		if i > 0 && !provided {
			provided = providesDocker(calls[i-1])
		}
		prog := dockerName(c)
		if prog != "docker" && prog != "docker-compose" && prog != "docker-buildx" {
			continue
		}
		if provided || inv.Runner.SetupBefore("docker", c.Range().Start.Offset) != nil || conditional(c, 0) {
			continue
		}
		switch {
		case r.Container != "":
			if containerLacks(inv, prog) {
				p.Reportf(programRange(c, 0), "%s: not found in container image %s: the runner mounts its Docker socket into the job's container, but the image has no %s CLI: install it in the image or use an image that has it", prog, r.Container, prog)
			}
		case r.Kind == image.RunnerGitHub && r.OS == "macos" && r.Arch == "arm64":
			// No nested virtualization on Apple silicon runners: colima and setup-docker-action
			// fail there (docs/sources.md, "Docker on GitHub's macOS runners").
			p.Report(programRange(c, dockerBlame(c)), "GitHub's macOS runners have no Docker, neither the docker CLI nor a daemon, and this arm64 one cannot run it (no nested virtualization: colima and docker/setup-docker-action fail there): run this job on ubuntu-latest, or on an Intel macOS runner (macos-15-intel) that sets Docker up before this call")
		case r.Kind == image.RunnerGitHub && r.OS == "macos":
			p.Report(programRange(c, dockerBlame(c)), "GitHub's macOS runners have no Docker, neither the docker CLI nor a daemon: run this job on ubuntu-latest, or set Docker up in the job before this call (docker/setup-docker-action, or colima)")
		case r.Kind == image.RunnerGitHub && r.OS == "windows" && prog == "docker" && !otherDaemon(p.Spec):
			if why, at := linuxContainer(c); why != "" {
				p.Reportf(programRange(c, at), "Windows runners run Windows containers only, and %s: run this job on ubuntu-latest, or use a Windows image", why)
			}
		}
	}
}

// otherDaemon reports whether the job's env: points docker at a daemon that is not the
// runner's (DOCKER_HOST on another host, a DOCKER_CONTEXT), which may run Linux containers.
func otherDaemon(spec *buildspec.Buildspec) bool {
	if remoteDockerHost(envValue(spec, "DOCKER_HOST")) {
		return true
	}
	ctx := envValue(spec, "DOCKER_CONTEXT")
	return ctx != "" && ctx != "default"
}

// dockerBlame returns the index of the last word a finding on docker call c covers: its
// subcommand (and the plugin's) when it has one, else the program.
func dockerBlame(c *buildspec.Call) int {
	if _, i, ok := dockerNeedsDaemon(c); ok {
		return i
	}
	return 0
}

// containerLacks reports whether a container job's image is known not to have prog: an image of
// a built-in inventory (not a Dockerfile's, whose COPY --from and downloads may bring it) with
// nothing unknown about its contents.
func containerLacks(inv *image.Inventory, prog string) bool {
	return inv.Name != "" && inv.Ref != "" && inv.Dockerfile == "" && !inv.Partial && len(inv.Notes) == 0 &&
		len(inv.Tools) > 0 && inv.Has(prog) == nil
}

// providesDocker reports whether call c, run before a docker call in the job, installs Docker,
// starts a runtime that provides it, defines docker as something else, or points it at another
// daemon (a setup action that puts it on the PATH is the runner's SetupBefore). It is asked of
// each call once, in order, until one does: a job of thousands of calls is not rescanned per
// docker call.
func providesDocker(c *buildspec.Call) bool {
	name := strings.TrimSuffix(strings.ToLower(c.Name()), ".exe")
	switch name {
	case "colima", "limactl", "lima", "podman", "dockerd", "rancher", "rdctl", "orb", "orbctl":
		return true
	case "docker":
		if sub, i, remote := dockerSubcommand(c); remote || (sub == "context" && (c.Arg(i+1) == "use" || c.Arg(i+1) == "create")) {
			return true
		}
		return false
	case "alias", "export", "set", "setx":
		for _, a := range c.Args[1:] {
			v := strings.ToLower(a.Value)
			if strings.HasPrefix(v, "docker=") || strings.HasPrefix(v, "docker_host") {
				return true
			}
		}
	}
	if hasRemoteAssign(c) {
		return true
	}
	// A package manager, a download or an installer that names Docker or a runtime.
	for _, a := range c.Args[1:] {
		v := strings.ToLower(a.Value)
		if strings.Contains(v, "docker") || strings.Contains(v, "colima") || strings.Contains(v, "podman") {
			switch name {
			case "brew", "port", "nix", "nix-env", "apt", "apt-get", "apk", "yum", "dnf", "microdnf", "zypper",
				"pacman", "curl", "wget", "sh", "bash", "choco", "winget", "scoop", "install-package",
				"install-module", "invoke-webrequest", "iwr", "invoke-restmethod", "irm", "pip", "pip3", "pipx", "tar", "unzip", "installer", "hdiutil":
				return true
			}
		}
	}
	return false
}

// conditional reports whether call c runs only when something the rule cannot decide holds: in
// a shell condition, a branch of an if or a case, the right side of && or ||, a while or until
// loop's body, a function's body, or under `!`; for PowerShell and cmd scripts, after an if or a
// brace anywhere before it in its command.
func conditional(c *buildspec.Call, depth int) bool {
	if c.InCond || c.Negated || c.OrGuarded {
		return true
	}
	if c.Via != nil && depth < 8 && conditional(c.Via, depth+1) {
		return true
	}
	if c.Command == nil || c.Command.Script == nil {
		return true
	}
	root := c.Inner
	if root == nil {
		root = c.Command.Script.File
	}
	if root == nil || c.Expr == nil {
		return windowsConditional(c)
	}
	var stack []syntax.Node
	found, cond := false, false
	syntax.Walk(root, func(n syntax.Node) bool {
		if found {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if n == c.Expr {
			found = true
			cond = branchOf(append(stack, n))
			return false
		}
		stack = append(stack, n)
		return true
	})
	return !found || cond
}

// branchOf reports whether the last node of path (a path from the root) runs only on some
// condition.
func branchOf(path []syntax.Node) bool {
	for i := 0; i+1 < len(path); i++ {
		child := path[i+1]
		switch n := path[i].(type) {
		case *syntax.IfClause:
			if !stmtIn(n.Cond, child) {
				return true
			}
		case *syntax.CaseClause, *syntax.FuncDecl:
			return true
		case *syntax.WhileClause:
			if !stmtIn(n.Cond, child) {
				return true
			}
		case *syntax.BinaryCmd:
			if child != syntax.Node(n.Y) {
				continue
			}
			if n.Op == syntax.OrStmt || n.Op == syntax.AndStmt && tests(n.X) {
				return true // runs when the left side fails, or when a test on it holds
			}
		}
	}
	return false
}

// testPrograms are the commands whose status says whether something holds rather than whether
// a step of the build worked: `[ "$RUNNER_OS" = Linux ] && docker ...` runs docker on some runners only.
var testPrograms = map[string]bool{
	"[": true, "test": true, "command": true, "which": true, "type": true, "hash": true, "uname": true,
	"grep": true, "expr": true, "false": true, "true": true, "is_linux": true, "docker": true,
}

// tests reports whether a statement's status is a test: a [[ ]], a test program, or a
// negation; or something the rule does not read as a plain command.
func tests(s *syntax.Stmt) bool {
	if s == nil || s.Negated {
		return true
	}
	switch cmd := s.Cmd.(type) {
	case *syntax.TestClause:
		return true
	case *syntax.CallExpr:
		if len(cmd.Args) == 0 {
			return true // an assignment
		}
		lit := cmd.Args[0].Lit()
		if i := strings.LastIndexByte(lit, '/'); i >= 0 {
			lit = lit[i+1:]
		}
		return lit == "" || testPrograms[lit]
	case *syntax.BinaryCmd:
		return tests(cmd.X) || tests(cmd.Y)
	}
	return true
}

func stmtIn(stmts []*syntax.Stmt, n syntax.Node) bool {
	for _, s := range stmts {
		if syntax.Node(s) == n {
			return true
		}
	}
	return false
}

// windowsConditional is conditional for the calls of a PowerShell or cmd script, which have no
// tree: true when a call before it in its command has an if, a loop or a brace.
func windowsConditional(c *buildspec.Call) bool {
	for _, b := range c.Command.Script.Calls {
		if b == c {
			return false
		}
		for _, w := range b.Args {
			v := strings.ToLower(w.Value)
			switch v {
			case "if", "elseif", "else", "switch", "foreach", "for", "while", "do", "try", "catch":
				return true
			}
			if strings.ContainsAny(v, "{}") {
				return true
			}
		}
	}
	return true // not found: nothing is certain
}

// linuxOnlyImages are the Docker Hub official images that have no Windows variant
// (official-images' library files list no windows-amd64 entry for them), and public mirrors of
// them. Images such as python, golang, mongo, eclipse-temurin and hello-world do have one.
var linuxOnlyImages = map[string]bool{
	"ubuntu": true, "alpine": true, "debian": true, "fedora": true, "centos": true, "amazonlinux": true,
	"busybox": true, "node": true, "redis": true, "postgres": true, "nginx": true, "mysql": true,
	"mariadb": true, "httpd": true, "memcached": true, "rabbitmq": true, "registry": true, "ruby": true,
	"rust": true, "php": true, "gradle": true, "maven": true,
}

// linuxContainer returns why a docker run, create or pull call asks for a Linux container: the
// Linux-only image it names ("redis:7 exists only for Linux") or its --platform linux/...
// option, and the index of the word to blame to; "" when it asks for nothing known to be Linux.
func linuxContainer(c *buildspec.Call) (string, int) {
	sub, i, remote := dockerSubcommand(c)
	if remote || hasRemoteAssign(c) {
		return "", 0
	}
	if sub == "container" || sub == "image" {
		sub = c.Arg(i + 1)
		i++
	}
	var boolOpts map[string]bool
	switch sub {
	case "run", "create":
		boolOpts = runBoolOpts
	case "pull":
		boolOpts = pullBoolOpts
	default:
		return "", 0
	}
	for j := i + 1; j < len(c.Args); j++ {
		v := c.Args[j].Value
		if v == "--" {
			continue // the end of the options: the image follows
		}
		if strings.HasPrefix(v, "-") && v != "-" {
			name, val, hasVal := strings.Cut(v, "=")
			if !hasVal && !boolOpts[v] && (strings.HasPrefix(v, "--") || len(v) == 2 || !allBoolShort(v[1:])) {
				if j+1 < len(c.Args) {
					j++ // an option with a value
					val = c.Args[j].Value
				}
			}
			if name == "--platform" && c.Args[j].Lit && strings.HasPrefix(strings.ToLower(val), "linux") {
				return "--platform " + val + " asks for a Linux one", j
			}
			continue
		}
		if c.Args[j].Lit && linuxOnlyRef(v) {
			return v + " exists only for Linux", j
		}
		return "", 0
	}
	return "", 0
}

var (
	runBoolOpts = map[string]bool{
		"-d": true, "--detach": true, "-i": true, "--interactive": true, "-t": true, "--tty": true,
		"--rm": true, "--privileged": true, "--init": true, "-P": true, "--publish-all": true,
		"--read-only": true, "--no-healthcheck": true, "--oom-kill-disable": true, "-q": true,
		"--quiet": true, "--disable-content-trust": true, "--sig-proxy": true, "--use-api-socket": true,
	}
	pullBoolOpts = map[string]bool{
		"-a": true, "--all-tags": true, "-q": true, "--quiet": true, "--disable-content-trust": true,
	}
)

func allBoolShort(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("dit", r) {
			return false
		}
	}
	return true
}

// linuxOnlyRef reports whether an image reference names one of linuxOnlyImages (on Docker Hub
// or its public ECR mirror, or Amazon Linux's ECR repository) with no Windows-looking tag.
func linuxOnlyRef(ref string) bool {
	ref = strings.ToLower(ref)
	name, tag := ref, ""
	if i := strings.IndexByte(name, '@'); i >= 0 {
		name = name[:i]
	}
	if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
		name, tag = name[:i], name[i+1:]
	}
	for _, w := range []string{"windows", "nanoserver", "servercore", "ltsc"} {
		if strings.Contains(tag, w) {
			return false
		}
	}
	for _, prefix := range []string{"docker.io/library/", "docker.io/", "index.docker.io/library/", "library/", "public.ecr.aws/docker/library/"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && !strings.Contains(rest, "/") {
			name = rest
			break
		}
	}
	if name == "public.ecr.aws/amazonlinux/amazonlinux" {
		return true
	}
	return !strings.Contains(name, "/") && linuxOnlyImages[name]
}
