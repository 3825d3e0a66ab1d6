package lint

import (
	"container/heap"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
)

// FileSettings are what the configuration says for one file.
type FileSettings struct {
	// Disabled rules, by ID.
	Disabled map[string]bool
	// Severity overrides, by ID. SeverityNone disables the rule.
	Severity map[string]finding.Severity
	// Image is the build image's inventory; nil when none is configured.
	Image *image.Inventory
	// ImageFor, when set, resolves an image named by a `# buildspec-lint image=NAME` directive.
	ImageFor func(name string) (*image.Inventory, error)
	// Limits for the parser.
	Limits *buildspec.Limits
	// MaxFileSize bounds the file's size when it is read from disk (0: Linter.MaxFileSize).
	MaxFileSize int64
	// Runner, when set, returns the inventory a workflow job's commands run with in env (its
	// runs-on labels and container), with Inventory.Runner set; nil when nothing is known of it.
	// Unset, workflow jobs are linted with no image.
	Runner func(env *workflow.Env) *image.Inventory
	// Callers are the environments of the jobs that call the file, a composite action, with
	// uses: ./DIR (nil: none known; its steps are then linted with no image).
	Callers []*workflow.Env
	// NoWorkflows says that workflows and composite actions are not linted (workflows: false in
	// the configuration): such a file is skipped.
	NoWorkflows bool
}

// enabled reports whether rule r runs: neither disabled nor set to severity none, and, for a
// rule that is off by default (Off), given a severity.
func (fs *FileSettings) enabled(r *finding.Rule) bool {
	if fs.Disabled[r.ID] {
		return false
	}
	sev, ok := fs.Severity[r.ID]
	if !ok {
		return !r.Off
	}
	return sev != finding.SeverityNone
}

// severity returns the severity of a finding of the rule with this ID: the configured
// override, or def (the rule's default).
func (fs *FileSettings) severity(id string, def finding.Severity) finding.Severity {
	if sev, ok := fs.Severity[id]; ok {
		return sev
	}
	return def
}

// Input is one file to lint. Data is read from Path when nil.
type Input struct {
	Path string
	Data []byte
	// Regular says that discovery saw a regular file at Path (its directory entry's type), so
	// that reading it skips the stat before the open (ReadOpenedRegularFile).
	Regular bool
	// Discovered says that the file was found by searching, not named as a buildspec: when its
	// YAML is clearly another format (OtherFormat), it is skipped instead of linted.
	Discovered bool
	// Embed, when set, is a buildspec written inside another file (Path, a template): its Text is
	// linted, and the findings are placed in the host file. They carry no fixes (an edit of the
	// text would have to be written in the host's quoting).
	Embed *buildspec.Embedded
	// Settings, when set, are the file's settings, instead of Linter.Settings(Path): a buildspec
	// bound to a project gets that project's image this way.
	Settings *FileSettings
	// Kind is what the file is; KindAuto decides from its path and content (DetectKind).
	Kind Kind
}

// Skipped is a discovered file that was not linted because its content is another format.
type Skipped struct {
	Path string
	// Format names what the file is instead ("a GitHub Actions workflow (on and jobs)").
	Format string
}

// InputError is a file that could not be linted at all (missing, unreadable, not a regular
// file, or a configuration error for it). Everything about a file's content is a Finding instead.
type InputError struct {
	Path string
	Err  error
}

func (e *InputError) Error() string { return e.Path + ": " + e.Err.Error() }

// InternalError is a panic in the linter while it read one file: a bug, reported with exit 3.
type InternalError struct {
	Value any
}

func (e *InternalError) Error() string { return fmt.Sprintf("internal error: %v", e.Value) }

// Result is the outcome of a run.
type Result struct {
	Findings []*finding.Finding
	Errors   []*InputError
	// Files is how many files were linted (skipped files are not counted).
	Files int
	// Skipped are the discovered files that were not buildspecs, in input order.
	Skipped []Skipped
	// FixNotes say which fixes were not offered and which files were not fixed, and why.
	FixNotes []FixNote
	// Fixed are the files whose fixes were applied (Linter.ApplyFixes), in input order; their
	// findings in Findings are those left in the fixed text.
	Fixed []*Fixed
}

