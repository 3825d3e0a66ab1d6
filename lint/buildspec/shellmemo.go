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
	trees sync.Map // text -> *syntax.File
	bytes atomic.Int64
}

// parse returns parseBounded(text), from the memo when text is in it.
func (m *treeMemo) parse(text string) (*syntax.File, *overLimit, error) {
	if len(text) > maxMemoText {
		return parseBounded(text)
	}
	if f, ok := m.trees.Load(text); ok {
		return f.(*syntax.File), nil, nil
	}
	if m.bytes.Load()+int64(len(text)) > maxMemoBytes {
		return parseBounded(text)
	}
	// The tree may hold pieces of the text it was parsed from: parsed from a copy, it keeps
	// none of the file the command is in.
	own := strings.Clone(text)
	f, lim, err := parseBounded(own)
	if f != nil && lim == nil && err == nil && m.bytes.Add(int64(len(own))) <= maxMemoBytes {
		m.trees.LoadOrStore(own, f)
	}
	return f, lim, err
}
