package imageread

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// defaultPath is the PATH of an image whose config sets none: Docker's default.
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// refNameAnnotation names an image of an OCI layout's index by its tag.
const refNameAnnotation = "org.opencontainers.image.ref.name"

// open opens the image ref names: a registry reference (its platform's image of an index), an
// OCI layout (oci:PATH) or a docker save tarball (docker-archive:PATH). Its errors name ref and
// say what failed.
func open(ctx context.Context, ref string, opt Options) (*openedImage, error) {
	plat, err := platformOf(opt)
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", ref, err)
	}
	var img v1.Image
	digest := ""
	diffIDs := false
	var lr localRef
	if isLocal(ref) {
		lr, err = parseLocal(ref)
		if err != nil {
			return nil, fmt.Errorf("image %s: %w", ref, err)
		}
	}
	switch {
	case lr.prefix == PrefixOCI:
		img, err = openLayout(lr, plat)
	case lr.prefix == PrefixDocker:
		img, err = openArchive(lr)
		// A docker save tarball has no registry manifest (its layers are stored uncompressed,
		// and a manifest's digest would need them compressed): the image is named by its ID,
		// its config's digest, as docker names it; its layers by their diff IDs.
		if err == nil {
			var h v1.Hash
			if h, err = img.ConfigName(); err == nil {
				digest = h.String()
			}
		}
		diffIDs = true
	default:
		img, err = openRegistry(ctx, ref, plat, opt)
	}
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", ref, err)
	}
	out, err := opened(img, digest, diffIDs)
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", ref, explain(err))
	}
	return out, nil
}

// platformOf is the platform to read, opt's or DefaultPlatform.
func platformOf(opt Options) (v1.Platform, error) {
	s := opt.Platform
	if s == "" {
		s = DefaultPlatform
	}
	p, err := v1.ParsePlatform(s)
	if err != nil {
		return v1.Platform{}, fmt.Errorf("platform %q: %w", s, err)
	}
	if p.OS == "" || p.Architecture == "" {
		return v1.Platform{}, fmt.Errorf("platform %q: want OS/ARCH[/VARIANT], such as %s", s, DefaultPlatform)
	}
	return *p, nil
}

// opened reads what flatten and contents need of img: its layers, its config's PATH, its
// digest (the manifest's, unless digest is given).
func opened(img v1.Image, digest string, diffIDs bool) (*openedImage, error) {
	if diffIDs {
		// A docker save tarball's manifest would be computed, compressing every layer.
	} else if m, err := img.Manifest(); err == nil && m != nil {
		if mt := m.Config.MediaType; mt != "" && mt != types.DockerConfigJSON && mt != types.OCIConfigJSON {
			return nil, fmt.Errorf("not a container image: its config is a %s (an artifact)", mt)
		}
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("reading the image config: %w", err)
	}
	if digest == "" {
		h, err := img.Digest()
		if err != nil {
			return nil, fmt.Errorf("reading the manifest: %w", err)
		}
		digest = h.String()
	}
	ls, err := img.Layers()
	if err != nil {
		return nil, fmt.Errorf("reading the layers: %w", err)
	}
	out := &openedImage{digest: digest, path: configPath(cf.Config.Env)}
	for _, l := range ls {
		var h v1.Hash
		if diffIDs {
			h, err = l.DiffID()
		} else {
			h, err = l.Digest()
		}
		il := &imageLayer{Layer: l}
		if err == nil {
			il.name = h.String()
		}
		out.layers = append(out.layers, il)
	}
	return out, nil
}

// imageLayer is a layer with its digest, to name it in errors.
type imageLayer struct {
	v1.Layer
	name string
}

func (l *imageLayer) digestName() string { return l.name }

