package imageread

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// The cache directory holds:
//
//	images/sha256-HEX.json  the contents of the image whose manifest digest is sha256:HEX
//	refs.json               what each reference last resolved to, and when
//
// Both are JSON with a format version. A file that cannot be read, is of another version, or
// says it is about another digest is ignored (and rewritten by the next store): nothing in the
// cache is trusted beyond the contents it holds. Files are written to a temporary file and
// renamed into place, so two runs writing at once leave one whole file, never a mix; a lost
// refs.json update only costs a later run one more read of the image.

// cacheVersion is the format of the cache files; a file of another version is ignored.
const cacheVersion = 1

// maxCacheFile bounds a cache file read: contents are a few MB at most.
const maxCacheFile = 64 << 20

// maxRefs bounds the references refs.json remembers: the oldest resolved are dropped.
const maxRefs = 1000

// imageFile is the layout of images/sha256-HEX.json.
type imageFile struct {
	Version  int       `json:"version"`
	Digest   string    `json:"digest"`
	Contents *Contents `json:"contents"`
}

// refsFile is the layout of refs.json.
type refsFile struct {
	Version int                  `json:"version"`
	Refs    map[string]*refEntry `json:"refs"`
}

// refEntry is what one reference (for one platform) last resolved to.
type refEntry struct {
	// Digest is the digest of the image read (Contents.Digest); Resolved the digest the registry
	// gave for the reference (an index's, for a multi-platform image), "" for a local file.
	Digest   string `json:"digest"`
	Resolved string `json:"resolved,omitempty"`
	// When is when the reference was resolved and read.
	When time.Time `json:"when"`
	// File, Size and ModTime identify the local file an oci: or docker-archive: reference read
	// (the layout's index.json, or the tarball): it is read again when they change.
	File    string `json:"file,omitempty"`
	Size    int64  `json:"size,omitempty"`
	ModTime int64  `json:"mtime,omitempty"`
}

// cache holds contents by image digest, and the digest each reference last resolved to, in a
// directory (none: nothing is cached).
type cache struct {
	dir string
	// key and pending are the reference key and what lookup resolved it to, for store: the
	// registry's digest, or the local file's identity taken before the file was read.
	key     string
	pending *refEntry
}

func newCache(dir string) *cache { return &cache{dir: dir} }

// lookup returns the cached contents of ref: a digest reference's, or a tag's whose digest (as
// the registry resolves it, or as it last resolved offline) is cached. ok is false when there
// are none.
//
// A registry tag costs one request (a HEAD of its manifest, after the registry's ping and
// token exchange) unless opt.Offline; a digest reference and a local file cost none. A failure
// to resolve is a miss, not an error: reading the image then reports the real problem.
func (c *cache) lookup(ctx context.Context, ref string, opt Options) (*Contents, bool, error) {
	if c == nil || c.dir == "" {
		return nil, false, nil
	}
	platform := opt.Platform
	if platform == "" {
		platform = DefaultPlatform
	}
	refs := c.readRefs()
	if isLocal(ref) {
		lr, err := parseLocal(ref)
		if err != nil || lr.info == nil || !lr.info.Mode().IsRegular() {
			return nil, false, nil // reading it says what is wrong
		}
		ent := &refEntry{File: lr.file, Size: lr.info.Size(), ModTime: lr.info.ModTime().UnixNano()}
		c.key, c.pending = platform+" "+lr.key(), ent
		old := refs.Refs[c.key]
		if old == nil || old.File != ent.File || old.Size != ent.Size || old.ModTime != ent.ModTime {
			return nil, false, nil
		}
		return c.hit(ref, old.Digest)
	}
	r, err := name.ParseReference(ref)
	if err != nil {
		return nil, false, nil
	}
	c.key = platform + " " + r.Name()
	old := refs.Refs[c.key]
	if d, isDigest := r.(name.Digest); isDigest {
		// A digest names the same image for ever: the digest it was read as, or itself.
		if old != nil && old.Resolved == d.DigestStr() {
			if got, ok, err := c.hit(ref, old.Digest); ok || err != nil {
				return got, ok, err
			}
		}
		c.pending = &refEntry{Resolved: d.DigestStr()}
		return c.hit(ref, d.DigestStr())
	}
	if opt.Offline {
		if old == nil {
			return nil, false, nil
		}
		return c.hit(ref, old.Digest)
	}
	kc := opt.Keychain
	if kc == nil {
		kc = authn.DefaultKeychain
	}
	ropts := []remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(kc)}
	if opt.Transport != nil {
		ropts = append(ropts, remote.WithTransport(opt.Transport))
	}
	desc, err := remote.Head(r, ropts...)
	if err != nil {
		return nil, false, nil
	}
	resolved := desc.Digest.String()
	c.pending = &refEntry{Resolved: resolved}
	if old != nil && old.Resolved == resolved {
		if got, ok, err := c.hit(ref, old.Digest); ok || err != nil {
			return got, ok, err
		}
	}
	// A tag of a single-platform image resolves to the image's own digest, which another
	// reference may have cached already (the same image in a layout): the tag now resolves to
	// it, for --offline.
	got, ok, err := c.hit(ref, resolved)
	if ok && (old == nil || old.Digest != resolved) {
		_ = c.remember(resolved) // a cache that cannot be written is only slower
	}
	return got, ok, err
}

