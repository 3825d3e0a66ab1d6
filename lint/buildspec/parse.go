package buildspec

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Limits bounds what the parser accepts, so hostile input costs bounded time and memory. A zero
// field takes its value from DefaultLimits. What goes over a limit is reported as a problem of
// that layer (YAMLSyntax, ShellSyntax) and the rest is still read.
type Limits struct {
	// MaxAliasDepth bounds how many aliases and merge keys are followed in a chain.
	MaxAliasDepth int
	// MaxNodes bounds the number of values reached through aliases and merge keys in one
	// document (alias bombs, "billion laughs"). Config: limits.max-alias-nodes.
	MaxNodes int
	// MaxCommands bounds the commands of one document that are read; the rest are not
	// checked. Config: limits.max-commands.
	MaxCommands int
	// MaxFindings bounds the problems of one kind in one document that are kept in Problems (the
	// rest are only counted, in OverProblems), as the linter bounds the findings of one rule in
	// one file that are shown. Config: limits.max-findings-per-rule.
	MaxFindings int
}

// DefaultLimits are the limits used when none are given. Real buildspecs have a few hundred
// values and commands at most; these leave two orders of magnitude of room.
var DefaultLimits = Limits{MaxAliasDepth: 32, MaxNodes: 100_000, MaxCommands: 20_000, MaxFindings: 1000}

// MaxLimits are the largest values a limit can be raised to: past them no file of the largest
// size allowed (fsutil.MaxFileSizeLimit) could fit in memory. Larger values are clamped to them.
var MaxLimits = Limits{MaxAliasDepth: 32, MaxNodes: 10_000_000, MaxCommands: 1_000_000, MaxFindings: 100_000}

// WithDefaults fills the zero fields of l from DefaultLimits and clamps the others to MaxLimits.
func (l Limits) WithDefaults() Limits {
	if l.MaxAliasDepth <= 0 {
		l.MaxAliasDepth = DefaultLimits.MaxAliasDepth
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultLimits.MaxNodes
	}
	if l.MaxCommands <= 0 {
		l.MaxCommands = DefaultLimits.MaxCommands
	}
	if l.MaxFindings <= 0 {
		l.MaxFindings = DefaultLimits.MaxFindings
	}
	l.MaxAliasDepth = min(l.MaxAliasDepth, MaxLimits.MaxAliasDepth)
	l.MaxNodes = min(l.MaxNodes, MaxLimits.MaxNodes)
	l.MaxCommands = min(l.MaxCommands, MaxLimits.MaxCommands)
	l.MaxFindings = min(l.MaxFindings, MaxLimits.MaxFindings)
	return l
}

// Parse reads every YAML document of src into a Buildspec. It never fails: syntax errors and
// schema problems become Problems of the returned documents, and a file that is not valid YAML
// is read as far as it can be, so that the rest of it is still linted.
func Parse(src *source.Source) []*Buildspec {
	return ParseWithLimits(src, DefaultLimits)
}

// ParseWithLimits is Parse with explicit limits.
func ParseWithLimits(src *source.Source, lim Limits) []*Buildspec {
	a := takeArena()
	defer a.release()
	out, _ := parseDecoded(src, lim, nil, nil, a)
	return out
}

// ParseShaped is ParseWithLimits that also returns the file's Shape, made from the YAML documents
// the parse decoded, so that comparing a fixed text with the file does not decode it again; nil
// when the parse did not decode the whole file (empty, not valid YAML, or over a limit): NewShape
// then decodes it. The Shape's Release lets the next parse reuse its memory.
func ParseShaped(src *source.Source, lim Limits) ([]*Buildspec, *Shape) {
	a := takeArena()
	out, docs := parseDecoded(src, lim, nil, nil, a)
	if docs == nil {
		a.release()
		return out, nil
	}
	return out, &Shape{src: src, docs: docs, arena: a}
}

