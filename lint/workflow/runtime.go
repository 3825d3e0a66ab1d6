package workflow

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// dockerActions are the actions that install Docker (its CLI and a daemon) for the steps after
// them, on runners that lack it (macOS) as on the others: docker/setup-docker-action, the
// action it grew from, and one that starts colima on macOS.
var dockerActions = map[string]bool{
	"docker/setup-docker-action":              true,
	"crazy-max/ghaction-setup-docker":         true,
	"douglascamata/setup-docker-macos-action": true,
}

// dockerSetupNames are what the name of another action that sets Docker up holds
// (docker-practice/actions-setup-docker, a repository's ./.github/actions/setup-docker);
// docker/setup-buildx-action and docker/setup-qemu-action set up only a builder or emulators.
var dockerSetupNames = []string{"setup-docker", "docker-setup", "install-docker", "colima", "setup-lima", "podman"}

// RuntimeTools returns the tools a uses: step that sets up a container runtime puts on the PATH
// for the steps after it (docker, for the actions of dockerActions, the actions named like them
// and the repository's own root action); none for other steps.
func RuntimeTools(s *Step) []*image.SetupTool {
	if s == nil || s.Uses == "" {
		return nil
	}
	action := SetupAction(s.Uses)
	// The repository's own action (uses: ./) is not read here: in the repositories that use
	// it so, it is often the action under test, and it may set Docker up.
	known := dockerActions[action] || action == "." || action == "./"
	for _, n := range dockerSetupNames {
		known = known || strings.Contains(action, n)
	}
	if !known {
		return nil
	}
	return []*image.SetupTool{{Tool: "docker", Action: action, Version: s.With["version"], At: s.UsesRange}}
}
