package format

import (
	"bytes"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

func TestSnippetMarker(t *testing.T) {
	pos := func(line, col int) source.Pos { return source.Pos{Line: line, Col: col} }
	tests := []struct {
		name       string
		line       string
		rng        source.Range
		text, mark string
	}{
		{"ascii", "  - make all", source.Range{Start: pos(1, 5), End: pos(1, 9)},
			"  - make all", "    ^~~~"},
		{"one character", "ab", source.Range{Start: pos(1, 2), End: pos(1, 3)},
			"ab", " ^"},
		{"empty range", "ab", source.Range{Start: pos(1, 2), End: pos(1, 2)},
			"ab", " ^"},
		{"tab before: expanded to the next stop of 8", "\t- x", source.Range{Start: pos(1, 4), End: pos(1, 5)},
			"        - x", "          ^"},
		{"tab inside the range", "a\tb", source.Range{Start: pos(1, 1), End: pos(1, 4)},
			"a       b", "^~~~~~~~~"},
		{"accents are one cell", "é à x", source.Range{Start: pos(1, 5), End: pos(1, 6)},
			"é à x", "    ^"},
		{"emoji and CJK are two cells", "😀漢 x", source.Range{Start: pos(1, 4), End: pos(1, 5)},
			"😀漢 x", "     ^"},
		{"a wide character marked", "a漢b", source.Range{Start: pos(1, 2), End: pos(1, 3)},
			"a漢b", " ^~"},
		{"several lines: to the end of the first", "  run: |", source.Range{Start: pos(1, 3), End: pos(4, 2)},
			"  run: |", "  ^~~~~~"},
		{"at the end of the line", "abc", source.Range{Start: pos(1, 4), End: pos(2, 1)},
			"abc", "   ^"},
		{"control characters are escaped, the marker follows", "a\x1b[31mb", source.Range{Start: pos(1, 7), End: pos(1, 8)},
			`a\x1b[31mb`, "         ^"},
		{"bidi controls and invalid bytes are escaped", "x\u202e\xffy", source.Range{Start: pos(1, 4), End: pos(1, 5)},
			`x\u202e\xffy`, "           ^"},
		{"a line break inside a line is shown", "a\rb", source.Range{Start: pos(1, 1), End: pos(1, 4)},
			`a\rb`, "^~~~"},
		{"the bracket of ##[ is escaped", `echo "##[error]x"`, source.Range{Start: pos(1, 10), End: pos(1, 15)},
			`echo "##\x5berror]x"`, "            ^~~~~"},
		{"trailing spaces are kept, a marker may point at them", "ab   ", source.Range{Start: pos(1, 3), End: pos(1, 6)},
			"ab   ", "  ^~~"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, mark := snippet(tt.line, tt.rng)
			if text != tt.text || mark != tt.mark {
				t.Errorf("snippet(%q, %v):\n got %q\n     %q\nwant %q\n     %q", tt.line, tt.rng, text, mark, tt.text, tt.mark)
			}
		})
	}
}