// parseDecoded is ParseWithLimits that also returns the YAML documents it decoded, when it
// decoded the whole file without error (else nil, as for an empty file). trees, when set, are
// the shell trees of commands read before, by their text (Shape.Reuse); docs, when set, are the
// file's YAML documents, known without decoding it (Shape.afterDeletion). The nodes it decodes
// are cut from a (nil: allocated), which the caller releases once it no longer reads them.
func parseDecoded(src *source.Source, lim Limits, trees map[string]*syntax.File, docs []*yaml.Node, a *nodeArena) ([]*Buildspec, []*yaml.Node) {
	lim = lim.WithDefaults()
	if len(bytes.TrimSpace(src.Data)) == 0 || onlyComments(src) {
		b := &Buildspec{Source: src}
		b.problem(InvalidDocument, src.Range(0, 0), "file is empty: a buildspec needs version and phases")
		out := []*Buildspec{b}
		attachDirectives(src, out)
		return out, nil
	}
	var tabs []Problem
	tabs = tabIndents(src)
	// Past MaxYAMLValues the rest of the file is not read (the YAML library's tree of it would
	// not fit in the memory a file may cost).
	data, truncated := src.Data, false
	cut := -1
	if len(src.Data)*maxValuesPerByte > MaxYAMLValues { // else the count cannot reach it
		cut = valueBudget(src, MaxYAMLValues)
	}
	if cut >= 0 {
		data, truncated = src.Data[:cut], true
	}
	nodes, synErr := docs, (*syntaxError)(nil)
	if docs == nil || truncated {
		nodes, synErr = decodeAllIn(data, a)
	}
	if synErr != nil {
		// yaml v3 often names the line where the enclosing block started, not the line that
		// broke it: find the first line whose inclusion breaks the file.
		synErr.line = locateSyntaxError(src, synErr.line, synErr.msg)
		if synErr.line <= 0 {
			// yaml's reader names no line for bytes it refuses: point at the first one.
			if off := badByte(src.Data, synErr.msg); off >= 0 {
				synErr.off, synErr.line = off, src.Pos(off).Line
			}
		}
		// Read the part before the error, so the rest of the rules still see something.
		if line := synErr.line; line > 1 {
			cut := src.LineStart(line)
			if partial, err := decodeAll(src.Data[:cut]); err == nil && len(partial) >= len(nodes) {
				nodes, truncated = partial, true
			}
		}
	}
	spaces := missingSpaces(src, nodes, synErr)
	var out []*Buildspec
	for i, n := range nodes {
		p := &parser{src: src, lim: lim, trees: trees}
		b := p.document(n, i)
		out = append(out, b)
	}
	foreignDocuments(out)
	if truncated && len(out) > 0 {
		// The document was cut at the syntax error: what it seems to miss may come after the cut,
		// and a command that reaches the cut may go on past it (its shell error is the YAML
		// error's, not one of its own).
		last := out[len(out)-1]
		var cutLine int // the last line read: before the syntax error, or before the values budget ran out
		if synErr != nil {
			cutLine = lastContentLine(src, synErr.line)
		} else {
			cutLine = lastContentLine(src, src.Pos(cut).Line)
		}
		kept := last.Problems[:0]
		for _, pr := range last.Problems {
			if pr.Kind == MissingKey || pr.Kind == EmptyPhase {
				continue
			}
			if pr.Kind == ShellSyntax && reachesCut(last, pr.Range, cutLine) {
				continue
			}
			kept = append(kept, pr)
		}
		last.Problems = kept
		over := last.OverProblems[:0]
		for _, pr := range last.OverProblems {
			if pr.Kind != MissingKey && pr.Kind != EmptyPhase {
				over = append(over, pr)
			}
		}
		last.OverProblems = over
	}
	if len(out) == 0 {
		out = append(out, &Buildspec{Source: src, maxProblems: lim.MaxFindings})
	}
	if synErr != nil {
		last := out[len(out)-1]
		rng := src.LineRange(synErr.line)
		if synErr.off >= 0 {
			rng = src.Range(synErr.off, synErr.off+1)
		} else if synErr.line <= 0 {
			rng = src.Range(0, 0)
		} else {
			// Cover the line's content: from its first non-blank character to before a trailing comment.
			text := src.Line(synErr.line)
			ind := len(text) - len(strings.TrimLeft(text, " \t"))
			s := src.LineStart(synErr.line) + ind
			rng = src.Range(s, s+len(strings.TrimRight(text[ind:commentStart(text, ind)], " \t")))
		}
		// A tab problem explains the syntax error better than yaml's message.
		explained := false
		for _, t := range tabs {
			if t.Range.Start.Line == synErr.line || strings.Contains(synErr.msg, "cannot start any token") || strings.Contains(synErr.msg, "tab character") {
				explained = true
				break
			}
		}
		for _, sp := range spaces {
			// "version:0.2" made the parser stop on its line or the next one.
			if l := sp.Range.Start.Line; synErr.line == l || synErr.line == l+1 {
				explained = true
			}
		}
		hint := syntaxHint(synErr.msg)
		if strings.Contains(synErr.msg, "mapping values are not allowed") && synErr.line > 0 && endsInColon(src.Line(synErr.line)) {
			hint = " (the line ends with \":\", which YAML reads as a key where a value goes on: quote the whole value)"
		}
		if synErr.line > 0 && !strings.Contains(synErr.msg, "escape") {
			if q, ok := quoteEndsEarly(src.Line(synErr.line)); ok && q == '\'' {
				hint = " (a ' inside the single-quoted value ends it early: write it twice, as in 'it''s', or quote the value with \" instead)"
			} else if ok {
				hint = " (a \" inside the double-quoted value ends it early: write it as \\\", or quote the value with ' instead)"
			}
		}
		msg := "invalid YAML: " + synErr.msg + hint
		if strings.Contains(synErr.msg, "unknown escape character") && synErr.line > 0 {
			// Name the escape: "\*" in "**\*" is not one of YAML's.
			if at, quoted := badEscape(src.Line(synErr.line)); at >= 0 {
				s := src.LineStart(synErr.line) + at
				rng = src.Range(s, s+2)
				msg = badEscapeMessage(src.Line(synErr.line)[at:at+2], quoted)
			}
		}
		if !explained {
			last.problem(YAMLSyntax, rng, msg+"; CodeBuild rejects the file with YAML_FILE_ERROR")
		}
	}
	if len(spaces) > 0 {
		dropExplained(out, spaces)
		out[len(out)-1].Problems = append(out[len(out)-1].Problems, spaces...)
	}
	for _, t := range tabs {
		out[len(out)-1].problem(t.Kind, t.Range, t.Message)
	}
	if cut >= 0 {
		// Report at the first line not read.
		out[len(out)-1].problem(YAMLSyntax, src.LineRange(src.Pos(cut).Line), fmt.Sprintf("the file holds more than %d YAML values and shell commands (a buildspec holds a few hundred): from this line on it is not read", MaxYAMLValues))
	}
	attachDirectives(src, out)
	if truncated || synErr != nil {
		return out, nil
	}
	return out, nodes
}

