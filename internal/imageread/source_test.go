package imageread

import (
	"context"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// anonymous is a keychain without credentials, so that no test reads the machine's Docker
// config.
var anonymous = authn.NewMultiKeychain()

// serve starts an in-process registry on 127.0.0.1, behind wrap (nil: none), and returns its
// host.
func serve(t *testing.T, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	var h http.Handler = registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	if wrap != nil {
		h = wrap(h)
	}
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return strings.TrimPrefix(s.URL, "http://")
}

func push(t *testing.T, ref string, img v1.Image) {
	t.Helper()
	r, err := name.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(r, img); err != nil {
		t.Fatal(err)
	}
}

func digestOf(t testing.TB, d interface{ Digest() (v1.Hash, error) }) string {
	t.Helper()
	h, err := d.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return h.String()
}

// checkAlpineLike fails unless c is alpineLike's contents.
func checkAlpineLike(t *testing.T, c *Contents) {
	t.Helper()
	wantExe := map[string]string{
		"busybox": "/bin/busybox", "sh": "/bin/sh", "ls": "/bin/ls", "cat": "/bin/cat", "ip": "/sbin/ip",
		"wc": "/usr/local/bin/wc", "jq": "/usr/local/bin/jq", "git": "/usr/local/bin/git",
	}
	if !maps.Equal(c.Executables, wantExe) {
		t.Errorf("executables:\n got %v\nwant %v", c.Executables, wantExe)
	}
	if a := slices.Sorted(maps.Keys(c.Applets)); !slices.Equal(a, []string{"ip", "ls", "sh", "wc"}) {
		t.Errorf("applets = %v", a)
	}
	if c.OS != "Alpine Linux v3.20" || c.OSID != "alpine" {
		t.Errorf("os = %q %q", c.OS, c.OSID)
	}
	if !slices.Equal(c.Path, []string{"/usr/local/bin", "/usr/bin", "/bin", "/sbin"}) {
		t.Errorf("path = %q", c.Path)
	}
}

const alpinePath = "/usr/local/bin:/usr/bin:/bin:/sbin"

// countingTransport counts the requests it carries.
type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

func TestReadRegistry(t *testing.T) {
	host := serve(t, nil)
	img := imageOf(t, alpinePath, "linux/amd64", alpineLike(t)...)
	push(t, host+"/team/ci:2026-11", img)
	digest := digestOf(t, img)
	ctx := context.Background()
	for _, ref := range []string{host + "/team/ci:2026-11", host + "/team/ci@" + digest} {
		tr := &countingTransport{}
		c, err := Read(ctx, ref, Options{Keychain: anonymous, Transport: tr})
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		checkAlpineLike(t, c)
		if c.Ref != ref || c.Digest != digest {
			t.Errorf("ref, digest = %s %s, want %s %s", c.Ref, c.Digest, ref, digest)
		}
		if tr.n.Load() == 0 {
			t.Errorf("%s: the transport given carried no request", ref)
		}
	}
}

func TestReadLayoutAndArchive(t *testing.T) {
	base := t.TempDir()
	// An OCI layout with the image tagged v1 and another image, a layout of the one image
	// untagged, and a docker save tarball of it.
	digest, id := localFixture(t, base)
	ctx := context.Background()
	t.Chdir(base) // relative paths are the working directory's
	for _, c := range []struct{ ref, digest string }{
		{"oci:ci/layout:v1", digest},
		{"oci:ci/layout@" + digest, digest},
		{"oci:" + filepath.Join(base, "one"), digest}, // absolute
		{"oci:one", digest},
		{"docker-archive:saved:x/ci.tar", id},
		{"docker-archive:saved:x/ci.tar:registry.example/ci:1", id},
	} {
		got, err := Read(ctx, c.ref, Options{})
		if err != nil {
			t.Errorf("%s: %v", c.ref, err)
			continue
		}
		checkAlpineLike(t, got)
		if got.Digest != c.digest {
			t.Errorf("%s: digest %s, want %s", c.ref, got.Digest, c.digest)
		}
	}
	for _, c := range []struct{ ref, want string }{
		{"oci:ci/layout", "the index holds 2 images: choose one by digest"},
		{"oci:ci/layout:v9", "no image tagged v9: the tags are v0, v1"},
		{"oci:ci/layout@sha256:" + strings.Repeat("0", 64), "no image sha256:000"},
		{"oci:missing", "is not an OCI image layout"},
		{"docker-archive:missing.tar", "no docker save tarball"},
		{"docker-archive:saved:x/ci.tar:registry.example/other:2", "reading the docker save tarball"},
	} {
		_, err := Read(ctx, c.ref, Options{})
		if err == nil || !strings.Contains(err.Error(), "image "+c.ref+": ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one naming it and saying %q", c.ref, err, c.want)
		}
	}
}

