package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"buildspec.yml":                  "buildspec.yml",
		"café/日本/✅ a\\b":                 "café/日本/✅ a\\b", // ordinary Unicode and backslashes stay
		"a\nb\r\tc\x00d\x1b[31m\x7f":     `a\nb\r\tc\x00d\x1b[31m\x7f`,
		"\u0085\u009b2J":                 `\u0085\u009b2J`, // C1: NEL, CSI
		"abc\u202edef\u2066\u2069\u200e": `abc\u202edef\u2066\u2069\u200e`,
		"a\u2028b\u2029c":                `a\u2028b\u2029c`,
		"zero\u200bwidth\u00ad\ufeff":    `zero\u200bwidth\u00ad\ufeff`,
		"tag\U000e0041":                  `tag\U000e0041`,
		"bad\xff\xc3":                    `bad\xff\xc3`,
	} {
		got := Escape(in)
		if got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if again := Escape(got); again != got {
			t.Errorf("Escape is not idempotent on %q: %q", got, again)
		}
	}
}

// TestEscapeLeavesNothingDangerous runs every code point through Escape: what comes out is valid
// UTF-8 with no control, format, separator or default-ignorable character.
func TestEscapeLeavesNothingDangerous(t *testing.T) {
	var b strings.Builder
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		b.WriteRune(r)
	}
	out := Escape(b.String() + "\xff\xfe")
	if !utf8.ValidString(out) {
		t.Fatal("output is not valid UTF-8")
	}
	for _, r := range out {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.In(r, unicode.Zl, unicode.Zp) ||
			unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Variation_Selector, r) {
			t.Fatalf("U+%04X left unescaped", r)
		}
	}
}

