package inventory

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/install"
)

// imagesJSON is the built-in image data: generated from data/reference/*.yaml (facts gathered
// from the images' public Dockerfiles, each with its repository and commit) and
// data/project.yaml by `go test ./lint/inventory -run TestData -update`. TestData fails when it
// is stale.
//
//go:embed data/images.json
var imagesJSON []byte

// dataFile is the layout of data/images.json.
type dataFile struct {
	About  string       `json:"about"`
	Images []*imageData `json:"images"`
	Bases  []*baseData  `json:"bases"`
}

// imageData is one built-in image.
type imageData struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	// Source is "repo@commit path" of the Dockerfile the facts were read from.
	Source  string `json:"source"`
	Status  string `json:"status,omitempty"`
	Compute string `json:"compute"`
	OS      string `json:"os,omitempty"`
	Arch    string `json:"arch,omitempty"`
	Curated bool   `json:"curated"`
	// Dockerd is "auto", "manual" or "" (no Docker engine: Lambda compute).
	Dockerd string `json:"dockerd"`
	// AWSCLI is the AWS CLI major version, 0 when the image has none.
	AWSCLI int `json:"awscli"`
	// Managers are the OS package managers, the first one the image's own.
	Managers []string `json:"managers"`
	// Tools are [name, version, package] triples ("" for unknown).
	Tools [][3]string `json:"tools"`
	// Packages are the OS packages the Dockerfile installs with Managers[0]; their executables
	// come from lint/install's package data when the inventory is built.
	Packages []string `json:"packages,omitempty"`
	// Runtimes are, by runtime-versions key, [selectable, preinstalled] pairs.
	Runtimes map[string][][2]string `json:"runtimes,omitempty"`
	Notes    []string               `json:"notes,omitempty"`
}

// baseData is a base image that a Dockerfile's FROM may name.
type baseData struct {
	Name  string   `json:"name"`
	Match []string `json:"match"`
	// Image is the built-in image the base is, or ""; Without are tools it lacks.
	Image   string      `json:"image,omitempty"`
	Without []string    `json:"without,omitempty"`
	Tools   [][3]string `json:"tools,omitempty"`
}

var (
	dataOnce sync.Once
	data     *dataFile
	byName   map[string]*imageData // names and aliases, lower case
)

func loadData() {
	dataOnce.Do(func() {
		var df dataFile
		if err := json.Unmarshal(imagesJSON, &df); err != nil {
			panic(fmt.Sprintf("inventory: embedded data/images.json: %v", err))
		}
		data = &df
		byName = map[string]*imageData{}
		for _, im := range df.Images {
			byName[strings.ToLower(im.Name)] = im
			for _, a := range im.Aliases {
				byName[strings.ToLower(a)] = im
			}
		}
	})
}

// KnownImages returns the names of the built-in images, sorted; Builtin also accepts their
// aliases (KnownAliases).
func KnownImages() []string {
	loadData()
	out := make([]string, 0, len(data.Images))
	for _, im := range data.Images {
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
	loadData()
	out := map[string]string{}
	for _, im := range data.Images {
		for _, a := range im.Aliases {
			out[a] = im.Name
		}
	}
	return out
}

// Builtin returns a new inventory of the built-in image named name (or one of its aliases; case
// does not matter), or nil when there is none. Its tools cite "the built-in inventory of NAME".
func Builtin(name string) *lint.Inventory {
	loadData()
	im := byName[strings.ToLower(strings.TrimSpace(name))]
	if im == nil {
		return nil
	}
	inv := &lint.Inventory{
		Name:        im.Name,
		Ref:         im.Name,
		Tools:       map[string]*lint.Tool{},
		Curated:     im.Curated,
		Custom:      !im.Curated,
		AWSCLIMajor: im.AWSCLI,
		Notes:       append([]string(nil), im.Notes...),
	}
	switch im.Dockerd {
	case "auto":
		inv.Dockerd = lint.DockerdAuto
	case "manual":
		inv.Dockerd = lint.DockerdManual
	}
	addImageTools(inv, im, "the built-in inventory of "+im.Name)
	if im.Curated && len(im.Runtimes) > 0 {
		inv.Runtimes = map[string][]lint.RuntimeVersion{}
		for rt, vs := range im.Runtimes {
			for _, v := range vs {
				inv.Runtimes[rt] = append(inv.Runtimes[rt], lint.RuntimeVersion{Version: v[0], Installed: v[1]})
			}
		}
	}
	return inv
}

// addImageTools adds the tools of a built-in image to inv: its OS packages' executables first,
// then its tools (which carry versions), all citing origin.
func addImageTools(inv *lint.Inventory, im *imageData, origin string) {
	mgr := ""
	if len(im.Managers) > 0 {
		mgr = im.Managers[0]
	}
	for _, pkg := range im.Packages {
		if isLibraryPackage(pkg) {
			continue
		}
		for _, t := range install.Tools(mgr, pkg) {
			addTool(inv, &lint.Tool{Name: t, Origin: origin, Package: pkg})
		}
	}
	for _, t := range im.Tools {
		addTool(inv, &lint.Tool{Name: t[0], Version: t[1], Package: t[2], Origin: origin})
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
func addTool(inv *lint.Inventory, t *lint.Tool) {
	if t.Name == "" {
		return
	}
	if inv.Tools == nil {
		inv.Tools = map[string]*lint.Tool{}
	}
	inv.Tools[t.Name] = t
}

// baseFor returns the base image data that a FROM reference matches, or nil. ref is normalised
// first (normalizeRef).
func baseFor(ref string) *baseData {
	loadData()
	for _, b := range data.Bases {
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
