package imageread

import (
	"bytes"
	"path"
	"sort"
	"strconv"
	"strings"
)

// The package databases read, by path in the image.
const (
	apkInstalled = "/lib/apk/db/installed"
	dpkgStatus   = "/var/lib/dpkg/status"
	dpkgStatusD  = "/var/lib/dpkg/status.d/" // distroless: one file per package
	dpkgInfo     = "/var/lib/dpkg/info/"     // NAME.list or NAME:ARCH.list: each package's files
)

// rpmSQLite are the paths of rpm's SQLite database (Fedora 33+, RHEL 9, Amazon Linux 2023) and
// rpmBerkeley those of its BerkeleyDB one (Amazon Linux 2, CentOS 7, RHEL 8), which are read;
// rpmOther those of its NDB database (openSUSE), whose content is not read (see packages).
var (
	rpmSQLite   = []string{"/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite"}
	rpmBerkeley = []string{"/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/Packages"}
	rpmOther    = []string{"/var/lib/rpm/Packages.db", "/usr/lib/sysimage/rpm/Packages.db"}
)

// maxPackages bounds the packages read from one image: real images have a few thousand, and a
// hostile database of a million tiny records must not become a million packages.
const maxPackages = 100_000

// maxPackageFiles bounds the files on bin directories kept for all the packages together.
const maxPackageFiles = 1_000_000

// NoteRPM says that an image's rpm database (an NDB one) was not read.
const NoteRPM = "the rpm database is not read: only the executables on PATH are known"

// isPackageDB reports whether path is a package database file whose content packages reads:
// apk's installed, dpkg's status, a distroless status.d file, dpkg's file lists (info/*.list,
// for the packages' executables) and rpm's SQLite and BerkeleyDB databases. rpm's NDB database
// is not among them: its content is not read (only its presence is noted), so it is never held
// in memory.
func isPackageDB(p string) bool {
	switch p {
	case apkInstalled, dpkgStatus, rpmSQLite[0], rpmSQLite[1], rpmBerkeley[0], rpmBerkeley[1]:
		return true
	}
	dir, file := path.Split(p)
	switch dir {
	case dpkgStatusD:
		return file != "" && !strings.HasSuffix(file, ".md5sums")
	case dpkgInfo:
		return len(file) > len(".list") && strings.HasSuffix(file, ".list")
	}
	return false
}

