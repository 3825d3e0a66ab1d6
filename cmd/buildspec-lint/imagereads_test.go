package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
)

// slowSource is an image source that reads until the test releases it or the read's context
// is done.
type slowSource struct {
	started  chan context.Context // each read's context, as it starts
	release  chan error           // ends a read: nil with contents, else that error
	returned chan error           // what a read returned, once its context made it stop
}

func newSlowSource(t *testing.T) *slowSource {
	s := &slowSource{started: make(chan context.Context), release: make(chan error), returned: make(chan error, 4)}
	readImage = s.read
	t.Cleanup(func() { readImage = imageread.Read })
	return s
}

func (s *slowSource) read(ctx context.Context, ref string, _ imageread.Options) (*imageread.Contents, error) {
	s.started <- ctx
	select {
	case err := <-s.release:
		if err != nil {
			return nil, err
		}
		return &imageread.Contents{Ref: ref, Digest: "sha256:abc", Executables: map[string]string{"jq": "/usr/bin/jq"}}, nil
	case <-ctx.Done():
		s.returned <- ctx.Err()
		return nil, ctx.Err()
	}
}

type readResult struct {
	c   *imageread.Contents
	err error
}

// goRead calls r.read in a goroutine; its result comes on the channel.
func goRead(ctx context.Context, r *imageReads, ref string) chan readResult {
	out := make(chan readResult, 1)
	go func() {
		c, err := r.read(ctx, ref, imageread.Options{})
		out <- readResult{c, err}
	}()
	return out
}

// waitWaiters returns once n callers wait for the read of ref.
func waitWaiters(r *imageReads, ref string, n int) {
	for {
		r.mu.Lock()
		e := r.byKey[ref+"\x00"]
		ok := e != nil && e.waiters == n
		r.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// Two settings that read the same image (a project's image, bounded at one minute, and an
// images: ref, at five) share one read, and each one's own context governs its own wait: the
// first giving up neither ends the read nor fails the other, and a caller that comes with its
// deadline past gets that deadline's error while the read goes on for the others.
func TestImageReadEachCallerOwnDeadline(t *testing.T) {
	src := newSlowSource(t)
	r := &imageReads{}
	const ref = "registry.example/ci:1"

	projCtx, giveUp := context.WithCancel(context.Background())
	defer giveUp()
	proj := goRead(projCtx, r, ref)
	readCtx := <-src.started // the project's caller started the read
	refCaller := goRead(context.Background(), r, ref)
	waitWaiters(r, ref, 2)
	late, cancelLate := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancelLate()
	if _, err := r.read(late, ref, imageread.Options{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a caller whose deadline is past: %v, want its deadline's error", err)
	}

	giveUp()
	if got := <-proj; got.c != nil || !errors.Is(got.err, context.Canceled) {
		t.Errorf("the caller that gave up: %+v, want its own context's error", got)
	}
	if readCtx.Err() != nil {
		t.Fatalf("the shared read was cancelled (%v) while a caller still waits for it", readCtx.Err())
	}
	src.release <- nil
	if got := <-refCaller; got.err != nil || got.c == nil || got.c.Executables["jq"] == "" {
		t.Errorf("the caller that waited: %+v, want the image", got)
	}
	// Read once, the image is every later caller's, even one whose context is done already.
	if c, err := r.read(late, ref, imageread.Options{}); err != nil || c == nil {
		t.Errorf("a caller after the read: %v, %v; want the image read", c, err)
	}
	select {
	case ctx := <-src.started:
		t.Errorf("the image was read again (%v)", ctx)
	default:
	}
}

// When every caller has given up, the read is cancelled (its goroutine ends: no leak) and
// forgotten: a caller that comes later reads the image again, within its own deadline. A read
// that fails by itself is the error of every caller, read once.
func TestImageReadAbandonedThenRetried(t *testing.T) {
	src := newSlowSource(t)
	r := &imageReads{}
	const ref = "oci:/layout"

	a, cancelA := context.WithCancel(context.Background())
	first := goRead(a, r, ref)
	readCtx := <-src.started
	cancelA()
	if got := <-first; !errors.Is(got.err, context.Canceled) {
		t.Errorf("the caller that gave up: %+v, want context.Canceled", got)
	}
	if err := <-src.returned; !errors.Is(err, context.Canceled) || readCtx.Err() == nil {
		t.Errorf("the abandoned read ended with %v, want it cancelled", err)
	}

	second := goRead(context.Background(), r, ref)
	<-src.started // read again
	broken := errors.New("image oci:/layout: a blob of the image is missing")
	src.release <- broken
	if got := <-second; got.err != broken {
		t.Errorf("the later caller: %+v, want the read's own error", got)
	}
	if _, err := r.read(context.Background(), ref, imageread.Options{}); err != broken {
		t.Errorf("a caller after a failed read: %v, want its error, without reading again", err)
	}
}

// A read that panics panics in each caller, as a read of its own would have (the linter makes
// it that file's internal error), instead of taking the run down from a goroutine of its own.
func TestImageReadPanicReachesCallers(t *testing.T) {
	readImage = func(context.Context, string, imageread.Options) (*imageread.Contents, error) {
		panic("corrupt state")
	}
	t.Cleanup(func() { readImage = imageread.Read })
	r := &imageReads{}
	for range 2 {
		func() {
			defer func() {
				if p := recover(); p != "corrupt state" {
					t.Errorf("the caller recovered %v, want the read's panic", p)
				}
			}()
			r.read(context.Background(), "oci:/x", imageread.Options{})
		}()
	}
}
