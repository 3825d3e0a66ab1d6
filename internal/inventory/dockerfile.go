package inventory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/lazyregexp"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// The Dockerfile reader below is our own, not buildkit's parser (docs/design.md, "Dockerfiles",
// says why): it keeps the byte offset of every word, so that a package word on the fourth
// continuation line of a RUN is cited as that line. It reads the documented syntax (parser
// directives, escape, comments, line continuation, heredocs, exec form) and follows buildkit's
// behaviour where the reference is silent: comment and empty lines inside a continuation are
// dropped, continuation lines keep their indentation, the escape character is the last
// character of a line not preceded by another escape, heredoc words are `[n]<<[-]WORD` with
// WORD optionally quoted.
//
// Everything else (instruction semantics) is read by the inventory builder, and only the
// instructions it needs (FROM, ARG, ENV, RUN, COPY, ADD, SHELL). The tests in
// dockerfile_test.go pin each rule above.

// instruction is one Dockerfile instruction.
type instruction struct {
	Cmd  string // upper case: "RUN"
	Line int    // line of the keyword
	// Args are the arguments as Docker reads them: continuation lines joined (the escape and
	// line break removed, comment and empty lines dropped), leading and trailing blanks trimmed.
	Args string
	// pieces map Args back to the file: Args[p.Val:p.Val+p.Len] == data[p.File:p.File+p.Len].
	pieces []piece
	// JSON holds the exec form's strings (`RUN ["pip3", "install", "x"]`), nil for shell form.
	JSON []word
	// Heredocs are the here-documents of RUN, COPY and ADD, in order.
	Heredocs []heredoc
	// Start and End are the file offsets of the keyword and of the end of the last line
	// (heredocs included).
	Start, End int
}

// piece is a run of bytes of an instruction's Args that are the same bytes in the file.
type piece struct{ Val, File, Len int }

// word is one word of an instruction's Args (or one string of its exec form).
type word struct {
	Raw   string // as written, quotes included
	Value string // quotes and escapes removed (exec form: the JSON string's value)
	// Start and End are offsets in Args (End exclusive).
	Start, End int
}

// heredoc is one here-document: `<<EOF` ... `EOF`.
type heredoc struct {
	Name    string
	Chomp   bool // <<-EOF: leading tabs are removed
	Quoted  bool // <<"EOF" or <<'EOF': no expansion in the content
	Content string
	// Start is the file offset of the content (the line after the instruction).
	Start int
	// Word is the index of the `<<EOF` word in the instruction's words.
	Word int
}

// dockerfile is a parsed Dockerfile.
type dockerfile struct {
	Path string
	Data []byte
	// Src is the file with the comment lines inside continuations blanked out (same length,
	// same line breaks): text that Docker drops must not be matched when mapping a RUN's
	// joined text back to the file (lint.NewString aligns value and file byte by byte).
	Src    *source.Source
	Escape byte
	Instrs []*instruction
}

// ParseError is a Dockerfile that cannot be read, with the position of the problem.
type ParseError struct {
	Path      string
	Line, Col int // 0 when unknown
	Msg       string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// knownInstructions are the Dockerfile instructions; buildkit rejects any other.
var knownInstructions = map[string]bool{
	"ADD": true, "ARG": true, "CMD": true, "COPY": true, "ENTRYPOINT": true, "ENV": true,
	"EXPOSE": true, "FROM": true, "HEALTHCHECK": true, "LABEL": true, "MAINTAINER": true,
	"ONBUILD": true, "RUN": true, "SHELL": true, "STOPSIGNAL": true, "USER": true, "VOLUME": true,
	"WORKDIR": true,
}

var (
	reDirective = lazyregexp.New(`^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$`)
	reHeredoc   = lazyregexp.New(`^([0-9]*)<<(-?)(.+)$`)
)

// line is one line of the file: data[Start:End] is its text without "\r\n" or "\n".
type line struct{ Start, End int }

func splitLines(data []byte, from int) []line {
	var out []line
	for i := from; i <= len(data); {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			if i < len(data) {
				out = append(out, line{i, trimCR(data, i, len(data))})
			}
			break
		}
		out = append(out, line{i, trimCR(data, i, i+j)})
		i += j + 1
	}
	return out
}

