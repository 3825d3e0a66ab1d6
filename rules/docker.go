package rules

// This file reads a buildspec as the Docker daemon sees it: which calls need a running daemon,
// which start it and which wait for it, in the order the build runs them. The BSL2xx rules and
// BSL301 share it. Facts: CodeBuild's documentation of Docker inside CodeBuild (privileged mode,
// the curated images' entrypoint, the Docker in custom image sample) and docker:dind's Dockerfile.

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// The commands the AWS "Docker in custom image" sample adds to install (DIND-SAMPLE).
const (
	dockerdStartCmd = "nohup /usr/local/bin/dockerd --host=unix:///var/run/docker.sock --host=tcp://127.0.0.1:2375 --storage-driver=overlay2 &"
	dockerdWaitCmd  = `timeout 15 sh -c "until docker info; do echo .; sleep 1; done"`
)

// daemonOp is what a call does to the Docker daemon.
type daemonOp int

const (
	opNone  daemonOp = iota
	opUse            // needs a running daemon (docker build, docker-compose up, $(aws ecr get-login))
	opStart          // starts the daemon
	opWait           // waits until the daemon answers (an `until docker info` loop)
	// opNoStart asks a service manager to start the daemon where none can: systemctl start
	// docker, or service/rc-service docker start on an image whose services need OpenRC. NoStart
	// says why.
	opNoStart
)

// dockerEvent is one call that uses, starts or waits for the daemon, in execution order.
type dockerEvent struct {
	Op daemonOp
	// Call does it; Site is the call the build runs for it: the call of the shell function whose
	// body holds Call, or Call itself.
	Call, Site *buildspec.Call
	// Range is what a finding blames: the program and its subcommand ("docker build"), or the
	// function call for events from a function body.
	Range source.Range
	// What names it in messages: "docker build", "dockerd", "start-dockerd".
	What string
	// Background is true for a start that runs with & (the build goes on at once).
	Background bool
	// Waits is true for a start that returns once the daemon answers (service scripts, image
	// helpers such as start-dockerd, the curated dockerd-entrypoint.sh).
	Waits bool
	// Restart is true for `service docker restart` and the like.
	Restart bool
	// NoStart says why an opNoStart event starts nothing, for messages.
	NoStart string
	// OpenRC is true for an opNoStart that a build which boots OpenRC first would run.
	OpenRC bool
}

// at returns a copy of e on the heap that covers the words first to last: an event is built on
// the stack, and allocated and placed only when it is one (most calls are not).
func (e dockerEvent) at(first, last *buildspec.Word) *dockerEvent {
	e.Range = source.Range{Start: first.Range().Start, End: last.Range().End}
	return &e
}

// Line returns the line the event's finding starts on.
func (e *dockerEvent) Line() int { return e.Range.Start.Line }

// dockerEvents lists the daemon events of a buildspec document in execution order: install,
// pre_build, build, post_build, each phase's commands then its finally, as one shell (version
// 0.2). Calls inside a shell function's body count where the function is called.
func dockerEvents(spec *buildspec.Buildspec, img *image.Inventory) []*dockerEvent {
	// Four rules read the events: compute them once per document and image.
	type key struct{ img *image.Inventory }
	return spec.Memo(key{img}, func() any { return computeDockerEvents(spec, img) }).([]*dockerEvent)
}

func computeDockerEvents(spec *buildspec.Buildspec, img *image.Inventory) []*dockerEvent {
	cmds := spec.CommandsInOrder()
	remote := remoteDockerHost(envValue(spec, "DOCKER_HOST"))
	funcs := map[string][]*buildspec.Call{}
	openrc := false // the build has booted OpenRC (bootsOpenRC)
	var out []*dockerEvent
	for _, cmd := range cmds {
		if cmd.Script == nil {
			continue
		}
		var decls []funcDecl
		if strings.Contains(cmd.Value, "(") || strings.Contains(cmd.Value, "function") { // every form of a declaration has one
			decls = funcDecls(cmd.Script)
		}
		calls := cmd.Script.Calls
		for i, c := range calls {
			if name := enclosingFunc(c, decls); name != "" {
				funcs[name] = append(funcs[name], c)
				continue
			}
			if bootsOpenRC(c) {
				openrc = true
			}
			n := len(out)
			out = callEvents(out, c, calls[i+1:], c, img, remote, funcs, 0)
			for _, e := range out[n:] {
				if e.Op == opNoStart && e.OpenRC && openrc {
					e.Op, e.NoStart = opStart, ""
				}
			}
		}
	}
	return out
}

