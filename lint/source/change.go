package source

import "sort"

// Change is one edit of a file in byte offsets: the text [Start, End) of the file before the
// edit became the text [NewStart, NewEnd) of the file after it (an insertion has Start == End, a
// deletion NewStart == NewEnd).
type Change struct {
	Start, End       int
	NewStart, NewEnd int
}

// Changes are the edits of one file, in file order, none overlapping another.
type Changes []Change

// The methods below search the changes (sorted, none overlapping another, so their ends and new
// ends are in order too) by bisection: a file with thousands of fixes verified together asks
// about every node and finding of the file.

// Touches reports whether the closed range [start, end] of the file before the changes meets
// one of them: a change inside it, across one of its ends, or at one of its ends.
func (cs Changes) Touches(start, end int) bool {
	i := sort.Search(len(cs), func(i int) bool { return cs[i].End >= start })
	return i < len(cs) && cs[i].Start <= end
}

// TouchesNew is Touches for a range of the file after the changes.
func (cs Changes) TouchesNew(start, end int) bool {
	i := sort.Search(len(cs), func(i int) bool { return cs[i].NewEnd >= start })
	return i < len(cs) && cs[i].NewStart <= end
}

// Removed reports whether the range [start, end) of the file before the changes lies inside the
// text that one change replaced.
func (cs Changes) Removed(start, end int) bool {
	// The first change that ends at or after end, and the one after it when it starts there (an
	// insertion before a replacement at the same place): no other can hold the range.
	i := sort.Search(len(cs), func(i int) bool { return cs[i].End >= end })
	for ; i < len(cs) && cs[i].Start <= start; i++ {
		if c := cs[i]; end <= c.End && c.Start < c.End {
			return true
		}
	}
	return false
}

// Added reports whether the range [start, end) of the file after the changes lies inside the text
// that one change put in.
func (cs Changes) Added(start, end int) bool {
	i := sort.Search(len(cs), func(i int) bool { return cs[i].NewEnd >= end })
	for ; i < len(cs) && cs[i].NewStart <= start; i++ {
		if c := cs[i]; end <= c.NewEnd && c.NewStart < c.NewEnd {
			return true
		}
	}
	return false
}

// Old maps an offset of the file after the changes back to the file before them. An offset
// inside the new text of a change has no old offset (ok false); one at a change's edge maps to
// both edges of the old text, lo and hi (equal elsewhere).
func (cs Changes) Old(off int) (lo, hi int, ok bool) {
	// The changes that end before off only shift it; the first that does not decides.
	i := sort.Search(len(cs), func(i int) bool { return cs[i].NewEnd >= off })
	delta := 0
	if i > 0 {
		delta = cs[i-1].NewEnd - cs[i-1].End
	}
	if i == len(cs) {
		return off - delta, off - delta, true
	}
	switch c := cs[i]; {
	case off < c.NewStart:
		return off - delta, off - delta, true
	case off == c.NewStart && off == c.NewEnd:
		return c.Start, c.End, true
	case off == c.NewStart:
		return c.Start, c.Start, true
	case off < c.NewEnd:
		return 0, 0, false
	default: // off == c.NewEnd
		return c.End, c.End, true
	}
}

// OldRelative maps an offset inside the new text of a change (where Old has none) to the offset
// of the old text at the same distance from its start, at most its end: what is anchored in a
// replaced word (a renamed key) keeps its place. ok is false elsewhere, and inside an insertion,
// which had no old text.
func (cs Changes) OldRelative(off int) (int, bool) {
	i := sort.Search(len(cs), func(i int) bool { return cs[i].NewEnd > off })
	if i == len(cs) {
		return 0, false
	}
	c := cs[i]
	if off <= c.NewStart || c.Start == c.End {
		return 0, false
	}
	return min(c.Start+(off-c.NewStart), c.End), true
}