// parser builds one document's model.
type parser struct {
	src   *source.Source
	lim   Limits
	trees map[string]*syntax.File // see parseDecoded
	spec  *Buildspec
	nodes int
	// overNodes and ncommands record the MaxNodes and MaxCommands limits being reached.
	overNodes bool
	ncommands int
	// aliasText counts the text reached through aliases against MaxAliasText (overText: past
	// it); sizes holds the text size of the collections measured.
	aliasText int
	overText  bool
	sizes     map[*yaml.Node]int
	// envKeys are the keys of env and environment_variables, for checkLegacyKeys.
	envKeys []Key
	// version is the document's version as written ("" when absent).
	version string
	// root is the document's root as written; parents maps the keys of its mappings to their
	// mapping, built when a key is first renamed (renameKey).
	root    *yaml.Node
	parents map[*yaml.Node]*keyParent
	// segs is scanScalar's scratch buffer; pairArena holds plainPairs' results.
	segs      []segment
	pairArena []pair
}

// problem records a problem of kind at rng and returns it, or only counts it past the cap of its
// kind and returns nil.
func (b *Buildspec) problem(kind ProblemKind, rng source.Range, msg string) *Problem {
	msg = finding.ElideMessage(msg)
	if b.maxProblems > 0 {
		if b.nproblems[kind]++; b.nproblems[kind] > b.maxProblems {
			b.OverProblems = append(b.OverProblems, OverProblem{kind, rng.Start.Offset, rng.End.Offset,
				finding.Hash(rng.Start.Offset, rng.End.Offset, msg)})
			return nil
		}
	}
	b.Problems = append(b.Problems, Problem{Kind: kind, Range: rng, Message: msg})
	return &b.Problems[len(b.Problems)-1]
}

func (p *parser) problem(kind ProblemKind, rng source.Range, format string, args ...any) *Problem {
	return p.spec.problem(kind, rng, fmt.Sprintf(format, args...))
}

// resolve follows aliases. Every value reached through an alias counts against MaxNodes: past
// it, aliases resolve to nothing (an alias bomb is reported once, see countNodes).
func (p *parser) resolve(n *yaml.Node) *yaml.Node {
	alias := n
	for d := 0; n != nil && n.Kind == yaml.AliasNode; d++ {
		if d >= p.lim.MaxAliasDepth {
			return nil
		}
		n = n.Alias
	}
	if n != alias && n != nil && (!p.countNodes(alias, 1+len(n.Content)) || !p.countText(alias, n)) {
		return nil
	}
	return n
}

