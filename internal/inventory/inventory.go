// Package inventory says what a build image contains: the built-in
// inventories of the AWS CodeBuild curated images and docker:dind (embedded data generated
// from data/reference, with the repository and commit each fact was read from), the images of
// GitHub's hosted runners (Runner: generated from the actions/runner-images repository), the images
// that Dockerfiles build, and plain tool lists. Each tool remembers where it comes from, so
// that rules can cite it: "docker/codebuild/Dockerfile:7", "the built-in inventory of
// aws/codebuild/standard:7.0", "--tools".
package inventory

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// MaxDockerfileSize bounds the Dockerfiles that Build reads.
const MaxDockerfileSize = 4 << 20

// Build returns the inventory of the image that spec describes: a built-in image (spec.Image),
// the image a Dockerfile builds (spec.Dockerfile) or the image itself, read by reference
// (spec.Ref, BuildWith), plus spec.Tools, with spec.Dockerd overriding whether it starts dockerd.
// A bare tool list leaves dockerd unknown. The image of a CodeBuild project (spec.Project) that
// names no built-in image and is not read is a custom image whose contents are unknown
// (Partial); a project's image is Defined at the project, with its privileged mode. Errors name
// the problem and where: an unknown image lists the known names; a Dockerfile that cannot be
// read or parsed is reported at path:line:col (*ParseError); an image that cannot be read is a
// *ReadError.
func Build(spec image.Spec) (*image.Inventory, error) { return BuildWith(spec, nil) }

// BuildWith is Build with the reader of an image named by reference (spec.Ref; nil: read with
// imageread.Read and its default options, no cache). An image that cannot be read is a
// *ReadError naming the reference.
func BuildWith(spec image.Spec, r *Reader) (*image.Inventory, error) {
	var inv *image.Inventory
	where := ""
	if spec.Origin != "" {
		where = spec.Origin + ": "
	}
	switch {
	case countSet(spec.Image, spec.Dockerfile, spec.Ref) > 1:
		return nil, fmt.Errorf("%simage %s: set one of image, dockerfile and ref", where, spec.Name)
	case spec.Ref != "":
		var err error
		if inv, err = r.inventory(spec); err != nil {
			return nil, err
		}
	case spec.Image != "":
		inv = Builtin(spec.Image)
		if inv == nil {
			return nil, &UnknownImageError{Name: spec.Image, Origin: spec.Origin}
		}
	case spec.Dockerfile != "":
		var err error
		inv, err = FromDockerfile(spec.Dockerfile)
		if err != nil {
			return nil, err
		}
	case spec.Project != "":
		// A project's image that is no built-in one: a custom image whose contents are unknown.
		inv = &image.Inventory{Tools: map[string]*image.Tool{}, Custom: true, Partial: true}
	default:
		inv = &image.Inventory{Tools: map[string]*image.Tool{}}
	}
	if spec.Name != "" {
		inv.Name = spec.Name
	} else if inv.Name == "" {
		inv.Name = filepath.ToSlash(spec.Dockerfile)
	}
	inv.Defined = defined(spec)
	if spec.Project != "" {
		inv.Defined = spec.Project
	}
	inv.Privileged, inv.PrivilegedAt = spec.Privileged, spec.PrivilegedAt
	origin := spec.Origin
	if origin == "" || strings.HasPrefix(origin, "--") {
		origin = "--tools"
	}
	for _, t := range spec.Tools {
		if t = strings.TrimSpace(t); t != "" {
			addTool(inv, &image.Tool{Name: t, Origin: origin})
		}
	}
	switch strings.ToLower(strings.TrimSpace(spec.Dockerd)) {
	case "":
	case "auto":
		inv.Dockerd = image.DockerdAuto
	case "manual":
		inv.Dockerd = image.DockerdManual
	default:
		return nil, fmt.Errorf("%sdockerd %q: use auto or manual", where, spec.Dockerd)
	}
	if err := applyCompute(inv, spec, where); err != nil {
		return nil, err
	}
	return inv, nil
}

