package rules

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
)

// ImageRules are the rules that say nothing when no build image is configured for a file: what
// the image has, which distribution it is, and whether it starts dockerd decide their findings.
var ImageRules = []*lint.Rule{ComputeUnsupported, RedundantInstall, WrongPackageManager, DockerdNotStarted, DockerdDoubleStart, DockerdRemovedStorageDriver}

// NeedsImage reports whether a buildspec document installs tools or uses Docker: the commands
// whose findings depend on the build image (ImageRules), and per-run-install's advice too.
func NeedsImage(spec *buildspec.Buildspec) (installs, docker bool) {
	for _, in := range specInstalls(spec) {
		if len(in.Tools) > 0 || in.Installer != "" {
			installs = true
			break
		}
	}
	for _, cmd := range spec.CommandsInOrder() {
		if cmd.Script == nil {
			continue
		}
		for _, c := range cmd.Script.Calls {
			switch strings.ToLower(c.Name()) {
			case "docker", "docker-compose", "dockerd", "docker.exe":
				return installs, true
			}
		}
	}
	return installs, false
}
