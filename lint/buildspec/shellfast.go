package buildspec

import (
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// Most commands are plain word lists (`npm ci`, `apt-get install -y jq curl`,
// `docker push "$REPO:$TAG"`), or a few of them joined by operators (`apt-get update && apt-get
// install -y jq`, `curl -fsSL $URL | bash`, `nohup dockerd &`): parsePlain proves that with one
// scan of the bytes and builds the tree the shell parser would return for them, in a few
// allocations instead of the parser's batches. TestPlainMatchesParser and FuzzPlainCommand hold it to the parser's tree, positions
// included.

// The classes of bytes in a plain word list.
const (
	pbNo     = iota // anything else: operators, backslash, backquote, CR, NUL, other controls
	pbWord          // a byte that is literal anywhere in a word
	pbBlank         // a space or a tab between words
	pbNewl          // a newline between statements
	pbHash          // '#': a comment at the start of a word, literal inside one
	pbBrack         // '[': literal only in the first part of a word that starts with it
	pbEq            // '=': an assignment before the program name, literal after it
	pbBrace         // '{' or '}': reserved words as a program name, literal after it
	pbDollar        // '$': only $NAME and ${NAME} are plain, never in a program name
	pbQuote         // '\'' or '"': never in a program name, and without newlines
	pbOp            // '&', '|' or ';': ends a word; only &&, ||, |, |&, ; and & are plain
)

var plainBytes = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = pbWord
		t[c-'a'+'A'] = pbWord
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = pbWord
	}
	// '!', '?', '*', '+' and '@' start extended globs only before '(', which is never plain.
	for _, c := range []byte("_-./,:+@%^~!?*]") {
		t[c] = pbWord
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = pbWord // valid UTF-8 only: checked once per text
	}
	t[' '], t['\t'] = pbBlank, pbBlank
	t['\n'] = pbNewl
	t['#'] = pbHash
	t['['] = pbBrack
	t['='] = pbEq
	t['{'], t['}'] = pbBrace, pbBrace
	t['$'] = pbDollar
	t['\''], t['"'] = pbQuote, pbQuote
	t['&'], t['|'], t[';'] = pbOp, pbOp, pbOp
	return t
}()

// quotedByte reports whether c is literal inside single quotes (and, but for '"' and '$',
// inside double quotes): printable ASCII or a byte of UTF-8, and not a backslash or backquote,
// which double quotes treat specially (single quotes do not, but they are rare enough to send
// to the parser).
func quotedByte(c byte) bool {
	return c >= ' ' && c != 0x7f && c != '\\' && c != '`' || c == '\t'
}

// plainFirstWords are the words that the parser reads as something other than a program name
// when they come first in a statement: reserved words, and the builtins it gives a node of their
// own (declare, export, let, ...), in every language variant.
var plainFirstWords = map[string]bool{
	"!": true, "[[": true, "]]": true, "{": true, "}": true, "{}": true,
	"case": true, "coproc": true, "do": true, "done": true, "elif": true, "else": true,
	"esac": true, "fi": true, "for": true, "function": true, "if": true, "in": true,
	"select": true, "then": true, "time": true, "until": true, "while": true, "repeat": true,
	"let": true, "declare": true, "local": true, "export": true, "readonly": true,
	"typeset": true, "nameref": true, "@test": true,
}

// plainDecls are the builtins whose statements the parser reads as a syntax.DeclClause.
var plainDecls = map[string]bool{
	"declare": true, "local": true, "export": true, "readonly": true, "typeset": true, "nameref": true,
}

