package workflow

import "github.com/buildspec-lint/buildspec-lint/lint/image"

// dockerActions are the actions that install Docker (its CLI and a daemon) for the steps after
// them, on runners that lack it (macOS) as on the others: docker/setup-docker-action, the
// action it grew from, and one that starts colima on macOS.
var dockerActions = map[string]bool{
	"docker/setup-docker-action":              true,
	"crazy-max/ghaction-setup-docker":         true,
	"douglascamata/setup-docker-macos-action": true,
}

// RuntimeTools returns the tools a uses: step that sets up a container runtime puts on the PATH
// for the steps after it (docker, for the actions of dockerActions); none for other steps.
func RuntimeTools(s *Step) []*image.SetupTool {
	if s == nil || s.Uses == "" {
		return nil
	}
	action := SetupAction(s.Uses)
	if !dockerActions[action] {
		return nil
	}
	return []*image.SetupTool{{Tool: "docker", Action: action, Version: s.With["version"], At: s.UsesRange}}
}
