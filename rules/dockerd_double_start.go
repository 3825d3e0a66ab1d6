package rules

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// DockerdDoubleStart reports a manual dockerd start on an image that starts dockerd itself, and
// a second start in one buildspec (CodeBuild's docs say not to start dockerd on a curated image
// with Docker support).
var DockerdDoubleStart = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL204",
		Name:     "dockerd-double-start",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "dockerd is started on an image that starts it, with the Docker server, or twice",
			Text: "The CodeBuild curated images (aws/codebuild/standard, amazonlinux-*-standard) start dockerd from " +
				"their entrypoint when the project runs in privileged mode, and the AWS docs say not to start it " +
				"again: \"Do not run these commands if you chose a build environment image provided by CodeBuild " +
				"with Docker support\" ([Docker in custom image sample](https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker-custom-image.html)). " +
				"A second daemon on the same socket and pid file fails or replaces the first one. On images where " +
				"the buildspec must start dockerd, start it once. `service docker restart` and the like are not " +
				"counted as a second start.\n\n" +
				"With `docker: server` in the configuration the project uses CodeBuild's managed Docker server: docker " +
				"commands reach it without a daemon in the build, and the server's sample starts none and enables no " +
				"privileged mode ([Docker server sample](https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker-server.html)). " +
				"Every dockerd start is then reported as unused. The rule needs to know the image: it is silent when " +
				"the image is unknown, and with `docker: none` (BSL015 reports Docker there).\n\n" +
				"The fix (`--fix`) removes the start, with the item after it when that only waits for the daemon, where the " +
				"start is clearly redundant: on an image that starts dockerd, a start with none but the entrypoint's own " +
				"options (the unix socket, `tcp://127.0.0.1:2375`, `overlay2`); elsewhere, a start written exactly as an " +
				"earlier one, with nothing in between that may stop the daemon. A start with options of its own may be " +
				"meant for a daemon that the image's does not give, so it gets no fix.",
			Bad: "version: 0.2\nphases:\n  install:\n    commands:\n      - " + dockerdStartCmd + "\n" +
				"      - '" + dockerdWaitCmd + "'\n  build:\n    commands:\n      - docker build -t app .\n",
			Good:    "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build -t app .\n",
			Options: []string{"--image", "aws/codebuild/standard:7.0"},
		},
	},
	Check: func(p *lint.Pass) {
		if dockerServer(p.Image) {
			reportServerStarts(p)
			return
		}
		if p.Image == nil || p.Image.Dockerd == image.DockerdUnknown || noDaemonInBuild(p.Image) {
			return
		}
		var first *dockerEvent
		for _, e := range dockerEvents(p.Spec, p.Image) {
			// A service-manager start that starts nothing is still a start to remove where the
			// image starts dockerd itself; elsewhere it is not a first start (BSL201 says why).
			if e.Op != opStart && (e.Op != opNoStart || p.Image.Dockerd != image.DockerdAuto) {
				continue
			}
			switch {
			case p.Image.Dockerd == image.DockerdAuto:
				f := p.Reportf(e.Range, "%s starts dockerd itself when the project runs in privileged mode: remove this manual start (%s) "+
					"and enable privileged mode instead", p.Image.Label(), e.What)
				if e.Op == opStart && entrypointStart(e.Call) {
					f.Fix = removeStartFix(p, e, "remove this manual start")
				}
			case first == nil:
				first = e
			case !e.Restart:
				f := p.Reportf(e.Range, "dockerd is already started on line %d: remove this second start (%s)", first.Line(), e.What)
				if wholeCommand(first.Call) && first.Call.Command.Value == e.Call.Command.Value && !stopsBetween(p.Spec, first.Call.Command, e.Call.Command) {
					f.Fix = removeStartFix(p, e, "remove this second start")
				}
			}
		}
	},
}

