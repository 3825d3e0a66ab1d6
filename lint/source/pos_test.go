package source

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// file is a test input with what its line index must hold.
type file struct {
	name string
	data string
	// lines are the texts of lines 1..n (Lines() == len(lines)), without their terminators.
	lines []string
	// starts and ends are LineStart and LineEnd of lines 1..n.
	starts, ends []int
}

var files = []file{
	{name: "empty", data: "", lines: []string{""}, starts: []int{0}, ends: []int{0}},
	{name: "one line without newline", data: "a: 1", lines: []string{"a: 1"}, starts: []int{0}, ends: []int{4}},
	{name: "last line without newline", data: "a\nbc", lines: []string{"a", "bc"}, starts: []int{0, 2}, ends: []int{1, 4}},
	{name: "final newline", data: "a\nbc\n", lines: []string{"a", "bc", ""}, starts: []int{0, 2, 5}, ends: []int{1, 4, 5}},
	{name: "crlf", data: "a\r\nbc\r\n", lines: []string{"a", "bc", ""}, starts: []int{0, 3, 7}, ends: []int{1, 5, 7}},
	{name: "crlf without final newline", data: "a\r\nb\r", lines: []string{"a", "b"}, starts: []int{0, 3}, ends: []int{1, 4}},
	{name: "lone cr", data: "\r\nx", lines: []string{"", "x"}, starts: []int{0, 2}, ends: []int{0, 3}},
	{name: "bom", data: "\uFEFFa: 1\nb", lines: []string{"a: 1", "b"}, starts: []int{3, 8}, ends: []int{7, 9}},
	{name: "bom only", data: "\uFEFF", lines: []string{""}, starts: []int{3}, ends: []int{3}},
	{name: "bom and crlf", data: "\uFEFFa\r\n", lines: []string{"a", ""}, starts: []int{3, 6}, ends: []int{4, 6}},
	{name: "multibyte", data: "é€x\n\t😀y", lines: []string{"é€x", "\t😀y"}, starts: []int{0, 7}, ends: []int{6, 13}},
}

func TestLines(t *testing.T) {
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			s := NewSource("f.yml", []byte(f.data))
			if s.Lines() != len(f.lines) {
				t.Fatalf("Lines() = %d, want %d", s.Lines(), len(f.lines))
			}
			for i, want := range f.lines {
				n := i + 1
				if got := s.Line(n); got != want {
					t.Errorf("Line(%d) = %q, want %q", n, got, want)
				}
				if got := s.LineStart(n); got != f.starts[i] {
					t.Errorf("LineStart(%d) = %d, want %d", n, got, f.starts[i])
				}
				if got := s.LineEnd(n); got != f.ends[i] {
					t.Errorf("LineEnd(%d) = %d, want %d", n, got, f.ends[i])
				}
				if got, want := s.LineRange(n), s.Range(f.starts[i], f.ends[i]); got != want {
					t.Errorf("LineRange(%d) = %s, want %s", n, got, want)
				}
			}
			// Out of range lines: no text; starts clamp to the content of the file.
			if s.Line(0) != "" || s.Line(len(f.lines)+1) != "" {
				t.Errorf("Line(0) = %q, Line(n+1) = %q, want empty", s.Line(0), s.Line(len(f.lines)+1))
			}
			if got := s.LineStart(0); got != f.starts[0] {
				t.Errorf("LineStart(0) = %d, want %d (after the BOM)", got, f.starts[0])
			}
			if got := s.LineStart(len(f.lines) + 1); got != len(f.data) {
				t.Errorf("LineStart(n+1) = %d, want %d", got, len(f.data))
			}
		})
	}
}

