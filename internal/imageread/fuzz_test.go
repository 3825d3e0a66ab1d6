package imageread

import (
	"context"
	"testing"
)

// FuzzFlatten reads any bytes as a layer (and as the layer above a fixed one): never a panic
// or a hang, and every path of the tree absolute and clean.
func FuzzFlatten(f *testing.F) {
	for _, es := range alpineLike(f) {
		f.Add(writeTar(f, es))
	}
	f.Add(tarOf(f, symlink("bin/a", "b"), symlink("bin/b", "../bin/a"), whiteout("bin/.wh..wh..opq"), hardlink("x", "x")))
	f.Add(gzipped(f, tarOf(f, exe("bin/sh"))))
	base := writeTar(f, alpineLike(f)[0])
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{MaxEntries: 10_000, MaxFileSize: 1 << 16, MaxLinkDepth: 8}
		for _, ls := range [][]Layer{layers(data), layers(base, data)} {
			tr, err := flatten(context.Background(), ls, wanted, lim)
			if err != nil {
				continue
			}
			for p := range tr.Entries {
				if p != cleanPath(p) {
					t.Fatalf("path %q is not clean", p)
				}
			}
			c := contents(tr, []string{"/usr/local/bin", "/bin", "/sbin", "/usr/bin"})
			for n, p := range c.Executables {
				if e := tr.Resolve(p); e == nil || !e.Mode.IsRegular() {
					t.Fatalf("executable %s at %s does not resolve to a file", n, p)
				}
			}
		}
	})
}
