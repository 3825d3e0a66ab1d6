package inventory

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The data files' schema: decodeStrict decodes a file into its Go layout (refImage, projectData,
// refIndex) with yaml.v3's KnownFields, after a walk of the YAML tree against the layout that
// reports, at file:line:col, every key the layout does not have, every required field that is
// missing and every value of the wrong shape. A field's `check` tag says what it needs:
//
//	required          the key must be there (and not empty)
//	SHAPE             every value (of a list or map: every element) has the shape (shapes)
//	keys=SHAPE        every key of a map has the shape
//	enum=a|b|c        the value is one of these
//
// Free text (status, notes) has no shape; no code reads facts out of it.

// shapes are the value shapes of the data files, each a pattern and what it is, for messages.
var shapes = map[string]struct {
	re   *regexp.Regexp
	what string
}{
	"word":        {regexp.MustCompile(`^[A-Za-z0-9_.+-]+$`), "a single word (letters, digits, . _ + -)"},
	"optword":     {regexp.MustCompile(`^[A-Za-z0-9_.+-]*$`), "a single word (letters, digits, . _ + -), or '' for none"},
	"version":     {refVersionRE, "a version (1.2.3)"},
	"optversion":  {regexp.MustCompile(`^(v?[0-9][0-9A-Za-z.+_-]*)?$`), "a version (1.2.3), or '' when it is not known"},
	"commit":      {regexp.MustCompile(`^[0-9a-f]{40}$`), "a full commit hash (40 hex digits)"},
	"repo":        {regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`), "a GitHub owner/name"},
	"imageref":    {regexp.MustCompile(`^[a-z0-9][a-z0-9._/:@-]*$`), "an image reference (lower case, no blanks)"},
	"pattern":     {regexp.MustCompile(`^[a-z0-9*?\[\]][a-z0-9._/:@*?\[\]-]*$`), "an image name pattern (path.Match, lower case)"},
	"relpath":     {regexp.MustCompile(`^[A-Za-z0-9_.+-][A-Za-z0-9_.+/-]*$`), "a path inside the repository"},
	"abspath":     {regexp.MustCompile(`^/[A-Za-z0-9_.+/-]*$`), "an absolute path"},
	"url":         {regexp.MustCompile(`^https://[^\s]+$`), "an https URL"},
	"pkgtemplate": {regexp.MustCompile(`^[A-Za-z0-9_.+-]*\$VERSION[A-Za-z0-9_.+-]*$`), "a package name with $VERSION"},
	"tool":        {regexp.MustCompile(`^[A-Za-z0-9_.+\[-]+$`), "an executable's name"},
}

// schemaError is one problem of a data file, at a place in it.
type schemaError struct {
	file      string
	line, col int
	msg       string
}

func (e schemaError) String() string {
	if e.line == 0 {
		return fmt.Sprintf("%s: %s", e.file, e.msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.file, e.line, e.col, e.msg)
}

// schemaErrors are the problems of data files, one per line.
type schemaErrors []schemaError

func (es schemaErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.String()
	}
	return strings.Join(lines, "\n")
}

// errAt is a schemaError at node n of file.
func errAt(file string, n *yaml.Node, format string, args ...any) schemaError {
	e := schemaError{file: file, msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.line, e.col = n.Line, n.Column
	}
	return e
}

// decodeStrict decodes the YAML document data, read from file, into v (a pointer to a struct
// of the layouts above), and returns its root node for checks that span files. Errors are
// schemaErrors.
func decodeStrict(file string, data []byte, v any) (*yaml.Node, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, schemaErrors{{file: file, msg: strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	if len(root.Content) == 0 {
		return nil, schemaErrors{{file: file, msg: "empty file"}}
	}
	w := &schemaWalk{file: file}
	w.check(root.Content[0], reflect.TypeOf(v).Elem(), "")
	if len(w.errs) > 0 {
		return nil, w.errs
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, schemaErrors{{file: file, msg: err.Error()}}
		}
		var es schemaErrors
		for _, m := range te.Errors {
			var line int
			if _, err := fmt.Sscanf(m, "line %d:", &line); err == nil {
				m = strings.TrimSpace(m[strings.IndexByte(m, ':')+1:])
			}
			es = append(es, schemaError{file: file, line: line, col: 1, msg: m})
		}
		return nil, es
	}
	return root.Content[0], nil
}

// schemaWalk checks a YAML tree against a Go layout.
type schemaWalk struct {
	file string
	errs schemaErrors
}

func (w *schemaWalk) add(n *yaml.Node, format string, args ...any) {
	w.errs = append(w.errs, errAt(w.file, n, format, args...))
}

// check checks node n against type t; tag is the field's check tag (its shape applies to
// every scalar under n).
func (w *schemaWalk) check(n *yaml.Node, t reflect.Type, tag string) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Tag == "!!null" {
		return // an empty value: required says whether that is allowed
	}
	if t == reflect.TypeOf(refBinary{}) {
		if n.Kind == yaml.ScalarNode {
			w.scalar(n, reflect.TypeOf(""), "tool")
			return
		}
		t = reflect.TypeOf(refBinaryEntry{})
	}
	switch t.Kind() {
	case reflect.Ptr:
		w.check(n, t.Elem(), tag)
	case reflect.Struct:
		w.structure(n, t)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			w.add(n, "want a list")
			return
		}
		for _, e := range n.Content {
			w.check(e, t.Elem(), tag)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			w.add(n, "want a mapping")
			return
		}
		keyShape := ""
		var rest []string
		for _, o := range strings.Split(tag, ",") {
			if k, ok := strings.CutPrefix(o, "keys="); ok {
				keyShape = k
			} else {
				rest = append(rest, o)
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if keyShape != "" {
				w.scalar(n.Content[i], reflect.TypeOf(""), keyShape)
			}
			w.check(n.Content[i+1], t.Elem(), strings.Join(rest, ","))
		}
	default:
		w.scalar(n, t, tag)
	}
}

// structure checks a mapping against a struct: no unknown keys, the required ones present, each
// value checked against its field.
func (w *schemaWalk) structure(n *yaml.Node, t reflect.Type) {
	if n.Kind != yaml.MappingNode {
		w.add(n, "want a mapping with keys %s", strings.Join(yamlKeys(t), ", "))
		return
	}
	fields := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if name := yamlName(f); name != "" {
			fields[name] = f
		}
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := fields[k.Value]
		if !ok {
			w.add(k, "unknown key %q: the keys here are %s", k.Value, strings.Join(yamlKeys(t), ", "))
			continue
		}
		seen[k.Value] = v
		w.check(v, f.Type, f.Tag.Get("check"))
	}
	for _, name := range yamlKeys(t) {
		if !hasOption(fields[name].Tag.Get("check"), "required") {
			continue
		}
		if v := seen[name]; v == nil || v.Tag == "!!null" || v.Value == "" && len(v.Content) == 0 {
			w.add(n, "%s is required here", name)
		}
	}
}

