package image

import "github.com/buildspec-lint/buildspec-lint/lint/source"

// DockerdMode says whether an image starts the Docker daemon by itself.
type DockerdMode int

// The dockerd modes.
const (
	// DockerdUnknown: nothing says (a bare tool list, an unknown base image).
	DockerdUnknown DockerdMode = iota
	// DockerdAuto: the image starts dockerd itself (the AWS curated images, in privileged mode).
	DockerdAuto
	// DockerdManual: nothing starts dockerd; the buildspec must (custom images, docker:dind in
	// CodeBuild, whose entrypoint CodeBuild overrides).
	DockerdManual
)

func (m DockerdMode) String() string {
	switch m {
	case DockerdAuto:
		return "auto"
	case DockerdManual:
		return "manual"
	}
	return "unknown"
}

// Compute is the kind of compute a build runs on. It comes from the image (the Lambda images
// run only on Lambda compute) or from the configuration (compute: in .buildspec-lint.yaml).
type Compute int

// The compute types.
const (
	// ComputeUnknown: nothing says; rules treat it as on-demand EC2 (today's behaviour).
	ComputeUnknown Compute = iota
	// ComputeEC2: on-demand EC2 compute.
	ComputeEC2
	// ComputeLambda: AWS Lambda compute (no Docker, no root, no caching, no on-failure).
	ComputeLambda
	// ComputeReserved: a reserved capacity fleet (EC2 instances CodeBuild keeps running).
	ComputeReserved
)

// ComputeNames are the compute values the configuration accepts, in Compute order from ComputeEC2.
var ComputeNames = []string{"ec2", "lambda", "reserved"}

func (c Compute) String() string {
	if c >= ComputeEC2 && int(c) <= len(ComputeNames) {
		return ComputeNames[c-1]
	}
	return "unknown"
}

// ParseCompute reads a configuration value: ec2, lambda or reserved.
func ParseCompute(s string) (Compute, bool) {
	for i, n := range ComputeNames {
		if s == n {
			return Compute(i + 1), true
		}
	}
	return ComputeUnknown, false
}

// Docker is how a build reaches a Docker engine.
type Docker int

// The Docker modes.
const (
	// DockerUnknown: nothing says; the same as DockerDaemon (Dockerd then says who starts it).
	DockerUnknown Docker = iota
	// DockerDaemon: a dockerd inside the build container (privileged mode); Dockerd says
	// whether the image starts it.
	DockerDaemon
	// DockerServer: the project uses CodeBuild's managed Docker server: there is no dockerd to
	// start and no privileged mode to enable.
	DockerServer
	// DockerNone: the build has no Docker at all (Lambda compute, or a project without
	// privileged mode or Docker server).
	DockerNone
)

// DockerNames are the docker values the configuration accepts, in Docker order from DockerDaemon.
var DockerNames = []string{"daemon", "server", "none"}

func (d Docker) String() string {
	if d >= DockerDaemon && int(d) <= len(DockerNames) {
		return DockerNames[d-1]
	}
	return "unknown"
}

// ParseDocker reads a configuration value: daemon, server or none.
func ParseDocker(s string) (Docker, bool) {
	for i, n := range DockerNames {
		if s == n {
			return Docker(i + 1), true
		}
	}
	return DockerUnknown, false
}

// Tool is one executable of an image's inventory.
type Tool struct {
	Name    string
	Version string // "" when unknown
	// Origin says where the fact comes from, for messages: "docker/codebuild/Dockerfile:7",
	// "the built-in inventory of aws/codebuild/standard:7.0", "--tools", ".buildspec-lint.yaml:4".
	Origin string
	// Package is the package or download that brings the tool, when known. Two values say that
	// the tool is a stand-in that builds replace on purpose: "busybox" (a BusyBox applet) and
	// PackageMacOS (a tool macOS keeps at an old release, such as its bash 3.2).
	Package string
}

// PackageMacOS is the Package of a tool that macOS itself ships at an old release.
const PackageMacOS = "macos"

// RuntimeVersion is a runtime that a curated image can select with runtime-versions.
type RuntimeVersion struct {
	Version   string // the selectable key, e.g. "3.12", "corretto17", "22"
	Installed string // the preinstalled patch version, "" when not preinstalled
}