// Linter runs rules over files.
type Linter struct {
	Rules RuleSet
	// Jobs is how many files are linted at once (0: all CPUs).
	Jobs int
	// Settings returns the settings for a file (nil: defaults). An error is an input error.
	Settings func(path string) (*FileSettings, error)
	// MaxFileSize bounds the size of a file read from disk (0: DefaultMaxFileSize), unless its
	// FileSettings say otherwise. Both are clamped to fsutil.MaxFileSizeLimit.
	MaxFileSize int64
	// Observe, when set, is called with each linted file's documents and the image they were
	// linted with (nil: none), after the rules, on the goroutine that linted the file (files are
	// linted in parallel). It sees what the run already parsed, so nothing is read twice.
	Observe func(src *source.Source, specs []*buildspec.Buildspec, image *image.Inventory)
	// ApplyFixes makes Run apply the verified fixes of each file together (Fix): Result.Fixed
	// holds the fixed texts, and the findings are those left in them. Run writes no file.
	ApplyFixes bool
}

// DefaultMaxFileSize is the largest buildspec read by default (4 MiB). Real buildspecs are a
// few kilobytes; the parsed model costs up to about 100 times the file's size in memory (a flow
// list spends a YAML node on every two bytes), so this bounds one file at a few hundred MB.
// Configurable as limits.max-file-size.
const DefaultMaxFileSize = 4 << 20

// Run lints inputs in parallel and returns findings sorted by file, line, column and rule.
func (l *Linter) Run(inputs []Input) *Result {
	jobs := l.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	type out struct {
		findings []*finding.Finding
		err      *InputError
		skipped  string // the other format of a skipped file
		notes    []FixNote
		fixed    *Fixed
	}
	outs := make([]out, len(inputs))
	lintOne := func(i int) (o out) {
		defer func() {
			if r := recover(); r != nil {
				o = out{err: &InputError{Path: inputs[i].Path, Err: &InternalError{Value: r}}}
			}
		}()
		o.findings, o.skipped, o.notes, o.fixed, o.err = l.lintInput(inputs[i])
		if o.fixed == nil {
			// The findings wait for the output (those of a fixed file are also its Resolved).
			o.findings = finding.Pack(o.findings)
		}
		return o
	}
	// jobs workers take the next file until none is left. (A goroutine per file grew a new
	// stack for every file: 5% of a monorepo run was spent copying stacks.)
	if jobs == 1 || len(inputs) == 1 {
		// One at a time on this goroutine, whose stack has grown already: a new goroutine's
		// would be copied three times as it grows through the parsers (a one-file run).
		for i := range inputs {
			outs[i] = lintOne(i)
		}
		jobs = 0
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(jobs, len(inputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(inputs) {
					return
				}
				outs[i] = lintOne(i)
			}
		}()
	}
	wg.Wait()
	res := &Result{}
	for i, o := range outs {
		if o.err != nil {
			res.Errors = append(res.Errors, o.err)
			continue
		}
		if o.skipped != "" {
			res.Skipped = append(res.Skipped, Skipped{Path: inputs[i].Path, Format: o.skipped})
			continue
		}
		res.Files++
		res.Findings = append(res.Findings, o.findings...)
		res.FixNotes = append(res.FixNotes, o.notes...)
		if o.fixed != nil {
			res.Fixed = append(res.Fixed, o.fixed)
		}
	}
	finding.Sort(res.Findings)
	return res
}

// lintInput lints one input; a discovered file of another format is skipped (its format named).
// With ApplyFixes it also fixes it: the findings are then those of the fixed text.
func (l *Linter) lintInput(in Input) ([]*finding.Finding, string, []FixNote, *Fixed, *InputError) {
	fs := in.Settings
	if fs == nil && l.Settings != nil {
		var err error
		fs, err = l.Settings(in.Path)
		if err != nil {
			return nil, "", nil, nil, &InputError{Path: in.Path, Err: err}
		}
	}
	if in.Embed != nil {
		return l.lintEmbedded(in, fs), "", nil, nil, nil
	}
	data := in.Data
	if data == nil {
		max := l.MaxFileSize
		if fs != nil && fs.MaxFileSize > 0 {
			max = fs.MaxFileSize
		}
		var err error
		data, err = l.readFile(in.Path, max, in.Regular)
		if err != nil {
			return nil, "", nil, nil, &InputError{Path: in.Path, Err: err}
		}
	}
	src := source.NewSource(in.Path, data)
	fs, pf := parseKind(src, fs, in.Kind)
	if pf.skip != "" {
		return nil, pf.skip, nil, nil, nil
	}
	if in.Discovered && pf.kind == KindBuildspec {
		if other := OtherFormat(pf.specs); other != "" {
			return nil, other, nil, nil, nil
		}
	}
	findings, notes := l.lintFile(src, pf, fs)
	if pf.shape != nil {
		// Nothing reads the file's YAML after its lint: the next file may reuse its memory.
		pf.shape.Release()
		pf.shape = nil
	}
	if !l.ApplyFixes {
		return findings, "", notes, nil, nil
	}
	fixed, left, more := l.fixLinted(src, fs, pf.kind, findings)
	return left, "", append(notes, more...), fixed, nil
}

