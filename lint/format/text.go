package format

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/graphemes"
	"github.com/mattn/go-runewidth"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// ANSI colours of the text format (Options.Color).
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
	ansiGreen  = "\x1b[1;32m"
)

// tabWidth is the tab stop used when a snippet line is shown: tabs are expanded to spaces up to
// the next multiple of 8 cells, as a terminal shows them, so that the marker line aligns.
const tabWidth = 8

// cells measures characters as a terminal shows them: East Asian wide characters and most emoji
// take two cells, combining marks none. The condition is fixed (not taken from the locale) so that
// output does not depend on the environment.
var cells = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// Text writes GNU-style lines that editors and compilers' error parsers read:
//
//	file:line:col: severity: message [ID name]
//
// With Options.Snippet each line is followed by the source line, with a line-number gutter, and
// a marker (^~~~) under the finding's range; a range that spans lines is marked to the end of its
// first line. A finding with related locations (finding.Related) is followed by a note per
// location, with what is there:
//
//	note: template.yaml:42:9: privileged mode is off here
//
// A finding with a fix is followed by a line that says what the fix does:
//
//	fix: use overlay2 (--fix applies it)
//
// Tabs are expanded and wide characters counted as two cells so that the marker lines
// up with the text.
//
// Paths, messages and source lines come from the files, so they are printed through LogPath and
// LogText: control, bidi and invisible characters are shown as escapes (\n, \x1b, \u202e), so that
// a file can neither send escape sequences to the terminal nor start a line of its own (a GitHub
// Actions workflow command such as ::error::, or ##[ anywhere in a line) in a CI log; the
// marker lines up with the escapes. With Options.Color, severities, positions and markers are
// coloured with ANSI escapes.
//
// The output ends with a summary line, also when there are no findings, so that a run that linted
// nothing is visible in CI logs:
//
//	3 findings (1 error, 2 warnings) in 2 of 5 files
//	no findings in 5 files
//
// (see Summary). Editors skip the line: it does not have the file:line:col: shape.
func Text(w io.Writer, r *Report, opts Options) error {
	var b bytes.Buffer
	last, lastPath := "", "" // the last finding's path, and as it is printed
	for _, f := range r.Findings {
		if f.Path != last || lastPath == "" {
			last, lastPath = f.Path, LogPath(f.Path)
		}
		writeTextFinding(&b, f, lastPath, opts)
		// Flush per finding so that a large report does not pile up in memory.
		if _, err := w.Write(b.Bytes()); err != nil {
			return err
		}
		b.Reset()
	}
	summary := Summary(r)
	if summary == "" {
		return nil
	}
	if opts.Color {
		summary = ansiBold + summary + ansiReset
	}
	_, err := io.WriteString(w, summary+"\n")
	return err
}

// writeTextFinding writes f, whose path is printed as path (LogPath of its Path).
func writeTextFinding(b *bytes.Buffer, f *finding.Finding, path string, opts Options) {
	col := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	sevColor := severityColor(f.Severity)
	tag := LogText(f.RuleTitle())
	b.Grow(len(path) + len(f.Message) + len(tag) + 64)
	if opts.Color {
		b.WriteString(ansiBold)
	}
	var num [20]byte
	b.WriteString(path)
	b.WriteByte(':')
	b.Write(strconv.AppendInt(num[:0], int64(f.Range.Start.Line), 10))
	b.WriteByte(':')
	b.Write(strconv.AppendInt(num[:0], int64(f.Range.Start.Col), 10))
	b.WriteByte(':')
	if opts.Color {
		b.WriteString(ansiReset)
	}
	b.WriteString(" ")
	if opts.Color {
		b.WriteString(sevColor)
	}
	b.WriteString(f.Severity.String())
	b.WriteByte(':')
	if opts.Color {
		b.WriteString(ansiReset)
	}
	b.WriteString(" ")
	b.WriteString(LogText(f.Message))
	if tag != "" {
		b.WriteString(" ")
		b.WriteString(col(ansiDim, "["+tag+"]"))
	}
	b.WriteString("\n")
	if opts.Snippet && f.Source != nil && f.Range.IsValid() && f.Range.Start.Line <= f.Source.Lines() {
		writeSnippet(b, f, col)
	}
	for _, r := range f.Related {
		b.WriteString("  ")
		b.WriteString(col(ansiCyan, "note:"))
		b.WriteString(" " + LogPath(r.Where()) + ": " + LogText(finding.ElideMessage(r.Message)) + "\n")
	}
	if f.Fix != nil && len(f.Fix.Edits) > 0 {
		msg := strings.TrimSpace(finding.ElideMessage(f.Fix.Message))
		if msg == "" {
			msg = "available"
		}
		b.WriteString("  ")
		b.WriteString(col(ansiGreen, "fix:"))
		b.WriteString(" " + LogText(msg) + " (--fix applies it)\n")
	}
}

