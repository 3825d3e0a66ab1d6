package main

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// An image named by reference is read once per run, however many images (names, tools, origins)
// and files use it, from many goroutines at once; --platform is the platform of those that name
// none; --verbose says where the cache is and what each read found.
func TestImageReadOncePerRun(t *testing.T) {
	var reads atomic.Int32
	var mu sync.Mutex
	platforms := map[string]bool{}
	readImage = func(_ context.Context, ref string, opt imageread.Options) (*imageread.Contents, error) {
		reads.Add(1)
		mu.Lock()
		platforms[ref+" "+opt.Platform] = true
		mu.Unlock()
		if opt.CacheDir != "/cache" || !opt.Offline {
			t.Errorf("read options %+v: want the run's cache and --offline", opt)
		}
		return &imageread.Contents{Ref: ref, Digest: "sha256:abc", Executables: map[string]string{"jq": "/usr/bin/jq"},
			Notes: []string{"the rpm database is not read: executables only"}}, nil
	}
	defer func() { readImage = imageread.Read }()
	reads0 := &imageReads{opt: imageread.Options{CacheDir: "/cache", Offline: true}}
	invs := &inventories{reads: reads0, platform: "linux/arm64"}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			spec := image.Spec{Name: []string{"ci", "other"}[i%2], Ref: "oci:layout", Tools: []string{[]string{"make", "git"}[i%4/2]}, Origin: "--image-ref"}
			inv, err := invs.get([]string{"a.yaml", "b.yaml"}[i%3%2], spec)
			if err != nil || inv.Has("jq") == nil {
				t.Errorf("inventory %+v, %v: want jq from the image", inv, err)
			}
		}()
	}
	wg.Wait()
	if _, err := invs.get("", image.Spec{Name: "x", Ref: "oci:layout", Platform: "linux/amd64"}); err != nil {
		t.Fatal(err)
	}
	if n := reads.Load(); n != 2 {
		t.Errorf("%d reads, want 2 (one per platform)", n)
	}
	if !platforms["oci:layout linux/arm64"] || !platforms["oci:layout linux/amd64"] {
		t.Errorf("platforms read %v: want --platform's for the images that name none, and the image's own", platforms)
	}
	v := strings.Join(reads0.verbose(), "\n")
	for _, want := range []string{"images read by reference are cached in /cache", "image oci:layout: read sha256:abc, 1 executables on its PATH, 0 packages",
		"image oci:layout: the rpm database is not read: executables only"} {
		if !strings.Contains(v, want) {
			t.Errorf("--verbose says:\n%s\nwant %q", v, want)
		}
	}
	if (&imageReads{}).verbose() != nil || (*imageReads)(nil).verbose() != nil {
		t.Error("--verbose says something about the cache of a run that read no image")
	}
}

func TestCacheDir(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	if got := cacheDir(); got != "/xdg/buildspec-lint" {
		t.Errorf("cacheDir() = %q with XDG_CACHE_HOME=/xdg", got)
	}
	t.Setenv("XDG_CACHE_HOME", "relative") // the XDG specification: a relative path is ignored
	t.Setenv("HOME", "/home/u")
	if got := cacheDir(); strings.Contains(got, "relative") || got != "" && !strings.HasSuffix(got, "buildspec-lint") {
		t.Errorf("cacheDir() = %q with a relative XDG_CACHE_HOME", got)
	}
}