// bootsOpenRC reports whether c makes OpenRC run services in a container it did not boot:
// `openrc` itself or `touch /run/openrc/softlevel` (OpenRC's own advice when it refuses).
func bootsOpenRC(c *buildspec.Call) bool {
	switch buildspec.BaseName(c.Name()) {
	case "openrc":
		return true
	case "touch":
		for _, a := range c.Args[1:] {
			if strings.HasSuffix(a.Value, "openrc/softlevel") {
				return true
			}
		}
	}
	return false
}

// The reasons a service manager does not start dockerd in a CodeBuild build container, which
// runs the build's shell under CodeBuild's agent, with no init system (docs/sources.md, "Docker
// in CodeBuild").
const (
	noSystemd = "systemctl needs systemd running as PID 1, and a CodeBuild build container runs no init system"
	noOpenRC  = "on Alpine it runs OpenRC, which refuses to start services on a system it did not boot, and a " +
		"CodeBuild build container runs no init system"
)

// serviceStartFails returns why `service docker start`, `rc-service docker start` or
// `/etc/init.d/docker start` starts nothing on img, and whether booting OpenRC first would
// change that; "" when it may work (Debian and Ubuntu docker packages ship a SysV script that
// `service` runs directly when systemd is not running) or the image does not say.
func serviceStartFails(img *image.Inventory) (why string, openrc bool) {
	switch {
	case img == nil:
	case img.PackageManager == "apk" && (img.Has("openrc") != nil || img.Has("rc-service") != nil):
		return noOpenRC, true
	case isDindImage(img):
		return img.Label() + " has neither an init system nor a service script for docker", false
	case img.PackageManager == "apk":
		return noOpenRC, true
	}
	return "", false
}

// maxFuncDepth bounds how deep function calls are followed (a function may call itself).
const maxFuncDepth = 4

// callEvents appends to out the events of call c (rest are the calls after it in its command),
// run at site. A call of a shell function defined earlier yields the events of its body.
func callEvents(out []*dockerEvent, c *buildspec.Call, rest []*buildspec.Call, site *buildspec.Call, img *image.Inventory, remote bool, funcs map[string][]*buildspec.Call, depth int) []*dockerEvent {
	if body, ok := funcs[c.Name()]; ok && c.Depth == 0 && len(c.Args) > 0 && c.Args[0].Lit {
		if depth >= maxFuncDepth {
			return out
		}
		for i, b := range body {
			n := len(out)
			out = callEvents(out, b, body[i+1:], site, img, remote, funcs, depth+1)
			for _, e := range out[n:] {
				if e.Op == opStart && site.Background {
					e.Background = true
				}
			}
		}
		return out
	}
	e := classify(c, rest, img, remote)
	if e == nil {
		return out
	}
	e.Site = site
	if site != c {
		e.Range = programRange(site, 0)
		e.What = site.Name()
	}
	return append(out, e)
}

// classify says what one call does to the daemon, or returns nil.
func classify(c *buildspec.Call, rest []*buildspec.Call, img *image.Inventory, remote bool) *dockerEvent {
	if len(c.Args) == 0 {
		return nil
	}
	if e := startEvent(c, img); e != nil {
		return e
	}
	if e := waitEvent(c); e != nil {
		return e
	}
	if remote || hasRemoteAssign(c) {
		return nil
	}
	if sub, i, ok := dockerNeedsDaemon(c); ok {
		if isProbe(c) && c.InCond {
			// `if docker info; then ...`: a failing condition does not fail the build.
			return nil
		}
		return &dockerEvent{Op: opUse, Call: c, Range: programRange(c, i), What: strings.TrimSpace(c.Name() + " " + sub)}
	}
	if i := ecrGetLogin(c); i > 0 {
		if rng, ok := ecrLoginRuns(c, rest); ok {
			return &dockerEvent{Op: opUse, Call: c, Range: rng, What: "aws ecr get-login (it runs docker login)"}
		}
	}
	return nil
}

// programRange returns the range from the program word to argument last (inclusive).
func programRange(c *buildspec.Call, last int) source.Range {
	if last >= len(c.Args) {
		last = len(c.Args) - 1
	}
	return source.Range{Start: c.Args[0].Range().Start, End: c.Args[last].Range().End}
}

// dockerName returns the program name without a Windows .exe suffix.
func dockerName(c *buildspec.Call) string {
	return strings.TrimSuffix(strings.ToLower(c.Name()), ".exe")
}

// dockerGlobalArgOpts are the docker options before the subcommand that take a value.
var dockerGlobalArgOpts = map[string]bool{
	"-H": true, "--host": true, "-c": true, "--context": true, "--config": true, "-l": true,
	"--log-level": true, "--tlscacert": true, "--tlscert": true, "--tlskey": true,
}

