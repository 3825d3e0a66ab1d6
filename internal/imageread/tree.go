package imageread

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// Tree is an image's file system, flattened: each path's entry in the last layer that has it,
// whiteouts applied. Only headers are kept, and the contents of the files wanted.
type Tree struct {
	// Entries are by absolute, cleaned path ("/usr/bin/jq").
	Entries map[string]*Entry
	// Notes say which wanted files were not read, and why (over Limits.MaxFileSize or
	// Limits.MaxDataTotal).
	Notes []string
	// maxLinkDepth bounds the symbolic links Resolve follows.
	maxLinkDepth int
	// looks counts the directories flatten looked at for whiteouts and opaque directories
	// above (its memo's misses): its cost besides a few lookups per entry, which tests bound.
	looks int
}

// Entry is one file of the flattened image.
type Entry struct {
	Path string
	Mode fs.FileMode
	// layer is the index of the layer the entry comes from.
	layer int32
	Size  int64
	// Link is a symbolic link's target as written; Hardlink a hard link's target path
	// (absolute, cleaned).
	Link, Hardlink string
	// Data is the content of a wanted file (nil for the others).
	Data []byte
}

// Layer is one layer of an image, in order from the base: its uncompressed tar stream.
type Layer interface {
	Uncompressed() (io.ReadCloser, error)
}

// digestNamer is a Layer that knows its digest without reading it, to name it in errors.
type digestNamer interface {
	digestName() string
}

// openedImage is an image opened for reading: its layers in order, its config's PATH, its
// digest.
type openedImage struct {
	layers []Layer
	path   []string
	digest string
}

// OCI whiteouts (the image-spec's layer.md): a file ".wh.NAME" removes NAME, and everything
// under it, from the layers below; ".wh..wh..opq" in a directory removes everything the layers
// below have under that directory. Both apply to the layers below only, never to their own.
const (
	whiteoutPrefix = ".wh."
	whiteoutOpaque = ".wh..wh..opq"
	// whiteoutMeta prefixes AUFS's other whiteout names (hard link directories), which name no
	// file of the image.
	whiteoutMeta = ".wh..wh."
)

// mask is what the layers above hide of the ones below at a path.
type mask uint8

const (
	maskSelf  mask = 1 << iota // the path and everything under it (a whiteout)
	maskBelow                  // everything under the path, not the path (an opaque directory)
)

// flatten applies the layers in order into a Tree, keeping the data of the files want selects,
// within lim. A layer that is not a valid tar stream, or goes over a limit, is an error naming
// the layer. A wanted file bigger than lim.MaxFileSize, or past lim.MaxDataTotal of wanted
// files in all, is not read (never in part: part of a package database would give a wrong
// inventory), and a note of the tree says so: the rest of the image is still read.
//
// The layers are read from the top one down, so that a path's first entry is the one kept and
// a whiteout or a non-directory only has to be remembered, not applied to what is below: an
// entry is kept unless an upper layer has the path already, whites it or one of its directories
// out, makes one of its directories opaque, or replaces one of them with a non-directory. Each
// entry costs a few map lookups, whatever the whiteouts, and the data of a file hidden by an
// upper layer is never read.
//
// ctx bounds the time it takes: a layer is read through a reader that stops once ctx is done
// (a registry's reads stop by themselves, a local layout's or archive's would not, and the tar
// reader skips a hidden file's bytes by reading them).
func flatten(ctx context.Context, layers []Layer, want func(path string) bool, lim Limits) (*Tree, error) {
	lim = lim.withDefaults()
	if len(layers) > lim.MaxLayers {
		return nil, fmt.Errorf("the image has %d layers, more than the %d read", len(layers), lim.MaxLayers)
	}
	f := &flattener{
		t:     &Tree{Entries: make(map[string]*Entry), maxLinkDepth: lim.MaxLinkDepth},
		masks: make(map[string]mask),
		want:  want,
		lim:   lim,
		ctx:   ctx,
	}
	for i := len(layers) - 1; i >= 0; i-- {
		if err := f.layer(i, layers[i]); err != nil {
			return nil, fmt.Errorf("layer %d%s: %w", i+1, layerName(layers[i]), err)
		}
	}
	return f.t, nil
}

