package install

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
)

// osOptArgs are the options of OS package managers that take the next word as their value.
var osOptArgs = map[string]bool{
	// apt-get, apt
	"-o": true, "-c": true, "-t": true, "--target-release": true, "--option": true, "--config-file": true,
	// yum, dnf, microdnf, tdnf
	"--enablerepo": true, "--disablerepo": true, "--setopt": true, "--releasever": true,
	"--installroot": true, "--repo": true, "--repoid": true, "--exclude": true, "-x": true,
	"--disableplugin": true, "--enableplugin": true, "-R": true, "--color": true,
	// apk
	"--virtual": true, "-X": true, "--repository": true, "--root": true, "-p": true,
	"--repositories-file": true, "--arch": true, "--cache-dir": true, "--keys-dir": true,
	// zypper
	"--from": true, "-r": true, "--type": true,
}

// osPackages recognises `apt-get install`, `yum install`, `apk add`, ... and remembers
// `apt-get update` (and `apk update`, `yum makecache`) as related to the next install.
func osPackages(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	mgr := strings.ToLower(c.Name())
	verbs := osManagers[mgr].verbs
	// Find the subcommand: the first word that is not an option (or an option's value).
	i := 0
	for i < len(args) {
		v := args[i].Value
		if strings.HasPrefix(v, "-") {
			if osOptArgs[v] || yumValueOpt(mgr, v) {
				i++
			}
			i++
			continue
		}
		break
	}
	if i >= len(args) {
		return nil
	}
	verb := args[i].Value
	switch verb {
	case "update", "makecache", "check-update":
		st.updates[Family(mgr)] = append(st.updates[Family(mgr)], c.Range())
		return nil
	case "module":
		st.moduleStreams(args[i+1:])
		return nil
	}
	ok := false
	for _, v := range verbs {
		if verb == v {
			ok = true
		}
	}
	if !ok {
		return nil
	}
	var out []*Install
	for j := i + 1; j < len(args); j++ {
		w := args[j]
		v := w.Value
		if strings.HasPrefix(v, "-") {
			name, _, hasEq := strings.Cut(v, "=")
			if (osOptArgs[name] || yumValueOpt(mgr, name)) && !hasEq {
				j++
			}
			continue
		}
		v, ok := pinned(w)
		if !ok || v == "" {
			continue
		}
		if st.installedFile(c, v) {
			continue // apt-get install ./downloaded-tool.deb
		}
		pkg, ver := splitOSVersion(mgr, v)
		if i := strings.Index(pkg, "-$"); i > 0 {
			pkg, ver = pkg[:i], pkg[i+1:] // terraform-${TF_VERSION}
		}
		if pkg == "" || hasExpansion(pkg) {
			continue
		}
		if isRepoSetup(pkg) && !listsTools(mgr, pkg) {
			// a package source (epel-release, packages-microsoft-prod): part of the install
			// it serves, like apt-get update.
			st.updates[Family(mgr)] = append(st.updates[Family(mgr)], c.Range())
			continue
		}
		if ver == "" {
			ver = conventionVersion(pkg) // openjdk-21-jdk, python3.12, php8.3-cli: the name chooses
		}
		if ver == "" {
			ver = st.repoVersions[strings.ToLower(pkg)] // nodejs after NodeSource's setup_20.x
		}
		in := newInstall(mgr, pkg, ver, w, c)
		if isLibrary(mgr, pkg) {
			in.Tools = nil
		}
		out = append(out, in)
	}
	if len(out) > 0 {
		// An update right before the install belongs to it: deleting the install deletes it too.
		if ups := st.updates[Family(mgr)]; len(ups) > 0 {
			for _, in := range out {
				in.Related = append(in.Related, ups...)
			}
			delete(st.updates, Family(mgr))
		}
	}
	return out
}

