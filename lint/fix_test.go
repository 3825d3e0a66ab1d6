package lint

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// The fix engine, with fake rules whose fixes do right and wrong things on purpose.

// fixFunc makes the fix of a finding on word w of src (nil: no fix).
type fixFunc func(src *source.Source, w *buildspec.Word) *finding.Fix

// wordRule reports every shell word equal to word, with the fix fix makes.
func wordRule(id, word string, fix fixFunc) *Rule {
	return &Rule{Rule: finding.Rule{ID: id, Name: "word-" + strings.ToLower(id), Severity: finding.SeverityWarning}, Check: func(p *Pass) {
		for _, c := range p.Calls() {
			for _, w := range c.Words {
				if w.Value == word {
					f := p.Reportf(w.Range(), "%s is here", word)
					if fix != nil {
						f.Fix = fix(p.Spec.Source, w)
					}
				}
			}
		}
	}}
}

// replaceWord is a fix that replaces the word with text.
func replaceWord(text string) fixFunc {
	return func(src *source.Source, w *buildspec.Word) *finding.Fix {
		return finding.NewFix("replace it", w.Range(), text)
	}
}

// edits is a fix of the given edits, each [start, end) of the word's offsets shifted by the
// numbers given (relative to the word's start), for edits that reach outside the word.
func rawFix(es ...finding.Edit) *finding.Fix { return &finding.Fix{Message: "raw", Edits: es} }

func edit(src *source.Source, start, end int, text string) finding.Edit {
	return finding.Edit{Range: src.Range(start, end), NewText: text}
}

// textEdit is an edit of the first occurrence of old in src (after the offset from) to text.
func textEdit(t *testing.T, src *source.Source, old, text string) finding.Edit {
	t.Helper()
	i := strings.Index(string(src.Data), old)
	if i < 0 {
		t.Fatalf("%q is not in the file", old)
	}
	return edit(src, i, i+len(old), text)
}

func lintText(l *Linter, text string) ([]*finding.Finding, []FixNote) {
	src := source.NewSource("f.yml", []byte(text))
	fs, specs := parse(src, nil)
	return l.lintFile(src, specs, fs)
}

func notesText(notes []FixNote) string {
	var b strings.Builder
	for _, n := range notes {
		b.WriteString(n.String())
		b.WriteString("\n")
	}
	return b.String()
}

// offered returns the findings that carry a fix.
func offered(fs []*finding.Finding) []*finding.Finding {
	var out []*finding.Finding
	for _, f := range fs {
		if f.Fix != nil {
			out = append(out, f)
		}
	}
	return out
}

const fixDoc = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo bad\n      - make all\n"

func TestFixVerifiedFixIsOfferedAndApplied(t *testing.T) {
	l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", replaceWord("good"))}}
	src := source.NewSource("f.yml", []byte(fixDoc))
	fixed, left, notes := l.Fix(src, nil)
	if len(notes) != 0 || fixed == nil {
		t.Fatalf("fixed %v, notes:\n%s", fixed, notesText(notes))
	}
	if want := strings.Replace(fixDoc, "bad", "good", 1); string(fixed.After) != want {
		t.Errorf("fixed:\n%s\nwant:\n%s", fixed.After, want)
	}
	if len(left) != 0 || len(fixed.Resolved) != 1 || fixed.Resolved[0].RuleID() != "BSL991" {
		t.Errorf("left %v, resolved %v", left, fixed.Resolved)
	}
}