// scalar checks a scalar against a Go scalar type and a shape.
func (w *schemaWalk) scalar(n *yaml.Node, t reflect.Type, tag string) {
	if n.Kind != yaml.ScalarNode {
		w.add(n, "want a single value, not a list or mapping")
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		if n.Tag != "!!bool" {
			w.add(n, "%q: want true or false", n.Value)
		}
		return
	case reflect.Int:
		if n.Tag != "!!int" {
			w.add(n, "%q: want a whole number", n.Value)
		}
		return
	}
	for _, o := range strings.Split(tag, ",") {
		if enum, ok := strings.CutPrefix(o, "enum="); ok {
			if !slicesContains(strings.Split(enum, "|"), n.Value) {
				w.add(n, "%q: want one of %s", n.Value, strings.ReplaceAll(enum, "|", ", "))
			}
			continue
		}
		if s, ok := shapes[o]; ok && !s.re.MatchString(n.Value) {
			w.add(n, "%q is not %s", n.Value, s.what)
		}
	}
}

func slicesContains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func hasOption(tag, opt string) bool { return slicesContains(strings.Split(tag, ","), opt) }

// yamlName is the YAML key of a struct field, "" for one that YAML does not see.
func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	if name == "" {
		return strings.ToLower(f.Name)
	}
	return name
}

