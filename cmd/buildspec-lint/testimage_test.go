package main

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/rogpeppe/go-internal/testscript"
)

// apkImage is a small Alpine-like image: os-release, an apk database that lists jq 1.7.1-r0
// with its /usr/bin/jq, the executable itself, and busybox with sh as a link to it.
func apkImage() (v1.Image, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	files := []struct {
		name, data, link string
		mode             int64
	}{
		{name: "etc/os-release", data: "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME=\"Alpine Linux v3.20\"\n", mode: 0o644},
		{name: "lib/apk/db/installed", data: "P:busybox\nV:1.36.1-r29\nA:x86_64\nF:bin\nR:busybox\n\n" +
			"P:jq\nV:1.7.1-r0\nA:x86_64\nF:usr/bin\nR:jq\n\n", mode: 0o644},
		{name: "bin/busybox", data: "\x7fELF busybox", mode: 0o755},
		{name: "bin/sh", link: "/bin/busybox", mode: 0o777},
		{name: "usr/bin/jq", data: "\x7fELF jq", mode: 0o755},
	}
	dirs := map[string]bool{}
	for _, f := range files {
		for d := f.name; strings.Contains(d, "/"); {
			d = d[:strings.LastIndexByte(d, '/')]
			if !dirs[d] {
				dirs[d] = true
				if err := tw.WriteHeader(&tar.Header{Name: d + "/", Typeflag: tar.TypeDir, Mode: 0o755, ModTime: time.Unix(0, 0)}); err != nil {
					return nil, err
				}
			}
		}
		h := &tar.Header{Name: f.name, Mode: f.mode, Size: int64(len(f.data)), Typeflag: tar.TypeReg, ModTime: time.Unix(0, 0)}
		if f.link != "" {
			h.Typeflag, h.Linkname, h.Size = tar.TypeSymlink, f.link, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := io.WriteString(tw, f.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })
	if err != nil {
		return nil, err
	}
	img, err := mutate.AppendLayers(empty.Image, layer)
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", "amd64"
	cf.Config.Env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	return mutate.ConfigFile(img, cf)
}

// cmdMkimage writes the image of apkImage for a script:
//
//	mkimage oci DIR                    an OCI image layout
//	mkimage docker-archive FILE TAG    a docker save tarball
//	mkimage registry REPO:TAG          pushed to a registry served on 127.0.0.1 for the script,
//	                                   whose host:port is then $REGISTRY
//
// and sets $DIGEST to the image's digest.
func cmdMkimage(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! mkimage")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: mkimage oci DIR | docker-archive FILE TAG | registry REPO:TAG")
	}
	img, err := apkImage()
	ts.Check(err)
	d, err := img.Digest()
	ts.Check(err)
	ts.Setenv("DIGEST", d.String())
	switch args[0] {
	case "oci":
		p, err := layout.Write(ts.MkAbs(args[1]), empty.Index)
		ts.Check(err)
		ts.Check(p.AppendImage(img, layout.WithPlatform(v1.Platform{OS: "linux", Architecture: "amd64"})))
	case "docker-archive":
		if len(args) != 3 {
			ts.Fatalf("usage: mkimage docker-archive FILE TAG")
		}
		tag, err := name.NewTag(args[2])
		ts.Check(err)
		ts.Check(tarball.WriteToFile(ts.MkAbs(args[1]), tag, img))
	case "registry":
		host := ts.Getenv("REGISTRY")
		if host == "" {
			srv := httptest.NewServer(registry.New(registry.Logger(nopLogger())))
			ts.Defer(srv.Close)
			host = strings.TrimPrefix(srv.URL, "http://")
			ts.Setenv("REGISTRY", host)
		}
		ref, err := name.ParseReference(fmt.Sprintf("%s/%s", host, args[1]))
		ts.Check(err)
		ts.Check(remote.Write(ref, img))
	default:
		ts.Fatalf("mkimage: unknown form %s (oci, docker-archive, registry)", args[0])
	}
}

func nopLogger() *log.Logger { return log.New(io.Discard, "", 0) }

// cmdSubst replaces $NAME and ${NAME} in files with the script's environment ($REGISTRY,
// $DIGEST), so that a template or configuration can name what mkimage made.
func cmdSubst(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: subst FILE...")
	}
	for _, f := range args {
		data, err := os.ReadFile(ts.MkAbs(f))
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(f), []byte(os.Expand(string(data), ts.Getenv)), 0o644))
	}
}
