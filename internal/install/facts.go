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
	if Family(manager) == "os" {
		if tools, ok := osConvention(strings.ToLower(pkg)); ok {
			return tools
		}
	}
	return []string{pkg}
}

// osConvention reads what an OS package that packages.yaml does not list installs from the
// distributions' naming conventions for versioned runtimes and for packages with nothing to
// run: openjdk-21-jdk-headless and java-21-amazon-corretto-devel give java and javac,
// openjdk-8-jre gives java, python3.11 gives python3.11, golang-1.21-go gives go, php8.2-cli
// gives php, nodejs20 gives node, ruby3.2 gives ruby, postgresql-client-15 gives psql;
// python3.11-venv, python3.8-distutils, fonts-liberation and lib*-dev give nothing. ok is false when no convention
// applies (the package is then named by itself).
func osConvention(p string) ([]string, bool) {
	p = strings.TrimSuffix(p, "-headless")
	hasVersion := func(s string) bool { return s != "" && strings.Trim(s, "0123456789.") == "" }
	cut := func(prefix, suffix string) (string, bool) {
		if !strings.HasPrefix(p, prefix) || !strings.HasSuffix(p, suffix) || len(p) < len(prefix)+len(suffix) {
			return "", false
		}
		v := p[len(prefix) : len(p)-len(suffix)]
		return v, hasVersion(v)
	}
	jdk := []string{"java", "javac"}
	for _, f := range [][2]string{{"openjdk-", "-jdk"}, {"java-", "-openjdk-devel"}, {"java-", "-amazon-corretto-devel"},
		{"temurin-", "-jdk"}, {"zulu", "-jdk"}, {"jdk", ""}, {"jdk-", ""}} {
		if _, ok := cut(f[0], f[1]); ok {
			return jdk, true
		}
	}
	for _, f := range [][2]string{{"openjdk-", "-jre"}, {"java-", "-openjdk"}, {"java-", "-amazon-corretto"}, {"temurin-", "-jre"}} {
		if _, ok := cut(f[0], f[1]); ok {
			return []string{"java"}, true
		}
	}
	switch {
	case p == "default-jdk":
		return jdk, true
	case p == "default-jre":
		return []string{"java"}, true
	case strings.HasPrefix(p, "fonts-") || strings.HasSuffix(p, "-fonts") || strings.HasSuffix(p, "-venv") || strings.HasSuffix(p, "-distutils") || strings.HasSuffix(p, "-lib2to3") ||
		strings.HasSuffix(p, "-dev") || strings.HasSuffix(p, "-devel") || strings.HasSuffix(p, "-doc"):
		return nil, true
	}
	if v, ok := cut("python", ""); ok && strings.Contains(v, ".") {
		return []string{"python" + v}, true // python3.11
	}
	if v, ok := cut("python3", ""); ok && len(v) >= 2 && !strings.Contains(v, ".") {
		return []string{"python3." + v}, true // Amazon Linux's python311
	}
	if _, ok := cut("golang-", "-go"); ok {
		return []string{"go"}, true
	}
	if _, ok := cut("golang-", ""); ok {
		return []string{"go"}, true
	}
	for _, f := range [][2]string{{"php", "-cli"}, {"php", ""}} {
		if _, ok := cut(f[0], f[1]); ok {
			return []string{"php"}, true
		}
	}
	if _, ok := cut("nodejs", ""); ok {
		return []string{"node"}, true
	}
	if _, ok := cut("ruby", ""); ok {
		return []string{"ruby"}, true
	}
	for _, f := range [][2]string{{"postgresql-client-", ""}, {"postgresql", "-client"}, {"postgresql", ""}} {
		if _, ok := cut(f[0], f[1]); ok {
			return []string{"psql"}, true
		}
	}
	return nil, false
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
// aptitude, dpkg), "rpm" (yum, dnf, microdnf, tdnf, rpm, amazon-linux-extras), "apk",
// "zypper", or "" for any other program (brew and snap included: no distribution's own).
// Installs fail on an image of another family: Alpine has no apt-get, Ubuntu no yum.
func OSFamily(manager string) string {
	m := strings.ToLower(manager)
	if om, ok := osManagers[m]; ok {
		return om.format
	}
	return packageTools[m]
}

// ranScript records that a downloaded script was run (bash x.sh, ./x.sh): when its URL is not
// a known installer, its file name was only a guess and names no tool (scriptInstall).
func (st *state) ranScript(d *download) {
	if d.guessed && (isScript(d.file) || isScript(urlAsset(d.url))) {
		scriptInstall(d.in, d.url)
		d.guessed = false
	}
}

// conventionVersion returns the runtime version that a versioned OS package's name chooses
// (openjdk-21-jdk: 21, python3.12: 3.12, python311: 3.11, golang-1.22-go: 1.22, php8.3-cli: 8.3,
// nodejs20: 20, ruby3.2: 3.2), or "" for any other package.
func conventionVersion(pkg string) string {
	p := strings.ToLower(pkg)
	tools, ok := osConvention(p)
	if !ok || len(tools) == 0 || tools[0] == "psql" {
		return ""
	}
	start := strings.IndexAny(p, "0123456789")
	if start < 0 {
		return ""
	}
	end := start
	for end < len(p) && (p[end] >= '0' && p[end] <= '9' || p[end] == '.') {
		end++
	}
	v := strings.Trim(p[start:end], ".")
	if strings.HasPrefix(p, "python3") && !strings.Contains(v, ".") && len(v) >= 2 {
		v = v[:1] + "." + v[1:] // python311
	}
	return v
}
