package imageread

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// localFixture writes, under base: ci/layout (an OCI layout of two images tagged v0 and v1, the
// alpine-like one v1), one (a layout of that image alone), and ci.tar (a docker save tarball
// of it tagged registry.example/ci:1, with a colon in its file name's directory). It returns
// the image's manifest digest and its ID (the tarball's digest).
func localFixture(t *testing.T, base string) (digest, id string) {
	t.Helper()
	img := imageOf(t, alpinePath, "linux/amd64", alpineLike(t)...)
	other := imageOf(t, "/bin", "linux/amd64", []ent{exe("bin/other")})
	p, err := layout.Write(filepath.Join(base, "ci", "layout"), empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(other, layout.WithAnnotations(map[string]string{refNameAnnotation: "v0"})); err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img, layout.WithAnnotations(map[string]string{refNameAnnotation: "v1"})); err != nil {
		t.Fatal(err)
	}
	one, err := layout.Write(filepath.Join(base, "one"), empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := one.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	tag, err := name.NewTag("registry.example/ci:1")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(base, "saved:x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := tarball.WriteToFile(filepath.Join(base, "saved:x", "ci.tar"), tag, img); err != nil {
		t.Fatal(err)
	}
	h, err := img.ConfigName()
	if err != nil {
		t.Fatal(err)
	}
	return digestOf(t, img), h.String()
}

// The second read of each local selector the README documents (and oci:PATH:TAG) comes from the
// cache: once the first read is cached, the layouts' blobs are deleted and the tarball is
// overwritten with zeros of the same size and time, so that reading the image again fails (as
// a read without the cache shows), and the second read still returns the contents.
func TestCacheSecondReadOfLocalSelectors(t *testing.T) {
	base := t.TempDir()
	digest, id := localFixture(t, base)
	t.Chdir(base)
	refs := map[string]string{
		"oci:ci/layout:v1":                                    digest,
		"oci:ci/layout@" + digest:                             digest,
		"oci:one":                                             digest,
		"oci:" + filepath.Join(base, "one"):                   digest,
		"oci:" + base + "/ci/layout:v1":                       digest,
		"docker-archive:saved:x/ci.tar":                       id,
		"docker-archive:saved:x/ci.tar:registry.example/ci:1": id,
		"docker-archive:" + base + "/saved:x/ci.tar":          id,
	}
	cacheDir := t.TempDir()
	ctx := context.Background()
	for ref, want := range refs {
		got, err := Read(ctx, ref, opts(cacheDir))
		if err != nil {
			t.Fatalf("first read of %s: %v", ref, err)
		}
		if got.Digest != want {
			t.Fatalf("first read of %s: digest %s, want %s", ref, got.Digest, want)
		}
	}

	for _, l := range []string{"ci/layout", "one"} {
		if err := os.RemoveAll(filepath.Join(base, l, "blobs")); err != nil {
			t.Fatal(err)
		}
	}
	tarPath := filepath.Join(base, "saved:x", "ci.tar")
	fi, err := os.Stat(tarPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tarPath, make([]byte, fi.Size()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(tarPath, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}

	for ref, want := range refs {
		if _, err := Read(ctx, ref, Options{}); err == nil {
			t.Fatalf("%s: read without the cache after its files were broken: no error", ref)
		}
		got, err := Read(ctx, ref, opts(cacheDir))
		if err != nil {
			t.Errorf("second read of %s: %v; want the cached contents", ref, err)
			continue
		}
		if got.Digest != want || got.Ref != ref {
			t.Errorf("second read of %s: %s as %s", ref, got.Digest, got.Ref)
		}
		checkAlpineLike(t, got)
	}
}

// parseLocal, the one parser of the local forms: the path is the longest part before a colon
// that exists, and all of it when none does.
func TestParseLocal(t *testing.T) {
	base := t.TempDir()
	localFixture(t, base)
	t.Chdir(base)
	d := "sha256:" + strings.Repeat("ab", 32)
	for _, c := range []struct {
		ref, path, digest, tag string
		found                  bool
	}{
		{ref: "oci:one", path: "one", found: true},
		{ref: "oci:one:v1", path: "one", tag: "v1", found: true},
		{ref: "oci:ci/layout:example.com/app:1", path: "ci/layout", tag: "example.com/app:1", found: true},
		{ref: "oci:ci/layout@" + d, path: "ci/layout", digest: d, found: true},
		{ref: "oci:./ci/../one", path: "one", found: true},
		{ref: "oci:missing:v1", path: "missing:v1"},
		{ref: "oci:one:", path: "one:"},
		{ref: "docker-archive:saved:x/ci.tar", path: "saved:x/ci.tar", found: true},
		{ref: "docker-archive:saved:x/ci.tar:app:1", path: "saved:x/ci.tar", tag: "app:1", found: true},
		{ref: "docker-archive:saved:x/ci.tar:app", path: "saved:x/ci.tar", tag: "app", found: true},
		{ref: "docker-archive:missing.tar:app:1", path: "missing.tar:app:1"},
		{ref: "docker-archive:" + base + "/saved:x/ci.tar:app:1", path: "saved:x/ci.tar", tag: "app:1", found: true},
	} {
		lr, err := parseLocal(c.ref)
		if err != nil {
			t.Errorf("%s: %v", c.ref, err)
			continue
		}
		want := filepath.Join(base, c.path)
		if lr.path != want || lr.digest != c.digest || lr.tag != c.tag || (lr.info != nil) != c.found {
			t.Errorf("%s: path %q digest %q tag %q found %v; want %q %q %q %v", c.ref, lr.path, lr.digest, lr.tag, lr.info != nil, want, c.digest, c.tag, c.found)
		}
	}
	for ref, want := range map[string]string{
		"oci:":                  "no OCI layout directory given",
		"oci:@" + d:             "no OCI layout directory given",
		"docker-archive:":       "no docker save tarball given",
		"oci:one@sha256:xyz":    "is not a digest",
		"registry.example/ci:1": "not a local image reference",
	} {
		if _, err := parseLocal(ref); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", ref, err, want)
		}
	}
	// A reference with many colons tries a bounded number of them.
	long := "docker-archive:" + strings.Repeat("a:", 1000) + "b"
	if lr, err := parseLocal(long); err != nil || lr.info != nil {
		t.Errorf("many colons: %+v, %v", lr, err)
	}
}
