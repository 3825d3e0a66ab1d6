package inventory

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

const testDigest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// alpineContents are the contents of an image built FROM alpine:3.20 with `apk add` of pkgs
// (name, version, executable): BusyBox's applets link to /bin/busybox, the other executables
// are files that their packages list.
func alpineContents(applets, others []string, pkgs [][3]string) *imageread.Contents {
	c := &imageread.Contents{
		Ref: "registry.example/ci:1", Digest: testDigest, OS: "Alpine Linux v3.20", OSID: "alpine",
		Path:        []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"},
		Executables: map[string]string{}, Applets: map[string]bool{},
		Packages: []imageread.Package{
			{Manager: "apk", Name: "busybox", Version: "1.36.1-r29", Files: []string{"/bin/busybox"}},
			{Manager: "apk", Name: "apk-tools", Version: "2.14.4-r1", Files: []string{"/sbin/apk"}},
		},
	}
	for _, a := range applets {
		c.Executables[a], c.Applets[a] = "/bin/busybox", true
	}
	for _, o := range others {
		c.Executables[o] = "/usr/bin/" + o
	}
	c.Executables["apk"] = "/sbin/apk"
	for _, p := range pkgs {
		c.Packages = append(c.Packages, imageread.Package{Manager: "apk", Name: p[0], Version: p[1], Files: []string{"/usr/bin/" + p[2]}})
		c.Executables[p[2]] = "/usr/bin/" + p[2]
	}
	return c
}

