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
	snap  atomic.Pointer[map[string]*memoTree]
	mu    sync.Mutex
	fresh map[string]*memoTree
	bytes int // the text kept, in snap and fresh
}

// memoTree is a text's tree, and the calls its first walk found (set once, by that walk).
type memoTree struct {
	text string
	f    *syntax.File
	walk atomic.Pointer[walkTemplate]
	// decls is Script.Decls of f, worked out once.
	declsOnce sync.Once
	decls     []syntax.Node
}

// lookup returns the memo's entry of text, or nil.
func (m *treeMemo) lookup(text string) *memoTree {
	if len(text) > maxMemoText {
		return nil
	}
	if snap := m.snap.Load(); snap != nil {
		if t, ok := (*snap)[text]; ok {
			return t
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.fresh[text]
}

// parse returns parseBounded(text), from the memo when text is in it; t is the memo's entry
// of text (nil when it is not kept), whose tree f is then.
func (m *treeMemo) parse(text string) (t *memoTree, f *syntax.File, lim *overLimit, err error) {
	if len(text) > maxMemoText {
		f, lim, err = parseBounded(text)
		return nil, f, lim, err
	}
	if t := m.lookup(text); t != nil {
		return t, t.f, nil, nil
	}
	m.mu.Lock()
	full := m.bytes+len(text) > maxMemoBytes
	m.mu.Unlock()
	if full {
		f, lim, err = parseBounded(text)
		return nil, f, lim, err
	}
	// The tree may hold pieces of the text it was parsed from: parsed from a copy, it keeps
	// none of the file the command is in.
	own := strings.Clone(text)
	f, lim, err = parseBounded(own)
	if f == nil || lim != nil || err != nil {
		return nil, f, lim, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.fresh[own]; ok || m.bytes+len(own) > maxMemoBytes {
		return nil, f, nil, nil // kept meanwhile, or no room left
	}
	if m.fresh == nil {
		m.fresh = map[string]*memoTree{}
	}
	t = &memoTree{text: own, f: f}
	m.fresh[own] = t
	m.bytes += len(own)
	snap := m.snap.Load()
	n := 0
	if snap != nil {
		n = len(*snap)
	}
	if len(m.fresh) >= 16+n/4 {
		next := make(map[string]*memoTree, n+len(m.fresh))
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
	return t, f, nil, nil
}
