package format

import (
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/lint"
)

// Column units. lint.Pos.Col counts Unicode code points; formats that count something else
// convert with these.

// utf16Col returns p's column in UTF-16 code units (1-based), SARIF's default columnKind: a
// character outside the Basic Multilingual Plane (an emoji, say) counts two.
func utf16Col(src *lint.Source, p lint.Pos) int {
	return convertCol(src, p, func(r rune) int {
		if r >= 0x10000 && r <= utf8.MaxRune {
			return 2
		}
		return 1
	})
}

// byteCol returns p's column in UTF-8 bytes (1-based), reviewdog's unit.
func byteCol(src *lint.Source, p lint.Pos) int {
	return convertCol(src, p, utf8.RuneLen)
}

// convertCol walks the characters of p's line before p and sums their size in another unit.
// Without the source (or past the end of the line) every character counts one.
func convertCol(src *lint.Source, p lint.Pos, size func(rune) int) int {
	if src == nil || p.Col <= 1 {
		return p.Col
	}
	line := src.Line(p.Line)
	col, seen := 1, 0
	for len(line) > 0 && seen < p.Col-1 {
		r, n := utf8.DecodeRuneInString(line)
		if r == utf8.RuneError && n <= 1 {
			col++ // one invalid byte: one column in every unit
		} else {
			col += size(r)
		}
		line = line[n:]
		seen++
	}
	return col + (p.Col - 1 - seen)
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
func endOf(rg lint.Range) lint.Pos {
	if !rg.End.IsValid() || rg.End.Before(rg.Start) {
		return rg.Start
	}
	return rg.End
}

// LineSpan returns the first and last line that a range covers: an End at column 1 of a later
// line does not cover that line.
func LineSpan(r lint.Range) (first, last int) {
	first, last = r.Start.Line, r.End.Line
	if last > first && r.End.Col <= 1 {
		last--
	}
	if last < first {
		last = first
	}
	return first, last
}
