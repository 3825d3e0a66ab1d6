package imageread

import (
	"context"
	"errors"
)

// open opens the image ref names: a registry reference (its platform's image of an index), an
// OCI layout (oci:PATH) or a docker save tarball (docker-archive:PATH).
func open(ctx context.Context, ref string, opt Options) (*openedImage, error) {
	return nil, errors.New("open: not written yet")
}
