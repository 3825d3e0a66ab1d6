// Package imageread reads a container image itself (from a registry, an OCI image layout or a
// `docker save` tarball) into what an inventory needs: the executables on its PATH, the packages
// its package databases list with their versions, its OS and its BusyBox applets. Only tar
// headers and a few small files (package databases, os-release) are read; nothing is extracted
// to disk, and every size read is bounded.
package imageread

import (
	"context"
	"net/http"

	"github.com/google/go-containerregistry/pkg/authn"
)

// Reference forms: a registry reference ("123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci:2026-11",
// "alpine@sha256:...", "docker.io/library/alpine:3.20"), an OCI image layout directory
// ("oci:PATH", "oci:PATH@sha256:..." or "oci:PATH:TAG" to choose one of its images), and a
// `docker save` tarball ("docker-archive:PATH", "docker-archive:PATH:TAG"). A relative PATH is
// relative to the working directory (the configuration makes its paths absolute).
const (
	PrefixOCI    = "oci:"
	PrefixDocker = "docker-archive:"
)

// DefaultPlatform is the platform read from a multi-platform image when none is given: the
// platform of CodeBuild's x86 Linux builds.
const DefaultPlatform = "linux/amd64"

// Options say how an image is read.
type Options struct {
	// Platform is the platform of a multi-platform image to read ("linux/arm64"; "":
	// DefaultPlatform).
	Platform string
	// Keychain gives registry credentials (nil: authn.DefaultKeychain, the Docker config and its
	// credential helpers, such as the ECR one).
	Keychain authn.Keychain
	// Transport, when set, carries the registry requests (tests).
	Transport http.RoundTripper
	// CacheDir, when set, holds the contents read, by image digest, and the digest each
	// reference last resolved to.
	CacheDir string
	// Offline says to use the cache only: a registry reference is its last digest's contents,
	// and one never read is an error.
	Offline bool
	// Limits bound the work (zero fields: DefaultLimits).
	Limits Limits
}

// Limits bound what reading one image costs.
type Limits struct {
	// MaxLayers bounds the image's layers; MaxEntries the tar entries of all of them together.
	MaxLayers  int
	MaxEntries int
	// MaxFileSize bounds each file whose content is read (a package database, os-release), and
	// MaxDataTotal all of them together.
	MaxFileSize  int64
	MaxDataTotal int64
	// MaxPathLen bounds a tar entry's name and link target, and MaxNameBytes the names and link
	// targets of all the entries kept together.
	MaxPathLen   int
	MaxNameBytes int64
	// MaxLinkDepth bounds the symbolic links followed to resolve one path.
	MaxLinkDepth int
}

// DefaultLimits are the limits of Read: real images have tens of layers, a few hundred thousand
// files, and package databases of a few MB.
// A flattened entry costs about 190 bytes besides its name and link target: MaxEntries and
// MaxNameBytes keep a hostile image's tree under 300 MB (a real image's names are a few tens of
// MB).
var DefaultLimits = Limits{MaxLayers: 256, MaxEntries: 1_000_000, MaxFileSize: 64 << 20, MaxDataTotal: 128 << 20, MaxPathLen: 4096, MaxNameBytes: 96 << 20, MaxLinkDepth: 40}

// Contents is what was read of an image.
type Contents struct {
	// Ref is the reference as given, Digest the digest of the image read (its manifest's).
	Ref, Digest string
	// OS is the image's os-release PRETTY_NAME ("Alpine Linux v3.20"), OSID its ID ("alpine",
	// "debian", "ubuntu", "amzn", ...); "" when the image has no os-release.
	OS, OSID string
	// Path is the PATH of the image's config (its directories in order).
	Path []string
	// Executables are the executables found on Path: name -> the first one's path in the image
	// (symbolic links resolved inside the image).
	Executables map[string]string
	// Applets are the executables that are BusyBox applets (links to, or copies of, busybox).
	Applets map[string]bool
	// Packages are the packages the image's package databases list.
	Packages []Package
	// Notes say what could not be read ("the rpm database is not read: executables only").
	Notes []string
}

// Package is one installed package.
type Package struct {
	// Manager is the package database it comes from: "apk", "dpkg" or "rpm".
	Manager string
	Name    string
	Version string
	// Files are the package's files on Path, when the database lists its files (apk, dpkg).
	Files []string
}

// Read reads the image ref names (see the reference forms above).
func Read(ctx context.Context, ref string, opt Options) (*Contents, error) {
	return read(ctx, ref, opt)
}