func TestPosAndOffset(t *testing.T) {
	for _, c := range []struct {
		data      string
		off       int
		line, col int
		offset    int // the Offset of the returned Pos (clamped)
	}{
		{"", 0, 1, 1, 0},
		{"", 5, 1, 1, 0},
		{"", -1, 1, 1, 0},
		{"a\nbc", 3, 2, 2, 3},
		{"a\nbc", 4, 2, 3, 4},
		{"a\nbc", 99, 2, 3, 4},
		{"a\nbc\n", 5, 3, 1, 5},
		{"a\r\nbc", 1, 1, 2, 1}, // the \r is after the content of line 1
		{"a\r\nbc", 3, 2, 1, 3},
		{"\uFEFFab", 0, 1, 1, 3}, // inside the BOM: clamped to the first character
		{"\uFEFFab", 3, 1, 1, 3},
		{"\uFEFFab", 4, 1, 2, 4},
		{"\uFEFFa\nb", 5, 2, 1, 5}, // the BOM shifts only line 1
		{"é€x", 2, 1, 2, 2},
		{"é€x", 5, 1, 3, 5},
		{"é€x", 6, 1, 4, 6},
		{"x\n\t😀y", 3, 2, 2, 3},
		{"x\n\t😀y", 7, 2, 3, 7},
	} {
		s := NewSource("f.yml", []byte(c.data))
		want := Pos{Line: c.line, Col: c.col, Offset: c.offset}
		if got := s.Pos(c.off); got != want {
			t.Errorf("%q: Pos(%d) = %+v, want %+v", c.data, c.off, got, want)
		}
	}
	for _, c := range []struct {
		data      string
		line, col int
		want      int
	}{
		{"", 1, 1, 0},
		{"", 3, 1, 0},
		{"a\nbc", 2, 1, 2},
		{"a\nbc", 2, 3, 4},
		{"a\nbc", 2, 99, 4}, // past the end of the line: its end
		{"a\nbc", 1, 99, 1}, // not onto the next line
		{"a\nbc", 0, 5, 0},
		{"a\nbc", 9, 1, 4},
		{"a\r\nbc", 1, 5, 1}, // the end of the content, before \r\n
		{"\uFEFFab", 1, 1, 3},
		{"\uFEFFab", 0, 1, 3},
		{"\uFEFFab", 1, 2, 4},
		{"é€x", 1, 0, 0}, // before the first column: the line's start
		{"é€x", 2, 1, 6},
		{"é€x", 1, 2, 2},
		{"é€x", 1, 3, 5},
		{"é€x", 1, 9, 6},
		{"x\n\t😀y", 2, 3, 7},
	} {
		s := NewSource("f.yml", []byte(c.data))
		if got := s.Offset(c.line, c.col); got != c.want {
			t.Errorf("%q: Offset(%d, %d) = %d, want %d", c.data, c.line, c.col, got, c.want)
		}
	}
}

// TestRoundTrip checks, on every file above and on long lines where the index keeps
// checkpoints, that Pos counts characters and Offset inverts it for every offset of a line's
// content that starts a character.
func TestRoundTrip(t *testing.T) {
	long := strings.Repeat("aé€😀", 300) // 3000 bytes over many checkpoints, runes across their gaps
	inputs := []string{long, "x: " + long + "\r\n" + long + "\n", "\uFEFF" + long}
	for _, f := range files {
		inputs = append(inputs, f.data)
	}
	for _, data := range inputs {
		s := NewSource("f.yml", []byte(data))
		for n := 1; n <= s.Lines(); n++ {
			start, end := s.LineStart(n), s.LineEnd(n)
			for off := start; off <= end; off++ {
				if off < end && !utf8.RuneStart(data[off]) {
					continue
				}
				want := Pos{Line: n, Col: utf8.RuneCountInString(data[start:off]) + 1, Offset: off}
				p := s.Pos(off)
				if p != want {
					t.Fatalf("%.20q: Pos(%d) = %+v, want %+v", data, off, p, want)
				}
				if got := s.Offset(p.Line, p.Col); got != off {
					t.Fatalf("%.20q: Offset(%d, %d) = %d, want %d", data, p.Line, p.Col, got, off)
				}
				if err := s.CheckRange(s.Range(start, off)); err != nil {
					t.Fatalf("%.20q: CheckRange(Range(%d, %d)): %v", data, start, off, err)
				}
			}
		}
	}
}

func TestRange(t *testing.T) {
	s := NewSource("f.yml", []byte("é\nab"))
	if got, want := s.Range(0, 4).String(), "1:1-2:2"; got != want {
		t.Errorf("Range(0, 4) = %s, want %s", got, want)
	}
	if got := s.Range(4, 2); got.Start != got.End || got.Start != s.Pos(4) {
		t.Errorf("Range(4, 2) = %+v, want an empty range at 4", got)
	}
	if got := s.Range(-3, 99); got.Start != (Pos{1, 1, 0}) || got.End != (Pos{2, 3, 5}) {
		t.Errorf("Range(-3, 99) = %+v, want clamped to the file", got)
	}
}

// TestRangeIsTwoPositions holds Range, which skips the second search on one ASCII line, to
// the positions of its ends, for every pair of offsets (and some outside) of every test file.
func TestRangeIsTwoPositions(t *testing.T) {
	for _, f := range append(files, file{name: "ascii lines", data: "ab\n\ncd\r\nef"}) {
		s := NewSource("f.yml", []byte(f.data))
		for a := -2; a <= len(f.data)+2; a++ {
			for b := -2; b <= len(f.data)+2; b++ {
				want := Range{Start: s.Pos(a), End: s.Pos(max(a, b))}
				if got := s.Range(a, b); got != want {
					t.Errorf("%s: Range(%d, %d) = %+v, want %+v", f.name, a, b, got, want)
				}
			}
		}
	}
}

