package buildspec

import (
	"slices"
	"sort"
	"unicode/utf8"
)

// A segment says that value[Val:Val+Len] was read from file[File:File+Len]: the bytes are the
// same. A scalar's segments map any offset of its decoded value back to the file, whatever the
// style it was written in: plain or quoted over several lines, literal or folded blocks, with
// escapes. (yaml gives only the start of a node: its Line and Column.)
//
// An escape (`\"`, `\u00e9` in double quotes, a doubled single quote) is a segment of its own
// with Esc set to its length in the file: its decoded bytes map to the whole escape, so a range
// that starts or ends at it covers it entirely.
type segment struct {
	Val, File, Len int
	// Esc is the escape's length in the file, 0 for bytes that are the same in both.
	Esc int
}

// fileLen returns how many file bytes the segment covers.
func (s segment) fileLen() int {
	if s.Esc > 0 {
		return s.Esc
	}
	return s.Len
}

// addByte appends the mapping value[i] = file[j] to segs, extending the last segment when it is
// contiguous.
func addByte(segs []segment, i, j int) []segment {
	if n := len(segs); n > 0 && segs[n-1].Esc == 0 && segs[n-1].Val+segs[n-1].Len == i && segs[n-1].File+segs[n-1].Len == j {
		segs[n-1].Len++
		return segs
	}
	return append(segs, segment{Val: i, File: j, Len: 1})
}

// addRun appends the mapping value[i:i+n] = file[j:j+n] to segs, as n addByte calls do.
func addRun(segs []segment, i, j, n int) []segment {
	if k := len(segs); k > 0 && segs[k-1].Esc == 0 && segs[k-1].Val+segs[k-1].Len == i && segs[k-1].File+segs[k-1].Len == j {
		segs[k-1].Len += n
		return segs
	}
	return append(segs, segment{Val: i, File: j, Len: n})
}

// maxSkip bounds how many source bytes the aligner passes over without a match before it gives
// up, so a value that does not come from the source it is given costs O(len) and no more.
const maxSkip = 256

// align maps value onto the source text data[start:], which holds value as written in the given
// style: quote is '"', '\” or 0. Every non-space byte of value is matched to the same byte of the
// source, skipping indentation, line folds, quote doubling and escapes.
func align(value string, data []byte, start int, quote byte) []segment {
	return alignAppend(nil, value, data, start, quote)
}

// alignAppend is align appending the segments to segs, so that a caller can reuse a buffer.
func alignAppend(segs []segment, value string, data []byte, start int, quote byte) []segment {
	i, j, skipped := 0, start, 0
	for i < len(value) && j < len(data) && skipped <= maxSkip {
		c := data[j]
		switch {
		case quote == '"' && c == '\\':
			// An escape: either a line continuation (no value byte) or one decoded character.
			n := escapeLen(data[j:])
			if j+1 < len(data) && (data[j+1] == '\n' || data[j+1] == '\r') {
				j += n
				continue
			}
			_, r := utf8.DecodeRuneInString(value[i:])
			segs = append(segs, segment{Val: i, File: j, Len: r, Esc: n})
			j += n
			i += r
			skipped = 0
			continue
		case quote == '\'' && c == '\'' && j+1 < len(data) && data[j+1] == '\'' && value[i] == '\'':
			// a doubled quote: one quote of the value
			segs = append(segs, segment{Val: i, File: j, Len: 1, Esc: 2})
			i++
			j += 2
			skipped = 0
			continue
		case value[i] == c:
			// The bytes that are the same in both, up to the next one that may be an escape
			// or a doubled quote: one run (most values are one).
			n := 1
			for i+n < len(value) && j+n < len(data) && value[i+n] == data[j+n] && !(quote != 0 && (data[j+n] == quote || data[j+n] == '\\')) {
				n++
			}
			segs = addRun(segs, i, j, n)
			i += n
			j += n
			skipped = 0
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			j++ // indentation or a folded line break in the source
			continue
		case value[i] == ' ' || value[i] == '\n' || value[i] == '\t':
			i++ // a folded line break or a decoded space in the value
			continue
		}
		j++
		skipped++
	}
	return segs
}

// escapeLen returns the length of the YAML double-quoted escape at the start of b.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return len(b)
	}
	switch b[1] {
	case 'x':
		return min(len(b), 4)
	case 'u':
		return min(len(b), 6)
	case 'U':
		return min(len(b), 10)
	case '\r':
		n := 2
		if len(b) > 2 && b[2] == '\n' {
			n = 3
		}
		return n + leadingBlanks(b[n:])
	case '\n':
		return 2 + leadingBlanks(b[2:])
	}
	return 2
}

func leadingBlanks(b []byte) int {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\t') {
		n++
	}
	return n
}

// mapOffset maps a value offset to a file offset. For an offset that falls between segments
// (an escape or a fold), the start of the next segment is used, or the end of the previous one
// when end is true, so that a range never grows over text it does not cover.
func mapOffset(segs []segment, off int, end bool) int {
	if len(segs) == 0 {
		return 0
	}
	k := sort.Search(len(segs), func(i int) bool { return segs[i].Val > off }) - 1
	if k < 0 {
		return segs[0].File
	}
	s := segs[k]
	if off <= s.Val+s.Len {
		switch {
		case end && off == s.Val && k > 0:
			p := segs[k-1]
			return p.File + p.fileLen()
		case off == s.Val+s.Len:
			return s.File + s.fileLen()
		case s.Esc > 0 && off > s.Val:
			// inside an escape's decoded bytes: a start covers the whole escape, so does an end
			if end {
				return s.File + s.Esc
			}
			return s.File
		}
		return s.File + (off - s.Val)
	}
	if end || k+1 >= len(segs) {
		return s.File + s.fileLen()
	}
	return segs[k+1].File
}

// oneSegString is a String with room for the one segment most scalars have, so that both are
// allocated together.
type oneSegString struct {
	s   String
	seg [1]segment
}

// clone copies s, whose segments are in a scratch buffer, to the heap with its own segments.
func (s *String) clone() *String {
	if len(s.segs) == 1 {
		o := &oneSegString{s: *s}
		o.seg[0] = s.segs[0]
		o.s.segs = o.seg[:]
		return &o.s
	}
	c := new(String)
	*c = *s
	c.segs = slices.Clone(s.segs)
	return c
}
