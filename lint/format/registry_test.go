package format

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// moduleRoot is where README.md and action.yml are, seen from this package.
const moduleRoot = "../.."

// TestRegistry checks the registry itself: unique lower-case names, every format documented,
// and the default among them.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Formats() {
		if !regexp.MustCompile(`^[a-z][a-z0-9]*$`).MatchString(f.Name) || seen[f.Name] {
			t.Errorf("format %q: a name must be unique, lower-case letters and digits", f.Name)
		}
		seen[f.Name] = true
		if f.Write == nil || strings.TrimSpace(f.For) == "" || strings.TrimSpace(f.Doc) == "" {
			t.Errorf("format %q: Write, For and Doc must all be set", f.Name)
		}
		if g, ok := Lookup(f.Name); !ok || g.Name != f.Name {
			t.Errorf("Lookup(%q) = %v, %v", f.Name, g.Name, ok)
		}
	}
	if _, ok := Lookup(Default); !ok {
		t.Errorf("Default %q is not a registered format", Default)
	}
	if _, ok := Lookup("nope"); ok {
		t.Error(`Lookup("nope") found a format`)
	}
	if !slices.IsSorted(Names()) || len(Names()) != len(seen) {
		t.Errorf("Names() = %v: want every format once, sorted", Names())
	}
}

// TestWritersRegistered fails on a writer that the registry does not list: every exported
// function of this package with the Writer signature must be some format's Write.
func TestWritersRegistered(t *testing.T) {
	registered := map[string]bool{}
	for _, f := range Formats() {
		name := runtime.FuncForPC(reflect.ValueOf(f.Write).Pointer()).Name()
		registered[name[strings.LastIndex(name, ".")+1:]] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() || !isWriter(fn.Type) {
				continue
			}
			found++
			if !registered[fn.Name.Name] {
				t.Errorf("%s: %s is a Writer but no format in registry.go uses it: add a row to formats (and to the README's table of output formats)", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
	}
	if found != len(registered) {
		t.Errorf("found %d writers in the package's files, the registry has %d", found, len(registered))
	}
}

// isWriter reports whether t is func(io.Writer, *Report, Options) error.
func isWriter(t *ast.FuncType) bool {
	var params []string
	for _, p := range t.Params.List {
		n := max(len(p.Names), 1)
		for range n {
			params = append(params, types(p.Type))
		}
	}
	return strings.Join(params, ",") == "io.Writer,*Report,Options" &&
		t.Results != nil && len(t.Results.List) == 1 && types(t.Results.List[0].Type) == "error"
}

func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return "*" + types(e.X)
	case *ast.SelectorExpr:
		return types(e.X) + "." + e.Sel.Name
	}
	return "?"
}

func readRoot(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot, name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// TestREADMEFormats checks the README against the registry: its table of output formats is the
// registry's rows, and the --format row of its flag table lists the registered names.
func TestREADMEFormats(t *testing.T) {
	readme := readRoot(t, "README.md")
	const head = "| format | for | notes |\n| --- | --- | --- |\n"
	i := strings.Index(readme, head)
	if i < 0 {
		t.Fatalf("README.md: no table of output formats (a table with the header %q)", strings.SplitN(head, "\n", 2)[0])
	}
	table := readme[i+len(head):]
	if j := strings.Index(table, "\n\n"); j >= 0 {
		table = table[:j+1]
	}
	var want strings.Builder
	for _, f := range Formats() {
		want.WriteString("| `" + f.Name + "` | " + f.For + " | " + f.Doc + " |\n")
	}
	if table != want.String() {
		t.Errorf("README.md: the table of output formats differs from the registry (lint/format/registry.go); its rows should be:\n%s\n--- README has:\n%s", want.String(), table)
	}

	var names []string
	for _, f := range Formats() {
		n := "`" + f.Name + "`"
		if f.Name == Default {
			n += " (default)"
		}
		names = append(names, n)
	}
	row := "| `--format F` | " + strings.Join(names, ", ") + " |"
	if !strings.Contains(readme, "\n"+row+"\n") {
		got := regexp.MustCompile("(?m)^\\| `--format F` \\|.*$").FindString(readme)
		t.Errorf("README.md: the flag table's --format row should be\n%s\nnot\n%s", row, got)
	}
}

// TestFormatNamesInDocs fails on a `--format NAME` in the README, CONTRIBUTING, action.yml, the
// pre-commit hooks or docs/ that names no registered format.
func TestFormatNamesInDocs(t *testing.T) {
	docs := []string{"README.md", "CONTRIBUTING.md", "SECURITY.md", "action.yml", ".pre-commit-hooks.yaml"}
	more, _ := filepath.Glob(filepath.Join(moduleRoot, "docs", "*.md"))
	for _, m := range more {
		docs = append(docs, filepath.Join("docs", filepath.Base(m)))
	}
	use := regexp.MustCompile(`--format[ =]+([a-z][A-Za-z0-9_-]*)`) // an upper-case word is a placeholder (--format F)
	n := 0
	for _, d := range docs {
		if _, err := os.Stat(filepath.Join(moduleRoot, d)); os.IsNotExist(err) {
			continue
		}
		for _, m := range use.FindAllStringSubmatch(readRoot(t, d), -1) {
			n++
			if _, ok := Lookup(m[1]); !ok {
				t.Errorf("%s: %q names no registered format (want one of %v)", d, m[0], Names())
			}
		}
	}
	if n == 0 {
		t.Error("no `--format NAME` found in the docs: the pattern or the file list is wrong")
	}
}