// MaxAliasText bounds the text (the bytes of every scalar, keys included) reached through
// aliases and merge keys in one document. MaxNodes counts values, whatever their size: without
// this bound one string of 2 MB used by 20,000 aliases is 40 GB for the parser and the rules
// to read.
const MaxAliasText = 4 << 20

// countText adds the text of n, reached through the alias or merge key at, to the document's
// count; it reports false, and reports the limit once, when the count is over MaxAliasText.
func (p *parser) countText(at, n *yaml.Node) bool {
	if p.aliasText += p.textSize(n, 0); p.aliasText <= MaxAliasText {
		return true
	}
	if !p.overText {
		p.overText = true
		off := p.src.Offset(at.Line, at.Column)
		p.problem(YAMLSyntax, p.src.Range(off, min(off+1+len(at.Value), len(p.src.Data))),
			"aliases and merge keys expand to more than %d MiB of text (an alias bomb?): the rest is not read; write the values out instead of reusing long ones", MaxAliasText>>20)
	}
	return false
}

// textSize returns the bytes of the scalars of n's tree, aliases followed, at most
// MaxAliasText+1 (also for a tree nested deeper than YAML allows). The size of each mapping and
// sequence is computed once per document.
func (p *parser) textSize(n *yaml.Node, depth int) int {
	const over = MaxAliasText + 1
	if n == nil {
		return 0
	}
	if depth > 10000 {
		return over
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return len(n.Value)
	case yaml.AliasNode:
		return p.textSize(n.Alias, depth+1)
	}
	if size, ok := p.sizes[n]; ok {
		return size
	}
	if p.sizes == nil {
		p.sizes = map[*yaml.Node]int{}
	}
	p.sizes[n] = 0 // a tree that holds an alias of itself counts once
	size := 0
	for _, c := range n.Content {
		size = min(size+p.textSize(c, depth+1), over)
	}
	p.sizes[n] = size
	return size
}

// countNodes adds k values reached through the alias or merge key at n to the document's count;
// it reports false, and reports the limit once, when the count is over MaxNodes.
func (p *parser) countNodes(n *yaml.Node, k int) bool {
	p.nodes += k
	if p.nodes <= p.lim.MaxNodes {
		return true
	}
	if !p.overNodes {
		p.overNodes = true
		rng := p.src.Range(0, 0)
		if n != nil && n.Line > 0 {
			off := p.src.Offset(n.Line, n.Column)
			rng = p.src.Range(off, min(off+1+len(n.Value), len(p.src.Data)))
		}
		p.problem(YAMLSyntax, rng, "aliases and merge keys expand to more than %d values (an alias bomb?): the rest is not read; raise limits.max-alias-nodes in .buildspec-lint.yaml if this file is genuine", p.lim.MaxNodes)
	}
	return false
}

// nodeRange returns the range of a node: from its start to the end of its last scalar, or, for
// flow collections ([a, b], {a: b}), to the closing bracket.
func (p *parser) nodeRange(n *yaml.Node) source.Range {
	if n == nil {
		return source.Range{}
	}
	if n.Kind == yaml.ScalarNode {
		return p.scalarRange(n)
	}
	start := p.src.Offset(n.Line, n.Column)
	end := p.nodeEnd(n, 0)
	if end <= start {
		end = start + 1
	}
	return p.src.Range(start, end)
}

// nodeEnd returns the file offset just after node n.
func (p *parser) nodeEnd(n *yaml.Node, depth int) int {
	if n == nil || depth > 64 {
		return 0
	}
	start := p.src.Offset(n.Line, n.Column)
	switch n.Kind {
	case yaml.ScalarNode:
		return p.scalarRange(n).End.Offset
	case yaml.AliasNode:
		return start + 1 + len(n.Value) // *name
	case yaml.MappingNode, yaml.SequenceNode:
		end := start
		for i := len(n.Content) - 1; i >= 0; i-- {
			if e := p.nodeEnd(n.Content[i], depth+1); e > end {
				end = e
				break
			}
		}
		if n.Style&yaml.FlowStyle != 0 {
			if end == start {
				end++ // past the opening bracket of an empty collection
			}
			if c := p.flowClose(end, n.Kind); c > 0 {
				return c
			}
		}
		return end
	}
	return start
}