// Each way a fix can be wrong drops it, with a note that says why; the finding stays.
func TestFixUnverifiedFixesAreDropped(t *testing.T) {
	newRule := wordRule("BSL992", "worse", nil)
	cases := []struct {
		name string
		text string
		fix  func(t *testing.T) fixFunc
		why  string
	}{
		{"invalid shell", fixDoc, func(*testing.T) fixFunc { return replaceWord("'good") }, "would not be valid shell"},
		{"invalid shell in a block", "version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        echo bad\n        make\n",
			func(*testing.T) fixFunc { return replaceWord("$(good") }, "would not be valid shell"},
		{"a new finding", fixDoc, func(*testing.T) fixFunc { return replaceWord("worse") }, "would raise BSL992"},
		{"the finding stays", fixDoc, func(*testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				return rawFix(edit(src, w.Range().Start.Offset, w.Range().Start.Offset, "x "))
			}
		}, "would still raise BSL991"},
		{"no edit at all", fixDoc, func(*testing.T) fixFunc {
			return func(*source.Source, *buildspec.Word) *finding.Fix { return rawFix() }
		}, "would still raise BSL991"},
		{"a list becomes a scalar", "version: 0.2\nphases:\n  build:\n    commands: [echo bad, make]\n", func(t *testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				return rawFix(textEdit(t, src, "[echo bad", "\"echo good"), textEdit(t, src, "make]", "make\""))
			}
		}, "a YAML value changes its kind"},
		{"another key is swallowed", "version: 0.2\nphases:\n  build:\n    commands: ['echo bad']\n  post_build:\n    commands: ['x']\n", func(t *testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				return rawFix(textEdit(t, src, "bad']", "good"), textEdit(t, src, "'x']", "x']"))
			}
		}, "the fixed file would not decode to the same YAML"},
		{"a key is added partly outside the edit", "version: 0.2\nphases:\n  build:\n    commands: [echo bad]\n", func(t *testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				return rawFix(textEdit(t, src, "bad", "good]\n  post_build:\n    commands: [make"))
			}
		}, "gains or loses an item"},
		{"another document", fixDoc, func(*testing.T) fixFunc { return replaceWord("good\n---\nx: 1") }, "YAML documents instead of"},
		{"the YAML no longer parses", fixDoc, func(*testing.T) fixFunc { return replaceWord("good\n  \"x") }, "the YAML no longer parses"},
		{"a reversed range", fixDoc, func(*testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				return rawFix(finding.Edit{Range: source.Range{Start: w.Range().End, End: w.Range().Start}, NewText: "good"})
			}
		}, "outside the file"},
		{"past the end of the file", fixDoc, func(*testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				r := w.Range()
				r.End.Offset = len(src.Data) + 10
				return rawFix(finding.Edit{Range: r, NewText: "good"})
			}
		}, "outside the file"},
		{"a negative offset", fixDoc, func(*testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				r := w.Range()
				r.Start.Offset = -3
				return rawFix(finding.Edit{Range: r, NewText: "good"})
			}
		}, "outside the file"},
		{"an edit that splits a character", "version: 0.2\nphases:\n  build:\n    commands:\n      - echo bad é\n", func(t *testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				i := strings.Index(string(src.Data), "é")
				return rawFix(finding.Edit{Range: w.Range(), NewText: "good"}, edit(src, i, i+1, ""))
			}
		}, "no longer parses"},
		{"a line that disagrees with the offset", fixDoc, func(*testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				r := w.Range()
				r.Start.Line++
				return rawFix(finding.Edit{Range: r, NewText: "good"})
			}
		}, "disagrees with its offset"},
		{"no position", fixDoc, func(*testing.T) fixFunc {
			return func(*source.Source, *buildspec.Word) *finding.Fix {
				return rawFix(finding.Edit{NewText: "good "})
			}
		}, "it has no position"},
		{"a lone LF in a CRLF file", strings.ReplaceAll(fixDoc, "\n", "\r\n"), func(*testing.T) fixFunc { return replaceWord("good\n      - x") }, "a line with LF in a file whose lines end with CRLF"},
		{"a CRLF in an LF file", fixDoc, func(*testing.T) fixFunc { return replaceWord("good\r\n      - x") }, "a line with CRLF in a file whose lines end with LF"},
		{"a CR that splits a CRLF", strings.ReplaceAll(fixDoc, "\n", "\r\n"), func(t *testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				return rawFix(finding.Edit{Range: w.Range(), NewText: "good"}, textEdit(t, src, "\r\n      - make", "\n      - make"))
			}
		}, "a line with LF in a file whose lines end with CRLF"},
		{"the BOM removed", "\ufeff" + fixDoc, func(t *testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				// No consistent range covers the BOM: src.Range(0, 3) starts after it.
				bom := source.Range{Start: source.Pos{Line: 1, Col: 1}, End: src.Pos(3)}
				return rawFix(finding.Edit{Range: w.Range(), NewText: "good"}, finding.Edit{Range: bom})
			}
		}, "disagrees with its offset"},
		{"its own edits overlap", fixDoc, func(*testing.T) fixFunc {
			return func(src *source.Source, w *buildspec.Word) *finding.Fix {
				return rawFix(finding.Edit{Range: w.Range(), NewText: "good"}, edit(src, w.Range().Start.Offset+1, w.Range().End.Offset, "x"))
			}
		}, "overlap"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", tc.fix(t)), newRule}}
			before, _ := lintText(&Linter{Rules: RuleSet{wordRule("BSL991", "bad", nil), newRule}}, tc.text)
			fs, notes := lintText(l, tc.text)
			if len(fs) != len(before) || len(fs) == 0 {
				t.Fatalf("findings %v, want those without fixes %v", fs, before)
			}
			if o := offered(fs); len(o) != 0 {
				t.Errorf("offered fixes: %v", o[0].Fix)
			}
			if len(notes) != 1 || notes[0].Rule != "BSL991" || !strings.Contains(notes[0].Why, tc.why) {
				t.Errorf("notes:\n%s\nwant one of BSL991 saying %q", notesText(notes), tc.why)
			}
			for _, n := range notes {
				if strings.ContainsAny(n.String(), "\x00\r\n") {
					t.Errorf("a note holds a control character: %q", n.String())
				}
			}
			// Fix leaves the file alone.
			fixed, left, _ := l.Fix(source.NewSource("f.yml", []byte(tc.text)), nil)
			if fixed != nil || len(left) != len(before) {
				t.Errorf("Fix fixed %v, left %v", fixed, left)
			}
		})
	}
}

