package buildspec

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

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

// alignByByte is alignAppend as it was before runs: a byte at a time. TestAlignRuns holds the
// runs to it.
func alignByByte(value string, data []byte, start int, quote byte) []segment {
	var segs []segment
	i, j, skipped := 0, start, 0
	for i < len(value) && j < len(data) && skipped <= maxSkip {
		c := data[j]
		switch {
		case quote == '"' && c == '\\':
			n := escapeLen(data[j:])
			if j+1 < len(data) && (data[j+1] == '\n' || data[j+1] == '\r') {
				j += n
				continue
			}
			_, r := utf8.DecodeRuneInString(value[i:])
			segs = append(segs, segment{Val: i, File: j, Len: r, Esc: n})
			j += n
			i += r
			skipped = 0
			continue
		case quote == '\'' && c == '\'' && j+1 < len(data) && data[j+1] == '\'' && value[i] == '\'':
			segs = append(segs, segment{Val: i, File: j, Len: 1, Esc: 2})
			i++
			j += 2
			skipped = 0
			continue
		case value[i] == c:
			segs = addByte(segs, i, j)
			i++
			j++
			skipped = 0
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			j++
			continue
		case value[i] == ' ' || value[i] == '\n' || value[i] == '\t':
			i++
			continue
		}
		j++
		skipped++
	}
	return segs
}

// TestAlignRuns compares alignAppend with the byte-at-a-time aligner on values written in every
// style with escapes, doubled quotes, folds and indentation, and on unrelated text.
func TestAlignRuns(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	alphabet := "ab'\"\\ \n\tx\u00e9"
	for n := 0; n < 50000; n++ {
		var v strings.Builder
		for k := r.Intn(30); k > 0; k-- {
			v.WriteByte(alphabet[r.Intn(len(alphabet))])
		}
		value := v.String()
		quote := []byte{0, '"', '\''}[r.Intn(3)]
		var d strings.Builder
		d.WriteString(strings.Repeat(" ", r.Intn(3)))
		for i := 0; i < len(value); i++ {
			c := value[i]
			switch {
			case r.Intn(10) == 0:
				d.WriteString("\n    ") // a fold and indentation
			case r.Intn(20) == 0:
				d.WriteByte('z') // a byte the value does not have
			}
			switch {
			case quote == '"' && (c == '"' || c == '\\'):
				d.WriteByte('\\')
				d.WriteByte(c)
			case quote == '"' && c == '\n' && r.Intn(2) == 0:
				d.WriteString(`\n`)
			case quote == '"' && r.Intn(15) == 0:
				d.WriteString(`\x41`)
			case quote == '\'' && c == '\'':
				d.WriteString("''")
			default:
				d.WriteByte(c)
			}
		}
		data := []byte(d.String())
		if r.Intn(5) == 0 {
			r.Shuffle(len(data), func(i, j int) { data[i], data[j] = data[j], data[i] })
		}
		start := r.Intn(3)
		if start > len(data) {
			start = len(data)
		}
		got, want := align(value, data, start, quote), alignByByte(value, data, start, quote)
		if !slices.Equal(got, want) {
			t.Fatalf("align(%q, %q, %d, %q) = %v, byte by byte %v", value, data, start, quote, got, want)
		}
	}
}