// configPath is the PATH of a config's Env, split; defaultPath's without one.
func configPath(env []string) []string {
	p, ok := defaultPath, false
	for _, kv := range env {
		if v, found := strings.CutPrefix(kv, "PATH="); found {
			p, ok = v, true
		}
	}
	if ok && p == "" {
		return nil
	}
	var out []string
	for _, d := range strings.Split(p, ":") {
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

// openRegistry opens a registry reference, with the keychain's credentials; of an index, the
// image for plat.
func openRegistry(ctx context.Context, ref string, plat v1.Platform, opt Options) (v1.Image, error) {
	r, err := name.ParseReference(ref)
	if err != nil {
		return nil, fmt.Errorf("not an image reference (a registry reference, %sPATH or %sPATH): %w", PrefixOCI, PrefixDocker, err)
	}
	kc := opt.Keychain
	if kc == nil {
		kc = authn.DefaultKeychain
	}
	opts := []remote.Option{remote.WithAuthFromKeychain(kc), remote.WithContext(ctx), remote.WithPlatform(plat)}
	if opt.Transport != nil {
		opts = append(opts, remote.WithTransport(opt.Transport))
	}
	desc, err := remote.Get(r, opts...)
	if err != nil {
		return nil, registryError(r, err)
	}
	if desc.MediaType.IsIndex() {
		idx, err := desc.ImageIndex()
		if err != nil {
			return nil, registryError(r, err)
		}
		img, err := fromIndex(idx, plat, "", "", 0)
		if err != nil {
			return nil, registryError(r, err)
		}
		return img, nil
	}
	if !desc.MediaType.IsImage() && !desc.MediaType.IsSchema1() {
		return nil, fmt.Errorf("not a container image: its manifest is a %s", desc.MediaType)
	}
	img, err := desc.Image()
	if err != nil {
		return nil, registryError(r, err)
	}
	return img, nil
}

// registryError says what a registry's refusal means and what to do about it.
func registryError(r name.Reference, err error) error {
	var te *transport.Error
	if !errors.As(err, &te) {
		return err
	}
	reg := r.Context().RegistryStr()
	for _, d := range te.Errors {
		switch d.Code {
		case transport.ManifestUnknownErrorCode, transport.NameUnknownErrorCode:
			return fmt.Errorf("the registry %s has no such image (%s): check the name and the tag", reg, d.Code)
		case transport.BlobUnknownErrorCode:
			return fmt.Errorf("the registry %s is missing a blob of the image: %w", reg, err)
		}
	}
	switch te.StatusCode {
	case 401, 403:
		if strings.Contains(reg, ".dkr.ecr.") {
			return fmt.Errorf("the registry %s refused the credentials (status %d): log in first (aws ecr get-login-password | docker login --username AWS --password-stdin %s)", reg, te.StatusCode, reg)
		}
		return fmt.Errorf("the registry %s refused the credentials (status %d): log in first (docker login %s)", reg, te.StatusCode, reg)
	case 404:
		return fmt.Errorf("the registry %s has no such image: check the name and the tag", reg)
	}
	return err
}

// explain says that a local image's missing file is a missing blob.
func explain(err error) error {
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("a blob of the image is missing: %w", err)
	}
	return err
}

// fromIndex picks the image of an index: by digest when given, else by tag (the ref.name
// annotation of an OCI layout), else the one image for plat. Nested indexes (depth) are
// followed.
func fromIndex(idx v1.ImageIndex, plat v1.Platform, digest, tag string, depth int) (v1.Image, error) {
	if depth > 4 {
		return nil, errors.New("image indexes nested too deep")
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, fmt.Errorf("reading the index: %w", err)
	}
	open := func(d v1.Descriptor) (v1.Image, error) {
		if d.MediaType.IsIndex() {
			child, err := idx.ImageIndex(d.Digest)
			if err != nil {
				return nil, err
			}
			return fromIndex(child, plat, "", "", depth+1)
		}
		if !d.MediaType.IsImage() {
			return nil, fmt.Errorf("%s is not a container image: its manifest is a %s", d.Digest, d.MediaType)
		}
		return idx.Image(d.Digest)
	}
	switch {
	case digest != "":
		for _, d := range im.Manifests {
			if d.Digest.String() == digest {
				return open(d)
			}
		}
		// A digest of an image inside a nested index.
		for _, d := range im.Manifests {
			if d.MediaType.IsIndex() {
				child, err := idx.ImageIndex(d.Digest)
				if err == nil {
					if img, err := fromIndex(child, plat, digest, "", depth+1); err == nil {
						return img, nil
					}
				}
			}
		}
		return nil, fmt.Errorf("no image %s in the index", digest)
	case tag != "":
		var tags []string
		for _, d := range im.Manifests {
			t := d.Annotations[refNameAnnotation]
			if t == tag {
				return open(d)
			}
			if t != "" {
				tags = append(tags, t)
			}
		}
		if len(tags) == 0 {
			return nil, fmt.Errorf("no image tagged %s: the layout's images have no tags (%s); choose one by digest", tag, refNameAnnotation)
		}
		return nil, fmt.Errorf("no image tagged %s: the tags are %s", tag, strings.Join(tags, ", "))
	}
	var candidates []v1.Descriptor
	var have []string
	for _, d := range im.Manifests {
		if !d.MediaType.IsImage() && !d.MediaType.IsIndex() {
			continue
		}
		if d.Platform == nil {
			candidates = append(candidates, d)
			continue
		}
		if d.Platform.OS == "unknown" {
			// An attestation manifest (BuildKit's provenance), not an image to run.
			continue
		}
		have = append(have, d.Platform.String())
		if d.Platform.Satisfies(plat) {
			return open(d)
		}
	}
	if len(candidates) == 1 && len(have) == 0 {
		return open(candidates[0])
	}
	slices.Sort(have)
	have = slices.Compact(have)
	switch {
	case len(candidates) > 1:
		return nil, fmt.Errorf("the index holds %d images: choose one by digest (@sha256:...) or by tag", len(candidates))
	case len(have) == 0:
		return nil, errors.New("the index holds no image")
	}
	return nil, fmt.Errorf("no image for the platform %s: the index has %s (set the platform)", plat.String(), strings.Join(have, ", "))
}

// openLayout opens an OCI layout: the image lr chooses (by digest or tag), else the one image
// for plat.
func openLayout(lr localRef, plat v1.Platform) (v1.Image, error) {
	if lr.info == nil {
		return nil, fmt.Errorf("%s is not an OCI image layout (no index.json)", lr.path)
	}
	idx, err := layout.ImageIndexFromPath(lr.path)
	if err != nil {
		return nil, fmt.Errorf("reading the OCI layout %s: %w", lr.path, err)
	}
	return fromIndex(idx, plat, lr.digest, lr.tag, 0)
}

// openArchive opens a docker save tarball: the image lr's tag chooses, else its one image.
func openArchive(lr localRef) (v1.Image, error) {
	if lr.info == nil {
		return nil, fmt.Errorf("no docker save tarball %s", lr.path)
	}
	var tag *name.Tag
	if lr.tag != "" {
		t, err := name.NewTag(lr.tag)
		if err != nil {
			return nil, fmt.Errorf("%s is not a tag: %w", lr.tag, err)
		}
		tag = &t
	}
	img, err := tarball.ImageFromPath(lr.path, tag)
	if err != nil {
		return nil, fmt.Errorf("reading the docker save tarball %s: %w", lr.path, err)
	}
	return img, nil
}