// dockerSubcommand returns docker's subcommand and its index in c.Args ("" and 0 when there is
// none), and whether the global options name another daemon (-H, --context).
func dockerSubcommand(c *buildspec.Call) (sub string, idx int, remote bool) {
	for i := 1; i < len(c.Args); i++ {
		v := c.Args[i].Value
		if !strings.HasPrefix(v, "-") {
			return v, i, remote
		}
		name, val, hasVal := strings.Cut(v, "=")
		if dockerGlobalArgOpts[name] {
			if !hasVal && i+1 < len(c.Args) {
				i++
				val = c.Args[i].Value
			}
			switch name {
			case "-H", "--host":
				remote = remote || remoteDockerHost(val)
			case "-c", "--context":
				remote = remote || (val != "" && val != "default")
			}
		}
		if v == "--version" || v == "-v" || v == "--help" || v == "-h" {
			return v, i, remote
		}
	}
	return "", 0, remote
}

// Subcommands that work without a daemon (client-side only). `docker version` is not among
// them: it prints the client part, then fails when the daemon does not answer.
var (
	dockerClientOnly = map[string]bool{
		"--version": true, "-v": true, "--help": true, "-h": true, "help": true, "completion": true,
		"context": true, "manifest": true, "logout": true, "init": true,
	}
	// buildx and compose plugin subcommands that stay on the client.
	dockerPluginClientOnly = map[string]bool{
		"version": true, "--version": true, "install": true, "uninstall": true, "config": true,
		"--help": true, "-h": true, "help": true,
	}
	composeArgOpts = map[string]bool{
		"-f": true, "--file": true, "-p": true, "--project-name": true, "--env-file": true,
		"--profile": true, "--project-directory": true, "--ansi": true, "--parallel": true, "--progress": true,
	}
)

// dockerNeedsDaemon reports whether c is a docker, docker-compose or docker-buildx call that
// needs the daemon, with the subcommand it names (for messages) and the index of the last word
// to blame. `docker --version` does not need it (see the rule's doc).
func dockerNeedsDaemon(c *buildspec.Call) (sub string, last int, ok bool) {
	switch dockerName(c) {
	case "docker":
		s, i, remote := dockerSubcommand(c)
		if remote || s == "" || dockerClientOnly[s] || hasArg(c, i+1, "--help") {
			return "", 0, false
		}
		if s == "buildx" || s == "compose" {
			p, j := pluginSubcommand(c, i+1)
			if dockerPluginClientOnly[p] {
				return "", 0, false
			}
			if p != "" {
				return s + " " + p, j, true
			}
		}
		return s, i, true
	case "docker-compose", "docker-buildx":
		p, j := pluginSubcommand(c, 1)
		if p == "" || dockerPluginClientOnly[p] || p == "-v" || hasArg(c, 1, "--help") {
			return "", 0, false
		}
		return p, j, true
	}
	return "", 0, false
}

// pluginSubcommand returns the first non-option word of c.Args from index from on, skipping
// docker-compose's global options, and its index.
func pluginSubcommand(c *buildspec.Call, from int) (string, int) {
	for i := from; i < len(c.Args); i++ {
		v := c.Args[i].Value
		if v == "--version" || v == "-v" || v == "--help" || v == "-h" {
			return v, i
		}
		if !strings.HasPrefix(v, "-") {
			return v, i
		}
		if composeArgOpts[v] {
			i++
		}
	}
	return "", 0
}

func hasArg(c *buildspec.Call, from int, v string) bool {
	for i := from; i < len(c.Args); i++ {
		if c.Args[i].Value == v {
			return true
		}
	}
	return false
}

// isProbe reports whether c asks the daemon whether it is up: docker info, docker version,
// docker ps, docker system info.
func isProbe(c *buildspec.Call) bool {
	if dockerName(c) != "docker" {
		return false
	}
	s, i, _ := dockerSubcommand(c)
	switch s {
	case "info", "version", "ps":
		return true
	case "system":
		return c.Arg(i+1) == "info"
	}
	return false
}

// waitEvent recognises a wait: a probe in a while or until condition or in a retry loop's body
// (with or without `timeout N sh -c`), or a helper named like wait-for-docker.
func waitEvent(c *buildspec.Call) *dockerEvent {
	if isProbe(c) && c.InLoop {
		return &dockerEvent{Op: opWait, Call: c, Range: programRange(c, 1), What: c.Name() + " " + c.Arg(1)}
	}
	if helperName(c.Name(), "wait", waitHelperWords) {
		return &dockerEvent{Op: opWait, Call: c, Range: programRange(c, 0), What: c.Name()}
	}
	return nil
}

