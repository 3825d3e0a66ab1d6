package buildspec

import (
	"go.yaml.in/yaml/v3"
)

// keyParent is the mapping a key is written in, and whether that mapping is shared: written
// under an anchor, so that aliases and merge keys use it elsewhere too.
type keyParent struct {
	m      *yaml.Node
	shared bool
}

// renameKey returns the fix that renames the unknown key k to name, the one known key it is a
// typo of, or nil when the rename is not one safe edit: the key is not a one-line plain or
// quoted scalar written as its value reads, its mapping is shared through an anchor (a rename
// would change every user of it) or merges other keys, or the mapping already has a key name
// (the rename would make a duplicate, of which YAML keeps one).
func (p *parser) renameKey(k *yaml.Node, name string) *Replacement {
	if k.Kind != yaml.ScalarNode || k.Anchor != "" || k.Tag == "!!merge" {
		return nil
	}
	par, ok := p.keyParent(k)
	if !ok || par.shared {
		return nil
	}
	for i := 0; i+1 < len(par.m.Content); i += 2 {
		if ck := par.m.Content[i]; ck.Kind != yaml.ScalarNode || ck.Value == name || isMergeKey(ck) {
			return nil
		}
	}
	var quote string
	switch k.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle) {
	case 0:
	case yaml.DoubleQuotedStyle:
		quote = `"`
	case yaml.SingleQuotedStyle:
		quote = `'`
	default:
		return nil
	}
	rng := p.scalar(k).Range
	if string(p.src.Data[rng.Start.Offset:rng.End.Offset]) != quote+k.Value+quote {
		return nil // written with escapes, over lines, or with a tag
	}
	return &Replacement{Message: "rename " + k.Value + " to " + name, Range: rng, Text: quote + name + quote}
}

// keyParent returns the mapping key k is written in, indexing the document's mappings the
// first time (aliases are not followed: a mapping is indexed where it is written).
func (p *parser) keyParent(k *yaml.Node) (keyParent, bool) {
	if p.parents == nil {
		p.parents = map[*yaml.Node]keyParent{}
		type item struct {
			n      *yaml.Node
			shared bool
		}
		stack := []item{{p.root, false}}
		for len(stack) > 0 {
			it := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if it.n == nil {
				continue
			}
			shared := it.shared || it.n.Anchor != ""
			switch it.n.Kind {
			case yaml.MappingNode:
				for i := 0; i+1 < len(it.n.Content); i += 2 {
					p.parents[it.n.Content[i]] = keyParent{it.n, shared}
					stack = append(stack, item{it.n.Content[i+1], shared})
				}
			case yaml.SequenceNode:
				for _, c := range it.n.Content {
					stack = append(stack, item{c, shared})
				}
			}
		}
	}
	par, ok := p.parents[k]
	return par, ok
}
