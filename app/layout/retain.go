package layout

import (
	"sync"
	"sync/atomic"
)

// retainBudget bounds each table of per-paragraph results a document or
// layout keeps (analysis, shaping at a font size, lines at a width): the
// weight of the entries kept, about one unit per code point. A quarter of a
// million code points is many screens of text; what falls out is
// recomputed when asked for again, so a 12 MB article costs memory for
// what was used recently, not for every paragraph ever laid out.
const retainBudget = 1 << 18

// entryWeight is the weight of a paragraph of n code points in a
// retained table: its code points and a fixed part for the entry itself,
// so a flood of empty paragraphs is bounded too.
func entryWeight(n int) int { return n + 64 }

// retained is a table with one slot per paragraph of which only the most
// recently used entries, up to a total weight (retainBudget), are kept:
// putting an entry beyond the budget clears the least recently used slots.
// Loads are lock-free; get and put take a mutex to keep the order of use.
// A caller holding an entry keeps it alive after it leaves the table, so
// eviction never invalidates what has been handed out.
type retained[T any] struct {
	slots  []atomic.Pointer[T]
	budget int

	mu    sync.Mutex
	total int
	nodes map[int32]*retainNode
	// root is the sentinel of a ring of the entries in order of use:
	// root.next is the most recently used, root.prev the least.
	root retainNode
}

// retainNode is one kept entry: its slot, weight and place in the ring.
type retainNode struct {
	i          int32
	weight     int
	prev, next *retainNode
}

func newRetained[T any](n, budget int) *retained[T] {
	r := &retained[T]{slots: make([]atomic.Pointer[T], n), budget: budget, nodes: make(map[int32]*retainNode)}
	r.root.next, r.root.prev = &r.root, &r.root
	return r
}

// peek returns slot i's entry, or nil, without marking it used.
func (r *retained[T]) peek(i int) *T { return r.slots[i].Load() }

// get returns slot i's entry, or nil, and marks it used.
func (r *retained[T]) get(i int) *T {
	v := r.slots[i].Load()
	if v == nil {
		return nil
	}
	r.mu.Lock()
	if n := r.nodes[int32(i)]; n != nil && r.root.next != n {
		n.unlink()
		r.pushFront(n)
	}
	r.mu.Unlock()
	return v
}

// put stores v in slot i unless an entry is there already, which it then
// returns instead, and evicts the least recently used entries beyond the
// budget (never the one just put).
func (r *retained[T]) put(i int, v *T, weight int) *T {
	if !r.slots[i].CompareAndSwap(nil, v) {
		if old := r.slots[i].Load(); old != nil {
			return old
		}
		return v // evicted meanwhile: hand it out unkept
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.nodes[int32(i)]
	if n != nil {
		n.unlink()
		r.total -= n.weight
	} else {
		n = &retainNode{i: int32(i)}
		r.nodes[int32(i)] = n
	}
	n.weight = weight
	r.total += weight
	r.pushFront(n)
	for r.total > r.budget && r.root.prev != n {
		e := r.root.prev
		e.unlink()
		delete(r.nodes, e.i)
		r.total -= e.weight
		r.slots[e.i].Store(nil)
	}
	return v
}

// kept returns the number of entries kept and their total weight.
func (r *retained[T]) kept() (n, weight int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.nodes), r.total
}

// pushFront makes n the most recently used entry. r.mu must be held.
func (r *retained[T]) pushFront(n *retainNode) {
	n.prev, n.next = &r.root, r.root.next
	r.root.next.prev = n
	r.root.next = n
}

// unlink takes n out of the ring.
func (n *retainNode) unlink() {
	n.prev.next, n.next.prev = n.next, n.prev
	n.prev, n.next = nil, nil
}