// lintEmbedded lints a buildspec written inside another file and places its findings there. A
// finding on text that the host fills in (a Terraform interpolation's placeholder) is dropped:
// it is about a value that is not known.
func (l *Linter) lintEmbedded(in Input, fs *FileSettings) []*finding.Finding {
	src := source.NewSource(in.Path, []byte(in.Embed.Text))
	fs, pf := parse(src, fs)
	findings := l.check(src, pf, fs)
	kept := findings[:0]
	for _, f := range findings {
		if in.Embed.Unknown(f.Range.Start.Offset, f.Range.End.Offset) {
			continue
		}
		f.Range = in.Embed.HostRange(f.Range)
		f.Source = in.Embed.Host
		f.Fix = nil
		kept = append(kept, f)
	}
	finding.Sort(kept)
	return kept
}

// OtherFormat names the format of a file that is clearly not a buildspec, or returns "": every
// document that is not empty has a top level of another format (Buildspec.OtherFormat), and
// the file is valid YAML. An empty file, a file with a syntax error, and a file with at least one
// document that may be a buildspec are buildspecs, to be linted.
func OtherFormat(specs []*buildspec.Buildspec) string {
	other := ""
	for _, b := range specs {
		for _, pr := range b.Problems {
			if pr.Kind == buildspec.YAMLSyntax {
				return ""
			}
		}
		if !b.Root.IsValid() || b.Root.Start.Offset == b.Root.End.Offset {
			continue // an empty document (a trailing ---): neither way
		}
		if b.OtherFormat == "" {
			return ""
		}
		if other == "" {
			other = b.OtherFormat
		}
	}
	return other
}

func (l *Linter) readFile(path string, max int64, regular bool) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxFileSize
	}
	max = min(max, fsutil.MaxFileSizeLimit)
	read := fsutil.ReadRegularFile
	if regular {
		read = fsutil.ReadSeenRegularFile
	}
	data, err := read(path, max)
	var se *fsutil.SizeError
	if errors.As(err, &se) {
		return nil, fmt.Errorf("%v (raise limits.max-file-size in .buildspec-lint.yaml to lint it)", err)
	}
	return data, err
}

// Lint lints one file's source with the given settings (nil: defaults). Only verified fixes
// are kept.
func (l *Linter) Lint(src *source.Source, fs *FileSettings) []*finding.Finding {
	fs, pf := parseKind(src, fs, KindAuto)
	findings, _ := l.lintFile(src, pf, fs)
	return findings
}

// LintFixes is Lint, and also says which fixes were not offered, and why.
func (l *Linter) LintFixes(src *source.Source, fs *FileSettings) ([]*finding.Finding, []FixNote) {
	fs, pf := parseKind(src, fs, KindAuto)
	return l.lintFile(src, pf, fs)
}

// Fix lints src and applies its verified fixes together. It returns the fixed file (nil when
// nothing was fixed), the findings left (in the fixed text when it was fixed), and why fixes
// were not offered or applied.
func (l *Linter) Fix(src *source.Source, fs *FileSettings) (*Fixed, []*finding.Finding, []FixNote) {
	fs, pf := parseKind(src, fs, KindAuto)
	findings, notes := l.lintFile(src, pf, fs)
	fixed, left, more := l.fixLinted(src, fs, pf.kind, findings)
	return fixed, left, append(notes, more...)
}

// fixLinted applies the fixes of a linted file's findings and lints the result.
func (l *Linter) fixLinted(src *source.Source, fs *FileSettings, kind Kind, findings []*finding.Finding) (*Fixed, []*finding.Finding, []FixNote) {
	fixed, note := l.fixFile(src, fs, kind, findings)
	if note != nil {
		return nil, findings, []FixNote{*note}
	}
	if fixed == nil {
		return nil, findings, nil
	}
	asrc := source.NewSource(src.Path, fixed.After)
	_, pf := parseKind(asrc, fs, kind)
	left, notes := l.quiet().lintFile(asrc, pf, fs)
	return fixed, left, notes
}

