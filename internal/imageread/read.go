package imageread

import (
	"context"
	"fmt"
)

// read is Read: the cache first, then the image: its layers flattened into a Tree (tar headers,
// and the contents of the files the package databases and os-release need), its contents, its
// packages; then the cache.
func read(ctx context.Context, ref string, opt Options) (*Contents, error) {
	lim := opt.Limits.withDefaults()
	c := newCache(opt.CacheDir)
	if got, ok, err := c.lookup(ctx, ref, opt); err != nil || ok {
		return got, err
	}
	if opt.Offline && !isLocal(ref) {
		// A local layout or tarball is read offline; only a registry is not.
		return nil, fmt.Errorf("image %s: not in the cache %s, and --offline reads no registry", ref, opt.CacheDir)
	}
	img, err := open(ctx, ref, opt)
	if err != nil {
		return nil, err
	}
	tree, err := flatten(ctx, img.layers, wanted, lim)
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", ref, err)
	}
	out := contents(tree, img.path)
	out.Notes = append(out.Notes, tree.Notes...)
	out.Ref, out.Digest = ref, img.digest
	pkgs, notes := packages(tree, lim)
	out.Packages = pkgs
	out.Notes = append(out.Notes, notes...)
	if err := c.store(ref, out); err != nil {
		out.Notes = append(out.Notes, "the cache could not be written: "+err.Error())
	}
	return out, nil
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxLayers > 0 {
		d.MaxLayers = l.MaxLayers
	}
	if l.MaxEntries > 0 {
		d.MaxEntries = l.MaxEntries
	}
	if l.MaxFileSize > 0 {
		d.MaxFileSize = l.MaxFileSize
	}
	if l.MaxDataTotal > 0 {
		d.MaxDataTotal = l.MaxDataTotal
	}
	if l.MaxPathLen > 0 {
		d.MaxPathLen = l.MaxPathLen
	}
	if l.MaxNameBytes > 0 {
		d.MaxNameBytes = l.MaxNameBytes
	}
	if l.MaxLinkDepth > 0 {
		d.MaxLinkDepth = l.MaxLinkDepth
	}
	return d
}

// wanted reports whether the content of the file at path (absolute, cleaned) is read: the
// package databases and os-release.
func wanted(path string) bool { return isOSRelease(path) || isPackageDB(path) }
