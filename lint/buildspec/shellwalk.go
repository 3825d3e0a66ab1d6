package buildspec

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// This file walks a parsed shell script into Calls: simple commands with their literal words,
// wrappers (sudo, env, time, ...) stripped, nested sh -c scripts read too, and every word's
// offsets mapped back to the file.

type callCtx struct {
	background, inCond, inLoop, inSubst, negated, orGuarded bool
	piped, pipedFrom                                        bool
	loop                                                    string
	depth                                                   int
	via                                                     *Call
	inner                                                   *syntax.File
}

type walker struct {
	cmd   *Command
	pm    posMap
	text  string // the text that offsets in the AST refer to
	calls []*Call
	// nests records the `sh -c` strings read (nil: not recorded), for a walk template.
	nests *[]nest
}

// nest is an `sh -c` string read by the walk: the calls of via's word via.Words[word], whose
// offsets segs map to the text of via.
type nest struct {
	via  *Call
	word int
	segs []segment
}

func (w *walker) file(f *syntax.File, ctx callCtx) {
	for _, st := range f.Stmts {
		w.stmt(st, ctx)
	}
}

func (w *walker) stmts(list []*syntax.Stmt, ctx callCtx) {
	for _, st := range list {
		w.stmt(st, ctx)
	}
}

func (w *walker) stmt(st *syntax.Stmt, ctx callCtx) {
	if st == nil {
		return
	}
	if st.Background || st.Coprocess {
		ctx.background = true
	}
	if st.Negated {
		ctx.negated = true
	}
	for _, r := range st.Redirs {
		if r.Word != nil {
			w.wordSubst(r.Word, ctx)
		}
		if r.Hdoc != nil {
			w.wordSubst(r.Hdoc, ctx)
		}
	}
	w.cmdNode(st.Cmd, ctx)
}

func (w *walker) cmdNode(n syntax.Command, ctx callCtx) {
	switch x := n.(type) {
	case *syntax.CallExpr:
		w.call(x, ctx)
	case *syntax.BinaryCmd:
		w.chain(x, ctx)
	case *syntax.Block:
		w.stmts(x.Stmts, ctx)
	case *syntax.Subshell:
		w.stmts(x.Stmts, ctx)
	case *syntax.IfClause:
		for c := x; c != nil; c = c.Else {
			cc := ctx
			cc.inCond = true
			w.stmts(c.Cond, cc)
			w.stmts(c.Then, ctx)
		}
	case *syntax.WhileClause:
		lc := ctx
		lc.inLoop = true
		lc.loop = "while"
		if x.Until {
			lc.loop = "until"
		}
		cc := lc
		cc.inCond = true
		w.stmts(x.Cond, cc)
		w.stmts(x.Do, lc)
	case *syntax.ForClause:
		lc := ctx
		lc.inLoop = true
		lc.loop = "for"
		if wi, ok := x.Loop.(*syntax.WordIter); ok {
			for _, it := range wi.Items {
				w.wordSubst(it, ctx)
			}
		}
		w.stmts(x.Do, lc)
	case *syntax.CaseClause:
		w.wordSubst(x.Word, ctx)
		for _, it := range x.Items {
			w.stmts(it.Stmts, ctx)
		}
	case *syntax.FuncDecl:
		// A function body runs when the function is called; its calls are still listed so that
		// rules see what it does, in the order written.
		w.stmt(x.Body, ctx)
	case *syntax.TimeClause:
		w.stmt(x.Stmt, ctx)
	case *syntax.DeclClause:
		for _, a := range x.Args {
			w.assign(a, ctx)
		}
	case *syntax.LetClause, *syntax.ArithmCmd, *syntax.TestClause, *syntax.CoprocClause, *syntax.TestDecl:
		syntax.Walk(x, func(n syntax.Node) bool {
			if cs, ok := n.(*syntax.CmdSubst); ok {
				sc := ctx
				sc.inSubst = true
				w.stmts(cs.Stmts, sc)
				return false
			}
			return true
		})
	}
}

