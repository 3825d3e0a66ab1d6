package install

import (
	"sort"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
)

// A guarded install runs only when the tool is missing: `command -v jq >/dev/null || apt-get
// install -y jq`, `which kubectl || curl ...`, `type X || ...`, `hash X 2>/dev/null || ...`,
// `[ -x "$(command -v X)" ] || ...`, `if ! command -v X; then ...; fi`, `X --version || ...`.
// On an image that has the tool it never runs.

// guardSpan is a part of a shell script that runs only when tool is missing; start and end are
// offsets in the script's AST.
type guardSpan struct {
	start, end uint
	tool       string
}

// markGuards sets the Guard of the installs whose call sits in a part of its script that runs
// only when a tool is missing. A call parsed from an `sh -c` string is judged by the call that
// runs the string.
func markGuards(ins []*Install) {
	type pending struct {
		in   *Install
		pos  uint
		text string // the command the tree was parsed from
	}
	byFile := map[*syntax.File][]pending{}
	var files []*syntax.File
	at := func(in *Install, f *syntax.File, c *buildspec.Call, text string) {
		if _, ok := byFile[f]; !ok {
			files = append(files, f)
		}
		byFile[f] = append(byFile[f], pending{in, c.Expr.Pos().Offset(), text})
	}
	for _, in := range ins {
		outer := in.Call
		for outer != nil && outer.Via != nil {
			outer = outer.Via
		}
		text := "" // the command the trees were parsed from: "" when unknown (always walked)
		if outer != nil && outer.Command != nil {
			text = outer.Command.Value
		}
		// A call inside `sh -c '...'` is guarded by its own string (sh -c 'command -v jq ||
		// apt-get install -y jq') or by the command that runs the string.
		for c := in.Call; c != nil && c.Via != nil; c = c.Via {
			if c.Inner != nil && c.Expr != nil {
				at(in, c.Inner, c, text)
			}
		}
		if outer == nil || outer.Expr == nil || outer.Command == nil || outer.Command.Script == nil || outer.Command.Script.File == nil {
			continue
		}
		at(in, outer.Command.Script.File, outer, text)
	}
	for _, f := range files {
		list := byFile[f]
		if t := list[0].text; t != "" && !strings.Contains(t, "||") && !strings.Contains(t, "&&") && !strings.Contains(t, "if") {
			continue // no guard without one of them: the walk would find no span
		}
		pos := make([]uint, len(list))
		for i, p := range list {
			pos[i] = p.pos
		}
		for i, tool := range innermost(guardSpans(f), pos) {
			if tool != "" && list[i].in.Guard == "" {
				list[i].in.Guard = tool // the innermost string's guard first
			}
		}
	}
	markWindowsGuards(ins)
}

// innermost returns, for each position, the tool of the innermost span that holds it ("" for
// none). Spans come from a syntax tree, so any two are nested or disjoint: one sweep over both
// sorted lists with a stack of the open spans finds them.
func innermost(spans []guardSpan, pos []uint) []string {
	out := make([]string, len(pos))
	if len(spans) == 0 {
		return out
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	order := make([]int, len(pos))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return pos[order[i]] < pos[order[j]] })
	var open []guardSpan
	next := 0
	for _, i := range order {
		p := pos[i]
		for next < len(spans) && spans[next].start <= p {
			for len(open) > 0 && open[len(open)-1].end <= spans[next].start {
				open = open[:len(open)-1]
			}
			open = append(open, spans[next])
			next++
		}
		for len(open) > 0 && open[len(open)-1].end <= p {
			open = open[:len(open)-1]
		}
		if len(open) > 0 {
			out[i] = open[len(open)-1].tool
		}
	}
	return out
}

// guardSpans returns the parts of f that run only when a tool is missing.
func guardSpans(f *syntax.File) []guardSpan {
	var out []guardSpan
	add := func(from, to syntax.Node, tool string) {
		if from != nil && to != nil && from.Pos().IsValid() && to.End().IsValid() {
			out = append(out, guardSpan{from.Pos().Offset(), to.End().Offset(), tool})
		}
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch x := n.(type) {
		case *syntax.BinaryCmd:
			// X || Y runs Y when the test X fails; X && Y runs Y when X succeeds.
			if x.Op != syntax.OrStmt && x.Op != syntax.AndStmt {
				break
			}
			if tool, present, ok := presenceTest(x.X); ok && present == (x.Op == syntax.OrStmt) {
				add(x.Y, x.Y, tool)
			}
		case *syntax.IfClause:
			if len(x.Cond) == 0 {
				break // an else part
			}
			tool, present, ok := presenceTest(x.Cond[len(x.Cond)-1])
			switch {
			case !ok:
			case !present && len(x.Then) > 0:
				add(x.Then[0], x.Then[len(x.Then)-1], tool)
			case present && x.Else != nil:
				add(x.Else, x.Else, tool)
			}
		}
		return true
	})
	return out
}

