package lint

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// A fix is offered only once it is verified: its edits must be ranges of the file, and applied
// alone to the file's bytes, the file must keep its BOM and line ends, decode to the same YAML
// except where the edits are (buildspec.SameShape: an edited value keeps its type), every command
// the edits touch must be valid shell, and linting the fixed file must find everything it found
// before, less the fixed finding, and nothing else (findings matched by rule and by range, mapped
// back through the edits). A fix that fails is dropped, and a FixNote says why. The work is
// bounded: MaxFixFileSize, MaxFixesVerified and MaxFixVerifyBytes.

// FixNote says why a fix was not offered, or why the fixes of a file were not applied.
type FixNote struct {
	Path string
	// Range and Rule are the finding whose fix was dropped; both are zero for a note about a
	// whole file.
	Range source.Range
	Rule  string
	Why   string
}

func (n FixNote) String() string {
	if n.Rule == "" {
		return fmt.Sprintf("%s: not fixed: %s", n.Path, n.Why)
	}
	return fmt.Sprintf("%s:%d:%d: %s: no fix offered: %s", n.Path, n.Range.Start.Line, n.Range.Start.Col, n.Rule, n.Why)
}

// noteText returns why, which may quote the file (a value, a command, a finding's message), with
// its control characters escaped and its length bounded like a finding's message.
func noteText(why string) string {
	var b strings.Builder
	for i := 0; i < len(why); {
		r, size := utf8.DecodeRuneInString(why[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", why[i])
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteString(why[i : i+size])
		}
		i += size
	}
	return finding.ElideMessage(b.String())
}

// Fixed is a file whose fixes were applied (Linter.Fix): its bytes before and after, and the
// findings that the fixes resolved (in the positions of Before).
type Fixed struct {
	Path          string
	Before, After []byte
	Resolved      []*finding.Finding
}

// lintFile lints a parsed file and verifies the fixes of its findings, dropping those that
// fail (notes say why).
func (l *Linter) lintFile(src *source.Source, pf *parsed, fs *FileSettings) ([]*finding.Finding, []FixNote) {
	all := l.check(src, pf, fs)
	var fixable []*finding.Finding
	for _, f := range all {
		if f.Fix != nil {
			fixable = append(fixable, f)
		}
	}
	if len(fixable) == 0 {
		return all, nil
	}
	drop := func(why string) []FixNote {
		for _, f := range fixable {
			f.Fix = nil
		}
		return []FixNote{{Path: src.Path, Why: why}}
	}
	if len(src.Data) > MaxFixFileSize {
		return all, drop(fmt.Sprintf("the file is over %d KiB: its fixes are not verified, so none is offered", MaxFixFileSize>>10))
	}
	if id := cappedRule(all, fs.limits().MaxFindings); id != "" {
		// Once one is fixed, a finding past the cap shows: nothing can be told from the lint of
		// a fixed file.
		return all, drop(fmt.Sprintf("it has more findings of %s than are shown (limits.max-findings-per-rule): its fixes cannot be verified, so none is offered", id))
	}
	// Each fix is verified alone (a fix is offered, and may be applied, by itself): a lint of
	// the file each, within a budget of text linted.
	n := max(MaxFixesVerified, MaxFixVerifyBytes/max(len(src.Data), 1))
	var notes []FixNote
	if len(fixable) > n {
		for _, f := range fixable[n:] {
			f.Fix = nil
		}
		notes = append(notes, FixNote{Path: src.Path, Why: fmt.Sprintf("only the first %d of its %d fixes are verified and offered: fix them and lint again for the rest", n, len(fixable))})
		fixable = fixable[:n]
	}
	shape := newShape(src, pf.kind, pf.shape)
	if pf.kind == KindBuildspec {
		shape.shape.Reuse(pf.specs)
	}
	// Findings that one plan fixes (the packages of one install) carry the same edits: the
	// fixed text is linted once for all of them, and compared with each.
	type linted struct {
		edits []finding.Edit
		fl    *fixedLint
	}
	var lints []linted // a few: a file's fixes are bounded
	for _, f := range fixable {
		edits := finding.FixEdits([]*finding.Finding{f})
		var fl *fixedLint
		for _, x := range lints {
			if slices.Equal(x.edits, edits) {
				fl = x.fl
				break
			}
		}
		if fl == nil {
			fl = l.lintFixed(src, shape, fs, edits)
			lints = append(lints, linted{edits, fl})
		}
		if err := fl.compare(all, []*finding.Finding{f}); err != nil {
			f.Fix = nil
			notes = append(notes, FixNote{Path: src.Path, Range: f.Range, Rule: f.RuleID(), Why: noteText(err.Error())})
		}
	}
	return all, notes
}

// cappedRule returns the first rule of findings that has more than max findings (those over
// the cap are summed up in one more), or "".
func cappedRule(findings []*finding.Finding, max int) string {
	n := map[string]int{}
	for _, f := range findings {
		if n[f.RuleID()]++; n[f.RuleID()] > max {
			return f.RuleID()
		}
	}
	return ""
}

// MaxFixFileSize is the largest file whose fixes are verified and offered (256 KiB: real
// buildspecs are a few KiB). Verifying a fix lints the file again.
const MaxFixFileSize = 256 << 10

// MaxFixesVerified and MaxFixVerifyBytes bound the fixes of one file that are verified (each
// alone, a lint of the file each): MaxFixesVerified, or as many as fit in MaxFixVerifyBytes of
// text linted when that is more (32 in a 16 KiB file). The fixes past it are not offered.
const (
	MaxFixesVerified  = 16
	MaxFixVerifyBytes = 512 << 10
)

// fixFile applies the (verified) fixes of findings to src together and verifies the result. It
// returns the fixed bytes, or nil and a note when there is nothing to fix or the fixes cannot be
// applied together: then the file is left as it is.
func (l *Linter) fixFile(src *source.Source, fs *FileSettings, kind Kind, findings []*finding.Finding) (*Fixed, *FixNote) {
	var fixed []*finding.Finding
	for _, f := range findings {
		if f.Fix != nil {
			fixed = append(fixed, f)
		}
	}
	if len(fixed) == 0 {
		return nil, nil
	}
	// One fix was verified alone already, in this file with these findings (lintFile).
	if len(fixed) > 1 {
		if err := l.verify(src, newShape(src, kind, nil), fs, findings, fixed); err != nil {
			return nil, &FixNote{Path: src.Path, Why: noteText(err.Error())}
		}
	}
	after, _, err := finding.ApplyEdits(src.Data, finding.FixEdits(fixed))
	if err != nil {
		return nil, &FixNote{Path: src.Path, Why: noteText(err.Error())}
	}
	return &Fixed{Path: src.Path, Before: src.Data, After: after, Resolved: fixed}, nil
}

// findingKey identifies a finding across an edit: its rule and its range in the file before.
type fixKey struct {
	rule       string
	start, end int
}

// verify applies the fixes of fixed to src and checks the result (see the top of this file).
// shape is src's YAML, before are all the findings of src.
func (l *Linter) verify(src *source.Source, shape *fileShape, fs *FileSettings, before, fixed []*finding.Finding) error {
	return l.lintFixed(src, shape, fs, finding.FixEdits(fixed)).compare(before, fixed)
}

// fixedLint is src with edits applied, linted: what the verification of the fixes that make
// those edits compares with src's findings. err says why the fixed text fails before that.
type fixedLint struct {
	changes  source.Changes
	findings []*finding.Finding
	err      error
}

// lintFixed applies edits to src and lints the result, checking on the way what does not
// depend on which findings the edits fix (see the top of this file).
func (l *Linter) lintFixed(src *source.Source, shape *fileShape, fs *FileSettings, edits []finding.Edit) *fixedLint {
	fl, err := l.lintFixedText(src, shape, fs, edits)
	if err != nil {
		return &fixedLint{err: err}
	}
	return fl
}

func (l *Linter) lintFixedText(src *source.Source, shape *fileShape, fs *FileSettings, edits []finding.Edit) (*fixedLint, error) {
	for _, e := range edits {
		// Outputs print an edit's lines and columns: they must agree with its offsets.
		if !e.Range.IsValid() {
			return nil, fmt.Errorf("an edit is outside the file (it has no position)")
		}
		if err := src.CheckRange(e.Range); err != nil {
			return nil, fmt.Errorf("an edit is not a range of the file: %v", err)
		}
	}
	after, changes, err := finding.ApplyEdits(src.Data, edits)
	if err != nil {
		return nil, err
	}
	if err := sameLineEnds(src.Data, after, changes); err != nil {
		return nil, err
	}
	if len(after) > MaxFixFileSize {
		return nil, fmt.Errorf("the fixed file would be over %d KiB", MaxFixFileSize>>10)
	}
	asrc := source.NewSource(src.Path, after)
	pf, err := shape.parse(asrc, fs, changes)
	if err != nil {
		return nil, fmt.Errorf("the fixed file would not decode to the same YAML (%v)", err)
	}
	for _, u := range pf.units {
		for _, cmd := range allCommands(u.spec) {
			if cmd.Script == nil || cmd.Script.Err == nil || !changes.TouchesNew(cmd.Range.Start.Offset, cmd.Range.End.Offset) {
				continue
			}
			return nil, fmt.Errorf("the fixed command would not be valid shell (%s: %s)", cmd.Script.Err.Range.Start, cmd.Script.Err.Message)
		}
	}
	return &fixedLint{changes: changes, findings: l.quiet().check(asrc, pf, fs)}, nil
}

// compare checks the findings of the fixed text against before, all the findings of the file,
// less fixed, those that the edits fix (see the top of this file).
func (fl *fixedLint) compare(before, fixed []*finding.Finding) error {
	if fl.err != nil {
		return fl.err
	}
	left := map[fixKey]int{}
	for _, f := range before {
		left[fixKey{f.RuleID(), f.Range.Start.Offset, f.Range.End.Offset}]++
	}
	for _, f := range fixed {
		left[fixKey{f.RuleID(), f.Range.Start.Offset, f.Range.End.Offset}]--
	}
	for _, g := range fl.findings {
		k, match := oldKey(g, fl.changes, left)
		switch match {
		case matchNone:
			return fmt.Errorf("the fixed file would raise %s at %s: %s", g.RuleID(), g.Range.Start, g.Message)
		case matchFixed:
			return fmt.Errorf("the fixed file would still raise %s at %s", g.RuleID(), g.Range.Start)
		}
		left[k]--
	}
	return nil
}

// How a finding of the fixed file matches the findings before the fix.
const (
	matchNone  = iota // a new finding
	matchLeft         // one that was there and is not fixed
	matchFixed        // one that the fixes should have resolved
)

// oldKey maps a finding of the fixed file back to a finding that the file had before the
// changes: one still unmatched in left (count > 0, matchLeft), else one already matched or
// fixed (matchFixed), else none.
func oldKey(g *finding.Finding, changes source.Changes, left map[fixKey]int) (fixKey, int) {
	slo, shi, ok1 := oldOffset(changes, g.Range.Start.Offset)
	elo, ehi, ok2 := oldOffset(changes, g.Range.End.Offset)
	if !ok1 || !ok2 {
		return fixKey{}, matchNone
	}
	match := matchNone
	for _, s := range [2]int{slo, shi} {
		for _, e := range [2]int{elo, ehi} {
			k := fixKey{g.RuleID(), s, e}
			n, seen := left[k]
			if !seen {
				continue
			}
			if n > 0 {
				return k, matchLeft
			}
			match = matchFixed
		}
	}
	return fixKey{}, match
}

// oldOffset is changes.Old, and for an offset inside a replaced text (a finding anchored in a
// renamed key, which stays where it was) changes.OldRelative.
func oldOffset(changes source.Changes, off int) (lo, hi int, ok bool) {
	if lo, hi, ok = changes.Old(off); ok {
		return lo, hi, true
	}
	o, ok := changes.OldRelative(off)
	return o, o, ok
}

// sameLineEnds checks that the changes keep the file's BOM and its line ends: a file whose lines
// all end in CRLF gets no lone LF, and one whose lines all end in LF no CRLF.
func sameLineEnds(before, after []byte, changes source.Changes) error {
	bom := []byte("\ufeff")
	if bytes.HasPrefix(before, bom) && !bytes.HasPrefix(after, bom) {
		return fmt.Errorf("the fix would remove the file's byte order mark")
	}
	crlf := bytes.Count(before, []byte("\r\n"))
	lf := bytes.Count(before, []byte("\n"))
	if lf == 0 || (crlf > 0 && crlf < lf) {
		return nil // no line end yet, or mixed: nothing to keep
	}
	for _, c := range changes {
		// The new text and a byte on each side (a line end may straddle an edge).
		lo, hi := max(c.NewStart-1, 0), min(c.NewEnd+1, len(after))
		for i := lo; i < hi; i++ {
			if after[i] != '\n' {
				continue
			}
			cr := i > 0 && after[i-1] == '\r'
			if crlf > 0 && !cr {
				return fmt.Errorf("the fix would end a line with LF in a file whose lines end with CRLF")
			}
			if crlf == 0 && cr {
				return fmt.Errorf("the fix would end a line with CRLF in a file whose lines end with LF")
			}
		}
	}
	return nil
}

// quiet returns l without its Observe: a text that is only verified, or the fixed text of a file
// that was observed already, is not another file of the run.
func (l *Linter) quiet() *Linter {
	if l.Observe == nil {
		return l
	}
	q := *l
	q.Observe = nil
	return &q
}

// allCommands returns every command of a document, in file order of its phases.
func allCommands(spec *buildspec.Buildspec) []*buildspec.Command {
	var out []*buildspec.Command
	for _, p := range spec.Phases {
		out = append(out, p.Commands...)
		out = append(out, p.Finally...)
	}
	return out
}
