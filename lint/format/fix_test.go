package format

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// fixSources are the shapes of file that a fix's outputs must handle.
var fixSources = []string{
	"version: 0.2\nphases:\n  build:\n    commands:\n      - make\n      - docker build .\n",
	"version: 0.2\r\nphases:\r\n  build:\r\n    commands:\r\n      - make\r\n      - docker build .\r\n",
	"version: 0.2\nphases:\n  build:\n    commands:\n      - make",
	"\ufeffversion: 0.2\nphases:\n  build:\n    commands:\n      - echo \"déjà 😀\" | tee x\n",
	"a\n\n\nb\n",
}

// randomFix returns a finding on src with a fix of one to three random edits that do not
// overlap, at character boundaries.
func randomFix(r *rand.Rand, src *source.Source) *finding.Finding {
	var bounds []int // offsets at character boundaries, after the BOM
	for i := src.LineStart(1); i <= len(src.Data); {
		bounds = append(bounds, i)
		if i == len(src.Data) {
			break
		}
		_, n := utf8.DecodeRune(src.Data[i:])
		i += n
	}
	texts := []string{"", "", "x", "new\n", "a\nb", "\n", "😀", "  - more\n"}
	var edits []finding.Edit
	for k := r.IntN(3); k >= 0; k-- {
		a, b := bounds[r.IntN(len(bounds))], bounds[r.IntN(len(bounds))]
		if a > b {
			a, b = b, a
		}
		if r.IntN(3) == 0 {
			b = a // an insertion
		}
		edits = append(edits, finding.Edit{Range: src.Range(a, b), NewText: texts[r.IntN(len(texts))]})
	}
	return &finding.Finding{Path: "a.yml", Rule: fakePipe, Severity: finding.SeverityNotice, Source: src,
		Range: edits[0].Range, Message: "m", Fix: &finding.Fix{Message: "do it", Edits: edits}}
}

// applySuggestion applies a whole-line suggestion as GitHub applies a suggested change: the
// lines are replaced by the text with a line break after it (the lines' own), and an empty text
// deletes them.
func applySuggestion(src *source.Source, s rdSuggestion) []byte {
	first, last := s.Range.Start.Line, s.Range.End.Line
	lo, hi := src.LineStart(first), len(src.Data)
	if last < src.Lines() {
		hi = src.LineStart(last + 1)
	}
	seg := src.Data[lo:hi]
	repl := s.Text
	if bytes.HasSuffix(seg, []byte("\n")) && repl != "" {
		repl += "\n"
		if bytes.HasSuffix(seg, []byte("\r\n")) {
			repl = repl[:len(repl)-1] + "\r\n"
		}
	}
	return append(append(append([]byte(nil), src.Data[:lo]...), repl...), src.Data[hi:]...)
}

// offsetOfUTF16 returns the byte offset of a SARIF line and UTF-16 column in src.
func offsetOfUTF16(t *testing.T, src *source.Source, line, col int) int {
	t.Helper()
	off := src.LineStart(line)
	for units := 1; units < col; {
		if off >= len(src.Data) {
			t.Fatalf("column %d of line %d is past the end of the file", col, line)
		}
		r, n := utf8.DecodeRune(src.Data[off:])
		units += len(utf16.Encode([]rune{r}))
		off += n
	}
	return off
}

