package lint

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// xRule reports every argument "x" of an echo call, so tests can place findings on any line.
var xRule = &Rule{Rule: finding.Rule{ID: "BSL999", Name: "echo-x", Severity: finding.SeverityWarning}, Check: func(p *Pass) {
	for _, c := range p.Calls() {
		if len(c.Args) == 0 || c.Args[0].Value != "echo" {
			continue
		}
		for _, a := range c.Args[1:] {
			if a.Value == "x" {
				p.Report(a.Range(), "echo of x")
			}
		}
	}
}}

// unusedRule stands for rules.UnusedIgnore: the linter reports it itself.
var unusedRule = &Rule{Rule: finding.Rule{ID: "BSL902", Name: "unused-ignore", Severity: finding.SeverityWarning}, UnusedIgnores: true}

// lintIgnores lints text and returns "line:col RULE" for each finding.
func lintIgnores(t *testing.T, text string, fs *FileSettings) []string {
	t.Helper()
	l := &Linter{Rules: RuleSet{xRule, unusedRule}}
	var out []string
	for _, f := range l.Lint(source.NewSource("f.yml", []byte(text)), fs) {
		if f.Rule == nil || (f.Rule != &xRule.Rule && f.Rule != &unusedRule.Rule) {
			continue // schema findings of the fake documents do not matter here
		}
		out = append(out, fmt.Sprintf("%d:%d %s", f.Range.Start.Line, f.Range.Start.Col, f.RuleID()))
	}
	return out
}