// The words a daemon start or wait helper's name may be made of.
var (
	startHelperWords = map[string]bool{"start": true, "startup": true, "docker": true, "dockerd": true,
		"daemon": true, "engine": true, "service": true, "sh": true, "bash": true}
	waitHelperWords = map[string]bool{"wait": true, "for": true, "until": true, "docker": true, "dockerd": true,
		"daemon": true, "engine": true, "ready": true, "sh": true, "bash": true}
)

// helperName reports whether a program name such as start-dockerd, startDocker.sh or
// wait_for_docker is made only of the given words, including verb and docker or dockerd.
func helperName(name, verb string, words map[string]bool) bool {
	if !strings.Contains(strings.ToLower(name), "docker") {
		return false // most calls: no need to split the name (5% of a run's allocations)
	}
	hasVerb, hasDocker := false, false
	all := eachNameWord(name, func(t string) bool {
		t = strings.ToLower(t) // no allocation for a word already in lower case
		if !words[t] {
			return false
		}
		hasVerb = hasVerb || strings.HasPrefix(t, verb)
		hasDocker = hasDocker || t == "docker" || t == "dockerd"
		return true
	})
	return all && hasVerb && hasDocker
}

// nameWords splits a program name into lower-case words at punctuation and camelCase humps:
// "startDocker.sh" is [start docker sh].
func nameWords(name string) []string {
	var out []string
	eachNameWord(name, func(w string) bool {
		out = append(out, strings.ToLower(w))
		return true
	})
	return out
}

// eachNameWord calls f with each word of name as nameWords splits it, as written (a word is a
// run of letters and digits, so a substring of name), until f returns false; it reports whether
// f accepted every word.
func eachNameWord(name string, f func(string) bool) bool {
	start, prevLower := -1, false
	for i, r := range name {
		switch {
		case unicode.IsUpper(r):
			if prevLower {
				if !f(name[start:i]) {
					return false
				}
				start = -1
			}
			if start < 0 {
				start = i
			}
			prevLower = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			prevLower = true
		default:
			if start >= 0 {
				if !f(name[start:i]) {
					return false
				}
				start = -1
			}
			prevLower = false
		}
	}
	return start < 0 || f(name[start:])
}

// Programs that run their arguments as the daemon's launcher (moby's dind wrapper, tini).
var daemonLaunchers = map[string]bool{"setsid": true, "dind": true, "docker-init": true, "tini": true, "--": true}

// startEvent recognises a daemon start: dockerd (possibly through dind or setsid),
// dockerd-entrypoint.sh, service/systemctl/rc-service docker start, start-stop-daemon --exec
// dockerd, and helpers named like start-dockerd or startDocker.sh.
func startEvent(c *buildspec.Call, img *image.Inventory) *dockerEvent {
	args := c.Args
	for len(args) > 1 && args[0].Lit && daemonLaunchers[buildspec.BaseName(args[0].Value)] {
		args = args[1:]
	}
	prog := buildspec.BaseName(args[0].Value)
	// The event covers args[0] to last; its range is worked out only for a call that is one.
	e, last := dockerEvent{Op: opStart, Call: c, What: prog, Background: c.Background}, args[0]
	switch prog {
	case "dockerd":
		for _, a := range args[1:] {
			switch a.Value {
			case "--version", "-v", "--help", "-h", "--validate":
				return nil
			}
		}
		return e.at(args[0], last)
	case "dockerd-entrypoint.sh", "dockerd-entrypoint":
		// The curated images' script starts dockerd in the background, polls docker info and
		// returns (so it waits, unless it runs with & itself); docker:dind's execs dockerd in
		// the foreground (the images' entrypoint scripts).
		e.Waits = !isDindImage(img) && !c.Background
		return e.at(args[0], last)
	case "service", "rc-service":
		if len(args) >= 3 && isDockerUnit(args[1].Value) && (args[2].Value == "start" || args[2].Value == "restart") {
			last = args[2]
			e.What = prog + " docker " + args[2].Value
			e.Background, e.Waits, e.Restart = true, true, args[2].Value == "restart"
			if why, openrc := serviceStartFails(img); why != "" {
				e.Op, e.NoStart, e.OpenRC = opNoStart, why, openrc
			}
			return e.at(args[0], last)
		}
	case "systemctl":
		verb := ""
		for _, a := range args[1:] {
			switch {
			case strings.HasPrefix(a.Value, "-"):
			case verb == "":
				verb = a.Value
			case (verb == "start" || verb == "restart") && isDockerUnit(a.Value):
				last = a
				e.What = "systemctl " + verb + " docker"
				e.Background, e.Waits, e.Restart = true, true, verb == "restart"
				e.Op, e.NoStart = opNoStart, noSystemd
				return e.at(args[0], last)
			}
		}
	case "start-stop-daemon":
		bg, exec := false, false
		for i, a := range args[1:] {
			switch a.Value {
			case "-b", "--background":
				bg = true
			case "-x", "--exec", "--startas", "-a":
				exec = exec || buildspec.BaseName(c.Arg(i+2)) == "dockerd"
			}
			if v, ok := strings.CutPrefix(a.Value, "--exec="); ok && buildspec.BaseName(v) == "dockerd" {
				exec = true
			}
		}
		if exec {
			e.Background = e.Background || bg
			return e.at(args[0], last)
		}
	case "docker":
		if len(args) >= 2 && args[1].Value == "daemon" { // the pre-1.12 spelling of dockerd
			last = args[1]
			e.What = "docker daemon"
			return e.at(args[0], last)
		}
	}
	if args[0].Lit && helperName(prog, "start", startHelperWords) {
		e.Waits = true
		return e.at(args[0], last)
	}
	if len(args) >= 2 && prog == "docker" && strings.Contains(args[0].Value, "init.d/") &&
		(args[1].Value == "start" || args[1].Value == "restart") {
		last = args[1]
		e.What = args[0].Value + " " + args[1].Value
		e.Background, e.Waits, e.Restart = true, true, args[1].Value == "restart"
		if why, openrc := serviceStartFails(img); why != "" {
			e.Op, e.NoStart, e.OpenRC = opNoStart, why, openrc
		}
		return e.at(args[0], last)
	}
	return nil
}