// chain walks a list of BinaryCmds (`a | b | c`, `a && b || c`) without recursing along it: the
// parser makes such lists left-deep, X holding all but the last element, so a recursive walk
// would go as deep as the list is long.
func (w *walker) chain(b *syntax.BinaryCmd, ctx callCtx) {
	// The spine, outermost first, and the context each X side is walked in.
	type link struct {
		b   *syntax.BinaryCmd
		ctx callCtx
	}
	var buf [8]link
	spine := buf[:0]
	for {
		spine = append(spine, link{b, ctx})
		// The left side's context: what this operator gives X.
		l := ctx
		if b.Op == syntax.Pipe || b.Op == syntax.PipeAll {
			l.piped = true
		}
		x := b.X
		if x == nil {
			break
		}
		inner, ok := x.Cmd.(*syntax.BinaryCmd)
		if !ok || len(x.Redirs) > 0 || x.Background || x.Coprocess || x.Negated {
			w.stmt(x, l)
			break
		}
		b, ctx = inner, l
	}
	// Then the right sides, innermost first: the order in which a recursive walk reaches them.
	for i := len(spine) - 1; i >= 0; i-- {
		b, ctx := spine[i].b, spine[i].ctx
		r := ctx
		switch b.Op {
		case syntax.Pipe, syntax.PipeAll:
			r.pipedFrom = true
		case syntax.OrStmt:
			r.orGuarded = true
		}
		w.stmt(b.Y, r)
	}
}

func (w *walker) assign(a *syntax.Assign, ctx callCtx) {
	if a == nil {
		return
	}
	if a.Value != nil {
		w.wordSubst(a.Value, ctx)
	}
	if a.Array != nil {
		for _, e := range a.Array.Elems {
			if e.Value != nil {
				w.wordSubst(e.Value, ctx)
			}
		}
	}
}

// wordSubst walks the command substitutions inside a word.
func (w *walker) wordSubst(word *syntax.Word, ctx callCtx) {
	if word == nil || plainWord(word.Parts) {
		return // most words: no walk, and no closure to allocate
	}
	syntax.Walk(word, func(n syntax.Node) bool {
		switch x := n.(type) {
		case *syntax.CmdSubst:
			sc := ctx
			sc.inSubst = true
			sc.piped, sc.pipedFrom = false, false
			w.stmts(x.Stmts, sc)
			return false
		case *syntax.ProcSubst:
			sc := ctx
			sc.inSubst = true
			w.stmts(x.Stmts, sc)
			return false
		}
		return true
	})
}

