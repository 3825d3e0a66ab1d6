package finding

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

func TestApplyEdits(t *testing.T) {
	src := source.NewSource("f.yml", []byte("0123456789"))
	e := func(s, end int, text string) Edit { return Edit{Range: src.Range(s, end), NewText: text} }
	cases := []struct {
		name  string
		edits []Edit
		want  string // the new text, or "error: ..." part of the error
		chg   string
	}{
		{"none", nil, "0123456789", "[]"},
		{"out of order", []Edit{e(7, 8, "x"), e(1, 2, "yy")}, "0yy23456x89", "[{1 2 1 3} {7 8 8 9}]"},
		{"an insertion and a deletion", []Edit{e(3, 3, "ab"), e(5, 8, "")}, "012ab3489", "[{3 3 3 5} {5 8 7 7}]"},
		{"identical edits merge", []Edit{e(2, 4, "x"), e(2, 4, "x")}, "01x456789", "[{2 4 2 3}]"},
		{"identical insertions merge", []Edit{e(2, 2, "x"), e(2, 2, "x")}, "01x23456789", "[{2 2 2 3}]"},
		{"adjacent edits", []Edit{e(2, 4, "a"), e(4, 6, "b")}, "01ab6789", "[{2 4 2 3} {4 6 3 4}]"},
		{"an insertion before a replacement at one place", []Edit{e(2, 4, "b"), e(2, 2, "a")}, "01ab456789", "[{2 2 2 3} {2 4 3 4}]"},
		{"a replacement then an insertion at its end", []Edit{e(4, 4, "b"), e(2, 4, "a")}, "01ab456789", "[{2 4 2 3} {4 4 3 4}]"},
		{"the whole file", []Edit{e(0, 10, "")}, "", "[{0 10 0 0}]"},
		{"overlapping edits", []Edit{e(2, 5, "a"), e(4, 6, "b")}, "error: overlap", ""},
		{"the same text edited differently", []Edit{e(2, 4, "a"), e(2, 4, "b")}, "error: overlap", ""},
		{"two insertions at one place", []Edit{e(2, 2, "a"), e(2, 2, "b")}, "error: overlap", ""},
		{"an edit inside another", []Edit{e(1, 8, ""), e(3, 4, "x")}, "error: overlap", ""},
		{"past the end", []Edit{{Range: source.Range{Start: source.Pos{Offset: 9}, End: source.Pos{Offset: 11}}}}, "error: outside the file", ""},
		{"reversed", []Edit{{Range: source.Range{Start: source.Pos{Offset: 5}, End: source.Pos{Offset: 4}}}}, "error: outside the file", ""},
		{"negative", []Edit{{Range: source.Range{Start: source.Pos{Offset: -1}, End: source.Pos{Offset: 4}}}}, "error: outside the file", ""},
	}
	for _, tc := range cases {
		out, changes, err := ApplyEdits(src.Data, tc.edits)
		if want, ok := strings.CutPrefix(tc.want, "error: "); ok {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %v, want one with %q", tc.name, err, want)
			}
			var oe *OverlapError
			if want == "overlap" && !errors.As(err, &oe) {
				t.Errorf("%s: %v is not an OverlapError", tc.name, err)
			}
			continue
		}
		if err != nil || string(out) != tc.want || fmt.Sprint(changes) != tc.chg {
			t.Errorf("%s: %q %v %v, want %q %s", tc.name, out, changes, err, tc.want, tc.chg)
		}
	}
	if string(src.Data) != "0123456789" {
		t.Errorf("the input changed: %q", src.Data)
	}
}

// FixEdits gathers the edits of the findings that have a fix, in finding order.
func TestFixEdits(t *testing.T) {
	a := &Finding{Fix: &Fix{Edits: []Edit{{NewText: "a"}, {NewText: "b"}}}}
	b := &Finding{}
	c := &Finding{Fix: NewFix("c", source.Range{}, "c")}
	var got []string
	for _, e := range FixEdits([]*Finding{a, b, c}) {
		got = append(got, e.NewText)
	}
	if strings.Join(got, ",") != "a,b,c" {
		t.Errorf("FixEdits = %v", got)
	}
}