// hit returns the cached contents of the image digest, as read for ref.
func (c *cache) hit(ref, digest string) (*Contents, bool, error) {
	f, ok := imagePath(c.dir, digest)
	if !ok {
		return nil, false, nil
	}
	data, err := readBounded(f, maxCacheFile)
	if err != nil {
		return nil, false, nil
	}
	var im imageFile
	if json.Unmarshal(data, &im) != nil || im.Version != cacheVersion || im.Digest != digest || im.Contents == nil || im.Contents.Digest != digest {
		return nil, false, nil // corrupt, foreign or another version's: read the image again
	}
	out := im.Contents
	out.Ref = ref
	return out, true, nil
}

// store caches out under its digest and records that ref resolved to it.
func (c *cache) store(ref string, out *Contents) error {
	if c == nil || c.dir == "" || out == nil {
		return nil
	}
	f, ok := imagePath(c.dir, out.Digest)
	if !ok {
		return nil // no digest to key it by (an image read from an unusual source): not cached
	}
	if err := os.MkdirAll(filepath.Dir(f), 0o700); err != nil {
		return err
	}
	data, err := json.Marshal(imageFile{Version: cacheVersion, Digest: out.Digest, Contents: out})
	if err != nil {
		return err
	}
	if err := writeAtomic(f, data); err != nil {
		return err
	}
	return c.remember(out.Digest)
}

// remember records that the reference looked up (c.key) resolved to the image digest.
func (c *cache) remember(digest string) error {
	if c.key == "" {
		return nil
	}
	ent := refEntry{}
	if c.pending != nil {
		ent = *c.pending
	}
	ent.Digest, ent.When = digest, time.Now().UTC()
	refs := c.readRefs()
	refs.Refs[c.key] = &ent
	prune(refs.Refs)
	data, err := json.MarshalIndent(refs, "", "\t")
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(c.dir, "refs.json"), data)
}

// readRefs reads refs.json; a missing, corrupt or foreign one is empty.
func (c *cache) readRefs() *refsFile {
	empty := &refsFile{Version: cacheVersion, Refs: map[string]*refEntry{}}
	data, err := readBounded(filepath.Join(c.dir, "refs.json"), maxCacheFile)
	if err != nil {
		return empty
	}
	var r refsFile
	if json.Unmarshal(data, &r) != nil || r.Version != cacheVersion || r.Refs == nil {
		return empty
	}
	for k, e := range r.Refs {
		if e == nil {
			delete(r.Refs, k)
		}
	}
	return &r
}

// prune keeps the maxRefs references resolved last.
func prune(refs map[string]*refEntry) {
	if len(refs) <= maxRefs {
		return
	}
	keys := make([]string, 0, len(refs))
	for k := range refs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return refs[keys[i]].When.After(refs[keys[j]].When) })
	for _, k := range keys[maxRefs:] {
		delete(refs, k)
	}
}

// imagePath returns the cache file of an image digest; ok is false for anything but a sha256
// digest of 64 lower-case hex digits (a digest from refs.json is never trusted to be a file
// name).
func imagePath(dir, digest string) (string, bool) {
	hex, ok := strings.CutPrefix(digest, "sha256:")
	if !ok || len(hex) != 64 || strings.Trim(hex, "0123456789abcdef") != "" {
		return "", false
	}
	return filepath.Join(dir, "images", "sha256-"+hex+".json"), true
}

// readBounded reads the regular file at path, refusing one over limit bytes.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errors.New("too big")
	}
	return data, nil
}

// writeAtomic writes data to path through a temporary file in its directory (mode 0600) and
// a rename, creating the directory (0700) when needed.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // after a successful rename there is nothing left to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(name, path)
}
