package source

import (
	"bytes"
	"testing"
)

// TestFirstBreakingLine: the first line whose text breaks the prefix, from a guess before it; the
// guess itself when it already breaks, or when nothing later does.
func TestFirstBreakingLine(t *testing.T) {
	src := NewSource("f", []byte("a\nb\nc\nX\nd\ne\n"))
	breaks := func(p []byte) bool { return bytes.Contains(p, []byte("X")) }
	for _, tc := range []struct{ from, want int }{{1, 4}, {2, 4}, {4, 4}, {5, 5}, {0, 0}, {99, 99}} {
		if got := src.FirstBreakingLine(tc.from, breaks); got != tc.want {
			t.Errorf("FirstBreakingLine(%d) = %d, want %d", tc.from, got, tc.want)
		}
	}
	if got := src.FirstBreakingLine(2, func([]byte) bool { return false }); got != 2 {
		t.Errorf("nothing breaks: %d, want the guess 2", got)
	}
}
