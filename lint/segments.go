package lint

import (
	"sort"
	"unicode/utf8"
)

// A segment says that value[Val:Val+Len] was read from file[File:File+Len]: the bytes are the
// same. A scalar's segments map any offset of its decoded value back to the file, whatever the
// style it was written in: plain or quoted over several lines, literal or folded blocks, with
// escapes. (yaml gives only the start of a node; see ../shared/reference/go-libraries.md.)
type segment struct {
	Val, File, Len int
}

// maxSkip bounds how many source bytes the aligner passes over without a match before it gives
// up, so a value that does not come from the source it is given costs O(len) and no more.
const maxSkip = 256

// align maps value onto the source text data[start:], which holds value as written in the given
// style: quote is '"', '\” or 0. Every non-space byte of value is matched to the same byte of the
// source, skipping indentation, line folds, quote doubling and escapes.
func align(value string, data []byte, start int, quote byte) []segment {
	var segs []segment
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
			j += n
			_, r := utf8.DecodeRuneInString(value[i:])
			i += r
			continue
		case quote == '\'' && c == '\'' && j+1 < len(data) && data[j+1] == '\'':
			j++ // the first of a doubled quote; the second matches the value's quote
			continue
		case value[i] == c:
			if n := len(segs); n > 0 && segs[n-1].Val+segs[n-1].Len == i && segs[n-1].File+segs[n-1].Len == j {
				segs[n-1].Len++
			} else {
				segs = append(segs, segment{Val: i, File: j, Len: 1})
			}
			i++
			j++
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
		if end && off == s.Val && k > 0 {
			p := segs[k-1]
			return p.File + p.Len
		}
		return s.File + (off - s.Val)
	}
	if end || k+1 >= len(segs) {
		return s.File + s.Len
	}
	return segs[k+1].File
}