func isDockerUnit(v string) bool { return v == "docker" || v == "docker.service" || v == "dockerd" }

// isDindImage reports whether the image is docker:dind or built from it.
func isDindImage(img *image.Inventory) bool {
	if img == nil {
		return false
	}
	for _, ref := range []string{img.Ref, img.Name} {
		ref = strings.ToLower(ref)
		if i := strings.LastIndexByte(ref, '/'); i >= 0 {
			ref = ref[i+1:]
		}
		if strings.HasPrefix(ref, "docker:") && strings.Contains(ref, "dind") {
			return true
		}
	}
	return false
}

// awsGlobalArgOpts are the aws options before the service name that take a value.
var awsGlobalArgOpts = map[string]bool{
	"--region": true, "--profile": true, "--output": true, "--endpoint-url": true, "--query": true,
	"--ca-bundle": true, "--cli-read-timeout": true, "--cli-connect-timeout": true, "--color": true,
	"--cli-binary-format": true,
}

// ecrGetLogin returns the index in c.Args of `get-login` when c is `aws ecr get-login ...`
// (not get-login-password), or 0.
func ecrGetLogin(c *buildspec.Call) int {
	if n := strings.TrimSuffix(strings.ToLower(c.Name()), ".exe"); n != "aws" {
		return 0
	}
	var words []int
	for i := 1; i < len(c.Args) && len(words) < 2; i++ {
		v := c.Args[i].Value
		if strings.HasPrefix(v, "--") {
			if awsGlobalArgOpts[v] {
				i++
			}
			continue
		}
		words = append(words, i)
	}
	if len(words) == 2 && c.Args[words[0]].Value == "ecr" && c.Args[words[1]].Value == "get-login" {
		return words[1]
	}
	return 0
}

// ecrLoginRuns reports whether the `docker login` command that `aws ecr get-login` prints is
// run: `$(aws ecr get-login ...)` as a command (or given to eval), or `aws ecr get-login ... |
// sh`. It returns the range to blame. A login command stored in a variable is not followed.
func ecrLoginRuns(c *buildspec.Call, rest []*buildspec.Call) (source.Range, bool) {
	if c.Piped {
		for _, n := range rest {
			if n.Depth != c.Depth {
				continue
			}
			if n.PipedFrom && (shellNames[n.Name()] || n.Name() == "eval") {
				return programRange(c, ecrGetLogin(c)), true
			}
			break
		}
		return source.Range{}, false
	}
	if !c.InSubst {
		return source.Range{}, false
	}
	for _, p := range rest {
		if p.Depth != c.Depth || p.InSubst || len(p.Args) == 0 {
			continue
		}
		for _, w := range p.Words {
			if wr := w.Range(); wr.Contains(c.Range()) {
				if w == p.Args[0] || p.Name() == "eval" {
					return wr, true
				}
				return source.Range{}, false
			}
		}
	}
	return source.Range{}, false
}