// LambdaRuntime is the runtime of a Lambda compute image, named as runtime-versions names it
// ("python", "3.12"; "java", "corretto21").
type LambdaRuntime struct {
	Name    string
	Version string
}

// Inventory is what a build image contains.
type Inventory struct {
	// Name is how messages name the image: a config name ("ci"), a built-in image
	// ("aws/codebuild/standard:7.0"), or "" for a bare --tools list.
	Name string
	// Ref is the image reference when known (a built-in name or the Dockerfile's final FROM).
	Ref string
	// Dockerfile is the path of the Dockerfile it was read from, if any.
	Dockerfile string
	Tools      map[string]*Tool
	Dockerd    DockerdMode
	// Compute is the compute the build runs on (ComputeUnknown when nothing says) and Docker
	// how it reaches Docker; ComputeOrigin and DockerOrigin say where each was decided, for
	// messages ("the built-in inventory of NAME", ".buildspec-lint.yaml:4:14"; "" when unknown).
	Compute                     Compute
	Docker                      Docker
	ComputeOrigin, DockerOrigin string
	// Curated is true for the AWS CodeBuild curated images (runtime-versions works there).
	Curated bool
	// Custom is true for every image that is not curated (runtime-versions is ignored there).
	Custom bool
	// Runtimes are the runtime-versions an image can select, by runtime (curated images only).
	Runtimes map[string][]RuntimeVersion
	// Partial says that only some of the image's contents are known (a built-in image with no
	// public Dockerfile): what it lacks cannot be told from its Tools.
	Partial bool
	// RuntimePackages are the OS packages that runtime-versions installs for a version the image
	// lacks, by runtime, with $VERSION for the version asked for ("java":
	// "java-$VERSION-amazon-corretto-jdk", from the image's runtimes file).
	RuntimePackages map[string]string
	// LambdaRuntime is the one runtime of a Lambda compute image, as CodeBuild's available-runtimes
	// table lists it; nil for every other image.
	LambdaRuntime *LambdaRuntime
	// AWSCLIMajor is the AWS CLI major version (1 or 2), 0 when unknown.
	AWSCLIMajor int
	// Notes are caveats for messages ("unknown base image ubuntu:22.04: only what the Dockerfile adds is known").
	Notes []string
	// OS names the image's operating system when known ("Ubuntu 22.04", "Amazon Linux 2023"), and
	// only then: "" when the image's sources do not state it.
	OS string
	// PackageManager is the image's OS package manager ("apt-get", "dnf", "yum", "apk"), from
	// the built-in inventory or the Dockerfile's base image; "" when unknown.
	PackageManager string
	// Defined says where a configuration image was defined, for messages
	// (".buildspec-lint.yaml:4, Dockerfile docker/ci/Dockerfile"); "" for other images.
	Defined string
	// Privileged is the privileged mode of the project that runs the buildspec, when a project
	// defined in the repository says it; PrivilegedAt is where (nil when unknown).
	Privileged   Privileged
	PrivilegedAt *Place
	// Runner is where a workflow job's commands run (nil for a buildspec's build): a hosted
	// runner's image cannot be changed, so advice differs there.
	Runner *Runner
}

// Has returns the tool named name, or nil.
func (inv *Inventory) Has(name string) *Tool {
	if inv == nil {
		return nil
	}
	return inv.Tools[name]
}

// Label returns how messages name the image, as the user named it: "image ci", "image
// aws/codebuild/standard:7.0", or "the image" for a bare tool list.
func (inv *Inventory) Label() string {
	if inv == nil || inv.Name == "" {
		return "the image"
	}
	return "image " + inv.Name
}

// Cited returns Label with where a configuration image is defined: "image ci
// (.buildspec-lint.yaml:4, Dockerfile docker/ci/Dockerfile)"; Label for every other image.
func (inv *Inventory) Cited() string {
	if inv == nil || inv.Name == "" || inv.Defined == "" {
		return inv.Label()
	}
	return inv.Label() + " (" + inv.Defined + ")"
}

// Privileged is whether a project runs its builds in privileged mode, which Docker in the build
// container needs (a CodeBuild project's Environment.PrivilegedMode).
type Privileged int

// The privileged modes.
const (
	PrivilegedUnknown Privileged = iota // nothing says
	PrivilegedOff                       // false, or absent from a project that is defined
	PrivilegedOn
)