// A rule whose Fix panics or returns a fix with a nonsense edit never takes the linter down.
func TestFixBogusEditsInRun(t *testing.T) {
	bogus := []finding.Edit{
		{Range: source.Range{Start: source.Pos{Offset: 1 << 40}, End: source.Pos{Offset: 1<<40 + 1}}, NewText: "x"},
		{Range: source.Range{Start: source.Pos{Offset: 5}, End: source.Pos{Offset: 2}}},
		{Range: source.Range{Start: source.Pos{Offset: -1 << 40}, End: source.Pos{Offset: 0}}},
	}
	for i, e := range bogus {
		e := e
		l := &Linter{ApplyFixes: true, Rules: RuleSet{wordRule("BSL991", "bad", func(*source.Source, *buildspec.Word) *finding.Fix { return rawFix(e) })}}
		res := l.Run([]Input{{Path: "f.yml", Data: []byte(fixDoc)}})
		if len(res.Errors) != 0 || len(res.Fixed) != 0 || len(res.Findings) != 1 || res.Findings[0].Fix != nil {
			t.Errorf("edit %d: errors %v, fixed %d, findings %v", i, res.Errors, len(res.Fixed), res.Findings)
		}
		if len(res.FixNotes) != 1 || !strings.Contains(res.FixNotes[0].Why, "outside the file") || !strings.Contains(res.FixNotes[0].Why, "position") {
			t.Errorf("edit %d: notes:\n%s", i, notesText(res.FixNotes))
		}
	}
}