// shellNames are the shells that `... | sh` pipes a script into.
var shellNames = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "zsh": true, "ksh": true}

// funcDecl is a shell function defined in a command, by the byte span of its body in the
// command's value.
type funcDecl struct {
	name       string
	start, end int
}

// funcDecls lists the shell functions a script defines.
func funcDecls(sc *buildspec.Script) []funcDecl {
	if sc.File == nil {
		return nil
	}
	var out []funcDecl
	for _, n := range sc.Decls() {
		if fd, ok := n.(*syntax.FuncDecl); ok && fd.Name != nil && fd.Body != nil {
			out = append(out, funcDecl{fd.Name.Value, int(fd.Body.Pos().Offset()), int(fd.Body.End().Offset())})
		}
	}
	return out
}

// enclosingFunc returns the name of the innermost function whose body holds c, or "".
func enclosingFunc(c *buildspec.Call, decls []funcDecl) string {
	if len(decls) == 0 {
		return ""
	}
	root := c
	for root.Via != nil {
		root = root.Via
	}
	if root.Expr == nil {
		return ""
	}
	off := int(root.Expr.Pos().Offset())
	name, size := "", -1
	for _, d := range decls {
		if d.start <= off && off < d.end && (size < 0 || d.end-d.start < size) {
			name, size = d.name, d.end-d.start
		}
	}
	return name
}

// envValue returns the value of variable name in env.variables, or "".
func envValue(spec *buildspec.Buildspec, name string) string {
	if spec.Env == nil {
		return ""
	}
	for _, e := range spec.Env.Variables {
		if e.Key.Name == name && e.Value != nil {
			return e.Value.Value
		}
	}
	return ""
}

// remoteDockerHost reports whether a DOCKER_HOST value names a daemon on another host (a
// sidecar or remote builder), which this build does not have to start.
func remoteDockerHost(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || strings.HasPrefix(v, "unix://") || strings.HasPrefix(v, "$") {
		return false
	}
	if strings.EqualFold(v, "npipe:////./pipe/docker_engine") {
		return false // the Windows engine's own pipe: the local daemon (any other pipe may not be)
	}
	for _, local := range []string{"localhost", "127.0.0.1", "[::1]", "0.0.0.0"} {
		if strings.Contains(v, "://"+local) {
			return false
		}
	}
	return true
}

func hasRemoteAssign(c *buildspec.Call) bool {
	for _, a := range c.Assigns {
		if v, ok := strings.CutPrefix(a, "DOCKER_HOST="); ok && remoteDockerHost(v) {
			return true
		}
	}
	return false
}

// imageLabel names the image for messages, with the Dockerfile it was read from.
func imageLabel(img *image.Inventory) string {
	l := img.Label()
	if img.Dockerfile != "" && img.Dockerfile != img.Name {
		l += " (" + img.Dockerfile + ")"
	}
	return l
}

// nextStart returns the first start event at or after index from, or nil.
func nextStart(evs []*dockerEvent, from int) *dockerEvent {
	for _, e := range evs[from:] {
		if e.Op == opStart {
			return e
		}
	}
	return nil
}

// dockerdFlags returns the options a daemon start gives dockerd: the words after dockerd (or
// `docker daemon`), or after docker:dind's dockerd-entrypoint.sh, which hands options to dockerd
// (the curated images' script ignores them). nil for other starts.
func dockerdFlags(c *buildspec.Call, img *image.Inventory) []*buildspec.Word {
	args := c.Args
	for len(args) > 1 && args[0].Lit && daemonLaunchers[buildspec.BaseName(args[0].Value)] {
		args = args[1:]
	}
	if len(args) == 0 {
		return nil
	}
	switch buildspec.BaseName(args[0].Value) {
	case "dockerd":
		return args[1:]
	case "docker":
		if len(args) >= 2 && args[1].Value == "daemon" {
			return args[2:]
		}
	case "dockerd-entrypoint.sh", "dockerd-entrypoint":
		if !isDindImage(img) {
			return nil
		}
		if len(args) == 1 {
			return args[1:] // dockerd with the script's defaults
		}
		if buildspec.BaseName(args[1].Value) == "dockerd" {
			return args[2:]
		}
		if strings.HasPrefix(args[1].Value, "-") {
			return args[1:]
		}
	}
	return nil
}

// flagValue is one value given to a dockerd option.
type flagValue struct {
	// Value is the option's value; Word is the word that holds it (the option's own word for
	// --name=value and -xvalue).
	Value string
	Word  *buildspec.Word
	// Prefix is the text of Word before the value ("--storage-driver=", "-s", or "").
	Prefix string
}