// applyCompute sets the compute and Docker mode that spec states over the image's own, and
// refuses the combinations CodeBuild does not run: a Lambda image elsewhere than on Lambda
// compute, a curated EC2 image on Lambda compute, Docker on Lambda compute
// (https://docs.aws.amazon.com/codebuild/latest/userguide/lambda.html, "Limitations").
func applyCompute(inv *image.Inventory, spec image.Spec, where string) error {
	// Errors point at the value at fault when its position is known.
	at := func(origin string) string {
		if origin != "" {
			return origin + ": "
		}
		return where
	}
	if spec.Compute != image.ComputeUnknown {
		switch {
		case inv.Compute == image.ComputeLambda && spec.Compute != image.ComputeLambda:
			return fmt.Errorf("%scompute %s: %s is a Lambda compute image, which runs only on Lambda compute: set compute: lambda or choose an EC2 image", at(spec.ComputeOrigin), spec.Compute, inv.Ref)
		case spec.Compute == image.ComputeLambda && inv.Curated && inv.Compute == image.ComputeEC2:
			return fmt.Errorf("%scompute lambda: %s is an EC2 compute image, which does not run on Lambda compute: choose a Lambda image (buildspec-lint --list-images) or set compute: ec2", at(spec.ComputeOrigin), inv.Ref)
		}
		inv.Compute, inv.ComputeOrigin = spec.Compute, spec.ComputeOrigin
		if spec.Compute == image.ComputeLambda && spec.Docker == image.DockerUnknown {
			inv.Docker, inv.DockerOrigin = image.DockerNone, spec.ComputeOrigin
		}
	}
	if spec.Docker != image.DockerUnknown {
		if inv.Compute == image.ComputeLambda && spec.Docker != image.DockerNone {
			return fmt.Errorf("%sdocker %s: Lambda compute does not support Docker builds or runs: set docker: none or use EC2 compute", at(spec.DockerOrigin), spec.Docker)
		}
		inv.Docker, inv.DockerOrigin = spec.Docker, spec.DockerOrigin
	}
	if spec.Dockerd != "" && (inv.Docker == image.DockerServer || inv.Docker == image.DockerNone) {
		return fmt.Errorf("%sdockerd %s: there is no dockerd in the build with docker: %s: remove dockerd", where, spec.Dockerd, inv.Docker)
	}
	return nil
}

// FromDockerfile reads the Dockerfile at path and returns the inventory of the image it builds
// (see fromDockerfile). Tools cite "path:LINE" with path as given.
func FromDockerfile(path string) (*image.Inventory, error) {
	// A FIFO or device is refused unread: opening a FIFO blocks until something writes to it.
	data, err := fsutil.ReadRegularFile(path, MaxDockerfileSize)
	if err != nil {
		return nil, fmt.Errorf("dockerfile %s: %w", path, err)
	}
	return fromDockerfile(filepath.ToSlash(path), data)
}

// UnknownImageError is an image name that no built-in inventory has.
type UnknownImageError struct {
	Name   string
	Origin string // where it was written ("--image", ".buildspec-lint.yaml:4:12"), or ""
}

func (e *UnknownImageError) Error() string {
	var b strings.Builder
	if e.Origin != "" {
		b.WriteString(e.Origin + ": ")
	}
	fmt.Fprintf(&b, "unknown image %q", e.Name)
	if s := closestImage(e.Name); s != "" {
		fmt.Fprintf(&b, " (did you mean %s?)", s)
	}
	b.WriteString("; the built-in images are: " + strings.Join(KnownImages(), ", "))
	b.WriteString("; for another image, give its dockerfile or tools")
	return b.String()
}

// closestImage returns the known name (or alias) nearest to name, if it is near.
func closestImage(name string) string {
	names := KnownImages()
	for a := range KnownAliases() {
		names = append(names, a)
	}
	sort.Strings(names)
	return suggest.Closest(name, names)
}

// defined says where a configuration image was defined, for messages: its place in the
// configuration file and what it is ("Dockerfile docker/ci/Dockerfile", "image
// aws/codebuild/standard:7.0"). Images named on the command line (--image, --dockerfile,
// --tools) and built-in images named directly say nothing more than their name.
func defined(spec image.Spec) string {
	o := spec.Origin
	if o == "" || strings.HasPrefix(o, "--") || strings.Contains(o, " ") {
		return ""
	}
	if spec.Image != "" && spec.Image == spec.Name {
		return "" // a built-in image named directly: no configuration entry defines it
	}
	// path:line:col -> path:line
	if i := strings.LastIndexByte(o, ':'); i > 0 && isAllDigits(o[i+1:]) {
		if j := strings.LastIndexByte(o[:i], ':'); j > 0 && isAllDigits(o[j+1:i]) {
			o = o[:i]
		}
	}
	parts := []string{o}
	switch {
	case spec.Ref != "":
		parts = append(parts, "ref "+spec.Ref)
	case spec.Dockerfile != "":
		parts = append(parts, "Dockerfile "+filepath.ToSlash(spec.Dockerfile))
	case spec.Image != "":
		parts = append(parts, "image "+spec.Image)
	}
	return strings.Join(parts, ", ")
}

func isAllDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
