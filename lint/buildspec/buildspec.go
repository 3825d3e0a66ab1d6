package buildspec

import (
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// This file is the typed model of a buildspec. Rules read it, never yaml.Node.
// The keys and their meaning: the CodeBuild buildspec reference,
// https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html

// Kind is the YAML kind of a value as it was written.
type Kind int

// The kinds of YAML values.
const (
	KindNull Kind = iota
	KindScalar
	KindSequence
	KindMapping
)

func (k Kind) String() string {
	switch k {
	case KindScalar:
		return "string"
	case KindSequence:
		return "list"
	case KindMapping:
		return "mapping"
	}
	return "null"
}

// String is a scalar with its range. Range covers the whole scalar as written (quotes and block
// indicators included); use ValueRange to locate a part of Value.
type String struct {
	Value string
	// Tag is the resolved YAML tag ("!!str", "!!float", "!!int", "!!bool", "!!null").
	Tag   string
	Range source.Range
	// Quoted is true when the scalar was written in quotes or as a block scalar.
	Quoted bool
	// Block is '|' or '>' for block scalars, 0 otherwise.
	Block byte
	src   *source.Source
	segs  []segment
}

// ValueRange maps the byte span [start, end) of s.Value to its range in the file.
func (s *String) ValueRange(start, end int) source.Range {
	if s == nil || s.src == nil {
		return source.Range{}
	}
	a := mapOffset(s.segs, start, false)
	// A line break of the value is "\r\n" in a CRLF file, and the value's "\n" maps to the "\n":
	// a range that starts at it starts at the "\r", so that it covers the whole line break and an
	// insertion there goes before it, not between "\r" and "\n".
	if data := s.src.Data; start < len(s.Value) && s.Value[start] == '\n' && a > 0 && a < len(data) && data[a] == '\n' && data[a-1] == '\r' {
		a--
	}
	return s.src.Range(a, max(a, mapOffset(s.segs, end, true)))
}

// ValueOffset maps the byte offset off of s.Value to a byte offset in the file.
func (s *String) ValueOffset(off int) int { return mapOffset(s.segs, off, false) }

// Key is a mapping key as written.
type Key struct {
	Name  string
	Range source.Range
}

// Entry is a key with a value of any kind, for maps whose values rules inspect as a whole
// (reports, artifacts, cache, batch, variables).
type Entry struct {
	Key   Key
	Kind  Kind
	Value *String      // set when Kind is KindScalar
	Range source.Range // the value's range (or the key's, for a null value)
	// Items are the string items of a list value.
	Items []*String
	// Elems are the mapping and list items of a list value (a batch task), in order; their Key
	// has no name and starts where the item starts.
	Elems []*Entry
	// Fields are the entries of a mapping value, in file order (merge keys applied).
	Fields []*Entry
}

// Field returns the entry of key name in e's mapping value, or nil.
func (e *Entry) Field(name string) *Entry {
	if e == nil {
		return nil
	}
	for _, f := range e.Fields {
		if f.Key.Name == name {
			return f
		}
	}
	return nil
}

// Buildspec is one YAML document of a buildspec file.
type Buildspec struct {
	Source *source.Source
	// Doc is the 0-based index of the document in a multi-document file.
	Doc int
	// Root is the range of the document's root node.
	Root    source.Range
	Version *String // nil when absent
	RunAs   *String
	Env     *Env
	Proxy   []*Entry
	Batch   *Batch
	// Phases in the order they are written; use PhasesInOrder for execution order.
	Phases    []*Phase
	PhasesKey *Key
	Reports   []*Entry
	Artifacts *Entry
	Cache     *Entry
	// Keys are all top-level keys as written (for schema checks).
	Keys []Key
	// OtherFormat names the format the document's top level clearly is when it is not a
	// buildspec ("a GitHub Actions workflow (on and jobs)"), or is "" (see OtherFormat).
	OtherFormat string
	// Problems found while building the model (syntax and schema): the first Limits.MaxFindings
	// of each kind.
	Problems []Problem
	// Directives are the buildspec-lint comments in this document.
	Directives []*Directive

	memo map[any]any
	// maxProblems caps the Problems kept of each kind (0: no cap); the rest are only recorded in
	// OverProblems, for the linter to count (a file can raise millions). nproblems counts them.
	maxProblems int
	nproblems   [numProblemKinds]int
	// OverProblems are the problems past the cap of Problems, in file order.
	OverProblems []OverProblem
}

// Memo returns what compute returns for key, computing it once per document: rules that share an
// analysis (the Docker daemon's events, say) pay for it once instead of once per rule. The key
// must identify everything compute depends on besides the document (the image, for instance).
// The rules of one document run one after another, so Memo takes no lock.
func (b *Buildspec) Memo(key any, compute func() any) any {
	if v, ok := b.memo[key]; ok {
		return v
	}
	if b.memo == nil {
		b.memo = map[any]any{}
	}
	v := compute()
	b.memo[key] = v
	return v
}

// Env is the env section.
type Env struct {
	Key               Key
	Shell             *String
	Variables         []*Entry
	ParameterStore    []*Entry
	SecretsManager    []*Entry
	ExportedVariables []*String
	GitCredential     *String
}

// PhaseOrder is the order in which CodeBuild runs the phases, whatever their order in the file.
var PhaseOrder = []string{"install", "pre_build", "build", "post_build"}

// Phase is one phase of phases.
type Phase struct {
	Name            string
	Key             Key
	RunAs           *String
	OnFailure       *String
	RuntimeVersions []*Entry
	RuntimeKey      *Key
	Commands        []*Command
	Finally         []*Command
	// Keys are the phase's keys as written (merge keys applied); Range is the range of its
	// value and RuntimeRange that of runtime-versions' value (zero when it has none). Fixes that
	// remove an entry read them.
	Keys         []Key
	Range        source.Range
	RuntimeRange source.Range
}

// Command is one command of a phase (an item of commands or finally).
type Command struct {
	*String
	Phase   string
	Finally bool
	// Index is the 0-based index in its list (for a command that several documents share, a
	// workflow step in each environment of its job: in the first, see FromCommands).
	Index int
	// Script is the command parsed as shell (or tokenised, for PowerShell and cmd).
	Script *Script
}

// Batch is the batch section, kept as raw entries (its schema is checked by the parser).
type Batch struct {
	Key     Key
	Entries []*Entry
}

// PhasesInOrder returns the phases in execution order (install, pre_build, build, post_build).
// A phase written twice appears twice, in file order.
func (b *Buildspec) PhasesInOrder() []*Phase {
	if len(b.Phases) == 0 {
		return nil
	}
	out := make([]*Phase, 0, len(b.Phases))
	for _, name := range PhaseOrder {
		for _, p := range b.Phases {
			if p.Name == name {
				out = append(out, p)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// CallsOf returns the shell calls of cmds, in order, in one allocation (nil when there are none).
func CallsOf(cmds []*Command) []*Call {
	n := 0
	for _, c := range cmds {
		if c.Script != nil {
			n += len(c.Script.Calls)
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]*Call, 0, n)
	for _, c := range cmds {
		if c.Script != nil {
			out = append(out, c.Script.Calls...)
		}
	}
	return out
}

// CommandsInOrder returns every command in execution order: each phase's commands, then its
// finally.
func (b *Buildspec) CommandsInOrder() []*Command {
	phases := b.PhasesInOrder()
	n := 0
	for _, p := range phases {
		n += len(p.Commands) + len(p.Finally)
	}
	if n == 0 {
		return nil
	}
	out := make([]*Command, 0, n) // one allocation: rules ask for this list often
	for _, p := range phases {
		out = append(out, p.Commands...)
		out = append(out, p.Finally...)
	}
	return out
}

// Phase returns the first phase named name, or nil.
func (b *Buildspec) Phase(name string) *Phase {
	for _, p := range b.Phases {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// ShellName returns env.shell, or "" when it is not set.
func (b *Buildspec) ShellName() string {
	if b.Env != nil && b.Env.Shell != nil {
		return b.Env.Shell.Value
	}
	return ""
}

// NewString makes a String for text that was read from src starting at byte offset start
// (a Dockerfile RUN line, a workflow run: step), so that offsets in value map to the file. The
// text is aligned with the source: line continuations and indentation in between are skipped.
func NewString(src *source.Source, value string, start int) *String {
	s := &String{Value: value, Tag: "!!str", src: src}
	s.segs = align(value, src.Data, start, 0)
	if len(s.segs) == 0 {
		s.segs = []segment{{Val: 0, File: start, Len: 0}}
	}
	last := s.segs[len(s.segs)-1]
	s.Range = src.Range(start, last.File+last.fileLen())
	return s
}

// NewCommand makes a Command from a String and parses it in the given dialect.
func NewCommand(s *String, phase string, d Dialect) *Command {
	c := &Command{String: s, Phase: phase}
	c.Script = ParseScript(c, d)
	return c
}

// ScalarAt makes a String for a YAML scalar of another kind of file (a workflow's run: value)
// whose node starts at line and col (1-based, as YAML parsers report a node: at its quote or
// block indicator) and whose value is value. Its style is read from the file at that place, and
// its value is mapped into the file as the parser maps a buildspec's scalars.
func ScalarAt(src *source.Source, value string, line, col int) *String {
	start := src.Offset(line, col)
	style := yaml.Style(0)
	if start < len(src.Data) {
		switch src.Data[start] {
		case '"':
			style = yaml.DoubleQuotedStyle
		case '\'':
			style = yaml.SingleQuotedStyle
		case '|':
			style = yaml.LiteralStyle
		case '>':
			style = yaml.FoldedStyle
		}
	}
	p := &parser{src: src}
	return p.scalar(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Line: line, Column: col, Style: style})
}

// FromCommands makes a document of commands read from another kind of input (the run: steps
// of a workflow job): one phase, named phase, holding cmds in order. Each command is read in
// its dialect (dialects[i]) within the same budgets as a buildspec's commands, and its shell
// errors are the document's problems. A command may be shared by the documents of several
// environments (a step that runs in each): one read in its dialect already is not read again,
// and what depends on the document is not written into it. A command past this document's
// token budget is replaced in it by a copy that holds no calls, so that the others still check
// it; Phase and Index are those of the first document that holds the command.
func FromCommands(src *source.Source, phase string, cmds []*Command, dialects []Dialect) *Buildspec {
	b := &Buildspec{Source: src, maxProblems: DefaultLimits.WithDefaults().MaxFindings}
	ph := &Phase{Name: phase, Commands: slices.Clone(cmds)}
	if len(cmds) > 0 {
		b.Root = source.Range{Start: cmds[0].Range.Start, End: cmds[len(cmds)-1].Range.End}
	}
	b.Phases = []*Phase{ph}
	budget := MaxDocumentTokens
	counted := !fitsBudget(ph.Commands)
	for i, c := range ph.Commands {
		if c.Phase == "" {
			c.Phase, c.Index = phase, i
		}
		if counted && !b.spend(c, &budget, "job", "job") {
			unread := *c
			unread.Script = &Script{Dialect: dialects[i]}
			ph.Commands[i] = &unread
			continue
		}
		b.readAsShell(c, dialects[i], "script", "")
	}
	return b
}