// flagValues returns the values given to option long (and its one-letter form short, if any) in
// args, in the forms Go's flag parser accepts: --long value, --long=value, -s value, -s=value
// and -svalue. Words with expansions are skipped.
func flagValues(args []*buildspec.Word, long, short string) []flagValue {
	var out []flagValue
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !a.Lit {
			continue
		}
		v := a.Value
		for _, name := range []string{"--" + long, "-" + short} {
			if name == "-" {
				continue
			}
			switch {
			case v == name:
				if i+1 < len(args) && args[i+1].Lit {
					out = append(out, flagValue{Value: args[i+1].Value, Word: args[i+1]})
				}
				i++
			case strings.HasPrefix(v, name+"="):
				out = append(out, flagValue{Value: v[len(name)+1:], Word: a, Prefix: name + "="})
			case len(name) == 2 && strings.HasPrefix(v, name) && len(v) > 2:
				out = append(out, flagValue{Value: v[2:], Word: a, Prefix: name})
			default:
				continue
			}
			break
		}
	}
	return out
}

// boolFlag returns whether a dockerd boolean option is set (--name or --name=true) and whether
// it is explicitly false (--name=false).
func boolFlag(args []*buildspec.Word, name string) (set, off bool) {
	for _, a := range args {
		switch a.Value {
		case "--" + name, "--" + name + "=true", "--" + name + "=1":
			set, off = true, false
		case "--" + name + "=false", "--" + name + "=0":
			set, off = false, true
		}
	}
	return set, off
}

// dockerEngine is the Docker Engine version an image has, when known.
type dockerEngine struct {
	Major int
	// Why says where the version comes from, for messages: "image ci has Docker 28.5.2".
	Why string
}

// dockerEngineOf returns the Docker Engine an image has: the version of its dockerd, the version
// tag of a docker:<version>-dind image, or the newest release for docker:dind (the tag follows
// it). ok is false when the image does not say.
func dockerEngineOf(img *image.Inventory) (eng dockerEngine, ok bool) {
	if img == nil {
		return eng, false
	}
	if t := img.Has("dockerd"); t != nil && t.Version != "" {
		if n, ok := leadingInt(t.Version); ok {
			return dockerEngine{n, fmt.Sprintf("%s has Docker %s", img.Label(), t.Version)}, true
		}
	}
	for _, ref := range []string{img.Ref, img.Name} {
		ref = strings.ToLower(ref)
		if i := strings.LastIndexByte(ref, '/'); i >= 0 {
			ref = ref[i+1:]
		}
		tag, found := strings.CutPrefix(ref, "docker:")
		if !found || !strings.Contains(tag, "dind") {
			continue
		}
		if tag == "dind" || strings.HasPrefix(tag, "dind-") {
			return dockerEngine{currentDockerMajor, fmt.Sprintf("%s follows the newest Docker release (%d or later)", dindLabel(img, tag), currentDockerMajor)}, true
		}
		if n, ok := leadingInt(tag); ok && n >= 17 {
			return dockerEngine{n, fmt.Sprintf("%s has Docker %d", dindLabel(img, tag), n)}, true
		}
	}
	return eng, false
}

// dindLabel names a docker:TAG image for messages: "image docker:dind", or "image ci
// (docker:27-dind)" for an image of another name.
func dindLabel(img *image.Inventory, tag string) string {
	if strings.EqualFold(img.Name, "docker:"+tag) {
		return img.Label()
	}
	return img.Label() + " (docker:" + tag + ")"
}

// currentDockerMajor is the Docker release docker:dind had when the built-in inventory was read
// (internal/inventory/data/reference/docker-dind.yaml); the floating tag only moves forward.
const currentDockerMajor = 29

