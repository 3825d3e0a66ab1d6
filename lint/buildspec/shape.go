package buildspec

import (
	"fmt"

	"go.yaml.in/yaml/v3"
	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// SameShape checks that after, which is before with changes applied, decodes to the same YAML
// as before except where the changes are: a scalar that a change touches may hold any value of
// its type (a string stays a string: a command that became a boolean or a null would fail), a
// list item or mapping entry that lies inside the text a change replaced may go, and one inside
// the text a change put in may come. Everything else (every other key, value, tag, anchor and
// item, and the number of documents) must be as it was. It returns nil, or an error that says
// where the first difference is in after.
func SameShape(before, after *source.Source, changes source.Changes) error {
	return NewShape(before).Same(after, changes)
}

// Shape is a file's YAML, decoded once to compare several edited versions of the file with it
// (SameShape).
type Shape struct {
	src  *source.Source
	docs []*yaml.Node
	err  *syntaxError
	// trees are the shell trees of the file's commands (Reuse).
	trees map[string]*syntax.File
	// arena holds docs' nodes (ParseShaped) until Release; released is set then.
	arena    *nodeArena
	released bool
}

// Release gives the memory of the shape's YAML to the next parse: the shape may not be used
// after it.
func (s *Shape) Release() {
	s.arena.release()
	s.arena, s.docs, s.trees, s.released = nil, nil, nil, true
}

// live panics when s is used after Release (a programming error: its nodes may be another
// file's by then).
func (s *Shape) live() {
	if s.released {
		panic("buildspec: a Shape used after its Release")
	}
}

// Reuse makes Parse take the shell tree of a command whose text is that of one of specs's
// commands (specs are the shape's file parsed) from that command, instead of parsing the text
// again: a fixed file differs from its file in a few commands. Only trees parsed without an
// error or a limit are taken, so what Parse reports is what a parse of the text would.
func (s *Shape) Reuse(specs []*Buildspec) {
	s.live()
	for _, b := range specs {
		for _, c := range b.CommandsInOrder() {
			if sc := c.Script; sc != nil && sc.Dialect == DialectShell && sc.Err == nil && sc.File != nil {
				if s.trees == nil {
					s.trees = map[string]*syntax.File{}
				}
				s.trees[c.Value] = sc.File
			}
		}
	}
}

// NewShape decodes the YAML of before.
func NewShape(before *source.Source) *Shape {
	docs, err := decodeAll(before.Data)
	return &Shape{src: before, docs: docs, err: err}
}

// Same is SameShape of the shape's file and after. It only reads the shape.
func (s *Shape) Same(after *source.Source, changes source.Changes) error {
	s.live()
	a := takeArena()
	defer a.release()
	b, errB := decodeAllIn(after.Data, a)
	return s.same(after, b, errB, changes)
}

// Parse parses after, the shape's file with changes applied, with limits lim (ParseWithLimits),
// and compares its YAML with the shape's (Same): the YAML is decoded once for both.
func (s *Shape) Parse(after *source.Source, lim Limits, changes source.Changes) ([]*Buildspec, error) {
	s.live()
	// The nodes of after are read here only.
	a := takeArena()
	defer a.release()
	// A fix that deletes whole items (most do) leaves YAML known without decoding it.
	specs, b := parseDecoded(after, lim, s.trees, s.afterDeletion(after, changes), a)
	if b == nil {
		// Empty, not valid YAML, or not read whole: decode it all.
		var errB *syntaxError
		b, errB = decodeAllIn(after.Data, a)
		return specs, s.same(after, b, errB, changes)
	}
	return specs, s.same(after, b, nil, changes)
}

func (s *Shape) same(after *source.Source, b []*yaml.Node, errB *syntaxError, changes source.Changes) error {
	a := s.docs
	if errB != nil && s.err == nil {
		return fmt.Errorf("the YAML no longer parses: %s", errB.msg)
	}
	if len(a) != len(b) {
		return fmt.Errorf("the file has %d YAML documents instead of %d", len(b), len(a))
	}
	c := &shapeCmp{pa: &parser{src: s.src}, pb: &parser{src: after}, changes: changes}
	for i := range a {
		if err := c.node(a[i], b[i], 0); err != nil {
			return err
		}
	}
	return nil
}

// maxShapeDepth is the deepest nesting SameShape compares: a file nested deeper (no buildspec
// is) has no verified fix.
const maxShapeDepth = 200

type shapeCmp struct {
	pa, pb  *parser
	changes source.Changes
}

func (c *shapeCmp) differ(b *yaml.Node, format string, args ...any) error {
	pos := c.pb.src.Pos(c.pb.src.Offset(b.Line, b.Column))
	return fmt.Errorf("%s: %s", pos, fmt.Sprintf(format, args...))
}

func (c *shapeCmp) node(a, b *yaml.Node, depth int) error {
	if depth > maxShapeDepth {
		return c.differ(b, "the YAML is nested more than %d levels deep, too deep to compare", maxShapeDepth)
	}
	if a.Kind != b.Kind {
		return c.differ(b, "a YAML value changes its kind")
	}
	if a.Anchor != b.Anchor && (a.Kind != yaml.ScalarNode || !c.touched(a)) {
		return c.differ(b, "an anchor changes")
	}
	switch a.Kind {
	case yaml.ScalarNode:
		// Only a value that differs needs its range (which costs a scan of its text).
		if (a.Value != b.Value || a.ShortTag() != b.ShortTag()) && !c.touched(a) {
			return c.differ(b, "a YAML value that no edit touches changes (%q)", b.Value)
		}
		// An edited value keeps its type: a command must not become a boolean or a null.
		if ta, tb := a.ShortTag(), b.ShortTag(); ta != tb {
			return c.differ(b, "an edited YAML value changes its type from %s to %s", ta, tb)
		}
	case yaml.AliasNode:
		if a.Value != b.Value {
			return c.differ(b, "an alias changes")
		}
	case yaml.DocumentNode:
		if len(a.Content) != len(b.Content) {
			return c.differ(b, "a document changes")
		}
		for i := range a.Content {
			if err := c.node(a.Content[i], b.Content[i], depth+1); err != nil {
				return err
			}
		}
	case yaml.SequenceNode, yaml.MappingNode:
		if a.Tag != b.Tag && a.ShortTag() != b.ShortTag() {
			return c.differ(b, "a YAML collection changes its tag")
		}
		step := 1
		if a.Kind == yaml.MappingNode {
			step = 2
		}
		ka := c.kept(c.pa, a.Content, step, false)
		kb := c.kept(c.pb, b.Content, step, true)
		if len(ka) != len(kb) {
			return c.differ(b, "a list or mapping that the edits only touch gains or loses an item")
		}
		for i := range ka {
			for j := 0; j < step; j++ {
				if err := c.node(a.Content[ka[i]+j], b.Content[kb[i]+j], depth+1); err != nil {
					return err
				}
			}
		}
		if a.Kind == yaml.SequenceNode && len(kb) < len(b.Content) {
			return c.addedItems(a, b, kb)
		}
	}
	return nil
}

// addedItems checks the items that the changes put in list b (those not in kept): a scalar
// item has a type that an item of a, the list before, had (a string when a held no scalar): a
// fix that adds a command adds a string, never a boolean or a null.
func (c *shapeCmp) addedItems(a, b *yaml.Node, kept []int) error {
	types := map[string]bool{}
	for _, n := range a.Content {
		if n.Kind == yaml.ScalarNode {
			types[n.ShortTag()] = true
		}
	}
	if len(types) == 0 {
		types["!!str"] = true
	}
	k := 0
	for i, n := range b.Content {
		if k < len(kept) && kept[k] == i {
			k++
			continue
		}
		if n.Kind == yaml.ScalarNode && !types[n.ShortTag()] {
			return c.differ(n, "an item put in a list has type %s, which no item of the list had", n.ShortTag())
		}
	}
	return nil
}

// touched reports whether a change touches scalar a of the file before.
func (c *shapeCmp) touched(a *yaml.Node) bool {
	ra := c.pa.nodeRange(a)
	return c.changes.Touches(ra.Start.Offset, ra.End.Offset)
}

// kept returns the indexes of the items (step 1) or entries (step 2) of content that are not
// wholly inside the text of a change: before it (removed) or after it (added).
func (c *shapeCmp) kept(p *parser, content []*yaml.Node, step int, added bool) []int {
	var out []int
	for i := 0; i+step <= len(content); i += step {
		start := p.src.Offset(content[i].Line, content[i].Column)
		// Only an item that starts inside a change can lie inside it: the others need no end.
		if (!added && !c.changes.Removed(start, start)) || (added && !c.changes.Added(start, start)) {
			out = append(out, i)
			continue
		}
		end := p.nodeRange(content[i+step-1]).End.Offset
		if end < start {
			end = start
		}
		inside := c.changes.Removed(start, end)
		if added {
			inside = c.changes.Added(start, end)
		}
		if !inside {
			out = append(out, i)
		}
	}
	return out
}