// Two findings whose fixes make the same edit (two rules that remove the same word) are both
// resolved by that one edit.
func TestFixIdenticalEditsMerge(t *testing.T) {
	rm := func(src *source.Source, w *buildspec.Word) *finding.Fix {
		return finding.NewFix("remove it", src.Range(w.Range().Start.Offset-1, w.Range().End.Offset), "")
	}
	l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", rm), wordRule("BSL993", "bad", rm)}}
	fixed, left, notes := l.Fix(source.NewSource("f.yml", []byte(fixDoc)), nil)
	if fixed == nil || len(notes) != 0 {
		t.Fatalf("not fixed: %s", notesText(notes))
	}
	if want := strings.Replace(fixDoc, "echo bad", "echo", 1); string(fixed.After) != want || len(left) != 0 || len(fixed.Resolved) != 2 {
		t.Errorf("fixed:\n%s\nleft %v, resolved %d", fixed.After, left, len(fixed.Resolved))
	}
}

// Two fixes that edit the same text differently each verify alone, but the file is not fixed:
// a note says that they overlap, and both findings stay with their fixes.
func TestFixOverlappingFixesLeaveTheFile(t *testing.T) {
	l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", replaceWord("good")), wordRule("BSL993", "bad", replaceWord("fine"))}}
	fixed, left, notes := l.Fix(source.NewSource("f.yml", []byte(fixDoc)), nil)
	if fixed != nil {
		t.Fatalf("fixed:\n%s", fixed.After)
	}
	if len(offered(left)) != 2 {
		t.Errorf("findings with fixes: %v", left)
	}
	if len(notes) != 1 || notes[0].Rule != "" || !strings.Contains(notes[0].String(), "f.yml: not fixed: the edits at 5:14 and 5:14 overlap") {
		t.Errorf("notes:\n%s", notesText(notes))
	}
	// Through Run too: the file is not in Fixed, its findings are those of the file as it is.
	res := (&Linter{Rules: l.Rules, ApplyFixes: true}).Run([]Input{{Path: "f.yml", Data: []byte(fixDoc)}})
	if len(res.Fixed) != 0 || len(res.Findings) != 2 || len(res.FixNotes) != 1 {
		t.Errorf("Run: fixed %d, findings %d, notes:\n%s", len(res.Fixed), len(res.Findings), notesText(res.FixNotes))
	}
}

// Fixes that verify alone but not together (together they raise a finding that neither raises
// alone) leave the file as it is, with a note.
func TestFixCombinedVerification(t *testing.T) {
	pair := &Rule{Rule: finding.Rule{ID: "BSL994", Name: "pair", Severity: finding.SeverityWarning}, Check: func(p *Pass) {
		for _, c := range p.Calls() {
			n := 0
			for _, w := range c.Words {
				if w.Value == "good" {
					n++
				}
			}
			if n >= 2 {
				p.Report(c.Range(), "good twice")
			}
		}
	}}
	l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", replaceWord("good")), wordRule("BSL993", "evil", replaceWord("good")), pair}}
	text := "version: 0.2\nphases:\n  build:\n    commands:\n      - echo bad evil\n"
	fs, notes := lintText(l, text)
	if len(offered(fs)) != 2 || len(notes) != 0 {
		t.Fatalf("each fix alone must verify: %v\n%s", fs, notesText(notes))
	}
	fixed, left, notes := l.Fix(source.NewSource("f.yml", []byte(text)), nil)
	if fixed != nil || len(left) != 2 {
		t.Fatalf("fixed %v, left %v", fixed, left)
	}
	if len(notes) != 1 || !strings.Contains(notes[0].String(), "f.yml: not fixed: the fixed file would raise BSL994 at 5:9") {
		t.Errorf("notes:\n%s", notesText(notes))
	}
}

