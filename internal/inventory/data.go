package inventory

import (
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// builtinData (images_gen.go) is the built-in image data: generated from data/reference/*.yaml
// (facts gathered from the images' public Dockerfiles, each with its repository and commit) and
// data/project.yaml by `go test ./internal/inventory -run TestData -update`. TestData fails when it
// is stale. It is Go literals, not a data file decoded at start-up, so that linting one file
// costs no decoding (the README's target: one file in under 20 ms).

// dataFile is the layout of the built-in image data.
type dataFile struct {
	Images []*imageData
	Bases  []*baseData
}

// imageData is one built-in image.
type imageData struct {
	Name    string
	Aliases []string
	// Source is the Dockerfile the facts were read from.
	Source  sourceRef
	Status  string
	Compute string
	OS      string
	Arch    string
	Curated bool
	// Dockerd is "auto", "manual" or "" (no Docker engine: Lambda compute).
	Dockerd string
	// AWSCLI is the AWS CLI major version, 0 when the image has none.
	AWSCLI int
	// Managers are the OS package managers, the first one the image's own.
	Managers []string
	// Tools are [name, version, package] triples ("" for unknown).
	Tools [][3]string
	// Packages are the OS packages the Dockerfile installs with Managers[0]; their executables
	// come from internal/install's package data when the inventory is built.
	Packages []string
	// Runtimes are the runtime-versions keys, sorted, each with its [selectable, preinstalled]
	// pairs.
	Runtimes []runtimeData
	// FallbackPackages are the OS packages that runtime-versions installs for a version the image
	// lacks, as [runtime, package] pairs sorted by runtime, with $VERSION for the version asked for.
	FallbackPackages [][2]string
	// LambdaRuntime is a Lambda compute image's one runtime and version, as runtime-versions
	// names them ("python", "3.12"); empty for other images.
	LambdaRuntime [2]string
	Notes         []string
	// Partial says that the image's contents are known only in part (no public Dockerfile).
	Partial bool
	// Base is the name of the base image (Bases) whose executables the image includes, or "".
	Base string
}

// sourceRef is where facts were read from: a file of a repository at a commit, or a web page.
type sourceRef struct {
	Repo   string // owner/name on GitHub
	Commit string // the full commit hash
	Path   string // the file in the repository
	URL    string // a web page, when the facts come from no repository
}

// runtimeData is one runtime-versions key of an image.
type runtimeData struct {
	Name     string
	Versions [][2]string
}

// baseData is a base image that a Dockerfile's FROM may name.
type baseData struct {
	Name  string
	Match []string
	// Image is the built-in image the base is, or ""; Without are tools it lacks.
	Image   string
	Without []string
	Tools   [][3]string
	// Source is where the base's executables were read from; OS names its operating system and
	// Manager is its OS package manager ("" for bases that are a built-in image).
	Source  sourceRef
	OS      string
	Manager string
}

var (
	byNameOnce sync.Once
	byName     map[string]*imageData // names and aliases, lower case
)

// lookup returns the built-in image named name or one of its aliases (lower case), or nil.
func lookup(name string) *imageData {
	byNameOnce.Do(func() {
		byName = make(map[string]*imageData, 2*len(builtinData.Images))
		for _, im := range builtinData.Images {
			byName[strings.ToLower(im.Name)] = im
			for _, a := range im.Aliases {
				byName[strings.ToLower(a)] = im
			}
		}
	})
	return byName[name]
}

// KnownImages returns the names of the built-in images, sorted; Builtin also accepts their
// aliases (KnownAliases).
func KnownImages() []string {
	out := make([]string, 0, len(builtinData.Images))
	for _, im := range builtinData.Images {
		out = append(out, im.Name)
	}
	sort.Strings(out)
	return out
}

// Names returns every name Builtin accepts, sorted: the images' names and their aliases.
func Names() []string {
	out := KnownImages()
	for a := range KnownAliases() {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// KnownAliases returns the other names of the built-in images (the amazonlinux2-* names of the
// renamed Amazon Linux images, docker:dind's version tags), mapped to their image's name.
func KnownAliases() map[string]string {
	out := map[string]string{}
	for _, im := range builtinData.Images {
		for _, a := range im.Aliases {
			out[a] = im.Name
		}
	}
	return out
}

// Builtin returns a new inventory of the built-in image named name (or one of its aliases; case
// does not matter), or nil when there is none. Its tools cite "the built-in inventory of NAME".
func Builtin(name string) *image.Inventory {
	im := lookup(strings.ToLower(strings.TrimSpace(name)))
	if im == nil {
		return nil
	}
	inv := &image.Inventory{
		Name:        im.Name,
		Ref:         im.Name,
		Tools:       make(map[string]*image.Tool, len(im.Packages)+len(im.Tools)),
		Curated:     im.Curated,
		Custom:      !im.Curated,
		AWSCLIMajor: im.AWSCLI,
		Notes:       append([]string(nil), im.Notes...),
		OS:          im.OS,
		Partial:     im.Partial,
	}
	if len(im.Managers) > 0 {
		inv.PackageManager = im.Managers[0]
	}
	switch im.Dockerd {
	case "auto":
		inv.Dockerd = image.DockerdAuto
	case "manual":
		inv.Dockerd = image.DockerdManual
	}
	switch im.Compute {
	case "lambda":
		// Lambda compute runs no Docker builds or runs (lambda.html, "Limitations").
		inv.Compute, inv.Docker = image.ComputeLambda, image.DockerNone
		inv.ComputeOrigin = "the built-in inventory of " + im.Name
		inv.DockerOrigin = inv.ComputeOrigin
	case "ec2":
		inv.Compute, inv.ComputeOrigin = image.ComputeEC2, "the built-in inventory of "+im.Name
	}
	addImageTools(inv, im, "the built-in inventory of "+im.Name)
	if len(im.FallbackPackages) > 0 {
		inv.RuntimePackages = make(map[string]string, len(im.FallbackPackages))
		for _, fp := range im.FallbackPackages {
			inv.RuntimePackages[fp[0]] = fp[1]
		}
	}
	if im.LambdaRuntime[0] != "" {
		inv.LambdaRuntime = &image.LambdaRuntime{Name: im.LambdaRuntime[0], Version: im.LambdaRuntime[1]}
	}
	if im.Curated && len(im.Runtimes) > 0 {
		inv.Runtimes = make(map[string][]image.RuntimeVersion, len(im.Runtimes))
		for _, rt := range im.Runtimes {
			for _, v := range rt.Versions {
				inv.Runtimes[rt.Name] = append(inv.Runtimes[rt.Name], image.RuntimeVersion{Version: v[0], Installed: v[1]})
			}
		}
	}
	return inv
}

// LambdaImages returns the built-in Lambda compute images on the architecture of the built-in
// image named like (any architecture when like is not one), each with its one runtime, sorted
// by name.
func LambdaImages(like string) []LambdaImage {
	arch := ""
	if im := lookup(strings.ToLower(strings.TrimSpace(like))); im != nil {
		arch = im.Arch
	}
	var out []LambdaImage
	for _, im := range builtinData.Images {
		if im.LambdaRuntime[0] == "" || arch != "" && im.Arch != arch {
			continue
		}
		out = append(out, LambdaImage{Name: im.Name, Runtime: image.LambdaRuntime{Name: im.LambdaRuntime[0], Version: im.LambdaRuntime[1]}})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LambdaImage is a built-in Lambda compute image and its one runtime.
type LambdaImage struct {
	Name    string
	Runtime image.LambdaRuntime
}

// addImageTools adds the tools of a built-in image to inv: its OS packages' executables first,
// then its tools (which carry versions), all citing origin.
func addImageTools(inv *image.Inventory, im *imageData, origin string) {
	mgr := ""
	if len(im.Managers) > 0 {
		mgr = im.Managers[0]
	}
	for _, pkg := range im.Packages {
		if isLibraryPackage(pkg) {
			continue
		}
		for _, t := range install.Tools(mgr, pkg) {
			addTool(inv, &image.Tool{Name: t, Origin: origin, Package: pkg})
		}
	}
	for _, t := range im.Tools {
		addTool(inv, &image.Tool{Name: t[0], Version: t[1], Package: t[2], Origin: origin})
	}
}

// isLibraryPackage reports whether an OS package installs libraries or headers only, by the
// distributions' naming conventions (libssl-dev, openssl-devel, libxml2): no build calls it.
func isLibraryPackage(pkg string) bool {
	p := strings.ToLower(pkg)
	for _, s := range []string{"-dev", "-devel", "-headers", "-libs", "-doc", "-static"} {
		if strings.HasSuffix(p, s) {
			return true
		}
	}
	return strings.HasPrefix(p, "lib") && !strings.HasPrefix(p, "libxml2-utils") && !strings.HasPrefix(p, "libtool")
}

// addTool adds t to inv, replacing a tool of the same name.
func addTool(inv *image.Inventory, t *image.Tool) {
	if t.Name == "" {
		return
	}
	if inv.Tools == nil {
		inv.Tools = map[string]*image.Tool{}
	}
	inv.Tools[t.Name] = t
}

// baseFor returns the base image data that a FROM reference matches, or nil. ref is normalised
// first (normalizeRef).
func baseFor(ref string) *baseData {
	for _, b := range builtinData.Bases {
		for _, pat := range b.Match {
			if ok, _ := path.Match(pat, ref); ok {
				return b
			}
		}
	}
	return nil
}

// normalizeRef returns an image reference without its registry (docker.io, index.docker.io),
// library/ prefix and digest, lower case: "docker.io/library/Alpine:3.20@sha256:..." gives
// "alpine:3.20". The curated images' ECR Public names (public.ecr.aws/codebuild/x) give the
// names CodeBuild uses (aws/codebuild/x).
func normalizeRef(ref string) string {
	r := strings.ToLower(strings.TrimSpace(ref))
	if i := strings.Index(r, "@"); i >= 0 {
		r = r[:i]
	}
	for _, p := range []string{"docker.io/", "index.docker.io/", "registry-1.docker.io/"} {
		r = strings.TrimPrefix(r, p)
	}
	r = strings.TrimPrefix(r, "library/")
	if strings.HasPrefix(r, "public.ecr.aws/codebuild/") {
		r = "aws/codebuild/" + strings.TrimPrefix(r, "public.ecr.aws/codebuild/")
	}
	return r
}
