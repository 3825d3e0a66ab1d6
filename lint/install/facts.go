package install

import "strings"

// unknownIsTool reports whether an install of a package that packages.yaml does not list counts
// as the install of a tool named like the package. It does where an install of the manager is a
// global install of executables: the OS package managers, npm -g, yarn global, pnpm -g, pipx,
// uv tool, cargo install, go install, dotnet tool install, choco, winget. It does not for pip,
// gem: most of what they install are libraries (requests, argparse, brotli), which a
// build imports rather than runs, so an unknown package there is a dependency, not a tool.
func unknownIsTool(manager string) bool {
	switch manager {
	case "pip", "pip2", "pip3", "gem":
		return false
	}
	return true
}

// unknownPackageTools returns the tools of a package that the data does not list: the package's
// name where unknownIsTool says so, else nil. An RPM capability (dnf-command(config-manager),
// perl(JSON), pkgconfig(zlib)) names what a package provides, not an executable: nil.
func unknownPackageTools(manager, pkg string) []string {
	if isCapability(pkg) || !unknownIsTool(manager) {
		return nil
	}
	return []string{pkg}
}

// isCapability reports whether an OS package word is an RPM capability, name(argument), that
// yum and dnf resolve to the package providing it.
func isCapability(pkg string) bool {
	i := strings.IndexByte(pkg, '(')
	return i > 0 && strings.HasSuffix(pkg, ")")
}

// listsTools reports whether packages.yaml lists manager's (or its family's) package pkg with at
// least one executable: a package the data knows as a tool (lsb-release gives lsb_release) is
// not a repository setup package, whatever its name ends with.
func listsTools(manager, pkg string) bool {
	t := loadData()
	lp := strings.ToLower(pkg)
	if tools, ok := t.pkg(manager, lp); ok {
		return len(tools) > 0
	}
	if fam, ok := t.familyOf(manager); ok {
		if tools, ok := t.pkg(fam, lp); ok {
			return len(tools) > 0
		}
	}
	return false
}

// scriptInstall names what an installer script piped into a shell installs, when the data does
// not know its URL: nothing known. The script's file name (make.sh, setup.sh) or its site's name
// says nothing about the executables it installs, so the install keeps no tools and names the
// script by its host (Installer).
func scriptInstall(in *Install, u string) {
	in.Tools = nil
	in.Installer = urlHost(u)
	in.Package = ""
}

// urlHost returns the host of a URL, lower case, without port or user.
func urlHost(u string) string {
	host, _, _ := strings.Cut(urlHostPath(u), "/")
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return host
}

// OSFamily returns the package format family of an OS package manager: "deb" (apt-get, apt,
// aptitude, dpkg), "rpm" (yum, dnf, microdnf, tdnf, rpm), "apk", "zypper", or "" for any other
// program. Installs fail on an image of another family: Alpine has no apt-get, Ubuntu no yum.
func OSFamily(manager string) string {
	switch strings.ToLower(manager) {
	case "apt-get", "apt", "aptitude", "dpkg":
		return "deb"
	case "yum", "dnf", "microdnf", "tdnf", "rpm", "amazon-linux-extras":
		return "rpm"
	case "apk":
		return "apk"
	case "zypper":
		return "zypper"
	}
	return ""
}

// ranScript records that a downloaded script was run (bash x.sh, ./x.sh): when its URL is not
// a known installer, its file name was only a guess and names no tool (scriptInstall).
func (st *state) ranScript(d *download) {
	if d.guessed && (isScript(d.file) || isScript(urlAsset(d.url))) {
		scriptInstall(d.in, d.url)
		d.guessed = false
	}
}
