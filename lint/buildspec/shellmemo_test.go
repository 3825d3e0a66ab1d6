package buildspec

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestShellTreesShared: a command text met a third time, in the same file or another, is read
// from the tree parsed the second time (the first made it one to keep), and each command's calls
// and words still have its own positions.
func TestShellTreesShared(t *testing.T) {
	useMemo(t, newTreeMemo())
	const cmd = `docker build -t "$IMAGE:$(git rev-parse --short HEAD)" . && docker push "$IMAGE:shared"`
	a := source.NewSource("a.yml", []byte("version: 0.2\nphases:\n  build:\n    commands:\n      - "+cmd+"\n      - make\n      - '"+cmd+"'\n"))
	b := source.NewSource("b.yml", []byte("version: 0.2\nphases:\n  pre_build:\n    commands:\n      - echo start\n  build:\n    commands:\n      - "+cmd+"\n"))
	var cmds []*Command
	var srcs []*source.Source
	for _, src := range []*source.Source{a, b} {
		for _, doc := range Parse(src) {
			for _, c := range doc.CommandsInOrder() {
				if c.Value == cmd {
					cmds = append(cmds, c)
					srcs = append(srcs, src)
				}
			}
		}
	}
	if len(cmds) != 3 {
		t.Fatalf("found %d commands %q, want 3", len(cmds), cmd)
	}
	for i, c := range cmds {
		if c.Script == nil || c.Script.File == nil || c.Script.Err != nil {
			t.Fatalf("command %d: no tree (%+v)", i, c.Script)
		}
		if kept := c.Script.memo != nil; kept != (i > 0) {
			t.Errorf("command %d (%s:%d): its tree kept %v, want %v", i, srcs[i].Path, c.Range.Start.Line, kept, i > 0)
		}
		if i == 2 && c.Script.File != cmds[1].Script.File {
			t.Errorf("command %d (%s:%d) was parsed again: its tree is not the second command's", i, srcs[i].Path, c.Range.Start.Line)
		}
		// Each command's calls are at its own place: `docker push` is the last call.
		calls := c.Script.Calls
		if len(calls) == 0 {
			t.Fatalf("command %d: no calls", i)
		}
		push := calls[len(calls)-1]
		r := push.Words[0].Range()
		at := strings.Index(c.Value, "docker push")
		want := c.ValueRange(at, at+len("docker")).Start
		if r.Start != want || string(srcs[i].Data[r.Start.Offset:r.End.Offset]) != "docker" {
			t.Errorf("command %d: docker push's first word is at %v, want %v (the command's own)", i, r.Start, want)
		}
	}
}

// TestTreeMemoBounds: the memo keeps trees of short texts met twice, parsed without an error or
// a limit, parsed from copies of the texts, and stops keeping them at maxMemoWeight.
func TestTreeMemoBounds(t *testing.T) {
	m := newTreeMemo()
	kept := func(text string) bool {
		_, ok := memoTexts(m)[text]
		return ok
	}
	file := "      - make build && echo done\n"
	text := file[8 : len(file)-1]
	if e, f, lim, err := m.parse(text); f == nil || lim != nil || err != nil || e != nil || kept(text) {
		t.Fatalf("first parse(%q) = %v, %v, %v, %v; kept %v: a text met once is not kept", text, e, f, lim, err, kept(text))
	}
	e, f, lim, err := m.parse(text)
	if f == nil || lim != nil || err != nil || e == nil || e.f != f || !kept(text) {
		t.Fatalf("second parse(%q) = %v, %v, %v, %v; kept %v", text, e, f, lim, err, kept(text))
	}
	if _, g, _, _ := m.parse(text); g != f {
		t.Errorf("the third parse of %q made another tree", text)
	}
	for key := range memoTexts(m) {
		if p, q := uintptr(unsafe.Pointer(unsafe.StringData(key))), uintptr(unsafe.Pointer(unsafe.StringData(file))); p >= q && p < q+uintptr(len(file)) {
			t.Errorf("the memo's text %q is a piece of the file's text: it keeps the file", key)
		}
	}
	for _, text := range []string{
		"echo 'unterminated",                            // a syntax error
		"echo " + strings.Repeat("x", maxMemoText),      // too long to keep
		strings.Repeat("(", MaxShellNesting+1) + "true", // over a limit
	} {
		m.parse(text)
		_, _, lim, err := m.parse(text)
		if kept(text) {
			t.Errorf("kept %.20q... (limit %v, error %v)", text, lim, err)
		}
	}
	// Fill the memo: past maxMemoWeight, texts are parsed and not kept.
	total := 0
	for i := 0; total < 2*maxMemoWeight; i++ {
		text := "echo " + strings.Repeat("y", 500) + strings.Repeat(" z", i%300) + " " + strings.Repeat("w", i/300)
		total += memoWeight(text)
		for range 2 {
			if _, f, _, err := m.parse(text); f == nil || err != nil {
				t.Fatalf("parse %d: %v", i, err)
			}
		}
	}
	sum := 0
	for k, n := range memoTexts(m) {
		sum += memoWeight(k)
		if n != 1 {
			t.Errorf("%.20q... is kept %d times", k, n)
		}
	}
	if sum > maxMemoWeight || sum < maxMemoWeight/2 {
		t.Errorf("the memo keeps trees that weigh %d, want at most %d (and most of it used)", sum, maxMemoWeight)
	}
}

