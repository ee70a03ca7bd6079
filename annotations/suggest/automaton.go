package suggest

import (
	"sort"
)

// automaton is an Aho-Corasick automaton over folded runes. It is written
// here rather than taken from a library because the one Aho-Corasick module
// the Go proxy serves here (github.com/coregx/ahocorasick) works on bytes
// and reports leftmost-longest matches only: a gazetteer must see every
// match ending at a word edge and then apply the find bar's clitic rules
// (WordCores), and a longer match that fails them must not hide a shorter
// one that passes.
//
// Transitions are stored as sorted edge lists in flat arrays (compressed
// rows), with full rows, failures resolved, for the nodes near the root.
type automaton struct {
	alpha    [0x800]int32   // rune → symbol for runes below U+0800; 0: none
	alphaMap map[rune]int32 // the other runes
	nsym     int32

	first []int32 // node u's edges are esym/enext[first[u]:first[u+1]]
	esym  []int32
	enext []int32
	root  []int32 // root's transition per symbol (0: stay at root)

	fail    []int32
	term    []int32 // first key ending at node, -1 if none
	outLink []int32 // nearest proper suffix node with term >= 0, -1 if none
	keyNext []int32 // next key ending at the same node, -1
	keyLen  []int32 // length of each key in runes

	dense []int32 // node → its row in table, -1 if it has none
	table []int32 // full rows of nsym+1 next states
}

// sym returns r's symbol, 0 when no key contains r.
func (a *automaton) sym(r rune) int32 {
	if r >= 0 && r < 0x800 {
		return a.alpha[r]
	}
	return a.alphaMap[r]
}

// newAutomaton builds the automaton of keys; key i is reported as i.
// Keys are inserted in sorted order, so each node's children are created
// in increasing symbol order and the trie needs no map.
func newAutomaton(keys []string) *automaton {
	a := &automaton{alphaMap: map[rune]int32{}}
	// Symbols in code point order, so that byte order of keys is symbol order.
	var alphabet []rune
	seen := map[rune]bool{}
	for _, k := range keys {
		for _, r := range k {
			if !seen[r] {
				seen[r] = true
				alphabet = append(alphabet, r)
			}
		}
	}
	sort.Slice(alphabet, func(i, j int) bool { return alphabet[i] < alphabet[j] })
	for i, r := range alphabet {
		y := int32(i + 1)
		if r >= 0 && r < 0x800 {
			a.alpha[r] = y
		} else {
			a.alphaMap[r] = y
		}
	}
	a.nsym = int32(len(alphabet))
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(i, j int) bool { return keys[order[i]] < keys[order[j]] })

	type edge struct{ parent, sym, child int32 }
	var edges []edge
	n := int32(1)
	a.keyLen = make([]int32, len(keys))
	endNode := make([]int32, len(keys))
	var path []int32 // path[d]: node at depth d+1 of the previous key
	var prev []rune
	var cur []rune
	for _, ki := range order {
		cur = cur[:0]
		for _, r := range keys[ki] {
			cur = append(cur, r)
		}
		common := 0
		for common < len(cur) && common < len(prev) && cur[common] == prev[common] {
			common++
		}
		path = path[:common]
		s := int32(0)
		if common > 0 {
			s = path[common-1]
		}
		for _, r := range cur[common:] {
			c := n
			n++
			edges = append(edges, edge{s, a.sym(r), c})
			path = append(path, c)
			s = c
		}
		a.keyLen[ki] = int32(len(cur))
		endNode[ki] = s
		prev = append(prev[:0], cur...)
	}
	// Counting sort by parent; within a parent, edges are already in
	// symbol order.
	a.first = make([]int32, n+1)
	for _, e := range edges {
		a.first[e.parent+1]++
	}
	for u := int32(1); u <= n; u++ {
		a.first[u] += a.first[u-1]
	}
	a.esym = make([]int32, len(edges))
	a.enext = make([]int32, len(edges))
	fill := append([]int32(nil), a.first[:n]...)
	for _, e := range edges {
		i := fill[e.parent]
		fill[e.parent]++
		a.esym[i] = e.sym
		a.enext[i] = e.child
	}
	a.root = make([]int32, a.nsym+1)
	for i := a.first[0]; i < a.first[1]; i++ {
		a.root[a.esym[i]] = a.enext[i]
	}
	a.term = make([]int32, n)
	for i := range a.term {
		a.term[i] = -1
	}
	a.keyNext = make([]int32, len(keys))
	for i := len(keys) - 1; i >= 0; i-- {
		a.keyNext[i] = a.term[endNode[i]]
		a.term[endNode[i]] = int32(i)
	}
	a.fail = make([]int32, n)
	a.outLink = make([]int32, n)
	a.outLink[0] = -1
	a.dense = make([]int32, n)
	for i := range a.dense {
		a.dense[i] = -1
	}
	a.dense[0] = 0
	a.table = append(a.table, a.root...)
	depth := make([]int8, n)
	queue := make([]int32, 0, n)
	for i := a.first[0]; i < a.first[1]; i++ {
		c := a.enext[i]
		a.outLink[c] = -1
		depth[c] = 1
		queue = append(queue, c)
	}
	w := a.nsym + 1
	for h := 0; h < len(queue); h++ {
		u := queue[h]
		if depth[u] <= denseDepth && len(a.table)+int(w) <= maxDense {
			// A full row: every symbol's next state, failures resolved.
			row := int32(len(a.table)) / w
			a.dense[u] = row
			frow := a.table[a.dense[a.fail[u]]*w:][:w]
			a.table = append(a.table, frow...)
			for i := a.first[u]; i < a.first[u+1]; i++ {
				a.table[row*w+a.esym[i]] = a.enext[i]
			}
		}
		for i := a.first[u]; i < a.first[u+1]; i++ {
			y, v := a.esym[i], a.enext[i]
			a.fail[v] = a.step(a.fail[u], y)
			f := a.fail[v]
			if a.term[f] >= 0 {
				a.outLink[v] = f
			} else {
				a.outLink[v] = a.outLink[f]
			}
			if depth[u] < 127 {
				depth[v] = depth[u] + 1
			} else {
				depth[v] = 127
			}
			queue = append(queue, v)
		}
	}
	return a
}

// denseDepth is the depth down to which nodes have a full transition row:
// the automaton spends most of its time near the root.
const denseDepth = 3

// maxDense caps the full rows at 4 M states (16 MB); nodes past it, in
// breadth-first order, use their edge lists.
const maxDense = 4 << 20

// edge returns u's child on symbol y, or -1.
func (a *automaton) edge(u, y int32) int32 {
	if u == 0 {
		if c := a.root[y]; c != 0 {
			return c
		}
		return -1
	}
	lo, hi := a.first[u], a.first[u+1]
	for lo < hi {
		m := (lo + hi) >> 1
		switch s := a.esym[m]; {
		case s == y:
			return a.enext[m]
		case s < y:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

// step returns the state after reading symbol y in state u.
func (a *automaton) step(u, y int32) int32 {
	if y == 0 {
		return 0
	}
	for {
		if row := a.dense[u]; row >= 0 {
			return a.table[row*(a.nsym+1)+y]
		}
		if c := a.edge(u, y); c >= 0 {
			return c
		}
		u = a.fail[u]
	}
}
