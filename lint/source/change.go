package source

// Change is one edit of a file in byte offsets: the text [Start, End) of the file before the
// edit became the text [NewStart, NewEnd) of the file after it (an insertion has Start == End, a
// deletion NewStart == NewEnd).
type Change struct {
	Start, End       int
	NewStart, NewEnd int
}

// Changes are the edits of one file, in file order, none overlapping another.
type Changes []Change

// Touches reports whether the closed range [start, end] of the file before the changes meets
// one of them: a change inside it, across one of its ends, or at one of its ends.
func (cs Changes) Touches(start, end int) bool {
	for _, c := range cs {
		if c.Start <= end && c.End >= start {
			return true
		}
	}
	return false
}

// TouchesNew is Touches for a range of the file after the changes.
func (cs Changes) TouchesNew(start, end int) bool {
	for _, c := range cs {
		if c.NewStart <= end && c.NewEnd >= start {
			return true
		}
	}
	return false
}

// Removed reports whether the range [start, end) of the file before the changes lies inside the
// text that one change replaced.
func (cs Changes) Removed(start, end int) bool {
	for _, c := range cs {
		if c.Start <= start && end <= c.End && c.Start < c.End {
			return true
		}
	}
	return false
}

// Added reports whether the range [start, end) of the file after the changes lies inside the text
// that one change put in.
func (cs Changes) Added(start, end int) bool {
	for _, c := range cs {
		if c.NewStart <= start && end <= c.NewEnd && c.NewStart < c.NewEnd {
			return true
		}
	}
	return false
}

// Old maps an offset of the file after the changes back to the file before them. An offset
// inside the new text of a change has no old offset (ok false); one at a change's edge maps to
// both edges of the old text, lo and hi (equal elsewhere).
func (cs Changes) Old(off int) (lo, hi int, ok bool) {
	delta := 0
	for _, c := range cs {
		switch {
		case off < c.NewStart:
			return off - delta, off - delta, true
		case off == c.NewStart && off == c.NewEnd:
			return c.Start, c.End, true
		case off == c.NewStart:
			return c.Start, c.Start, true
		case off < c.NewEnd:
			return 0, 0, false
		case off == c.NewEnd:
			return c.End, c.End, true
		}
		delta = c.NewEnd - c.End
	}
	return off - delta, off - delta, true
}