func TestCheckRange(t *testing.T) {
	s := NewSource("f.yml", []byte("\uFEFFé\r\nab"))
	good := s.Range(3, 9)
	for _, c := range []struct {
		name string
		r    Range
		err  string // "" for no error
	}{
		{"zero", Range{}, ""},
		{"whole file", good, ""},
		{"empty", s.Range(8, 8), ""},
		{"reversed", Range{Start: good.End, End: good.Start}, "or reversed"},
		{"past the end", Range{Start: good.Start, End: Pos{Line: 2, Col: 4, Offset: 10}}, "outside the file"},
		{"negative", Range{Start: Pos{Line: 1, Col: 1, Offset: -1}, End: good.End}, "outside the file"},
		{"column counts bytes", Range{Start: good.Start, End: Pos{Line: 1, Col: 3, Offset: 5}}, "disagrees with its offset"},
		{"line off by one", Range{Start: Pos{Line: 2, Col: 1, Offset: 3}, End: good.End}, "disagrees with its offset"},
		{"inside the bom", Range{Start: Pos{Line: 1, Col: 1, Offset: 0}, End: good.End}, "disagrees with its offset"},
	} {
		err := s.CheckRange(c.r)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: CheckRange(%s) = %v, want nil", c.name, c.r, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: CheckRange(%s) = %v, want an error with %q", c.name, c.r, err, c.err)
		}
	}
}

func TestPosOrder(t *testing.T) {
	a, b, c := Pos{1, 5, 4}, Pos{2, 1, 6}, Pos{2, 3, 8}
	if !a.Before(b) || !b.Before(c) || c.Before(a) || a.Before(a) {
		t.Errorf("Before: %v %v %v out of order", a, b, c)
	}
	if (Pos{}).IsValid() || (Range{}).IsValid() || !a.IsValid() {
		t.Error("IsValid: the zero Pos is not set, a set one is")
	}
	if got := (Range{Start: a, End: c}).String(); got != "1:5-2:3" {
		t.Errorf("String = %q", got)
	}
}

// TestBigIndex: the line index of data past 4 GiB (bigStarts) answers as the compact one does,
// for every offset, line and column of every test file.
func TestBigIndex(t *testing.T) {
	defer func(v uint64) { maxSmallIndex = v }(maxSmallIndex)
	for _, f := range append(files, file{name: "ascii lines", data: "ab\n\ncd\r\nef"}) {
		maxSmallIndex = 1 << 40
		small := NewSource("f.yml", []byte(f.data))
		maxSmallIndex = 0
		big := NewSource("f.yml", []byte(f.data))
		if (big.bigStarts == nil && f.data != "") || small.bigStarts != nil || small.Lines() != big.Lines() {
			t.Fatalf("%s: indexes not made as asked (%d and %d lines)", f.name, small.Lines(), big.Lines())
		}
		for off := -1; off <= len(f.data)+1; off++ {
			if a, b := small.Pos(off), big.Pos(off); a != b {
				t.Errorf("%s: Pos(%d) = %+v and %+v", f.name, off, a, b)
			}
			if a, b := small.Range(off, off+3), big.Range(off, off+3); a != b {
				t.Errorf("%s: Range(%d) = %+v and %+v", f.name, off, a, b)
			}
		}
		for line := 0; line <= small.Lines()+1; line++ {
			if small.Line(line) != big.Line(line) || small.LineStart(line) != big.LineStart(line) || small.LineEnd(line) != big.LineEnd(line) {
				t.Errorf("%s: line %d differs", f.name, line)
			}
			for col := 0; col < 6; col++ {
				if a, b := small.Offset(line, col), big.Offset(line, col); a != b {
					t.Errorf("%s: Offset(%d, %d) = %d and %d", f.name, line, col, a, b)
				}
			}
		}
	}
}

// TestRangeContains: a range holds itself, the ranges inside it and the empty ranges at its
// ends, and nothing that crosses an end.
func TestRangeContains(t *testing.T) {
	src := NewSource("b.yml", []byte("phases:\n  build:\n    commands: [make]\n"))
	outer := src.Range(10, 20)
	for _, tt := range []struct {
		start, end int
		want       bool
	}{
		{10, 20, true}, {12, 15, true}, {10, 10, true}, {20, 20, true},
		{9, 15, false}, {15, 21, false}, {0, 30, false}, {21, 22, false},
	} {
		if got := outer.Contains(src.Range(tt.start, tt.end)); got != tt.want {
			t.Errorf("[10,20) contains [%d,%d) = %v, want %v", tt.start, tt.end, got, tt.want)
		}
	}
}
