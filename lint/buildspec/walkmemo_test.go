package buildspec

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// walkTemplateCommands are commands whose calls run `sh -c` strings, quoted and escaped in the
// ways that make their offsets map through segments.
var walkTemplateCommands = []string{
	`sh -c 'apt-get update && apt-get install -y jq'`,
	`sudo bash -lc "cd app && npm ci && npm run \"build\""`,
	`bash -c 'sh -c "curl -fsSL https://get.docker.com | sh"' && dockerd &`,
	`env A=b timeout 30 sh -ec 'echo $A; pip install --user awscli'`,
	"if ! command -v jq; then sh -c 'apk add --no-cache jq' ; fi",
	`for p in a b; do bash -c "echo $p"; done | tee log`,
}

// TestWalkTemplate: a command's calls copied from a walk template are its calls as a walk
// finds them (every field, every word, every position), for every command of the rules'
// fixtures and for commands that nest `sh -c` strings.
func TestWalkTemplate(t *testing.T) {
	root, err := testtool.Root()
	if err != nil {
		t.Fatal(err)
	}
	srcs := readSources(t, filepath.Join(root, "testdata", "rules", "*", "*.yml"))
	var b strings.Builder
	b.WriteString("version: 0.2\nphases:\n  build:\n    commands:\n")
	for _, c := range walkTemplateCommands {
		fmt.Fprintf(&b, "      - %q\n", c)
	}
	srcs = append(srcs, source.NewSource("nested.yml", []byte(b.String())))
	compared, nested := checkWalkTemplates(t, srcs)
	if compared < 100 || nested < len(walkTemplateCommands) {
		t.Errorf("compared %d commands, %d `sh -c` strings: the inputs are missing", compared, nested)
	}
}

// TestWalkTemplateCorpus is TestWalkTemplate on the shared corpus's real buildspecs.
func TestWalkTemplateCorpus(t *testing.T) {
	srcs := readSources(t, filepath.Join(testtool.Corpus(t), "real", "*.yml"))
	if compared, _ := checkWalkTemplates(t, srcs); compared < 1000 {
		t.Errorf("compared %d commands of %d files: the corpus is missing", compared, len(srcs))
	}
}

// readSources reads the files that glob matches.
func readSources(t *testing.T, glob string) []*source.Source {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	var srcs []*source.Source
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, source.NewSource(name, data))
	}
	return srcs
}

// checkWalkTemplates compares, for each shell command of srcs, the calls copied from a template
// of its walk with the walk's, and returns how many commands and `sh -c` strings it compared.
func checkWalkTemplates(t *testing.T, srcs []*source.Source) (compared, nested int) {
	t.Helper()
	for _, src := range srcs {
		for _, doc := range Parse(src) {
			for _, cmd := range doc.CommandsInOrder() {
				sc := cmd.Script
				if sc == nil || sc.File == nil || sc.Err != nil || sc.Dialect != DialectShell {
					continue
				}
				pm := posMap(cmd.ValueRange)
				w := &walker{cmd: cmd, pm: pm, text: cmd.Value}
				var nests []nest
				w.nests = &nests
				w.file(sc.File, callCtx{})
				tmpl := newWalkTemplate(w.calls, nests)
				if tmpl == nil {
					t.Errorf("%s:%d: no template of %q", src.Path, cmd.Range.Start.Line, cmd.Value)
					continue
				}
				checkTemplateOwnsText(t, tmpl, src, cmd)
				got := tmpl.instantiate(cmd, pm)
				if d := diffCalls(got, w.calls); d != "" {
					t.Errorf("%s:%d: %q: the template's calls differ from the walk's: %s", src.Path, cmd.Range.Start.Line, cmd.Value, d)
				}
				compared++
				nested += len(nests)
			}
		}
	}
	return compared, nested
}

