package inventory

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

func TestBuildReadsRef(t *testing.T) {
	var got []string
	r := &Reader{
		Options: imageread.Options{CacheDir: "/cache", Offline: true, Platform: "linux/amd64"},
		Read: func(ctx context.Context, ref string, opt imageread.Options) (*imageread.Contents, error) {
			if _, ok := ctx.Deadline(); !ok {
				t.Error("the read has no deadline")
			}
			got = append(got, ref+" "+opt.Platform+" "+opt.CacheDir+" "+map[bool]string{true: "offline"}[opt.Offline])
			return &imageread.Contents{Ref: ref, Digest: "sha256:" + strings.Repeat("ab", 32), OS: "Alpine Linux v3.20", OSID: "alpine",
				Path: []string{"/usr/bin"}, Executables: map[string]string{"jq": "/usr/bin/jq"},
				Packages: []imageread.Package{{Manager: "apk", Name: "jq", Version: "1.7.1-r0", Files: []string{"/usr/bin/jq"}}}}, nil
		},
	}
	inv, err := BuildWith(image.Spec{Name: "ci", Ref: "oci:layout", Platform: "linux/arm64", Tools: []string{"make"}, Origin: ".buildspec-lint.yaml:3:5"}, r)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"oci:layout linux/arm64 /cache offline"}; strings.Join(got, "|") != want[0] {
		t.Errorf("reads %q, want %q", got, want)
	}
	if inv.Name != "ci" || inv.Has("jq") == nil || inv.Has("make") == nil || !inv.Custom || inv.Dockerd != image.DockerdManual {
		t.Errorf("inventory %+v: want image ci, custom, with jq (read) and make (tools:)", inv)
	}
	if want := ".buildspec-lint.yaml:3, ref oci:layout"; inv.Defined != want {
		t.Errorf("Defined = %q, want %q", inv.Defined, want)
	}
	// The spec's platform when it names one, else the reader's.
	got = nil
	if _, err := BuildWith(image.Spec{Name: "ci", Ref: "oci:layout"}, r); err != nil || len(got) != 1 || !strings.Contains(got[0], " linux/amd64 ") {
		t.Errorf("without platform: reads %q, %v; want linux/amd64", got, err)
	}
}

func TestBuildRefErrors(t *testing.T) {
	fail := errors.New("image 127.0.0.1:1/ci:1: Get \"http://127.0.0.1:1/v2/\": connection refused")
	r := &Reader{Read: func(context.Context, string, imageread.Options) (*imageread.Contents, error) { return nil, fail }}
	_, err := BuildWith(image.Spec{Name: "ci", Ref: "127.0.0.1:1/ci:1", Origin: ".buildspec-lint.yaml:3:5"}, r)
	var re *ReadError
	if !errors.As(err, &re) || !errors.Is(err, fail) || re.Ref != "127.0.0.1:1/ci:1" {
		t.Fatalf("err = %#v, want a *ReadError of the reference wrapping the read's", err)
	}
	want := `.buildspec-lint.yaml:3:5: image ci: cannot read the image 127.0.0.1:1/ci:1: Get "http://127.0.0.1:1/v2/": connection refused; check the reference, and that the Docker configuration has credentials for its registry (docker login, the ECR credential helper)`
	if err.Error() != want {
		t.Errorf("err:\n got %s\nwant %s", err, want)
	}
	// Offline, the advice is to fill the cache.
	_, err = BuildWith(image.Spec{Name: "ci", Ref: "127.0.0.1:1/ci:1"}, &Reader{Options: imageread.Options{Offline: true}, Read: r.Read})
	if err == nil || !strings.HasSuffix(err.Error(), "; run once without --offline to cache it") {
		t.Errorf("offline: %v", err)
	}
	// --image-ref: the name is the reference, said once.
	_, err = BuildWith(image.Spec{Name: "oci:x", Ref: "oci:x", Origin: "--image-ref"}, &Reader{Read: func(context.Context, string, imageread.Options) (*imageread.Contents, error) {
		return nil, errors.New("no index.json")
	}})
	if want := "--image-ref: cannot read the image oci:x: no index.json"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	// A read that does not end within the timeout is cut off and says so (were it not, the
	// read would wait for ever: the test's own deadline).
	_, err = BuildWith(image.Spec{Ref: "10.255.255.1/ci:1"}, &Reader{Timeout: 50 * time.Millisecond,
		Read: func(ctx context.Context, _ string, _ imageread.Options) (*imageread.Contents, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}})
	if err == nil || !strings.Contains(err.Error(), "the read took more than 50ms") || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a read that hangs: %v, want it cut off at its deadline", err)
	}
	// The stub of a read that returns nothing is an error, not a crash.
	_, err = BuildWith(image.Spec{Ref: "oci:x"}, &Reader{Read: func(context.Context, string, imageread.Options) (*imageread.Contents, error) { return nil, nil }})
	if err == nil {
		t.Error("a read that returns no contents is no error")
	}
}

// A project's image, which the run reads because a template names it, is read within
// ProjectReadTimeout; an image the user names, within ReadTimeout.
func TestProjectReadDeadline(t *testing.T) {
	var left time.Duration
	r := &Reader{Read: func(ctx context.Context, ref string, opt imageread.Options) (*imageread.Contents, error) {
		d, _ := ctx.Deadline()
		left = time.Until(d)
		return &imageread.Contents{Ref: ref, Executables: map[string]string{}}, nil
	}}
	if _, err := BuildWith(image.Spec{Ref: "registry.example/ci:1", Project: "template.yaml:3, project Build"}, r); err != nil {
		t.Fatal(err)
	}
	if left > ProjectReadTimeout || left < ProjectReadTimeout-10*time.Second {
		t.Errorf("a project's image was read with %v left, want about %v", left, ProjectReadTimeout)
	}
	if _, err := BuildWith(image.Spec{Ref: "registry.example/ci:1", Name: "ci"}, r); err != nil {
		t.Fatal(err)
	}
	if left <= ProjectReadTimeout {
		t.Errorf("a named image was read with %v left, want about %v", left, ReadTimeout)
	}
}