// flowClose finds the closing bracket of a flow collection after its last item, which ends at
// off: only blanks, line breaks, commas and comments may come between.
func (p *parser) flowClose(off int, kind yaml.Kind) int {
	want := byte(']')
	if kind == yaml.MappingNode {
		want = '}'
	}
	data := p.src.Data
	for i := off; i < len(data); i++ {
		switch c := data[i]; c {
		case ' ', '\t', '\r', '\n', ',':
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
		default:
			if c == want {
				return i + 1
			}
			return 0
		}
	}
	return 0
}

// scalar builds a String from a scalar node, with the segments that map its value to the file.
func (p *parser) scalar(n *yaml.Node) *String {
	var s String
	p.scanScalar(&s, n)
	return s.clone()
}

// scalarRange is p.scalar(n).Range without building the String.
func (p *parser) scalarRange(n *yaml.Node) source.Range {
	var s String
	p.scanScalar(&s, n)
	return s.Range
}

// scanScalar fills s from a scalar node; s.segs is p's scratch buffer, valid until the next scan.
func (p *parser) scanScalar(s *String, n *yaml.Node) {
	*s = String{Value: n.Value, Tag: n.ShortTag(), src: p.src}
	start := p.src.Offset(n.Line, n.Column)
	contentStart := start
	var quote byte
	switch n.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle) {
	case yaml.DoubleQuotedStyle:
		quote = '"'
		contentStart++
		s.Quoted = true
	case yaml.SingleQuotedStyle:
		quote = '\''
		contentStart++
		s.Quoted = true
	case yaml.LiteralStyle, yaml.FoldedStyle:
		s.Quoted = true
		s.Block = '|'
		if n.Style&yaml.FoldedStyle != 0 {
			s.Block = '>'
		}
		contentStart = p.src.LineStart(n.Line + 1)
	}
	if p.segs == nil {
		p.segs = make([]segment, 0, 16) // one allocation for most documents' scalars
	}
	s.segs = alignAppend(p.segs[:0], n.Value, p.src.Data, contentStart, quote)
	end := start + 1
	if len(s.segs) > 0 {
		last := s.segs[len(s.segs)-1]
		end = last.File + last.fileLen()
		if s.Block != 0 {
			end = mapOffset(s.segs, len(strings.TrimRight(n.Value, "\n")), true)
		}
		if quote != 0 && end < len(p.src.Data) && p.src.Data[end] == quote {
			end++
		}
	} else {
		if quote != 0 {
			end = start + 2
		} else if s.Block == 0 {
			end = start + len(n.Value)
		}
		s.segs = append(s.segs[:0], segment{Val: 0, File: contentStart, Len: 0})
	}
	p.segs = s.segs
	if end > len(p.src.Data) {
		end = len(p.src.Data)
	}
	s.Range = p.src.Range(start, end)
}

// pair is a key and its value in a mapping, with merges applied.
type pair struct {
	key *yaml.Node
	val *yaml.Node
}

// pairs returns a mapping's entries with `<<` merge keys applied (explicit keys win). Duplicate
// keys are duplicateKeys' finding, in every mapping of the document.
func (p *parser) pairs(m *yaml.Node, where string) []pair {
	if !hasMergeKey(m) {
		return p.plainPairs(m)
	}
	out := make([]pair, 0, len(m.Content)/2)
	seen := map[string]*yaml.Node{}
	var merged []pair
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if isMergeKey(k) {
			merged = append(merged, p.mergeSource(v, 0)...)
			continue
		}
		seen[k.Value] = k
		out = append(out, pair{k, v})
	}
	for _, mp := range merged {
		if _, ok := seen[mp.key.Value]; !ok {
			seen[mp.key.Value] = mp.key
			out = append(out, mp)
		}
	}
	return out
}

// plainPairs returns the pairs of a mapping without merge keys, as written. They are carved from
// p's arena (a few allocations for all of a document's mappings) and never overwritten, so a
// caller may keep them.
func (p *parser) plainPairs(m *yaml.Node) []pair {
	n := len(m.Content) / 2
	if cap(p.pairArena)-len(p.pairArena) < n {
		p.pairArena = make([]pair, 0, max(n, 32))
	}
	start := len(p.pairArena)
	for i := 0; i+1 < len(m.Content); i += 2 {
		p.pairArena = append(p.pairArena, pair{m.Content[i], m.Content[i+1]})
	}
	return p.pairArena[start:len(p.pairArena):len(p.pairArena)]
}