// Place is a place in another file that a finding points at besides its own range (the
// PrivilegedMode of the project that runs the buildspec).
type Place struct {
	Source *source.Source
	Range  source.Range
	// Message says what is there ("privileged mode is off here").
	Message string
	// Project names the CodeBuild project the place belongs to, for messages ("" when unknown).
	Project string
}

// Spec is an image as the configuration or the command line names it; package inventory
// turns it into an Inventory.
type Spec struct {
	// Name is the config name ("ci"), or the built-in name for --image.
	Name string
	// Image is a built-in image name ("aws/codebuild/standard:7.0", "docker:dind").
	Image string
	// Dockerfile is the path of the image's Dockerfile (relative to the working directory).
	Dockerfile string
	// Ref is the image itself, read from a registry reference, an OCI layout (oci:PATH) or a
	// docker save tarball (docker-archive:PATH); Platform the platform read from a
	// multi-platform image ("": linux/amd64). Image, Dockerfile and Ref exclude each other.
	Ref, Platform string
	// Tools are extra tools the image has.
	Tools []string
	// Dockerd overrides whether the image starts dockerd: "auto", "manual" or "" (derive).
	Dockerd string
	// Compute and Docker override the image's compute and Docker mode (zero: derive), set at
	// ComputeOrigin and DockerOrigin.
	Compute                     Compute
	Docker                      Docker
	ComputeOrigin, DockerOrigin string
	// Origin is where the spec was written ("--image", ".buildspec-lint.yaml:4:5").
	Origin string
	// Privileged and PrivilegedAt are the project's privileged mode (see Inventory).
	Privileged   Privileged
	PrivilegedAt *Place
	// Project, when a CodeBuild project defined in the repository names the image, is its
	// label ("template.yaml:42, project BuildProject"): the inventory is Defined there.
	Project string
}

// Runner is where a GitHub Actions job's commands run: the runner a runs-on label selects, and
// the job's container. It is part of the environment a workflow job is linted in (a buildspec's
// build has none: Inventory.Runner is nil).
type Runner struct {
	// Label is the runs-on label that chose the runner, as written or as a matrix value gave it
	// ("ubuntu-latest", "windows-2022", "my-runner"); Image is the runner image it resolves to
	// ("ubuntu-24.04"; "" when unknown).
	Label, Image string
	// Kind says who hosts the runner.
	Kind RunnerKind
	// OS is the runner's operating system: "linux", "windows" or "macos" ("" when unknown), and
	// Arch a GitHub-hosted runner's architecture: "x64" or "arm64" ("" when unknown).
	OS, Arch string
	// Container is the image of the job's container (the commands run in it, not on the runner),
	// "" when the job has none.
	Container string
	// Matrix says which matrix value chose this environment ("matrix.os = ubuntu-22.04"), "" when
	// none did.
	Matrix string
	// Setup are the tools that setup actions of the job (uses: actions/setup-node) put on the PATH,
	// in step order: each exists only for the commands after its step.
	Setup []*SetupTool
}

// RunnerKind says who hosts a runner.
type RunnerKind int

// The runner kinds.
const (
	RunnerUnknown   RunnerKind = iota // self-hosted, or a label nothing knows
	RunnerGitHub                      // a GitHub-hosted runner: its image cannot be changed
	RunnerCodeBuild                   // a CodeBuild-hosted runner: its image is a CodeBuild image
)

// SetupTool is a tool that a setup action puts on the PATH for the steps after it.
type SetupTool struct {
	// Tool is the executable ("node"), Action the action without its ref ("actions/setup-node"),
	// Version the version its inputs ask for ("" when none or an expression).
	Tool, Action, Version string
	// Input is the with: input of the step that chooses this tool's version ("node-version"),
	// "" when the action's inputs do not choose it (pip of actions/setup-python).
	Input string
	// At is the range of the step's uses: value; Line is its line, for messages.
	At source.Range
}

// SetupBefore returns the setup action that put the tool named name on the PATH before offset
// off of the file, or nil.
func (r *Runner) SetupBefore(name string, off int) *SetupTool {
	if r == nil {
		return nil
	}
	var found *SetupTool
	for _, s := range r.Setup {
		if s.Tool == name && s.At.End.Offset <= off {
			found = s
		}
	}
	return found
}
