package source

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"unicode/utf8"
)

// Pos is a position in a file.
//
// Line and Col are 1-based. Col counts Unicode characters (code points) from the start of the
// line, so a tab, an "é" and a "€" are one column each; a byte order mark at the start of the
// file is not counted. Offset is the 0-based byte offset in the file. Formats that expect other
// units (SARIF's UTF-16 code units, for one) convert from these.
type Pos struct {
	Line   int
	Col    int
	Offset int
}

// IsValid reports whether p was set.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as line:col.
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Before reports whether p comes before q.
func (p Pos) Before(q Pos) bool {
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Range is a span of a file. End is exclusive: it is the position just after the last
// character of the span, so a one-character word at 3:5 has End 3:6.
type Range struct {
	Start Pos
	End   Pos
}

// IsValid reports whether r was set.
func (r Range) IsValid() bool { return r.Start.IsValid() }

// Contains reports whether s lies within r, by offsets (both ranges of one file).
func (r Range) Contains(s Range) bool {
	return r.Start.Offset <= s.Start.Offset && s.End.Offset <= r.End.Offset
}

// String formats r as line:col-line:col.
func (r Range) String() string { return r.Start.String() + "-" + r.End.String() }

// Source is the content of one file with a line index, so that byte offsets convert to
// positions and back.
type Source struct {
	Path string
	Data []byte
	// lineStarts[i] is the byte offset at which line i+1 starts: 4 bytes a line, as these are
	// kept for every file that has findings until the run's output; bigStarts instead for data
	// of 4 GiB or more.
	lineStarts []uint32
	bigStarts  []int
	bom        int
	// wide indexes the lines that hold non-ASCII bytes (by line number), where a column is not
	// a byte count; other lines map columns to offsets by arithmetic.
	wide map[int]*lineIndex
}

// NewSource indexes data.
func NewSource(path string, data []byte) *Source {
	// One allocation for the line index: counting newlines first is cheaper than growing it.
	lines := bytes.Count(data, []byte{'\n'}) + 1
	s := &Source{Path: path, Data: data}
	if uint64(len(data)) <= maxSmallIndex {
		s.lineStarts = make([]uint32, 1, lines)
	} else {
		s.bigStarts = make([]int, 1, lines)
	}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		s.bom = 3
	}
	wide := false
	for i, b := range data {
		if b >= 0x80 {
			wide = true
		}
		if b == '\n' {
			if wide {
				s.indexLine(s.Lines(), i+1)
			}
			wide = false
			if s.bigStarts == nil {
				s.lineStarts = append(s.lineStarts, uint32(i+1))
			} else {
				s.bigStarts = append(s.bigStarts, i+1)
			}
		}
	}
	if wide {
		s.indexLine(s.Lines(), len(data))
	}
	return s
}

// maxSmallIndex is the longest data whose line starts fit lineStarts (a variable for tests).
var maxSmallIndex uint64 = math.MaxUint32

// start returns the byte offset at which line i+1 starts.
func (s *Source) start(i int) int {
	if s.bigStarts != nil {
		return s.bigStarts[i]
	}
	return int(s.lineStarts[i])
}

// lineOf returns the line that holds byte offset off (0 <= off <= len(Data)).
func (s *Source) lineOf(off int) int {
	if s.bigStarts != nil {
		return sort.Search(len(s.bigStarts), func(i int) bool { return s.bigStarts[i] > off })
	}
	// The first start past off, found by bisection.
	lo, hi := 0, len(s.lineStarts)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(s.lineStarts[m]) <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// lineIndex holds checkpoints of a non-ASCII line: at offs[k] (a byte that starts a rune, so that
// counting from it agrees with counting from the line's start) cols[k] runes precede on the line.
// They make positions on long lines cost O(log n + checkpoint gap) instead of O(line length).
type lineIndex struct {
	offs, cols []int
}

// lineGap is the distance between checkpoints of a non-ASCII line.
const lineGap = 256

// indexLine indexes line n, which ends (line break included) at end.
func (s *Source) indexLine(n, end int) {
	start := s.LineStart(n)
	li := &lineIndex{offs: []int{start}, cols: []int{0}}
	col := 0
	last := start
	for i := start + lineGap; i < end; i += lineGap {
		for i < end && !utf8.RuneStart(s.Data[i]) {
			i++
		}
		if i >= end {
			break
		}
		col += utf8.RuneCount(s.Data[last:i])
		li.offs, li.cols = append(li.offs, i), append(li.cols, col)
		last = i
	}
	if s.wide == nil {
		s.wide = map[int]*lineIndex{}
	}
	s.wide[n] = li
}

// Lines returns the number of lines in the file.
func (s *Source) Lines() int {
	if s.bigStarts != nil {
		return len(s.bigStarts)
	}
	return len(s.lineStarts)
}

// LineStart returns the byte offset at which the content of line n starts (after a BOM).
func (s *Source) LineStart(n int) int {
	if n <= 1 {
		return s.bom
	}
	if n > s.Lines() {
		return len(s.Data)
	}
	return s.start(n - 1)
}

// LineEnd returns the byte offset of the end of line n's content (before "\r\n" or "\n").
func (s *Source) LineEnd(n int) int {
	if n < 1 {
		n = 1
	}
	end := len(s.Data)
	if n < s.Lines() {
		end = s.start(n) - 1
	}
	if end > s.LineStart(n) && end <= len(s.Data) && end-1 >= 0 && s.Data[end-1] == '\r' {
		end--
	}
	return end
}

// Line returns the text of line n (1-based) without its line terminator.
func (s *Source) Line(n int) string {
	if n < 1 || n > s.Lines() {
		return ""
	}
	a, b := s.LineStart(n), s.LineEnd(n)
	if b < a {
		return ""
	}
	return string(s.Data[a:b])
}

// Pos converts a byte offset into a position. Offsets past the end of the file are clamped.
func (s *Source) Pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(s.Data) {
		off = len(s.Data)
	}
	line := s.lineOf(off)
	start := s.LineStart(line)
	if off < start {
		off = start
	}
	li := s.wide[line]
	if li == nil {
		return Pos{Line: line, Col: off - start + 1, Offset: off}
	}
	k := sort.Search(len(li.offs), func(i int) bool { return li.offs[i] > off }) - 1
	return Pos{Line: line, Col: li.cols[k] + utf8.RuneCount(s.Data[li.offs[k]:off]) + 1, Offset: off}
}

