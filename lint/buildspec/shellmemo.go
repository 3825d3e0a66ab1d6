package buildspec

import (
	"strings"
	"sync"
	"sync/atomic"

	"mvdan.cc/sh/v3/syntax"
)

// shellTrees keeps the trees of short command texts for every file a process reads: a
// monorepo's buildspecs repeat their commands (the same login, install and build lines in
// service after service), and a text is the same tree wherever it is, since a tree's positions
// are offsets in its text and the file positions come from each command's own map. A tree is
// read, never changed, by the walker and the rules, so one tree serves any number of commands
// and goroutines.
//
// Only trees parsed without an error or a limit are kept (what a reader reports about a text is
// then what a parse of it would), of texts up to maxMemoText bytes, until the texts kept add up
// to maxMemoBytes: a tree takes 20 to 35 times its text (a plain word list the least), so the
// trees kept stay under about 10 MB. The first texts seen are kept, with no eviction: a run that
// meets more distinct commands than that parses the rest as before.
var shellTrees treeMemo

const (
	maxMemoText  = 1 << 10
	maxMemoBytes = 256 << 10
)

type treeMemo struct {
	// snap is read without a lock: most texts are found in it. A text parsed since it was made
	// is in fresh, and fresh goes into a new snap once it holds a quarter as many (so that each
	// text is copied a few times at most).
	snap  atomic.Pointer[map[string]*syntax.File]
	mu    sync.Mutex
	fresh map[string]*syntax.File
	bytes int // the text kept, in snap and fresh
}

// parse returns parseBounded(text), from the memo when text is in it.
func (m *treeMemo) parse(text string) (*syntax.File, *overLimit, error) {
	if len(text) > maxMemoText {
		return parseBounded(text)
	}
	snap := m.snap.Load()
	if snap != nil {
		if f, ok := (*snap)[text]; ok {
			return f, nil, nil
		}
	}
	m.mu.Lock()
	f, ok := m.fresh[text]
	full := m.bytes+len(text) > maxMemoBytes
	m.mu.Unlock()
	if ok {
		return f, nil, nil
	}
	if full {
		return parseBounded(text)
	}
	// The tree may hold pieces of the text it was parsed from: parsed from a copy, it keeps
	// none of the file the command is in.
	own := strings.Clone(text)
	f, lim, err := parseBounded(own)
	if f == nil || lim != nil || err != nil {
		return f, lim, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.fresh[own]; ok || m.bytes+len(own) > maxMemoBytes {
		return f, nil, nil // kept meanwhile, or no room left
	}
	if m.fresh == nil {
		m.fresh = map[string]*syntax.File{}
	}
	m.fresh[own] = f
	m.bytes += len(own)
	snap = m.snap.Load()
	n := 0
	if snap != nil {
		n = len(*snap)
	}
	if len(m.fresh) >= 16+n/4 {
		next := make(map[string]*syntax.File, n+len(m.fresh))
		if snap != nil {
			for k, v := range *snap {
				next[k] = v
			}
		}
		for k, v := range m.fresh {
			next[k] = v
		}
		m.snap.Store(&next)
		clear(m.fresh)
	}
	return f, nil, nil
}
