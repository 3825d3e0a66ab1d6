package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
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
				"the image is unknown, and with `docker: none` (BSL015 reports Docker there).",
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
				p.Reportf(e.Range, "%s starts dockerd itself when the project runs in privileged mode: remove this manual start (%s) "+
					"and enable privileged mode instead", p.Image.Label(), e.What)
			case first == nil:
				first = e
			case !e.Restart:
				p.Reportf(e.Range, "dockerd is already started on line %d: remove this second start (%s)", first.Line(), e.What)
			}
		}
	},
}
