package buildspec

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// SameShape checks that after, which is before with changes applied, decodes to the same YAML
// as before except where the changes are: a scalar that a change touches may hold anything, a
// list item or mapping entry that lies inside the text a change replaced may go, and one inside
// the text a change put in may come. Everything else (every other key, value, tag and item, and
// the number of documents) must be as it was. It returns nil, or an error that says where the
// first difference is in after.
func SameShape(before, after *source.Source, changes source.Changes) error {
	a, errA := decodeAll(before.Data)
	b, errB := decodeAll(after.Data)
	if errB != nil && errA == nil {
		return fmt.Errorf("the YAML no longer parses: %s", errB.msg)
	}
	if len(a) != len(b) {
		return fmt.Errorf("the file has %d YAML documents instead of %d", len(b), len(a))
	}
	c := &shapeCmp{pa: &parser{src: before}, pb: &parser{src: after}, changes: changes}
	for i := range a {
		if err := c.node(a[i], b[i], 0); err != nil {
			return err
		}
	}
	return nil
}

type shapeCmp struct {
	pa, pb  *parser
	changes source.Changes
}

func (c *shapeCmp) differ(b *yaml.Node, format string, args ...any) error {
	pos := c.pb.src.Pos(c.pb.src.Offset(b.Line, b.Column))
	return fmt.Errorf("%s: %s", pos, fmt.Sprintf(format, args...))
}

func (c *shapeCmp) node(a, b *yaml.Node, depth int) error {
	if depth > 200 {
		return nil // deeper than any buildspec: the parser's limits reject it anyway
	}
	if a.Kind != b.Kind {
		return c.differ(b, "a YAML value changes its kind")
	}
	switch a.Kind {
	case yaml.ScalarNode:
		ra := c.pa.nodeRange(a)
		if c.changes.Touches(ra.Start.Offset, ra.End.Offset) {
			return nil
		}
		if a.Value != b.Value || a.ShortTag() != b.ShortTag() {
			return c.differ(b, "a YAML value that no edit touches changes (%q)", b.Value)
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
	}
	return nil
}

// kept returns the indexes of the items (step 1) or entries (step 2) of content that are not
// wholly inside the text of a change: before it (removed) or after it (added).
func (c *shapeCmp) kept(p *parser, content []*yaml.Node, step int, added bool) []int {
	var out []int
	for i := 0; i+step <= len(content); i += step {
		start := p.src.Offset(content[i].Line, content[i].Column)
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
