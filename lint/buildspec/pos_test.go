package buildspec

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// findWord returns the first shell word with value v in any document of src, in document and
// execution order.
func findWord(t *testing.T, src *source.Source, v string) *Word {
	t.Helper()
	for _, b := range Parse(src) {
		for _, c := range b.CommandsInOrder() {
			for _, call := range c.Script.Calls {
				for _, w := range call.Args {
					if w.Value == v {
						return w
					}
				}
			}
		}
	}
	return nil
}

// text returns the file text a range covers.
func text(src *source.Source, r source.Range) string {
	if r.Start.Offset < 0 || r.End.Offset > len(src.Data) || r.Start.Offset > r.End.Offset {
		return "<bad range " + r.String() + ">"
	}
	return string(src.Data[r.Start.Offset:r.End.Offset])
}

// checkRange asserts that r starts at pos ("line:col") and covers exactly want, and that its
// line and column agree with its offsets.
func checkRange(t *testing.T, src *source.Source, what string, r source.Range, pos, want string) {
	t.Helper()
	if got := text(src, r); got != want {
		t.Errorf("%s: range %s covers %q, want %q", what, r, got, want)
	}
	if r.Start.String() != pos {
		t.Errorf("%s: starts at %s, want %s", what, r.Start, pos)
	}
	for _, p := range []source.Pos{r.Start, r.End} {
		if q := src.Pos(p.Offset); q != p {
			t.Errorf("%s: position %+v disagrees with its offset (%+v)", what, p, q)
		}
	}
}

const head = "version: 0.2\nphases:\n  build:\n    commands:\n"

