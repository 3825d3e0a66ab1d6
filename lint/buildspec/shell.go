package buildspec

import (
	"strconv"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Dialect says how a command is read.
type Dialect int

// The dialects. CodeBuild runs Linux commands with /bin/sh unless env.shell says otherwise, and
// Windows images with PowerShell (CodeBuild's page on shells and commands in build environments).
const (
	DialectShell Dialect = iota
	DialectPowerShell
	DialectCmd
)

// MaxShellDepth bounds how deep `sh -c "..."` strings are parsed recursively.
const MaxShellDepth = 8

// MaxShellNesting bounds how deeply brackets ((, {, [, $( and the like) nest in one command.
// The shell parser recurses once per level, and more than a few hundred levels cost it
// superlinear time (and, in the hundreds of thousands, the whole stack): a deeper command is
// reported and not parsed. Real commands nest a handful of levels.
const MaxShellNesting = 64

// MaxShellTokens bounds the size of one command in tokens: words, and each operator or other
// punctuation character (|, &&, ||, ;, &, !, +, ...). The shell parser recurses once per level of
// if, while, case, time, function, test and arithmetic nesting, none of which needs a bracket
// (`time time time ...`, `[[ ! ! ! ...`, `$((1**1**1...))`): a few hundred thousand levels overflow
// the Go stack, which kills the process. A bigger command is reported and not parsed. It keeps
// the parser's stack under about 16 MB; real commands have a few hundred tokens.
const MaxShellTokens = 10_000

// MaxShellTreeDepth bounds how deep a command's syntax tree may be. Long `a | b | c ...` and
// `a && b && ...` chains, which the parser reads without recursion, make trees as deep as
// the chain is long, and every recursive walk over the tree (syntax.Walk, used by rules) spends
// over a kilobyte of stack per level. A deeper command is reported and not checked.
const MaxShellTreeDepth = 1_000

// MaxDocumentTokens bounds the tokens (see ShellTokens) of all the commands of one document, or
// all the RUN instructions of one Dockerfile, together. Each command under MaxShellTokens is
// cheap, but reading a call costs a few hundred bytes: a 4 MiB file of `a;a;a;...` held 1.7 GB.
// The commands past it are not checked. Real buildspecs have a few thousand tokens.
const MaxDocumentTokens = 200_000

// Script is one command read as shell: its calls in source order.
type Script struct {
	Dialect Dialect
	Calls   []*Call
	// Err is set when the command is not valid shell; Calls then holds what could be read.
	Err *ShellError
	// File is the parsed shell AST (nil for PowerShell and cmd); offsets in it are offsets of
	// the command's value, not of the file: use Command.ValueRange.
	File *syntax.File
}

// ShellError is a shell syntax error with its position in the buildspec file.
type ShellError struct {
	Range   source.Range
	Message string
	// Limit is true when the command was not checked because it is over MaxShellNesting,
	// MaxShellTokens or MaxShellTreeDepth.
	Limit bool
}

// Word is one shell word (an argument of a call).
type Word struct {
	// Value is the word's literal value with quotes removed. Lit is false when the word holds an
	// expansion ($VAR, $(...), globs are kept literally), in which case Value is its source text.
	Value string
	Lit   bool
	Range source.Range
	// Node is the word in the shell AST (nil for PowerShell and cmd).
	Node *syntax.Word
}

// Call is one simple command: a program with its arguments.
type Call struct {
	// Args are the words after the wrappers (sudo, nohup, timeout N, env A=b, exec, command,
	// time) and assignments; Args[0] is the program.
	Args []*Word
	// Wrappers are the program names of the wrappers that were stripped, outermost first.
	Wrappers []string
	// Words are all the words of the call as written, wrappers and their options included
	// (Args is a suffix of Words). Rules that judge a wrapper's options read them.
	Words []*Word
	// Assigns are the NAME=value prefixes (including those given to env).
	Assigns []string
	// Range covers the whole call as written, wrappers included.
	Range   source.Range
	Command *Command
	// Background is true when the call runs with & (or inside something that does).
	Background bool
	// InCond is true when the call is the condition of an if, while or until.
	InCond bool
	// InLoop is true when the call is inside a while, until or for loop (condition or body).
	InLoop bool
	// Loop is the kind of the innermost enclosing loop: "while", "until", "for" or "".
	Loop string
	// InSubst is true when the call runs in a command substitution $(...) or `...`.
	InSubst bool
	// Piped is true when the call's output goes into a pipe; PipedFrom when its input comes from one.
	Piped, PipedFrom bool
	// Negated is true under `!`; OrGuarded is true when the call is the right side of `||`.
	Negated, OrGuarded bool
	// Depth is the number of `sh -c` strings the call sits in.
	Depth int
	// Via is the `sh -c` (or bash -c, ...) call this one was parsed from, or nil.
	Via *Call
	// Inner is the parsed `sh -c` string that Expr belongs to, nil for a call of the command
	// itself (whose tree is Command.Script.File).
	Inner *syntax.File
	// Expr is the call in the shell AST (nil for PowerShell and cmd).
	Expr *syntax.CallExpr

	// name caches Name for the word nameOf (a copy of the call with other Args recomputes it).
	name   string
	nameOf *Word
}

// Name returns the program's base name ("dockerd" for /usr/local/bin/dockerd), or "".
func (c *Call) Name() string {
	if len(c.Args) == 0 {
		return ""
	}
	if c.nameOf == c.Args[0] {
		return c.name
	}
	v := c.Args[0].Value
	if i := strings.LastIndexAny(v, `/\`); i >= 0 {
		v = v[i+1:]
	}
	return v
}

// Arg returns the literal value of argument i, or "" when it is missing.
func (c *Call) Arg(i int) string {
	if i < 0 || i >= len(c.Args) {
		return ""
	}
	return c.Args[i].Value
}

// HasWrapper reports whether the call was wrapped in the named program (nohup, sudo, ...).
func (c *Call) HasWrapper(name string) bool {
	for _, w := range c.Wrappers {
		if w == name {
			return true
		}
	}
	return false
}

// posMap maps offsets of a text (a command's value, or a `sh -c` string) to file ranges.
type posMap func(start, end int) source.Range

// ParseScript reads cmd as shell or, for PowerShell and cmd, tokenises it.
func ParseScript(cmd *Command, dialect Dialect) *Script {
	sc := &Script{Dialect: dialect}
	pm := posMap(cmd.ValueRange)
	if dialect != DialectShell {
		var over int
		if sc.Calls, over = tokenizeWindows(cmd, cmd.Value, pm); over >= 0 {
			sc.Calls = nil
			sc.Err = &ShellError{Range: pm(over, over+1), Limit: true, Message: tooManyTokensMsg}
		}
		return sc
	}
	f, lim, err := parseBounded(cmd.Value)
	if lim != nil {
		sc.Err = &ShellError{Range: pm(lim.off, lim.off+1), Limit: true, Message: lim.msg}
		return sc
	}
	sc.File = f
	if err != nil {
		sc.Err = shellError(err, cmd.Value, pm)
	}
	if f != nil {
		w := &walker{cmd: cmd, pm: pm, text: cmd.Value}
		w.file(f, callCtx{})
		sc.Calls = w.calls
	}
	return sc
}

// shellParsers reuses parsers: a new one costs more than parsing a short command.
var shellParsers = sync.Pool{New: func() any {
	return syntax.NewParser(syntax.Variant(syntax.LangBash), syntax.KeepComments(false))
}}

func parseShell(text string) (*syntax.File, error) {
	p := shellParsers.Get().(*syntax.Parser)
	defer shellParsers.Put(p)
	return p.Parse(strings.NewReader(text), "")
}

var tooManyTokensMsg = "command has more than " + strconv.Itoa(MaxShellTokens) + " words and operators: it is not checked; split it into several commands or move it into a script file"

// overLimit is a command that is not checked because it goes over a limit at byte off.
type overLimit struct {
	off int
	msg string
}

// parseBounded parses text as shell unless it is over MaxShellNesting or MaxShellTokens (the
// parser's own recursion), and returns no tree when the tree is over MaxShellTreeDepth (the
// recursion of every walk over it).
func parseBounded(text string) (*syntax.File, *overLimit, error) {
	if off := tooDeep(text); off >= 0 {
		return nil, &overLimit{off, "command nests brackets more than " + strconv.Itoa(MaxShellNesting) + " levels deep: it is not checked; split it into several commands"}, nil
	}
	tokens, over := ShellTokens(text, MaxShellTokens)
	if over >= 0 {
		return nil, &overLimit{over, tooManyTokensMsg}, nil
	}
	f, err := parseShell(text)
	if f != nil && treeLevelsPerToken*(tokens+2) > MaxShellTreeDepth {
		if n := treeTooDeep(f); n != nil {
			return nil, &overLimit{min(max(int(opPos(n).Offset()), 0), len(text)), "command is more than " + strconv.Itoa(MaxShellTreeDepth) +
				" levels deep (long | && || chains or nested if, while, case, function or arithmetic): it is not checked; split it into several commands"}, nil
		}
	}
	return f, nil, err
}

// opPos returns the position of a node's operator (where a left-deep chain `a | b | c` grows
// deeper: its nodes all start at `a`), else its start.
func opPos(n syntax.Node) syntax.Pos {
	if st, ok := n.(*syntax.Stmt); ok && st.Cmd != nil {
		n = st.Cmd
	}
	switch x := n.(type) {
	case *syntax.BinaryCmd:
		return x.OpPos
	case *syntax.BinaryArithm:
		return x.OpPos
	case *syntax.BinaryTest:
		return x.OpPos
	}
	return n.Pos()
}

// treeLevelsPerToken bounds how many levels of a command's syntax tree one token (see
// ShellTokens) can add: a level nests inside another only past an operator, a bracket or a
// keyword, each a token, and a word adds a few levels of its own (File, Stmt, CallExpr, Word,
// DblQuoted, Lit). A command of fewer than MaxShellTreeDepth/treeLevelsPerToken tokens (most
// commands) is therefore under MaxShellTreeDepth without walking its tree; TestTreeDepthPerToken
// checks the bound on the densest shapes.
const treeLevelsPerToken = 8

// ShellTokens counts the tokens of a command, as MaxShellTokens and MaxDocumentTokens count
// them, up to limit+1: n is the count and over the offset of the token that goes past limit, or
// -1. A token is a run of letters, digits, '_', '.', quotes and backslashes (none of which
// nests), or any other character that is not blank; quoting is ignored, so a quoted string
// counts as its words and punctuation (a cheap guard that overcounts, never a parser).
func ShellTokens(text string, limit int) (n, over int) {
	inWord := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			inWord = false
			continue
		case c == '_' || c == '.' || c == '\\' || c == '\'' || c == '"' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' || c >= 0x80:
			if inWord {
				continue
			}
			inWord = true
		default:
			inWord = false
		}
		if n++; n > limit {
			return n, i
		}
	}
	return n, -1
}

// treeTooDeep returns the node at which f's tree goes deeper than MaxShellTreeDepth, or nil.
// The walk stops descending at the limit, so its own recursion is bounded.
func treeTooDeep(f *syntax.File) syntax.Node {
	depth := 0
	var deep syntax.Node
	syntax.Walk(f, func(n syntax.Node) bool {
		if n == nil {
			depth--
			return true
		}
		if deep != nil {
			return false
		}
		if depth >= MaxShellTreeDepth {
			deep = n
			return false
		}
		depth++
		return true
	})
	return deep
}

// tooDeep returns the offset of the bracket that takes text past MaxShellNesting levels, or -1.
// It ignores quoting, so it overcounts brackets inside quotes that never close: a cheap guard,
// not a parser.
func tooDeep(text string) int {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '(', '{', '[':
			if depth++; depth > MaxShellNesting {
				return i
			}
		case ')', '}', ']':
			if depth > 0 {
				depth--
			}
		}
	}
	return -1
}

func shellError(err error, text string, pm posMap) *ShellError {
	msg := err.Error()
	off := 0
	if pe, ok := err.(syntax.ParseError); ok {
		off = int(pe.Pos.Offset())
		msg = pe.Text
	} else if le, ok := err.(syntax.LangError); ok {
		off = int(le.Pos.Offset())
		msg = strings.TrimPrefix(le.Error(), le.Pos.String()+": ")
	}
	if off > len(text) {
		off = len(text)
	}
	end := off + 1
	if end > len(text) {
		end = len(text)
	}
	if s, e, m := doubledBraces(text, off); m != "" {
		return &ShellError{Range: pm(s, e), Message: m}
	}
	return &ShellError{Range: pm(off, end), Message: msg}
}

// doubledBraces explains a parse error at off that sits in "${{name}}", the template syntax of
// other CI systems, which the shell reads as a bad parameter name: it returns the span of the
// whole "${{...}}" and a message that shows it and the shell form; "" when off is elsewhere.
func doubledBraces(text string, off int) (start, end int, msg string) {
	start = strings.LastIndex(text[:min(off+3, len(text))], "${{")
	if start < 0 || start > off || off-start > 3 {
		return 0, 0, ""
	}
	j := strings.Index(text[start+3:], "}}")
	if j < 0 {
		return 0, 0, ""
	}
	end = start + 3 + j + 2
	name := strings.TrimSpace(text[start+3 : start+3+j])
	if isShellName(name) {
		return start, end, text[start:end] + " is not a parameter expansion (its braces are doubled): write ${" + name + "}"
	}
	return start, end, text[start:end] + " is not a parameter expansion: ${{ }} is the template syntax of other CI systems, and CodeBuild does not expand it; use a shell variable such as ${NAME}"
}

// isShellName reports whether s is a shell variable name.
func isShellName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

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
	var spine []link
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

// plainWord reports whether word parts are literals and quoted literals only, with no
// substitution inside.
func plainWord(parts []syntax.WordPart) bool {
	for _, p := range parts {
		switch x := p.(type) {
		case *syntax.Lit, *syntax.SglQuoted:
		case *syntax.DblQuoted:
			if !plainWord(x.Parts) {
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
	c := &Call{
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
	c.Range = w.pm(int(ce.Pos().Offset()), int(ce.End().Offset()))
	words := make([]*Word, len(ce.Args))
	ws := make([]Word, len(ce.Args)) // one allocation for the call's words
	for i, a := range ce.Args {
		ws[i] = w.word(a)
		words[i] = &ws[i]
	}
	c.Words = words
	c.Args = stripWrappers(c, words)
	if len(c.Args) > 0 {
		c.name, c.nameOf = c.Name(), c.Args[0]
	}
	w.calls = append(w.calls, c)
	w.nested(c, ctx)
}

func (w *walker) word(a *syntax.Word) Word {
	v, ok := WordLit(a)
	if !ok {
		v = w.source(a)
	}
	return Word{Value: v, Lit: ok, Range: w.pm(int(a.Pos().Offset()), int(a.End().Offset())), Node: a}
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
		outer := w.pm
		pm := func(s, e int) source.Range {
			if len(segs) == 0 {
				return arg.Range
			}
			return outer(mapOffset(segs, s, false), mapOffset(segs, e, true))
		}
		f, lim, err := parseBounded(inner)
		if lim != nil || err != nil || f == nil {
			return
		}
		ic := ctx
		ic.depth++
		ic.via = c
		ic.inner = f
		ic.piped, ic.pipedFrom, ic.orGuarded = false, false, false
		sub := &walker{cmd: w.cmd, pm: pm, text: inner}
		sub.file(f, ic)
		w.calls = append(w.calls, sub.calls...)
		return
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

// tokenizeWindows splits a PowerShell or cmd line into calls: words separated by blanks, with
// quotes kept together, and calls separated by ; | & and newlines. It is not a PowerShell parser;
// it is enough to see `choco install -y terraform` and where each word is. Past MaxShellTokens
// words and separators, as for a shell command, it stops and returns the offset where it went
// over (-1: not over).
func tokenizeWindows(cmd *Command, text string, pm posMap) ([]*Call, int) {
	var calls []*Call
	tokens := 0
	var cur *Call
	start := -1
	flush := func() {
		if cur != nil && len(cur.Args) > 0 {
			first := cur.Args[0].Range.Start
			last := cur.Args[len(cur.Args)-1].Range.End
			cur.Range = source.Range{Start: first, End: last}
			cur.Words = cur.Args
			calls = append(calls, cur)
		}
		cur = nil
	}
	addWord := func(s, e int) {
		if cur == nil {
			cur = &Call{Command: cmd}
		}
		raw := text[s:e]
		v := strings.Trim(raw, `"'`)
		cur.Args = append(cur.Args, &Word{Value: v, Lit: !strings.ContainsAny(v, "$%"), Range: pm(s, e)})
	}
	var quote byte
	for i := 0; i <= len(text); i++ {
		var c byte
		if i < len(text) {
			c = text[i]
		}
		if quote != 0 {
			if c == quote || i == len(text) {
				quote = 0
			}
			continue
		}
		switch {
		case i == len(text) || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '|' || c == '&':
			if c == ';' || c == '|' || c == '&' {
				tokens++
			}
			if start >= 0 {
				if tokens++; tokens > MaxShellTokens {
					return calls, start
				}
				addWord(start, i)
				start = -1
			}
			if tokens > MaxShellTokens {
				return calls, i
			}
			if i == len(text) || c == ';' || c == '|' || c == '&' || c == '\n' {
				flush()
			}
		case c == '"' || c == '\'':
			if start < 0 {
				start = i
			}
			quote = c
		case c == '#' && start < 0 && (cur == nil || len(cur.Args) == 0):
			// a comment to the end of the line
			for i < len(text) && text[i] != '\n' {
				i++
			}
			flush()
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush()
	return calls, -1
}