// The findings Fix returns are those of the fixed text, at their positions in it; findings that
// move with the edits are not taken for new ones.
func TestFixFindingsInFixedPositions(t *testing.T) {
	l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", replaceWord("goodness")), wordRule("BSL992", "keep", nil)}}
	text := "version: 0.2\nphases:\n  build:\n    commands:\n      - echo bad keep\n      - echo bad\n      - keep\n"
	fixed, left, notes := l.Fix(source.NewSource("f.yml", []byte(text)), nil)
	if fixed == nil || len(notes) != 0 {
		t.Fatalf("not fixed: %s", notesText(notes))
	}
	var got []string
	for _, f := range left {
		got = append(got, fmt.Sprintf("%s %s %q", f.RuleID(), f.Range, fixed.After[f.Range.Start.Offset:f.Range.End.Offset]))
		if f.Source == nil || string(f.Source.Data) != string(fixed.After) {
			t.Errorf("%s: its source is not the fixed text", f.RuleID())
		}
	}
	want := []string{`BSL992 5:23-5:27 "keep"`, `BSL992 7:9-7:13 "keep"`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("left:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range fixed.Resolved {
		if string(text[f.Range.Start.Offset:f.Range.End.Offset]) != "bad" {
			t.Errorf("a resolved finding is not in the positions of the text before: %s", f.Range)
		}
	}
}

// The documents of a multi-document file are each fixed, and a document count that changes
// drops the fix.
func TestFixMultiDocument(t *testing.T) {
	l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", replaceWord("good"))}}
	doc := "version: 0.2\nphases:\n  build:\n    commands: [echo bad]\n"
	text := doc + "---\n" + doc + "...\n---\n" + doc
	fixed, left, notes := l.Fix(source.NewSource("f.yml", []byte(text)), nil)
	if fixed == nil || len(notes) != 0 || len(left) != 0 || len(fixed.Resolved) != 3 {
		t.Fatalf("fixed %v, left %v, notes:\n%s", fixed, left, notesText(notes))
	}
	if want := strings.ReplaceAll(text, "bad", "good"); string(fixed.After) != want {
		t.Errorf("fixed:\n%s\nwant:\n%s", fixed.After, want)
	}
}

// CRLF line ends and a BOM are bytes outside the edits: they stay.
func TestFixKeepsCRLFAndBOM(t *testing.T) {
	l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", replaceWord("good"))}}
	text := "\ufeffversion: 0.2\r\nphases:\r\n  build:\r\n    commands:\r\n      - echo bad # why\r\n\r\n      - |\r\n        echo bad\r\n        make\r\n"
	fixed, left, notes := l.Fix(source.NewSource("f.yml", []byte(text)), nil)
	if fixed == nil || len(notes) != 0 || len(left) != 0 {
		t.Fatalf("fixed %v, left %v, notes:\n%s", fixed, left, notesText(notes))
	}
	if want := strings.ReplaceAll(text, "bad", "good"); string(fixed.After) != want {
		t.Errorf("fixed:\n%q\nwant:\n%q", fixed.After, want)
	}
	// A fix that inserts lines in CRLF is offered.
	ins := wordRule("BSL991", "bad", func(src *source.Source, w *buildspec.Word) *finding.Fix {
		return finding.NewFix("x", w.Range(), "good\r\n      - make")
	})
	crlf := strings.ReplaceAll(fixDoc, "\n", "\r\n")
	if fixed, _, notes := (&Linter{Rules: RuleSet{ins}}).Fix(source.NewSource("f.yml", []byte(crlf)), nil); fixed == nil {
		t.Errorf("a fix with CRLF line ends is not applied to a CRLF file: %s", notesText(notes))
	}
	// Fixing again changes nothing.
	again, _, _ := l.Fix(source.NewSource("f.yml", fixed.After), nil)
	if again != nil {
		t.Errorf("fixing the fixed file changed it:\n%q", again.After)
	}
}

// Fixes are verified each alone up to a budget of text linted (MaxFixVerifyBytes, at least
// MaxFixesVerified fixes); past it, and past MaxFixFileSize, they are not offered.
func TestFixLimits(t *testing.T) {
	l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", replaceWord("good"))}}
	file := func(n int, pad string) string {
		var b strings.Builder
		b.WriteString("version: 0.2\nphases:\n  build:\n    commands:\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "      - echo bad%s\n", pad)
		}
		return b.String()
	}
	// A small file: every fix is verified.
	fs, notes := lintText(l, file(MaxFixesVerified+5, ""))
	if len(offered(fs)) != MaxFixesVerified+5 || len(notes) != 0 {
		t.Errorf("%d fixes offered of %d, notes:\n%s", len(offered(fs)), len(fs), notesText(notes))
	}
	// 200 fixes in 24 KB: the first 21 (512 KiB of text) are verified.
	text := file(200, " # "+strings.Repeat("x", 100))
	want := MaxFixVerifyBytes / len(text)
	if want <= MaxFixesVerified {
		t.Fatalf("the file verifies %d fixes, not more than MaxFixesVerified", want)
	}
	fs, notes = lintText(l, text)
	if o := offered(fs); len(o) != want || o[len(o)-1] != fs[want-1] {
		t.Errorf("%d fixes offered, want the first %d", len(o), want)
	}
	// (checkFixes in fixprop_test.go knows this note by "fixes are verified and offered".)
	if len(notes) != 1 || !strings.Contains(notes[0].Why, fmt.Sprintf("only the first %d of its 200 fixes are verified and offered", want)) {
		t.Errorf("notes:\n%s", notesText(notes))
	}
	// Fix applies the verified ones; fixing again the rest, and so on.
	fixed, _, _ := l.Fix(source.NewSource("f.yml", []byte(text)), nil)
	if fixed == nil || len(fixed.Resolved) != want {
		t.Fatalf("fixed %v", fixed)
	}
	big := file(3, "") + "#" + strings.Repeat("x", MaxFixFileSize) + "\n"
	fs, notes = lintText(l, big)
	if len(offered(fs)) != 0 || len(notes) != 1 || !strings.Contains(notes[0].Why, "over 256 KiB") {
		t.Errorf("%d fixes offered, notes:\n%s", len(offered(fs)), notesText(notes))
	}
	// A fix whose result is over the limit is dropped.
	l = &Linter{Rules: RuleSet{wordRule("BSL991", "bad", replaceWord("good"+strings.Repeat(" x", MaxFixFileSize/2)))}}
	fs, notes = lintText(l, file(1, ""))
	if len(offered(fs)) != 0 || len(notes) != 1 || !strings.Contains(notes[0].Why, "the fixed file would be over 256 KiB") {
		t.Errorf("%d fixes offered, notes:\n%s", len(offered(fs)), notesText(notes))
	}
}

// Verifying a fix lints the fixed text, but only the file itself is observed.
func TestFixVerificationIsNotObserved(t *testing.T) {
	var seen []string
	l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", replaceWord("good"))}, ApplyFixes: true,
		Observe: func(src *source.Source, specs []*buildspec.Buildspec, _ *image.Inventory) {
			seen = append(seen, string(src.Data))
		}}
	res := l.Run([]Input{{Path: "f.yml", Data: []byte(fixDoc)}})
	if len(res.Fixed) != 1 {
		t.Fatalf("not fixed: %s", notesText(res.FixNotes))
	}
	if len(seen) != 1 || seen[0] != fixDoc {
		t.Errorf("observed %d texts: %q", len(seen), seen)
	}
}

