package buildspec

import (
	"go.yaml.in/yaml/v3"
)

// keyParent is the mapping a key is written in, and whether that mapping is shared: written
// under an anchor, so that aliases and merge keys use it elsewhere too.
type keyParent struct {
	m      *yaml.Node
	shared bool
	// keys counts the mapping's keys by name, when a rename first needs them.
	keys map[string]int
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
	par := p.keyParent(k)
	if par == nil || par.shared {
		return nil
	}
	if par.keys == nil {
		// The mapping's keys, counted once per mapping: a file of thousands of typos in one
		// mapping must not cost a pass over the mapping for each.
		par.keys = map[string]int{}
		for i := 0; i+1 < len(par.m.Content); i += 2 {
			ck := par.m.Content[i]
			if ck.Kind != yaml.ScalarNode || isMergeKey(ck) {
				par.keys[""] = -1 // a merge or a complex key: what the mapping holds is not plain
				break
			}
			par.keys[ck.Value]++
		}
	}
	if par.keys[""] < 0 || par.keys[name] > 0 || par.keys[k.Value] != 1 {
		return nil // not plain, the rename would make a duplicate, or the key is one already
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
	rng := p.scalarRange(k)
	if string(p.src.Data[rng.Start.Offset:rng.End.Offset]) != quote+k.Value+quote {
		return nil // written with escapes, over lines, or with a tag
	}
	return &Replacement{Message: "rename " + k.Value + " to " + name, Range: rng, Text: quote + name + quote}
}

// keyParent returns the mapping key k is written in (nil when k is none), indexing the
// document's mappings the first time (aliases are not followed: a mapping is indexed where it
// is written).
func (p *parser) keyParent(k *yaml.Node) *keyParent {
	if p.parents == nil {
		p.parents = map[*yaml.Node]*keyParent{}
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
				par := &keyParent{m: it.n, shared: shared}
				for i := 0; i+1 < len(it.n.Content); i += 2 {
					p.parents[it.n.Content[i]] = par
					stack = append(stack, item{it.n.Content[i+1], shared})
				}
			case yaml.SequenceNode:
				for _, c := range it.n.Content {
					stack = append(stack, item{c, shared})
				}
			}
		}
	}
	return p.parents[k]
}
