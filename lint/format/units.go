package format

import (
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Column units. source.Pos.Col counts Unicode code points; formats that count something else
// convert with these.

// utf16Col returns p's column in UTF-16 code units (1-based), SARIF's default columnKind: a
// character outside the Basic Multilingual Plane (an emoji, say) counts two.
func utf16Col(src *source.Source, p source.Pos) int { return newColumns(utf16Len).col(src, p) }

// byteCol returns p's column in UTF-8 bytes (1-based), reviewdog's unit.
func byteCol(src *source.Source, p source.Pos) int { return newColumns(utf8.RuneLen).col(src, p) }

func utf16Len(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

// columns converts columns in code points into another unit: the characters of the line before
// the column are summed by size, an invalid byte counting one in every unit, and a column past
// the end of the line counts one per column.
//
// A line longer than longLine bytes is walked once, the first time a column of it is converted,
// and checkpoints are kept every markGap bytes; later columns of it walk from the checkpoint
// before them. The findings on one long line (a flow list of thousands of commands on one 4 MiB
// line) then cost one walk of the line instead of one walk each.
type columns struct {
	size  func(rune) int
	lines map[lineKey]*lineMarks
}

type lineKey struct {
	src  *source.Source
	line int
}

// lineMarks are the checkpoints of a long line: at byte offs[k] of the line, cols[k] is the
// column in code points and units[k] the column in the converted unit.
type lineMarks struct {
	offs, cols, units []int
}

const (
	longLine = 1024
	markGap  = 256
)

func newColumns(size func(rune) int) *columns {
	return &columns{size: size, lines: map[lineKey]*lineMarks{}}
}

func (c *columns) col(src *source.Source, p source.Pos) int {
	if src == nil || p.Col <= 1 || p.Line < 1 || p.Line > src.Lines() {
		return p.Col
	}
	lr := src.LineRange(p.Line)
	line := src.Data[lr.Start.Offset:lr.End.Offset]
	off, col, unit := 0, 1, 1
	if len(line) > longLine {
		m := c.lines[lineKey{src, p.Line}]
		if m == nil {
			m = c.mark(line)
			c.lines[lineKey{src, p.Line}] = m
		}
		k := sort.Search(len(m.cols), func(i int) bool { return m.cols[i] > p.Col }) - 1
		off, col, unit = m.offs[k], m.cols[k], m.units[k]
	}
	for off < len(line) && col < p.Col {
		n, u := c.step(line[off:])
		off, unit = off+n, unit+u
		col++
	}
	return unit + (p.Col - col)
}

// step returns the bytes and the units of the character that rest starts with: a byte that is
// not UTF-8 counts as one unit.
func (c *columns) step(rest []byte) (n, units int) {
	r, n := utf8.DecodeRune(rest)
	if r == utf8.RuneError && n <= 1 {
		return n, 1
	}
	return n, c.size(r)
}

// mark walks line once and returns its checkpoints.
func (c *columns) mark(line []byte) *lineMarks {
	m := &lineMarks{offs: []int{0}, cols: []int{1}, units: []int{1}}
	col, unit, next := 1, 1, markGap
	for off := 0; off < len(line); {
		if off >= next {
			m.offs, m.cols, m.units = append(m.offs, off), append(m.cols, col), append(m.units, unit)
			next = off + markGap
		}
		n, u := c.step(line[off:])
		off, unit = off+n, unit+u
		col++
	}
	return m
}

// RelPath returns path as a repository-relative path with forward slashes: relative to root
// when root is set and path lies under it, otherwise path as given (cleaned).
func RelPath(root, path string) string {
	if root != "" {
		if ra, err := filepath.Abs(root); err == nil {
			if pa, err := filepath.Abs(path); err == nil {
				if rel, err := filepath.Rel(ra, pa); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
					path = rel
				}
			}
		}
	}
	if path == "" {
		return path
	}
	return filepath.ToSlash(filepath.Clean(path))
}

// endOf returns rg's end, or its start when the end is unset or comes before it: formats that
// need an end get an empty range rather than a reversed one.
func endOf(rg source.Range) source.Pos {
	if !rg.End.IsValid() || rg.End.Before(rg.Start) {
		return rg.Start
	}
	return rg.End
}

// LineSpan returns the first and last line that a range covers: an End at column 1 of a later
// line does not cover that line.
func LineSpan(r source.Range) (first, last int) {
	first, last = r.Start.Line, r.End.Line
	if last > first && r.End.Col <= 1 {
		last--
	}
	if last < first {
		last = first
	}
	return first, last
}
