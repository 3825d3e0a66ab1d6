package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

var (
	idRe   = regexp.MustCompile(`^BSL\d{3}$`)
	nameRe = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// categories are the ID category digits (BSL0xx syntax and schema, ... BSL9xx ignore
// directives; see docs/rules.md).
var categories = map[byte]string{'0': "syntax and schema", '1': "per-run provisioning", '2': "Docker daemon",
	'3': "command correctness", '4': "env and secrets", '5': "artifacts, reports, cache and batch", '9': "ignore directives"}

// TestRuleInvariants guards what every rule must have: a stable, well-formed, unique ID in a
// category and name, something that reports its findings, a documented severity and non-empty
// docs; All is sorted by ID.
func TestRuleInvariants(t *testing.T) {
	all := All()
	if len(all) == 0 {
		t.Fatal("no rules")
	}
	ids, names := map[string]bool{}, map[string]bool{}
	for i, r := range all {
		if !idRe.MatchString(r.ID) {
			t.Errorf("%s: ID is not BSL followed by three digits", r)
		} else if categories[r.ID[3]] == "" {
			t.Errorf("%s: ID is in no category (BSL0xx, 1xx, 2xx, 3xx, 4xx, 5xx or 9xx)", r)
		}
		if len(r.Problems) > 0 && !strings.HasPrefix(r.ID, "BSL0") {
			t.Errorf("%s: reports parser problems but is not a BSL0xx syntax and schema rule", r)
		}
		if !nameRe.MatchString(r.Name) {
			t.Errorf("%s: name is not kebab-case", r)
		}
		if ids[r.ID] {
			t.Errorf("%s: duplicate ID", r)
		}
		if names[r.Name] {
			t.Errorf("%s: duplicate name", r)
		}
		ids[r.ID], names[r.Name] = true, true
		if i > 0 && all[i-1].ID >= r.ID {
			t.Errorf("All() is not sorted by ID: %s before %s", all[i-1], r)
		}
		if r.Check == nil && len(r.Problems) == 0 && !r.UnusedIgnores && !r.Templates {
			t.Errorf("%s: reports nothing: give it a Check, Problems or UnusedIgnores", r)
		}
		if r.Severity.String() == "none" {
			t.Errorf("%s: no default severity", r)
		}
		d := r.Doc
		if d.Title == "" || d.Text == "" || d.Bad == "" || d.Good == "" {
			t.Errorf("%s: Doc needs Title, Text, Bad and Good", r)
		}
		if strings.HasSuffix(d.Title, ".") || d.Title != "" && strings.ToLower(d.Title[:1]) != d.Title[:1] {
			t.Errorf("%s: Doc.Title %q must be lower case with no final period", r, d.Title)
		}
		if d.Bad == d.Good {
			t.Errorf("%s: Doc.Bad and Doc.Good are the same", r)
		}
		if got := All().Lookup(r.ID); got != r {
			t.Errorf("Lookup(%s) = %v", r.ID, got)
		}
		if got := All().Lookup(r.Name); got != r {
			t.Errorf("Lookup(%s) = %v", r.Name, got)
		}
		for _, a := range r.Aliases {
			if !nameRe.MatchString(a) || names[a] {
				t.Errorf("%s: alias %q is not a kebab-case name of its own", r, a)
			}
			if got := All().Lookup(a); got != r {
				t.Errorf("Lookup(%s) = %v, want %s", a, got, r)
			}
		}
	}
}

// TestProblemKinds checks that each kind of problem the parser finds is reported by exactly one
// rule, and that the rules declare only kinds the parser has.
func TestProblemKinds(t *testing.T) {
	kinds := buildspec.ProblemKinds()
	if len(kinds) == 0 {
		t.Fatal("no problem kinds")
	}
	by := map[buildspec.ProblemKind][]string{}
	for _, r := range All() {
		for _, k := range r.Problems {
			by[k] = append(by[k], r.String())
		}
	}
	for _, k := range kinds {
		switch rs := by[k]; len(rs) {
		case 0:
			t.Errorf("problem kind %s is reported by no rule: add it to the Problems of the rule that reports it", k)
		case 1:
		default:
			t.Errorf("problem kind %s is reported by %d rules: %s", k, len(rs), strings.Join(rs, ", "))
		}
		delete(by, k)
	}
	for k, rs := range by {
		t.Errorf("%s declare problem kind %s, which the parser does not have", strings.Join(rs, ", "), k)
	}
}

// TestUnusedIgnoresOnce checks that one rule takes the linter's unused-ignore findings.
func TestUnusedIgnoresOnce(t *testing.T) {
	var got []string
	for _, r := range All() {
		if r.UnusedIgnores {
			got = append(got, r.String())
		}
	}
	if len(got) != 1 {
		t.Errorf("rules with UnusedIgnores: %v, want exactly one", got)
	}
}

// declaredRule is a package-level *lint.Rule var as written in a rule file.
type declaredRule struct {
	file, varName, id, name string
	pos                     token.Position
}

// declaredRules reads the non-test Go files of this package and returns every package-level var
// whose value is a &lint.Rule{...} literal, with the ID and Name written in it.
func declaredRules(t *testing.T) []declaredRule {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []declaredRule
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					isRule := isLintRule(vs.Type)
					var lit *ast.CompositeLit
					if i < len(vs.Values) {
						if u, ok := vs.Values[i].(*ast.UnaryExpr); ok && u.Op == token.AND {
							if cl, ok := u.X.(*ast.CompositeLit); ok && isLintRuleName(cl.Type) {
								lit, isRule = cl, true
							}
						}
					}
					if !isRule {
						continue
					}
					d := declaredRule{file: path, varName: name.Name, pos: fset.Position(name.Pos())}
					if lit != nil {
						d.id, d.name = ruleLiteral(lit)
					}
					out = append(out, d)
				}
			}
		}
	}
	return out
}

