package inventory

import (
	"sort"
	"strings"
	"sync"

	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// builtinRunners (runners_gen.go) are the images of GitHub's hosted runners, generated from
// data/runners/*.yaml, which are in turn generated from a checkout of the public
// actions/runner-images repository (its README's table of labels, each image's software report
// and toolset) by `go test ./internal/inventory -run TestData -update -runner-images DIR`.
// TestData fails when runners_gen.go is stale.

// runnerData is one GitHub-hosted runner image.
type runnerData struct {
	// Name is the image as the runner-images README names it ("ubuntu-24.04",
	// "macos-15-arm64"); Labels are the runs-on labels that select it, lower case.
	Name   string
	Labels []string
	// OS is the report's title ("Ubuntu 24.04"); Family is linux, windows or macos.
	OS, Family string
	// Arch is the README's architecture (x64, arm64); Version the report's image version.
	Arch, Version string
	// Source is the software report; Toolset the toolset file ("" when there is none); README
	// the file the labels come from. Read is the date the data was generated, CommitDate the
	// date of Source.Commit (the date the -latest labels resolve as recorded).
	Source                            sourceRef
	Toolset, README, Read, CommitDate string
	// Manager is the OS package manager (apt-get, choco, brew); AWSCLI the AWS CLI major version.
	Manager string
	AWSCLI  int
	// Docker is "daemon" (a running Docker engine) or "none"; DockerFrom is the report line
	// that says so ("" for none).
	Docker, DockerFrom string
	// Tools are [name, version, report line name] triples from the software report.
	Tools [][3]string
	// Versions are the tools with several versions installed side by side (the tool cache,
	// Java, .NET SDKs): each the tool's name, then its versions as the report lists them.
	Versions [][]string
	// Packages are the OS packages the report lists; ToolsetPackages those only the toolset
	// names. Their executables come from internal/install's package data.
	Packages, ToolsetPackages []string
	Notes                     []string
}

var (
	runnersOnce sync.Once
	runnerByLab map[string]*runnerData // lower-case labels
)

func runnerLookup(label string) *runnerData {
	runnersOnce.Do(func() {
		runnerByLab = map[string]*runnerData{}
		for _, r := range builtinRunners {
			for _, l := range r.Labels {
				runnerByLab[strings.ToLower(l)] = r
			}
		}
	})
	return runnerByLab[strings.ToLower(strings.TrimSpace(label))]
}

// RunnerArch returns the architecture of the GitHub-hosted runner a runs-on label selects ("x64",
// "arm64"), or "" for a label that is no GitHub-hosted runner's.
func RunnerArch(label string) string {
	if r := runnerLookup(label); r != nil {
		return r.Arch
	}
	return ""
}

// RunnerLabels returns every runs-on label of a GitHub-hosted runner that Runner knows, sorted,
// the -latest aliases included.
func RunnerLabels() []string {
	var out []string
	for _, r := range builtinRunners {
		out = append(out, r.Labels...)
	}
	sort.Strings(out)
	return out
}

// Runner returns a new inventory of the GitHub-hosted runner image that a runs-on label selects
// (case does not matter; the -latest labels resolve as the runner-images README said on the
// date the data records), and false for a label that is no GitHub-hosted runner's. Its tools
// cite the image's software report ("the software report of GitHub's ubuntu-24.04 runner image,
// version 20260816.277.1"). The caller sets Inventory.Runner. The docker compose and buildx CLI
// plugins are tools named "docker compose" and "docker buildx": they are no executables.
func Runner(label string) (*image.Inventory, bool) {
	r := runnerLookup(label)
	if r == nil {
		return nil, false
	}
	origin := r.origin()
	inv := &image.Inventory{
		Name:           r.Name,
		Ref:            r.Name,
		Tools:          make(map[string]*image.Tool, len(r.Packages)+len(r.Tools)),
		AWSCLIMajor:    r.AWSCLI,
		OS:             r.OS,
		PackageManager: r.Manager,
		Notes:          append([]string(nil), r.Notes...),
	}
	if l := strings.ToLower(strings.TrimSpace(label)); strings.Contains(l, "-latest") {
		inv.Notes = append(inv.Notes, l+" is "+r.Name+" as the actions/runner-images README documents it on "+r.CommitDate+"; GitHub moves -latest labels to newer images")
	}
	if r.Family == "linux" {
		// The Essential packages every Ubuntu ships (coreutils, sed, grep, tar, ...), which the
		// report does not list.
		if b := baseFor("ubuntu"); b != nil {
			for _, t := range b.Tools {
				addTool(inv, &image.Tool{Name: t[0], Origin: "the Ubuntu base system of GitHub's " + r.Name + " runner image"})
			}
		}
	}
	im := &imageData{Managers: []string{r.Manager}, Packages: r.ToolsetPackages}
	addImageTools(inv, im, "the toolset of GitHub's "+r.Name+" runner image ("+r.Toolset+")")
	addImageTools(inv, &imageData{Managers: []string{r.Manager}, Packages: r.Packages}, origin)
	for _, t := range r.Tools {
		// t[2] is the report line's name, not a package.
		tool := &image.Tool{Name: t[0], Version: t[1], Origin: origin}
		if r.Family == "macos" && t[0] == "bash" && strings.HasPrefix(t[1], "3.") {
			// macOS keeps its bash at 3.2, the last release under GPLv2: builds install
			// Homebrew's bash for bash 4 and 5, which that one does not replace.
			tool.Package = image.PackageMacOS
		}
		addTool(inv, tool)
	}
	switch r.Docker {
	case "daemon":
		inv.Docker, inv.Dockerd = image.DockerDaemon, image.DockerdAuto
		inv.DockerOrigin = origin + " (" + r.DockerFrom + ")"
	default:
		inv.Docker = image.DockerNone
		switch r.Family {
		case "macos":
			inv.DockerOrigin = "GitHub's macOS runners have no Docker (" + origin + ")"
		default:
			inv.DockerOrigin = "GitHub's " + r.Name + " runner image has no Docker engine (" + origin + ")"
		}
	}
	return inv, true
}

// RunnerVersions returns the versions of a tool that the GitHub-hosted runner a label selects
// has installed side by side (Node.js, Python and Go in the tool cache, Java, the .NET SDKs), as
// its software report lists them; nil when the label or the tool has none. The inventory's tool
// has the version on the PATH.
func RunnerVersions(label, tool string) []string {
	r := runnerLookup(label)
	if r == nil {
		return nil
	}
	for _, v := range r.Versions {
		if len(v) > 0 && v[0] == tool {
			return append([]string(nil), v[1:]...)
		}
	}
	return nil
}

// origin is how the runner's tools cite it.
func (r *runnerData) origin() string {
	return "the software report of GitHub's " + r.Name + " runner image, version " + r.Version
}
