package imageread

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// countingRegistry is go-containerregistry's in-process registry on 127.0.0.1 that counts the
// requests it serves, by method and kind ("HEAD manifests", "GET blobs", "GET ping").
type countingRegistry struct {
	host string
	mu   sync.Mutex
	reqs map[string]int
}

func newCountingRegistry(t *testing.T) *countingRegistry {
	t.Helper()
	r := &countingRegistry{reqs: map[string]int{}}
	h := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		kind := "ping"
		switch {
		case strings.Contains(req.URL.Path, "/manifests/"):
			kind = "manifests"
		case strings.Contains(req.URL.Path, "/blobs/"):
			kind = "blobs"
		case req.URL.Path != "/v2/" && req.URL.Path != "/v2":
			kind = req.URL.Path
		}
		r.mu.Lock()
		r.reqs[req.Method+" "+kind]++
		r.mu.Unlock()
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	r.host = strings.TrimPrefix(srv.URL, "http://")
	return r
}

// take returns the requests counted since the last take, and starts counting again.
func (r *countingRegistry) take() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.reqs
	r.reqs = map[string]int{}
	return out
}

// push writes img (or an index) to the registry as repo:tag and returns its digest.
func (r *countingRegistry) push(t *testing.T, ref string, img any) string {
	t.Helper()
	tag, err := name.ParseReference(r.host + "/" + ref)
	if err != nil {
		t.Fatal(err)
	}
	var d v1.Hash
	switch x := img.(type) {
	case v1.Image:
		err = remote.Write(tag, x)
		d, _ = x.Digest()
	case v1.ImageIndex:
		err = remote.WriteIndex(tag, x)
		d, _ = x.Digest()
	}
	if err != nil {
		t.Fatal(err)
	}
	r.take()
	return d.String()
}

