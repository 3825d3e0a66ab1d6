package install

import (
	"sort"
	"strings"
)

// The package data lives in packages.yaml (the source of truth, with its sources and format in
// its header). packages_gen.go holds the same data as Go literals, so that a run never decodes
// YAML for it (the README's target: one file in under 20 ms); TestGenerated fails when it is stale:
// go test ./internal/install -run TestGenerated -update rewrites it.

// urlEntry is one known download URL prefix.
type urlEntry struct {
	prefix string
	tools  []string
}

// expand returns the entry's tools for host/path hp, replacing "{1}" with the path element
// after the prefix.
func (e urlEntry) expand(hp string) []string {
	out := make([]string, 0, len(e.tools))
	for _, t := range e.tools {
		if t == "{base}" {
			if tool := assetTool(hp[strings.LastIndexByte(hp, '/')+1:]); tool != "" {
				out = append(out, tool)
			}
			continue
		}
		if t == "{1}" {
			p := strings.TrimPrefix(e.prefix, "*.")
			i := strings.Index(hp, p)
			if i < 0 {
				continue
			}
			rest := strings.TrimPrefix(hp[i+len(p):], "/")
			t, _, _ = strings.Cut(rest, "/")
			if t == "" || strings.ContainsAny(t, "${}`") {
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// table is the package data, each list sorted by its keys for binary search. packages_gen.go
// holds it as a package-level literal that the compiler lays out as static data: nothing is
// built at start-up or on first use (a map literal of it cost a one-file run 0.5 ms).
type table struct {
	family   []pair     // manager -> family, by manager
	packages []pkgEntry // manager or family -> lower-case package -> tools, by manager and package
	urls     []urlEntry
	github   []nameTools // lower-case owner/repo -> tools, by name
	assets   []nameTools // lower-case stem -> tools, by name
}

type pair struct{ key, value string }

type pkgEntry struct {
	manager, name string
	tools         []string
}

type nameTools struct {
	name  string
	tools []string
}

// loadData returns the package data.
func loadData() *table { return generated }

// familyOf returns the family of manager, if it has one.
func (t *table) familyOf(manager string) (string, bool) {
	i := sort.Search(len(t.family), func(i int) bool { return t.family[i].key >= manager })
	if i < len(t.family) && t.family[i].key == manager {
		return t.family[i].value, true
	}
	return "", false
}

// pkg returns the tools of manager's (or family's) package name (lower case), if listed.
func (t *table) pkg(manager, name string) ([]string, bool) {
	ps := t.packages
	i := sort.Search(len(ps), func(i int) bool {
		return ps[i].manager > manager || ps[i].manager == manager && ps[i].name >= name
	})
	if i < len(ps) && ps[i].manager == manager && ps[i].name == name {
		return ps[i].tools, true
	}
	return nil, false
}

// lookupTools returns the tools listed for name in a list sorted by name.
func lookupTools(list []nameTools, name string) ([]string, bool) {
	i := sort.Search(len(list), func(i int) bool { return list[i].name >= name })
	if i < len(list) && list[i].name == name {
		return list[i].tools, true
	}
	return nil, false
}

// Tools returns the executables that manager's package pkg provides: the data file's entry for
// the manager, else for its family, else what unknownPackageTools says of an unknown package.
// An entry with no tools (a library) gives nil.
func Tools(manager, pkg string) []string {
	t := loadData()
	lp := strings.ToLower(pkg)
	if tools, ok := t.pkg(manager, lp); ok {
		return tools
	}
	if fam, ok := t.familyOf(manager); ok {
		if tools, ok := t.pkg(fam, lp); ok {
			return tools
		}
	}
	return unknownPackageTools(manager, pkg)
}

// Family returns the family of a manager ("os" for apt-get), or the manager itself.
func Family(manager string) string {
	if f, ok := loadData().familyOf(manager); ok {
		return f
	}
	return manager
}
