package imageread

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// paths are the tree's paths, sorted.
func paths(t *Tree) []string {
	var out []string
	for p := range t.Entries {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

func TestFlattenWhiteouts(t *testing.T) {
	tr := mustFlatten(t, layers(
		tarOf(t, dir("usr"), dir("usr/bin"), exe("usr/bin/git"), exe("usr/bin/jq"),
			dir("opt/tool"), exe("opt/tool/a"), dir("opt/tool/sub"), exe("opt/tool/sub/b"),
			dir("etc/conf"), file("etc/conf/x", "x"), dir("var/d"), file("var/d/f", "f"),
			file("same", "1")),
		tarOf(t, whiteout("usr/bin/.wh.git"), // a file
			whiteout("opt/tool/.wh..wh..opq"), exe("opt/tool/new"), // an opaque directory, refilled
			whiteout("etc/.wh.conf"),                // a directory and what is under it
			file("var/d", "now a file"),             // a directory replaced by a file hides its files
			whiteout(".wh.same"), file("same", "2"), // whited out and written again in one layer
			whiteout("usr/bin/.wh..wh.plnk"), // AUFS metadata, no file
		),
		tarOf(t, dir("etc/conf"), file("etc/conf/y", "y")),
	))
	want := []string{"/etc/conf", "/etc/conf/y", "/opt/tool", "/opt/tool/new", "/same", "/usr",
		"/usr/bin", "/usr/bin/jq", "/var/d"}
	if got := paths(tr); !slices.Equal(got, want) {
		t.Errorf("paths:\n got %q\nwant %q", got, want)
	}
	if e := tr.Entries["/var/d"]; e == nil || !e.Mode.IsRegular() || e.Size != int64(len("now a file")) {
		t.Errorf("/var/d = %+v, want the upper layer's file", e)
	}
	if e := tr.Entries["/same"]; e == nil || e.Size != 1 || e.layer != 1 {
		t.Errorf("/same = %+v, want layer 2's entry", e)
	}
}

func TestFlattenLastEntryWins(t *testing.T) {
	tr := mustFlatten(t, layers(
		tarOf(t, file("etc/os-release", "ID=debian\n"), exe("bin/x")),
		tarOf(t, file("etc/os-release", "ID=first\n"), file("etc/os-release", "ID=alpine\n"), file("bin/x", "not exec")),
	))
	if e := tr.Entries["/etc/os-release"]; e == nil || string(e.Data) != "ID=alpine\n" {
		t.Errorf("os-release = %+v, want the upper layer's last entry with its data", e)
	}
	if e := tr.Entries["/bin/x"]; e == nil || e.Mode.Perm()&0o111 != 0 {
		t.Errorf("/bin/x = %+v, want the upper layer's non-executable file", e)
	}
}

func TestFlattenReadsOnlyWantedData(t *testing.T) {
	tr := mustFlatten(t, layers(tarOf(t, file("etc/os-release", "ID=x\n"), file("etc/passwd", "root:x:0:0"))))
	if e := tr.Entries["/etc/passwd"]; e == nil || e.Data != nil || e.Size != 10 {
		t.Errorf("/etc/passwd = %+v, want its size and no data", e)
	}
	if e := tr.Entries["/etc/os-release"]; e == nil || string(e.Data) != "ID=x\n" {
		t.Errorf("/etc/os-release = %+v, want its data", e)
	}
}

func TestFlattenCleansNames(t *testing.T) {
	tr := mustFlatten(t, layers(tarOf(t,
		file("./a/./b", "1"), file("../../../escape", "2"), file("/abs/../../x", "3"),
		file("c//d/", "4"), hardlink("h", "../../a/b"), symlink("s", "../../../../etc"),
	)))
	want := []string{"/a/b", "/c/d", "/escape", "/h", "/s", "/x"}
	if got := paths(tr); !slices.Equal(got, want) {
		t.Errorf("paths:\n got %q\nwant %q", got, want)
	}
	if e := tr.Entries["/h"]; e.Hardlink != "/a/b" {
		t.Errorf("hard link target %q, want /a/b", e.Hardlink)
	}
	if e := tr.Entries["/s"]; e.Link != "../../../../etc" {
		t.Errorf("symlink target %q, want it as written", e.Link)
	}
}

func TestResolve(t *testing.T) {
	tr := mustFlatten(t, layers(tarOf(t,
		dir("usr/bin"), exe("usr/bin/python3.12"),
		symlink("usr/bin/python3", "python3.12"),        // relative, same directory
		symlink("usr/bin/python", "/usr/bin/python3"),   // absolute, to a link
		symlink("bin", "usr/bin"),                       // a directory link
		symlink("usr/local/bin/py", "../../bin/python"), // relative, up, through the directory link
		symlink("up", "../../../../usr/bin/python3.12"), // above the root stays at the root
		symlink("loop1", "loop2"), symlink("loop2", "loop1"),
		symlink("self", "self/x"),
		symlink("dangling", "nowhere"),
		hardlink("usr/bin/py-hard", "usr/bin/python3.12"),
		symlink("via-hard", "usr/bin/py-hard"),
		file("etc/file", "x"),
		symlink("lib", "etc/file"), // a file as a directory
	)))
	target := tr.Entries["/usr/bin/python3.12"]
	for _, p := range []string{"/usr/bin/python3.12", "/usr/bin/python3", "/usr/bin/python", "/bin/python",
		"/bin/python3", "/usr/local/bin/py", "/up", "/usr/bin/../bin/python", "/usr/bin/py-hard",
		"/via-hard", "bin/./python"} {
		if got := tr.Resolve(p); got != target {
			t.Errorf("Resolve(%q) = %+v, want /usr/bin/python3.12", p, got)
		}
	}
	for _, p := range []string{"/loop1", "/self", "/dangling", "/missing", "/lib/x", "/etc/file/x", "/loop1/x"} {
		if got := tr.Resolve(p); got != nil {
			t.Errorf("Resolve(%q) = %+v, want nil", p, got)
		}
	}
	if got := tr.Resolve("/bin"); got == nil || !got.Mode.IsDir() {
		t.Errorf("Resolve(/bin) = %+v, want the /usr/bin directory", got)
	}
}

func TestResolveLinkDepth(t *testing.T) {
	// A chain of n links: l0 -> l1 -> ... -> l(n-1) -> target.
	chain := func(n int) *Tree {
		es := []ent{exe("target")}
		for i := range n {
			next := "target"
			if i < n-1 {
				next = fmt.Sprintf("l%d", i+1)
			}
			es = append(es, symlink(fmt.Sprintf("l%d", i), next))
		}
		tr, err := flatten(context.Background(), layers(tarOf(t, es...)), nil, Limits{MaxLinkDepth: 10})
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	if chain(10).Resolve("/l0") == nil {
		t.Error("a chain of 10 links with a limit of 10 did not resolve")
	}
	if got := chain(11).Resolve("/l0"); got != nil {
		t.Errorf("a chain of 11 links with a limit of 10 resolved to %+v", got)
	}
	// Links in the directories count too: d0 -> d1 -> ... each a directory link.
	es := []ent{dir("real"), exe("real/x")}
	for i := range 11 {
		next := "real"
		if i < 10 {
			next = fmt.Sprintf("d%d", i+1)
		}
		es = append(es, symlink(fmt.Sprintf("d%d", i), next))
	}
	tr, err := flatten(context.Background(), layers(tarOf(t, es...)), nil, Limits{MaxLinkDepth: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Resolve("/d0/x"); got != nil {
		t.Errorf("11 directory links with a limit of 10 resolved to %+v", got)
	}
	if got := tr.Resolve("/d1/x"); got == nil {
		t.Error("10 directory links with a limit of 10 did not resolve")
	}
}

func TestFlattenErrorsNameTheLayer(t *testing.T) {
	good := tarOf(t, exe("bin/sh"))
	bad := gzipped(t, tarOf(t, exe("bin/a"), exe("bin/b")))
	truncated := bad[:len(bad)/2]
	_, err := flatten(context.Background(), []Layer{rawLayer{data: good}, rawLayer{data: truncated, gz: true, name: "sha256:abcd"}}, wanted, Limits{})
	if err == nil || !strings.Contains(err.Error(), "layer 2 (sha256:abcd): not a valid tar stream after 0 entries") {
		t.Errorf("truncated gzip: err = %v, want one naming layer 2 and its digest", err)
	}
	garbage := []byte(strings.Repeat("not a tar header ", 64))
	_, err = flatten(context.Background(), []Layer{rawLayer{data: garbage}}, wanted, Limits{})
	if err == nil || !strings.Contains(err.Error(), "layer 1: not a valid tar stream") {
		t.Errorf("garbage: err = %v, want layer 1 not a valid tar stream", err)
	}
	_, err = flatten(context.Background(), layers(good, good, good), wanted, Limits{MaxLayers: 2})
	if err == nil || !strings.Contains(err.Error(), "3 layers, more than the 2") {
		t.Errorf("layers: err = %v", err)
	}
}