func randomImage(t *testing.T) v1.Image {
	t.Helper()
	img, err := random.Image(256, 1)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// sampleContents are contents as read of the image digest.
func sampleContents(digest string) *Contents {
	return &Contents{
		Digest: digest, OS: "Alpine Linux v3.20", OSID: "alpine",
		Path:        []string{"/usr/local/bin", "/usr/bin", "/bin"},
		Executables: map[string]string{"jq": "/usr/bin/jq", "sh": "/bin/busybox"},
		Applets:     map[string]bool{"sh": true},
		Packages:    []Package{{Manager: "apk", Name: "jq", Version: "1.7.1-r0", Files: []string{"/usr/bin/jq"}}},
	}
}

func opts(dir string) Options {
	return Options{CacheDir: dir, Keychain: authn.NewMultiKeychain()}
}

func mustLookup(t *testing.T, ref string, opt Options) *Contents {
	t.Helper()
	got, ok, err := newCache(opt.CacheDir).lookup(context.Background(), ref, opt)
	if err != nil || !ok {
		t.Fatalf("lookup %s: ok %v, err %v; want a hit", ref, ok, err)
	}
	return got
}

func mustMiss(t *testing.T, ref string, opt Options) {
	t.Helper()
	got, ok, err := newCache(opt.CacheDir).lookup(context.Background(), ref, opt)
	if err != nil || ok || got != nil {
		t.Fatalf("lookup %s: %v, %v, %v; want a miss", ref, got, ok, err)
	}
}

// fill does what Read does around reading the image: the lookup (a miss), then the store.
func fill(t *testing.T, ref string, out *Contents, opt Options) {
	t.Helper()
	c := newCache(opt.CacheDir)
	if _, ok, err := c.lookup(context.Background(), ref, opt); ok || err != nil {
		t.Fatalf("first lookup of %s: ok %v, err %v; want a miss", ref, ok, err)
	}
	out.Ref = ref
	if err := c.store(ref, out); err != nil {
		t.Fatal(err)
	}
}

// The second Read of a tag asks the registry only for the tag's digest (a HEAD, after the ping
// every registry client makes); offline it asks nothing.
func TestCacheTagSecondReadOnlyHead(t *testing.T) {
	reg := newCountingRegistry(t)
	d := reg.push(t, "ci:2026-11", randomImage(t))
	ref := reg.host + "/ci:2026-11"
	dir := t.TempDir()
	fill(t, ref, sampleContents(d), opts(dir))
	reg.take()

	got, err := Read(context.Background(), ref, opts(dir))
	if err != nil {
		t.Fatal(err)
	}
	if want := sampleContents(d); got.Digest != d || !reflect.DeepEqual(got.Packages, want.Packages) || !reflect.DeepEqual(got.Executables, want.Executables) || got.Ref != ref {
		t.Errorf("cached contents: got %+v", got)
	}
	reqs := reg.take()
	t.Logf("requests of the second read: %v", reqs)
	if reqs["HEAD manifests"] != 1 || reqs["GET manifests"] != 0 || reqs["GET blobs"]+reqs["HEAD blobs"] != 0 {
		t.Errorf("requests of the second read: %v; want one HEAD of the manifest and no GET", reqs)
	}
	for k := range reqs {
		if k != "HEAD manifests" && k != "GET ping" {
			t.Errorf("unexpected request %s", k)
		}
	}

	off := opts(dir)
	off.Offline = true
	got, err = Read(context.Background(), ref, off)
	if err != nil || got.Digest != d {
		t.Fatalf("offline read: %v, %v", got, err)
	}
	if reqs := reg.take(); len(reqs) != 0 {
		t.Errorf("offline read made requests: %v", reqs)
	}
	// Offline, a reference never read is an error, and still no request.
	if _, err := Read(context.Background(), reg.host+"/ci:other", off); err == nil || !strings.Contains(err.Error(), "ci:other") {
		t.Errorf("offline read of an uncached tag: %v, want an error naming it", err)
	}
	if reqs := reg.take(); len(reqs) != 0 {
		t.Errorf("offline read made requests: %v", reqs)
	}
}

// A tag moved to another image misses (it is read again); offline it is still the digest it
// last resolved to.
func TestCacheTagMoved(t *testing.T) {
	reg := newCountingRegistry(t)
	d1 := reg.push(t, "ci:latest", randomImage(t))
	ref := reg.host + "/ci:latest"
	dir := t.TempDir()
	fill(t, ref, sampleContents(d1), opts(dir))
	d2 := reg.push(t, "ci:latest", randomImage(t))
	if d1 == d2 {
		t.Fatal("two random images with one digest")
	}
	mustMiss(t, ref, opts(dir))
	off := opts(dir)
	off.Offline = true
	if got := mustLookup(t, ref, off); got.Digest != d1 {
		t.Errorf("offline: digest %s, want the last resolved %s", got.Digest, d1)
	}
	// Once read again, the tag is the new image's.
	fill(t, ref, sampleContents(d2), opts(dir))
	if got := mustLookup(t, ref, opts(dir)); got.Digest != d2 {
		t.Errorf("digest %s, want %s", got.Digest, d2)
	}
}

// A tag of a multi-platform image resolves to its index's digest, not the image's read: the
// cache remembers which image the index gave, per platform.
func TestCacheIndexTag(t *testing.T) {
	reg := newCountingRegistry(t)
	idx, err := random.Index(256, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	reg.push(t, "ci:multi", idx)
	m, _ := idx.IndexManifest()
	child := m.Manifests[0].Digest.String()
	ref := reg.host + "/ci:multi"
	dir := t.TempDir()
	fill(t, ref, sampleContents(child), opts(dir))
	reg.take()
	if got := mustLookup(t, ref, opts(dir)); got.Digest != child {
		t.Errorf("digest %s, want %s", got.Digest, child)
	}
	if reqs := reg.take(); reqs["HEAD manifests"] != 1 || reqs["GET manifests"] != 0 {
		t.Errorf("requests: %v", reqs)
	}
	arm := opts(dir)
	arm.Platform = "linux/arm64"
	mustMiss(t, ref, arm) // another platform's image was never read
}

// A digest reference hits without a request.
func TestCacheDigestReference(t *testing.T) {
	reg := newCountingRegistry(t)
	d := reg.push(t, "ci:x", randomImage(t))
	dir := t.TempDir()
	fill(t, reg.host+"/ci:x", sampleContents(d), opts(dir))
	reg.take()
	ref := reg.host + "/ci@" + d
	if got := mustLookup(t, ref, opts(dir)); got.Digest != d || got.Ref != ref {
		t.Errorf("got %s as %s", got.Digest, got.Ref)
	}
	if reqs := reg.take(); len(reqs) != 0 {
		t.Errorf("a digest reference made requests: %v", reqs)
	}
}

// A corrupt, foreign or other-version file is ignored, then rewritten.
func TestCacheCorruptIgnored(t *testing.T) {
	d := "sha256:" + strings.Repeat("ab", 32)
	ref := "registry.example/ci@" + d
	other := "sha256:" + strings.Repeat("cd", 32)
	for name, content := range map[string]string{
		"garbage":       "\x00\x01 not json",
		"truncated":     `{"version":1,"digest":"` + d + `","contents":{"Digest":"`,
		"other version": `{"version":99,"digest":"` + d + `","contents":{"Digest":"` + d + `"}}`,
		"other digest":  `{"version":1,"digest":"` + other + `","contents":{"Digest":"` + other + `"}}`,
		"no contents":   `{"version":1,"digest":"` + d + `"}`,
		"a directory":   "",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			f, _ := imagePath(dir, d)
			os.MkdirAll(filepath.Dir(f), 0o700)
			if name == "a directory" {
				os.Mkdir(f, 0o700)
			} else if err := os.WriteFile(f, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			mustMiss(t, ref, opts(dir))
			if name == "a directory" {
				return
			}
			if err := newCache(dir).store(ref, sampleContents(d)); err != nil {
				t.Fatal(err)
			}
			mustLookup(t, ref, opts(dir))
		})
	}
}

// refs.json is never trusted to name a file: a digest in it that is not one is a miss.
func TestCacheHostileRefs(t *testing.T) {
	dir := t.TempDir()
	key := DefaultPlatform + " registry.example/ci:1"
	for _, digest := range []string{"../../../etc/passwd", "sha256:../../x", "sha256:" + strings.Repeat("A", 64), ""} {
		data, _ := json.Marshal(refsFile{Version: cacheVersion, Refs: map[string]*refEntry{key: {Digest: digest}}})
		os.WriteFile(filepath.Join(dir, "refs.json"), data, 0o600)
		off := opts(dir)
		off.Offline = true
		mustMiss(t, "registry.example/ci:1", off)
	}
	os.WriteFile(filepath.Join(dir, "refs.json"), []byte(`{"version":1,"refs":{"x":null}}`), 0o600)
	off := opts(dir)
	off.Offline = true
	mustMiss(t, "registry.example/ci:1", off)
}

// A local layout or tarball is keyed by its file's path, size and time: a changed file is read
// again.
func TestCacheLocalFiles(t *testing.T) {
	base := t.TempDir()
	os.Mkdir(filepath.Join(base, "layout"), 0o700)
	index := filepath.Join(base, "layout", "index.json")
	os.WriteFile(index, []byte(`{"schemaVersion":2,"manifests":[]}`), 0o600)
	tarball := filepath.Join(base, "img.tar")
	os.WriteFile(tarball, []byte("tar"), 0o600)
	dir := t.TempDir()
	d := "sha256:" + strings.Repeat("12", 32)
	o := opts(dir)
	elsewhere := t.TempDir()
	for _, ref := range []string{"oci:layout", "oci:layout@" + d, "oci:layout:v1", "oci:layout:example.com/app:1", "docker-archive:img.tar", "docker-archive:img.tar:app:1"} {
		t.Chdir(base) // a relative path is the working directory's
		fill(t, ref, sampleContents(d), o)
		if got := mustLookup(t, ref, o); got.Digest != d || got.Ref != ref {
			t.Errorf("%s: got %s as %s", ref, got.Digest, got.Ref)
		}
		// The same relative path from another directory is another file.
		t.Chdir(elsewhere)
		mustMiss(t, ref, o)
	}
	t.Chdir(base)
	// The absolute path of a file read by its relative path is the same file.
	mustLookup(t, "docker-archive:"+tarball, o)
	mustLookup(t, "oci:"+filepath.Join(base, "layout")+":v1", o)
	// Another tag or digest of the same file is another image.
	mustMiss(t, "oci:layout:v2", o)
	mustMiss(t, "oci:layout@sha256:"+strings.Repeat("34", 32), o)
	mustMiss(t, "docker-archive:img.tar:app:2", o)
	os.WriteFile(index, []byte(`{"schemaVersion":2,"manifests":[ ]}`), 0o600)
	mustMiss(t, "oci:layout", o)
	mustMiss(t, "oci:layout:v1", o)
	future := time.Now().Add(time.Hour)
	os.Chtimes(tarball, future, future)
	mustMiss(t, "docker-archive:img.tar", o)
	mustMiss(t, "oci:missing", o)
}

func TestCachePermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "buildspec-lint")
	d := "sha256:" + strings.Repeat("ef", 32)
	c := newCache(dir)
	c.key = DefaultPlatform + " registry.example/ci:1"
	if err := c.store("registry.example/ci:1", sampleContents(d)); err != nil {
		t.Fatal(err)
	}
	f, _ := imagePath(dir, d)
	for p, want := range map[string]os.FileMode{
		dir: 0o700 | os.ModeDir, filepath.Dir(f): 0o700 | os.ModeDir, f: 0o600, filepath.Join(dir, "refs.json"): 0o600,
	} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode(), want)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*", ".tmp-*"))
	more, _ := filepath.Glob(filepath.Join(dir, ".tmp-*"))
	if len(left)+len(more) > 0 {
		t.Errorf("temporary files left: %v %v", left, more)
	}
}