// TestWordPositions proves that every shell word's range is exact, whatever the YAML style the
// command was written in (every position in the fixtures must be exact).
func TestWordPositions(t *testing.T) {
	cases := []struct {
		name, yaml string
		word       string // the word's shell value
		pos, text  string // where it starts and the file text it covers
	}{
		{"plain", head + "      - docker build -t app .\n", "build", "5:16", "build"},
		{"literal", head + "      - |\n        echo one\n        docker build -t app .\n", "docker", "7:9", "docker"},
		{"literal strip", head + "      - |-\n        echo one\n        docker build\n", "build", "7:16", "build"},
		{"literal keep", head + "      - |+\n        echo one\n        docker build\n\n\n", "build", "7:16", "build"},
		{"literal indent indicator", head + "      - |2\n          indented x\n        docker build\n", "indented", "6:11", "indented"},
		{"literal leading blank lines", head + "      - |\n\n\n        docker build\n", "build", "8:16", "build"},
		{"literal extra-indented", head + "      - |\n        if true; then\n            docker build\n        fi\n", "build", "7:20", "build"},
		{"literal header comment", head + "      - |   # a comment\n        docker build\n", "build", "6:16", "build"},
		{"literal in mapping value", "version: 0.2\nphases:\n  build:\n    commands: |\n      echo a\n      docker build\n", "build", "6:14", "build"},
		{"folded", head + "      - >\n        docker build\n        -t app\n        .\n", "-t", "7:9", "-t"},
		{"folded strip", head + "      - >-\n        docker\n        build\n", "build", "7:9", "build"},
		{"folded more-indented", head + "      - >\n        echo a\n          echo b\n        docker build\n", "build", "8:16", "build"},
		{"multi-line plain", head + "      - docker build\n        -t app\n        .\n", "app", "6:12", "app"},
		{"double-quoted", head + "      - \"docker build -t app .\"\n", "app", "5:26", "app"},
		{"double-quoted escaped quote", head + "      - \"echo \\\"a b\\\" && docker build\"\n", "a b", "5:15", "\\\"a b\\\""},
		{"double-quoted after escapes", head + "      - \"echo \\\"x\\\" \\t caf\\u00e9 && docker build\"\n", "build", "5:44", "build"},
		{"double-quoted escaped u", head + "      - \"echo caf\\u00e9 done\"\n", "done", "5:25", "done"},
		{"double-quoted line continuation", head + "      - \"docker \\\n        build -t app .\"\n", "build", "6:9", "build"},
		{"double-quoted multi-line", head + "      - \"docker\n        build\n\n        -t app\"\n", "-t", "8:9", "-t"},
		{"single-quoted doubled quote", head + "      - 'echo ''a b'' && docker build'\n", "a b", "5:15", "''a b''"},
		{"single-quoted", head + "      - 'docker build -t app .'\n", "app", "5:26", "app"},
		{"flow sequence", "version: 0.2\nphases:\n  build:\n    commands: [echo a, docker build -t app .]\n", "app", "4:40", "app"},
		{"flow sequence quoted", "version: 0.2\nphases:\n  build:\n    commands: [\"echo a\", 'docker build']\n", "build", "4:34", "build"},
		{"flow sequence multi-line", "version: 0.2\nphases:\n  build:\n    commands: [echo a,\n      docker build]\n", "build", "5:14", "build"},
		{"non-ASCII columns", head + "      - echo \"é€😀\" && docker build\n", "build", "5:30", "build"},
		{"non-ASCII word", head + "      - echo café\n", "café", "5:14", "café"},
		{"anchor", "version: 0.2\nx-cmds: &cmds\n  - docker build .\nphases:\n  build:\n    commands: *cmds\n", "build", "3:12", "build"},
		{"alias item", "version: 0.2\nphases:\n  install:\n    commands:\n      - &login aws ecr get-login-password\n  build:\n    commands:\n      - *login\n", "get-login-password", "5:24", "get-login-password"},
		{"merge key", "version: 0.2\nx: &common\n  commands:\n    - docker build .\nphases:\n  build:\n    <<: *common\n", "build", "4:14", "build"},
		{"second document", head + "      - echo a\n---\n" + head + "      - docker build\n", "build", "11:16", "build"},
		{"sh -c double-quoted", head + "      - sh -c \"docker build -t app .\"\n", "app", "5:32", "app"},
		{"sh -c single-quoted", head + "      - bash -c 'until docker info; do sleep 1; done'\n", "info", "5:31", "info"},
		{"sh -c escaped quotes", head + "      - sh -c \"echo \\\"a b\\\"; docker build\"\n", "a b", "5:21", "\\\"a b\\\""},
		{"sh -c after escaped quotes", head + "      - sh -c \"echo \\\"a b\\\"; docker build\"\n", "build", "5:37", "build"},
		{"sh -c in double-quoted YAML", head + "      - \"sh -c \\\"docker build\\\"\"\n", "build", "5:25", "build"},
		{"sh -c in literal block", head + "      - |\n        timeout 15 sh -c 'until docker info; do sleep 1; done'\n", "info", "6:40", "info"},
		{"nested sh -c", head + "      - sh -c \"bash -c 'docker build'\"\n", "build", "5:32", "build"},
		{"BOM", "\ufeff" + head + "      - docker build\n", "build", "5:16", "build"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := source.NewSource("f.yml", []byte(c.yaml))
			w := findWord(t, src, c.word)
			if w == nil {
				t.Fatalf("no word %q in:\n%s", c.word, c.yaml)
			}
			checkRange(t, src, c.word, w.Range(), c.pos, c.text)
			// CRLF files give the same lines and columns as LF files.
			crlf := source.NewSource("f.yml", []byte(strings.ReplaceAll(c.yaml, "\n", "\r\n")))
			w2 := findWord(t, crlf, c.word)
			if w2 == nil {
				t.Fatalf("CRLF: no word %q", c.word)
			}
			if w2.Range().Start.String() != w.Range().Start.String() || w2.Range().End.String() != w.Range().End.String() {
				t.Errorf("CRLF: range %s, LF: %s", w2.Range(), w.Range())
			}
			if got := text(crlf, w2.Range()); strings.ReplaceAll(got, "\r\n", "\n") != c.text {
				t.Errorf("CRLF: covers %q, want %q", got, c.text)
			}
		})
	}
}

