package lint

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// ignorer applies a file's ignore directives to its findings one at a time, as they are
// reported. Looking a finding up costs O(log n) in the number of directives, and each directive
// name is marked used once, so that a file full of directives costs time in proportion to its
// size rather than to directives times findings.
type ignorer struct {
	ds []*buildspec.Directive
	// ids[k][i] is the rule ID that value i of ds[k] names ("": no rule).
	ids [][]string
	// used[k][i] says whether value i of ds[k] suppressed a finding, and anyUsed[k] whether
	// one of its values did. The directives themselves are the parser's and are not written.
	used    [][]bool
	anyUsed []bool
	// file are the ignore-file names by rule ID, with those not yet marked used.
	file map[string][]valueRef
	// lines are the ignore spans by rule ID.
	lines map[string]*spanIndex
}

// valueRef is value i of a directive: used says which of its values suppressed a finding, and
// any whether one did.
type valueRef struct {
	used []bool
	any  *bool
	i    int
}

func (v valueRef) markUsed() {
	*v.any = true
	v.used[v.i] = true
}

// newIgnorer indexes the ignore and ignore-file directives of ds.
func newIgnorer(ds []*buildspec.Directive, rules RuleSet) *ignorer {
	ig := &ignorer{ds: ds, ids: make([][]string, len(ds)), used: make([][]bool, len(ds)), anyUsed: make([]bool, len(ds)), file: map[string][]valueRef{}}
	var lookup func(string) *Rule
	spans := map[string][]spanRef{}
	for k, d := range ds {
		if d.Kind != buildspec.DirectiveIgnore && d.Kind != buildspec.DirectiveIgnoreFile {
			continue
		}
		if lookup == nil {
			lookup = ruleLookup(rules)
		}
		ig.used[k] = make([]bool, len(d.Values))
		ig.ids[k] = make([]string, len(d.Values))
		for i, v := range d.Values {
			r := lookup(v)
			if r == nil {
				continue
			}
			ig.ids[k][i] = r.ID
			ref := valueRef{ig.used[k], &ig.anyUsed[k], i}
			if d.Kind == buildspec.DirectiveIgnoreFile {
				ig.file[r.ID] = append(ig.file[r.ID], ref)
				continue
			}
			for _, s := range d.Covers {
				spans[r.ID] = append(spans[r.ID], spanRef{s, ref})
			}
		}
	}
	ig.lines = make(map[string]*spanIndex, len(spans))
	for id, ss := range spans {
		ig.lines[id] = newSpanIndex(ss)
	}
	return ig
}

// ruleLookup returns RuleSet.Lookup over a map, for files with many directive names.
func ruleLookup(rules RuleSet) func(string) *Rule {
	byName := make(map[string]*Rule, 2*len(rules))
	for _, r := range rules {
		byName[r.Name] = r
	}
	byID := make(map[string]*Rule, len(rules))
	for _, r := range rules {
		byID[strings.ToUpper(r.ID)] = r
	}
	return func(v string) *Rule {
		if r := byID[strings.ToUpper(v)]; r != nil && strings.EqualFold(r.ID, v) {
			return r
		}
		if r := byName[v]; r != nil {
			return r
		}
		return rules.Lookup(v) // what the maps cannot tell (case folding beyond ASCII)
	}
}

// suppress reports whether the directives suppress f, and marks the names that do as used.
func (ig *ignorer) suppress(f *finding.Finding) bool {
	return ig.suppressAt(f.RuleID(), f.Range.Start.Line)
}

// suppressAt reports whether the directives suppress a finding of rule id that starts on line,
// and marks the names that do as used.
func (ig *ignorer) suppressAt(id string, line int) bool {
	if id == "" {
		return false
	}
	suppressed := false
	if refs, ok := ig.file[id]; ok {
		for _, ref := range refs {
			ref.markUsed()
		}
		ig.file[id] = nil // still present: the rule stays ignored
		suppressed = true
	}
	if idx := ig.lines[id]; idx != nil && idx.mark(line) {
		suppressed = true
	}
	return suppressed
}

