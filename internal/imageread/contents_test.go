package imageread

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// alpineLike is an Alpine-style image: busybox and its applets (symbolic and hard links), a
// merged /bin -> usr/bin, executables linked relatively and absolutely, through a directory
// link, and an os-release that is a link.
func alpineLike(t testing.TB) [][]ent {
	return [][]ent{
		{
			dir("bin"), exe("bin/busybox"), symlink("bin/sh", "/bin/busybox"), symlink("bin/ls", "busybox"),
			hardlink("bin/cat", "bin/busybox"),
			dir("sbin"), symlink("sbin/ip", "../bin/busybox"),
			dir("usr/bin"), symlink("usr/bin/wc", "/bin/busybox"),
			dir("usr/lib"), file("usr/lib/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME=\"Alpine Linux v3.20\"\n"),
			dir("etc"), symlink("etc/os-release", "../usr/lib/os-release"),
			dir("opt/jq-1.7.1/bin"), exe("opt/jq-1.7.1/bin/jq"), symlink("opt/jq", "jq-1.7.1"),
		},
		{
			dir("usr/local/bin"), symlink("usr/local/bin/jq", "/opt/jq/bin/jq"), // through a directory link
			symlink("usr/local/bin/wc", "../../bin/wc"), // shadows /usr/bin/wc: first directory wins
			file("usr/local/bin/README", "not executable"),
			dir("usr/local/bin/subdir"),
			symlink("usr/local/bin/broken", "/nowhere"),
			symlink("usr/local/bin/loop", "loop"),
			exe("usr/local/bin/git"), whiteout("usr/local/bin/.wh.git"), // the layer's own file is kept
			whiteout("bin/.wh.cat"), // cat's hard link whited out
		},
		{
			exe("bin/cat"), // cat again, a real file
		},
	}
}

func TestContents(t *testing.T) {
	var ls []Layer
	for _, es := range alpineLike(t) {
		ls = append(ls, rawLayer{data: writeTar(t, es)})
	}
	tr := mustFlatten(t, ls)
	got := contents(tr, configPath([]string{"PATH=/usr/local/bin:/usr/bin:/bin:/sbin:relative:/missing"}))
	wantExe := map[string]string{
		"busybox": "/bin/busybox", "sh": "/bin/sh", "ls": "/bin/ls", "cat": "/bin/cat", "ip": "/sbin/ip",
		"wc": "/usr/local/bin/wc", "jq": "/usr/local/bin/jq", "git": "/usr/local/bin/git",
	}
	if !maps.Equal(got.Executables, wantExe) {
		t.Errorf("executables:\n got %v\nwant %v", got.Executables, wantExe)
	}
	wantApplets := []string{"ip", "ls", "sh", "wc"}
	if a := slices.Sorted(maps.Keys(got.Applets)); !slices.Equal(a, wantApplets) {
		t.Errorf("applets = %v, want %v", a, wantApplets)
	}
	if got.OS != "Alpine Linux v3.20" || got.OSID != "alpine" {
		t.Errorf("os = %q %q, want Alpine Linux v3.20, alpine", got.OS, got.OSID)
	}
}

func TestContentsHardLinkedApplets(t *testing.T) {
	// A hard link from /bin/busybox to a file with another name: the same file is BusyBox.
	tr := mustFlatten(t, layers(tarOf(t, exe("bin/ls"), hardlink("bin/busybox", "bin/ls"), hardlink("bin/cp", "bin/ls"), exe("bin/bash"))))
	got := contents(tr, []string{"/bin"})
	want := []string{"cp", "ls"}
	if a := slices.Sorted(maps.Keys(got.Applets)); !slices.Equal(a, want) {
		t.Errorf("applets = %v, want %v", a, want)
	}
	if len(got.Executables) != 4 {
		t.Errorf("executables = %v, want ls, busybox, cp, bash", got.Executables)
	}
}

func TestContentsMergedUsr(t *testing.T) {
	// Debian's merged /usr: /bin is a link; PATH lists both; the first directory names the file.
	tr := mustFlatten(t, layers(tarOf(t, symlink("bin", "usr/bin"), dir("usr/bin"), exe("usr/bin/bash"), exe("usr/bin/dpkg"))))
	got := contents(tr, []string{"/bin", "/usr/bin"})
	want := map[string]string{"bash": "/bin/bash", "dpkg": "/bin/dpkg"}
	if !maps.Equal(got.Executables, want) {
		t.Errorf("executables = %v, want %v", got.Executables, want)
	}
}

func TestConfigPath(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want []string
	}{
		{nil, []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}},
		{[]string{"PATH=/a:/b::/c"}, []string{"/a", "/b", "/c"}},
		{[]string{"PATH=/a", "PATH=/z"}, []string{"/z"}},
		{[]string{"PATHX=/a"}, []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}},
		{[]string{"PATH="}, nil},
	} {
		if got := configPath(c.env); !slices.Equal(got, c.want) {
			t.Errorf("configPath(%q) = %q, want %q", c.env, got, c.want)
		}
	}
}

func TestParseOSRelease(t *testing.T) {
	got := parseOSRelease("# comment\nNAME='Debian GNU/Linux'\nID=debian\nPRETTY_NAME=\"Debian \\\"12\\\" \\$x (bookworm)\"\nBAD\n=x\nEVIL=\"a\x1b[31mb\"\n")
	want := map[string]string{"NAME": "Debian GNU/Linux", "ID": "debian", "PRETTY_NAME": `Debian "12" $x (bookworm)`, "EVIL": "a[31mb"}
	if !maps.Equal(got, want) {
		t.Errorf("parseOSRelease:\n got %q\nwant %q", got, want)
	}
}

// TestOSReleaseValueCap: a value longer than maxOSValue is cut, between characters.
func TestOSReleaseValueCap(t *testing.T) {
	got := parseOSRelease("PRETTY_NAME=" + strings.Repeat("é", 1000) + "\n")["PRETTY_NAME"]
	if len(got) > maxOSValue || len(got) < maxOSValue-1 || !utf8.ValidString(got) {
		t.Errorf("a 2000-byte name became %d bytes (valid UTF-8: %v), want at most %d, cut between characters", len(got), utf8.ValidString(got), maxOSValue)
	}
}

func TestOSReleaseFallback(t *testing.T) {
	tr := mustFlatten(t, layers(tarOf(t, file("usr/lib/os-release", "NAME=Amazon Linux\nID=\"amzn\"\n"))))
	got := contents(tr, nil)
	if got.OS != "Amazon Linux" || got.OSID != "amzn" {
		t.Errorf("os = %q %q, want Amazon Linux (NAME, no PRETTY_NAME), amzn", got.OS, got.OSID)
	}
	if got := contents(mustFlatten(t, layers(tarOf(t, exe("bin/x")))), []string{"/bin"}); got.OS != "" || got.OSID != "" {
		t.Errorf("no os-release: os = %q %q", got.OS, got.OSID)
	}
}
