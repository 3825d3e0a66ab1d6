package buildspec

import "testing"

// TestAlign maps spans of decoded values back to the source text they were read from.
func TestAlign(t *testing.T) {
	for _, c := range []struct {
		name, src, value string
		quote            byte
		start, end       int    // a span of value
		want             string // the source text it maps to
	}{
		{"plain", "docker build .", "docker build .", 0, 7, 12, "build"},
		{"folded line", "docker\n    build", "docker build", 0, 7, 12, "build"},
		{"span over a fold", "a\n    b", "a b", 0, 0, 3, "a\n    b"},
		{"escape inside", `a\"b\"c`, `a"b"c`, '"', 1, 4, `\"b\"`},
		{"escape at start and end", `\tx\t`, "\tx\t", '"', 0, 3, `\tx\t`},
		{"unicode escape", `caf\u00e9 ok`, "café ok", '"', 3, 5, `\u00e9`},
		{"after a unicode escape", `caf\u00e9 ok`, "café ok", '"', 6, 8, "ok"},
		{"line continuation", "a \\\n   b", "a b", '"', 2, 3, "b"},
		{"doubled single quote", "it''s", "it's", '\'', 2, 4, "''s"},
		{"end before an escape", `ab\"`, `ab"`, '"', 0, 2, "ab"},
		{"empty span", "abc", "abc", 0, 1, 1, ""},
	} {
		segs := align(c.value, []byte(c.src), 0, c.quote)
		s, e := mapOffset(segs, c.start, false), mapOffset(segs, c.end, true)
		if s > e || e > len(c.src) {
			t.Errorf("%s: span %d-%d maps to %d-%d", c.name, c.start, c.end, s, e)
			continue
		}
		if got := c.src[s:e]; got != c.want {
			t.Errorf("%s: span %d-%d of %q maps to %q, want %q", c.name, c.start, c.end, c.value, got, c.want)
		}
	}
}

// TestAlignForeign: a value that does not come from the source costs bounded work and maps
// inside the source.
func TestAlignForeign(t *testing.T) {
	src := make([]byte, 10000)
	for i := range src {
		src[i] = 'x'
	}
	segs := align("yyyy", src, 0, 0)
	if len(segs) != 0 {
		t.Errorf("foreign value aligned: %v", segs)
	}
	if got := mapOffset(nil, 3, true); got != 0 {
		t.Errorf("mapOffset(nil) = %d", got)
	}
}