// layerName is " (sha256:...)" when the layer knows its digest.
func layerName(l Layer) string {
	if d, ok := l.(digestNamer); ok {
		if n := d.digestName(); n != "" {
			return " (" + n + ")"
		}
	}
	return ""
}

// flattener is the state of one flatten.
type flattener struct {
	t       *Tree
	masks   map[string]mask
	want    func(string) bool
	lim     Limits
	ctx     context.Context
	entries int   // tar entries read, of all layers
	data    int64 // bytes of wanted files read, of all layers
	names   int64 // bytes of the names and link targets kept, of all layers
	// dirMemo says, for the layer being read, whether the layers above hide what is under a
	// directory.
	dirMemo map[string]bool
}

// pendingMask is a whiteout of the layer being read, which applies once the layer is done.
type pendingMask struct {
	path string
	m    mask
}

// layer reads layer i (the layers above it already read).
func (f *flattener) layer(i int, l Layer) (err error) {
	rc, err := l.Uncompressed()
	if err != nil {
		return fmt.Errorf("opening: %w", err)
	}
	defer func() {
		if cerr := rc.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("reading: %w", cerr)
		}
	}()
	tr := tar.NewReader(ctxReader{f.ctx, rc})
	f.dirMemo = make(map[string]bool)
	var pending []pendingMask
	for n := 0; ; n++ {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("not a valid tar stream after %d entries (the layer is corrupt or truncated: push or save the image again): %w", n, err)
		}
		f.entries++
		if f.entries > f.lim.MaxEntries {
			return fmt.Errorf("more than %d files in the image's layers", f.lim.MaxEntries)
		}
		if len(hdr.Name) > f.lim.MaxPathLen || len(hdr.Linkname) > f.lim.MaxPathLen {
			return fmt.Errorf("an entry's name or link target is longer than %d bytes", f.lim.MaxPathLen)
		}
		p := cleanPath(hdr.Name)
		if f.names += int64(len(p) + len(hdr.Linkname)); f.names > f.lim.MaxNameBytes {
			return fmt.Errorf("the names and link targets of the image's files are more than %d bytes in all", f.lim.MaxNameBytes)
		}
		dir, base := path.Split(p)
		if strings.HasPrefix(base, whiteoutPrefix) {
			switch {
			case base == whiteoutOpaque:
				pending = append(pending, pendingMask{path.Clean(dir), maskBelow})
			case strings.HasPrefix(base, whiteoutMeta):
			default:
				pending = append(pending, pendingMask{dir + base[len(whiteoutPrefix):], maskSelf})
			}
			continue
		}
		if f.hidden(p, int32(i)) {
			continue
		}
		e := &Entry{Path: p, Mode: hdr.FileInfo().Mode(), layer: int32(i), Size: hdr.Size}
		switch hdr.Typeflag {
		case tar.TypeSymlink:
			e.Link = hdr.Linkname
		case tar.TypeLink:
			e.Hardlink = cleanPath(hdr.Linkname)
			e.Size = 0
		case tar.TypeReg, tar.TypeRegA:
			if f.want != nil && f.want(p) {
				if hdr.Size > f.lim.MaxFileSize {
					// Not read: the rest of the image still is (its executables).
					f.t.Notes = append(f.t.Notes, fmt.Sprintf("%s is %d bytes, more than the %d read of a file: it is not read", p, hdr.Size, f.lim.MaxFileSize))
					break
				}
				if f.data+hdr.Size > f.lim.MaxDataTotal {
					f.t.Notes = append(f.t.Notes, fmt.Sprintf("%s is not read: the files read of the image would be more than %d bytes in all", p, f.lim.MaxDataTotal))
					break
				}
				f.data += hdr.Size
				data, err := io.ReadAll(io.LimitReader(tr, hdr.Size))
				if err != nil {
					return fmt.Errorf("reading %s: %w", p, err)
				}
				if int64(len(data)) != hdr.Size {
					return fmt.Errorf("reading %s: %w", p, io.ErrUnexpectedEOF)
				}
				e.Data = data
			}
		}
		f.t.Entries[p] = e
	}
	for _, m := range pending {
		f.masks[m.path] |= m.m
	}
	return nil
}