// removeStartFix returns the fix that removes the list item of start e, and the item after it
// when that only waits for the daemon; nil when e is not a whole list item of its own. Only a
// start that is clearly redundant may be given: the same start as an earlier one with nothing
// that stops the daemon in between, or on an image that starts dockerd itself, a start with the
// image's own options.
func removeStartFix(p *lint.Pass, e *dockerEvent, msg string) *finding.Fix {
	if e.Site != e.Call || !wholeCommand(e.Call) {
		return nil
	}
	rm, ok := removeItem(p.Spec.Source, e.Call.Command)
	if !ok {
		return nil
	}
	fix := &finding.Fix{Message: msg, Edits: []finding.Edit{rm}}
	if next := nextCommand(p.Spec, e.Call.Command); next != nil && onlyWaits(next, p) {
		if rm2, ok := removeItem(p.Spec.Source, next); ok {
			fix.Edits = append(fix.Edits, rm2)
			fix.Message = msg + " and its wait"
		}
	}
	return fix
}

// waitWords are the programs a wait for the daemon is made of, besides its docker probe.
var waitWords = map[string]bool{"sh": true, "bash": true, "sleep": true, "echo": true, "printf": true, "true": true, ":": true}

// onlyWaits reports whether cmd does nothing but wait for the daemon (the AWS sample's
// `timeout 15 sh -c "until docker info; ..."` and the like).
func onlyWaits(cmd *buildspec.Command, p *lint.Pass) bool {
	if cmd.Script == nil || cmd.Script.File == nil || cmd.Script.Err != nil || len(cmd.Script.File.Stmts) != 1 {
		return false
	}
	waits := false
	for _, c := range cmd.Script.Calls {
		switch {
		case waitEvent(c) != nil:
			waits = true
		case isProbe(c) && c.InLoop, waitWords[c.Name()]:
		default:
			return false
		}
	}
	return waits
}

// stopsBetween reports whether a command between from and to (in execution order) may stop the
// daemon or run anything that is not known not to: kill, pkill, killall, service and systemctl
// calls, rm of the pid file, and calls of shell functions.
func stopsBetween(spec *buildspec.Buildspec, from, to *buildspec.Command) bool {
	in := false
	for _, cmd := range spec.CommandsInOrder() {
		if cmd == from {
			in = true
			continue
		}
		if cmd == to {
			return false
		}
		if !in || cmd.Script == nil {
			continue
		}
		if cmd.Script.File == nil || strings.Contains(cmd.Value, "()") || strings.Contains(cmd.Value, "function") {
			return true
		}
		for _, c := range cmd.Script.Calls {
			switch c.Name() {
			case "kill", "pkill", "killall", "service", "systemctl", "rc-service", "start-stop-daemon", "rm", "dockerd", "reboot", "docker":
				if c.Name() == "docker" && !strings.Contains(c.Arg(1), "stop") {
					continue // docker commands stop containers, not the daemon
				}
				return true
			}
		}
	}
	return true
}

// entrypointStart reports whether c starts dockerd exactly as the curated images' entrypoint
// does (the unix socket, tcp://127.0.0.1:2375, overlay2, or fewer of them): removing it loses
// nothing on an image that starts dockerd itself.
func entrypointStart(c *buildspec.Call) bool {
	args := c.Args
	for len(args) > 1 && args[0].Lit && daemonLaunchers[buildspec.BaseName(args[0].Value)] {
		args = args[1:]
	}
	if len(args) == 0 || buildspec.BaseName(args[0].Value) != "dockerd" {
		return false
	}
	same := map[string]bool{"host=unix:///var/run/docker.sock": true, "host=tcp://127.0.0.1:2375": true, "storage-driver=overlay2": true}
	for i := 1; i < len(args); i++ {
		a := args[i]
		if !a.Lit {
			return false
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a.Value, "-"), "=")
		switch name {
		case "H":
			name = "host"
		case "s":
			name = "storage-driver"
		}
		if !hasVal && i+1 < len(args) {
			i++
			val = args[i].Value
		}
		if !strings.HasPrefix(a.Value, "-") || !same[name+"="+val] {
			return false
		}
	}
	return true
}