func trimCR(data []byte, start, end int) int {
	if end > start && data[end-1] == '\r' {
		end--
	}
	return end
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' }

// parseDockerfile reads data as a Dockerfile. Errors are *ParseError. It reads in phases:
// the lines (splitLines), the parser directives at the top (readDirectives), then each
// instruction (readInstruction: its continuation lines, keyword and arguments, exec form and
// heredocs), and last the order of FROM and the instructions before it (checkStages).
func parseDockerfile(path string, data []byte) (*dockerfile, error) {
	r := &dfReader{
		df:     &dockerfile{Path: path, Data: data, Escape: '\\'},
		data:   data,
		masked: append([]byte(nil), data...),
	}
	start := 0
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		start = 3
	}
	r.lines = splitLines(data, start)
	if err := r.readDirectives(); err != nil {
		return nil, err
	}
	for ; r.i < len(r.lines); r.i++ {
		ins, err := r.readInstruction()
		if err != nil {
			return nil, err
		}
		if ins != nil {
			r.df.Instrs = append(r.df.Instrs, ins)
		}
	}
	df := r.df
	df.Src = source.NewSource(path, r.masked)
	for _, ins := range df.Instrs {
		ins.Line = df.Src.Pos(ins.Start).Line
	}
	if err := r.checkStages(); err != nil {
		return nil, err
	}
	return df, nil
}

// dfReader is the state of one Dockerfile's reading: its lines, the line being read, and the
// copy of the file in which comment lines inside continuations are blanked (dockerfile.Src).
type dfReader struct {
	df     *dockerfile
	data   []byte
	lines  []line
	i      int // the index of the line being read
	masked []byte
	// joined and pieces are the buffers of the instruction being joined, reused for the next.
	joined []byte
	pieces []piece
}

// errAt is a *ParseError at file offset off.
func (r *dfReader) errAt(off int, format string, args ...any) error {
	p := source.NewSource(r.df.Path, r.data).Pos(off)
	return &ParseError{Path: r.df.Path, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf(format, args...)}
}

// readDirectives reads the parser directives (# escape=, # syntax=, # check=) at the very
// top, until the first other line. It leaves r.i at the first line that is not one.
func (r *dfReader) readDirectives() error {
	seen := map[string]bool{}
	for ; r.i < len(r.lines); r.i++ {
		l := r.lines[r.i]
		m := reDirective().FindStringSubmatch(string(r.data[l.Start:l.End]))
		if m == nil {
			return nil
		}
		key := strings.ToLower(m[1])
		if key != "escape" && key != "syntax" && key != "check" {
			return nil
		}
		if seen[key] {
			return r.errAt(l.Start, "only one %s parser directive can be used", key)
		}
		seen[key] = true
		if key == "escape" {
			if m[2] != "\\" && m[2] != "`" {
				return r.errAt(l.Start, "invalid escape directive %q: use \\ or `", m[2])
			}
			r.df.Escape = m[2][0]
		}
	}
	return nil
}

// readInstruction reads the instruction that starts on line r.i, leaving r.i at its last
// line (continuations and heredocs included). It returns nil for an empty or comment line.
func (r *dfReader) readInstruction() (*instruction, error) {
	l := r.lines[r.i]
	t := r.data[l.Start:l.End]
	k := 0
	for k < len(t) && (isBlank(t[k]) || t[k] == '\v' || t[k] == '\f') {
		k++
	}
	if k == len(t) || t[k] == '#' {
		return nil, nil // empty line or comment
	}
	ins := &instruction{Start: l.Start + k}
	r.joinLines(ins)
	kw := r.splitKeyword(ins)
	if !knownInstructions[ins.Cmd] {
		return nil, r.errAt(ins.Start, "unknown instruction %s", strings.ToUpper(string(r.joined[:kw])))
	}
	if strings.HasPrefix(ins.Args, "[") && execForm[ins.Cmd] {
		ins.JSON = parseJSONArray(ins.Args)
	}
	if ins.JSON == nil && (ins.Cmd == "RUN" || ins.Cmd == "COPY" || ins.Cmd == "ADD") && strings.Contains(ins.Args, "<<") {
		if err := r.readHeredocs(ins); err != nil {
			return nil, err
		}
	}
	return ins, nil
}

