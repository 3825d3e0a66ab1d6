package buildspec

import "strings"

// walkTemplate is the calls that the walk of a memo tree found, without a command or
// positions: a command of the same text gets copies of them (instantiate) with its own, in the
// place of a walk of its own. The strings are the template's, so no file's text is kept.
type walkTemplate struct {
	calls []Call
	words []Word
	// Of each call: the index in words of its first word, of its Via in calls (-1: none), of
	// its first argument in its words (-1: Args is nil), of the word its name was taken from
	// (-1: none), and in nests of the `sh -c` string it runs (-1: none).
	first, via, args, nameOf, nest []int
	nests                          []nest // via is nil: the calls are the template's
}

// newWalkTemplate returns the template of calls, the walk of a text (nests its `sh -c`
// strings), or nil when the calls are not as a walk makes them.
func newWalkTemplate(calls []*Call, nests []nest) *walkTemplate {
	index := make(map[*Call]int, len(calls))
	n := 0
	for i, c := range calls {
		index[c] = i
		n += len(c.Words)
	}
	k := len(calls)
	t := &walkTemplate{calls: make([]Call, k), words: make([]Word, 0, n),
		first: make([]int, k), via: make([]int, k), args: make([]int, k), nameOf: make([]int, k), nest: make([]int, k)}
	for i, c := range calls {
		x := *c
		t.via[i], t.args[i], t.nameOf[i], t.nest[i] = -1, -1, -1, -1
		if c.Via != nil {
			v, ok := index[c.Via]
			if !ok || v >= i {
				return nil
			}
			t.via[i] = v
		}
		t.first[i] = len(t.words)
		for _, w := range c.Words {
			y := *w
			y.Value, y.at.pm = strings.Clone(w.Value), nil
			t.words = append(t.words, y)
		}
		// Args is the end of Words, and the name is taken from one of them.
		if c.Args != nil {
			from := len(c.Words) - len(c.Args)
			if from < 0 {
				return nil
			}
			for j, a := range c.Args {
				if c.Words[from+j] != a {
					return nil
				}
			}
			t.args[i] = from
		}
		if c.nameOf != nil {
			for j, w := range c.Words {
				if w == c.nameOf {
					t.nameOf[i] = j
				}
			}
			if t.nameOf[i] < 0 {
				return nil
			}
		}
		x.Command, x.Via, x.pm, x.at.pm = nil, nil, nil, nil
		x.Words, x.Args, x.nameOf = nil, nil, nil
		x.text, x.name = strings.Clone(c.text), strings.Clone(c.name)
		x.Wrappers = cloneStrings(c.Wrappers)
		x.Assigns = cloneStrings(c.Assigns)
		t.calls[i] = x
	}
	for j, ns := range nests {
		v, ok := index[ns.via]
		if !ok || t.nest[v] >= 0 || ns.word < 0 || ns.word >= len(calls[v].Words) {
			return nil
		}
		t.nest[v] = j
		t.nests = append(t.nests, nest{word: ns.word, segs: ns.segs})
	}
	return t
}

// cloneStrings copies s and its strings (nil stays nil).
func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.Clone(v)
	}
	return out
}

// instantiate returns the template's calls for cmd, whose text pm maps to the file.
func (t *walkTemplate) instantiate(cmd *Command, pm posMap) []*Call {
	if len(t.calls) == 0 {
		return nil
	}
	cs := make([]Call, len(t.calls))
	ws := make([]Word, len(t.words))
	ptrs := make([]*Word, len(t.words))
	out := make([]*Call, len(t.calls))
	var inner []posMap // the map of the `sh -c` string a call runs (most commands run none)
	if len(t.nests) > 0 {
		inner = make([]posMap, len(t.calls))
	}
	for i := range t.calls {
		c := &cs[i]
		*c = t.calls[i]
		c.Command = cmd
		cpm := pm
		if v := t.via[i]; v >= 0 {
			c.Via, cpm = &cs[v], inner[v]
		}
		c.pm, c.at.pm = cpm, cpm
		end := len(t.words)
		if i+1 < len(t.calls) {
			end = t.first[i+1]
		}
		for k := t.first[i]; k < end; k++ {
			ws[k] = t.words[k]
			ws[k].at.pm = cpm
			ptrs[k] = &ws[k]
		}
		c.Words = ptrs[t.first[i]:end:end]
		if a := t.args[i]; a >= 0 {
			c.Args = c.Words[a:]
		}
		if j := t.nameOf[i]; j >= 0 {
			c.nameOf = c.Words[j]
		}
		if n := t.nest[i]; n >= 0 {
			inner[i] = nestedMap(cpm, t.nests[n].segs, c.Words[t.nests[n].word])
		}
		out[i] = c
	}
	return out
}
