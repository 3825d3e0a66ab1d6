package buildspec

import (
	"hash/maphash"
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
// then what a parse of it would), of texts up to maxMemoText bytes, and only when the text is
// met a second time: a text met once is parsed as before, and remembered by a hash of it (up to
// maxOnce of them, forgotten all at once past that), so that the texts kept are those a run
// repeats. Once what the memo keeps weighs maxMemoWeight (memoWeight: about 12 MB), no more
// is kept. Nothing is evicted.
var shellTrees = newTreeMemo()

const (
	maxMemoText   = 1 << 10
	maxMemoWeight = 12 << 20
	maxOnce       = 1 << 16
)

func newTreeMemo() *treeMemo { return &treeMemo{seed: maphash.MakeSeed()} }

type treeMemo struct {
	// snap is read without a lock: most texts are found in it. A text parsed since it was made
	// is in fresh, and fresh goes into a new snap once it holds a quarter as many (so that each
	// text is copied a few times at most).
	snap   atomic.Pointer[map[string]*memoTree]
	mu     sync.Mutex
	fresh  map[string]*memoTree
	weight int // of the trees kept, in snap and fresh
	// once holds the hashes of texts met once and not kept.
	once map[uint64]struct{}
	seed maphash.Seed
}

// memoTree is a text's tree, and the calls its first walk found (set once, by that walk).
type memoTree struct {
	f    *syntax.File
	walk atomic.Pointer[walkTemplate]
	// decls is Script.Decls of f, worked out once.
	declsOnce sync.Once
	decls     []syntax.Node
}

// memoWeight estimates what keeping the tree of text and the calls of its walk costs, in bytes:
// about 1,500 bytes a call (a call starts the text or follows ; | & ( ` or a line break,
// counted even where quoted) and 160 a word (measured on commands of thousands of calls).
func memoWeight(text string) int {
	w := len(text) + 1500
	inWord := false
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case ' ', '\t':
			inWord = false
		case ';', '|', '&', '(', '`', '\n':
			w += 1500
			inWord = false
		default:
			if !inWord {
				w += 160
				inWord = true
			}
		}
	}
	return w
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
	if snap := m.snap.Load(); snap != nil {
		if t, ok := (*snap)[text]; ok {
			return t, t.f, nil, nil
		}
	}
	h := maphash.String(m.seed, text)
	m.mu.Lock()
	if t, ok := m.fresh[text]; ok {
		m.mu.Unlock()
		return t, t.f, nil, nil
	}
	full := m.weight >= maxMemoWeight
	_, again := m.once[h]
	if !full && !again {
		if len(m.once) >= maxOnce || m.once == nil {
			m.once = make(map[uint64]struct{})
		}
		m.once[h] = struct{}{}
	}
	m.mu.Unlock()
	if full || !again {
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
	w := memoWeight(own)
	if _, ok := m.fresh[own]; ok || m.weight+w > maxMemoWeight {
		return nil, f, nil, nil // kept meanwhile, or no room left
	}
	if m.fresh == nil {
		m.fresh = map[string]*memoTree{}
	}
	t = &memoTree{f: f}
	m.fresh[own] = t
	m.weight += w
	delete(m.once, h)
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