// writeSnippet writes the source line of f with a gutter, and the marker under its range.
func writeSnippet(b *bytes.Buffer, f *finding.Finding, col func(code, s string) string) {
	line, rng, cutBefore, cutAfter := snippetLine(f.Source, f.Range)
	text, marker := snippet(line, rng)
	if cutBefore {
		text, marker = "..."+text, "   "+marker
	}
	if cutAfter {
		text += "..."
	}
	num := strconv.Itoa(f.Range.Start.Line)
	pad := strings.Repeat(" ", len(num))
	b.WriteString(col(ansiDim, num+" | "))
	b.WriteString(text)
	b.WriteString("\n")
	b.WriteString(col(ansiDim, pad+" | "))
	b.WriteString(col(ansiGreen, marker))
	b.WriteString("\n")
}

func severityColor(s finding.Severity) string {
	switch s {
	case finding.SeverityError:
		return ansiRed
	case finding.SeverityWarning:
		return ansiYellow
	}
	return ansiCyan
}

// maxSnippet is the most of a line, in bytes, shown under a finding. A longer line is cut to a
// window around the finding's start, with "..." where it was cut: a 4 MiB line printed in full
// under each of its thousand findings would be gigabytes of output.
const maxSnippet = 240

// snippetLine returns the part of rng's first line that is shown under a finding, rng with
// columns relative to it, and whether the line was cut before and after that part. It costs the
// part's length, not the line's.
func snippetLine(src *source.Source, rng source.Range) (line string, r source.Range, cutBefore, cutAfter bool) {
	lr := src.LineRange(rng.Start.Line)
	a, b := lr.Start.Offset, lr.End.Offset
	if b-a <= maxSnippet {
		return string(src.Data[a:b]), rng, false, false
	}
	lo := a
	if start := src.Offset(rng.Start.Line, rng.Start.Col); start-a > maxSnippet*3/4 {
		lo = start - maxSnippet/4
	}
	hi := min(b, lo+maxSnippet)
	// Cut between characters: step back over at most the continuation bytes of one character.
	for i := 1; i < utf8.UTFMax && lo > a && !utf8.RuneStart(src.Data[lo]); i++ {
		lo--
	}
	for i := 1; i < utf8.UTFMax && hi > lo && hi < b && !utf8.RuneStart(src.Data[hi]); i++ {
		hi--
	}
	shift := src.Pos(lo).Col - 1
	r = rng
	r.Start.Col -= shift
	if r.End.Line == r.Start.Line {
		r.End.Col -= shift
	}
	return string(src.Data[lo:hi]), r, lo > a, hi < b
}

// snippet returns line as it is shown (tabs expanded, characters escaped as LogText does) and
// the marker that goes under rng's part of it: "^" under the first character and "~" under the
// rest, indented to line up. rng's columns count characters (source.Pos); a range that ends on a
// later line is marked to the end of this line, and an empty range, or one that starts at the
// end of the line, gets a lone "^".
func snippet(line string, rng source.Range) (text, marker string) {
	start := max(rng.Start.Col, 1)
	end := rng.End.Col
	if rng.End.Line != rng.Start.Line {
		end = utf8.RuneCountInString(line) + 1
	}
	if text, marker, ok := asciiSnippet(line, start, end); ok {
		return text, marker
	}
	return anySnippet(line, start, end)
}

