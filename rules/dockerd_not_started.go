package rules

import (
	"fmt"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// DockerdNotStarted reports the first call that needs the Docker daemon, on an image that does
// not start it, before the buildspec starts it (on a custom image the buildspec must start it).
var DockerdNotStarted = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL201",
		Name:     "dockerd-not-started",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "docker runs before anything starts the Docker daemon",
			Text: "CodeBuild overrides the entrypoint of a custom image, so on an image built from `docker:dind` " +
				"(or any image whose dockerd is manual) nothing starts the Docker daemon, and every `docker` command " +
				"fails with \"Cannot connect to the Docker daemon at unix:///var/run/docker.sock\". The AWS " +
				"[Docker in custom image sample](https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker-custom-image.html) " +
				"starts it in `install` and waits until it answers:\n\n" +
				"    - " + dockerdStartCmd + "\n" +
				"    - " + dockerdWaitCmd + "\n\n" +
				"and the project must run in privileged mode " +
				"([troubleshooting](https://docs.aws.amazon.com/codebuild/latest/userguide/troubleshooting.html)).\n\n" +
				"The rule follows the build in execution order (install, pre_build, build, post_build; each phase's " +
				"`commands` then its `finally`, as one shell) and looks at `docker` subcommands, `docker-compose`, " +
				"`docker login` at the end of a pipe, `$(aws ecr get-login ...)` and `aws ecr get-login ... | sh` " +
				"(they run the `docker login` the AWS CLI prints), inside `sh -c` strings, `&&`/`||` chains and shell " +
				"functions. It reports the first such call only. Client-side commands (`docker --version`, " +
				"`docker help`, `docker context`, `docker manifest`, `docker buildx version`, `docker compose version`) " +
				"work without a daemon and do not count; `docker version` does, since it fails when the daemon does " +
				"not answer. It needs to know the image: it is silent when the image is unknown or starts dockerd " +
				"itself (the CodeBuild curated images), when `DOCKER_HOST` names a remote daemon, and when the " +
				"configuration says `docker: server` (the project uses CodeBuild's Docker server: no dockerd to start, no " +
				"privileged mode) or `docker: none` (compute-unsupported reports Docker there), and when the project that " +
				"runs the buildspec has privileged mode off (docker-not-privileged reports it: no dockerd can start there).\n\n" +
				"A service manager does not count as a start where it cannot start anything: a CodeBuild build " +
				"container runs the build under CodeBuild's agent, with no init system, so `systemctl start docker` " +
				"fails (systemd is not PID 1), and on Alpine images `service docker start`, `rc-service docker start` " +
				"and `/etc/init.d/docker start` go through OpenRC, which refuses to start services on a system it did " +
				"not boot (unless the build runs `openrc` or creates `/run/openrc/softlevel` first); `docker:dind` has " +
				"no service scripts at all. On Debian and Ubuntu images, `service docker start` runs the SysV script " +
				"of the docker-ce or docker.io package directly and does start the daemon, so it counts there, as it " +
				"does when the image does not say what it is.\n\n" +
				"The fix (`--fix`) inserts the two lines right before the first command that needs the daemon, in the " +
				"style of the list they go into: new items, new lines of its `|` block, or `start & wait && ` at the head " +
				"of its `&&` chain; with `/usr/bin/dockerd` where the image's dockerd comes from a distribution package, " +
				"and `timeout -t 15` on Alpine before 3.10, whose BusyBox needs it. There is no fix when a start comes " +
				"later or starts nothing (moving or replacing it is not one safe edit), on Lambda compute, when the phase " +
				"runs as a user other than root, and in PowerShell and cmd buildspecs.",
			Bad: "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build -t app .\n",
			Good: "version: 0.2\nphases:\n  install:\n    commands:\n      - " + dockerdStartCmd + "\n" +
				"      - '" + dockerdWaitCmd + "'\n  build:\n    commands:\n      - docker build -t app .\n",
			Options: []string{"--image", "docker:dind"},
		},
	},
	Check: checkDockerdNotStarted,
}

func checkDockerdNotStarted(p *lint.Pass) {
	if p.Image == nil || p.Image.Dockerd != image.DockerdManual || noDaemonInBuild(p.Image) {
		return
	}
	if unprivilegedDocker(p.Spec, p.Image) != nil {
		return // no dockerd can start without privileged mode: docker-not-privileged reports it
	}
	evs := dockerEvents(p.Spec, p.Image)
	var noStart *dockerEvent // the first service-manager start that starts nothing
	for i, e := range evs {
		switch e.Op {
		case opStart:
			return
		case opNoStart:
			if noStart == nil {
				noStart = e
			}
		case opUse:
			start, wait := dockerdStartFor(p.Image), dockerdWaitFor(p.Image)
			// The cause in one sentence, then the fix: annotations show the start of a message.
			cause := fmt.Sprintf("%s runs before the Docker daemon is started, which %s does not do itself", e.What, imageLabel(p.Image))
			fix := fmt.Sprintf("add to install `%s` and `%s`", start, wait)
			if noStart != nil {
				cause = fmt.Sprintf("%s runs before the Docker daemon is started: `%s` on line %d does not start it (%s), and %s does not start it itself",
					e.What, noStart.What, noStart.Line(), noStart.NoStart, imageLabel(p.Image))
				fix = fmt.Sprintf("replace it with `%s` and `%s`", start, wait)
			}
			later := nextStart(evs, i)
			if later != nil {
				cause = fmt.Sprintf("%s runs before the Docker daemon is started on line %d, and %s does not start it", e.What, later.Line(), imageLabel(p.Image))
				fix = fmt.Sprintf("move that start to the beginning of install and wait for it: `%s` and `%s`", start, wait)
			}
			privileged := ", and run the project in privileged mode"
			if p.Image.Privileged == image.PrivilegedOn {
				privileged = "" // the project that runs it already does
			}
			f := p.Reportf(e.Range, "%s; fix: %s%s", cause, fix, privileged)
			// A start that starts nothing stays, and a later start would be a second one: only
			// a build with no start at all gets the start inserted.
			if noStart == nil && later == nil && p.Image.Compute != image.ComputeLambda && e.Site.Command != nil && startsAsRoot(p.Spec, e.Site.Command.Phase) {
				if edit, ok := linesBefore(p.Spec.Source, e.Site, []string{start, wait}); ok {
					f.Fix = &finding.Fix{Message: "start dockerd in the background and wait for it", Edits: []finding.Edit{edit}}
				}
			}
			return
		}
	}
}
