package rules

// This file builds the edits that put shell lines into a buildspec before or after a command,
// in the style of the place they go: new items of the same list (same indentation, dash and
// quoting, in a flow sequence too), new lines of the same `|` block, or a prefix of the same
// shell line. Edits never change a byte outside the inserted text, so CRLF files get CRLF
// lines and comments stay where they are. The engine verifies every fix built from them.

import (
	"bytes"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// listItem is where a command sits in its YAML list.
type listItem struct {
	cmd  *buildspec.Command
	src  *source.Source
	data []byte
	// flow is true for an item of a flow sequence ([a, b]).
	flow bool
	// For a block sequence item: lineStart is the offset of the item's line, and prefix the
	// text from there to the scalar ("      - ").
	lineStart int
	prefix    string
	// quote is the item's quote character, 0 for a plain or block scalar.
	quote byte
	eol   string
}

// itemOf returns the list item of cmd, or false when its item is written in a form the edits do
// not handle (a tag, an anchor, an item on the line of another).
func itemOf(src *source.Source, cmd *buildspec.Command) (listItem, bool) {
	data := src.Data
	start := cmd.Range.Start.Offset
	if cmd.String == nil || start <= 0 || start >= len(data) {
		return listItem{}, false
	}
	it := listItem{cmd: cmd, src: src, data: data, eol: lineEnding(data, start)}
	if q := data[start]; (q == '\'' || q == '"') && cmd.Block == 0 {
		it.quote = q
	}
	ls := bytes.LastIndexByte(data[:start], '\n') + 1
	prefix := string(data[ls:start])
	indent := strings.TrimLeft(prefix, " ")
	if strings.HasPrefix(indent, "-") && strings.Trim(indent[1:], " ") == "" && len(indent) > 1 {
		it.lineStart, it.prefix = ls, prefix
		return it, true
	}
	// A flow sequence item follows `[` or `,` (spaces, line breaks and comments aside).
	before := bytes.TrimRight(data[:start], " \t\r\n")
	if bytes.HasSuffix(before, []byte("[")) || bytes.HasSuffix(before, []byte(",")) {
		it.flow = true
		return it, true
	}
	return listItem{}, false
}

// lineEnding returns the line ending of the line at off: "\r\n" in a CRLF file, else "\n".
func lineEnding(data []byte, off int) string {
	s := string(data)
	i := strings.IndexByte(s[off:], '\n')
	if i < 0 {
		i = strings.IndexByte(s, '\n')
		if i < 0 {
			return "\n"
		}
	} else {
		i += off
	}
	if i > 0 && s[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// scalar returns text as a YAML scalar in the item's style: quoted as the item is, plain when
// that is safe, single-quoted otherwise.
func (it listItem) scalar(text string) string {
	switch {
	case it.quote == '"':
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(text) + `"`
	case it.quote == '\'' || !plainSafe(text, it.flow):
		return "'" + strings.ReplaceAll(text, "'", "''") + "'"
	}
	return text
}

// plainSafe reports whether text reads back as itself as a plain YAML scalar (in a flow
// collection when flow is set).
func plainSafe(text string, flow bool) bool {
	if text == "" || strings.TrimSpace(text) != text || strings.ContainsAny(text, "\t\r\n") {
		return false
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(text[0])) {
		return false
	}
	if strings.Contains(text, ": ") || strings.Contains(text, " #") || strings.HasSuffix(text, ":") {
		return false
	}
	return !flow || !strings.ContainsAny(text, ",[]{}")
}

// before returns the edit that puts lines as new items before the item: above the comment lines
// right above it at its dash's column (an ignore directive there keeps naming the item), in a
// flow sequence before it.
func (it listItem) before(lines []string) finding.Edit {
	src := it.cmd.String
	if it.flow {
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(it.scalar(l) + ", ")
		}
		off := src.Range.Start.Offset
		return finding.Edit{Range: it.src.Range(off, off), NewText: b.String()}
	}
	at := it.lineStart
	dashCol := len(it.prefix) - len(strings.TrimLeft(it.prefix, " "))
	for at > 0 {
		ps := bytes.LastIndexByte(it.data[:at-1], '\n') + 1
		line := strings.TrimRight(string(it.data[ps:at]), "\r\n")
		trimmed := strings.TrimLeft(line, " ")
		// A comment line at the dash's column: a line indented further may be the text of the
		// item before (a block scalar's shell comment).
		if !strings.HasPrefix(trimmed, "#") || len(line)-len(trimmed) != dashCol {
			break
		}
		at = ps
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(it.prefix + it.scalar(l) + it.eol)
	}
	return finding.Edit{Range: it.src.Range(at, at), NewText: b.String()}
}

// after returns the edit that puts lines as new items after the item, or false when the item
// is a block scalar that keeps its trailing blank lines (`|+`).
func (it listItem) after(lines []string) (finding.Edit, bool) {
	s := it.cmd.String
	end := s.Range.End.Offset
	if it.flow {
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(", " + it.scalar(l))
		}
		return finding.Edit{Range: it.src.Range(end, end), NewText: b.String()}, true
	}
	if s.Block != 0 {
		rest := it.data[s.Range.Start.Offset:]
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			rest = rest[:i]
		}
		header := string(rest)
		if h, _, _ := strings.Cut(header, "#"); strings.Contains(h, "+") {
			return finding.Edit{}, false
		}
	}
	// The end of the scalar's last line of text (a block scalar's range may take in the line
	// breaks after it).
	last := end
	for last > s.Range.Start.Offset && strings.ContainsRune(" \t\r\n", rune(it.data[last-1])) {
		last--
	}
	items := make([]string, len(lines))
	for i, l := range lines {
		items[i] = it.prefix + it.scalar(l)
	}
	nl := bytes.IndexByte(it.data[last:], '\n')
	if nl < 0 {
		// The last line of a file without a final line break: the file still ends without one.
		n := len(it.data)
		return finding.Edit{Range: it.src.Range(n, n), NewText: it.eol + strings.Join(items, it.eol)}, true
	}
	at := last + nl + 1
	return finding.Edit{Range: it.src.Range(at, at), NewText: strings.Join(items, it.eol) + it.eol}, true
}

