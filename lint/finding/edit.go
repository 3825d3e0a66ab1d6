package finding

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// OverlapError is two edits that change the same text differently: neither is applied.
type OverlapError struct {
	A, B Edit
}

func (e *OverlapError) Error() string {
	return fmt.Sprintf("the edits at %s and %s overlap", e.A.Range.Start, e.B.Range.Start)
}

// SortEdits returns the edits in file order with the duplicates dropped (two fixes that remove
// the same install make the same edit), or an OverlapError when two different edits touch the
// same text or insert at the same place, or an error when an edit is outside data.
func SortEdits(data []byte, edits []Edit) ([]Edit, error) {
	out := append([]Edit(nil), edits...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Range, out[j].Range
		if a.Start.Offset != b.Start.Offset {
			return a.Start.Offset < b.Start.Offset
		}
		return a.End.Offset < b.End.Offset
	})
	kept := out[:0]
	for _, e := range out {
		s, end := e.Range.Start.Offset, e.Range.End.Offset
		if s < 0 || end < s || end > len(data) {
			return nil, fmt.Errorf("an edit at %s is outside the file", e.Range.Start)
		}
		if n := len(kept); n > 0 {
			prev := kept[n-1]
			if prev.Range.Start.Offset == s && prev.Range.End.Offset == end && prev.NewText == e.NewText {
				continue
			}
			pe := prev.Range.End.Offset
			if s < pe || (s == pe && s == prev.Range.Start.Offset && s == end) {
				// Overlapping text, or two insertions at one place (which goes first is unknown).
				return nil, &OverlapError{A: prev, B: e}
			}
		}
		kept = append(kept, e)
	}
	return kept, nil
}

// ApplyEdits applies edits to data (see SortEdits) and returns the new bytes and where each
// edit went. Bytes outside the edits are copied as they are.
func ApplyEdits(data []byte, edits []Edit) ([]byte, source.Changes, error) {
	sorted, err := SortEdits(data, edits)
	if err != nil {
		return nil, nil, err
	}
	var out bytes.Buffer
	out.Grow(len(data))
	changes := make(source.Changes, 0, len(sorted))
	last := 0
	for _, e := range sorted {
		s, end := e.Range.Start.Offset, e.Range.End.Offset
		out.Write(data[last:s])
		ns := out.Len()
		out.WriteString(e.NewText)
		changes = append(changes, source.Change{Start: s, End: end, NewStart: ns, NewEnd: out.Len()})
		last = end
	}
	out.Write(data[last:])
	return out.Bytes(), changes, nil
}

// FixEdits returns the edits of the fixes of findings, in finding order.
func FixEdits(findings []*Finding) []Edit {
	var edits []Edit
	for _, f := range findings {
		if f.Fix != nil {
			edits = append(edits, f.Fix.Edits...)
		}
	}
	return edits
}
