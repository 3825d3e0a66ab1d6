package inventory

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// FromContents returns the inventory of an image read itself (imageread.Read), named name: its
// executables on PATH are its tools, each with the package that owns its file (apk and dpkg
// list their files) and that package's version, or a version its path states
// (/opt/node-v20.11.0-linux-x64/bin/node); BusyBox applets are package "busybox", the stand-ins
// that builds replace on purpose. Tools cite the image by reference and short digest, and the
// package: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci:2026-11@sha256:0123456789ab, apk jq
// 1.7.1-r0". It is a custom image: CodeBuild runs it with its own entrypoint, so nothing starts
// dockerd (as for an image a Dockerfile builds) and runtime-versions does not apply.
func FromContents(c *imageread.Contents, name string) *image.Inventory {
	inv := &image.Inventory{
		Name: name, Tools: map[string]*image.Tool{}, Dockerd: image.DockerdManual, Custom: true,
	}
	if c == nil {
		return inv
	}
	inv.Ref = c.Ref
	inv.OS = osName(c)
	inv.Notes = append([]string(nil), c.Notes...)
	cite := citeImage(c.Ref, c.Digest)
	owners := fileOwners(c.Packages)
	names := make([]string, 0, len(c.Executables))
	for n := range c.Executables {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		file := c.Executables[n]
		t := &image.Tool{Name: n, Origin: cite + ", " + file}
		switch pkg := ownerOf(owners, c.Path, n, file); {
		case c.Applets[n]:
			t.Package, t.Origin = "busybox", cite+", busybox applet"
		case pkg != nil:
			t.Package, t.Version = pkg.Name, pkg.Version
			t.Origin = strings.TrimSpace(cite + ", " + pkg.Manager + " " + pkg.Name + " " + pkg.Version)
		default:
			t.Version = versionInPath(n, file)
		}
		addTool(inv, t)
		if n == "aws" {
			inv.AWSCLIMajor = awsMajor(t.Version, file)
		}
	}
	inv.PackageManager = packageManager(c)
	return inv
}

// citeImage names an image for messages: its reference with a short digest (12 hex digits),
// "registry/ci:2026-11@sha256:0123456789ab"; a digest the reference already has is shortened.
func citeImage(ref, digest string) string {
	short := func(d string) string {
		if algo, hex, ok := strings.Cut(d, ":"); ok && len(hex) > 12 {
			return algo + ":" + hex[:12]
		}
		return d
	}
	if i := strings.LastIndex(ref, "@sha256:"); i >= 0 {
		return ref[:i] + "@" + short(ref[i+1:])
	}
	if digest == "" {
		return ref
	}
	if ref == "" {
		return short(digest)
	}
	return ref + "@" + short(digest)
}

// fileOwners maps each file that a package lists to the package, under its path and, for a
// merged /usr (where /bin is /usr/bin), under its other name too: dpkg lists /bin/bash where
// the file resolves to /usr/bin/bash.
func fileOwners(pkgs []imageread.Package) map[string]*imageread.Package {
	out := map[string]*imageread.Package{}
	for i := range pkgs {
		p := &pkgs[i]
		for _, f := range p.Files {
			for _, k := range []string{f, usrMerged(f)} {
				if _, ok := out[k]; !ok {
					out[k] = p
				}
			}
		}
	}
	return out
}

// usrMerged returns the other name of a file in a merged /usr: /bin/x is /usr/bin/x and back.
func usrMerged(f string) string {
	for _, d := range []string{"/bin/", "/sbin/", "/lib/"} {
		if strings.HasPrefix(f, d) {
			return "/usr" + f
		}
		if strings.HasPrefix(f, "/usr"+d) {
			return strings.TrimPrefix(f, "/usr")
		}
	}
	return f
}

// ownerOf returns the package that owns the executable name found at file (its symbolic links
// resolved), or else the file on PATH that PATH finds (a link that a package owns while the
// file it leads to is another's, or none's), or nil.
func ownerOf(owners map[string]*imageread.Package, pathDirs []string, name, file string) *imageread.Package {
	if p := owners[file]; p != nil {
		return p
	}
	for _, d := range pathDirs {
		if p := owners[path.Join(d, name)]; p != nil {
			return p
		}
	}
	return nil
}

// versionInPath returns a version that an executable's path states: a directory or file name
// with a version after a separator (/opt/node-v20.11.0-linux-x64/bin/node,
// /usr/local/terraform_1.9.5/terraform), or a file name that is the executable's name with a
// version (python3 found at /usr/bin/python3.12); "" when none does.
func versionInPath(name, file string) string {
	if v := versionInURL(file); v != "" {
		return v
	}
	base := path.Base(file)
	stem := strings.TrimRight(name, "0123456789.")
	if stem == "" || !strings.HasPrefix(base, stem) || base == name {
		return ""
	}
	rest := strings.TrimLeft(base[len(stem):], "-_")
	if strings.Contains(rest, ".") && versionRE().MatchString(rest) {
		return strings.TrimPrefix(rest, "v")
	}
	return ""
}

// awsMajor says which AWS CLI the image's aws is: its version's major, or the v1 or v2 in its
// path (/usr/local/aws-cli/v2/current/bin/aws); 0 when unknown.
func awsMajor(version, file string) int {
	v := strings.TrimPrefix(version, "v")
	if _, after, ok := strings.Cut(v, ":"); ok {
		v = after // a Debian epoch
	}
	if i := strings.IndexAny(v, ".-"); i > 0 {
		v = v[:i]
	}
	switch v {
	case "1":
		return 1
	case "2":
		return 2
	}
	for _, part := range strings.Split(file, "/") {
		switch part {
		case "v1":
			return 1
		case "v2":
			return 2
		}
	}
	return 0
}

// osName is the image's OS as messages name it: os-release's PRETTY_NAME, with Alpine's
// "v3.20" written as the other inventories write it ("Alpine Linux 3.20").
func osName(c *imageread.Contents) string {
	if c.OSID == "alpine" {
		return strings.Replace(c.OS, " v3.", " 3.", 1)
	}
	return c.OS
}

// packageManager is the image's OS package manager: by its os-release ID (and version, where
// the distribution changed managers), else by the package database it has, else by the
// package managers on its PATH.
func packageManager(c *imageread.Contents) string {
	major := 0
	if f := strings.FieldsFunc(c.OS, func(r rune) bool { return r < '0' || r > '9' }); len(f) > 0 {
		major, _ = strconv.Atoi(f[0])
	}
	switch strings.ToLower(c.OSID) {
	case "alpine", "wolfi", "chainguard":
		return "apk"
	case "debian", "ubuntu":
		return "apt-get"
	case "amzn":
		if major == 2 {
			return "yum"
		}
		return "dnf"
	case "rhel", "centos", "rocky", "almalinux", "ol":
		if major > 0 && major < 8 {
			return "yum"
		}
		return "dnf"
	case "fedora":
		return "dnf"
	case "mariner", "azurelinux":
		return "tdnf"
	case "opensuse-leap", "opensuse-tumbleweed", "sles":
		return "zypper"
	}
	for _, p := range c.Packages {
		switch p.Manager {
		case "apk":
			return "apk"
		case "dpkg":
			return "apt-get"
		}
	}
	for _, m := range []string{"apt-get", "dnf", "microdnf", "yum", "apk", "zypper", "tdnf"} {
		if _, ok := c.Executables[m]; ok {
			return m
		}
	}
	return ""
}