// parse parses src as a buildspec with the limits of fs, and returns fs (defaults when nil) and
// the file.
func parse(src *source.Source, fs *FileSettings) (*FileSettings, *parsed) {
	if fs == nil {
		fs = &FileSettings{}
	}
	return fs, buildspecFile(src, buildspec.ParseWithLimits(src, fs.limits()), fs)
}

// limits returns the limits of fs, the defaults filled in.
func (fs *FileSettings) limits() buildspec.Limits {
	lim := buildspec.DefaultLimits
	if fs.Limits != nil {
		lim = *fs.Limits
	}
	return lim.WithDefaults()
}

// check runs the rules over a parsed file's units.
func (l *Linter) check(src *source.Source, pf *parsed, fs *FileSettings) []*finding.Finding {
	ds := pf.directives
	// Findings are filtered as they are reported, so that a file that raises millions of them
	// costs memory for the few thousand that are kept.
	ig := newIgnorer(ds, l.Rules)
	kept := newCollector(fs.limits().MaxFindings)
	report := func(f *finding.Finding) {
		if !ig.suppress(f) {
			kept.add(f)
		}
	}
	run := func(u *unit, report func(*finding.Finding)) {
		passes := make([]Pass, len(l.Rules)) // one allocation for the document's passes
		shared := &passShared{}
		for i, r := range l.Rules {
			if !fs.enabled(&r.Rule) || (pf.kind != KindBuildspec && !r.Workflows) {
				continue
			}
			p := &passes[i]
			*p = Pass{Rule: r, Spec: u.spec, Image: u.image, ImageErr: u.imageErr, report: report, shared: shared}
			if len(r.Problems) > 0 {
				p.reportProblems()
			}
			if r.Check != nil {
				r.Check(p)
			}
		}
	}
	for i := 0; i < len(pf.units); {
		j := i + 1
		for j < len(pf.units) && pf.units[j].group == pf.units[i].group {
			j++
		}
		if j-i == 1 {
			run(&pf.units[i], report)
		} else {
			mergeVariants(pf.units[i:j], run, report)
		}
		i = j
	}
	if l.Observe != nil && pf.kind == KindBuildspec {
		var image *image.Inventory
		if len(pf.units) > 0 {
			image = pf.units[0].image
		}
		l.Observe(src, pf.specs, image)
	}
	specs := pf.specs
	// The problems the parser only counted (past the cap) are counted here, unless ignored.
	var byKind map[buildspec.ProblemKind]*Rule // built for the files that have some
	for _, spec := range specs {
		if len(spec.OverProblems) > 0 && byKind == nil {
			byKind = problemRules(l.Rules)
		}
		for _, pr := range spec.OverProblems {
			r := byKind[pr.Kind]
			if r == nil || !fs.enabled(&r.Rule) {
				continue
			}
			rng := src.Range(pr.Start, pr.End)
			if !ig.suppressAt(r.ID, rng.Start.Line) {
				kept.overHash(&finding.Finding{Rule: &r.Rule, Severity: r.Severity, Range: rng, Source: src}, pr.Hash)
			}
		}
	}
	for _, f := range ig.unused(src, l.Rules, fs) {
		kept.add(f)
	}
	all := kept.findings()
	for _, f := range all {
		f.Path = src.Path
		f.Severity = fs.severity(f.RuleID(), f.Severity)
	}
	finding.Sort(all)
	return all
}

// problemRules maps each kind of parser problem to the rule of rules that reports it (the first,
// should two).
func problemRules(rules RuleSet) map[buildspec.ProblemKind]*Rule {
	byKind := map[buildspec.ProblemKind]*Rule{}
	for _, r := range rules {
		for _, k := range r.Problems {
			if byKind[k] == nil {
				byKind[k] = r
			}
		}
	}
	return byKind
}

// imageDirective returns the first image= directive of ds (nil: none).
func imageDirective(ds []*buildspec.Directive) *buildspec.Directive {
	for _, d := range ds {
		if d.Kind == buildspec.DirectiveImage {
			return d
		}
	}
	return nil
}

// collector keeps the findings of one file: each once (an aliased command is seen once per use,
// with the same rule, range and message), and at most max of each rule, the first ones in file
// order. The rest of a rule's findings are counted and summed up by one more finding of that
// rule, at the first of them.
type collector struct {
	max   int
	rules map[string]*ruleFindings
	order []string
}

