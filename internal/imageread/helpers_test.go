package imageread

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"runtime"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// ent is one tar entry of a test layer: a file (data, mode), a directory (name ending in "/"),
// a symbolic link (link) or a hard link (hard).
type ent struct {
	name string
	mode int64
	data string
	link string
	hard string
}

func file(name, data string) ent           { return ent{name: name, mode: 0o644, data: data} }
func exe(name string) ent                  { return ent{name: name, mode: 0o755, data: "#!/bin/sh\n"} }
func dir(name string) ent                  { return ent{name: name + "/", mode: 0o755} }
func symlink(name, target string) ent      { return ent{name: name, link: target} }
func hardlink(name, target string) ent     { return ent{name: name, hard: target} }
func whiteout(name string) ent             { return file(name, "") }
func tarOf(t testing.TB, es ...ent) []byte { return writeTar(t, es) }

// writeTar writes es as a tar stream.
func writeTar(t testing.TB, es []ent) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range es {
		h := &tar.Header{Name: e.name, Mode: e.mode, Format: tar.FormatPAX}
		switch {
		case e.link != "":
			h.Typeflag, h.Linkname, h.Mode = tar.TypeSymlink, e.link, 0o777
		case e.hard != "":
			h.Typeflag, h.Linkname = tar.TypeLink, e.hard
		case len(e.name) > 0 && e.name[len(e.name)-1] == '/':
			h.Typeflag = tar.TypeDir
		default:
			h.Typeflag, h.Size = tar.TypeReg, int64(len(e.data))
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := io.WriteString(tw, e.data); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// layerOf is a v1.Layer (gzip-compressed, as a registry holds it) of a tar stream.
func layerOf(t testing.TB, tarData []byte) v1.Layer {
	t.Helper()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(tarData)), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// imageOf is an image of layers (each a list of entries, from the base), with the config's Env
// PATH (none when path is "-") and platform.
func imageOf(t testing.TB, path, platform string, layers ...[]ent) v1.Image {
	t.Helper()
	var ls []v1.Layer
	for _, es := range layers {
		ls = append(ls, layerOf(t, writeTar(t, es)))
	}
	img, err := mutate.AppendLayers(empty.Image, ls...)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf = cf.DeepCopy()
	if path != "-" {
		cf.Config.Env = []string{"HOME=/root", "PATH=" + path}
	}
	p, err := v1.ParsePlatform(platform)
	if err != nil {
		t.Fatal(err)
	}
	cf.OS, cf.Architecture, cf.Variant = p.OS, p.Architecture, p.Variant
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// rawLayer is a Layer of raw bytes (gzip-compressed when gz), named for errors.
type rawLayer struct {
	data []byte
	gz   bool
	name string
}

func (l rawLayer) Uncompressed() (io.ReadCloser, error) {
	if !l.gz {
		return io.NopCloser(bytes.NewReader(l.data)), nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(l.data))
	if err != nil {
		return nil, err
	}
	return zr, nil
}

func (l rawLayer) digestName() string { return l.name }

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// layers are raw tar layers.
func layers(tars ...[]byte) []Layer {
	var out []Layer
	for _, b := range tars {
		out = append(out, rawLayer{data: b})
	}
	return out
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

func mustFlatten(t testing.TB, ls []Layer) *Tree {
	t.Helper()
	tr, err := flatten(context.Background(), ls, wanted, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