// The inventory of an image read itself equals the inventory of a Dockerfile that builds the
// same content, on tools, their packages, the package manager and the Docker daemon; where the
// image knows more (the packages' versions, the OS release), the Dockerfile's facts are a part
// of the image's.
func TestFromContentsLikeDockerfile(t *testing.T) {
	dir := t.TempDir()
	df := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(df, []byte("FROM alpine:3.20\nRUN apk add --no-cache jq curl\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	want, err := FromDockerfile(df)
	if err != nil {
		t.Fatal(err)
	}
	// The image: alpine's own executables (its BusyBox applets, and the files of its other
	// packages) plus what apk add brought.
	var applets, others []string
	for n, tool := range want.Tools {
		switch {
		case tool.Package == "busybox":
			applets = append(applets, n)
		case n != "apk" && n != "jq" && n != "curl":
			others = append(others, n)
		}
	}
	if len(applets) < 50 || want.Tools["jq"] == nil || want.Tools["curl"] == nil {
		t.Fatalf("the Dockerfile's inventory is not alpine's with jq and curl: %d applets, tools %v", len(applets), toolNames(want))
	}
	got := FromContents(alpineContents(applets, others, [][3]string{{"jq", "1.7.1-r0", "jq"}, {"curl", "8.9.1-r1", "curl"}}), "ci")

	if g, w := toolNames(got), toolNames(want); strings.Join(g, " ") != strings.Join(w, " ") {
		t.Errorf("tools differ:\nimage      %v\ndockerfile %v", g, w)
	}
	for n, w := range want.Tools {
		g := got.Tools[n]
		if g == nil {
			continue
		}
		if w.Package != "" && g.Package != w.Package {
			t.Errorf("%s: package %q, the Dockerfile's %q", n, g.Package, w.Package)
		}
		if w.Version != "" && g.Version != w.Version {
			t.Errorf("%s: version %q, the Dockerfile's %q", n, g.Version, w.Version)
		}
	}
	if v := got.Tools["jq"].Version; v != "1.7.1-r0" {
		t.Errorf("jq version %q, want the package's 1.7.1-r0", v)
	}
	if got.PackageManager != want.PackageManager || got.PackageManager != "apk" {
		t.Errorf("package manager %q, the Dockerfile's %q", got.PackageManager, want.PackageManager)
	}
	if got.Dockerd != want.Dockerd || got.Custom != want.Custom || got.Curated || got.AWSCLIMajor != want.AWSCLIMajor {
		t.Errorf("dockerd %v custom %v curated %v aws %d; the Dockerfile's %v %v %v %d",
			got.Dockerd, got.Custom, got.Curated, got.AWSCLIMajor, want.Dockerd, want.Custom, want.Curated, want.AWSCLIMajor)
	}
	if got.OS != "Alpine Linux 3.20" || !strings.HasPrefix(got.OS, want.OS) {
		t.Errorf("OS %q, the Dockerfile's %q", got.OS, want.OS)
	}
	if got.Name != "ci" || got.Ref != "registry.example/ci:1" || got.Partial {
		t.Errorf("name %q ref %q partial %v", got.Name, got.Ref, got.Partial)
	}
}

func toolNames(inv *image.Inventory) []string {
	var out []string
	for n := range inv.Tools {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Tools cite the image by reference and short digest, and the package that brings them.
func TestFromContentsOrigins(t *testing.T) {
	inv := FromContents(alpineContents([]string{"wget"}, []string{"mytool"}, [][3]string{{"jq", "1.7.1-r0", "jq"}}), "ci")
	for n, want := range map[string]string{
		"jq":     "registry.example/ci:1@sha256:0123456789ab, apk jq 1.7.1-r0",
		"apk":    "registry.example/ci:1@sha256:0123456789ab, apk apk-tools 2.14.4-r1",
		"wget":   "registry.example/ci:1@sha256:0123456789ab, busybox applet",
		"mytool": "registry.example/ci:1@sha256:0123456789ab, /usr/bin/mytool",
	} {
		if got := inv.Tools[n].Origin; got != want {
			t.Errorf("%s: origin %q, want %q", n, got, want)
		}
	}
	if p := inv.Tools["wget"].Package; p != "busybox" {
		t.Errorf("wget: package %q, want busybox (a stand-in)", p)
	}
	for ref, want := range map[string]string{
		"registry.example/ci:1":               "registry.example/ci:1@sha256:0123456789ab",
		"registry.example/ci@" + testDigest:   "registry.example/ci@sha256:0123456789ab",
		"registry.example/ci:1@" + testDigest: "registry.example/ci:1@sha256:0123456789ab",
		"oci:build/layout":                    "oci:build/layout@sha256:0123456789ab",
		"docker-archive:img.tar:app:1":        "docker-archive:img.tar:app:1@sha256:0123456789ab",
	} {
		if got := citeImage(ref, testDigest); got != want {
			t.Errorf("citeImage(%s) = %q, want %q", ref, got, want)
		}
	}
}

// A Debian image: dpkg lists /bin/bash where /bin is /usr/bin; a link that one package owns
// leads to another's file; versions come from packages, else from the path.
func TestFromContentsDebian(t *testing.T) {
	c := &imageread.Contents{
		Ref: "registry.example/deb:12", Digest: testDigest, OS: "Debian GNU/Linux 12 (bookworm)", OSID: "debian",
		Path: []string{"/usr/local/bin", "/usr/bin", "/bin"},
		Executables: map[string]string{
			"bash":    "/usr/bin/bash",
			"python3": "/usr/bin/python3.11",
			"pip3":    "/usr/bin/pip3",
			"node":    "/opt/node-v20.11.0-linux-x64/bin/node",
			"py":      "/usr/local/bin/python3.12",
			"aws":     "/usr/local/aws-cli/v2/current/dist/aws",
			"sh":      "/usr/bin/dash",
		},
		Packages: []imageread.Package{
			{Manager: "dpkg", Name: "bash", Version: "5.2.15-2+b7", Files: []string{"/bin/bash"}},
			{Manager: "dpkg", Name: "python3", Version: "3.11.2-1+b1", Files: []string{"/usr/bin/python3"}},
			{Manager: "dpkg", Name: "dash", Version: "0.5.12-2", Files: []string{"/bin/dash"}},
		},
		Notes: []string{"a note of the reading"},
	}
	inv := FromContents(c, "deb")
	for n, want := range map[string][2]string{
		"bash":    {"bash", "5.2.15-2+b7"},
		"python3": {"python3", "3.11.2-1+b1"},
		"sh":      {"dash", "0.5.12-2"},
		"node":    {"", "20.11.0"},
		"py":      {"", ""},
		"pip3":    {"", ""},
	} {
		tool := inv.Tools[n]
		if tool == nil || tool.Package != want[0] || tool.Version != want[1] {
			t.Errorf("%s: %+v, want package %q version %q", n, tool, want[0], want[1])
		}
	}
	if inv.PackageManager != "apt-get" || inv.OS != "Debian GNU/Linux 12 (bookworm)" || inv.AWSCLIMajor != 2 {
		t.Errorf("manager %q OS %q aws %d", inv.PackageManager, inv.OS, inv.AWSCLIMajor)
	}
	if len(inv.Notes) != 1 || inv.Notes[0] != c.Notes[0] {
		t.Errorf("notes %q", inv.Notes)
	}
	if v := versionInPath("python3", "/usr/bin/python3.12"); v != "3.12" {
		t.Errorf("python3 at python3.12: %q", v)
	}
}

func TestFromContentsPackageManager(t *testing.T) {
	for _, tc := range []struct {
		id, os string
		pkgs   []imageread.Package
		exes   []string
		want   string
	}{
		{id: "alpine", os: "Alpine Linux v3.20", want: "apk"},
		{id: "debian", os: "Debian GNU/Linux 12 (bookworm)", want: "apt-get"},
		{id: "ubuntu", os: "Ubuntu 24.04.1 LTS", want: "apt-get"},
		{id: "amzn", os: "Amazon Linux 2023.6.20241121", want: "dnf"},
		{id: "amzn", os: "Amazon Linux 2", want: "yum"},
		{id: "rhel", os: "Red Hat Enterprise Linux 9.4 (Plow)", want: "dnf"},
		{id: "centos", os: "CentOS Linux 7 (Core)", want: "yum"},
		{id: "rocky", os: "Rocky Linux 9.3 (Blue Onyx)", want: "dnf"},
		{id: "fedora", os: "Fedora Linux 40 (Container Image)", want: "dnf"},
		{pkgs: []imageread.Package{{Manager: "dpkg", Name: "x"}}, want: "apt-get"},
		{exes: []string{"microdnf"}, want: "microdnf"},
		{want: ""},
	} {
		c := &imageread.Contents{OSID: tc.id, OS: tc.os, Packages: tc.pkgs, Executables: map[string]string{}}
		for _, e := range tc.exes {
			c.Executables[e] = "/usr/bin/" + e
		}
		if got := FromContents(c, "x").PackageManager; got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.id, tc.os, got, tc.want)
		}
	}
}

func TestFromContentsAWSCLI(t *testing.T) {
	for _, tc := range []struct {
		file, version string
		want          int
	}{
		{"/usr/local/aws-cli/v2/2.15.0/dist/aws", "", 2},
		{"/usr/bin/aws", "1.22.34-1", 1},
		{"/usr/bin/aws", "2.9.19-1", 2},
		{"/usr/bin/aws", "", 0},
	} {
		c := &imageread.Contents{Executables: map[string]string{"aws": tc.file}}
		if tc.version != "" {
			c.Packages = []imageread.Package{{Manager: "dpkg", Name: "awscli", Version: tc.version, Files: []string{tc.file}}}
		}
		if got := FromContents(c, "x").AWSCLIMajor; got != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.file, tc.version, got, tc.want)
		}
	}
	if inv := FromContents(nil, "x"); inv == nil || inv.Name != "x" || len(inv.Tools) != 0 {
		t.Errorf("nil contents: %+v", inv)
	}
}