// The kinds of plainPart.
const (
	ppStmt      = iota // a statement starts
	ppDecl             // the statement is a declaration: its builtin is [start, end)
	ppWord             // a word of the call (its parts follow)
	ppAssign           // an assignment: its name is [start, end), '=' at end (its value's parts follow)
	ppNaked            // an argument of a declaration that is a name: [start, end)
	ppNakedWord        // an argument of a declaration that is a word (its parts follow)
	ppLit              // a literal: [start, end)
	ppParam            // $NAME: '$' at start, the name up to end
	ppBrace            // ${NAME}: '$' at start, '}' at end-1
	ppSgl              // 'text': quotes at start and end-1
	ppDblOpen          // '"' at start, which opens a double-quoted part
	ppDblClose         // '"' at start, which closes it
	ppAndAnd           // the operators between statements, at [start, end)
	ppOrOr
	ppPipe
	ppPipeAll
	ppSemi
	ppAmp
)

// plainPart is a piece of a plain word list, on line line (lineStart is the offset of the line).
type plainPart struct {
	kind            uint8
	start, end      int
	line, lineStart int
}

// plainCounts are how many nodes of each kind a plain word list needs.
type plainCounts struct {
	stmts, decls, assigns, words, lits, params, sgls, dbls int
	lists, bins                                            int // statements of the file, and binary commands
	parts, dparts                                          int // parts of words, and of double-quoted parts
}

// plainFile holds the nodes of a short plain command of one call in one allocation.
type plainFile struct {
	f     syntax.File
	stmts [1]*syntax.Stmt
	st    [1]syntax.Stmt
	ce    [1]syntax.CallExpr
	args  [6]*syntax.Word
	words [6]syntax.Word
	parts [6]syntax.WordPart
	lits  [6]syntax.Lit
}

// plainChain holds the nodes of a short plain command of a few calls (`a && b | c`, or a few
// lines) in one allocation.
type plainChain struct {
	f     syntax.File
	stmts [3]*syntax.Stmt
	st    [5]syntax.Stmt
	ce    [3]syntax.CallExpr
	bins  [2]syntax.BinaryCmd
	args  [12]*syntax.Word
	words [12]syntax.Word
	parts [12]syntax.WordPart
	lits  [12]syntax.Lit
}