// packages reads the package databases of a flattened image: Alpine's apk installed, dpkg's
// status (and status.d) and rpm's SQLite and BerkeleyDB databases, with each package's files on
// bin directories; rpm's NDB database is noted, not read. Every parser reads its input once and
// keeps at most maxPackages packages; notes say what could not be read.
func packages(t *Tree, lim Limits) ([]Package, []string) {
	if t == nil {
		return nil, nil
	}
	var out []Package
	var notes []string
	budget := &pkgBudget{packages: maxPackages, files: maxPackageFiles}
	if data, ok := dbData(t, apkInstalled, &notes); ok {
		out = append(out, parseAPK(data, budget)...)
	}
	var dpkg []dpkgRecord
	if data, ok := dbData(t, dpkgStatus, &notes); ok {
		dpkg = append(dpkg, parseDpkg(data, true, budget)...)
	}
	var statusD []string
	for p := range t.Entries {
		if dir, file := path.Split(p); dir == dpkgStatusD && isPackageDB(p) && file != "" {
			statusD = append(statusD, p)
		}
	}
	sort.Strings(statusD)
	for _, p := range statusD {
		if data, ok := dbData(t, p, &notes); ok {
			dpkg = append(dpkg, parseDpkg(data, false, budget)...)
		}
	}
	for _, r := range dpkg {
		r.pkg.Files = dpkgFiles(t, r.pkg.Name, r.arch, budget)
		out = append(out, r.pkg)
	}
	rpmRead := false
	for _, p := range rpmSQLite {
		if rpmRead {
			break // one database is the image's (/var/lib/rpm may be a copy of the other)
		}
		data, ok := dbData(t, p, &notes)
		if !ok {
			continue
		}
		pkgs, err := parseRPMSQLite(data, budget)
		if err != nil {
			notes = append(notes, "the rpm database "+p+" could not be read ("+err.Error()+"): only the executables on PATH are known")
			continue
		}
		out = append(out, pkgs...)
		rpmRead = true
		// rpm writes through a write-ahead log; one left with content holds changes the
		// database file does not have yet.
		if w := t.Entries[p+"-wal"]; w != nil && w.Size > 0 {
			notes = append(notes, "the rpm database "+p+" has changes in its write-ahead log that are not read: packages installed last may be missing")
		}
	}
	for _, p := range rpmBerkeley {
		if rpmRead {
			break
		}
		data, ok := dbData(t, p, &notes)
		if !ok {
			continue
		}
		pkgs, err := parseRPMBerkeley(data, budget)
		if err != nil {
			notes = append(notes, "the rpm database "+p+" could not be read ("+err.Error()+"): only the executables on PATH are known")
			continue
		}
		out = append(out, pkgs...)
		rpmRead = true
	}
	for _, p := range rpmOther {
		if t.Entries[p] != nil && !rpmRead {
			notes = append(notes, NoteRPM)
			break
		}
	}
	if budget.packages < 0 {
		notes = append(notes, "the package databases list more than "+strconv.Itoa(maxPackages)+" packages: only the first are known")
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Manager != out[j].Manager {
			return out[i].Manager < out[j].Manager
		}
		return out[i].Name < out[j].Name
	})
	return out, notes
}

// pkgBudget counts down what the parsers may still keep.
type pkgBudget struct{ packages, files int }

// take reports whether one more package may be kept.
func (b *pkgBudget) take() bool {
	b.packages--
	return b.packages >= 0
}

// dbData returns the content of the package database at p, following a symbolic link inside
// the image; ok is false when the image has no such file. A file that is there but whose
// content was not read adds a note.
func dbData(t *Tree, p string, notes *[]string) ([]byte, bool) {
	e := t.Entries[p]
	if e == nil {
		return nil, false
	}
	if e.Link != "" || e.Hardlink != "" {
		if r := t.Resolve(p); r != nil {
			e = r
		}
	}
	if !e.Mode.IsRegular() && e.Mode != 0 {
		return nil, false
	}
	if e.Size > 0 && len(e.Data) == 0 {
		*notes = append(*notes, "the package database "+p+" is not read: only the executables on PATH are known")
		return nil, false
	}
	return e.Data, true
}

// lines calls f with each line of data (without its line break), in order, until f returns
// false.
func lines(data []byte, f func(line []byte) bool) {
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		var l []byte
		if i < 0 {
			l, data = data, nil
		} else {
			l, data = data[:i], data[i+1:]
		}
		if !f(bytes.TrimSuffix(l, []byte{'\r'})) {
			return
		}
	}
}

// parseAPK reads Alpine's /lib/apk/db/installed: a paragraph per package, each line a field
// letter, a colon and its value: P: the name, V: the version, F: a directory (relative to /),
// R: a file in the last F: directory
// (https://wiki.alpinelinux.org/wiki/Apk_spec#Installed_Database_V2).
func parseAPK(data []byte, budget *pkgBudget) []Package {
	var out []Package
	var cur *Package
	dir := ""
	lines(data, func(l []byte) bool {
		if len(l) == 0 {
			cur, dir = nil, ""
			return true
		}
		if len(l) < 2 || l[1] != ':' {
			return true
		}
		val := string(l[2:])
		if cur == nil {
			if l[0] != 'P' && l[0] != 'V' && l[0] != 'F' && l[0] != 'R' {
				return true // a field that no paragraph needs is kept nowhere
			}
			if !budget.take() {
				return false
			}
			out = append(out, Package{Manager: "apk"})
			cur = &out[len(out)-1]
		}
		switch l[0] {
		case 'P':
			cur.Name = val
		case 'V':
			cur.Version = val
		case 'F':
			dir = val
		case 'R':
			if p := path.Clean("/" + dir + "/" + val); isBinFile(p) && budget.files > 0 {
				budget.files--
				cur.Files = append(cur.Files, p)
			}
		}
		return true
	})
	return named(out)
}

