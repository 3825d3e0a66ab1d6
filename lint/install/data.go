package install

import (
	"strings"
	"sync"
)

// The package data lives in packages.yaml (the source of truth, with its sources and format in
// its header). packages_gen.go holds the same data as Go literals, so that a run never decodes
// YAML for it (issue 7: one file in under 20 ms); TestGenerated fails when it is stale:
// go test ./lint/install -run TestGenerated -update rewrites it.

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

type table struct {
	family   map[string]string              // manager -> family
	packages map[string]map[string][]string // manager or family -> lower-case package -> tools
	urls     []urlEntry
	github   map[string][]string // lower-case owner/repo -> tools
	assets   map[string][]string // lower-case stem -> tools
}

var (
	loadOnce sync.Once
	data     *table
)

// loadData returns the package data, built on first use from the generated literals.
func loadData() *table {
	loadOnce.Do(func() { data = generatedTable() })
	return data
}

// Tools returns the executables that manager's package pkg provides: the data file's entry for
// the manager, else for its family, else the package name itself. An entry with no tools (a
// library) gives nil.
func Tools(manager, pkg string) []string {
	t := loadData()
	lp := strings.ToLower(pkg)
	if tools, ok := t.packages[manager][lp]; ok {
		return tools
	}
	if fam, ok := t.family[manager]; ok {
		if tools, ok := t.packages[fam][lp]; ok {
			return tools
		}
	}
	return []string{pkg}
}

// Family returns the family of a manager ("os" for apt-get), or the manager itself.
func Family(manager string) string {
	if f, ok := loadData().family[manager]; ok {
		return f
	}
	return manager
}
