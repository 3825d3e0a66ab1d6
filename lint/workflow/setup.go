package workflow

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// SetupAction returns the action a uses: value names, without its ref and lower case
// ("actions/setup-node" of "actions/setup-node@v4").
func SetupAction(uses string) string {
	a, _, _ := strings.Cut(uses, "@")
	return strings.ToLower(strings.TrimSpace(a))
}

// SetupTools returns the tools a uses: step puts on the PATH for the steps after it (none for
// other steps), each with the input that chooses its version (image.SetupActions) and the
// version the step's with: gives it.
func SetupTools(s *Step) []*image.SetupTool {
	if s == nil || s.Uses == "" {
		return nil
	}
	action := SetupAction(s.Uses)
	sa := image.LookupSetupAction(action)
	if sa == nil {
		return nil
	}
	out := make([]*image.SetupTool, 0, len(sa.Tools))
	for _, t := range sa.Tools {
		input := sa.Inputs[t]
		version := ""
		if input != "" {
			version = s.With[input]
		}
		if sa.OnlyWithInput && version == "" {
			continue // not given, or an expression: not known to be on the PATH
		}
		out = append(out, &image.SetupTool{Tool: t, Action: action, Version: version, Input: input, At: s.UsesRange})
	}
	return out
}