// diffCalls describes the first difference between two commands' calls, "" when none.
func diffCalls(got, want []*Call) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d calls, want %d", len(got), len(want))
	}
	index := func(calls []*Call, c *Call) int {
		for i, x := range calls {
			if x == c {
				return i
			}
		}
		return -1
	}
	for i := range got {
		g, w := got[i], want[i]
		gi, wi := index(got, g.Via), index(want, w.Via)
		switch {
		case g == w:
			return fmt.Sprintf("call %d is the walk's own", i)
		case g.Command != w.Command || g.Expr != w.Expr || g.Inner != w.Inner || gi != wi || (g.Via == nil) != (w.Via == nil):
			return fmt.Sprintf("call %d: command, tree or via differ", i)
		case g.Background != w.Background || g.InCond != w.InCond || g.InLoop != w.InLoop || g.Loop != w.Loop || g.InSubst != w.InSubst ||
			g.Piped != w.Piped || g.PipedFrom != w.PipedFrom || g.Negated != w.Negated || g.OrGuarded != w.OrGuarded || g.Depth != w.Depth:
			return fmt.Sprintf("call %d: flags %+v, want %+v", i, *g, *w)
		case g.Name() != w.Name() || g.Text() != w.Text() || g.Range() != w.Range() ||
			g.TextRange(0, len(g.Text())) != w.TextRange(0, len(w.Text())) || g.TextRange(1, 2) != w.TextRange(1, 2):
			return fmt.Sprintf("call %d (%s): name, text or range differ: %v, want %v", i, w.Name(), g.Range(), w.Range())
		case strings.Join(g.Wrappers, " ") != strings.Join(w.Wrappers, " ") || strings.Join(g.Assigns, " ") != strings.Join(w.Assigns, " "):
			return fmt.Sprintf("call %d: wrappers %q assigns %q, want %q %q", i, g.Wrappers, g.Assigns, w.Wrappers, w.Assigns)
		case len(g.Words) != len(w.Words) || len(g.Args) != len(w.Args) || (g.Args == nil) != (w.Args == nil):
			return fmt.Sprintf("call %d: %d words %d args, want %d %d", i, len(g.Words), len(g.Args), len(w.Words), len(w.Args))
		}
		for j := range g.Words {
			gw, ww := g.Words[j], w.Words[j]
			if gw == ww || gw.Value != ww.Value || gw.Lit != ww.Lit || gw.Node != ww.Node || gw.Range() != ww.Range() {
				return fmt.Sprintf("call %d word %d: %q at %v, want %q at %v", i, j, gw.Value, gw.Range(), ww.Value, ww.Range())
			}
		}
		for j := range g.Args {
			if g.Args[j] != g.Words[len(g.Words)-len(g.Args)+j] {
				return fmt.Sprintf("call %d: argument %d is not one of its words", i, j)
			}
		}
	}
	return ""
}

// checkTemplateOwnsText fails when a string of tmpl is a piece of src's text or of the text of
// cmd (the parse's copy of the file, for a plain scalar): a template outlives the file it was
// made from.
func checkTemplateOwnsText(t *testing.T, tmpl *walkTemplate, src *source.Source, cmd *Command) {
	t.Helper()
	within := func(s string, base unsafe.Pointer, n int) bool {
		p, lo := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(base)
		return len(s) > 0 && p >= lo && p < lo+uintptr(n)
	}
	in := func(s string) bool {
		return within(s, unsafe.Pointer(unsafe.SliceData(src.Data)), len(src.Data)) ||
			within(s, unsafe.Pointer(unsafe.StringData(cmd.Value)), len(cmd.Value))
	}
	var strs []string
	for _, c := range tmpl.calls {
		strs = append(strs, c.text, c.name)
		strs = append(strs, c.Wrappers...)
		strs = append(strs, c.Assigns...)
	}
	for _, w := range tmpl.words {
		strs = append(strs, w.Value)
	}
	for _, s := range strs {
		if in(s) {
			t.Errorf("%s: the template keeps %q, a piece of the file", src.Path, s)
			return
		}
	}
}