func TestIgnores(t *testing.T) {
	head := "version: 0.2\nphases:\n  build:\n    commands:\n"
	tests := []struct {
		name string
		body string // after head, so line 5 is the first command line
		want string
	}{
		{"no directive", "      - echo x\n", "5:14 BSL999"},
		{"trailing on the item", "      - echo x # buildspec-lint ignore=BSL999 -- known\n", ""},
		{"trailing by name", "      - echo x  # buildspec-lint ignore=echo-x -- known\n", ""},
		{"own line above the item", "      # buildspec-lint ignore=BSL999 -- known\n      - echo x\n", ""},
		{"covers only the next item", "      # buildspec-lint ignore=BSL999 -- known\n      - echo x\n      - echo x\n", "7:14 BSL999"},
		{"stacked directives skip comment lines",
			"      # buildspec-lint ignore=BSL999 -- known\n      # another comment\n\n      - echo x\n", ""},
		{"above a block item covers the block",
			"      # buildspec-lint ignore=BSL999 -- known\n      - |\n        echo a\n        echo x\n      - echo x\n", "9:14 BSL999"},
		{"trailing on a block header",
			"      - |  # buildspec-lint ignore=BSL999 -- known\n        echo x\n", ""},
		{"shell comment line in a literal block covers the next line",
			"      - |\n        echo a\n        # buildspec-lint ignore=BSL999 -- known\n        echo x\n        echo x\n", "9:14 BSL999"},
		{"shell comment covers a continued line",
			"      - |\n        # buildspec-lint ignore=BSL999 -- known\n        echo \\\n          x\n", ""},
		{"no # directive in a folded block", "      - >\n        echo x\n        # buildspec-lint ignore=BSL999 -- known\n", "6:14 BSL999"},
		{"quoted # is no comment", "      - 'echo x # buildspec-lint ignore=BSL999 -- known'\n", "5:15 BSL999"},
		{"double-quoted over lines", "      - \"echo a\n        # buildspec-lint ignore=BSL999 -- known\"\n      - echo x\n", "7:14 BSL999"},
		{"apostrophe in a plain scalar", "      - echo x \"it's\" # buildspec-lint ignore=BSL999 -- known\n", ""},
		{"multi-line plain item", "      # buildspec-lint ignore=BSL999 -- known\n      - echo a\n        x\n", ""},
		{"ignore-file", "      - echo x\n      - echo x\n# buildspec-lint ignore-file=BSL999 -- generated\n", ""},
		{"unused ignore", "      - echo a # buildspec-lint ignore=BSL999 -- stale\n", "5:16 BSL902"},
		{"partly used list", "      - echo x # buildspec-lint ignore=BSL999,unused-ignore -- hmm\n", "5:47 BSL902"},
		{"unknown rules are not unused", "      - echo a # buildspec-lint ignore=BSL123 -- ?\n", ""},
		{"another rule is not suppressed", "      - echo x # buildspec-lint ignore=unused-ignore -- x\n", "5:14 BSL999 5:16 BSL902"},
		{"mention is no directive", "      - echo x # buildspec-lint is run in CI\n", "5:14 BSL999"},
		{"flow sequence", "      [\"echo x\", echo y] # buildspec-lint ignore=BSL999 -- ok\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(lintIgnores(t, head+tt.body, nil), " ")
			if got != tt.want {
				t.Errorf("findings = %q, want %q\n%s", got, tt.want, head+tt.body)
			}
			crlf := strings.ReplaceAll(head+tt.body, "\n", "\r\n")
			if got := strings.Join(lintIgnores(t, crlf, nil), " "); got != tt.want {
				t.Errorf("CRLF findings = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIgnoreOfDisabledRuleIsNotUnused(t *testing.T) {
	text := "version: 0.2\nphases:\n  build:\n    commands:\n      - echo a # buildspec-lint ignore=BSL999 -- off in config\n"
	if got := lintIgnores(t, text, &FileSettings{Disabled: map[string]bool{"BSL999": true}}); len(got) != 0 {
		t.Errorf("findings = %v, want none", got)
	}
	if got := lintIgnores(t, text, &FileSettings{Severity: map[string]finding.Severity{unusedRule.ID: finding.SeverityNone}}); len(got) != 0 {
		t.Errorf("with %s off: findings = %v, want none", unusedRule.ID, got)
	}
	l := &Linter{Rules: RuleSet{xRule, unusedRule}}
	fs := l.Lint(source.NewSource("f.yml", []byte(text)), &FileSettings{Severity: map[string]finding.Severity{unusedRule.ID: finding.SeverityError}})
	if len(fs) != 1 || fs[0].Severity != finding.SeverityError {
		t.Errorf("severity override of %s not applied: %v", unusedRule.ID, fs)
	}
}

func TestParseDirectives(t *testing.T) {
	text := "# buildspec-lint image=ci\n" +
		"version: 0.2 # buildspec-lint ignore = BSL101 , per-run-install --   the reason  \n" +
		"env:\n  variables:\n    A: \"# buildspec-lint ignore=BSL1\"\n" +
		"# buildspec-lint ignroe=BSL101\n" +
		"# buildspec-lint ignore=BSL101 --\n"
	ds := buildspec.ParseDirectives(source.NewSource("f.yml", []byte(text)))
	var got []string
	for _, d := range ds {
		var vr []string
		for _, r := range d.ValueRanges {
			vr = append(vr, r.String())
		}
		got = append(got, fmt.Sprintf("%s %s %q %q %v %v", d.Range, d.Kind, d.Values, d.Reason, vr, d.Covers))
	}
	want := []string{
		`1:1-1:26 image ["ci"] "" [1:24-1:26] []`,
		`2:14-2:80 ignore ["BSL101" "per-run-install"] "the reason" [2:40-2:46 2:49-2:64] [{2 2}]`,
		`6:1-6:31 ignroe ["BSL101"] "" [6:25-6:31] []`,
		`7:1-7:34 ignore ["BSL101"] "" [7:25-7:31] [{7 7}]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("directives:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDirectivesAttachToDocuments(t *testing.T) {
	text := "# buildspec-lint image=ci\nversion: 0.2\n---\n# buildspec-lint ignore=BSL101 -- b\nversion: 0.2\n"
	docs := buildspec.Parse(source.NewSource("f.yml", []byte(text)))
	if len(docs) != 2 {
		t.Fatalf("got %d documents", len(docs))
	}
	kinds := func(b *buildspec.Buildspec) string {
		var k []string
		for _, d := range b.Directives {
			k = append(k, d.Kind)
		}
		return strings.Join(k, ",")
	}
	if got := kinds(docs[0]); got != "image" {
		t.Errorf("doc 0 directives = %q, want image", got)
	}
	// A file-wide directive is attached once, to the document it is written in: the linter
	// applies it to the whole file (TestFileWideDirectivesApplyToEveryDocument).
	if got := kinds(docs[1]); got != "ignore" {
		t.Errorf("doc 1 directives = %q, want ignore", got)
	}
}

func FuzzParseDirectives(f *testing.F) {
	f.Add("version: 0.2 # buildspec-lint ignore=BSL101 -- r\n- |\n  # buildspec-lint ignore=x\n  echo \\\n")
	f.Add("'a\n# buildspec-lint ignore=a\n\"b\\\"\n[a, {b: c}] # buildspec-lint image=\n")
	f.Fuzz(func(t *testing.T, text string) {
		src := source.NewSource("f.yml", []byte(text))
		for _, d := range buildspec.ParseDirectives(src) {
			if d.Range.End.Offset > len(text) || len(d.ValueRanges) != len(d.Values) {
				t.Fatalf("bad directive %+v", d)
			}
			for _, l := range d.Covers {
				if l.First < 1 || l.Last < l.First || l.Last > src.Lines() {
					t.Fatalf("covers lines %v of %d", l, src.Lines())
				}
			}
		}
	})
}

// A file of nothing but comments is still read for directives, so that the BSL9xx rules check
// its ignores as they check any other file's.
func TestDirectivesAttachToCommentOnlyFile(t *testing.T) {
	docs := buildspec.Parse(source.NewSource("f.yml", []byte("# buildspec-lint ignore-file=BSL002\n")))
	if len(docs) != 1 || len(docs[0].Directives) != 1 || docs[0].Directives[0].Kind != buildspec.DirectiveIgnoreFile {
		t.Errorf("directives of a comment-only file = %v, want the ignore-file directive", docs[0].Directives)
	}
}

// The span index marks exactly the names whose spans cover a line, as a scan of every span would.
func TestSpanIndexAgreesWithAScan(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for round := 0; round < 200; round++ {
		n := 1 + r.Intn(40)
		var ss []spanRef
		for i := 0; i < n; i++ {
			first := 1 + r.Intn(60)
			ss = append(ss, spanRef{buildspec.LineSpan{First: first, Last: first + r.Intn(10)}, valueRef{used: []bool{false}, any: new(bool)}})
		}
		want := make([]bool, n)
		x := newSpanIndex(append([]spanRef(nil), ss...))
		for q := 0; q < 30; q++ {
			line := 1 + r.Intn(75)
			covered := false
			for i, s := range ss {
				if s.span.Contains(line) {
					covered, want[i] = true, true
				}
			}
			if got := x.mark(line); got != covered {
				t.Fatalf("round %d: line %d covered = %v, want %v", round, line, got, covered)
			}
			for i, s := range ss {
				if s.ref.used[0] != want[i] {
					t.Fatalf("round %d: after line %d, span %v used = %v, want %v", round, line, s.span, s.ref.used[0], want[i])
				}
			}
		}
	}
}

// An image= directive in one document names the image of every document of the file, and an
// ignore-file= in one covers them all.
func TestFileWideDirectivesApplyToEveryDocument(t *testing.T) {
	doc := "version: 0.2\nphases:\n  build:\n    commands:\n      - echo x\n"
	text := doc + "---\n# buildspec-lint image=ci\n# buildspec-lint ignore-file=BSL999 -- generated\n" + doc
	var asked []string
	fs := &FileSettings{ImageFor: func(name string) (*image.Inventory, error) {
		asked = append(asked, name)
		return nil, fmt.Errorf("no image %s here", name)
	}}
	if got := lintIgnores(t, text, fs); len(got) != 0 {
		t.Errorf("findings = %v, want none", got)
	}
	if len(asked) != 1 || asked[0] != "ci" {
		t.Errorf("images asked for: %v, want [ci] once", asked)
	}
}