// isLintRule reports whether a declared type is *lint.Rule.
func isLintRule(e ast.Expr) bool {
	s, ok := e.(*ast.StarExpr)
	return ok && isLintRuleName(s.X)
}

func isLintRuleName(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Rule" {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "lint"
}

// ruleLiteral returns the ID and Name string literals of a lint.Rule{Rule: finding.Rule{...}}
// literal ("" when either is not a string literal).
func ruleLiteral(lit *ast.CompositeLit) (id, name string) {
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if k, _ := kv.Key.(*ast.Ident); !ok || k == nil || k.Name != "Rule" {
			continue
		}
		inner, ok := kv.Value.(*ast.CompositeLit)
		if !ok {
			continue
		}
		for _, e := range inner.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			k, _ := kv.Key.(*ast.Ident)
			v, _ := kv.Value.(*ast.BasicLit)
			if k == nil || v == nil || v.Kind != token.STRING {
				continue
			}
			s, _ := strconv.Unquote(v.Value)
			switch k.Name {
			case "ID":
				id = s
			case "Name":
				name = s
			}
		}
	}
	return id, name
}

// TestAllListsEveryRule fails when a rule file declares a rule that All does not return (a rule
// added and not listed), and checks how rules are declared: one per file, named after the rule
// (the directive rules share directives.go, and are the only BSL9xx rules), ID and name written
// as literals, the Go name the rule's name in CamelCase.
func TestAllListsEveryRule(t *testing.T) {
	decls := declaredRules(t)
	if len(decls) == 0 {
		t.Fatal("found no rule declarations in the package's files")
	}
	perFile := map[string]int{}
	for _, d := range decls {
		perFile[d.file]++
		if d.id == "" || d.name == "" {
			t.Errorf("%s: %s: write its ID and Name as string literals in &lint.Rule{Rule: finding.Rule{...}}", d.pos, d.varName)
			continue
		}
		r := All().Lookup(d.id)
		if r == nil || r.Name != d.name {
			t.Errorf("%s: rule %s (%s %s) is not in All(): add it to the list in rules.go", d.pos, d.varName, d.id, d.name)
		}
		if strings.ToLower(d.varName) != strings.ReplaceAll(d.name, "-", "") {
			t.Errorf("%s: var %s does not spell its rule's name %s in CamelCase", d.pos, d.varName, d.name)
		}
		if d.file != "directives.go" && d.file != strings.ReplaceAll(d.name, "-", "_")+".go" {
			t.Errorf("%s: rule %s is declared in %s: name its file after it", d.pos, d.name, d.file)
		}
		if inDirectives, ignoreID := d.file == "directives.go", strings.HasPrefix(d.id, "BSL9"); inDirectives != ignoreID {
			t.Errorf("%s: %s %s: the BSL9xx directive rules, and only they, are declared in directives.go", d.pos, d.id, d.name)
		}
	}
	for file, n := range perFile {
		if n > 1 && file != "directives.go" {
			t.Errorf("%s declares %d rules: one rule per file", file, n)
		}
	}
	if len(decls) != len(All()) {
		t.Errorf("the package declares %d rules, All() returns %d", len(decls), len(All()))
	}
}

// crossRuleFixtures are the fixture directories under testdata/rules that are not one rule's.
var crossRuleFixtures = map[string]bool{"one-cause": true, "every-key": true}

// TestEveryRuleHasFixtures checks that every rule has a fixture directory testdata/rules/<name>
// that a test of this package runs, and that every directory there belongs to a rule.
func TestEveryRuleHasFixtures(t *testing.T) {
	root := linttest.TestData(t, "rules")
	run := fixtureDirsRun(t)
	for _, r := range All() {
		if r.Templates {
			continue // its findings are on templates, which the CLI's tests read
		}
		fi, err := os.Stat(filepath.Join(root, r.Name))
		if err != nil || !fi.IsDir() {
			t.Errorf("%s: no fixture directory testdata/rules/%s", r, r.Name)
			continue
		}
		if !run[r.Name] {
			t.Errorf("%s: no test runs testdata/rules/%s (linttest.Run(t, lint.RuleSet{...}, linttest.TestData(t, \"rules\", %q), nil))", r, r.Name, r.Name)
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && All().Lookup(e.Name()) == nil && !crossRuleFixtures[e.Name()] {
			t.Errorf("testdata/rules/%s is the fixture directory of no rule (renamed or removed?)", e.Name())
		}
	}
}

// fixtureDirsRun returns the directories of testdata/rules that the tests of this package name
// (linttest.TestData(t, "rules", NAME, ...)).
func fixtureDirsRun(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]bool{}
	for _, path := range files {
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 3 {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "TestData" {
				return true
			}
			var elems []string
			for _, a := range call.Args[1:3] {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					elems = append(elems, s)
				}
			}
			if len(elems) == 2 && elems[0] == "rules" {
				out[elems[1]] = true
			}
			return true
		})
	}
	return out
}

func init() {
	// Every fixture's fixes must also be offered when every rule runs.
	linttest.Every = All()
}
