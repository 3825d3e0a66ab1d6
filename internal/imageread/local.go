package imageread

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// localRef is an oci: or docker-archive: reference, parsed. parseLocal is the one parser of
// these forms: what is read (open) and what the cache keys (lookup) come from it, so that they
// never disagree on which file and which image a reference names.
type localRef struct {
	// prefix is PrefixOCI or PrefixDocker.
	prefix string
	// path is the layout directory or the tarball, absolute (a relative path is relative to
	// the working directory).
	path string
	// digest (oci: only) and tag choose one image: by its manifest's digest, or by its tag (a
	// layout's ref.name annotation, a tarball's repository tag such as app:1).
	digest, tag string
	// file is what identifies the image's files for the cache: the layout's index.json, or
	// the tarball; info is its stat, nil when there is no such file.
	file string
	info fs.FileInfo
}

// maxPathColons bounds the colons of a local reference that are tried as the end of its path.
const maxPathColons = 16

// parseLocal parses an oci: or docker-archive: reference:
//
//	oci:PATH              the one image of the layout (or its platform's)
//	oci:PATH@sha256:HEX   the layout's image of that digest
//	oci:PATH:TAG          the layout's image tagged TAG (its ref.name annotation)
//	docker-archive:PATH      the one image of the tarball
//	docker-archive:PATH:TAG  the tarball's image tagged TAG (a repository tag, such as app:1)
//
// A path may hold colons, and a tag too: the path is the longest part before a colon that
// names a layout (a directory with an index.json) or a file, all of it first. When none does,
// the path is all of it, so that the error names what was written.
func parseLocal(ref string) (localRef, error) {
	lr := localRef{prefix: PrefixOCI}
	rest, ok := strings.CutPrefix(ref, PrefixOCI)
	if !ok {
		lr.prefix = PrefixDocker
		if rest, ok = strings.CutPrefix(ref, PrefixDocker); !ok {
			return lr, fmt.Errorf("not a local image reference (%sPATH or %sPATH)", PrefixOCI, PrefixDocker)
		}
	}
	if lr.prefix == PrefixOCI {
		if i := strings.LastIndex(rest, "@"); i >= 0 && strings.HasPrefix(rest[i+1:], "sha256:") {
			if _, err := v1.NewHash(rest[i+1:]); err != nil {
				return lr, fmt.Errorf("%s is not a digest: %w", rest[i+1:], err)
			}
			lr.digest = rest[i+1:]
			rest = rest[:i]
			if rest == "" {
				return lr, noPath(lr.prefix)
			}
			lr.setPath(rest)
			return lr, nil
		}
	}
	if rest == "" {
		return lr, noPath(lr.prefix)
	}
	// All of it, then each colon from the last, within maxPathColons.
	cands := []int{len(rest)}
	for i := len(rest) - 1; i > 0 && len(cands) <= maxPathColons; i-- {
		if rest[i] == ':' && i+1 < len(rest) {
			cands = append(cands, i)
		}
	}
	for _, i := range cands {
		c := lr
		c.setPath(rest[:i])
		if c.info == nil {
			continue
		}
		if i < len(rest) {
			c.tag = rest[i+1:]
		}
		return c, nil
	}
	lr.setPath(rest)
	return lr, nil
}

// noPath is the error of a local reference without a path.
func noPath(prefix string) error {
	if prefix == PrefixOCI {
		return errors.New("no OCI layout directory given (oci:PATH)")
	}
	return errors.New("no docker save tarball given (docker-archive:PATH)")
}

// setPath sets lr's path to p, absolute, and the file that identifies it, with its stat when
// it exists.
func (lr *localRef) setPath(p string) {
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	lr.path, lr.file, lr.info = p, p, nil
	if lr.prefix == PrefixOCI {
		lr.file = filepath.Join(p, "index.json")
	}
	if fi, err := os.Stat(lr.file); err == nil {
		lr.info = fi
	}
}

// key is the reference with its path absolute: the same image however its path is written.
func (lr localRef) key() string {
	switch {
	case lr.digest != "":
		return lr.prefix + lr.path + "@" + lr.digest
	case lr.tag != "":
		return lr.prefix + lr.path + ":" + lr.tag
	}
	return lr.prefix + lr.path
}

// isLocal reports whether ref is an oci: or docker-archive: reference.
func isLocal(ref string) bool {
	return strings.HasPrefix(ref, PrefixOCI) || strings.HasPrefix(ref, PrefixDocker)
}
