package buildspec

import (
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// Most commands are plain word lists (`npm ci`, `apt-get install -y jq curl`,
// `docker push "$REPO:$TAG"`): parsePlain proves that with one scan of the bytes and builds the
// tree the shell parser would return for them, in a few allocations instead of the parser's
// batches. TestPlainMatchesParser and FuzzPlainCommand hold it to the parser's tree, positions
// included.

// The classes of bytes in a plain word list.
const (
	pbNo     = iota // anything else: operators, backslash, backquote, CR, NUL, other controls
	pbWord          // a byte that is literal anywhere in a word
	pbBlank         // a space or a tab between words
	pbNewl          // a newline between statements
	pbHash          // '#': a comment at the start of a word, literal inside one
	pbBrack         // '[': literal only in the first part of a word that starts with it
	pbEq            // '=': an assignment in the first word of a statement, literal after it
	pbBrace         // '{' or '}': keywords as the first word of a statement, literal after it
	pbDollar        // '$': only $NAME and ${NAME} are plain, and never in a statement's first word
	pbQuote         // '\'' or '"': only in a statement's later words, without newlines
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

// The kinds of plainPart.
const (
	ppStmt     = iota // a statement starts with the next word
	ppWord            // a word: [start, end)
	ppLit             // a literal: [start, end)
	ppParam           // $NAME: '$' at start, the name up to end
	ppBrace           // ${NAME}: '$' at start, '}' at end-1
	ppSgl             // 'text': quotes at start and end-1
	ppDblOpen         // '"' at start, which opens a double-quoted part
	ppDblClose        // '"' at start, which closes it
)

// plainPart is a piece of a plain word list, on line line (lineStart is the offset of the line).
type plainPart struct {
	kind            uint8
	start, end      int
	line, lineStart int
}

// plainCounts are how many nodes of each kind a plain word list needs.
type plainCounts struct {
	stmts, words, lits, params, sgls, dbls int
	parts, dparts                          int // parts of words, and of double-quoted parts
}

// plainFile holds the nodes of a short plain command in one allocation.
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

// parsePlain returns the tree that syntax.Parser (bash, no comments, no name) returns for text
// when text is a plain word list, and nil for anything else (then the caller parses). A plain
// word list is statements separated by newlines, of words separated by blanks. A statement's
// first word is literal bytes that the parser reads as a program name (no reserved word, no
// assignment). Its other words are made of literal bytes, $NAME, ${NAME}, 'text' and "text"
// with $NAME and ${NAME} in it, with no newline, backslash or backquote.
func parsePlain(text string) *syntax.File {
	var buf [24]plainPart
	parts, n, ok := plainScan(text, buf[:0])
	if !ok {
		return nil
	}
	if n.stmts == 0 {
		return &syntax.File{}
	}
	pf := &plainFile{}
	stmts, sts, ces := pf.stmts[:0], pf.st[:], pf.ce[:]
	if n.stmts > len(sts) {
		stmts = make([]*syntax.Stmt, 0, n.stmts)
		sts, ces = make([]syntax.Stmt, n.stmts), make([]syntax.CallExpr, n.stmts)
	}
	args, words, wps, lits := pf.args[:], pf.words[:], pf.parts[:], pf.lits[:]
	if n.words > len(words) {
		args, words = make([]*syntax.Word, n.words), make([]syntax.Word, n.words)
	}
	if n.parts > len(wps) {
		wps = make([]syntax.WordPart, n.parts)
	}
	if n.lits+n.params > len(lits) {
		lits = make([]syntax.Lit, n.lits+n.params)
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

	var (
		ce      *syntax.CallExpr
		word    *syntax.Word
		dbl     *syntax.DblQuoted
		stmtArg int // index in args of the statement's first word
		nw      int // words used
		nwp     int // word parts used
		ndp     int // double-quoted parts used
	)
	// add appends part to the word, or to its double-quoted part that is open (the parts of a
	// word, and those of a double-quoted part, are consecutive in wps and dps).
	add := func(part syntax.WordPart) {
		if dbl != nil {
			dps[ndp] = part
			dbl.Parts = dps[ndp-len(dbl.Parts) : ndp+1 : ndp+1]
			ndp++
		} else {
			wps[nwp] = part
			word.Parts = wps[nwp-len(word.Parts) : nwp+1 : nwp+1]
			nwp++
		}
	}
	lit := func(start, end int, pos, endPos syntax.Pos) *syntax.Lit {
		l := &lits[0]
		lits = lits[1:]
		*l = syntax.Lit{ValuePos: pos, ValueEnd: endPos, Value: text[start:end]}
		return l
	}
	for _, p := range parts {
		pos := func(off int) syntax.Pos {
			return syntax.NewPos(uint(off), uint(p.line), uint(off-p.lineStart+1))
		}
		switch p.kind {
		case ppStmt:
			st := &sts[len(stmts)]
			ce = &ces[len(stmts)]
			st.Cmd = ce
			st.Position = pos(p.start)
			stmts = append(stmts, st)
			stmtArg = nw
		case ppWord:
			word = &words[nw]
			args[nw] = word
			nw++
			ce.Args = args[stmtArg:nw:nw]
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
	pf.f.Stmts = stmts
	return &pf.f
}

// plainScan appends the parts of text to parts and counts the nodes they need; ok is false when
// text is not a plain word list.
func plainScan(text string, parts []plainPart) (_ []plainPart, n plainCounts, ok bool) {
	line, lineStart := 1, 0
	first := true // the next word starts a statement
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
	for i := 0; i < len(text); {
		c := text[i]
		switch plainBytes[c] {
		case pbBlank:
			i++
			continue
		case pbNewl:
			line, lineStart, first = line+1, i+1, true
			i++
			continue
		}
		start := i
		if first {
			// The program: one literal that is not a reserved word or an assignment.
			for i < len(text) {
				switch plainBytes[text[i]] {
				case pbWord, pbBrace:
				case pbHash, pbBrack, pbEq:
					if i == start {
						// '#' starts a comment, '[' is checked below.
						if text[i] != '[' {
							return nil, n, false
						}
					} else if text[i] == '[' || text[i] == '=' {
						return nil, n, false
					}
				case pbBlank, pbNewl:
					goto endFirst
				default:
					return nil, n, false
				}
				if text[i] >= utf8.RuneSelf {
					nonASCII = true
				}
				i++
			}
		endFirst:
			v := text[start:i]
			if plainFirstWords[v] || v[0] == '{' || v[0] == '}' || len(v) > 1 && v[0] == '[' {
				return nil, n, false
			}
			emit(ppStmt, start, i)
			emit(ppWord, start, i)
			emit(ppLit, start, i)
			n.stmts++
			n.words++
			n.lits++
			n.parts++
			first = false
			continue
		}
		emit(ppWord, start, 0)
		n.words++
	word:
		for i < len(text) {
			switch c := text[i]; plainBytes[c] {
			case pbBlank, pbNewl:
				break word
			case pbDollar:
				if i = param(i, false); i < 0 {
					return nil, n, false
				}
			case pbQuote:
				if c == '\'' {
					j := i + 1
					for j < len(text) && text[j] != '\'' && quotedByte(text[j]) {
						nonASCII = nonASCII || text[j] >= utf8.RuneSelf
						j++
					}
					if j >= len(text) || text[j] != '\'' {
						return nil, n, false
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
						return nil, n, false
					}
					switch c := text[i]; {
					case c == '"':
						emit(ppDblClose, i, i+1)
						i++
						continue word
					case c == '$':
						if i = param(i, true); i < 0 {
							return nil, n, false
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
						return nil, n, false
					}
				}
			case pbNo:
				return nil, n, false
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
							return nil, n, false
						}
					case pbBrack:
						if text[start] != '[' || i != start {
							return nil, n, false
						}
					case pbBlank, pbNewl, pbDollar, pbQuote:
						break lit
					default:
						return nil, n, false
					}
					nonASCII = nonASCII || text[j] >= utf8.RuneSelf
				}
				emit(ppLit, i, j)
				n.lits++
				n.parts++
				i = j
			}
		}
	}
	if nonASCII && !utf8.ValidString(text) {
		return nil, n, false
	}
	return parts, n, true
}