// execForm are the instructions that Docker reads in exec form when their arguments are a
// JSON array.
var execForm = map[string]bool{
	"RUN": true, "CMD": true, "ENTRYPOINT": true, "SHELL": true, "COPY": true, "ADD": true, "VOLUME": true,
}

// joinLines joins the continuation lines of the instruction that starts at ins.Start (on line
// r.i) as Docker does into r.joined, with r.pieces mapping it back to the file; comment lines
// inside the continuation are dropped (and blanked in r.masked), empty lines skipped.
func (r *dfReader) joinLines(ins *instruction) {
	r.joined, r.pieces = r.joined[:0], r.pieces[:0]
	from, to := ins.Start, r.lines[r.i].End
	cont := false
	for {
		to, cont = r.df.continuation(r.data, from, to)
		if to > from {
			r.pieces = append(r.pieces, piece{Val: len(r.joined), File: from, Len: to - from})
			r.joined = append(r.joined, r.data[from:to]...)
		}
		ins.End = r.lines[r.i].End
		if !cont {
			return
		}
		// The next line that is neither a comment nor empty continues the instruction; a
		// continuation at the end of the file ends it.
		found := false
		for !found && r.i+1 < len(r.lines) {
			r.i++
			n := r.lines[r.i]
			nt := bytes.TrimLeft(r.data[n.Start:n.End], " \t\v\f")
			switch {
			case len(nt) > 0 && nt[0] == '#':
				for j := n.Start; j < n.End; j++ {
					r.masked[j] = ' '
				}
			case len(nt) > 0:
				from, to = n.Start, n.End
				found = true
			}
		}
		if !found {
			return
		}
	}
}

// splitKeyword sets ins.Cmd and ins.Args from the joined text, and ins.pieces to the pieces of
// Args; it returns the keyword's length.
func (r *dfReader) splitKeyword(ins *instruction) int {
	joined := r.joined
	kw := 0
	for kw < len(joined) && !isSpace(joined[kw]) {
		kw++
	}
	ins.Cmd = strings.ToUpper(string(joined[:kw]))
	a := kw
	for a < len(joined) && isSpace(joined[a]) {
		a++
	}
	b := len(joined)
	for b > a && isSpace(joined[b-1]) {
		b--
	}
	ins.Args = string(joined[a:b])
	for _, p := range r.pieces {
		lo, hi := max(p.Val, a), min(p.Val+p.Len, b)
		if hi > lo {
			ins.pieces = append(ins.pieces, piece{Val: lo - a, File: p.File + (lo - p.Val), Len: hi - lo})
		}
	}
	return kw
}

// readHeredocs reads the here-documents that the words of a RUN, COPY or ADD open
// (`[n]<<[-]WORD`), in order: each takes the lines after the instruction up to its end word,
// and r.i moves to that line.
func (r *dfReader) readHeredocs(ins *instruction) error {
	df, data, lines := r.df, r.data, r.lines
	for wi, w := range df.words(ins.Args) {
		m := reHeredoc().FindStringSubmatch(w.Raw)
		if m == nil {
			continue
		}
		name := unquote(m[3], df.Escape)
		if name == "" || strings.ContainsAny(name, " \t") {
			continue
		}
		h := heredoc{Name: name, Chomp: m[2] == "-", Quoted: name != m[3], Word: wi}
		if r.i+1 < len(lines) {
			h.Start = lines[r.i+1].Start
		} else {
			h.Start = len(data)
		}
		done := false
		for r.i+1 < len(lines) {
			r.i++
			n := lines[r.i]
			cand := data[n.Start:n.End]
			if h.Chomp {
				cand = bytes.TrimLeft(cand, "\t")
			}
			if string(cand) == name {
				h.Content = string(data[h.Start:n.Start])
				ins.End = n.End
				done = true
				break
			}
		}
		if !done {
			return r.errAt(ins.fileOffset(w.Start), "unterminated heredoc <<%s: end it with a line that is exactly %s", name, name)
		}
		ins.Heredocs = append(ins.Heredocs, h)
	}
	return nil
}

