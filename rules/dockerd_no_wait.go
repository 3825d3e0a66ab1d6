package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// DockerdNoWait reports a daemon call right after a background dockerd start, with no wait for
// the daemon in between: the call can race the daemon's start-up.
var DockerdNoWait = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL203",
		Name:     "dockerd-no-wait",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "docker runs right after a background dockerd start, with no wait for the daemon",
			Text: "`dockerd &` returns at once, and the daemon takes a moment to open its socket: a `docker` command " +
				"that follows directly races it and fails some builds with \"Cannot connect to the Docker daemon\". " +
				"The AWS [Docker in custom image sample](https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker-custom-image.html) " +
				"always pairs the start with a bounded wait, and the curated images' entrypoint does the same:\n\n" +
				"    - " + dockerdWaitCmd + "\n\n" +
				"A wait is a `while`/`until` loop or a retry loop on `docker info`, `docker version` or `docker ps` " +
				"(directly or in `timeout N sh -c`), or a helper named like `wait-for-docker`. `sleep` is not a wait: " +
				"it guesses. Starts through `service docker start`, `systemctl start docker` and image helpers such as " +
				"`start-dockerd` are taken to wait by themselves. The rule is silent on images that start dockerd " +
				"themselves, and with `docker: server` or `docker: none` in the configuration (no dockerd runs in the build).\n\n" +
				"The fix (`--fix`) inserts the wait right after the start: a new item, a new line of its `|` block, or " +
				"`wait && ` before the next command on its line (after the statement that runs the start, when that is " +
				"an `sh -c` string or a shell function).",
			Bad: "version: 0.2\nphases:\n  install:\n    commands:\n      - " + dockerdStartCmd + "\n" +
				"  build:\n    commands:\n      - docker build -t app .\n",
			Good: "version: 0.2\nphases:\n  install:\n    commands:\n      - " + dockerdStartCmd + "\n" +
				"      - '" + dockerdWaitCmd + "'\n  build:\n    commands:\n      - docker build -t app .\n",
		},
	},
	Check: func(p *lint.Pass) {
		if p.Image != nil && p.Image.Dockerd == image.DockerdAuto || noDaemonInBuild(p.Image) {
			return
		}
		var pending *dockerEvent
		for _, e := range dockerEvents(p.Spec, p.Image) {
			switch e.Op {
			case opStart:
				if e.Background && !e.Waits {
					pending = e
				} else {
					pending = nil
				}
			case opWait:
				pending = nil
			case opUse:
				if pending != nil {
					wait := dockerdWaitFor(p.Image)
					f := p.Reportf(e.Range, "%s runs right after dockerd is started in the background (line %d), with no wait until "+
						"the daemon answers: add `%s` after the start", e.What, pending.Line(), wait)
					if edit, ok := linesAfterStmt(p.Spec.Source, pending.Site, []string{wait}, false); ok {
						f.Fix = &finding.Fix{Message: "wait for dockerd after starting it", Edits: []finding.Edit{edit}}
					}
					pending = nil
				}
			}
		}
	},
}