// A note quotes what the fixed file would raise, which may hold anything from the file: its
// control characters are escaped and its length bounded.
func TestFixNotesAreClean(t *testing.T) {
	loud := &Rule{Rule: finding.Rule{ID: "BSL995", Name: "loud", Severity: finding.SeverityWarning}, Check: func(p *Pass) {
		for _, c := range p.Calls() {
			if c.Args[0].Value == "good" {
				p.Report(c.Range(), "bad \x1b[31mred\r\nline \xff\u2028 "+strings.Repeat("x", 3000))
			}
		}
	}}
	l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", replaceWord("good")), loud}}
	_, notes := lintText(l, "version: 0.2\nphases:\n  build:\n    commands:\n      - bad\n")
	if len(notes) != 1 {
		t.Fatalf("notes:\n%s", notesText(notes))
	}
	s := notes[0].String()
	if strings.ContainsAny(s, "\x1b\r\n\u2028") || !utf8.ValidString(s) || len(s) > finding.MaxMessageLen+200 {
		t.Errorf("note %q", s)
	}
	if !strings.Contains(s, `bad \u001b[31mred\u000d\u000aline \xff\u2028 xxx`) {
		t.Errorf("note %q", s)
	}
}

func TestSameLineEnds(t *testing.T) {
	cases := []struct {
		before, after string
		c             source.Change
		want          string
	}{
		{"\ufeffa: 1\n", "a: 1\n", source.Change{Start: 0, End: 3, NewStart: 0, NewEnd: 0}, "byte order mark"},
		{"a: 1\r\nb: 2\r\n", "a: 1\r\nc: 3\nb: 2\r\n", source.Change{Start: 6, End: 6, NewStart: 6, NewEnd: 11}, "LF in a file whose lines end with CRLF"},
		{"a: 1\r\nb: 2\r\n", "a: 1\r\nc: 3\r\nb: 2\r\n", source.Change{Start: 6, End: 6, NewStart: 6, NewEnd: 12}, ""},
		{"a: 1\nb: 2\r\n", "a: 1\nc: 3\nb: 2\r\n", source.Change{Start: 5, End: 5, NewStart: 5, NewEnd: 10}, ""}, // mixed
		{"a: 1", "a: 1\r\n", source.Change{Start: 4, End: 4, NewStart: 4, NewEnd: 6}, ""},                        // no line end yet
		{"a: 1\n", "a: 1\r\n", source.Change{Start: 4, End: 4, NewStart: 4, NewEnd: 5}, "CRLF in a file whose lines end with LF"},
	}
	for _, tc := range cases {
		err := sameLineEnds([]byte(tc.before), []byte(tc.after), source.Changes{tc.c})
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%q -> %q: %v, want %q", tc.before, tc.after, err, tc.want)
		}
	}
}