// topStmt returns the statement of cmd's script that runs call c (the statement itself, or the
// if, loop, list or `sh -c` call it is part of) and its index, or nil.
func topStmt(cmd *buildspec.Command, c *buildspec.Call) (*syntax.Stmt, int) {
	if cmd == nil || cmd.Script == nil || cmd.Script.File == nil || cmd.Script.Err != nil {
		return nil, -1
	}
	root := c
	for root.Via != nil {
		root = root.Via
	}
	if root.Expr == nil || root.Inner != nil {
		return nil, -1
	}
	off := root.Expr.Pos().Offset()
	for i, st := range cmd.Script.File.Stmts {
		if st.Pos().Offset() <= off && off < st.End().Offset() {
			return st, i
		}
	}
	return nil, -1
}

// andChain reports whether st is a plain command or a chain of && only, so that `X && ` before
// it runs it exactly when X succeeds.
func andChain(st *syntax.Stmt) bool {
	if st.Negated || st.Background || st.Coprocess {
		return false
	}
	switch x := st.Cmd.(type) {
	case *syntax.CallExpr:
		return true
	case *syntax.BinaryCmd:
		return x.Op == syntax.AndStmt && andChain(x.X) && andChain(x.Y)
	}
	return false
}

// valueLine returns the span [start, end) of the line of cmd's value that holds value offset off,
// without its line break.
func valueLine(cmd *buildspec.Command, off int) (int, int) {
	v := cmd.Value
	off = min(max(off, 0), len(v))
	start := strings.LastIndexByte(v[:off], '\n') + 1
	end := strings.IndexByte(v[off:], '\n')
	if end < 0 {
		return start, len(v)
	}
	return start, off + end
}

// blockLinesBefore returns the edit that puts lines into cmd's `|` block before the block line
// that starts at value offset off, with that line's indentation.
func blockLinesBefore(src *source.Source, cmd *buildspec.Command, off int, lines []string) finding.Edit {
	fo := cmd.ValueOffset(off)
	ls := bytes.LastIndexByte(src.Data[:fo], '\n') + 1
	indent := string(src.Data[ls:fo])
	eol := lineEnding(src.Data, fo)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(indent + l + eol)
	}
	return finding.Edit{Range: src.Range(ls, ls), NewText: b.String()}
}