// TestTextGNUShape checks the first line of each finding against the documented shape.
func TestTextGNUShape(t *testing.T) {
	r := testReport(t)
	var buf bytes.Buffer
	if err := Text(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	fixes, notes := 0, 0
	for _, f := range r.Findings {
		if f.Fix != nil {
			fixes++
		}
		notes += len(f.Related)
	}
	if fixes == 0 || notes == 0 || len(lines) != len(r.Findings)+fixes+notes+1 {
		t.Fatalf("want one line per finding, one per fix, one per related location and a summary, got:\n%s", buf.String())
	}
	if want := "  note: infra/template.yaml:7:25: privileged mode is off here"; !slices.Contains(lines, want) {
		t.Errorf("no note line %q:\n%s", want, buf.String())
	}
	if want := "  fix: remove the install (--fix applies it)"; lines[1] != want {
		t.Errorf("the line after a finding with a fix:\ngot  %s\nwant %s", lines[1], want)
	}
	want := "buildspec.yml:6:27: warning: jq is already in image ci (from docker/Dockerfile:7); remove this per-run install [BSL101 redundant-install]"
	if lines[0] != want {
		t.Errorf("got  %s\nwant %s", lines[0], want)
	}
	if strings.Contains(buf.String(), "\x1b") {
		t.Errorf("colour escapes without Options.Color")
	}
}

func TestColumnUnits(t *testing.T) {
	src := source.NewSource("a.yml", []byte("é😀\xffx\n"))
	for _, tt := range []struct {
		col, utf16, bytes int
	}{
		{1, 1, 1}, {2, 2, 3}, {3, 4, 7}, {4, 5, 8}, {5, 6, 9},
		{7, 8, 11}, // past the end of the line: one unit per column
	} {
		p := source.Pos{Line: 1, Col: tt.col}
		if got := utf16Col(src, p); got != tt.utf16 {
			t.Errorf("utf16Col(col %d) = %d, want %d", tt.col, got, tt.utf16)
		}
		if got := byteCol(src, p); got != tt.bytes {
			t.Errorf("byteCol(col %d) = %d, want %d", tt.col, got, tt.bytes)
		}
	}
	if got := byteCol(nil, source.Pos{Line: 1, Col: 4}); got != 4 {
		t.Errorf("without a source the column is kept, got %d", got)
	}
}

func TestRelPath(t *testing.T) {
	for _, tt := range []struct{ root, path, want string }{
		{"", "./ci/buildspec.yml", "ci/buildspec.yml"},
		{"/repo", "/repo/ci/buildspec.yml", "ci/buildspec.yml"},
		{"/repo", "/repo2/buildspec.yml", "/repo2/buildspec.yml"},
		{"/repo/sub", "/repo/buildspec.yml", "/repo/buildspec.yml"},
	} {
		if got := RelPath(tt.root, tt.path); got != tt.want {
			t.Errorf("RelPath(%q, %q) = %q, want %q", tt.root, tt.path, got, tt.want)
		}
	}
}

func TestJSONEmptyIsArray(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, &Report{}, Options{}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "[]\n" {
		t.Errorf("JSON of no findings = %q, want \"[]\\n\"", buf.String())
	}
}

// TestFormatsSurviveOddFindings writes findings without a source, rule or range, and with
// positions past the end of the file, in every format: no panic, no error.
func TestFormatsSurviveOddFindings(t *testing.T) {
	src := source.NewSource("a.yml", []byte("x: 1"))
	r := &Report{Findings: []*finding.Finding{
		{Path: "a.yml", Message: "no rule, no range"},
		{Path: "a.yml", Rule: fakePipe, Severity: finding.SeverityNotice, Source: src, Message: "past the end",
			Range: source.Range{Start: source.Pos{Line: 9, Col: 40}, End: source.Pos{Line: 9, Col: 41}}},
		{Path: "a.yml", Rule: fakePipe, Severity: finding.SeverityNotice, Source: src, Message: "end before start",
			Range: source.Range{Start: source.Pos{Line: 1, Col: 4}, End: source.Pos{Line: 1, Col: 2}}},
		{Path: "", Rule: fakePipe, Severity: 42, Message: "odd severity",
			Range: source.Range{Start: source.Pos{Line: 1, Col: 1}}},
	}}
	for _, name := range Names() {
		for _, opts := range []Options{{}, {Snippet: true, Color: true, Root: "/"}} {
			var buf bytes.Buffer
			if err := Write(&buf, name, r, opts); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

// FuzzSnippet: any line and columns give one marker line with exactly one "^", no wider than
// the shown line plus one cell, and a shown line without control characters.
func FuzzSnippet(f *testing.F) {
	f.Add("  - make all", 5, 9)
	f.Add("\tx\x1b[0m漢😀", 2, 40)
	f.Add("", 0, -3)
	f.Fuzz(func(t *testing.T, line string, start, end int) {
		if strings.ContainsAny(line, "\r\n") {
			return // Source.Line never returns a line break
		}
		rng := source.Range{Start: source.Pos{Line: 1, Col: start}, End: source.Pos{Line: 1, Col: end}}
		text, mark := snippet(line, rng)
		if strings.Count(mark, "^") != 1 || strings.Trim(mark, " ^~") != "" {
			t.Fatalf("marker %q", mark)
		}
		width := 0
		for _, r := range text {
			width += cells.RuneWidth(r)
		}
		if w := len(mark); w > width+1 { // the marker is ASCII: bytes are cells
			t.Fatalf("marker %q is wider than line %q", mark, text)
		}
		for _, r := range text {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
				t.Fatalf("control character %U in %q", r, text)
			}
		}
	})
}

// TestTextFixLine checks the line under a finding with a fix: its message escaped as the
// finding's is, "available" for a fix without one, and no line for a fix without edits.
func TestTextFixLine(t *testing.T) {
	src := source.NewSource("a.yml", []byte("x\n"))
	f := &finding.Finding{Path: "a.yml", Rule: fakePipe, Severity: finding.SeverityNotice, Range: src.Range(0, 1), Message: "m", Source: src}
	for _, tt := range []struct {
		fix  *finding.Fix
		want string
	}{
		{finding.NewFix("use \x1b[31mred\n::error::x", src.Range(0, 1), "y"), "  fix: use \\x1b[31mred\\n::error::x (--fix applies it)\n"},
		{finding.NewFix("", src.Range(0, 1), "y"), "  fix: available (--fix applies it)\n"},
		{&finding.Fix{Message: "nothing"}, ""},
	} {
		f.Fix = tt.fix
		var buf bytes.Buffer
		if err := Text(&buf, &Report{Findings: []*finding.Finding{f}, Files: 1}, Options{}); err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(buf.String(), "\n")
		got, _, _ := strings.Cut(rest, "1 finding")
		if got != tt.want {
			t.Errorf("fix %+v: got %q, want %q", tt.fix, got, tt.want)
		}
	}
}

// TestTextRelatedEscaped: a related location's path and message come from the files, and are
// printed escaped like the finding's own.
func TestTextRelatedEscaped(t *testing.T) {
	r := testReport(t)
	f := r.Findings[0]
	tpl := source.NewSource("evil\x1b[2J.yaml", []byte("x: 1\n"))
	f.Related = []finding.Related{{Source: tpl, Path: tpl.Path, Range: tpl.Range(0, 1), Message: "off\n::error::injected \u202e"}}
	var buf bytes.Buffer
	if err := Text(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\u202e") || strings.Contains(out, "\n::error::") {
		t.Errorf("raw control characters or a workflow command in the output:\n%q", out)
	}
	if !strings.Contains(out, `  note: evil\x1b[2J.yaml:1:1: off\n::error::injected \u202e`) {
		t.Errorf("no escaped note line:\n%s", out)
	}
}

// TestASCIISnippet: the fast path for printable ASCII lines shows and marks them exactly as
// the general one does, tabs, columns past the end and empty ranges included, and declines
// every other line.
func TestASCIISnippet(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alphabet := "ab #[\t~^é\x01"
	taken := 0
	for range 20000 {
		n := r.Intn(24)
		var b strings.Builder
		for range n {
			if r.Intn(4) == 0 {
				b.WriteByte(alphabet[r.Intn(len(alphabet))])
			} else {
				b.WriteByte(byte(0x20 + r.Intn(0x5f)))
			}
		}
		line := b.String()
		start, end := r.Intn(n+3)-1, r.Intn(n+3)-1
		text, mark, ok := asciiSnippet(line, max(start, 1), end)
		if !ok {
			continue
		}
		taken++
		wantText, wantMark := anySnippet(line, max(start, 1), end)
		if text != wantText || mark != wantMark {
			t.Fatalf("line %q, columns %d to %d: fast path %q %q, general %q %q", line, start, end, text, mark, wantText, wantMark)
		}
	}
	if taken < 5000 {
		t.Errorf("the fast path took only %d lines of 20,000", taken)
	}
	for _, line := range []string{"a\x01b", "é", "x ##[y", "\x7f"} {
		if _, _, ok := asciiSnippet(line, 1, 2); ok {
			t.Errorf("the fast path took %q", line)
		}
	}
}
