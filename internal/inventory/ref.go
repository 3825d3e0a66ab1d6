package inventory

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// ReadTimeout bounds the reading of one image by reference: a registry that does not answer
// fails the read instead of hanging the run.
const ReadTimeout = 5 * time.Minute

// ProjectReadTimeout bounds the reading of a CodeBuild project's image, which the run reads
// because a template names it, not because the user asked: a registry that drops the
// connection must not hold every lint for minutes. Past it the project's image is a custom
// image of unknown contents, with a notice, as when it cannot be read at all.
const ProjectReadTimeout = time.Minute

// Reader reads the images that specs name by reference (image.Spec.Ref).
type Reader struct {
	// Options are the options of every read (the cache, --offline, credentials); the platform
	// is the spec's, else Options.Platform.
	Options imageread.Options
	// Read reads an image (nil: imageread.Read). The command line passes one that reads each
	// image once per run, however many images and files name it.
	Read func(ctx context.Context, ref string, opt imageread.Options) (*imageread.Contents, error)
	// Timeout bounds one read (0: ReadTimeout).
	Timeout time.Duration
}

// ReadError is an image named by reference that could not be read.
type ReadError struct {
	// Origin is where the reference was written ("--image-ref", ".buildspec-lint.yaml:4:10").
	Origin string
	// Name is the image's name, Ref its reference.
	Name, Ref string
	Err       error
	// Advice says what to do, after the error ("" for nothing to add).
	Advice string
}

func (e *ReadError) Error() string {
	var b strings.Builder
	if e.Origin != "" {
		b.WriteString(e.Origin + ": ")
	}
	if e.Name != "" && e.Name != e.Ref {
		fmt.Fprintf(&b, "image %s: ", e.Name)
	}
	// imageread's errors may name the reference already.
	msg := strings.TrimPrefix(e.Err.Error(), "image "+e.Ref+": ")
	fmt.Fprintf(&b, "cannot read the image %s: %s", e.Ref, msg)
	if e.Advice != "" {
		b.WriteString("; " + e.Advice)
	}
	return b.String()
}

func (e *ReadError) Unwrap() error { return e.Err }

// inventory reads the image spec names by reference and returns its inventory (FromContents).
func (r *Reader) inventory(spec image.Spec) (*image.Inventory, error) {
	var opt imageread.Options
	read := imageread.Read
	timeout := ReadTimeout
	if r != nil {
		opt = r.Options
		if r.Read != nil {
			read = r.Read
		}
		if r.Timeout > 0 {
			timeout = r.Timeout
		}
	}
	if spec.Platform != "" {
		opt.Platform = spec.Platform
	}
	if spec.Project != "" {
		timeout = min(timeout, ProjectReadTimeout)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	c, err := read(ctx, spec.Ref, opt)
	if err == nil && c == nil {
		err = fmt.Errorf("nothing was read")
	}
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (the read took more than %s)", err, timeout)
		}
		return nil, &ReadError{Origin: spec.Origin, Name: spec.Name, Ref: spec.Ref, Err: err, Advice: readAdvice(spec.Ref, opt.Offline)}
	}
	name := spec.Name
	if name == "" {
		name = spec.Ref
	}
	return FromContents(c, name), nil
}

// countSet counts the values that are not empty.
func countSet(vs ...string) int {
	n := 0
	for _, v := range vs {
		if v != "" {
			n++
		}
	}
	return n
}

// readAdvice says what to do about an image that could not be read: a local one's error (a path,
// a corrupt file) says it all; a registry image needs its reference right and the credentials
// to read it, or, offline, a run that caches it.
func readAdvice(ref string, offline bool) string {
	switch {
	case strings.HasPrefix(ref, imageread.PrefixOCI) || strings.HasPrefix(ref, imageread.PrefixDocker):
		return ""
	case offline:
		return "run once without --offline to cache it"
	}
	return "check the reference, and that the Docker configuration has credentials for its registry (docker login, the ECR credential helper)"
}