func TestSourcePositions(t *testing.T) {
	for _, c := range []struct {
		name, data string
		off        int
		pos        string
	}{
		{"start", "ab\ncd\n", 0, "1:1"},
		{"second line", "ab\ncd\n", 4, "2:2"},
		{"end of file", "ab\ncd", 5, "2:3"},
		{"past the end", "ab", 99, "1:3"},
		{"CRLF", "ab\r\ncd\r\n", 5, "2:2"},
		{"BOM not counted", "\ufeffab\ncd", 4, "1:2"},
		{"BOM offset clamped", "\ufeffab", 1, "1:1"},
		{"runes", "é€x\n", 5, "1:3"},
		{"emoji", "😀x", 4, "1:2"},
		{"tab is one column", "\tx", 1, "1:2"},
	} {
		src := source.NewSource("f", []byte(c.data))
		if got := src.Pos(c.off).String(); got != c.pos {
			t.Errorf("%s: Pos(%d) = %s, want %s", c.name, c.off, got, c.pos)
		}
	}
	src := source.NewSource("f", []byte("\ufeffa: é€x\r\nb\r\n"))
	if got := src.Line(1); got != "a: é€x" {
		t.Errorf("Line(1) = %q", got)
	}
	if got := src.Line(2); got != "b" {
		t.Errorf("Line(2) = %q", got)
	}
	if got, want := src.Offset(1, 6), 3+len("a: é€"); got != want {
		t.Errorf("Offset(1, 6) = %d, want %d", got, want)
	}
	if got := src.Offset(1, 99); got != src.LineRange(1).End.Offset {
		t.Errorf("Offset past the line = %d, want the line's end %d", got, src.LineRange(1).End.Offset)
	}
	if r := src.LineRange(1); text(src, r) != "a: é€x" || r.Start.String() != "1:1" || r.End.String() != "1:7" {
		t.Errorf("LineRange(1) = %s %q", r, text(src, r))
	}
	for line := 1; line <= src.Lines(); line++ {
		for col := 1; col <= 8; col++ {
			off := src.Offset(line, col)
			if p := src.Pos(off); p.Line != line || (p.Col != col && off < src.LineRange(line).End.Offset) {
				t.Errorf("Pos(Offset(%d, %d)) = %s", line, col, p)
			}
		}
	}
}

// TestScalarRanges checks the Range of whole commands: quotes and block indicators included.
func TestScalarRanges(t *testing.T) {
	for _, c := range []struct {
		name, yaml, pos, text string
	}{
		{"plain", head + "      - echo a  # c\n", "5:9", "echo a"},
		{"double-quoted", head + "      - \"echo \\\"a\\\"\"\n", "5:9", "\"echo \\\"a\\\"\""},
		{"single-quoted", head + "      - 'it''s'\n", "5:9", "'it''s'"},
		{"literal", head + "      - |\n        echo a\n        echo b\n\n      - x\n", "5:9", "|\n        echo a\n        echo b"},
		{"folded", head + "      - >-\n        echo a\n        b\n", "5:9", ">-\n        echo a\n        b"},
		{"multi-line plain", head + "      - echo a\n        b\n", "5:9", "echo a\n        b"},
		{"flow", "version: 0.2\nphases:\n  build:\n    commands: [ 'a b' , c ]\n", "4:17", "'a b'"},
	} {
		src := source.NewSource("f.yml", []byte(c.yaml))
		b := Parse(src)[0]
		cmds := b.CommandsInOrder()
		if len(cmds) == 0 {
			t.Errorf("%s: no command", c.name)
			continue
		}
		checkRange(t, src, c.name, cmds[0].Range, c.pos, c.text)
	}
}

// TestPosIndexAgreesWithCounting: the line indexes (ASCII lines by arithmetic, long non-ASCII
// lines by checkpoints) give the positions that counting runes from the line's start gives, on
// long lines with multi-byte, invalid and split UTF-8 and a BOM.
func TestPosIndexAgreesWithCounting(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	pieces := []string{"a", " ", "é", "日本", "\xff", "\xe6\x97", "\r\n", "\n", "🙂", "\t"}
	for round := 0; round < 20; round++ {
		var b strings.Builder
		if round%3 == 0 {
			b.WriteString("\ufeff")
		}
		for i := 0; i < 3000; i++ {
			p := pieces[r.Intn(len(pieces))]
			if (p == "\n" || p == "\r\n") && r.Intn(20) != 0 {
				continue // mostly long lines
			}
			b.WriteString(p)
		}
		data := []byte(b.String())
		src := source.NewSource("f", data)
		naive := func(off int) source.Pos {
			line := 1
			for i := 0; i < off; i++ {
				if data[i] == '\n' {
					line++
				}
			}
			start := src.LineStart(line)
			if off < start {
				off = start
			}
			return source.Pos{Line: line, Col: utf8.RuneCount(data[start:off]) + 1, Offset: off}
		}
		for off := 0; off <= len(data); off += 1 + r.Intn(7) {
			want := naive(off)
			if got := src.Pos(off); got != want {
				t.Fatalf("round %d: Pos(%d) = %+v, want %+v", round, off, got, want)
			}
			// Offset decodes runes from the line's start, col-1 times.
			o, end := src.LineStart(want.Line), src.LineEnd(want.Line)
			for c := 1; c < want.Col && o < end; c++ {
				_, n := utf8.DecodeRune(data[o:end])
				o += n
			}
			if got := src.Offset(want.Line, want.Col); got != o {
				t.Fatalf("round %d: Offset(%d, %d) = %d, want %d", round, want.Line, want.Col, got, o)
			}
		}
	}
}
