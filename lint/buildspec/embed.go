package buildspec

import "github.com/buildspec-lint/buildspec-lint/lint/source"

// Embedded is a buildspec written inside another file (a CloudFormation template's BuildSpec, a
// Terraform heredoc): its text, as the host format decodes it, and the map from each byte of that
// text back to the host file, so that findings in the text sit on the host's exact lines and
// columns (inside a `|` block, a heredoc, a JSON string with `\n` escapes).
type Embedded struct {
	// Text is the buildspec as the host format decodes it.
	Text string
	// Host is the file the text is written in.
	Host *source.Source
	segs []segment
	// holes are the text's spans [start, end) that stand for text the host fills in (EmbedPieces).
	holes [][2]int
}

// Embed maps text onto the host file, where it is written from byte offset start on in the given
// quoting: '"' for a double-quoted YAML or JSON string (escapes), '\” for a single-quoted YAML
// string, 0 for plain text, a block scalar or a heredoc (indentation and line folds are skipped).
// ok is false when the text is not written there (a value built by a function): its findings
// then have no place in the host but the start.
func Embed(host *source.Source, text string, start int, quote byte) (e *Embedded, ok bool) {
	e = &Embedded{Text: text, Host: host}
	e.segs = align(text, host.Data, start, quote)
	mapped := 0
	for _, s := range e.segs {
		mapped += s.Len
	}
	if len(e.segs) == 0 {
		e.segs = []segment{{Val: 0, File: start, Len: 0}}
	}
	return e, mapped >= len(text)-countSpace(text)
}

// countSpace counts the bytes of text that the aligner may leave unmapped (blanks and line
// breaks that the host writes differently).
func countSpace(text string) int {
	n := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case ' ', '\t', '\r', '\n':
			n++
		}
	}
	return n
}

// HostRange maps a range of the embedded text (its offsets) to the host file.
func (e *Embedded) HostRange(r source.Range) source.Range {
	if !r.IsValid() {
		return r
	}
	start := mapOffset(e.segs, r.Start.Offset, false)
	end := mapOffset(e.segs, r.End.Offset, true)
	if end < start {
		end = start
	}
	return e.Host.Range(start, end)
}

// Verbatim reports whether the text's bytes [start, end) are written in the host as they are, in
// one run (no escape, no indentation or fold in between): an edit there can be made in the host
// by the same bytes.
func (e *Embedded) Verbatim(start, end int) bool {
	for _, s := range e.segs {
		if s.Val <= start && end <= s.Val+s.Len {
			return s.Esc == 0
		}
	}
	return false
}