// ruleFindings are the findings of one rule in one file.
type ruleFindings struct {
	// kept is a heap of the findings kept, the last in file order on top; keys are theirs, made
	// when kept grows past smallRule (below, kept is searched in place).
	kept findingHeap
	keys map[findingKey]bool
	// over holds a hash of each finding past the cap (so a repeat is not counted twice), and
	// first is the first of them in file order.
	over     map[uint64]struct{}
	first    finding.Finding
	hasFirst bool
}

type findingKey struct {
	rule       string
	start, end int
	msg        string
}

func keyOf(f *finding.Finding) findingKey {
	return findingKey{f.RuleID(), f.Range.Start.Offset, f.Range.End.Offset, f.Message}
}

func newCollector(max int) *collector {
	return &collector{max: max, rules: map[string]*ruleFindings{}}
}

func (c *collector) rule(id string) *ruleFindings {
	rf := c.rules[id]
	if rf == nil {
		rf = &ruleFindings{}
		c.rules[id] = rf
		c.order = append(c.order, id)
	}
	return rf
}

// add keeps f, or counts it when it is over the cap.
func (c *collector) add(f *finding.Finding) {
	rf := c.rule(f.RuleID())
	k := keyOf(f)
	if rf.has(k) {
		return
	}
	if len(rf.kept) >= c.max {
		if f.Less(rf.kept[0]) {
			// f comes before the last one kept: keep f, and count that one instead.
			last := heap.Pop(&rf.kept).(*finding.Finding)
			if rf.keys != nil {
				delete(rf.keys, keyOf(last))
			}
			c.over(rf, last)
		} else {
			c.over(rf, f)
			return
		}
	}
	if rf.keys == nil && len(rf.kept) >= smallRule {
		rf.keys = make(map[findingKey]bool, 2*smallRule)
		for _, g := range rf.kept {
			rf.keys[keyOf(g)] = true
		}
	}
	if rf.keys != nil {
		rf.keys[k] = true
	}
	heap.Push(&rf.kept, f)
}

// smallRule is how many findings of a rule are searched in place before a map of their keys is
// made: most files have a few findings of each rule.
const smallRule = 8

// has reports whether a finding with key k is kept.
func (rf *ruleFindings) has(k findingKey) bool {
	if rf.keys != nil {
		return rf.keys[k]
	}
	for _, g := range rf.kept {
		if keyOf(g) == k {
			return true
		}
	}
	return false
}

func (c *collector) over(rf *ruleFindings, f *finding.Finding) {
	c.count(rf, f, finding.Hash(f.Range.Start.Offset, f.Range.End.Offset, f.Message))
}

// overHash counts f, whose hash (finding.Hash) is given, as past the cap.
func (c *collector) overHash(f *finding.Finding, hash uint64) {
	c.count(c.rule(f.RuleID()), f, hash)
}

func (c *collector) count(rf *ruleFindings, f *finding.Finding, hash uint64) {
	if rf.over == nil {
		rf.over = map[uint64]struct{}{}
	}
	rf.over[hash] = struct{}{}
	if !rf.hasFirst || f.Less(&rf.first) {
		rf.first, rf.hasFirst = *f, true
	}
}

// findings returns the findings kept, with a summary of each rule's findings over the cap.
func (c *collector) findings() []*finding.Finding {
	var out []*finding.Finding
	for _, id := range c.order {
		rf := c.rules[id]
		out = append(out, rf.kept...)
		if n := len(rf.over); n > 0 {
			f := &rf.first
			out = append(out, &finding.Finding{Rule: f.Rule, Severity: f.Severity, Range: f.Range, Source: f.Source,
				Message: fmt.Sprintf("%d more findings of this rule from here on are not shown (at most %d per rule per file): fix the ones shown first, or raise limits.max-findings-per-rule in .buildspec-lint.yaml", n, c.max)})
		}
	}
	return out
}

// findingHeap is a heap of findings, the last in file order on top.
type findingHeap []*finding.Finding

func (h findingHeap) Len() int           { return len(h) }
func (h findingHeap) Less(i, j int) bool { return h[j].Less(h[i]) }
func (h findingHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *findingHeap) Push(x any)        { *h = append(*h, x.(*finding.Finding)) }
func (h *findingHeap) Pop() any {
	old := *h
	f := old[len(old)-1]
	*h = old[:len(old)-1]
	return f
}