func hasMergeKey(m *yaml.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if isMergeKey(m.Content[i]) {
			return true
		}
	}
	return false
}

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && (k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0))
}

// maxPathSteps bounds the steps of a YAML path in a message (the middle ones are elided).
const maxPathSteps = 8

// duplicateKeys reports every key written twice in one mapping, anywhere in the document: the
// schema's sections, and also what the parser does not check key by key (batch tasks, a
// report's or a variable's value). YAML keeps one of the two values and CodeBuild never sees
// the other. Aliases are not followed: the mapping they name is checked where it is written.
func (p *parser) duplicateKeys(root *yaml.Node) {
	const smallMapping = 16 // keys searched in place, without a map
	// The step from the parent is written out only for a message: most documents have none.
	type item struct {
		n      *yaml.Node
		parent int // index in all of the enclosing mapping or sequence, -1 at the root
		index  int // in the parent sequence, n's index; in the parent mapping, its key's
	}
	all := make([]item, 1, 32)
	all[0] = item{n: root, parent: -1}
	path := func(i int) string {
		var steps []string
		for ; i > 0; i = all[i].parent {
			if pn := all[all[i].parent].n; pn.Kind == yaml.MappingNode {
				steps = append(steps, "."+pn.Content[all[i].index].Value)
			} else {
				steps = append(steps, "["+strconv.Itoa(all[i].index)+"]")
			}
		}
		slices.Reverse(steps)
		if len(steps) > maxPathSteps {
			// a hostile nesting must not make every message as long as the file
			steps = append(append(steps[:maxPathSteps/2:maxPathSteps/2], ".(...)"), steps[len(steps)-maxPathSteps/2:]...)
		}
		return strings.TrimPrefix(strings.Join(steps, ""), ".")
	}
	for i := 0; i < len(all); i++ {
		n := all[i].n
		switch n.Kind {
		case yaml.MappingNode:
			// A small mapping is searched in place; a map is built only for a large one.
			var seen map[string]*yaml.Node
			large := len(n.Content) > 2*smallMapping
			for j := 0; j+1 < len(n.Content); j += 2 {
				k, v := n.Content[j], n.Content[j+1]
				if k.Kind == yaml.ScalarNode && !isMergeKey(k) {
					var prev *yaml.Node
					ok := false
					if large {
						prev, ok = seen[k.Value]
					} else {
						for e := j - 2; e >= 0 && !ok; e -= 2 { // the latest, as the map keeps
							if pk := n.Content[e]; pk.Kind == yaml.ScalarNode && pk.Value == k.Value && !isMergeKey(pk) {
								prev, ok = pk, true
							}
						}
					}
					if ok {
						where := ""
						if pa := path(i); pa != "" {
							where = " in " + pa
						}
						p.problem(DuplicateKey, p.scalarRange(k), "key %q is already defined at line %d%s; YAML keeps only one of them: remove or merge the duplicate",
							k.Value, prev.Line, where)
					}
					if large {
						if seen == nil {
							seen = map[string]*yaml.Node{}
						}
						seen[k.Value] = k
					}
				}
				if v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode {
					all = append(all, item{n: v, parent: i, index: j})
				}
			}
		case yaml.SequenceNode:
			for j, it := range n.Content {
				if it.Kind == yaml.MappingNode || it.Kind == yaml.SequenceNode {
					all = append(all, item{n: it, parent: i, index: j})
				}
			}
		}
	}
}

func (p *parser) mergeSource(v *yaml.Node, depth int) []pair {
	if depth > p.lim.MaxAliasDepth {
		return nil
	}
	from := v
	v = p.resolve(v)
	if v == nil || !p.countNodes(from, len(v.Content)) {
		return nil // an alias bomb: stop expanding merges
	}
	switch v.Kind {
	case yaml.MappingNode:
		var out []pair
		for i := 0; i+1 < len(v.Content); i += 2 {
			k := v.Content[i]
			if k.Tag == "!!merge" {
				out = append(out, p.mergeSource(v.Content[i+1], depth+1)...)
				continue
			}
			out = append(out, pair{k, v.Content[i+1]})
		}
		return out
	case yaml.SequenceNode:
		var out []pair
		for _, it := range v.Content {
			out = append(out, p.mergeSource(it, depth+1)...)
		}
		return out
	}
	return nil
}

func (p *parser) key(k *yaml.Node) Key {
	return Key{Name: k.Value, Range: p.scalarRange(k)}
}