// parseDpkg reads a dpkg status file (or a distroless status.d file): paragraphs of
// "Field: value" lines, continuation lines starting with a blank. A package counts when its
// Status says it is installed ("install ok installed", "hold ok installed"); a status.d file
// (status false) lists installed packages and may have no Status.
func parseDpkg(data []byte, status bool, budget *pkgBudget) []dpkgRecord {
	var out []dpkgRecord
	var name, version, arch, state string
	hasStatus := false
	flush := func() bool {
		installed := hasStatus && isInstalled(state) || !hasStatus && !status
		if name != "" && installed {
			if !budget.take() {
				return false
			}
			out = append(out, dpkgRecord{Package{Manager: "dpkg", Name: name, Version: version}, arch})
		}
		name, version, arch, state, hasStatus = "", "", "", "", false
		return true
	}
	ok := true
	lines(data, func(l []byte) bool {
		if len(bytes.TrimSpace(l)) == 0 {
			ok = flush()
			return ok
		}
		if l[0] == ' ' || l[0] == '\t' {
			return true // a continuation line: no field read here has one
		}
		k, v, found := bytes.Cut(l, []byte{':'})
		if !found {
			return true
		}
		v = bytes.TrimSpace(v)
		switch string(k) {
		case "Package":
			name = string(v)
		case "Version":
			version = string(v)
		case "Architecture":
			arch = string(v)
		case "Status":
			state, hasStatus = string(v), true
		}
		return true
	})
	if ok {
		flush()
	}
	return out
}

// isInstalled reports whether a dpkg Status value ("want flag state") says the package's files
// are on disk: the state is "installed" and the flag "ok" (a package held or selected for
// removal is still installed).
func isInstalled(status string) bool {
	f := strings.Fields(status)
	return len(f) == 3 && f[1] == "ok" && f[2] == "installed"
}

// dpkgRecord is a dpkg package with its architecture, which names the file list of a
// multi-arch package (NAME:ARCH.list).
type dpkgRecord struct {
	pkg  Package
	arch string
}

// dpkgFiles returns the files on bin directories of the dpkg package name from its file list,
// /var/lib/dpkg/info/NAME.list or NAME:ARCH.list.
func dpkgFiles(t *Tree, name, arch string, budget *pkgBudget) []string {
	if name == "" || strings.ContainsAny(name, "/\x00") {
		return nil
	}
	e := t.Entries[dpkgInfo+name+".list"]
	if e == nil && arch != "" {
		e = t.Entries[dpkgInfo+name+":"+arch+".list"]
	}
	if e == nil {
		return nil
	}
	var files []string
	lines(e.Data, func(l []byte) bool {
		if len(l) == 0 || l[0] != '/' {
			return true
		}
		p := path.Clean(string(l))
		if !isBinFile(p) {
			return true
		}
		if budget.files <= 0 {
			return false
		}
		budget.files--
		files = append(files, p)
		return true
	})
	return files
}

// isBinFile reports whether p is a file in a bin or sbin directory (/usr/bin/jq,
// /usr/lib/jvm/java-17/bin/java): where executables that PATH finds live.
func isBinFile(p string) bool {
	dir := path.Dir(p)
	b := path.Base(dir)
	return (b == "bin" || b == "sbin") && path.Base(p) != b
}

// named drops the packages that have no name (a paragraph of other fields only).
func named(pkgs []Package) []Package {
	out := pkgs[:0]
	for _, p := range pkgs {
		if p.Name != "" {
			out = append(out, p)
		}
	}
	return out
}