// A fix that renames a key it edits passes the YAML comparison (a fix of a misspelt key does
// just that), and the lint of the fixed file judges it: renaming another key than its finding's
// raises the unknown-key finding, and the fix is dropped.
func TestFixRenamesAnotherKey(t *testing.T) {
	unknown := &Rule{Rule: finding.Rule{ID: "BSL005", Name: "unknown-key", Severity: finding.SeverityError},
		Problems: []buildspec.ProblemKind{buildspec.UnknownKey}}
	rename := func(key, to string) fixFunc {
		return func(src *source.Source, w *buildspec.Word) *finding.Fix {
			i := strings.Index(string(src.Data), key)
			if i < 0 {
				return nil // a fixed file, linted to verify another fix
			}
			return rawFix(finding.Edit{Range: w.Range(), NewText: "good"}, edit(src, i, i+len(key), to))
		}
	}
	text := "version: 0.2\nphases:\n  build:\n    commands:\n      - echo bad\n  post_build:\n    commands: [make]\n"
	l := &Linter{Rules: RuleSet{wordRule("BSL991", "bad", rename("post_build", "post-build")), unknown}}
	fs, notes := lintText(l, text)
	if len(offered(fs)) != 0 || len(notes) != 1 || !strings.Contains(notes[0].Why, "would raise BSL005 at 6:3") {
		t.Errorf("fixes %v, notes:\n%s", offered(fs), notesText(notes))
	}
	// The same edit that fixes a misspelt key is offered.
	l = &Linter{Rules: RuleSet{wordRule("BSL991", "bad", rename("post-build", "post_build")), unknown}}
	fixed, left, notes := l.Fix(source.NewSource("f.yml", []byte(strings.Replace(text, "post_build", "post-build", 1))), nil)
	if fixed == nil || string(fixed.After) != strings.Replace(text, "bad", "good", 1) || len(left) != 0 {
		t.Errorf("fixed %v, left %v, notes:\n%s", fixed, left, notesText(notes))
	}
}