// leadingInt returns the number a version string starts with ("28" of "28.5.2", "27" of "27-dind").
func leadingInt(v string) (int, bool) {
	end := 0
	for end < len(v) && v[end] >= '0' && v[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(v[:end])
	return n, err == nil
}

// daemonConfigWrite is a JSON file that a call writes: Path, and Config when the call writes a
// literal JSON object (`echo '{...}' > /etc/docker/daemon.json`, printf likewise, or a
// here-document given to cat or tee); Config is nil for any other write (jq ... > f, echo "$X" > f).
type daemonConfigWrite struct {
	Path   string
	Config map[string]any
}

// daemonJSONWrite returns the .json file that c writes through a redirection or tee, if any.
// ix finds c's statement (one walk per command).
func daemonJSONWrite(ix stmtIndex, c *buildspec.Call) (daemonConfigWrite, bool) {
	var none daemonConfigWrite
	if c.Command == nil || !strings.Contains(c.Command.Value, ".json") || c.Expr == nil || len(c.Args) == 0 {
		return none, false
	}
	prog := buildspec.BaseName(c.Args[0].Value)
	path, text := "", ""
	hasText := false
	if prog == "tee" {
		for _, a := range c.Args[1:] {
			if !strings.HasPrefix(a.Value, "-") && strings.HasSuffix(a.Value, ".json") {
				path = a.Value
			}
		}
	}
	if st := callStmt(ix, c); st != nil {
		for _, r := range st.Redirs {
			switch r.Op {
			case syntax.RdrOut, syntax.AppOut, syntax.ClbOut, syntax.RdrAll, syntax.AppAll:
				if v, ok := buildspec.WordLit(r.Word); ok && strings.HasSuffix(v, ".json") {
					path = v
				}
			case syntax.Hdoc, syntax.DashHdoc:
				if v, ok := buildspec.WordLit(r.Hdoc); ok && (prog == "cat" || prog == "tee") {
					text, hasText = v, true
				}
			}
		}
	}
	if path == "" {
		return none, false
	}
	switch prog {
	case "echo":
		var words []string
		hasText = true
		for _, a := range c.Args[1:] {
			if !a.Lit {
				hasText = false
				break
			}
			if len(words) == 0 && (a.Value == "-n" || a.Value == "-e" || a.Value == "-E") {
				continue
			}
			words = append(words, a.Value)
		}
		text = strings.Join(words, " ")
	case "printf":
		if len(c.Args) == 2 && c.Args[1].Lit && !strings.Contains(c.Args[1].Value, "%") {
			text, hasText = c.Args[1].Value, true
		}
	}
	w := daemonConfigWrite{Path: path}
	if hasText {
		text = strings.NewReplacer(`\n`, "\n", `\t`, "\t").Replace(text)
		if err := json.Unmarshal([]byte(text), &w.Config); err != nil {
			w.Config = nil
		}
	}
	return w, true
}

// callStmt returns the shell statement whose command is c, with its redirections.
func callStmt(ix stmtIndex, c *buildspec.Call) *syntax.Stmt {
	root := c.Inner
	if root == nil && c.Command.Script != nil {
		root = c.Command.Script.File
	}
	if root == nil {
		return nil
	}
	return ix.of(root, c.Expr).stmt
}

// defaultDaemonJSON is where a rootful dockerd reads its configuration without --config-file.
const defaultDaemonJSON = "/etc/docker/daemon.json"

// dockerdConfigFile returns the configuration file a dockerd start reads.
func dockerdConfigFile(flags []*buildspec.Word) string {
	path := defaultDaemonJSON
	for _, fv := range flagValues(flags, "config-file", "") {
		path = fv.Value
	}
	return path
}

// distroDockerPackages are the OS packages of Docker Engine, which put dockerd in /usr/bin
// (Docker's static binaries and docker:dind have it in /usr/local/bin, as the AWS sample starts it).
var distroDockerPackages = map[string]bool{"docker.io": true, "docker-ce": true, "docker": true, "moby-engine": true}

// dockerdStartFor returns the AWS sample's start of the daemon with the image's dockerd.
func dockerdStartFor(img *image.Inventory) string {
	if t := img.Has("dockerd"); t != nil && distroDockerPackages[t.Package] {
		return strings.Replace(dockerdStartCmd, "/usr/local/bin/dockerd", "/usr/bin/dockerd", 1)
	}
	return dockerdStartCmd
}

// dockerdWaitFor returns the AWS sample's wait for the daemon in the form the image's timeout
// takes: `timeout -t 15` on Alpine before 3.10, whose BusyBox timeout needs -t (timeout-misplaced-t
// accepts it there), `timeout 15` everywhere else (GNU, and BusyBox 1.30 and later).
func dockerdWaitFor(img *image.Inventory) string {
	if oldAlpine(img) {
		return strings.Replace(dockerdWaitCmd, "timeout 15", "timeout -t 15", 1)
	}
	return dockerdWaitCmd
}

// startsAsRoot reports whether the commands of phase run as root: run-as names no other user
// (dockerd needs root).
func startsAsRoot(spec *buildspec.Buildspec, phase string) bool {
	user := ""
	if spec.RunAs != nil {
		user = spec.RunAs.Value
	}
	if p := spec.Phase(phase); p != nil && p.RunAs != nil {
		user = p.RunAs.Value
	}
	return user == "" || user == "root"
}
