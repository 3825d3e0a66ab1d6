package imageread

import (
	"errors"
	"io"
	"io/fs"
)

// Tree is an image's file system, flattened: each path's entry in the last layer that has it,
// whiteouts applied. Only headers are kept, and the contents of the files wanted.
type Tree struct {
	// Entries are by absolute, cleaned path ("/usr/bin/jq").
	Entries map[string]*Entry
}

// Entry is one file of the flattened image.
type Entry struct {
	Path string
	Mode fs.FileMode
	Size int64
	// Link is a symbolic link's target as written; Hardlink a hard link's target path.
	Link, Hardlink string
	// Data is the content of a wanted file (nil for the others).
	Data []byte
}

// Layer is one layer of an image, in order from the base: its uncompressed tar stream.
type Layer interface {
	Uncompressed() (io.ReadCloser, error)
}

// openedImage is an image opened for reading: its layers in order, its config's PATH, its
// digest.
type openedImage struct {
	layers []Layer
	path   []string
	digest string
}

// flatten applies the layers in order into a Tree, keeping the data of the files want selects,
// within lim. A layer that is not a valid tar stream, or goes over a limit, is an error.
func flatten(layers []Layer, want func(path string) bool, lim Limits) (*Tree, error) {
	return nil, errors.New("flatten: not written yet")
}

// Resolve follows the symbolic links of path inside the tree (at most Limits.MaxLinkDepth) and
// returns the entry it leads to, or nil.
func (t *Tree) Resolve(path string) *Entry { return nil }