// TestFixOutputsApply checks, over random fixes of the fixSources, that what each format says a
// fix does is what the fix does (finding.ApplyEdits): the SARIF replacements (UTF-16 columns)
// applied in reverse order, and the rdjson suggestion applied as a GitHub suggested change.
func TestFixOutputsApply(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	suggested := 0
	for i := 0; i < 3000; i++ {
		src := source.NewSource("a.yml", []byte(fixSources[r.IntN(len(fixSources))]))
		f := randomFix(r, src)
		want, _, err := finding.ApplyEdits(src.Data, f.Fix.Edits)
		if err != nil {
			continue // overlapping edits: no fix is ever offered with them
		}
		rep := &Report{Findings: []*finding.Finding{f}, Files: 1}

		log := sarifOf(t, rep, Options{})
		fixes := log.Runs[0].Results[0].Fixes
		if len(fixes) != 1 || len(fixes[0].ArtifactChanges) != 1 || fixes[0].Description.Text != "do it" {
			t.Fatalf("SARIF fixes: %+v", fixes)
		}
		got := append([]byte(nil), src.Data...)
		reps := fixes[0].ArtifactChanges[0].Replacements
		for k := len(reps) - 1; k >= 0; k-- {
			d := reps[k].DeletedRegion
			a, b := offsetOfUTF16(t, src, d.StartLine, d.StartColumn), offsetOfUTF16(t, src, d.EndLine, d.EndColumn)
			text := ""
			if reps[k].InsertedContent != nil {
				text = reps[k].InsertedContent.Text
			}
			got = append(append(append([]byte(nil), got[:a]...), text...), got[b:]...)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("SARIF replacements of %+v on %q give %q, want %q", f.Fix.Edits, src.Data, got, want)
		}

		var buf bytes.Buffer
		if err := RDJSONL(&buf, rep, Options{}); err != nil {
			t.Fatal(err)
		}
		var d rdDiagnostic
		if err := json.Unmarshal(buf.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		if len(d.Suggestions) == 0 {
			if testing.Verbose() {
				t.Logf("no suggestion: %q on %q", f.Fix.Edits, src.Data)
			}
			continue // no whole lines say what the fix does (an edit of an empty file's end)
		}
		suggested++
		s := d.Suggestions[0]
		if len(d.Suggestions) != 1 || s.Range.Start.Column != 0 || s.Range.End.Column != 0 || s.Range.End.Line > src.Lines() {
			t.Fatalf("want one whole-line suggestion, got %+v", d.Suggestions)
		}
		if got := applySuggestion(src, s); !bytes.Equal(got, want) {
			t.Fatalf("suggestion %+v of %+v on %q gives %q, want %q", s, f.Fix.Edits, src.Data, got, want)
		}
	}
	if suggested < 1500 { // most: only fixes of the final line break have none
		t.Errorf("only %d of the random fixes got a suggestion", suggested)
	}
}

// TestRDJSONSuggestionLines pins the lines a suggestion covers.
func TestRDJSONSuggestionLines(t *testing.T) {
	const spec = "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n      - jq .\n"
	src := source.NewSource("a.yml", []byte(spec))
	item := at(t, src, "      - make\n", 0)
	for _, tt := range []struct {
		name  string
		edits []finding.Edit
		first int
		last  int
		text  string
	}{
		{"a word", []finding.Edit{{Range: at(t, src, "make", 0), NewText: "make all"}}, 5, 5, "      - make all"},
		{"a whole line", []finding.Edit{{Range: item}}, 5, 5, ""},
		{"an insertion", []finding.Edit{{Range: src.Range(item.Start.Offset, item.Start.Offset), NewText: "      - pre\n"}}, 5, 5, "      - pre\n      - make"},
		{"a line break", []finding.Edit{{Range: at(t, src, "\n      - ", 1), NewText: " && "}}, 5, 6, "      - make && jq ."},
		{"two lines", []finding.Edit{{Range: at(t, src, "make", 0), NewText: "m"}, {Range: at(t, src, "jq", 0), NewText: "j"}}, 5, 6, "      - m\n      - j ."},
		{"an emptied line", []finding.Edit{{Range: at(t, src, "      - make", 0)}}, 5, 6, "\n      - jq ."},
	} {
		f := &finding.Finding{Path: "a.yml", Source: src, Fix: &finding.Fix{Edits: tt.edits}}
		s, ok := rdSuggestionOf(f)
		if !ok || s.Range.Start.Line != tt.first || s.Range.End.Line != tt.last || s.Text != tt.text {
			t.Errorf("%s: got %+v (%v), want lines %d-%d text %q", tt.name, s, ok, tt.first, tt.last, tt.text)
		}
	}
}

// TestSARIFFixShape pins a SARIF fix: one artifactChange on the result's file, replacements in
// file order, no insertedContent for a deletion.
func TestSARIFFixShape(t *testing.T) {
	r := testReport(t)
	res := sarifOf(t, r, Options{}).Runs[0].Results
	var withFix int
	for i, f := range r.Findings {
		if f.Fix == nil {
			if len(res[i].Fixes) != 0 {
				t.Errorf("%s: fixes without a fix", f.Message)
			}
			continue
		}
		withFix++
		fx := res[i].Fixes
		if len(fx) != 1 || len(fx[0].ArtifactChanges) != 1 {
			t.Fatalf("%s: %+v", f.Message, fx)
		}
		ch := fx[0].ArtifactChanges[0]
		if ch.ArtifactLocation != res[i].Locations[0].PhysicalLocation.ArtifactLocation {
			t.Errorf("%s: the fix is on %+v, the result on %+v", f.Message, ch.ArtifactLocation, res[i].Locations[0].PhysicalLocation.ArtifactLocation)
		}
		if len(ch.Replacements) != len(f.Fix.Edits) {
			t.Errorf("%s: %d replacements for %d edits", f.Message, len(ch.Replacements), len(f.Fix.Edits))
		}
		for k := 1; k < len(ch.Replacements); k++ {
			a, b := ch.Replacements[k-1].DeletedRegion, ch.Replacements[k].DeletedRegion
			if a.StartLine > b.StartLine || (a.StartLine == b.StartLine && a.StartColumn > b.StartColumn) {
				t.Errorf("%s: replacements out of order: %+v", f.Message, ch.Replacements)
			}
		}
		for _, rp := range ch.Replacements {
			if rp.InsertedContent != nil && rp.InsertedContent.Text == "" {
				t.Errorf("%s: an empty insertedContent", f.Message)
			}
		}
	}
	if withFix < 3 || !strings.Contains(f0(r).Fix.Message, "remove") {
		t.Errorf("the test report should have fixes (got %d)", withFix)
	}
}

func f0(r *Report) *finding.Finding { return r.Findings[0] }