// An Amazon Linux 2023 image: rpm's database lists the files, dnf is its manager.
func TestFromContentsRPM(t *testing.T) {
	c := &imageread.Contents{
		Ref: "registry.example/al:2023", Digest: testDigest, OS: "Amazon Linux 2023.6.20241121", OSID: "amzn",
		Path:        []string{"/usr/local/bin", "/usr/bin"},
		Executables: map[string]string{"jq": "/usr/bin/jq", "git": "/usr/bin/git"},
		Packages: []imageread.Package{
			{Manager: "rpm", Name: "jq", Version: "1.6-10.amzn2023.0.2", Files: []string{"/usr/bin/jq"}},
			{Manager: "rpm", Name: "git-core", Version: "2.40.1-1.amzn2023.0.3", Files: []string{"/usr/bin/git"}},
		},
	}
	inv := FromContents(c, "al")
	if g := inv.Tools["git"]; g.Package != "git-core" || g.Version != "2.40.1-1.amzn2023.0.3" ||
		g.Origin != "registry.example/al:2023@sha256:0123456789ab, rpm git-core 2.40.1-1.amzn2023.0.3" {
		t.Errorf("git: %+v", g)
	}
	if inv.PackageManager != "dnf" || inv.OS != "Amazon Linux 2023.6.20241121" {
		t.Errorf("manager %q OS %q", inv.PackageManager, inv.OS)
	}
}