// splitOSVersion splits a package word into name and pinned version: `jq=1.6-2` (apt, apk),
// `jq~1.6`, `jq>=1.6` (apk), `jq-1.6` is left whole (yum names may contain dashes and digits).
// Local package files and URLs (`./x.deb`, `https://.../x.rpm`) give their base name without
// the extension and version.
func splitOSVersion(mgr, v string) (pkg, ver string) {
	if strings.Contains(v, "/") || strings.HasSuffix(v, ".deb") || strings.HasSuffix(v, ".rpm") || strings.HasSuffix(v, ".apk") {
		if !strings.HasSuffix(v, ".deb") && !strings.HasSuffix(v, ".rpm") && !strings.HasSuffix(v, ".apk") {
			// apt's pkg/release: the release is not a version.
			if mgr == "apt-get" || mgr == "apt" || mgr == "aptitude" {
				if i := strings.IndexByte(v, '/'); i > 0 && !strings.Contains(v, "://") {
					return splitOSVersion(mgr, v[:i])
				}
			}
			return "", ""
		}
		base := v[strings.LastIndexAny(v, "/")+1:]
		base = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(base, ".deb"), ".rpm"), ".apk")
		// name_1.2_amd64 (deb) or name-1.2-3.x86_64 (rpm): cut at the first separator before a digit.
		for i := 1; i < len(base); i++ {
			if (base[i-1] == '_' || base[i-1] == '-') && base[i] >= '0' && base[i] <= '9' {
				return base[:i-1], ""
			}
		}
		return base, ""
	}
	for _, sep := range []string{"==", ">=", "<=", "=", "~", ">", "<"} {
		if i := strings.Index(v, sep); i > 0 {
			return strings.TrimSuffix(v[:i], ":"), strings.TrimLeft(v[i:], "=~<>")
		}
	}
	if i := strings.IndexByte(v, ':'); i > 0 && (mgr == "apt-get" || mgr == "apt") {
		v = v[:i] // pkg:arch
	}
	if Family(mgr) == "os" && (mgr == "yum" || mgr == "dnf" || mgr == "microdnf" || mgr == "tdnf" || mgr == "zypper") {
		// name-version[-release]: jq-1.6, nodejs-18.12.0-1.el8; java-17-amazon-corretto is a name.
		for i := 1; i+1 < len(v); i++ {
			if v[i] == '-' && v[i+1] >= '0' && v[i+1] <= '9' && rpmVersion(v[i+1:]) {
				return v[:i], v[i+1:]
			}
		}
	}
	return v, ""
}

// rpmVersion reports whether s is version[-release]: digits and dots with at least one dot,
// then optionally a dash and a release (1.el8, 2.amzn2).
func rpmVersion(s string) bool {
	ver, rel, _ := strings.Cut(s, "-")
	if !isVersion(ver) {
		return false
	}
	for _, r := range rel {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}

// isLibrary reports whether an OS package is a library or headers that installs no command a
// build calls (libssl-dev, openssl-devel, python3-dev): their names say so.
func isLibrary(mgr, pkg string) bool {
	p := strings.ToLower(pkg)
	if tools, ok := loadData().pkg(mgr, p); ok {
		return len(tools) == 0
	}
	if tools, ok := loadData().pkg("os", p); ok {
		return len(tools) == 0
	}
	if tools, ok := osConvention(p); ok {
		return len(tools) == 0 // java-21-amazon-corretto-devel is a JDK
	}
	return strings.HasSuffix(p, "-dev") || strings.HasSuffix(p, "-devel") || strings.HasSuffix(p, "-headers") ||
		strings.HasSuffix(p, "-libs") || strings.HasSuffix(p, "-doc") || strings.HasPrefix(p, "lib")
}

// isRepoSetup reports whether an OS package only adds a package source or its keys: release
// packages (epel-release, centos-release-scl, mysql80-community-release-el7), repo and
// keyring packages, Microsoft's packages-microsoft-prod.
func isRepoSetup(pkg string) bool {
	p := strings.ToLower(pkg)
	return strings.HasSuffix(p, "-release") || strings.Contains(p, "-release-") ||
		strings.HasSuffix(p, "-repo") || strings.Contains(p, "-repo-") ||
		strings.HasSuffix(p, "-keyring") || strings.HasPrefix(p, "packages-microsoft-")
}

// yumValueOpt reports the yum and dnf options whose value is the next word (-e 0, -d 0).
func yumValueOpt(mgr, opt string) bool {
	switch mgr {
	case "yum", "dnf", "microdnf", "tdnf":
		return opt == "-e" || opt == "-d" || opt == "--errorlevel" || opt == "--debuglevel"
	}
	return false
}

// moduleStreams reads the arguments of `dnf module enable nodejs:20` (or `module install`):
// the stream chooses the version that a later install of the package gets, as a NodeSource
// setup script does.
func (st *state) moduleStreams(args []*buildspec.Word) {
	sub := ""
	for _, a := range args {
		v := a.Value
		if strings.HasPrefix(v, "-") {
			continue
		}
		if sub == "" {
			sub = v
			continue
		}
		if sub != "enable" && sub != "install" && sub != "switch-to" {
			return
		}
		name, stream, ok := strings.Cut(v, ":")
		if stream, _, _ = strings.Cut(stream, "/"); ok && name != "" && stream != "" {
			if st.repoVersions == nil {
				st.repoVersions = map[string]string{}
			}
			st.repoVersions[strings.ToLower(name)] = stream
		}
	}
}
