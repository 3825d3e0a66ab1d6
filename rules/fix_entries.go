package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// This file holds the edits that fixes make to the YAML around commands: removing a mapping
// entry with its lines. Every edit is of the file's original bytes; what it does not remove
// (other entries, comment lines, blank lines, line endings, a BOM) stays as it is.

// isBlank reports whether b is a space or a tab.
func isBlank(b byte) bool { return b == ' ' || b == '\t' }

// isSpace reports whether b is a space, a tab or a line break.
func isSpace(b byte) bool { return isBlank(b) || b == '\r' || b == '\n' }

// flowMapping reports whether the mapping whose value range is rng is written in flow style
// ({a: 1, b: 2}).
func flowMapping(src *source.Source, rng source.Range) bool {
	s := rng.Start.Offset
	return rng.IsValid() && s >= 0 && s < len(src.Data) && src.Data[s] == '{'
}

// writtenInPlace reports whether a mapping value that starts at valueStart is written right
// after its key, which ends at keyEnd: only the colon, blanks, line breaks and comments come
// between. A value reached through an alias (written elsewhere) or carrying an anchor or a tag
// (which other places may refer to) is not.
func writtenInPlace(src *source.Source, keyEnd, valueStart int) bool {
	data := src.Data
	if keyEnd < 0 || valueStart < keyEnd || valueStart > len(data) {
		return false
	}
	colon := false
	for i := keyEnd; i < valueStart; i++ {
		switch c := data[i]; {
		case isSpace(c):
		case c == ':' && !colon:
			colon = true
		case c == '#':
			for i < valueStart && data[i] != '\n' {
				i++
			}
		default:
			return false
		}
	}
	return colon
}

// removeEntry returns the edit that removes the mapping entry whose key is at key and whose
// value ends at end (the key's end for an empty value).
//
// In a block mapping (flow false) it removes the entry's whole lines, from the start of the key's
// line through the line break of the value's last line, with a comment at the end of that line:
// no blank line is left, and comment lines above and below stay. The key must start its line
// and only a comment may follow the value on its last line.
//
// In a flow mapping it removes the entry and the comma before it, from the end of the entry
// before; or, with withNext (the first entry, or one of a run of first entries that all go),
// the entry and the comma after it, up to the next entry. No comment may stand in what it
// removes.
//
// ok is false when the entry is not written so that it can be removed alone.
func removeEntry(src *source.Source, key source.Range, end int, flow, withNext bool) (finding.Edit, bool) {
	data := src.Data
	start := key.Start.Offset
	if start < 0 || end < key.End.Offset || end > len(data) {
		return finding.Edit{}, false
	}
	if !flow {
		ls := src.LineStart(key.Start.Line)
		for i := ls; i < start; i++ {
			if !isBlank(data[i]) {
				return finding.Edit{}, false // "- key:" or "a: {key" : the line holds more
			}
		}
		i := end
		for i < len(data) && isBlank(data[i]) {
			i++
		}
		if i < len(data) && data[i] == '#' {
			for i < len(data) && data[i] != '\n' {
				i++
			}
		}
		if i < len(data) && data[i] == '\r' {
			i++
		}
		switch {
		case i == len(data):
		case data[i] == '\n':
			i++
		default:
			return finding.Edit{}, false // another entry or value follows on the line
		}
		return finding.Edit{Range: src.Range(ls, i)}, true
	}
	if withNext {
		i := end
		for i < len(data) && isSpace(data[i]) {
			i++
		}
		if i >= len(data) || data[i] != ',' {
			return finding.Edit{}, false
		}
		i++
		for i < len(data) && isSpace(data[i]) {
			i++
		}
		if i >= len(data) || data[i] == '#' || data[i] == '}' {
			return finding.Edit{}, false
		}
		return finding.Edit{Range: src.Range(start, i)}, true
	}
	i := start - 1
	for i >= 0 && isSpace(data[i]) {
		i--
	}
	if i < 0 || data[i] != ',' {
		return finding.Edit{}, false
	}
	i--
	for i >= 0 && isSpace(data[i]) {
		i--
	}
	if i < 0 || data[i] == '{' || data[i] == ',' {
		return finding.Edit{}, false
	}
	// A comment near the comma (which could be the comma) would take what follows it into
	// the comment: decline.
	for j := src.LineStart(src.Pos(i).Line); j < start; j++ {
		if data[j] == '#' {
			return finding.Edit{}, false
		}
	}
	return finding.Edit{Range: src.Range(i+1, end)}, true
}

// commentLine reports whether one of the lines from, ..., to-1 holds only a comment.
func commentLine(src *source.Source, from, to int) bool {
	for n := from; n < to && n <= src.Lines(); n++ {
		i, end := src.LineStart(n), src.LineEnd(n)
		for i < end && isBlank(src.Data[i]) {
			i++
		}
		if i < end && src.Data[i] == '#' {
			return true
		}
	}
	return false
}
