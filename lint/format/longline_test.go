package format

import (
	"bytes"
	"encoding/json"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// longLineReport returns a report of n findings spread over one line of about 600 KB that mixes
// ASCII, accented letters, emoji (two UTF-16 units) and invalid bytes, and the line.
func longLineReport(n int) (*Report, string) {
	item := "yum install é😀\xff x, "
	line := "    commands: [" + strings.Repeat(item, 30000) + "x]"
	src := source.NewSource("buildspec.yml", []byte("version: 0.2\nphases:\n  install:\n"+line+"\n"))
	step := utf8.RuneCountInString(line) / n
	r := &Report{Rules: finding.Rules{fakePipe}, Files: 1}
	for i := 0; i < n; i++ {
		col := 1 + i*step
		r.Findings = append(r.Findings, &finding.Finding{Path: src.Path, Rule: fakePipe, Severity: fakePipe.Severity, Source: src,
			Message: "a finding", Range: source.Range{Start: source.Pos{Line: 4, Col: col}, End: source.Pos{Line: 4, Col: col + 7}}})
	}
	return r, line
}

// naiveCol is the column conversion walked from the start of the line, as a reference.
func naiveCol(line string, col int, size func(rune) int) int {
	out, seen := 1, 0
	for len(line) > 0 && seen < col-1 {
		r, n := utf8.DecodeRuneInString(line)
		if r == utf8.RuneError && n <= 1 {
			out++
		} else {
			out += size(r)
		}
		line = line[n:]
		seen++
	}
	return out + (col - 1 - seen)
}

// TestLongLineFindings: a thousand findings on one long line cost each format a walk of the line,
// not one walk (or one copy) per finding; before, a 4 MiB line of a thousand findings printed
// 4 GB of snippets. The columns still agree with a walk from the start of the line.
func TestLongLineFindings(t *testing.T) {
	r, line := longLineReport(1000)
	for _, name := range Names() {
		var buf bytes.Buffer
		var a, b runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&a)
		if err := Write(&buf, name, r, Options{Snippet: true}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&b)
		if n := b.TotalAlloc - a.TotalAlloc; n > 64<<20 {
			t.Errorf("%s: %d MB allocated for 1000 findings on a %d KB line", name, n>>20, len(line)>>10)
		}
		if buf.Len() > 2<<20 {
			t.Errorf("%s: %d KB of output for 1000 findings", name, buf.Len()>>10)
		}
	}
	cols16, colsB := newColumns(utf16Len), newColumns(utf8.RuneLen)
	for i, f := range r.Findings {
		if i%37 != 0 {
			continue // the reference walks the line: check some of the findings, in order
		}
		for _, p := range []source.Pos{f.Range.Start, f.Range.End, {Line: 4, Col: f.Range.Start.Col + 300}} {
			if got, want := cols16.col(f.Source, p), naiveCol(line, p.Col, utf16Len); got != want {
				t.Fatalf("UTF-16 column of %d: %d, want %d", p.Col, got, want)
			}
			if got, want := colsB.col(f.Source, p), naiveCol(line, p.Col, utf8.RuneLen); got != want {
				t.Fatalf("byte column of %d: %d, want %d", p.Col, got, want)
			}
		}
	}
	// Past the end of the line: one unit per column.
	end := utf8.RuneCountInString(line) + 1
	if got, want := cols16.col(r.Findings[0].Source, source.Pos{Line: 4, Col: end + 5}), naiveCol(line, end+5, utf16Len); got != want {
		t.Errorf("past the end: %d, want %d", got, want)
	}
}

// TestLongLineSnippet: the snippet of a long line is a window around the finding, cut with
// "...", whose marker is under the finding's first character.
func TestLongLineSnippet(t *testing.T) {
	r, line := longLineReport(50)
	var buf bytes.Buffer
	if err := Text(&buf, r, Options{Snippet: true}); err != nil {
		t.Fatal(err)
	}
	out := strings.Split(buf.String(), "\n")
	runes := []rune(line)
	for i, f := range r.Findings {
		text, mark := out[3*i+1], out[3*i+2]
		if len(text) > len("4 | ")+2*len("...")+4*maxSnippet {
			t.Fatalf("snippet of %d bytes:\n%s", len(text), text)
		}
		if i > 0 && !strings.HasPrefix(text, "4 | ...") || !strings.HasSuffix(text, "...") {
			t.Errorf("finding %d: the cut line is not marked with ...:\n%s", i, text)
		}
		// The character under the caret (counted in terminal cells) is the finding's.
		caret, under, width := strings.Index(mark, "^"), rune(-1), 0
		for _, r := range text {
			if width == caret {
				under = r
				break
			}
			width += cells.RuneWidth(r)
		}
		if want := runes[f.Range.Start.Col-1]; under != want {
			t.Errorf("finding %d at column %d: the marker is not under %q:\n%s\n%s", i, f.Range.Start.Col, want, text, mark)
		}
	}
}

// TestLongLineFingerprints: findings on one long line get distinct-by-rule, stable fingerprints,
// computed without hashing the line once per finding.
func TestLongLineFingerprints(t *testing.T) {
	r, _ := longLineReport(3)
	var buf bytes.Buffer
	if err := SARIF(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, res := range log.Runs[0].Results {
		got = append(got, res.PartialFingerprints[sarifFingerprintKey])
	}
	hash := strings.Split(got[0], ":")[0]
	if want := []string{hash + ":1", hash + ":2", hash + ":3"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("fingerprints %v, want %v", got, want)
	}
}