func TestLogLine(t *testing.T) {
	for in, want := range map[string]string{
		"ci/buildspec.yml":                  "ci/buildspec.yml",
		"::error::owned.yml":                "./::error::owned.yml",
		" \u00a0\u3000::warning ::x":        "./ \u00a0\u3000::warning ::x",
		"buildspec-x\n::error ::owned.yml":  `buildspec-x\n::error ::owned.yml`,
		"a ##[error]b ##[add-mask]c":        `a ##\x5berror]b ##\x5badd-mask]c`,
		"#\u200b#[error]":                   `#\u200b#[error]`,
		"\u200b::error::x":                  `\u200b::error::x`,
		"buildspec-lint: ::stop-commands::": "buildspec-lint: ::stop-commands::",
	} {
		if got := LogLine(in); got != want {
			t.Errorf("LogLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLogPath: a path followed by ":" on a line of its own never makes the line start with "::".
func TestLogPath(t *testing.T) {
	for in, want := range map[string]string{
		"ci/buildspec.yml":   "ci/buildspec.yml",
		":":                  "./:",
		":x.yml":             "./:x.yml",
		" \u3000:x.yml":      "./ \u3000:x.yml",
		"::error::owned.yml": "./::error::owned.yml",
		"a:b.yml":            "a:b.yml",
	} {
		if got := LogPath(in); got != want {
			t.Errorf("LogPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// workflowCommand matches a line that the GitHub Actions runner would obey: "::" after leading
// white space, or "##[" anywhere.
var workflowCommand = regexp.MustCompile(`^\s*::|##\[`)

// TestTextNeverStartsAWorkflowCommand writes findings whose path, message and source line try to
// start workflow commands and terminal escapes, and checks every line of the text format.
func TestTextNeverStartsAWorkflowCommand(t *testing.T) {
	line := "      - apk add 'jq\u2028::stop-commands::x' && echo \"##[error]owned\" \x1b]0;title\x07 \u202eevil"
	src := source.NewSource("x", []byte("version: 0.2\n"+line+"\n"))
	var fs []*finding.Finding
	for _, path := range []string{"buildspec-x\n::error ::owned.yml", "::warning::root.yml", "  ::notice::sp.yml", "ok/##[group]x.yml"} {
		fs = append(fs, &finding.Finding{Path: path, Source: src, Rule: &finding.Rule{ID: "BSL101", Name: "redundant-install"},
			Severity: finding.SeverityWarning, Range: source.Range{Start: source.Pos{Line: 2, Col: 16}, End: source.Pos{Line: 2, Col: 40}},
			Message: "jq\n::stop-commands::x is already in image ci\r::error::y ##[warning]z \x1b[2J\u009b2J"})
	}
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		if err := Text(&buf, &Report{Findings: fs, Files: 4}, Options{Snippet: true, Color: color}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if color {
			out = regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(out, "") // our own colours
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 3*len(fs)+1 {
			t.Fatalf("color=%v: a finding spans more than its three lines:\n%s", color, out)
		}
		for _, l := range lines {
			if workflowCommand.MatchString(l) {
				t.Errorf("color=%v: a line the runner obeys: %q", color, l)
			}
			for _, r := range l {
				if unicode.IsControl(r) || r == '\u202e' || r == '\u2028' {
					t.Errorf("color=%v: raw U+%04X in %q", color, r, l)
				}
			}
		}
		for _, want := range []string{`buildspec-x\n::error ::owned.yml:2:16: warning: jq\n::stop-commands::x is already in image ci\r::error::y ##\x5bwarning]z \x1b[2J\u009b2J`,
			"./::warning::root.yml:2:16:", "./  ::notice::sp.yml:2:16:", `ok/##\x5bgroup]x.yml:2:16:`,
			`'jq\u2028::stop-commands::x' && echo "##\x5berror]owned" \x1b]0;title\a \u202eevil`} {
			if !strings.Contains(out, want) {
				t.Errorf("color=%v: output lacks %q:\n%s", color, want, out)
			}
		}
	}
}

// TestJSONFormatsEscape: the JSON formats decode to the very message, but their text holds no
// raw C1, bidi, invisible character or "##[".
func TestJSONFormatsEscape(t *testing.T) {
	msg := "jq\u0085x \u202eevil\u2066 zero\u200bwidth tag\U000e0041 ##[error]owned \x1b[2J\u2028é日本"
	f := &finding.Finding{Path: "buildspec-\u202e.yml", Rule: &finding.Rule{ID: "BSL101", Name: "redundant-install"}, Severity: finding.SeverityWarning,
		Range: source.Range{Start: source.Pos{Line: 1, Col: 1}, End: source.Pos{Line: 1, Col: 2}}, Message: msg}
	for _, name := range []string{"json", "rdjsonl", "rdjson", "sarif"} {
		var buf bytes.Buffer
		if err := Write(&buf, name, &Report{Findings: []*finding.Finding{f}, Rules: finding.Rules{f.Rule}}, Options{}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, r := range out {
			if r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028') {
				t.Errorf("%s: raw U+%04X", name, r)
			}
		}
		if strings.Contains(out, "##[") {
			t.Errorf("%s: raw ##[", name)
		}
		if !strings.Contains(out, `\u202eevil\u2066`) || !strings.Contains(out, `tag\udb40\udc41 ##\u005berror]owned`) || !strings.Contains(out, "é日本") {
			t.Errorf("%s: escapes missing or ordinary text escaped:\n%s", name, out)
		}
		// Decoded, the text is the message itself.
		var v any
		dec := json.NewDecoder(strings.NewReader(out))
		for dec.More() {
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("%s: not JSON: %v", name, err)
			}
		}
		if !strings.Contains(fmt.Sprint(v), msg) {
			t.Errorf("%s: the decoded output lacks the message", name)
		}
	}
}

// FuzzText: whatever the path, message and source line, every line of the text format is one the
// runner ignores and holds no raw control or bidi character, each finding takes its three lines,
// and the marker never reaches past the line it marks.
func FuzzText(f *testing.F) {
	f.Add("buildspec.yml", "msg", "      - apk add jq", 9, 11)
	f.Add("::error::x\n", "a\r\n::warning::b ##[c]", "\t##[x\x1b[0m\u202e", 1, 40)
	f.Add(" \u3000::x", "\xff\xfe", "é漢😀\u0085#\u200b#[", 3, 2)
	f.Fuzz(func(t *testing.T, path, msg, line string, start, end int) {
		if strings.ContainsAny(line, "\n") {
			return // a source line has no line break
		}
		src := source.NewSource("x", []byte(line+"\n"))
		fd := &finding.Finding{Path: path, Message: msg, Source: src, Severity: finding.SeverityWarning,
			Range: source.Range{Start: source.Pos{Line: 1, Col: max(start%200, 1)}, End: source.Pos{Line: 1, Col: max(end%200, 1)}}}
		var buf bytes.Buffer
		if err := Text(&buf, &Report{Findings: []*finding.Finding{fd}, Files: 1}, Options{Snippet: true}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		if len(lines) != 4 {
			t.Fatalf("%d lines, want 4:\n%q", len(lines), buf.String())
		}
		for _, l := range lines {
			if workflowCommand.MatchString(l) {
				t.Errorf("a line the runner obeys: %q", l)
			}
			for i, r := range l {
				if r == utf8.RuneError && !strings.HasPrefix(l[i:], "\uFFFD") || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
					t.Errorf("raw U+%04X in %q", r, l)
				}
			}
		}
		text, marker := strings.TrimPrefix(lines[1], "1 | "), strings.TrimPrefix(lines[2], "  | ")
		if w := cells.StringWidth(text); len(marker) > w+1 {
			t.Errorf("marker of %d cells under a line of %d:\n%s\n%s", len(marker), w, text, marker)
		}
	})
}