// presenceTest reads a statement that tests whether a tool is on the PATH: it returns the tool
// and whether the statement succeeds when the tool is present (true) or when it is missing
// (false, under `!` or `[ -z ... ]`). ok is false for any other statement.
func presenceTest(st *syntax.Stmt) (tool string, present, ok bool) {
	if st == nil {
		return "", false, false
	}
	switch x := st.Cmd.(type) {
	case *syntax.CallExpr:
		tool, present, ok = callPresence(x)
	case *syntax.TestClause:
		tool, present, ok = testPresence(x.X)
	case *syntax.Block:
		if len(x.Stmts) == 1 {
			tool, present, ok = presenceTest(x.Stmts[0])
		}
	case *syntax.Subshell:
		if len(x.Stmts) == 1 {
			tool, present, ok = presenceTest(x.Stmts[0])
		}
	}
	if ok && st.Negated {
		present = !present
	}
	return tool, present, ok
}

// versionArgs are the arguments with which running a tool tests that it is there.
var versionArgs = map[string]bool{"--version": true, "-version": true, "version": true, "-v": true, "-V": true}

// callPresence reads `command -v T`, `which T`, `type [-p] T`, `hash T`, `T --version`,
// `[ -x "$(command -v T)" ]`, `test -n "$(which T)"`, `[ -z "$(command -v T)" ]`.
func callPresence(ce *syntax.CallExpr) (tool string, present, ok bool) {
	var args []string
	for _, w := range ce.Args {
		v, lit := buildspec.WordLit(w)
		if !lit {
			v = "" // an expansion: only the test words read it
		}
		args = append(args, v)
	}
	if len(args) == 0 || len(ce.Assigns) > 0 && len(args) == 0 {
		return "", false, false
	}
	name := args[0]
	operands := func(from int) []string {
		var out []string
		for _, a := range args[from:] {
			if !strings.HasPrefix(a, "-") {
				out = append(out, a)
			}
		}
		return out
	}
	switch name {
	case "command":
		if len(args) == 3 && (args[1] == "-v" || args[1] == "-V") && toolName(args[2]) {
			return args[2], true, true
		}
	case "which", "type", "hash":
		if ops := operands(1); len(ops) == 1 && toolName(ops[0]) {
			return ops[0], true, true
		}
	case "[", "test":
		ws := ce.Args[1:]
		if name == "[" {
			if len(ws) == 0 || args[len(args)-1] != "]" {
				return "", false, false
			}
			ws = ws[:len(ws)-1]
		}
		neg := false
		if len(ws) > 0 {
			if v, _ := buildspec.WordLit(ws[0]); v == "!" {
				neg, ws = true, ws[1:]
			}
		}
		if len(ws) != 2 {
			return "", false, false
		}
		op, _ := buildspec.WordLit(ws[0])
		tool, present, ok = substPresence(op, ws[1])
		if ok && neg {
			present = !present
		}
		return tool, present, ok
	default:
		if len(args) == 2 && versionArgs[args[1]] && toolName(name) {
			return name, true, true
		}
	}
	return "", false, false
}

// testPresence reads `[[ -x "$(command -v T)" ]]`, `[[ ! -x ... ]]`, `[[ -z "$(which T)" ]]`.
func testPresence(e syntax.TestExpr) (tool string, present, ok bool) {
	switch x := e.(type) {
	case *syntax.ParenTest:
		return testPresence(x.X)
	case *syntax.UnaryTest:
		if x.Op == syntax.TsNot {
			tool, present, ok = testPresence(x.X)
			return tool, !present, ok
		}
		w, isWord := x.X.(*syntax.Word)
		if !isWord {
			return "", false, false
		}
		return substPresence(x.Op.String(), w)
	}
	return "", false, false
}

// substPresence reads a test operator applied to a command substitution that prints a tool's
// path when it is present: -x, -n, -f, -e, -s "$(command -v T)" succeed when it is present,
// -z when it is missing.
func substPresence(op string, w *syntax.Word) (tool string, present, ok bool) {
	switch op {
	case "-x", "-n", "-f", "-e", "-s", "-L":
		present = true
	case "-z":
		present = false
	default:
		return "", false, false
	}
	cs := onlySubst(w)
	if cs == nil {
		// [ -x /usr/local/bin/kubectl ]: a test of the path where the tool is expected. On an
		// image that has the tool elsewhere the install still runs, so the rules only use the
		// guard to stay silent where the image has the tool, never to claim it is skipped.
		if p, lit := buildspec.WordLit(w); lit && present && op != "-n" && strings.Contains(p, "/") && !strings.HasSuffix(p, "/") {
			base := p[strings.LastIndexByte(p, '/')+1:]
			if toolName(base) && !strings.Contains(base, ".") {
				return base, true, true
			}
		}
		return "", false, false
	}
	if len(cs.Stmts) != 1 {
		return "", false, false
	}
	tool, p, ok := presenceTest(cs.Stmts[0])
	if !ok || !p {
		return "", false, false
	}
	return tool, present, true
}