// checkStages checks what Docker requires of the stages: at least one instruction, a FROM
// with an image, and nothing but ARG before the first FROM.
func (r *dfReader) checkStages() error {
	df := r.df
	if len(df.Instrs) == 0 {
		return &ParseError{Path: df.Path, Msg: "no instructions: a Dockerfile needs at least a FROM"}
	}
	sawFrom := false
	for _, ins := range df.Instrs {
		switch {
		case ins.Cmd == "FROM":
			sawFrom = true
			if len(df.words(ins.Args)) == 0 {
				return r.errAt(ins.Start, "FROM needs an image")
			}
		case !sawFrom && ins.Cmd != "ARG":
			return r.errAt(ins.Start, "%s before the first FROM: only ARG may come before it", ins.Cmd)
		}
	}
	if !sawFrom {
		return &ParseError{Path: df.Path, Msg: "no FROM instruction"}
	}
	return nil
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\v' || b == '\f' || b == '\r' || b == '\n'
}

// continuation reports whether the line data[from:to] ends with the escape character (blanks
// after it allowed, the escape itself not escaped), and returns the end of its text without it.
func (df *dockerfile) continuation(data []byte, from, to int) (int, bool) {
	e := to
	for e > from && isBlank(data[e-1]) {
		e--
	}
	if e == from || data[e-1] != df.Escape {
		return to, false
	}
	if e-2 >= from && data[e-2] == df.Escape {
		return to, false // an escaped escape character
	}
	return e - 1, true
}

// fileOffset maps an offset of Args to the file.
func (ins *instruction) fileOffset(off int) int {
	if len(ins.pieces) == 0 {
		return ins.Start
	}
	// The first piece that ends after off: a binary search, since an instruction of many
	// continuation lines has as many pieces, and each word is mapped.
	i := sort.Search(len(ins.pieces), func(i int) bool { p := ins.pieces[i]; return off < p.Val+p.Len })
	if i < len(ins.pieces) {
		p := ins.pieces[i]
		if off < p.Val {
			return p.File
		}
		return p.File + off - p.Val
	}
	last := ins.pieces[len(ins.pieces)-1]
	return last.File + last.Len
}

// words splits Docker instruction arguments into words at blanks outside quotes; the escape
// character protects the next character.
func (df *dockerfile) words(s string) []word {
	var out []word
	for i := 0; ; {
		w, ok := df.nextWord(s, i)
		if !ok {
			return out
		}
		out = append(out, w)
		i = w.End
	}
}

// nextWord returns the word of s that starts at or after offset i, or false when there is none.
func (df *dockerfile) nextWord(s string, i int) (word, bool) {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		return word{}, false
	}
	start := i
	var quote byte
	for i < len(s) {
		c := s[i]
		switch {
		case c == df.Escape && quote != '\'' && i+1 < len(s):
			i += 2
			continue
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && isSpace(c):
			raw := s[start:i]
			return word{Raw: raw, Value: unquote(raw, df.Escape), Start: start, End: i}, true
		}
		i++
	}
	raw := s[start:i]
	return word{Raw: raw, Value: unquote(raw, df.Escape), Start: start, End: i}, true
}

// unquote removes the quotes and escapes of a word as Docker's word lexer does (expandDocker
// without variables).
func unquote(s string, esc byte) string {
	if !strings.ContainsAny(s, "\"'"+string(esc)) {
		return s
	}
	return expandDocker(s, esc, nil)
}

// parseJSONArray reads s as a JSON array of strings with each string's offsets, or returns nil
// when it is not one (Docker then reads the instruction in shell form).
func parseJSONArray(s string) []word {
	dec := json.NewDecoder(strings.NewReader(s))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil
	}
	out := []word{}
	for dec.More() {
		before := int(dec.InputOffset())
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		v, ok := t.(string)
		if !ok {
			return nil
		}
		end := int(dec.InputOffset())
		start := before + strings.IndexByte(s[before:end], '"')
		// Value spans the string's content, inside the quotes.
		out = append(out, word{Raw: s[start:end], Value: v, Start: start + 1, End: end - 1})
	}
	if t, err := dec.Token(); err != nil || t != json.Delim(']') {
		return nil
	}
	if strings.TrimSpace(s[dec.InputOffset():]) != "" {
		return nil
	}
	return out
}
