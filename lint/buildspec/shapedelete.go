package buildspec

import (
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Most fixes delete whole lines: a redundant install's command, a daemon start and its wait, an
// ignored runtime-versions entry. Verifying one parses the fixed text, and decoding its YAML
// again was a third of that. afterDeletion derives the fixed text's YAML from the file's instead:
// when every change deletes whole lines that hold exactly some items of one block sequence or
// some entries of one block mapping (from the first line of the first one to the first line of
// the next one, or for the last ones to the next line that holds YAML), the fixed text's YAML is
// the file's without those items, every node below them moved up by the lines deleted before it.
// Anything else (an edit inside a line, an insertion, a flow collection, an alias of an anchor
// that goes, a collection left empty, text kept between the items and what follows them) is
// declined, and the fixed text is decoded. TestAfterDeletion and FuzzAfterDeletion hold the derived YAML to
// yaml v3's decode of the fixed text.

// afterDeletion returns the YAML documents of after, which is the shape's file with changes
// applied, derived from the shape's documents, or nil when it cannot tell them that way.
func (s *Shape) afterDeletion(after *source.Source, changes source.Changes) []*yaml.Node {
	if s.err != nil || len(s.docs) == 0 || len(changes) == 0 {
		return nil
	}
	src := s.src
	d := &deletion{src: src}
	for _, c := range changes {
		if c.NewStart != c.NewEnd || c.End <= c.Start {
			return nil // not a deletion
		}
		first := src.Pos(c.Start).Line
		last := src.Pos(c.End).Line // the line after the deleted ones
		if src.LineStart(first) != c.Start || src.LineStart(last) != c.End || last <= first || c.End > len(src.Data) {
			return nil // not whole lines
		}
		if n := len(d.ranges); n > 0 && d.ranges[n-1][1] > first {
			return nil
		}
		d.ranges = append(d.ranges, [2]int{first, last})
	}
	d.matched = make([]bool, len(d.ranges))
	d.before = make([]int, len(d.ranges)+1)
	for i, r := range d.ranges {
		d.before[i+1] = d.before[i] + r[1] - r[0]
	}
	// The line that follows each document's last node: where its trailing lines end.
	out := make([]*yaml.Node, len(s.docs))
	for i, doc := range s.docs {
		end := src.Lines() + 1
		if i+1 < len(s.docs) {
			end = s.docs[i+1].Line
		}
		n := d.copy(doc, end, 0)
		if n == nil {
			return nil
		}
		out[i] = n
	}
	for _, m := range d.matched {
		if !m {
			return nil // a deleted range that holds no whole item
		}
	}
	if d.aliases {
		// Aliases point at the copies of their anchors: an alias of a deleted one declines.
		for _, doc := range out {
			if !d.relink(doc) {
				return nil
			}
		}
	}
	return out
}

// deletion is afterDeletion's state.
type deletion struct {
	src *source.Source
	// ranges are the deleted lines, [first, last) each, in order; matched says which ones
	// deleted items.
	ranges  [][2]int
	matched []bool
	// before[i] is how many lines the ranges before range i delete.
	before []int
	// copies maps an anchored node to its copy, for the aliases.
	copies  map[*yaml.Node]*yaml.Node
	aliases bool
	// kept are the subtrees that come before the first deleted line, kept as they are;
	// keptNodes holds them and the anchored nodes in them (relink).
	kept      []*yaml.Node
	keptNodes map[*yaml.Node]bool
}

// deleted returns the index of the range that deletes line, or -1. The ranges are in order
// and apart: the first one that ends past line is the only one that may hold it.
func (d *deletion) deleted(line int) int {
	i := sort.Search(len(d.ranges), func(i int) bool { return d.ranges[i][1] > line })
	if i < len(d.ranges) && d.ranges[i][0] <= line {
		return i
	}
	return -1
}

// shift returns where line goes once the ranges before it are deleted.
func (d *deletion) shift(line int) int {
	i := sort.Search(len(d.ranges), func(i int) bool { return d.ranges[i][1] > line })
	return line - d.before[i]
}

// copy copies n, the nodes below it that stay and their lines moved up; next is the line of
// the first node after n's subtree (the end of the document: its last line plus one). It
// returns nil when the deletion is not one afterDeletion can tell.
func (d *deletion) copy(n *yaml.Node, next, depth int) *yaml.Node {
	if depth > maxShapeDepth {
		return nil // as deep as Same compares, no deeper
	}
	block := n.Style&yaml.FlowStyle == 0 && (n.Kind == yaml.SequenceNode || n.Kind == yaml.MappingNode)
	if d.deleted(n.Line) >= 0 && !(block && len(n.Content) > 0 && n.Content[0].Line == n.Line) {
		// A node that stays, on a deleted line; but a block collection starts at its first
		// item (a sequence at its dash, on the item's line; a mapping at its first key), which
		// may go: then it starts at the new first one, which the deletion moved up to that line.
		return nil
	}
	if next <= d.ranges[0][0] {
		// All of n comes before the first deleted line: it stays as it is.
		d.kept = append(d.kept, n)
		return n
	}
	c := *n
	c.Line = d.shift(n.Line)
	if n.Anchor != "" {
		if d.copies == nil {
			d.copies = map[*yaml.Node]*yaml.Node{}
		}
		d.copies[n] = &c
	}
	if n.Kind == yaml.AliasNode {
		d.aliases = true
	}
	if len(n.Content) == 0 {
		return &c
	}
	step := 1 // a mapping's entries are key and value
	if n.Kind == yaml.MappingNode {
		step = 2
	}
	items := len(n.Content) / step
	// start returns the first line of item i: its dash or its key.
	start := func(i int) int {
		if i >= items {
			return next
		}
		return n.Content[i*step].Line
	}
	if block && n.Kind == yaml.SequenceNode {
		for i := range items {
			// The dash must be on the item's line, at the sequence's column: then the item's line
			// is its first.
			it := n.Content[i]
			if it.Column <= n.Column || d.src.Offset(it.Line, n.Column) >= len(d.src.Data) || d.src.Data[d.src.Offset(it.Line, n.Column)] != '-' {
				return nil
			}
		}
	}
	if block && n.Kind == yaml.MappingNode {
		for i := range items {
			if k := n.Content[2*i]; k.Column != n.Column || k.Kind != yaml.ScalarNode {
				return nil // a complex key, or one not at the mapping's column
			}
		}
	}
	c.Content = make([]*yaml.Node, 0, len(n.Content))
	kept := 0
	for i := 0; i < items; i++ {
		r := -1
		if block {
			r = d.deleted(start(i))
		}
		if r < 0 {
			for k := range step {
				sub := n.Content[i*step+k]
				end := next
				if k+1 < step {
					end = n.Content[i*step+k+1].Line
				} else if i+1 < items {
					end = start(i + 1)
				}
				cc := d.copy(sub, end, depth+1)
				if cc == nil {
					return nil
				}
				c.Content = append(c.Content, cc)
			}
			kept++
			continue
		}
		// Items i to j go, with range r, which must start at item i's first line and end at the
		// first line of the item after j, or, after the last item, no later than next with only
		// blank lines between.
		rg := d.ranges[r]
		if rg[0] != start(i) || d.matched[r] {
			return nil
		}
		j := i
		for j+1 < items && start(j+1) < rg[1] {
			j++
		}
		if j+1 < items {
			if start(j+1) != rg[1] {
				return nil
			}
		} else {
			if rg[1] > next {
				return nil
			}
			for l := rg[1]; l < next; l++ {
				if !d.blank(l) {
					return nil
				}
			}
			if rg[1] < next && d.hasBlockScalar(n) {
				return nil // a block scalar before the blank lines could keep them
			}
		}
		d.matched[r] = true
		i = j
	}
	if kept == 0 {
		return nil // the collection would be empty: another kind of YAML value
	}
	return &c
}

// blank reports whether line holds only spaces and tabs.
func (d *deletion) blank(line int) bool {
	for _, b := range d.src.Data[d.src.LineStart(line):d.src.LineEnd(line)] {
		if b != ' ' && b != '\t' {
			return false
		}
	}
	return true
}

// hasBlockScalar reports whether n holds a literal or folded scalar.
func (d *deletion) hasBlockScalar(n *yaml.Node) bool {
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return true
	}
	for _, c := range n.Content {
		if d.hasBlockScalar(c) {
			return true
		}
	}
	return false
}

// relink points the aliases below n at the copies of their anchors. The first call notes the
// subtrees kept as they are and the anchors in them, in one walk: a file may hold thousands of
// aliases and kept subtrees.
func (d *deletion) relink(n *yaml.Node) bool {
	if d.keptNodes == nil {
		d.keptNodes = map[*yaml.Node]bool{}
		var note func(n *yaml.Node, root bool)
		note = func(n *yaml.Node, root bool) {
			if root || n.Anchor != "" {
				d.keptNodes[n] = true
			}
			for _, c := range n.Content {
				note(c, false)
			}
		}
		for _, k := range d.kept {
			note(k, true)
		}
	}
	if d.keptNodes[n] {
		return true // the file's own nodes: their aliases point at nodes before them, kept too
	}
	if n.Kind == yaml.AliasNode {
		if c, ok := d.copies[n.Alias]; ok {
			n.Alias = c
		} else if !d.keptNodes[n.Alias] {
			return false // its anchor was deleted
		}
	}
	for _, c := range n.Content {
		if !d.relink(c) {
			return false
		}
	}
	return true
}
