package buildspec

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestValueRangeCRLFLineBreak checks that a value's line break maps to the whole "\r\n" of a CRLF
// block scalar: an insertion at the end of a line goes before the "\r" (inserting between "\r"
// and "\n" breaks the YAML), and a range over the line break covers both bytes. In an LF file
// the same offsets map as before.
func TestValueRangeCRLFLineBreak(t *testing.T) {
	for _, nl := range []string{"\r\n", "\n"} {
		text := strings.Join([]string{"version: 0.2", "phases:", "  build:", "    commands:", "      - |", "        make", "        echo done", ""}, nl)
		specs := Parse(source.NewSource("b.yml", []byte(text)))
		cmd := specs[0].Phases[0].Commands[0]
		if cmd.Value != "make\necho done\n" {
			t.Fatalf("value %q", cmd.Value)
		}
		eol := strings.Index(text, "make") + len("make")
		if r := cmd.ValueRange(4, 4); r.Start.Offset != eol || r.End.Offset != eol {
			t.Errorf("%q: an insertion after make maps to %d-%d, want %d", nl, r.Start.Offset, r.End.Offset, eol)
		}
		if r := cmd.ValueRange(4, 5); text[r.Start.Offset:r.End.Offset] != nl {
			t.Errorf("%q: the line break maps to %q", nl, text[r.Start.Offset:r.End.Offset])
		}
		next := strings.Index(text, "echo")
		if r := cmd.ValueRange(5, 5); r.Start.Offset != next {
			t.Errorf("%q: an insertion at the start of the next line maps to %d, want %d (after the indentation)", nl, r.Start.Offset, next)
		}
	}
}
