package buildspec

import (
	"sync"

	"go.yaml.in/yaml/v3"
)

// nodeArena lends fastDecode the blocks it cuts a file's nodes and their Content slices from,
// and takes them back when the file's nodes are no longer read, for the next file: a run
// decodes thousands of files, and allocating their nodes afresh (152 bytes each) was a fifth
// of the bytes a run allocates. The model keeps no node (rules read the model, never
// yaml.Node): the nodes of a parse are read by the parser, and by the Shape that compares
// fixed texts with the file, until Shape.Release. A nil arena allocates, as before.
type nodeArena struct {
	nodes  [][]yaml.Node
	slabs  [][]*yaml.Node
	ni, si int // the blocks lent since the arena was taken
}

// arenaBlock is the largest of an arena's blocks, in nodes and in Content pointers.
const arenaBlock = maxNodeBlock

// maxArenaBlocks is the most blocks of each kind an arena keeps when it is given back (a file
// that needed more is rare, and its blocks are left to the garbage collector).
const maxArenaBlocks = 8

var arenas = sync.Pool{New: func() any { return new(nodeArena) }}

// takeArena returns an arena with no block lent.
func takeArena() *nodeArena { return arenas.Get().(*nodeArena) }

// release gives a back: none of the nodes cut from it may be read after. Nil is allowed.
func (a *nodeArena) release() {
	if a == nil {
		return
	}
	a.ni, a.si = 0, 0
	if len(a.nodes) > maxArenaBlocks {
		clear(a.nodes[maxArenaBlocks:])
		a.nodes = a.nodes[:maxArenaBlocks]
	}
	if len(a.slabs) > maxArenaBlocks {
		clear(a.slabs[maxArenaBlocks:])
		a.slabs = a.slabs[:maxArenaBlocks]
	}
	arenas.Put(a)
}

// nodeBlock returns an empty block for at least n nodes (n <= arenaBlock). Its nodes may hold
// what an earlier file put there: a node cut from it is written whole (yamlFast.node). A
// block the arena keeps grows to the most asked of it, so that a run of small files, or a
// single one, allocates no more than it uses.
func (a *nodeArena) nodeBlock(n int) []yaml.Node {
	if a == nil {
		return make([]yaml.Node, 0, n)
	}
	if a.ni == len(a.nodes) {
		a.nodes = append(a.nodes, nil)
	}
	if cap(a.nodes[a.ni]) < n {
		a.nodes[a.ni] = make([]yaml.Node, 0, n)
	}
	a.ni++
	return a.nodes[a.ni-1][:0]
}

// slabBlock returns an empty block for at least n Content pointers, as nodeBlock does.
func (a *nodeArena) slabBlock(n int) []*yaml.Node {
	if a == nil || n > arenaBlock {
		return make([]*yaml.Node, 0, n)
	}
	if a.si == len(a.slabs) {
		a.slabs = append(a.slabs, nil)
	}
	if cap(a.slabs[a.si]) < n {
		a.slabs[a.si] = make([]*yaml.Node, 0, n)
	}
	a.si++
	return a.slabs[a.si-1][:0]
}

// mark and rewind give back the blocks lent since mark (a decode that was declined).
func (a *nodeArena) mark() [2]int {
	if a == nil {
		return [2]int{}
	}
	return [2]int{a.ni, a.si}
}

func (a *nodeArena) rewind(m [2]int) {
	if a != nil {
		a.ni, a.si = m[0], m[1]
	}
}
