package install

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite packages_gen.go from packages.yaml")

// TestGenerated fails when packages_gen.go does not hold what packages.yaml says: edit
// packages.yaml, then run go test ./internal/install -run TestGenerated -update.
func TestGenerated(t *testing.T) {
	src, err := os.ReadFile("packages.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := parseData("packages.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	want, err := generateGo(tab)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("packages_gen.go", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("packages_gen.go")
	if err != nil || !bytes.Equal(got, want) {
		t.Fatal("packages_gen.go is stale: run go test ./internal/install -run TestGenerated -update")
	}
	// The generated literals are the table that packages.yaml decodes to.
	if !reflect.DeepEqual(generated, tab) {
		t.Error("generated differs from the decoded packages.yaml")
	}
}

// dataFile is the layout of packages.yaml.
type dataFile struct {
	// Families group managers that share package names ("os": apt, yum, apk, ...).
	Families map[string][]string `yaml:"families"`
	// Packages: manager or family -> package -> tools.
	Packages map[string]map[string][]string `yaml:"packages"`
	// URLs: host/path prefix of a download or installer script -> tools ("{1}": the first path
	// element after the prefix; "{base}": the tool the URL's file names).
	URLs map[string][]string `yaml:"urls"`
	// GitHub: owner/repo of a release download or raw script -> tools.
	GitHub map[string][]string `yaml:"github"`
	// Assets: a downloaded file's stem (name without archive extension) or guessed tool -> tools.
	Assets map[string][]string `yaml:"assets"`
}

var (
	// toolNameRE is the shape of an executable's name.
	toolNameRE = regexp.MustCompile(`^[A-Za-z0-9_.+\[-]+$`)
	// managerRE is the shape of a manager's or family's name.
	managerRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	// repoRE is the shape of a GitHub owner/repo.
	repoRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
)

// parseData decodes packages.yaml (read from file) into the table the recogniser reads: keys
// lower case, each list sorted by its keys (urlTools keeps the first of equally long URL
// prefixes). Unknown keys and values of the wrong shape are errors at file:line.
func parseData(file string, b []byte) (*table, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if err := checkShapes(file, &root); err != nil {
		return nil, err
	}
	var df dataFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&df); err != nil {
		return nil, fmt.Errorf("%s:%v", file, strings.TrimPrefix(strings.ReplaceAll(err.Error(), "\n  line ", "\n"+file+":"), "yaml: unmarshal errors:\n"+file+":"))
	}
	t := &table{}
	family := map[string]string{}
	for fam, ms := range df.Families {
		for _, m := range ms {
			if prev, ok := family[m]; ok {
				return nil, fmt.Errorf("%s: manager %s is in families %s and %s", file, m, prev, fam)
			}
			family[m] = fam
		}
	}
	for _, m := range sortedKeys(family) {
		t.family = append(t.family, pair{m, family[m]})
	}
	for _, m := range sortedKeys(df.Packages) {
		mp := map[string][]string{}
		for p, tools := range df.Packages[m] {
			lp := strings.ToLower(p)
			if _, dup := mp[lp]; dup {
				return nil, fmt.Errorf("%s: %s package %s is listed twice", file, m, p)
			}
			mp[lp] = tools
		}
		for _, p := range sortedKeys(mp) {
			t.packages = append(t.packages, pkgEntry{m, p, mp[p]})
		}
	}
	for p, tools := range df.URLs {
		t.urls = append(t.urls, urlEntry{prefix: strings.ToLower(p), tools: tools})
	}
	sort.Slice(t.urls, func(i, j int) bool { return t.urls[i].prefix < t.urls[j].prefix })
	t.github = nameList(lowerKeys(df.GitHub))
	t.assets = nameList(lowerKeys(df.Assets))
	return t, nil
}

// checkShapes checks the values of packages.yaml (root is its document node): manager and family
// names, GitHub repositories, executables' names (and a URL's "{1}" and "{base}"), each error at
// file:line.
func checkShapes(file string, root *yaml.Node) error {
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("%s: not a mapping of families, packages, urls, github and assets", file)
	}
	at := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d:%d: %s", file, n.Line, n.Column, fmt.Sprintf(format, args...))
	}
	tools := func(list *yaml.Node, templates bool) error {
		if list.Kind != yaml.SequenceNode {
			return at(list, "want a list of executables")
		}
		for _, t := range list.Content {
			if templates && (t.Value == "{1}" || t.Value == "{base}") {
				continue
			}
			if t.Kind != yaml.ScalarNode || !toolNameRE.MatchString(t.Value) {
				return at(t, "%q is not an executable's name", t.Value)
			}
		}
		return nil
	}
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		section, body := top.Content[i].Value, top.Content[i+1]
		if body.Kind != yaml.MappingNode {
			return at(body, "%s: want a mapping", section)
		}
		for j := 0; j+1 < len(body.Content); j += 2 {
			k, v := body.Content[j], body.Content[j+1]
			var err error
			switch section {
			case "families":
				if !managerRE.MatchString(k.Value) {
					return at(k, "%q is not a family name", k.Value)
				}
				if v.Kind != yaml.SequenceNode {
					return at(v, "family %s: want a list of managers", k.Value)
				}
				for _, m := range v.Content {
					if !managerRE.MatchString(m.Value) {
						return at(m, "%q is not a manager's name", m.Value)
					}
				}
			case "packages":
				if !managerRE.MatchString(k.Value) {
					return at(k, "%q is not a manager's or family's name", k.Value)
				}
				if v.Kind != yaml.MappingNode {
					return at(v, "packages of %s: want a mapping of package to executables", k.Value)
				}
				for p := 0; p+1 < len(v.Content) && err == nil; p += 2 {
					err = tools(v.Content[p+1], false)
				}
			case "urls":
				if strings.Contains(k.Value, "://") || strings.ContainsAny(k.Value, " \t") {
					return at(k, "%q: write a URL prefix as host/path, without the scheme", k.Value)
				}
				err = tools(v, true)
			case "github":
				if !repoRE.MatchString(k.Value) {
					return at(k, "%q is not a GitHub owner/repo", k.Value)
				}
				err = tools(v, false)
			case "assets":
				err = tools(v, false)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func nameList(m map[string][]string) []nameTools {
	var out []nameTools
	for _, k := range sortedKeys(m) {
		out = append(out, nameTools{k, m[k]})
	}
	return out
}

func lowerKeys(m map[string][]string) map[string][]string {
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// generateGo renders t as packages_gen.go.
func generateGo(t *table) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by go test ./internal/install -run TestGenerated -update; DO NOT EDIT.\n")
	b.WriteString("// Source: packages.yaml.\n\npackage install\n\n")
	b.WriteString("// generated is the data of packages.yaml.\nvar generated = &table{\n")
	b.WriteString("family: []pair{\n")
	for _, f := range t.family {
		fmt.Fprintf(&b, "{%s, %s},\n", strconv.Quote(f.key), strconv.Quote(f.value))
	}
	b.WriteString("},\npackages: []pkgEntry{\n")
	for _, p := range t.packages {
		fmt.Fprintf(&b, "{%s, %s, %s},\n", strconv.Quote(p.manager), strconv.Quote(p.name), goStrings(p.tools, "[]string"))
	}
	b.WriteString("},\nurls: []urlEntry{\n")
	for _, e := range t.urls {
		fmt.Fprintf(&b, "{%s, %s},\n", strconv.Quote(e.prefix), goStrings(e.tools, "[]string"))
	}
	for _, l := range []struct {
		field string
		list  []nameTools
	}{{"github", t.github}, {"assets", t.assets}} {
		fmt.Fprintf(&b, "},\n%s: []nameTools{\n", l.field)
		for _, e := range l.list {
			fmt.Fprintf(&b, "{%s, %s},\n", strconv.Quote(e.name), goStrings(e.tools, "[]string"))
		}
	}
	b.WriteString("},\n}\n")
	return format.Source(b.Bytes())
}

// goStrings renders a []string literal; nil stays nil and an empty list (a library) stays empty.
func goStrings(ss []string, typ string) string {
	if ss == nil {
		return "nil"
	}
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return typ + "{" + strings.Join(q, ", ") + "}"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestDataParses(t *testing.T) {
	if _, err := parseData("p.yaml", []byte("families: {os: [apt]}\npackages: {os: {jq: [jq]}, apt: {JQ: [jq], jq: [jq]}}")); err == nil {
		t.Error("a package listed twice (case-insensitively) must be an error")
	}
	if _, err := parseData("p.yaml", []byte("families: {os: [apt], other: [apt]}")); err == nil {
		t.Error("a manager in two families must be an error")
	}
	for _, tt := range []struct{ src, want string }{
		{"families: {os: [apt]}\npackage:\n  os: {jq: [jq]}\n", "p.yaml:2: field package not found"},
		{"packages:\n  os:\n    jq: [jq, \"jq --help\"]\n", "p.yaml:3:14: \"jq --help\" is not an executable's name"},
		{"urls:\n  https://get.helm.sh/: [helm]\n", "p.yaml:2:3: \"https://get.helm.sh/\": write a URL prefix as host/path"},
		{"github:\n  cli: [gh]\n", "p.yaml:2:3: \"cli\" is not a GitHub owner/repo"},
		{"families:\n  os: [apt get]\n", "p.yaml:2:8: \"apt get\" is not a manager's name"},
		{"packages:\n  os: [jq]\n", "p.yaml:2:7: packages of os: want a mapping"},
	} {
		_, err := parseData("p.yaml", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.src, err, tt.want)
		}
	}
}

func TestTools(t *testing.T) {
	tests := []struct {
		manager, pkg string
		want         []string
	}{
		{"apt-get", "awscli", []string{"aws"}}, // family entry
		{"apk", "aws-cli", []string{"aws"}},    // family entry
		{"yum", "openssh-clients", []string{"ssh", "scp", "ssh-keygen", "ssh-keyscan"}},
		{"apt-get", "ripgrep", []string{"ripgrep"}}, // default: the package name
		{"pip", "AWSCLI", []string{"aws"}},          // case-insensitive
		{"pipx", "aws-sam-cli", []string{"sam"}},    // family pip
		{"npm", "serverless", []string{"serverless", "sls"}},
		{"yarn", "aws-cdk", []string{"cdk"}},
		{"pip", "boto3", []string{}}, // a library
		{"choco", "awscli", []string{"aws"}},
		{"cargo", "ripgrep", []string{"rg"}},
	}
	for _, tt := range tests {
		got := Tools(tt.manager, tt.pkg)
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tools(%s, %s) = %v, want %v", tt.manager, tt.pkg, got, tt.want)
		}
	}
}

func TestAssetTool(t *testing.T) {
	for name, want := range map[string]string{
		"terraform_1.5.7_linux_amd64.zip":   "terraform",
		"yq_linux_amd64":                    "yq",
		"helm-v3.12.0-linux-amd64.tar.gz":   "helm",
		"jq-linux64":                        "jq",
		"aws-iam-authenticator":             "aws-iam-authenticator",
		"eksctl_Linux_amd64.tar.gz":         "eksctl",
		"terraform_${V}_linux_amd64.zip":    "terraform",
		"${GOLANG_TAR}":                     "",
		"Miniconda3-latest-Linux-x86_64.sh": "miniconda3",
	} {
		if got := assetTool(name); got != want {
			t.Errorf("assetTool(%q) = %q, want %q", name, got, want)
		}
	}
}