// onlySubst returns the command substitution that is the whole word ($(...), "$(...)"), or nil.
func onlySubst(w *syntax.Word) *syntax.CmdSubst {
	if w == nil || len(w.Parts) != 1 {
		return nil
	}
	switch p := w.Parts[0].(type) {
	case *syntax.CmdSubst:
		return p
	case *syntax.DblQuoted:
		if len(p.Parts) == 1 {
			cs, _ := p.Parts[0].(*syntax.CmdSubst)
			return cs
		}
	}
	return nil
}

// toolName reports whether s can name a tool that a guard tests: a plain program name.
func toolName(s string) bool {
	return s != "" && !strings.HasPrefix(s, "-") && validName(s) && !strings.Contains(s, "/")
}

// markWindowsGuards sets the Guard of PowerShell installs inside `if (-not (Get-Command X ...))
// { ... }` (or `if (!(Get-Command X))`), read from the command's words, which is all that the
// PowerShell tokeniser gives.
func markWindowsGuards(ins []*Install) {
	byCmd := map[*buildspec.Command][]*Install{}
	var cmds []*buildspec.Command
	for _, in := range ins {
		c := in.Call
		if in.Guard != "" || c == nil || c.Expr != nil || c.Command == nil || c.Command.Script == nil || c.Command.Script.Dialect == buildspec.DialectShell {
			continue
		}
		if _, ok := byCmd[c.Command]; !ok {
			cmds = append(cmds, c.Command)
		}
		byCmd[c.Command] = append(byCmd[c.Command], in)
	}
	for _, cmd := range cmds {
		var words []*buildspec.Word
		for _, k := range cmd.Script.Calls {
			words = append(words, k.Args...)
		}
		list := byCmd[cmd]
		pos := make([]uint, len(list))
		for i, in := range list {
			pos[i] = uint(in.Range.Start.Offset)
		}
		for i, tool := range innermost(windowsGuards(words), pos) {
			list[i].Guard = tool
		}
	}
}

// windowsGuards returns the bodies of `if (-not (Get-Command X)) { ... }` among PowerShell
// words, as file offsets.
func windowsGuards(words []*buildspec.Word) []guardSpan {
	var out []guardSpan
	nextOpen, closes := braceIndex(words)
	for i := 0; i < len(words); i++ {
		if !strings.EqualFold(words[i].Value, "if") && !strings.EqualFold(strings.TrimLeft(words[i].Value, "}"), "elseif") {
			continue
		}
		j, neg := i+1, false
		for ; j < len(words); j++ {
			v := strings.ToLower(strings.TrimLeft(words[j].Value, "("))
			if v == "-not" || v == "!" {
				neg = true
				continue
			}
			if strings.HasPrefix(v, "!") {
				neg, v = true, strings.TrimLeft(v[1:], "(")
			}
			if v == "get-command" && j+1 < len(words) {
				j++
				break
			}
			j = len(words)
		}
		if !neg || j >= len(words) {
			continue
		}
		tool := strings.TrimRight(words[j].Value, ")")
		if !toolName(tool) {
			continue
		}
		// The body: from the first word that opens a brace to the word that closes it.
		if start := nextOpen[j+1]; start < len(words) {
			if end := closes[start]; end < len(words) {
				out = append(out, guardSpan{uint(words[start].Range().Start.Offset), uint(words[end].Range().End.Offset), tool})
			}
		}
	}
	return out
}

// braceIndex returns, for each word index k, the first word at or after k that holds a "{"
// (nextOpen, len(words) if none, with one extra entry), and, for each word, the word where the
// braces counted from it close again (closes, len(words) if they never do): the first word
// whose running brace count falls to the count before it. One pass each, with a stack.
func braceIndex(words []*buildspec.Word) (nextOpen, closes []int) {
	n := len(words)
	nextOpen = make([]int, n+1)
	nextOpen[n] = n
	for k := n - 1; k >= 0; k-- {
		nextOpen[k] = nextOpen[k+1]
		if strings.Contains(words[k].Value, "{") {
			nextOpen[k] = k
		}
	}
	// before[k] is the running count before word k, after[k] after it; closes[s] is the first
	// k >= s with after[k] <= before[s].
	closes = make([]int, n)
	before := make([]int, n)
	after := make([]int, n)
	depth := 0
	for k, w := range words {
		before[k] = depth
		depth += strings.Count(w.Value, "{") - strings.Count(w.Value, "}")
		after[k] = depth
		closes[k] = n
	}
	var waiting []int // word indexes whose close is not found, by increasing before value
	for k := 0; k < n; k++ {
		for len(waiting) > 0 && before[waiting[len(waiting)-1]] >= after[k] {
			closes[waiting[len(waiting)-1]] = k
			waiting = waiting[:len(waiting)-1]
		}
		if after[k] <= before[k] {
			closes[k] = k
			continue
		}
		waiting = append(waiting, k)
	}
	return nextOpen, closes
}