// hidden reports whether the entry at p of layer i is hidden by the layers above it: the path
// is theirs already, whited out, or one of its directories is whited out, opaque or not a
// directory there. A path the same layer has already is not hidden: the last entry of a tar
// stream wins.
func (f *flattener) hidden(p string, i int32) bool {
	if e := f.t.Entries[p]; e != nil && e.layer != i {
		return true
	}
	if f.masks[p]&maskSelf != 0 {
		return true
	}
	if p == "/" {
		return false
	}
	return f.dirHidden(path.Dir(p), i)
}

// dirHidden reports whether the layers above layer i hide what is under the directory d: d or
// one of its directories is whited out, opaque or not a directory there. The answers are kept
// for the layer (what the layers above hide does not change while it is read), so that each
// directory is looked at once, however deep the paths.
func (f *flattener) dirHidden(d string, i int32) bool {
	var chain []string
	h := false
	for {
		if v, ok := f.dirMemo[d]; ok {
			h = v
			break
		}
		f.t.looks++
		if f.masks[d] != 0 {
			h = true
		} else if e := f.t.Entries[d]; e != nil && e.layer != i && !e.Mode.IsDir() {
			h = true
		}
		chain = append(chain, d)
		if h || d == "/" {
			break
		}
		d = path.Dir(d)
	}
	// A directory under a hidden one is hidden; the ones above the first hidden are not known
	// to be, and were looked at already when h is false.
	for _, c := range chain {
		f.dirMemo[c] = h
	}
	return h
}

// cleanPath is name as an absolute, clean path: "../" cannot climb above the root.
func cleanPath(name string) string { return path.Clean("/" + name) }

// errLoop is a symbolic link chain longer than the limit (or a loop).
var errLoop = errors.New("too many levels of symbolic links")

// Resolve follows the symbolic links of path inside the tree (in every component, relative and
// absolute ones, at most Limits.MaxLinkDepth in all) and a hard link to its target, and returns
// the entry it leads to, or nil (no such file, or a loop).
func (t *Tree) Resolve(p string) *Entry {
	_, e, err := t.resolve(p, true)
	if err != nil {
		return nil
	}
	return e
}

// resolve returns the path p leads to, its directories' symbolic links followed (and its last
// component's when follow is true), and that path's entry (nil when the tree has none: a
// directory that only its files imply, or no file). A component that is not a directory, or a
// chain of links over the limit, is an error.
func (t *Tree) resolve(p string, follow bool) (string, *Entry, error) {
	max := t.maxLinkDepth
	if max <= 0 {
		max = DefaultLimits.MaxLinkDepth
	}
	hops := 0
	cur := "/"
	rest := p
	var e *Entry
	for {
		rest = strings.TrimLeft(rest, "/")
		if rest == "" {
			break
		}
		c := rest
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			c, rest = rest[:i], rest[i:]
		} else {
			rest = ""
		}
		switch c {
		case ".":
			continue
		case "..":
			cur = path.Dir(cur)
			e = t.Entries[cur]
			continue
		}
		next := cur + "/" + c
		if cur == "/" {
			next = "/" + c
		}
		e = t.Entries[next]
		last := strings.TrimLeft(rest, "/") == ""
		if e != nil && e.Mode&fs.ModeSymlink != 0 && (follow || !last) {
			hops++
			if hops > max {
				return "", nil, errLoop
			}
			if strings.HasPrefix(e.Link, "/") {
				cur = "/"
			}
			if strings.TrimLeft(rest, "/") == "" {
				rest = e.Link
			} else {
				rest = e.Link + "/" + rest
			}
			e = t.Entries[cur]
			continue
		}
		if e != nil && !last && !e.Mode.IsDir() {
			return "", nil, fs.ErrNotExist
		}
		cur = next
	}
	for e != nil && e.Hardlink != "" && follow {
		hops++
		if hops > max {
			return "", nil, errLoop
		}
		cur = e.Hardlink
		e = t.Entries[cur]
	}
	return cur, e, nil
}

// ctxReader reads r until ctx is done, then returns ctx's error.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
