package rules

import (
	"fmt"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// The AWS pages on privileged mode: the API reference of ProjectEnvironment.privilegedMode and
// the troubleshooting entry for "Cannot connect to the Docker daemon".
const (
	privilegedModeURL = "https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectEnvironment.html"
	troubleshootURL   = "https://docs.aws.amazon.com/codebuild/latest/userguide/troubleshooting.html"
)

// DockerNotPrivileged reports the first Docker command of a buildspec whose project runs with
// privileged mode off, where no Docker daemon can run (docs/sources.md, "Docker in CodeBuild").
var DockerNotPrivileged = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL210",
		Name:     "docker-not-privileged",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "docker runs in a project whose privileged mode is off",
			Text: "A Docker daemon runs inside a CodeBuild build container only in privileged mode: the " +
				"[API reference](" + privilegedModeURL + ") says `privilegedMode` \"enables running the Docker daemon " +
				"inside a Docker container\" and that without it \"a build that attempts to interact with the Docker " +
				"daemon fails\"; the default is false. The curated images start dockerd only then, and a `dockerd` that " +
				"the buildspec starts itself cannot run without it, so every `docker` command fails with \"Cannot " +
				"connect to the Docker daemon at unix:///var/run/docker.sock\" ([troubleshooting](" + troubleshootURL + ")).\n\n" +
				"The rule reads the project's privileged mode where the repository defines the project " +
				"(`Environment.PrivilegedMode` of an `AWS::CodeBuild::Project` in a CloudFormation, SAM or CDK template, " +
				"`privileged_mode` in Terraform's `environment` block; absent means false), and reports the first call " +
				"that needs the daemon (the same calls as BSL201: `docker` subcommands, `docker compose`, `docker buildx`, " +
				"`docker-compose`, `$(aws ecr get-login ...)`), or in a build with none, its first start of `dockerd` or " +
				"wait for it, with a related location at " +
				"the project's privileged mode, or where it would go. The fix is in the project: set privileged mode to " +
				"true, or use CodeBuild's Docker server, which needs no privileged mode.\n\n" +
				"It is silent when the privileged mode is not known (no project in the repository runs the buildspec), " +
				"when the project uses the Docker server, on Lambda compute (which has no Docker at all: " +
				"compute-unsupported reports it), when `DOCKER_HOST` names a remote daemon, and on Windows: " +
				"privileged mode does not exist for Windows images (CDK refuses it: \"Windows images do not support " +
				"privileged mode\"). Where it reports, dockerd-not-started does not: starting dockerd cannot help without " +
				"privileged mode.",
			Bad:     "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build -t app .\n",
			Good:    "version: 0.2\nphases:\n  build:\n    commands:\n      - go build ./...\n",
			Options: []string{"PrivilegedMode=false"},
		},
	},
	Check: checkDockerNotPrivileged,
}

func checkDockerNotPrivileged(p *lint.Pass) {
	e := unprivilegedDocker(p.Spec, p.Image)
	if e == nil {
		return
	}
	img := p.Image
	project := "the project that runs this buildspec"
	where := ""
	if at := img.PrivilegedAt; at != nil {
		if at.Project != "" {
			project = "project " + at.Project
		}
		if at.Source != nil && at.Range.IsValid() {
			where = fmt.Sprintf(" (%s:%d)", at.Source.Path, at.Range.Start.Line)
		}
	}
	f := p.Reportf(e.Range, "%s needs privileged mode, which %s leaves off%s, so no Docker daemon can run: "+
		"set its privileged mode to true (or use CodeBuild's Docker server)", e.What, project, where)
	if at := img.PrivilegedAt; at != nil && at.Source != nil {
		msg := at.Message
		if msg == "" {
			msg = "privileged mode is off here"
		}
		f.Related = append(f.Related, finding.Related{Source: at.Source, Path: at.Source.Path, Range: at.Range, Message: msg})
	}
}