// blockLinesAfter returns the edit that puts lines into cmd's `|` block after the block line
// that holds value offset off (the last byte of a statement), with the indentation of the line
// that holds value offset first (where the statement starts).
func blockLinesAfter(src *source.Source, cmd *buildspec.Command, first, off int, lines []string) (finding.Edit, bool) {
	fs := cmd.ValueOffset(first)
	ls := bytes.LastIndexByte(src.Data[:fs], '\n') + 1
	line := string(src.Data[ls:fs])
	indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
	fo := cmd.ValueOffset(off)
	nl := bytes.IndexByte(src.Data[fo:], '\n')
	if nl < 0 {
		nl = len(src.Data) - fo // the file's last line
	}
	// Before the line break, so that the edit touches the block's text even after its last line.
	at := fo + nl
	if at > 0 && src.Data[at-1] == '\r' {
		at--
	}
	eol := lineEnding(src.Data, fo)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(eol + indent + l)
	}
	return finding.Edit{Range: src.Range(at, at), NewText: b.String()}, true
}

// inlineText returns text as it is written inside cmd's scalar: escaped in a double-quoted
// scalar, doubled quotes in a single-quoted one, as it is elsewhere. ok is false when it would
// not read back as text (a plain scalar that text would end or comment out).
func inlineText(src *source.Source, cmd *buildspec.Command, text string) (string, bool) {
	switch {
	case cmd.Block != 0:
		return text, true
	case cmd.Quoted && cmd.Range.Start.Offset < len(src.Data) && src.Data[cmd.Range.Start.Offset] == '"':
		return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(text), true
	case cmd.Quoted:
		return strings.ReplaceAll(text, "'", "''"), true
	}
	return text, !strings.Contains(text, ": ") && !strings.Contains(text, " #")
}

// linesBefore returns the edit that runs lines (shell commands) right before the statement of
// cmd's script that runs call c: new lines of the same `|` block when the statement starts a
// line of one, `a & b && ` before it when it is a chain of && on one line, new items before the
// list item when it is the command's first statement, else `a & b && ` before it when it is a
// plain command. lines joined for one line must be valid there: the caller gives commands that
// end with & or not at all (the last one never does). It returns false when none of these fits.
func linesBefore(src *source.Source, c *buildspec.Call, lines []string) (finding.Edit, bool) {
	cmd := c.Command
	st, idx := topStmt(cmd, c)
	if st == nil || len(lines) == 0 || strings.HasSuffix(lines[len(lines)-1], "&") {
		return finding.Edit{}, false
	}
	off := int(st.Pos().Offset())
	ls, le := valueLine(cmd, off)
	oneLine := int(st.End().Offset()) <= le
	if cmd.Block == '|' && strings.TrimSpace(cmd.Value[ls:off]) == "" {
		return blockLinesBefore(src, cmd, off, lines), true
	}
	bin, chain := st.Cmd.(*syntax.BinaryCmd)
	chain = chain && bin.Op == syntax.AndStmt && andChain(st)
	it, item := itemOf(src, cmd)
	if !(chain && oneLine) && idx == 0 && item {
		return it.before(lines), true
	}
	if !andChain(st) {
		return finding.Edit{}, false
	}
	text, ok := inlineText(src, cmd, joinLine(lines)+" && ")
	if !ok {
		return finding.Edit{}, false
	}
	at := cmd.ValueOffset(off)
	return finding.Edit{Range: src.Range(at, at), NewText: text}, true
}

// linesAfter returns the edit that runs lines (shell commands) right after the statement of
// cmd's script that runs call c, which must be a statement sent to the background (a & b
// could not follow it on its line otherwise): new lines of the same `|` block after the line
// it ends, new items after the list item when it is the command's last statement, or `a && `
// before the next statement on its line when that is a plain command or a chain of &&.
func linesAfter(src *source.Source, c *buildspec.Call, lines []string) (finding.Edit, bool) {
	return linesAfterStmt(src, c, lines, true)
}