// Offset converts a line and a column (in characters, as yaml reports them) into a byte
// offset. Columns past the end of the line are clamped to the line's end.
func (s *Source) Offset(line, col int) int {
	if line < 1 {
		return s.bom
	}
	if line > s.Lines() {
		return len(s.Data)
	}
	off, end := s.LineStart(line), s.LineEnd(line)
	li := s.wide[line]
	if li == nil {
		return min(off+max(col-1, 0), end)
	}
	// Start from the last checkpoint before the column.
	k := sort.Search(len(li.cols), func(i int) bool { return li.cols[i]+1 > col }) - 1
	c := 1
	if k > 0 && li.offs[k] <= end {
		off, c = li.offs[k], li.cols[k]+1
	}
	for ; c < col && off < end; c++ {
		_, n := utf8.DecodeRune(s.Data[off:end])
		off += n
	}
	return off
}

// Range converts a pair of byte offsets into a Range.
func (s *Source) Range(start, end int) Range {
	if end < start {
		end = start
	}
	a := s.Pos(start)
	// Most ranges end on the line they start on: an ASCII line needs no second search.
	if end >= a.Offset && end <= len(s.Data) && s.wide[a.Line] == nil &&
		(a.Line >= s.Lines() || end < s.start(a.Line)) {
		return Range{Start: a, End: Pos{Line: a.Line, Col: end - s.LineStart(a.Line) + 1, Offset: end}}
	}
	return Range{Start: a, End: s.Pos(end)}
}

// LineRange returns the Range that covers the content of line n.
func (s *Source) LineRange(n int) Range {
	return s.Range(s.LineStart(n), s.LineEnd(n))
}

// CheckRange returns an error when r is not a range of s as the parsers make them: inside the
// file, start before end, and lines and columns that agree with the offsets. The zero Range
// (no position) passes. Fuzz tests hold every range of the model and of findings to it.
func (s *Source) CheckRange(r Range) error {
	if !r.IsValid() {
		return nil
	}
	if r.Start.Offset < 0 || r.End.Offset > len(s.Data) || r.Start.Offset > r.End.Offset {
		return fmt.Errorf("range %s (offsets %d-%d) outside the file (%d bytes) or reversed", r, r.Start.Offset, r.End.Offset, len(s.Data))
	}
	for _, p := range []Pos{r.Start, r.End} {
		if q := s.Pos(p.Offset); q != p {
			return fmt.Errorf("position %+v disagrees with its offset: %+v", p, q)
		}
	}
	return nil
}

// FirstBreakingLine returns the first line at or after line whose inclusion makes breaks true of
// the file's text up to the end of that line, found by bisection (breaks must be false up to some
// line and true from it on; log2(lines) calls). It returns line when breaks is already true there,
// or when no later line makes it true (or line is out of the file): a parser's guess of where an
// error is, refined to where the text stops parsing.
func (s *Source) FirstBreakingLine(line int, breaks func(prefix []byte) bool) int {
	if line < 1 || line >= s.Lines() {
		return line
	}
	upTo := func(l int) []byte {
		if l < s.Lines() {
			return s.Data[:s.LineStart(l+1)]
		}
		return s.Data
	}
	if breaks(upTo(line)) {
		return line
	}
	lo, hi := line, s.Lines()
	if !breaks(upTo(hi)) {
		return line
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if breaks(upTo(mid)) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}
