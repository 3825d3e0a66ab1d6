package rules

import (
	"fmt"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// The install rules' advice for the commands of a GitHub Actions job (Inventory.Runner set):
// a GitHub-hosted runner's image cannot be changed, so a version it lacks comes from a setup
// action (actions/setup-node) or is cached (actions/cache), never baked into the image; a
// CodeBuild-hosted runner runs a CodeBuild image, which a job can replace with a custom one by
// its image:custom-... label; a container job's commands run in its container's image, which is
// where a tool belongs, as for a buildspec's image.

// onRunner reports whether the commands run on the runner itself with an image that the job
// cannot change in place: a GitHub-hosted or CodeBuild-hosted runner, without a container.
func onRunner(inv *image.Inventory) bool {
	return inv != nil && inv.Runner != nil && inv.Runner.Container == "" && inv.Runner.Kind != image.RunnerUnknown
}

// inContainer reports whether the commands run in a workflow job's container.
func inContainer(inv *image.Inventory) bool {
	return inv != nil && inv.Runner != nil && inv.Runner.Container != ""
}

// runnerName is how messages name the runner image the job's label selects: "ubuntu-24.04" (of
// ubuntu-latest), the label when the image is not known by name.
func runnerName(inv *image.Inventory) string {
	switch r := inv.Runner; {
	case r.Image != "":
		return r.Image
	case inv.Name != "":
		return inv.Name
	default:
		return r.Label
	}
}

// imgLabel names the image the commands run with: GitHub's runner image, a CodeBuild runner's
// image, a job's container image, else as Inventory.Label does.
func imgLabel(inv *image.Inventory) string {
	if inv == nil || inv.Runner == nil {
		return inv.Label()
	}
	r := inv.Runner
	switch {
	case r.Container != "":
		return "container image " + r.Container
	case r.Kind == image.RunnerGitHub:
		return "GitHub's " + runnerName(inv) + " runner image"
	case r.Kind == image.RunnerCodeBuild && inv.Name != "":
		return "the CodeBuild runner's image " + inv.Name
	case r.Kind == image.RunnerCodeBuild:
		return "the CodeBuild runner's image"
	}
	return inv.Label()
}

// imgCited is imgLabel with where a configuration image is defined (Inventory.Cited).
func imgCited(inv *image.Inventory) string {
	if inv == nil || inv.Runner == nil || inv.Runner.Kind == image.RunnerUnknown && inv.Runner.Container == "" {
		return inv.Cited()
	}
	if inv.Defined != "" {
		return imgLabel(inv) + " (" + inv.Defined + ")"
	}
	return imgLabel(inv)
}

// inOn is the preposition of a tool and its image: on a runner image, in any other.
func inOn(inv *image.Inventory) string {
	if onRunner(inv) {
		return "on"
	}
	return "in"
}

// every says how often an install runs: on every build of a buildspec, every run of a job.
func every(inv *image.Inventory) string {
	if inv != nil && inv.Runner != nil {
		return "every run"
	}
	return "every build"
}

// setupUse names the setup action whose input chooses the version of a tool (image.SetupActionFor),
// with that input when the install chooses a version: "actions/setup-node with node-version: 18",
// "" when no setup action's input chooses the tool's version.
func setupUse(in *install.Install, name string) string {
	a, input := image.SetupActionFor(name)
	if a == nil {
		return ""
	}
	if v := inputVersionOf(in); known(v) && startsWithDigit(v) {
		return a.Name + " with " + input + ": " + a.InputVersion(v)
	}
	return a.Name + " (its " + input + " input)"
}

// inputVersionOf is the install's version as a setup action's version input takes it: without
// a leading v, and for a distribution's package (apt-get install terraform=1.9.5-1) its upstream
// version, without the package's epoch (1:) and revision (-1, -r0 of apk, -1.el8 of yum).
func inputVersionOf(in *install.Install) string {
	v := strings.TrimPrefix(in.Version, "v")
	if install.Family(in.Manager) != "os" {
		return v
	}
	if i := strings.IndexByte(v, ':'); i > 0 && allDigits(v[:i]) {
		v = v[i+1:]
	}
	if i := strings.LastIndexByte(v, '-'); i > 0 {
		v = v[:i]
	}
	return v
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// runnerFix says where a tool at the version a job needs comes from on a runner whose image the
// job cannot change: the tool's setup action, else actions/cache, else (a CodeBuild runner) a
// custom image named by the job's image:custom-... label.
func runnerFix(inv *image.Inventory, in *install.Install, name string) string {
	if use := setupUse(in, name); use != "" {
		return "use " + use + " instead"
	}
	return runnerKeep(inv)
}

// runnerKeep says how a job keeps a tool its runner's image lacks when no setup action chooses
// its version: a cache, or (a CodeBuild runner) a custom image.
func runnerKeep(inv *image.Inventory) string {
	if inv.Runner.Kind == image.RunnerCodeBuild {
		return "bake it into a custom image and name it with the job's image:custom-... label, or cache it with actions/cache"
	}
	return "cache it with actions/cache (GitHub's runner images cannot be changed)"
}

// bakeInto is where a tool belongs when the image lacks it: the image (bakeTarget), a custom
// image built from a job's published container image.
func bakeInto(inv *image.Inventory) string {
	if inContainer(inv) {
		if published(inv) || inv.Name == "" {
			return "a custom image built from " + inv.Runner.Container + " and run the job in it"
		}
		return "container image " + inv.Runner.Container
	}
	return bakeTarget(inv)
}

// setupBefore returns the first of the install's tools that a setup action of the job put on
// the PATH before the install, with that setup step (nil when none did).
func setupBefore(inv *image.Inventory, in *install.Install) (string, *image.SetupTool) {
	if inv == nil || inv.Runner == nil {
		return "", nil
	}
	for _, t := range in.JudgedTools() {
		if s := inv.Runner.SetupBefore(t, in.Range.Start.Offset); s != nil {
			return t, s
		}
	}
	return "", nil
}

// setupAdviceMessage returns the redundant-install message for an install of a tool that a
// setup step of the job put on the PATH before it ("" for none), and whether the message tells
// the user to remove the install. An install that chooses another version than the step's (or any version,
// when the step names none) is told to set it in the step's input; an upgrade to drop the upgrade
// if the step's version is enough; any other install to go.
func setupAdviceMessage(in *install.Install, name string, s *image.SetupTool) (msg string, remove bool) {
	from := fmt.Sprintf("%s (line %d)", s.Action, s.At.Start.Line)
	input := s.Input
	switch {
	case in.ChoosesVersion() && input == "":
		// A version of a tool that the step brings along (pip of actions/setup-python), which
		// its inputs do not choose: a deliberate pin, not this rule's to question.
		return "", false
	case in.ChoosesVersion() && (!known(in.Version) || !known(s.Version) || !sameVersion(in.Version, s.Version)):
		what := versionText(in, name)
		set := "set " + input + " there"
		if known(in.Version) {
			set = "set " + input + ": " + image.LookupSetupAction(s.Action).InputVersion(inputVersionOf(in)) + " there"
		}
		has := ""
		if known(s.Version) {
			has = " at " + s.Version
		}
		return fmt.Sprintf("%s is already on the PATH from %s%s; this %s %s on every run: %s instead", name, from, has, verb(in), what, set), false
	case in.Upgrade && !in.ChoosesVersion():
		return fmt.Sprintf("%s is already on the PATH from %s; this upgrades it to its latest release on every run: drop the upgrade if that version is enough", name, from), false
	}
	return fmt.Sprintf("%s is already on the PATH from %s; remove it from this install", name, from), true
}

// workflowUnit reports whether a document is a workflow job's commands (buildspec.FromCommands:
// one phase with no key), not a buildspec.
func workflowUnit(spec *buildspec.Buildspec) bool {
	return spec != nil && len(spec.Phases) == 1 && spec.Phases[0].Key.Name == "" && spec.Version == nil
}