// linesAfterStmt is linesAfter; background false is for a statement that another edit of the
// same fix sends to the background.
func linesAfterStmt(src *source.Source, c *buildspec.Call, lines []string, background bool) (finding.Edit, bool) {
	cmd := c.Command
	st, idx := topStmt(cmd, c)
	if st == nil || (background && !st.Background) || len(lines) == 0 || strings.HasSuffix(lines[len(lines)-1], "&") {
		return finding.Edit{}, false
	}
	start, end := int(st.Pos().Offset()), int(st.End().Offset())
	_, le := valueLine(cmd, end-1)
	if end < 1 || end > le || start > end {
		return finding.Edit{}, false
	}
	stmts := cmd.Script.File.Stmts
	if idx+1 < len(stmts) && int(stmts[idx+1].Pos().Offset()) < le {
		next := stmts[idx+1]
		if !andChain(next) {
			return finding.Edit{}, false
		}
		text, ok := inlineText(src, cmd, joinLine(lines)+" && ")
		if !ok {
			return finding.Edit{}, false
		}
		at := cmd.ValueOffset(int(next.Pos().Offset()))
		return finding.Edit{Range: src.Range(at, at), NewText: text}, true
	}
	if rest := strings.TrimSpace(cmd.Value[end:le]); (rest != "" && !strings.HasPrefix(rest, "#")) || hasHeredoc(st) {
		return finding.Edit{}, false // a here-document's body follows the line
	}
	if cmd.Block == '|' {
		return blockLinesAfter(src, cmd, start, end-1, lines)
	}
	it, item := itemOf(src, cmd)
	if idx == len(stmts)-1 && item {
		return it.after(lines)
	}
	return finding.Edit{}, false
}

// joinLine joins shell commands on one line: after a command that ends with & the next one
// follows with a space, after any other with " && ".
func joinLine(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			if strings.HasSuffix(lines[i-1], "&") {
				b.WriteString(" ")
			} else {
				b.WriteString(" && ")
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// hasHeredoc reports whether st has a here-document, whose body follows its line.
func hasHeredoc(st *syntax.Stmt) bool {
	found := false
	syntax.Walk(st, func(n syntax.Node) bool {
		if r, ok := n.(*syntax.Redirect); ok && (r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc) {
			found = true
		}
		return !found
	})
	return found
}

// removeItem returns the edit that removes cmd's list item with its line (a comment on the
// line goes with it; the comment lines above stay), or false when the item does not stand on
// lines of its own in a block sequence.
func removeItem(src *source.Source, cmd *buildspec.Command) (finding.Edit, bool) {
	it, ok := itemOf(src, cmd)
	if !ok || it.flow {
		return finding.Edit{}, false
	}
	data := src.Data
	last := cmd.Range.End.Offset
	for last > cmd.Range.Start.Offset && strings.ContainsRune(" \t\r\n", rune(data[last-1])) {
		last--
	}
	nl := bytes.IndexByte(data[last:], '\n')
	if nl < 0 {
		return finding.Edit{}, false
	}
	return finding.Edit{Range: src.Range(it.lineStart, last+nl+1)}, true
}

// nextCommand returns the command after cmd in its list, or nil.
func nextCommand(spec *buildspec.Buildspec, cmd *buildspec.Command) *buildspec.Command {
	for _, p := range spec.Phases {
		for _, list := range [][]*buildspec.Command{p.Commands, p.Finally} {
			for i, c := range list {
				if c == cmd && i+1 < len(list) {
					return list[i+1]
				}
			}
		}
	}
	return nil
}

// wholeCommand reports whether call c is all that its command runs: the command is one
// statement, c itself (with its wrappers and redirections).
func wholeCommand(c *buildspec.Call) bool {
	if c.Depth != 0 || c.Command == nil || c.Command.Script == nil || c.Command.Script.File == nil || c.Command.Script.Err != nil {
		return false
	}
	stmts := c.Command.Script.File.Stmts
	return len(stmts) == 1 && stmts[0].Cmd == syntax.Command(c.Expr)
}