// multiPlatform is an index of an amd64 and an arm64 image, each with its own tool, and an
// attestation manifest.
func multiPlatform(t *testing.T) v1.ImageIndex {
	amd := imageOf(t, "/usr/bin", "linux/amd64", []ent{exe("usr/bin/amd64-tool")})
	arm := imageOf(t, "/usr/bin", "linux/arm64/v8", []ent{exe("usr/bin/arm64-tool")})
	att := imageOf(t, "-", "linux/amd64", []ent{file("provenance.json", "{}")})
	return mutate.AppendManifests(empty.Index,
		mutate.IndexAddendum{Add: att, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "unknown", Architecture: "unknown"}}},
		mutate.IndexAddendum{Add: arm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64", Variant: "v8"}}},
		mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
	)
}

func TestReadPlatform(t *testing.T) {
	idx := multiPlatform(t)
	host := serve(t, nil)
	r, err := name.ParseReference(host + "/multi:1")
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.WriteIndex(r, idx); err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	if _, err := layout.Write(filepath.Join(base, "multi"), idx); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t.Chdir(base)
	for _, ref := range []string{host + "/multi:1", "oci:multi"} {
		for _, c := range []struct{ platform, want string }{
			{"", "amd64-tool"},
			{"linux/amd64", "amd64-tool"},
			{"linux/arm64", "arm64-tool"},
			{"linux/arm64/v8", "arm64-tool"},
		} {
			got, err := Read(ctx, ref, Options{Platform: c.platform, Keychain: anonymous})
			if err != nil {
				t.Errorf("%s %s: %v", ref, c.platform, err)
				continue
			}
			if got.Executables[c.want] == "" || len(got.Executables) != 1 {
				t.Errorf("%s %s: executables %v, want %s", ref, c.platform, got.Executables, c.want)
			}
		}
		_, err := Read(ctx, ref, Options{Platform: "linux/s390x", Keychain: anonymous})
		if err == nil || !strings.Contains(err.Error(), "image "+ref+": no image for the platform linux/s390x: the index has linux/amd64, linux/arm64/v8") {
			t.Errorf("%s s390x: err = %v, want one naming the platforms", ref, err)
		}
		_, err = Read(ctx, ref, Options{Platform: "linux/", Keychain: anonymous})
		if err == nil || !strings.Contains(err.Error(), "platform") {
			t.Errorf("%s bad platform: err = %v", ref, err)
		}
	}
}

// secretKeychain gives credentials that must never be printed.
type secretKeychain struct{}

func (secretKeychain) Resolve(authn.Resource) (authn.Authenticator, error) {
	return &authn.Basic{Username: "AWS", Password: "s3cr3t-token"}, nil
}

