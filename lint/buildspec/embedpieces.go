package buildspec

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Piece is a part of an embedded buildspec's text that is written apart from the others in the
// host (see EmbedPieces).
type Piece struct {
	// Text is the piece's part of the text.
	Text string
	// At is the host offset where Text is written, in the quoting Quote (as for Embed).
	At    int
	Quote byte
	// Stands, when above zero, says that Text is not written in the host but stands for the
	// host's bytes [At, At+Stands) as a whole (an interpolation that the host fills in, written
	// as a placeholder): a range that meets any byte of Text covers all of them.
	Stands int
}

// EmbedPieces is Embed for a text made of pieces: literal runs written in the host, and
// placeholders that stand for host text the host format fills in (a Terraform heredoc's
// ${...}). The text is the pieces' texts in order; their host offsets must increase. ok is false
// when a literal piece is not written where it says.
func EmbedPieces(host *source.Source, pieces []Piece) (e *Embedded, ok bool) {
	var b strings.Builder
	for _, p := range pieces {
		b.WriteString(p.Text)
	}
	e = &Embedded{Text: b.String(), Host: host}
	ok = true
	val := 0
	for _, p := range pieces {
		switch {
		case p.Text == "":
		case p.Stands > 0:
			e.segs = append(e.segs, segment{Val: val, File: p.At, Len: len(p.Text), Esc: p.Stands})
			e.holes = append(e.holes, [2]int{val, val + len(p.Text)})
		default:
			mapped := 0
			for _, s := range align(p.Text, host.Data, p.At, p.Quote) {
				s.Val += val
				mapped += s.Len
				e.segs = append(e.segs, s)
			}
			if mapped < len(p.Text)-countSpace(p.Text) {
				ok = false
			}
		}
		val += len(p.Text)
	}
	if len(e.segs) == 0 {
		start := 0
		if len(pieces) > 0 {
			start = pieces[0].At
		}
		e.segs = []segment{{Val: 0, File: start, Len: 0}}
	}
	return e, ok
}

// Unknown reports whether the text's bytes [start, end) meet a placeholder (a Piece that
// Stands for host text): text that the host fills in, unknown here, so that a finding there may
// not be true of what the host makes of it.
func (e *Embedded) Unknown(start, end int) bool {
	for _, h := range e.holes {
		if start < h[1] && (end > h[0] || start == end && start >= h[0]) {
			return true
		}
	}
	return false
}
