package imageread

import (
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// contents reads a flattened image's executables on path (symbolic links resolved inside the
// image), its BusyBox applets and its os-release.
//
// An executable is a regular file with an execute bit, found in a directory of path as a file
// or as a link to one; it is named by the path it is found at ("/usr/local/bin/jq", the PATH
// directory's, even when that directory or the file is a link), the first directory of path
// winning, as for a shell. An applet is an executable that is BusyBox: a link to a file named
// busybox, a hard link to /bin/busybox or the same file.
func contents(t *Tree, dirs []string) *Contents {
	out := &Contents{Path: dirs, Executables: map[string]string{}, Applets: map[string]bool{}}
	if t == nil {
		return out
	}
	// Each PATH directory's real directory (its links followed), and the names in it, found in
	// one pass over the tree.
	realDir := make([]string, len(dirs))
	names := map[string][]string{}
	for i, d := range dirs {
		if !strings.HasPrefix(d, "/") {
			continue // a relative PATH directory depends on the working directory
		}
		p, e, err := t.resolve(d, true)
		if err != nil || (e != nil && !e.Mode.IsDir()) {
			continue
		}
		realDir[i] = p
		names[p] = nil
	}
	for p := range t.Entries {
		if p == "/" {
			continue
		}
		dir, base := path.Split(p)
		if dir != "/" {
			dir = dir[:len(dir)-1]
		}
		if list, ok := names[dir]; ok {
			names[dir] = append(list, base)
		}
	}
	busybox := t.Resolve("/bin/busybox")
	for i, d := range dirs {
		if realDir[i] == "" {
			continue
		}
		list := names[realDir[i]]
		slices.Sort(list)
		for _, n := range list {
			if _, ok := out.Executables[n]; ok {
				continue
			}
			e := t.Resolve(realDir[i] + "/" + n)
			if e == nil || !e.Mode.IsRegular() || e.Mode.Perm()&0o111 == 0 {
				continue
			}
			out.Executables[n] = path.Join(d, n)
			if n != "busybox" && (path.Base(e.Path) == "busybox" || (busybox != nil && e == busybox)) {
				out.Applets[n] = true
			}
		}
	}
	out.OS, out.OSID = osRelease(t)
	return out
}

// isOSRelease reports whether path is an os-release file (/etc/os-release, /usr/lib/os-release).
func isOSRelease(path string) bool { return path == "/etc/os-release" || path == "/usr/lib/os-release" }

// osRelease reads the image's os-release (/etc/os-release, else /usr/lib/os-release, as
// os-release(5) says): its PRETTY_NAME (else NAME) and ID.
func osRelease(t *Tree) (pretty, id string) {
	for _, p := range []string{"/etc/os-release", "/usr/lib/os-release"} {
		e := t.Resolve(p)
		if e == nil || e.Data == nil {
			continue
		}
		vars := parseOSRelease(string(e.Data))
		pretty = vars["PRETTY_NAME"]
		if pretty == "" {
			pretty = vars["NAME"]
		}
		return pretty, strings.ToLower(vars["ID"])
	}
	return "", ""
}

// parseOSRelease reads os-release's KEY=VALUE lines, values unquoted as a shell would ('...',
// "..." with backslash escapes, or bare); control characters are dropped, so that a value can
// be printed.
func parseOSRelease(s string) map[string]string {
	out := map[string]string{}
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || k == "" {
			continue
		}
		out[k] = capValue(unquote(v))
	}
	return out
}

// maxOSValue bounds an os-release value: the image's name goes into findings' messages, and a
// hostile image's could be as large as the file.
const maxOSValue = 256

// capValue returns v, cut to maxOSValue bytes between characters.
func capValue(v string) string {
	if len(v) <= maxOSValue {
		return v
	}
	n := maxOSValue
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return v[:n]
}

// unquote is a shell word's value: quotes removed, backslash escapes applied in double quotes
// and outside quotes, control characters dropped.
func unquote(v string) string {
	var b strings.Builder
	var quote rune
	esc := false
	for _, r := range v {
		switch {
		case esc:
			esc = false
		case quote == '\'' && r == '\'', quote == '"' && r == '"':
			quote = 0
			continue
		case quote == 0 && (r == '\'' || r == '"'):
			quote = r
			continue
		case quote != '\'' && r == '\\':
			esc = true
			continue
		}
		if unicode.IsControl(r) {
			continue
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}
