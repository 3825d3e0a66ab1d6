package source

import (
	"fmt"
	"math/rand"
	"testing"
)

// changesOf builds the changes of edits given as (start, end, length of new text), in order.
func changesOf(edits ...[3]int) Changes {
	var cs Changes
	shift := 0
	for _, e := range edits {
		ns := e[0] + shift
		cs = append(cs, Change{Start: e[0], End: e[1], NewStart: ns, NewEnd: ns + e[2]})
		shift += e[2] - (e[1] - e[0])
	}
	return cs
}

// Old at the edges of each kind of change: a replacement, a deletion, an insertion, and two
// changes that touch.
func TestChangesOld(t *testing.T) {
	type res struct {
		lo, hi int
		ok     bool
	}
	cases := []struct {
		name string
		cs   Changes
		want map[int]res
	}{
		{"none", nil, map[int]res{0: {0, 0, true}, 7: {7, 7, true}}},
		// "0123456789": [2,5) becomes 6 bytes: new [2,8), old 5.. is new 8..
		{"replacement", changesOf([3]int{2, 5, 6}), map[int]res{
			1: {1, 1, true}, 2: {2, 2, true}, 3: {0, 0, false}, 7: {0, 0, false}, 8: {5, 5, true}, 9: {6, 6, true}, 13: {10, 10, true}}},
		// [2,5) deleted: new 2 is both old 2 and old 5.
		{"deletion", changesOf([3]int{2, 5, 0}), map[int]res{1: {1, 1, true}, 2: {2, 5, true}, 3: {6, 6, true}}},
		// 3 bytes inserted at 4: new [4,7).
		{"insertion", changesOf([3]int{4, 4, 3}), map[int]res{4: {4, 4, true}, 5: {0, 0, false}, 7: {4, 4, true}, 8: {5, 5, true}}},
		// An insertion at 0 and a deletion at the end of a 10-byte file.
		{"file edges", changesOf([3]int{0, 0, 2}, [3]int{8, 10, 0}), map[int]res{0: {0, 0, true}, 1: {0, 0, false}, 2: {0, 0, true}, 3: {1, 1, true}, 10: {8, 10, true}}},
		// [2,4) -> 1 byte, then [4,6) deleted, touching: new 3 is the end of the first and both
		// ends of the second; the first edge found wins.
		{"touching", changesOf([3]int{2, 4, 1}, [3]int{4, 6, 0}), map[int]res{2: {2, 2, true}, 3: {4, 4, true}, 4: {7, 7, true}}},
	}
	for _, tc := range cases {
		for off, want := range tc.want {
			lo, hi, ok := tc.cs.Old(off)
			if (res{lo, hi, ok}) != want {
				t.Errorf("%s: Old(%d) = %d, %d, %v; want %v", tc.name, off, lo, hi, ok, want)
			}
		}
	}
}

// The bisecting look-ups agree with a plain scan over every change, for random change sets.
func TestChangesAgreeWithAScan(t *testing.T) {
	scanTouches := func(cs Changes, start, end int, isNew bool) bool {
		for _, c := range cs {
			s, e := c.Start, c.End
			if isNew {
				s, e = c.NewStart, c.NewEnd
			}
			if s <= end && e >= start {
				return true
			}
		}
		return false
	}
	scanInside := func(cs Changes, start, end int, isNew bool) bool {
		for _, c := range cs {
			s, e := c.Start, c.End
			if isNew {
				s, e = c.NewStart, c.NewEnd
			}
			if s <= start && end <= e && s < e {
				return true
			}
		}
		return false
	}
	scanOld := func(cs Changes, off int) (int, int, bool) {
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
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 2000; n++ {
		var edits [][3]int
		pos := 0
		for k := r.Intn(6); k > 0; k-- {
			s := pos + r.Intn(4)
			if len(edits) > 0 && s == pos && edits[len(edits)-1][0] == edits[len(edits)-1][1] {
				s++ // two insertions at one place are an overlap, never applied
			}
			e := s + r.Intn(4)
			if e == s && len(edits) > 0 && edits[len(edits)-1][1] == s && edits[len(edits)-1][0] == s {
				e++
			}
			edits = append(edits, [3]int{s, e, r.Intn(4)})
			pos = e
		}
		cs := changesOf(edits...)
		desc := fmt.Sprint(cs)
		for a := 0; a < pos+6; a++ {
			for b := a; b < pos+6; b++ {
				for _, isNew := range []bool{false, true} {
					touches, inside := cs.Touches(a, b), cs.Removed(a, b)
					if isNew {
						touches, inside = cs.TouchesNew(a, b), cs.Added(a, b)
					}
					if want := scanTouches(cs, a, b, isNew); touches != want {
						t.Fatalf("%s: touches [%d,%d] (new %v) = %v", desc, a, b, isNew, touches)
					}
					if want := scanInside(cs, a, b, isNew); inside != want {
						t.Fatalf("%s: inside [%d,%d) (new %v) = %v", desc, a, b, isNew, inside)
					}
				}
			}
			lo, hi, ok := cs.Old(a)
			if wlo, whi, wok := scanOld(cs, a); lo != wlo || hi != whi || ok != wok {
				t.Fatalf("%s: Old(%d) = %d, %d, %v; want %d, %d, %v", desc, a, lo, hi, ok, wlo, whi, wok)
			}
		}
	}
}

// OldRelative inside each kind of change: the same distance into a replaced text (clamped to
// its end), nothing inside an insertion or outside the new texts.
func TestChangesOldRelative(t *testing.T) {
	// [10, 17) replaced by 7 bytes, [30, 34) by 6, an insertion of 3 at 50, a deletion of [60, 65).
	cs := changesOf([3]int{10, 17, 7}, [3]int{30, 34, 6}, [3]int{50, 50, 3}, [3]int{60, 65, 0})
	for _, c := range []struct {
		off  int
		want int
		ok   bool
	}{
		{10, 0, false}, // the start of a new text: Old's
		{11, 11, true},
		{16, 16, true},
		{17, 0, false}, // its end: Old's
		{31, 31, true},
		{33, 33, true},
		{35, 34, true}, // past the old text's length: its end
		{36, 0, false},
		{54, 0, false}, // inside the insertion (new [52, 55))
		{5, 0, false},
		{70, 0, false},
	} {
		got, ok := cs.OldRelative(c.off)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("OldRelative(%d) = %d, %v; want %d, %v", c.off, got, ok, c.want, c.ok)
		}
	}
}