func TestReadRegistryErrors(t *testing.T) {
	ctx := context.Background()
	// A registry that refuses every request.
	refusing := serve(t, func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("WWW-Authenticate", `Basic realm="registry"`)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`)
		})
	})
	for _, kc := range []authn.Keychain{anonymous, secretKeychain{}} {
		ref := refusing + "/ci:1"
		_, err := Read(ctx, ref, Options{Keychain: kc})
		if err == nil || !strings.Contains(err.Error(), "image "+ref+": the registry "+refusing+" refused the credentials") ||
			!strings.Contains(err.Error(), "log in first (docker login "+refusing+")") {
			t.Errorf("refused: err = %v, want one naming the reference and saying how to log in", err)
		}
		if err != nil && strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("the error prints the credentials: %v", err)
		}
	}

	// A registry that lost a layer's blob.
	img := imageOf(t, alpinePath, "linux/amd64", alpineLike(t)...)
	ls, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	lost := digestOf(t, ls[1])
	host := serve(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/blobs/"+lost) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusNotFound)
				io.WriteString(w, `{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]}`)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	push(t, host+"/ci:1", img)
	_, err = Read(ctx, host+"/ci:1", Options{Keychain: anonymous})
	if err == nil || !strings.Contains(err.Error(), "image "+host+"/ci:1: layer 2 ("+lost+")") || !strings.Contains(err.Error(), "BLOB_UNKNOWN") {
		t.Errorf("missing blob: err = %v, want one naming the reference, the layer and the blob", err)
	}

	// No such tag, not a reference, not an image.
	_, err = Read(ctx, host+"/ci:nope", Options{Keychain: anonymous})
	if err == nil || !strings.Contains(err.Error(), "image "+host+"/ci:nope: the registry "+host+" has no such image") {
		t.Errorf("no such tag: err = %v", err)
	}
	_, err = Read(ctx, "Not A Reference!", Options{Keychain: anonymous})
	if err == nil || !strings.Contains(err.Error(), "image Not A Reference!: not an image reference") {
		t.Errorf("bad reference: err = %v", err)
	}
	chart := mutate.ConfigMediaType(imageOf(t, "/bin", "linux/amd64", []ent{file("chart.yaml", "x")}), "application/vnd.cncf.helm.config.v1+json")
	push(t, host+"/chart:1", chart)
	_, err = Read(ctx, host+"/chart:1", Options{Keychain: anonymous})
	if err == nil || !strings.Contains(err.Error(), "not a container image") {
		t.Errorf("an artifact: err = %v, want not a container image", err)
	}
}

func TestReadCorruptLayoutBlob(t *testing.T) {
	base := t.TempDir()
	img := imageOf(t, alpinePath, "linux/amd64", alpineLike(t)...)
	p, err := layout.Write(base, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	ls, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	h, err := ls[0].Digest()
	if err != nil {
		t.Fatal(err)
	}
	blob := filepath.Join(base, "blobs", h.Algorithm, h.Hex)
	data, err := os.ReadFile(blob)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blob, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Read(context.Background(), "oci:"+base, Options{})
	if err == nil || !strings.Contains(err.Error(), "image oci:"+base+": layer 1 ("+h.String()+")") {
		t.Errorf("truncated blob: err = %v, want one naming the reference and the layer", err)
	}
	if err := os.Remove(blob); err != nil {
		t.Fatal(err)
	}
	_, err = Read(context.Background(), "oci:"+base, Options{})
	if err == nil || !strings.Contains(err.Error(), "image oci:"+base+": layer 1 ("+h.String()+")") {
		t.Errorf("missing blob: err = %v, want one naming the reference and the layer", err)
	}
}

// TestRegistryErrorLogin: refused credentials get the login that registry takes: ECR's for an
// ECR registry, docker login for the others.
func TestRegistryErrorLogin(t *testing.T) {
	for _, c := range []struct{ ref, want, not string }{
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci:1", "aws ecr get-login-password | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com", "(docker login 123"},
		{"ghcr.io/org/ci:1", "log in first (docker login ghcr.io)", "aws ecr"},
	} {
		r, err := name.ParseReference(c.ref)
		if err != nil {
			t.Fatal(err)
		}
		got := registryError(r, &transport.Error{StatusCode: 401}).Error()
		if !strings.Contains(got, c.want) || strings.Contains(got, c.not) {
			t.Errorf("%s: %q, want %q and not %q", c.ref, got, c.want, c.not)
		}
	}
}