// Writers at once leave whole files: every lookup during and after them hits or misses, never
// reads half a file.
func TestCacheConcurrentStores(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				d := fmt.Sprintf("sha256:%064x", i)
				ref := fmt.Sprintf("registry.example/ci@%s", d)
				c := newCache(dir)
				c.lookup(context.Background(), ref, opts(dir))
				if err := c.store(ref, sampleContents(d)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	for i := 0; i < 20; i++ {
		d := fmt.Sprintf("sha256:%064x", i)
		mustLookup(t, "registry.example/ci@"+d, opts(dir))
	}
	if _, err := readBounded(filepath.Join(dir, "refs.json"), maxCacheFile); err != nil {
		t.Fatal(err)
	}
	if r := newCache(dir).readRefs(); len(r.Refs) == 0 {
		t.Error("refs.json is empty or unreadable after concurrent writes")
	}
}

// Offline, a local layout or tarball that is not cached is read (it needs no network): the
// offline refusal is for registries only.
func TestCacheOfflineLocalIsRead(t *testing.T) {
	o := opts(t.TempDir())
	o.Offline = true
	t.Chdir(t.TempDir())
	_, err := Read(context.Background(), "oci:layout", o)
	if err != nil && strings.Contains(err.Error(), "--offline") {
		t.Errorf("offline read of a local layout refused: %v", err)
	}
}

// A cached image as big as a real build image's contents (thousands of executables, a
// thousand packages) comes back at the cost of reading and decoding its file once: the cached
// re-run's cost.
func TestCacheHitCost(t *testing.T) {
	d := "sha256:" + strings.Repeat("5a", 32)
	big := sampleContents(d)
	for i := 0; i < 5000; i++ {
		big.Executables[fmt.Sprintf("tool%d", i)] = fmt.Sprintf("/usr/bin/tool%d", i)
	}
	for i := 0; i < 1500; i++ {
		big.Packages = append(big.Packages, Package{Manager: "dpkg", Name: fmt.Sprintf("pkg%d", i), Version: "1.2.3-4ubuntu5", Files: []string{fmt.Sprintf("/usr/bin/tool%d", i)}})
	}
	dir := t.TempDir()
	ref := "registry.example/ci@" + d
	fill(t, ref, big, opts(dir))
	f, _ := imagePath(dir, d)
	fi, err := os.Stat(f)
	if err != nil {
		t.Fatal(err)
	}
	var got *Contents
	n := allocated(func() { got = mustLookup(t, ref, opts(dir)) })
	t.Logf("a cached lookup of %d executables and %d packages (a %d-byte file) allocated %d bytes", len(got.Executables), len(got.Packages), fi.Size(), n)
	if len(got.Executables) != len(big.Executables) || len(got.Packages) != len(big.Packages) {
		t.Errorf("cached contents lost entries")
	}
	// One read of the file and one decoding of it: a few times its size (about 7).
	if n > 16*uint64(fi.Size()) {
		t.Errorf("a cached lookup of a %d-byte file allocated %d bytes, want at most 16 times the file", fi.Size(), n)
	}
}

// A tag whose image another reference cached already (the same image read from a layout, or
// under another tag) is a hit, and from then on resolves offline too.
func TestCacheTagOfImageCachedByAnother(t *testing.T) {
	reg := newCountingRegistry(t)
	img := randomImage(t)
	d := reg.push(t, "ci:1", img)
	reg.push(t, "ci:2", img)
	dir := t.TempDir()
	fill(t, reg.host+"/ci:1", sampleContents(d), opts(dir))
	ref := reg.host + "/ci:2"
	if got, err := Read(context.Background(), ref, opts(dir)); err != nil || got.Digest != d {
		t.Fatalf("read of the other tag: %v, %v", got, err)
	}
	reg.take()
	off := opts(dir)
	off.Offline = true
	if got, err := Read(context.Background(), ref, off); err != nil || got.Digest != d {
		t.Fatalf("offline read of the other tag: %v, %v", got, err)
	}
	if reqs := reg.take(); len(reqs) != 0 {
		t.Errorf("offline read made requests: %v", reqs)
	}
}
