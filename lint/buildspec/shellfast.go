package buildspec

import (
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// Most commands are plain word lists (`npm ci`, `apt-get install -y jq curl`): parsePlain proves
// that with one scan of the bytes and builds the tree the shell parser would return for them,
// which costs a few allocations instead of the parser's batches. TestPlainMatchesParser and
// FuzzPlainCommand hold it to the parser's tree, positions included.

// plainByte classifies the bytes of a plain word list.
const (
	pbNo    = iota // anything else: quotes, $, \, operators, brackets that open, CR, NUL, controls
	pbWord         // a byte that is literal anywhere in a word
	pbBlank        // a space or a tab between words
	pbNewl         // a newline between statements
	pbHash         // '#': a comment at the start of a word, literal inside one
	pbBrack        // '[': literal only in a word that starts with it
	pbEq           // '=': an assignment in the first word of a statement, literal after it
	pbBrace        // '{' or '}': keywords as the first word of a statement, literal after it
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
	return t
}()

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

// plainSpan is one word of a plain word list: its bytes [start, end) and the line and column
// of its first byte.
type plainSpan struct {
	start, end int
	line, col  int
	first      bool // the first word of a statement
}

// plainFile holds the nodes of a short plain command in one allocation.
type plainFile struct {
	f     syntax.File
	stmts [2]*syntax.Stmt
	st    [2]syntax.Stmt
	ce    [2]syntax.CallExpr
	args  [8]*syntax.Word
	words [8]plainNode
}

// plainNode is a word of one literal part.
type plainNode struct {
	w    syntax.Word
	part [1]syntax.WordPart
	lit  syntax.Lit
}

// parsePlain returns the tree that syntax.Parser (bash, no comments, no name) returns for text
// when text is a plain word list: words of literal bytes separated by spaces and tabs, in
// statements separated by newlines. It returns nil for anything else, and the caller parses.
func parsePlain(text string) *syntax.File {
	var spans [8]plainSpan
	words, ok := plainSpans(text, spans[:0])
	if !ok {
		return nil
	}
	if len(words) == 0 {
		return &syntax.File{}
	}
	pf := &plainFile{}
	f := &pf.f
	nstmts := 0
	for _, w := range words {
		if w.first {
			nstmts++
		}
	}
	stmts, sts, ces := pf.stmts[:0], pf.st[:], pf.ce[:]
	if nstmts > len(pf.st) {
		stmts = make([]*syntax.Stmt, 0, nstmts)
		sts, ces = make([]syntax.Stmt, nstmts), make([]syntax.CallExpr, nstmts)
	}
	args, nodes := pf.args[:], pf.words[:]
	if len(words) > len(nodes) {
		args, nodes = make([]*syntax.Word, len(words)), make([]plainNode, len(words))
	}
	var ce *syntax.CallExpr
	for i, w := range words {
		n := &nodes[i]
		n.lit = syntax.Lit{
			ValuePos: syntax.NewPos(uint(w.start), uint(w.line), uint(w.col)),
			ValueEnd: syntax.NewPos(uint(w.end), uint(w.line), uint(w.col+w.end-w.start)),
			Value:    text[w.start:w.end],
		}
		n.part[0] = &n.lit
		n.w.Parts = n.part[:]
		args[i] = &n.w
		if w.first {
			st := &sts[len(stmts)]
			ce = &ces[len(stmts)]
			st.Position = n.lit.ValuePos
			st.Cmd = ce
			stmts = append(stmts, st)
			ce.Args = args[i : i+1 : i+1]
			continue
		}
		ce.Args = args[i-len(ce.Args) : i+1 : i+1]
	}
	f.Stmts = stmts
	return f
}

// plainSpans appends the words of text to spans and reports whether text is a plain word list.
func plainSpans(text string, spans []plainSpan) ([]plainSpan, bool) {
	line, lineStart := 1, 0
	start := -1    // start of the current word, or -1 between words
	first := true  // the next word starts a statement
	brack := false // the current word starts with '['
	eq := false    // the current word holds '='
	brace := false // the current word starts with '{' or '}'
	nonASCII := false
	end := func(i int) bool {
		w := plainSpan{start: start, end: i, line: line, col: start - lineStart + 1, first: first}
		if first {
			v := text[start:i]
			if eq || brace || plainFirstWords[v] || len(v) > 1 && v[0] == '[' {
				return false
			}
			first = false
		}
		spans = append(spans, w)
		start = -1
		return true
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch plainBytes[c] {
		case pbNo:
			return nil, false
		case pbBlank, pbNewl:
			if start >= 0 && !end(i) {
				return nil, false
			}
			if c == '\n' {
				line, lineStart, first = line+1, i+1, true
			}
			continue
		}
		if start < 0 {
			start, brack, eq, brace = i, false, false, false
			switch c {
			case '#':
				return nil, false
			case '[':
				brack = true
			case '{', '}':
				brace = true
			}
		}
		switch plainBytes[c] {
		case pbBrack:
			if !brack {
				return nil, false
			}
		case pbEq:
			eq = true
		}
		if c >= utf8.RuneSelf {
			nonASCII = true
		}
	}
	if start >= 0 && !end(len(text)) {
		return nil, false
	}
	if nonASCII && !utf8.ValidString(text) {
		return nil, false
	}
	return spans, true
}
