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

	memo  *memoTree      // File's entry in the tree memo, or nil
	decls *[]syntax.Node // Decls, once asked for (when memo is nil)
}

// Decls returns the assignments (*syntax.Assign), declaration clauses (*syntax.DeclClause) and
// function declarations (*syntax.FuncDecl) in File, in the order syntax.Walk visits them: what
// the rules that follow variables and functions read, without a walk of File each. The list is
// shared by the commands of the same text: read it, never change it.
func (s *Script) Decls() []syntax.Node {
	if s.File == nil {
		return nil
	}
	if s.memo != nil {
		s.memo.declsOnce.Do(func() { s.memo.decls = declsOf(s.memo.f) })
		return s.memo.decls
	}
	if s.decls == nil {
		d := declsOf(s.File)
		s.decls = &d
	}
	return *s.decls
}

// declsOf returns Script.Decls of f.
func declsOf(f *syntax.File) []syntax.Node {
	var out []syntax.Node
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n.(type) {
		case *syntax.Assign, *syntax.DeclClause, *syntax.FuncDecl:
			out = append(out, n)
		}
		return true
	})
	return out
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
	// Node is the word in the shell AST (nil for PowerShell and cmd).
	Node *syntax.Word
	// at is where the word is. Its range is worked out when asked for: most words are never
	// reported, and mapping each one as it was read cost 2% of a run.
	at span
}

// Range returns where the word is in the file (the zero Range when it is not from one).
func (w *Word) Range() source.Range { return w.at.fileRange() }

// span is bytes [start, end) of a text that pm maps to the file.
type span struct {
	start, end int
	pm         posMap
}

// fileRange returns the span's range in the file (the zero Range without a map).
func (s span) fileRange() source.Range {
	if s.pm == nil {
		return source.Range{}
	}
	return s.pm(s.start, s.end)
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
	// text is the text that Expr's offsets refer to and pm maps them to the file.
	text string
	pm   posMap
	// at is where the call is as written, wrappers included, in the text of its words (Text,
	// but for PowerShell and cmd).
	at span
}

// Range returns where the call is in the file, wrappers included (worked out when asked for,
// as a word's is).
func (c *Call) Range() source.Range { return c.at.fileRange() }

// SetExtent makes c cover its words first to last, which are words of the same text as c's.
func (c *Call) SetExtent(first, last *Word) {
	c.at = span{start: first.at.start, end: last.at.end, pm: first.at.pm}
}

// Text returns the text that the offsets of Expr refer to: the command's value, or the `sh -c`
// string the call was parsed from (Inner).
func (c *Call) Text() string { return c.text }

// TextRange maps the byte span [start, end) of Text to its range in the file.
func (c *Call) TextRange(start, end int) source.Range {
	if c.pm == nil {
		return c.Range()
	}
	return c.pm(start, end)
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
	return parseScript(cmd, dialect, nil)
}

// parseScript is ParseScript. tree, when set, is cmd's text as shell, parsed before without an
// error or a limit (Shape.Reuse): its calls are read from it at cmd's positions, and the text is
// not parsed again.
func parseScript(cmd *Command, dialect Dialect, tree *syntax.File) *Script {
	// The script and the walker that finds its calls are allocated together.
	sw := &struct {
		sc Script
		w  walker
	}{sc: Script{Dialect: dialect}}
	sc := &sw.sc
	pm := posMap(cmd.ValueRange)
	if dialect != DialectShell {
		var over int
		if sc.Calls, over = tokenizeWindows(cmd, cmd.Value, pm); over >= 0 {
			sc.Calls = nil
			sc.Err = &ShellError{Range: pm(over, over+1), Limit: true, Message: tooManyTokensMsg}
		}
		return sc
	}
	f, lim, err := tree, (*overLimit)(nil), error(nil)
	var mt *memoTree // the memo's entry of f
	if f == nil {
		mt, f, lim, err = shellTrees.parse(cmd.Value)
	} else if mt = shellTrees.lookup(cmd.Value); mt != nil && mt.f != f {
		mt = nil
	}
	if lim != nil {
		sc.Err = &ShellError{Range: pm(lim.off, lim.off+1), Limit: true, Message: lim.msg}
		return sc
	}
	sc.File, sc.memo = f, mt
	if err != nil {
		sc.Err = shellError(err, cmd.Value, pm)
	}
	if f != nil {
		// A text met before has its calls copied from its first walk.
		if mt != nil {
			if t := mt.walk.Load(); t != nil {
				sc.Calls = t.instantiate(cmd, pm)
				return sc
			}
		}
		w := &sw.w
		*w = walker{cmd: cmd, pm: pm, text: cmd.Value}
		var nests []nest
		if mt != nil {
			w.nests = &nests
		}
		w.file(f, callCtx{})
		sc.Calls = w.calls
		if mt != nil {
			if t := newWalkTemplate(w.calls, nests); t != nil {
				mt.walk.CompareAndSwap(nil, t)
			}
		}
	}
	return sc
}

// shellParser is a parser with the reader it reads from, reused: a new one costs more than
// parsing a short command.
type shellParser struct {
	p *syntax.Parser
	r strings.Reader
}

var shellParsers = sync.Pool{New: func() any {
	return &shellParser{p: syntax.NewParser(syntax.Variant(syntax.LangBash), syntax.KeepComments(false))}
}}

// parseShell parses text as bash: a plain word list without the parser (parsePlain), anything
// else with it.
func parseShell(text string) (*syntax.File, error) {
	if f := parsePlain(text); f != nil {
		return f, nil
	}
	return parseShellParser(text)
}

// parseShellParser parses text with syntax.Parser.
func parseShellParser(text string) (*syntax.File, error) {
	sp := shellParsers.Get().(*shellParser)
	defer shellParsers.Put(sp)
	sp.r.Reset(text)
	return sp.p.Parse(&sp.r, "")
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
	// A bracket and a token are each at least a byte: a text shorter than a limit cannot go
	// over it, nor, under maxUncounted bytes, need its tree walked (most commands).
	if len(text) > MaxShellNesting {
		if off := tooDeep(text); off >= 0 {
			return nil, &overLimit{off, "command nests brackets more than " + strconv.Itoa(MaxShellNesting) + " levels deep: it is not checked; split it into several commands"}, nil
		}
	}
	tokens := len(text)
	if tokens > maxUncounted {
		var over int
		if tokens, over = ShellTokens(text, MaxShellTokens); over >= 0 {
			return nil, &overLimit{over, tooManyTokensMsg}, nil
		}
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

// maxUncounted is the longest text whose tokens parseBounded need not count: it is under
// MaxShellTokens, and its tree under MaxShellTreeDepth, whatever its tokens.
const maxUncounted = min(MaxShellTreeDepth/treeLevelsPerToken-2, MaxShellTokens)

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