// plainWord reports whether word parts are literals, quoted literals and plain parameter
// expansions ($a, ${a}, ${#a}: nothing that syntax.Walk enters) only, with no substitution
// inside.
func plainWord(parts []syntax.WordPart) bool {
	for _, p := range parts {
		switch x := p.(type) {
		case *syntax.Lit, *syntax.SglQuoted:
		case *syntax.DblQuoted:
			if !plainWord(x.Parts) {
				return false
			}
		case *syntax.ParamExp:
			if x.NestedParam != nil || x.Index != nil || x.Slice != nil || x.Repl != nil || x.Exp != nil {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// wrappers that run their arguments as a command, with the number of option words they take.
var wrapperNames = map[string]bool{
	"sudo": true, "nohup": true, "timeout": true, "env": true, "exec": true, "command": true,
	"time": true, "nice": true, "ionice": true, "stdbuf": true, "xargs": false, "doas": true,
}

func (w *walker) call(ce *syntax.CallExpr, ctx callCtx) {
	for _, a := range ce.Assigns {
		w.assign(a, ctx)
	}
	for _, word := range ce.Args {
		w.wordSubst(word, ctx)
	}
	if len(ce.Args) == 0 {
		return
	}
	c, ws, words := newCall(len(ce.Args))
	*c = Call{
		Command:    w.cmd,
		Background: ctx.background,
		InCond:     ctx.inCond,
		InLoop:     ctx.inLoop,
		Loop:       ctx.loop,
		InSubst:    ctx.inSubst,
		Piped:      ctx.piped,
		PipedFrom:  ctx.pipedFrom,
		Negated:    ctx.negated,
		OrGuarded:  ctx.orGuarded,
		Depth:      ctx.depth,
		Via:        ctx.via,
		Inner:      ctx.inner,
		Expr:       ce,
		text:       w.text,
		pm:         w.pm,
	}
	for _, a := range ce.Assigns {
		if a.Name != nil {
			v := ""
			if a.Value != nil {
				v, _ = WordLit(a.Value)
			}
			c.Assigns = append(c.Assigns, a.Name.Value+"="+v)
		}
	}
	c.at = span{start: int(ce.Pos().Offset()), end: int(ce.End().Offset()), pm: w.pm}
	for i, a := range ce.Args {
		ws[i] = w.word(a)
		words[i] = &ws[i]
	}
	c.Words = words
	c.Args = stripWrappers(c, words)
	if len(c.Args) > 0 {
		c.name, c.nameOf = c.Name(), c.Args[0]
	}
	if w.calls == nil {
		w.calls = make([]*Call, 0, 4) // most commands hold a few calls: grow once, not thrice
	}
	w.calls = append(w.calls, c)
	w.nested(c, ctx)
}

// newCall allocates a Call with room for n words, together in one allocation when n is small
// (most calls): the returned slices have length and capacity n.
func newCall(n int) (*Call, []Word, []*Word) {
	switch n {
	case 1:
		x := new(callWords[[1]Word, [1]*Word])
		return &x.c, x.w[:], x.p[:]
	case 2:
		x := new(callWords[[2]Word, [2]*Word])
		return &x.c, x.w[:], x.p[:]
	case 3:
		x := new(callWords[[3]Word, [3]*Word])
		return &x.c, x.w[:], x.p[:]
	case 4:
		x := new(callWords[[4]Word, [4]*Word])
		return &x.c, x.w[:], x.p[:]
	case 5:
		x := new(callWords[[5]Word, [5]*Word])
		return &x.c, x.w[:], x.p[:]
	case 6:
		x := new(callWords[[6]Word, [6]*Word])
		return &x.c, x.w[:], x.p[:]
	case 7:
		x := new(callWords[[7]Word, [7]*Word])
		return &x.c, x.w[:], x.p[:]
	case 8:
		x := new(callWords[[8]Word, [8]*Word])
		return &x.c, x.w[:], x.p[:]
	}
	return new(Call), make([]Word, n), make([]*Word, n)
}

// callWords is a Call and its words in one allocation (W is [n]Word, P is [n]*Word).
type callWords[W, P any] struct {
	c Call
	w W
	p P
}

func (w *walker) word(a *syntax.Word) Word {
	v, ok := WordLit(a)
	if !ok {
		v = w.source(a)
	}
	return Word{Value: v, Lit: ok, Node: a, at: span{start: int(a.Pos().Offset()), end: int(a.End().Offset()), pm: w.pm}}
}

// stripWrappers removes sudo, nohup, timeout N, env A=b, exec, command, time, ... from the
// front of words, recording them on c.
func stripWrappers(c *Call, words []*Word) []*Word {
	for len(words) > 0 {
		name := BaseName(words[0].Value)
		if !words[0].Lit || !wrapperNames[name] {
			break
		}
		rest := words[1:]
		switch name {
		case "sudo", "doas":
			rest = skipOptions(rest, map[string]bool{"-u": true, "-g": true, "-C": true, "-h": false, "-p": true, "-U": true, "-r": true, "-t": true})
			// sudo VAR=value cmd sets VAR for cmd, like env.
			for len(rest) > 0 && isAssignWord(rest[0].Value) {
				c.Assigns = append(c.Assigns, rest[0].Value)
				rest = rest[1:]
			}
		case "timeout":
			rest = skipOptions(rest, map[string]bool{"-s": true, "-k": true, "--signal": true, "--kill-after": true, "-t": true})
			if len(rest) > 0 && LooksLikeDuration(rest[0].Value) {
				rest = rest[1:]
			}
		case "env":
			for len(rest) > 0 {
				v := rest[0].Value
				if strings.HasPrefix(v, "-") {
					if v == "-u" && len(rest) > 1 {
						rest = rest[1:]
					}
					rest = rest[1:]
					continue
				}
				if i := strings.IndexByte(v, '='); i > 0 {
					c.Assigns = append(c.Assigns, v)
					rest = rest[1:]
					continue
				}
				break
			}
		case "command":
			// `command -v x` and `command -V x` look a program up; they do not run it.
			if len(rest) > 0 && (rest[0].Value == "-v" || rest[0].Value == "-V") {
				return words
			}
			rest = skipOptions(rest, nil)
		case "nice", "ionice", "stdbuf":
			rest = skipOptions(rest, map[string]bool{"-n": true, "-c": true, "-i": true, "-o": true, "-e": true})
		default: // nohup, exec, time
			rest = skipOptions(rest, nil)
		}
		if len(rest) == 0 {
			break
		}
		c.Wrappers = append(c.Wrappers, name)
		words = rest
	}
	return words
}

// isAssignWord reports whether v is NAME=value with a valid shell variable name.
func isAssignWord(v string) bool {
	i := strings.IndexByte(v, '=')
	if i <= 0 {
		return false
	}
	for j, r := range v[:i] {
		if r != '_' && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (j == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func skipOptions(words []*Word, withArg map[string]bool) []*Word {
	for len(words) > 0 && strings.HasPrefix(words[0].Value, "-") && words[0].Value != "-" {
		v := words[0].Value
		words = words[1:]
		if v == "--" {
			break
		}
		if withArg[v] && len(words) > 0 {
			words = words[1:]
		}
	}
	return words
}

// LooksLikeDuration reports whether v is a timeout duration: a number with an optional s, m, h
// or d suffix ("15", "1.5m").
func LooksLikeDuration(v string) bool {
	if v == "" {
		return false
	}
	v = strings.TrimRight(v, "smhd")
	for _, r := range v {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return v != ""
}

// BaseName returns a program path's last element, for / and \ paths ("/usr/local/bin/dockerd"
// and "C:\tools\choco.exe" give "dockerd" and "choco.exe").
func BaseName(v string) string {
	if i := strings.LastIndexAny(v, `/\`); i >= 0 {
		return v[i+1:]
	}
	return v
}

// shells whose -c string is parsed recursively.
var shellNames = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "zsh": true, "ksh": true}

// nested parses the string of `sh -c '...'` as shell and adds its calls, with offsets mapped
// back to the file through the string's own segments.
func (w *walker) nested(c *Call, ctx callCtx) {
	if !shellNames[c.Name()] || ctx.depth >= MaxShellDepth {
		return
	}
	for i := 1; i+1 < len(c.Args); i++ {
		a := c.Args[i].Value
		if !strings.HasPrefix(a, "-") || a == "--" {
			return
		}
		if !strings.Contains(a, "c") || strings.HasPrefix(a, "--") {
			continue
		}
		arg := c.Args[i+1]
		if arg.Node == nil {
			return
		}
		inner, ok := wordInner(arg.Node)
		if !ok {
			return
		}
		// Map offsets of the inner string to offsets of the outer text, then to the file.
		outerStart := int(arg.Node.Pos().Offset())
		outerText := w.text
		var segs []segment
		if outerText != "" && outerStart < len(outerText) {
			segs = alignWord(inner, outerText, outerStart)
		}
		pm := nestedMap(w.pm, segs, arg)
		f, lim, err := parseBounded(inner)
		if lim != nil || err != nil || f == nil {
			return
		}
		ic := ctx
		ic.depth++
		ic.via = c
		ic.inner = f
		ic.piped, ic.pipedFrom, ic.orGuarded = false, false, false
		if w.nests != nil {
			*w.nests = append(*w.nests, nest{via: c, word: len(c.Words) - len(c.Args) + i + 1, segs: segs})
		}
		sub := &walker{cmd: w.cmd, pm: pm, text: inner, calls: w.calls, nests: w.nests}
		sub.file(f, ic) // the inner calls follow c in w.calls
		w.calls = sub.calls
		return
	}
}

// nestedMap maps offsets of an `sh -c` string, the word arg of a text that outer maps, to the
// file: through segs, the string's segments in that text (the word's range without them).
func nestedMap(outer posMap, segs []segment, arg *Word) posMap {
	return func(s, e int) source.Range {
		if len(segs) == 0 {
			return arg.Range()
		}
		return outer(mapOffset(segs, s, false), mapOffset(segs, e, true))
	}
}

// alignWord maps the decoded content of a quoted shell word to its source text.
func alignWord(inner, text string, start int) []segment {
	q := byte(0)
	if start < len(text) {
		switch text[start] {
		case '\'':
			start++
			q = 1 // nothing is escaped inside single quotes
		case '"':
			start++
			q = '\\'
		}
	}
	var segs []segment
	i, j := 0, start
	for i < len(inner) && j < len(text) {
		if q == '\\' && text[j] == '\\' && j+1 < len(text) && strings.ContainsRune("\"\\$`", rune(text[j+1])) && inner[i] == text[j+1] {
			// an escaped character inside double quotes: one byte of the string, two of the text
			segs = append(segs, segment{Val: i, File: j, Len: 1, Esc: 2})
			i++
			j += 2
			continue
		}
		if inner[i] == text[j] {
			segs = addByte(segs, i, j)
			i++
		}
		j++
	}
	return segs
}

// wordInner returns the literal content of a word that is a string (quoted or not).
func wordInner(word *syntax.Word) (string, bool) {
	return WordLit(word)
}

// WordLit returns the literal value of a word as the shell reads it: its literal, single- and
// double-quoted parts joined, escapes removed. ok is false when it holds an expansion.
func WordLit(word *syntax.Word) (string, bool) {
	if word == nil {
		return "", false
	}
	if len(word.Parts) == 1 { // most words: the value without a copy
		switch x := word.Parts[0].(type) {
		case *syntax.Lit:
			return unescapeLit(x.Value), true
		case *syntax.SglQuoted:
			return x.Value, true
		}
	}
	var b strings.Builder
	for _, p := range word.Parts {
		if !partLit(&b, p) {
			return "", false
		}
	}
	return b.String(), true
}

func partLit(b *strings.Builder, p syntax.WordPart) bool {
	switch x := p.(type) {
	case *syntax.Lit:
		b.WriteString(unescapeLit(x.Value))
	case *syntax.SglQuoted:
		b.WriteString(x.Value)
	case *syntax.DblQuoted:
		for _, q := range x.Parts {
			switch y := q.(type) {
			case *syntax.Lit:
				b.WriteString(unescapeDbl(y.Value))
			default:
				if !partLit(b, q) {
					return false
				}
			}
		}
	default:
		return false
	}
	return true
}

// unescapeLit removes the backslashes of an unquoted literal (`a\ b` is "a b").
func unescapeLit(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapeDbl removes the backslashes that escape \ " $ ` and newlines inside double quotes.
func unescapeDbl(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\\"$`\n", s[i+1]) >= 0 {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// source returns a word's text as written: a slice of the text the AST was parsed from (printing
// the word instead would cost time in proportion to everything nested in it, for every word).
func (w *walker) source(a *syntax.Word) string {
	s, e := int(a.Pos().Offset()), int(a.End().Offset())
	if 0 <= s && s <= e && e <= len(w.text) {
		return w.text[s:e]
	}
	return wordSource(a)
}

// wordSource prints a word back as shell source.
func wordSource(word *syntax.Word) string {
	var b strings.Builder
	syntax.NewPrinter(syntax.Minify(false)).Print(&b, word)
	return b.String()
}