// parsePlain returns the tree that syntax.Parser (bash, no comments, no name) returns for text
// when text is a plain word list, and nil for anything else (then the caller parses). A plain
// word list is statements separated by newlines, `;` or `&` (and ended by either), each of calls
// joined by &&, ||, | or |&; a call is words separated by blanks: assignments
// (NAME=value), then a program name (literal bytes that are not a reserved word), then its
// arguments; or declare, export, local, readonly, typeset or nameref with assignments, names
// and literal options. Arguments and values are made of literal bytes, $NAME, ${NAME}, 'text'
// and "text" with $NAME and ${NAME} in it, with no newline, backslash or backquote.
func parsePlain(text string) *syntax.File {
	var buf [40]plainPart
	parts, n, ok := plainScan(text, buf[:0])
	if !ok {
		return nil
	}
	if n.stmts == 0 {
		return &syntax.File{}
	}
	var (
		file  *syntax.File
		stmts []*syntax.Stmt
		sts   []syntax.Stmt
		ces   []syntax.CallExpr
		bins  []syntax.BinaryCmd
		args  []*syntax.Word
		words []syntax.Word
		wps   []syntax.WordPart
		lits  []syntax.Lit
	)
	if n.stmts == 1 && n.bins == 0 {
		pf := &plainFile{}
		file, stmts, sts, ces = &pf.f, pf.stmts[:0], pf.st[:], pf.ce[:]
		args, words, wps, lits = pf.args[:], pf.words[:], pf.parts[:], pf.lits[:]
	} else {
		pc := &plainChain{}
		file, stmts, sts, ces, bins = &pc.f, pc.stmts[:0], pc.st[:], pc.ce[:], pc.bins[:]
		args, words, wps, lits = pc.args[:], pc.words[:], pc.parts[:], pc.lits[:]
	}
	if n.lists > cap(stmts) {
		stmts = make([]*syntax.Stmt, 0, n.lists)
	}
	if n.stmts+n.bins > len(sts) {
		sts = make([]syntax.Stmt, n.stmts+n.bins)
	}
	if n.stmts > len(ces) {
		ces = make([]syntax.CallExpr, n.stmts)
	}
	if n.bins > len(bins) {
		bins = make([]syntax.BinaryCmd, n.bins)
	}
	if n.words > len(words) {
		args, words = make([]*syntax.Word, n.words), make([]syntax.Word, n.words)
	}
	if n.parts > len(wps) {
		wps = make([]syntax.WordPart, n.parts)
	}
	if n.lits+n.params+n.assigns+n.decls > len(lits) {
		lits = make([]syntax.Lit, n.lits+n.params+n.assigns+n.decls)
	}
	var params []syntax.ParamExp
	if n.params > 0 {
		params = make([]syntax.ParamExp, n.params)
	}
	var sgls []syntax.SglQuoted
	if n.sgls > 0 {
		sgls = make([]syntax.SglQuoted, n.sgls)
	}
	var dbls []syntax.DblQuoted
	var dps []syntax.WordPart
	if n.dbls > 0 {
		dbls = make([]syntax.DblQuoted, n.dbls)
		dps = make([]syntax.WordPart, n.dparts)
	}
	var assigns []syntax.Assign
	var assignPtrs []*syntax.Assign
	if n.assigns > 0 {
		assigns, assignPtrs = make([]syntax.Assign, n.assigns), make([]*syntax.Assign, n.assigns)
	}
	var decls []syntax.DeclClause
	if n.decls > 0 {
		decls = make([]syntax.DeclClause, n.decls)
	}

	var (
		ce       *syntax.CallExpr
		dc       *syntax.DeclClause
		word     *syntax.Word
		valueOf  *syntax.Assign // the assignment whose value the next parts make, if any
		dbl      *syntax.DblQuoted
		stmtArg  int               // index in args of the statement's first argument
		stmtAsgn int               // index in assignPtrs of the statement's first assignment
		nw, na   int               // words and assignments used
		nwp, ndp int               // word parts and double-quoted parts used
		nargs    int               // arguments used
		nst, nce int               // statements and calls used
		list     *syntax.Stmt      // the statement of the file that is being read
		pipe     *syntax.Stmt      // the pipeline at its end
		andOr    *syntax.BinaryCmd // the last && or || in it, whose Y is pipe
		op       uint8             // the operator before the next call: ppAndAnd, ppOrOr, ppPipe, ppPipeAll or 0
		opPos    syntax.Pos
	)
	// bin joins x and y with the operator op: the parser's BinaryCmd, in a statement that starts
	// where x does.
	bin := func(x, y *syntax.Stmt) (*syntax.Stmt, *syntax.BinaryCmd) {
		b := &bins[0]
		bins = bins[1:]
		*b = syntax.BinaryCmd{OpPos: opPos, X: x, Y: y}
		switch op {
		case ppAndAnd:
			b.Op = syntax.AndStmt
		case ppOrOr:
			b.Op = syntax.OrStmt
		case ppPipe:
			b.Op = syntax.Pipe
		default:
			b.Op = syntax.PipeAll
		}
		st := &sts[nst]
		nst++
		st.Position, st.Cmd = x.Position, b
		return st, b
	}
	// add appends part to the word, or to its double-quoted part that is open (the parts of a
	// word, and those of a double-quoted part, are consecutive in wps and dps).
	add := func(part syntax.WordPart) {
		if dbl != nil {
			dps[ndp] = part
			dbl.Parts = dps[ndp-len(dbl.Parts) : ndp+1 : ndp+1]
			ndp++
			return
		}
		if word == nil { // the first part of an assignment's value
			word = &words[nw]
			nw++
			valueOf.Value = word
		}
		wps[nwp] = part
		word.Parts = wps[nwp-len(word.Parts) : nwp+1 : nwp+1]
		nwp++
	}
	lit := func(start, end int, pos, endPos syntax.Pos) *syntax.Lit {
		l := &lits[0]
		lits = lits[1:]
		*l = syntax.Lit{ValuePos: pos, ValueEnd: endPos, Value: text[start:end]}
		return l
	}
	assign := func() *syntax.Assign {
		as := &assigns[na]
		assignPtrs[na] = as
		na++
		if dc != nil {
			dc.Args = assignPtrs[stmtAsgn:na:na]
		} else {
			ce.Assigns = assignPtrs[stmtAsgn:na:na]
		}
		return as
	}
	for i, p := range parts {
		pos := func(off int) syntax.Pos {
			return syntax.NewPos(uint(off), uint(p.line), uint(off-p.lineStart+1))
		}
		switch p.kind {
		case ppStmt:
			// The parser reads `a | b && c | d ; e` as ((a | b) && (c | d)); e: pipes bind
			// tighter than && and ||, and both chains grow to the left.
			st := &sts[nst]
			nst++
			st.Position = pos(p.start)
			switch op {
			case 0:
				list, pipe, andOr = st, st, nil
				stmts = append(stmts, st)
			case ppPipe, ppPipeAll:
				pipe, _ = bin(pipe, st)
				if andOr != nil {
					andOr.Y = pipe
				} else {
					list = pipe
					stmts[len(stmts)-1] = list
				}
			default:
				list, andOr = bin(list, st)
				pipe = st
				stmts[len(stmts)-1] = list
			}
			op = 0
			ce, dc = nil, nil
			if i+1 < len(parts) && parts[i+1].kind == ppDecl {
				dc = &decls[0]
				decls = decls[1:]
				st.Cmd = dc
			} else {
				ce = &ces[nce]
				nce++
				st.Cmd = ce
			}
			stmtArg, stmtAsgn = nargs, na
		case ppAndAnd, ppOrOr, ppPipe, ppPipeAll:
			op, opPos = p.kind, pos(p.start)
		case ppSemi, ppAmp:
			list.Semicolon = pos(p.start)
			list.Background = p.kind == ppAmp
		case ppDecl:
			dc.Variant = lit(p.start, p.end, pos(p.start), pos(p.end))
		case ppWord:
			word, valueOf = &words[nw], nil
			nw++
			args[nargs] = word
			nargs++
			ce.Args = args[stmtArg:nargs:nargs]
		case ppAssign:
			as := assign()
			as.Name = lit(p.start, p.end, pos(p.start), pos(p.end))
			word, valueOf = nil, as
		case ppNaked:
			as := assign()
			as.Naked = true
			as.Name = lit(p.start, p.end, pos(p.start), pos(p.end))
		case ppNakedWord:
			as := assign()
			as.Naked = true
			word, valueOf = nil, as
		case ppLit:
			add(lit(p.start, p.end, pos(p.start), pos(p.end)))
		case ppParam, ppBrace:
			pe := &params[0]
			params = params[1:]
			pe.Dollar = pos(p.start)
			pe.Short = p.kind == ppParam
			nameEnd := p.end
			if !pe.Short {
				nameEnd--
				pe.Rbrace = pos(nameEnd)
			}
			nameStart := p.start + 1 + int(p.kind-ppParam)
			pe.Param = lit(nameStart, nameEnd, pos(nameStart), pos(nameEnd))
			add(pe)
		case ppSgl:
			sq := &sgls[0]
			sgls = sgls[1:]
			*sq = syntax.SglQuoted{Left: pos(p.start), Right: pos(p.end - 1), Value: text[p.start+1 : p.end-1]}
			add(sq)
		case ppDblOpen:
			dq := &dbls[0]
			dbls = dbls[1:]
			dq.Left = pos(p.start)
			add(dq)
			dbl = dq
		case ppDblClose:
			dbl.Right = pos(p.start)
			dbl = nil
		}
	}
	file.Stmts = stmts
	return file
}