// unused returns the findings of the directives that suppressed nothing (the ignores, or the
// names in them) as findings of the rule of rules that reports them (Rule.UnusedIgnores), when
// there is one and it is enabled.
func (ig *ignorer) unused(src *source.Source, rules RuleSet, settings *FileSettings) []*finding.Finding {
	i := slices.IndexFunc(rules, func(r *Rule) bool { return r.UnusedIgnores })
	if i < 0 || !settings.enabled(&rules[i].Rule) {
		return nil
	}
	unused := rules[i]
	sev := settings.severity(unused.ID, unused.Severity)
	var out []*finding.Finding
	for k, d := range ig.ds {
		if d.Kind != buildspec.DirectiveIgnore && d.Kind != buildspec.DirectiveIgnoreFile {
			continue
		}
		// Unknown rules are unknown-rule-in-ignore's; ignores of rules the config turns off are not stale.
		var stale []int
		known := 0
		for i := range d.Values {
			id := ig.ids[k][i]
			if r := rules.Lookup(id); id == "" || r == nil || !settings.enabled(&r.Rule) {
				continue
			}
			known++
			if !ig.used[k][i] {
				stale = append(stale, i)
			}
		}
		if len(stale) == 0 {
			continue
		}
		f := &finding.Finding{Path: src.Path, Rule: &unused.Rule, Severity: sev, Source: src}
		if len(stale) == known && !ig.anyUsed[k] {
			f.Range = d.Range
			f.Message = fmt.Sprintf("this %s directive suppressed no finding: remove it (or check the rule and the line it is on)", d.Kind)
		} else {
			f.Range = d.ValueRanges[stale[0]]
			names := make([]string, len(stale))
			for n, i := range stale {
				names[n] = d.Values[i]
			}
			f.Message = finding.ElideMessage(fmt.Sprintf("%s suppressed no finding here: remove it from this %s directive", strings.Join(names, ", "), d.Kind))
		}
		out = append(out, f)
	}
	return out
}

// spanRef is a span of lines that a directive name covers.
type spanRef struct {
	span buildspec.LineSpan
	ref  valueRef
}

// spanIndex finds the spans that cover a line. covered is the union of the spans (sorted,
// disjoint), which says whether any span covers a line; spans are sorted by first line, and
// tree is a segment tree of their last lines (the largest of each range; -1 once used), which
// finds each span still unused that covers a line, once.
type spanIndex struct {
	covered []buildspec.LineSpan
	spans   []spanRef
	tree    []int
	n       int // leaves
}

func newSpanIndex(ss []spanRef) *spanIndex {
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].span.First < ss[j].span.First })
	x := &spanIndex{spans: ss}
	for _, s := range ss {
		if k := len(x.covered) - 1; k >= 0 && s.span.First <= x.covered[k].Last+1 {
			x.covered[k].Last = max(x.covered[k].Last, s.span.Last)
		} else {
			x.covered = append(x.covered, s.span)
		}
	}
	x.n = 1
	for x.n < len(ss) {
		x.n *= 2
	}
	x.tree = make([]int, 2*x.n)
	for i := range x.tree {
		x.tree[i] = -1
	}
	for i, s := range ss {
		x.tree[x.n+i] = s.span.Last
	}
	for i := x.n - 1; i >= 1; i-- {
		x.tree[i] = max(x.tree[2*i], x.tree[2*i+1])
	}
	return x
}

// mark reports whether a span covers line, and marks the names of the spans that cover it used.
func (x *spanIndex) mark(line int) bool {
	k := sort.Search(len(x.covered), func(i int) bool { return x.covered[i].First > line }) - 1
	if k < 0 || x.covered[k].Last < line {
		return false
	}
	// Spans [0, m) start at or before line; those whose last line is at or after it cover it.
	m := sort.Search(len(x.spans), func(i int) bool { return x.spans[i].span.First > line })
	for {
		i := x.find(1, 0, x.n, m, line)
		if i < 0 {
			return true
		}
		x.spans[i].ref.markUsed()
		x.tree[x.n+i] = -1
		for p := (x.n + i) / 2; p >= 1; p /= 2 {
			x.tree[p] = max(x.tree[2*p], x.tree[2*p+1])
		}
	}
}

// find returns the first leaf below node (which spans leaves [lo, hi)) before leaf m whose value
// is at least line, or -1.
func (x *spanIndex) find(node, lo, hi, m, line int) int {
	if lo >= m || x.tree[node] < line {
		return -1
	}
	if hi-lo == 1 {
		return lo
	}
	mid := (lo + hi) / 2
	if i := x.find(2*node, lo, mid, m, line); i >= 0 {
		return i
	}
	return x.find(2*node+1, mid, hi, m, line)
}