// anySnippet is snippet for any line, start and end being the columns to mark.
func anySnippet(line string, start, end int) (text, marker string) {
	var t strings.Builder
	width := 0                 // cells written to t so far, for tab stops
	c := 1                     // column of r
	startOff, endOff := -1, -1 // where in t the marked columns begin
	hashes := 0                // '#' just before r, to break "##[" as LogText does
	for i := 0; i < len(line); {
		r, n := utf8.DecodeRuneInString(line[i:])
		if c == start {
			startOff = t.Len()
		}
		if c == end {
			endOff = t.Len()
		}
		switch {
		case r == '\t':
			pad := tabWidth - width%tabWidth
			t.WriteString(strings.Repeat(" ", pad))
			width += pad
		case needsEscape(r, n):
			e := escapedRune(r, n, line[i])
			t.WriteString(e)
			width += len(e)
		case r == '[' && hashes >= 2:
			t.WriteString(`\x5b`)
			width += 4
		default:
			t.WriteRune(r)
			width += cells.RuneWidth(r)
		}
		if r == '#' {
			hashes++
		} else {
			hashes = 0
		}
		i += n
		c++
	}
	text = t.String()
	// A column at or past the end of the line is the line's end.
	if startOff < 0 {
		startOff = len(text)
	}
	if endOff < 0 {
		endOff = len(text)
	}
	markStart, markEnd := cellsBefore(text, startOff, endOff)
	var m strings.Builder
	m.WriteString(strings.Repeat(" ", markStart))
	m.WriteString("^")
	if n := markEnd - markStart - 1; n > 0 {
		m.WriteString(strings.Repeat("~", n))
	}
	return text, m.String()
}

// asciiSnippet is snippet for a line of printable ASCII and tabs without "##[" (most lines):
// every character is a byte, a grapheme cluster and a cell, and none is escaped. ok is false for
// any other line.
func asciiSnippet(line string, start, end int) (text, marker string, ok bool) {
	tabs := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\t':
			tabs = true
		case c < 0x20 || c >= 0x7f:
			return "", "", false
		case c == '[' && i >= 2 && line[i-1] == '#' && line[i-2] == '#':
			return "", "", false
		}
	}
	// The columns' offsets in text, as snippet finds them: past the end of the line, its end.
	startOff, endOff := -1, -1
	text = line
	if !tabs {
		if start <= len(line) {
			startOff = start - 1
		}
		if end <= len(line) {
			endOff = end - 1
		}
	} else {
		var t strings.Builder
		t.Grow(len(line) + 2*tabWidth)
		for i := 0; i < len(line); i++ {
			if i+1 == start {
				startOff = t.Len()
			}
			if i+1 == end {
				endOff = t.Len()
			}
			if line[i] == '\t' {
				t.WriteString(spaces[:tabWidth-t.Len()%tabWidth])
			} else {
				t.WriteByte(line[i])
			}
		}
		text = t.String()
	}
	if startOff < 0 {
		startOff = len(text)
	}
	if endOff < 0 {
		endOff = len(text)
	}
	var m strings.Builder
	m.Grow(max(startOff, endOff) + 1)
	m.WriteString(strings.Repeat(" ", startOff))
	m.WriteString("^")
	if n := endOff - startOff - 1; n > 0 {
		m.WriteString(strings.Repeat("~", n))
	}
	return text, m.String(), true
}

// spaces is a tab's worth of spaces at most.
const spaces = "        "

// cellsBefore returns how many cells of text a terminal shows before byte offsets a and b: the
// width of the grapheme clusters that end at or before each (a cluster a offset falls inside
// counts from its start), measured as cells.StringWidth measures the whole text, so that the
// marker lines up with combining marks, emoji sequences and flags as they are shown.
func cellsBefore(text string, a, b int) (wa, wb int) {
	g := graphemes.FromString(text)
	w := 0
	wa, wb = -1, -1
	for g.Next() {
		if wa < 0 && g.End() > a {
			wa = w
		}
		if wb < 0 && g.End() > b {
			wb = w
		}
		if wa >= 0 && wb >= 0 {
			return wa, wb
		}
		w += cells.StringWidth(g.Value())
	}
	if wa < 0 {
		wa = w
	}
	if wb < 0 {
		wb = w
	}
	return wa, wb
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