// isName reports whether s is a shell variable name.
func isName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c == '_' || c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// plainScan appends the parts of text to parts and counts the nodes they need; ok is false when
// text is not a plain word list.
func plainScan(text string, parts []plainPart) (_ []plainPart, n plainCounts, ok bool) {
	line, lineStart := 1, 0
	// The state of the statement: what the next word can be.
	const (
		atStart   = iota // the first word of a statement
		afterAsgn        // after assignments: more of them, or the program
		inArgs           // the arguments of a call
		inDecl           // the arguments of a declaration
	)
	state := atStart
	joined := false // the statement's last call was followed by &&, ||, | or |&
	nonASCII := false
	emit := func(kind uint8, start, end int) {
		parts = append(parts, plainPart{kind: kind, start: start, end: end, line: line, lineStart: lineStart})
	}
	// param scans $NAME or ${NAME} at i and returns the offset after it, or -1.
	param := func(i int, inDbl bool) int {
		kind, j := uint8(ppParam), i+1
		if j < len(text) && text[j] == '{' {
			kind, j = ppBrace, j+1
		}
		if j >= len(text) || !(text[j] == '_' || text[j]|0x20 >= 'a' && text[j]|0x20 <= 'z') {
			return -1
		}
		for j < len(text) && (text[j] == '_' || text[j]|0x20 >= 'a' && text[j]|0x20 <= 'z' || text[j] >= '0' && text[j] <= '9') {
			j++
		}
		if kind == ppBrace {
			if j >= len(text) || text[j] != '}' {
				return -1
			}
			j++
		}
		emit(kind, i, j)
		n.params++
		if inDbl {
			n.dparts++
		} else {
			n.parts++
		}
		return j
	}
	// wordParts scans the parts of a word from i (the word starts at start) up to a blank, a
	// newline or the end, and returns the offset after them, or -1 when they are not plain.
	wordParts := func(i, start int) int {
	word:
		for i < len(text) {
			switch c := text[i]; plainBytes[c] {
			case pbBlank, pbNewl, pbOp:
				break word
			case pbDollar:
				if i = param(i, false); i < 0 {
					return -1
				}
			case pbQuote:
				if c == '\'' {
					j := i + 1
					for j < len(text) && text[j] != '\'' && quotedByte(text[j]) {
						nonASCII = nonASCII || text[j] >= utf8.RuneSelf
						j++
					}
					if j >= len(text) || text[j] != '\'' {
						return -1
					}
					emit(ppSgl, i, j+1)
					n.sgls++
					n.parts++
					i = j + 1
					continue
				}
				emit(ppDblOpen, i, i+1)
				n.dbls++
				n.parts++
				for i++; ; {
					if i >= len(text) {
						return -1
					}
					switch c := text[i]; {
					case c == '"':
						emit(ppDblClose, i, i+1)
						i++
						continue word
					case c == '$':
						if i = param(i, true); i < 0 {
							return -1
						}
					case quotedByte(c):
						j := i
						for j < len(text) && text[j] != '"' && text[j] != '$' && quotedByte(text[j]) {
							nonASCII = nonASCII || text[j] >= utf8.RuneSelf
							j++
						}
						emit(ppLit, i, j)
						n.lits++
						n.dparts++
						i = j
					default:
						return -1
					}
				}
			case pbNo:
				return -1
			default:
				// A literal, up to the next blank, quote or $. '#' at the start of a word starts a
				// comment; '[' is literal only in the first literal of a word that starts with it.
				j := i
			lit:
				for ; j < len(text); j++ {
					switch plainBytes[text[j]] {
					case pbWord, pbEq, pbBrace:
					case pbHash:
						if j == start {
							return -1
						}
					case pbBrack:
						if text[start] != '[' || i != start {
							return -1
						}
					case pbBlank, pbNewl, pbDollar, pbQuote, pbOp:
						break lit
					default:
						return -1
					}
					nonASCII = nonASCII || text[j] >= utf8.RuneSelf
				}
				emit(ppLit, i, j)
				n.lits++
				n.parts++
				i = j
			}
		}
		return i
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch plainBytes[c] {
		case pbBlank:
			i++
			continue
		case pbNewl:
			line, lineStart, state = line+1, i+1, atStart
			i++
			continue
		case pbOp:
			// An operator after a call. Any other run of these bytes (&&&, ;;, ;&, |||, &|, ...) is
			// a syntax error, a case clause's terminator or two operators in a row, which no
			// plain command has.
			j := i + 1
			for j < len(text) && plainBytes[text[j]] == pbOp {
				j++
			}
			if state == atStart {
				return nil, n, false // an operator that starts a statement, or a line
			}
			var kind uint8
			switch text[i:j] {
			case "&&":
				kind = ppAndAnd
			case "||":
				kind = ppOrOr
			case "|":
				kind = ppPipe
			case "|&":
				kind = ppPipeAll
			case ";":
				kind = ppSemi
			case "&":
				kind = ppAmp
			default:
				return nil, n, false
			}
			emit(kind, i, j)
			joined = kind != ppSemi && kind != ppAmp
			if joined {
				n.bins++
			}
			state = atStart
			i = j
			continue
		}
		start := i
		if state == inArgs {
			emit(ppWord, start, 0)
			n.words++
			if i = wordParts(i, start); i < 0 {
				return nil, n, false
			}
			continue
		}
		// A word that can be an assignment: its first literal, up to a blank, a quote or $.
		eq := -1
		for ; i < len(text); i++ {
			switch plainBytes[text[i]] {
			case pbWord, pbBrace:
			case pbEq:
				if eq < 0 {
					eq = i
				}
			case pbHash:
				if i == start {
					return nil, n, false // a comment
				}
			case pbBrack:
				if i != start {
					return nil, n, false // maybe an element of an array: a[1]=x
				}
			default:
				goto litEnd
			}
			nonASCII = nonASCII || text[i] >= utf8.RuneSelf
		}
	litEnd:
		if eq >= 0 {
			// An assignment, when what is before its '=' is a name (and never on a line past
			// what syntax.Pos can count, where the parser's arithmetic on positions differs).
			if !isName(text[start:eq]) || line > 1<<18-1 {
				return nil, n, false
			}
			if state == atStart {
				emit(ppStmt, start, 0)
				n.stmts++
				n.lists += b2i(!joined)
				joined = false
				state = afterAsgn
			}
			emit(ppAssign, start, eq)
			n.assigns++
			n.lits++
			before := len(parts)
			if i = wordParts(eq+1, start); i < 0 {
				return nil, n, false
			}
			if len(parts) > before {
				n.words++
			}
			continue
		}
		if i < len(text) && plainBytes[text[i]] != pbBlank && plainBytes[text[i]] != pbNewl && plainBytes[text[i]] != pbOp {
			return nil, n, false // a quote, $ or another byte in a program name or declaration
		}
		v := text[start:i]
		switch {
		case state == inDecl:
			if v[0] == '{' || v[0] == '}' || v[0] == '[' {
				return nil, n, false
			}
			if isName(v) {
				emit(ppNaked, start, i)
				n.lits++
			} else {
				emit(ppNakedWord, start, i)
				emit(ppLit, start, i)
				n.words++
				n.lits++
				n.parts++
			}
			n.assigns++
		case plainFirstWords[v] || v[0] == '{' || v[0] == '}' || len(v) > 1 && v[0] == '[':
			if state != atStart || !plainDecls[v] {
				return nil, n, false
			}
			emit(ppStmt, start, 0)
			emit(ppDecl, start, i)
			n.stmts++
			n.lists += b2i(!joined)
			joined = false
			n.decls++
			state = inDecl
		default:
			if state == atStart {
				emit(ppStmt, start, 0)
				n.stmts++
				n.lists += b2i(!joined)
				joined = false
			}
			emit(ppWord, start, i)
			emit(ppLit, start, i)
			n.words++
			n.lits++
			n.parts++
			state = inArgs
		}
	}
	if joined || nonASCII && !utf8.ValidString(text) {
		return nil, n, false // an operator that nothing follows, or invalid UTF-8
	}
	return parts, n, true
}

// b2i is 1 for true and 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