// yamlKeys are the YAML keys of a struct, sorted.
func yamlKeys(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if name := yamlName(t.Field(i)); name != "" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// nodeAt returns the node at path under n (mapping keys as strings, list indexes as ints), or
// nil; a string path element ending in "#key" returns the key's node instead of its value.
func nodeAt(n *yaml.Node, path ...any) *yaml.Node {
	for _, p := range path {
		if n == nil {
			return nil
		}
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		switch p := p.(type) {
		case int:
			if n.Kind != yaml.SequenceNode || p >= len(n.Content) {
				return nil
			}
			n = n.Content[p]
		case string:
			key, wantKey := strings.CutSuffix(p, "#key")
			var next *yaml.Node
			for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == key {
					next = n.Content[i+1]
					if wantKey {
						next = n.Content[i]
					}
					break
				}
			}
			n = next
		}
	}
	return n
}

// TestDataSchema breaks a copy of data/ one way at a time: each must fail with the place and the
// cause, so that a data file is never read by guess.
func TestDataSchema(t *testing.T) {
	const std = "reference/standard-7.0.yaml"
	const lambda = "reference/amazonlinux-x86_64-lambda-standard-python3.12.yaml"
	tests := []struct {
		name, file, old, new string
		// want is in the error; %d is the line of the last line of new in the broken file.
		want string
	}{
		{"unknown key", std, "compute: ec2\n", "compute: ec2\ncolour: blue\n", std + ":%d:1: unknown key \"colour\""},
		{"free-text version", std, "  version: 1.35.2\n", "  version: 1.35.2 (EKS)\n", std + ":%d:12: \"1.35.2 (EKS)\" is not a version"},
		{"remark in a binary", std, "  binaries: [kubectl]\n", "  binaries: [kubectl (EKS build)]\n", std + ":%d:14: \"kubectl (EKS build)\" is not an executable's name"},
		{"missing required", std, "compute: ec2\n", "", std + ":4:1: compute is required here"},
		{"compute with a remark", std, "compute: ec2\n", "compute: ec2 (custom)\n", std + ":%d:10: \"ec2 (custom)\": want one of ec2, lambda"},
		{"commit shape", std, "  commit: 1590e48787084015430500926ea922130dbe9367\n", "  commit: 1590e48\n", std + ":%d:11: \"1590e48\" is not a full commit hash"},
		{"bool", std, "  supported: true\n", "  supported: yes please\n", std + ":%d:14: \"yes please\": want true or false"},
		{"unknown manager", std, "package_managers: [apt-get]\n", "package_managers: [pacman]\n", std + ":%d:20: pacman is not an OS package manager that internal/install reads"},
		{"lambda runtime", lambda, "  name: python\n", "  name: cobol\n", lambda + ":%d:9: cobol is not a runtime of"},
		{"package with a pin", std, "os_packages_installed: [acl,", "os_packages_installed: [acl=2.3,", std + ":%d:25: \"acl=2.3\" is not a single word"},
		{"os or note", std, "os: Ubuntu 22.04\n", "", std + ":4:8: set os, or os_note"},
		{"project unknown key", "project.yaml", "  dotnet: [dotnet]\n", "  dotnet: [dotnet]\nlambda_runtimes: {python: python}\n", "project.yaml:%d:1: unknown key \"lambda_runtimes\""},
		{"dead runtime", "project.yaml", "  dotnet: [dotnet]\n", "  dotnet: [dotnet]\n  cobol: [cobc]\n", "project.yaml:%d:3: runtime cobol is selectable on no image"},
		{"available on an EC2 image", "project.yaml", "available_runtimes:\n", "available_runtimes:\n  aws/codebuild/standard:7.0: {name: python, version: \"3.12\"}\n", "project.yaml:%d:3: available_runtimes: aws/codebuild/standard:7.0 is not a Lambda compute image"},
		{"available runtime unknown", "project.yaml", "python3.12: {name: python,", "python3.12: {name: cobol,", "project.yaml:%d:72: cobol is not a runtime of"},
		{"lambda image without a runtime", "project.yaml", "  aws/codebuild/amazonlinux-x86_64-lambda-standard:ruby3.4: {name: ruby, version: \"3.4\"}\n", "", "available_runtimes: Lambda compute image aws/codebuild/amazonlinux-x86_64-lambda-standard:ruby3.4 has no runtime"},
		{"fallback package shape", std, "{java: java-$VERSION-amazon-corretto-jdk}", "{java: java-11-amazon-corretto-jdk}", std + ":%d:29: \"java-11-amazon-corretto-jdk\" is not a package name with $VERSION"},
		{"fallback package of no fallback", std, "{java: java-$VERSION-amazon-corretto-jdk}", "{java: java-$VERSION-amazon-corretto-jdk, rust: rust-$VERSION}", std + ":%d:64: fallback_packages: rust is not in custom_version_fallback"},
		{"platform image of reference", "project.yaml", "  - {image: \"aws/codebuild/windows-base:2019-1.0\"", "  - {image: \"aws/codebuild/standard:7.0\"", "project.yaml:%d:13: platform_images: aws/codebuild/standard:7.0 is already a built-in image"},
		{"alias of nothing", "project.yaml", "aliases:\n", "aliases:\n  aws/codebuild/standard:99.0: [x/y:1]\n", "project.yaml:%d:3: aliases: aws/codebuild/standard:99.0 is not an image"},
		{"without a tool", "project.yaml", "    without: [dockerd,", "    without: [dockerdd,", "project.yaml:%d:15: docker:dind has no tool dockerdd"},
		{"base manager", "project.yaml", "    managers: [apk]\n", "    managers: [apk, pacman]\n", "project.yaml:%d:21: pacman is not an OS package manager"},
		{"used matches nothing", "project.yaml", "  - match: [\"aws/codebuild/amazonlinux-*-lambda-standard:*\"]\n", "  - match: [\"aws/codebuild/nothing:*\"]\n", "project.yaml:%d:13: aws/codebuild/nothing:* matches no image"},
		{"index names another image", "reference/_index.yaml", "  file: standard-7.0.yaml\n", "  file: standard-8.0.yaml\n", "standard-8.0.yaml describes aws/codebuild/standard:8.0, not aws/codebuild/standard:7.0"},
		{"index lacks a file", "reference/_index.yaml", "- image: docker:dind\n  file: docker-dind.yaml\n", "- image: docker:dind\n  file: nothing.yaml\n", "nothing.yaml is not a file of the reference folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyData(t)
			p := filepath.Join(dir, tt.file)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			i := strings.Index(s, tt.old)
			if i < 0 {
				t.Fatalf("%s has no %q", tt.file, tt.old)
			}
			s = s[:i] + tt.new + s[i+len(tt.old):]
			if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if strings.Contains(want, "%d") {
				want = fmt.Sprintf(want, strings.Count(s[:i]+strings.TrimSuffix(tt.new, "\n"), "\n")+1)
			}
			want = strings.ReplaceAll(want, "reference/", filepath.Join(dir, "reference")+"/")
			if strings.HasPrefix(want, "project.yaml") {
				want = filepath.Join(dir, want)
			}
			_, err = generate(dir)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, want)
			}
		})
	}
}

// copyData copies data/ into a temporary directory.
func copyData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir("data", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("data", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
