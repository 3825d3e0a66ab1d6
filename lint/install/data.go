package install

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// packagesYAML maps (manager, package) to the executables the package provides; see its header
// for the format and the sources.
//
//go:embed packages.yaml
var packagesYAML []byte

type dataFile struct {
	// Families group managers that share package names ("os": apt, yum, apk, ...).
	Families map[string][]string `yaml:"families"`
	// Packages: manager or family -> package -> tools.
	Packages map[string]map[string][]string `yaml:"packages"`
	// URLs: host/path prefix of a download or installer script -> tools ("{1}": the first path
	// element after the prefix).
	URLs map[string][]string `yaml:"urls"`
	// GitHub: owner/repo of a release download or raw script -> tools.
	GitHub map[string][]string `yaml:"github"`
	// Assets: a downloaded file's stem (name without archive extension) or guessed tool -> tools.
	Assets map[string][]string `yaml:"assets"`
}

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

func loadData() *table {
	loadOnce.Do(func() {
		t, err := parseData(packagesYAML)
		if err != nil {
			panic(fmt.Sprintf("install: embedded packages.yaml: %v", err))
		}
		data = t
	})
	return data
}

func parseData(b []byte) (*table, error) {
	var df dataFile
	if err := yaml.Unmarshal(b, &df); err != nil {
		return nil, err
	}
	t := &table{family: map[string]string{}, packages: map[string]map[string][]string{}}
	for fam, ms := range df.Families {
		for _, m := range ms {
			if prev, ok := t.family[m]; ok {
				return nil, fmt.Errorf("manager %s is in families %s and %s", m, prev, fam)
			}
			t.family[m] = fam
		}
	}
	for m, pkgs := range df.Packages {
		mp := map[string][]string{}
		for p, tools := range pkgs {
			lp := strings.ToLower(p)
			if _, dup := mp[lp]; dup {
				return nil, fmt.Errorf("%s package %s is listed twice", m, p)
			}
			mp[lp] = tools
		}
		t.packages[m] = mp
	}
	for p, tools := range df.URLs {
		t.urls = append(t.urls, urlEntry{prefix: strings.ToLower(p), tools: tools})
	}
	t.github = lowerKeys(df.GitHub)
	t.assets = lowerKeys(df.Assets)
	return t, nil
}

func lowerKeys(m map[string][]string) map[string][]string {
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
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
