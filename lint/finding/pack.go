package finding

import (
	"strings"
	"unique"
)

// Pack returns copies of fs that share a few allocations: the findings in one array, their
// fixes, edits, tool lists and related places in one array each, and their new texts in one
// string. A run keeps every file's findings until its output, and each collection marks what is
// kept object by object: packed, a file's findings are a handful of objects instead of a dozen
// or more. Messages are interned (unique.Make): a monorepo's files repeat them (the same image,
// the same tools), and a run kept a copy of each until the output. The findings of fs are left
// as they are; tool names are shared, not copied.
func Pack(fs []*Finding) []*Finding {
	if len(fs) == 0 {
		return fs
	}
	var text, tools, fixes, edits, related int
	for _, f := range fs {
		tools += len(f.Tools)
		related += len(f.Related)
		if f.Fix != nil {
			fixes++
			edits += len(f.Fix.Edits)
			for _, e := range f.Fix.Edits {
				text += len(e.NewText)
			}
		}
	}
	var b strings.Builder
	b.Grow(text)
	at := func(s string) [2]int {
		start := b.Len()
		b.WriteString(s)
		return [2]int{start, b.Len()}
	}
	// Where each text goes in the string, in the order Pack visits them.
	spans := make([][2]int, 0, edits)
	for _, f := range fs {
		if f.Fix != nil {
			for _, e := range f.Fix.Edits {
				spans = append(spans, at(e.NewText))
			}
		}
	}
	all := b.String()
	next := func() string {
		s := spans[0]
		spans = spans[1:]
		return all[s[0]:s[1]]
	}
	out := make([]*Finding, len(fs))
	slab := make([]Finding, len(fs))
	toolSlab := make([]string, 0, tools)
	relSlab := make([]Related, 0, related)
	fixSlab := make([]Fix, 0, fixes)
	editSlab := make([]Edit, 0, edits)
	for i, f := range fs {
		g := &slab[i]
		*g = *f
		g.Message = intern(f.Message)
		if f.Tools != nil {
			n := len(toolSlab)
			toolSlab = append(toolSlab, f.Tools...)
			g.Tools = toolSlab[n:len(toolSlab):len(toolSlab)]
		}
		if f.Related != nil {
			n := len(relSlab)
			for _, r := range f.Related {
				r.Message = intern(r.Message)
				relSlab = append(relSlab, r)
			}
			g.Related = relSlab[n:len(relSlab):len(relSlab)]
		}
		if f.Fix != nil {
			fixSlab = append(fixSlab, *f.Fix)
			fx := &fixSlab[len(fixSlab)-1]
			fx.Message = intern(f.Fix.Message)
			if f.Fix.Edits != nil {
				n := len(editSlab)
				for _, e := range f.Fix.Edits {
					e.NewText = next()
					editSlab = append(editSlab, e)
				}
				fx.Edits = editSlab[n:len(editSlab):len(editSlab)]
			}
			g.Fix = fx
		}
		out[i] = g
	}
	return out
}

// intern returns the one copy of s that every equal message shares (unique.Make, which copies
// s: an interned message holds none of the file's text it may have been cut from).
func intern(s string) string {
	if s == "" {
		return s
	}
	return unique.Make(s).Value()
}