// TestTreeMemoConcurrent: goroutines that parse the same texts at once each get a tree of the
// text, and every text is kept (run with -race to see that readers never meet a writer).
func TestTreeMemoConcurrent(t *testing.T) {
	m := newTreeMemo()
	texts := make([]string, 300)
	for i := range texts {
		texts[i] = fmt.Sprintf("docker build -t img:%d . && docker push img:%d", i, i)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range texts {
				text := texts[(7*k+13*g)%len(texts)] // each goroutine meets every text, in an order of its own
				_, f, _, err := m.parse(text)
				if err != nil || f == nil || len(f.Stmts) != 1 {
					t.Errorf("parse(%q) = %v, %v", text, f, err)
					return
				}
				if end := int(f.Stmts[0].End().Offset()); end != len(text) {
					t.Errorf("parse(%q): a tree of %d bytes", text, end)
				}
			}
		}()
	}
	wg.Wait()
	kept := memoTexts(m)
	for _, text := range texts {
		if kept[text] == 0 {
			t.Errorf("%q is not kept", text)
		}
	}
}

// useMemo makes m the memo of parses until the end of the test (one the tests before have
// filled keeps nothing).
func useMemo(t *testing.T, m *treeMemo) {
	old := shellTrees
	shellTrees = m
	t.Cleanup(func() { shellTrees = old })
}

// memoTexts returns the texts m keeps, with the number of times each is kept (once).
func memoTexts(m *treeMemo) map[string]int {
	out := map[string]int{}
	if snap := m.snap.Load(); snap != nil {
		for k := range *snap {
			out[k]++
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.fresh {
		out[k]++
	}
	return out
}

// TestScriptDecls: Decls lists a script's assignments, declaration clauses and functions in the
// order a walk meets them, once for all the commands of one text, and the same for a text too
// long for the memo.
func TestScriptDecls(t *testing.T) {
	useMemo(t, newTreeMemo())
	const text = `A=1 B=$A make; export C=3 D; f() { E=5; }; declare -x F=6; echo "$(G=7 true)"`
	want := "assign A, assign B, decl export, assign C, assign D, func f, assign E, decl declare, assign -, assign F, assign G"
	long := text + "; " + strings.Repeat("echo x; ", maxMemoText/8) + "H=8"
	src := source.NewSource("d.yml", []byte(fmt.Sprintf("version: 0.2\nphases:\n  build:\n    commands:\n      - %q\n      - %q\n      - %q\n      - %q\n", text, text, text, long)))
	cmds := Parse(src)[0].CommandsInOrder()
	describe := func(sc *Script) string {
		var out []string
		for _, n := range sc.Decls() {
			switch x := n.(type) {
			case *syntax.Assign:
				name := "-" // an option of a declaration clause (declare -x)
				if x.Name != nil {
					name = x.Name.Value
				}
				out = append(out, "assign "+name)
			case *syntax.DeclClause:
				out = append(out, "decl "+x.Variant.Value)
			case *syntax.FuncDecl:
				out = append(out, "func "+x.Name.Value)
			default:
				out = append(out, fmt.Sprintf("%T", n))
			}
		}
		return strings.Join(out, ", ")
	}
	for i, c := range cmds {
		w := want
		if i == 3 {
			w += ", assign H"
		}
		if got := describe(c.Script); got != w {
			t.Errorf("command %d: Decls\n%s\nwant\n%s", i, got, w)
		}
	}
	// The text is kept from its second command on.
	a, b := cmds[1].Script.Decls(), cmds[2].Script.Decls()
	if cmds[1].Script.memo == nil || &a[0] != &b[0] {
		t.Errorf("two commands of one text have Decls of their own (memo %v)", cmds[1].Script.memo != nil)
	}
	if cmds[3].Script.memo != nil {
		t.Errorf("a text of %d bytes is in the memo", len(long))
	}
}
