package agreement

import "sort"

// exactMatches counts the spans of b with the same range as a span of a,
// one to one; both are one label's spans sorted by start, then end.
func exactMatches(a, b []span) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].start == b[j].start && a[i].end == b[j].end:
			n++
			i++
			j++
		case a[i].start < b[j].start || (a[i].start == b[j].start && a[i].end < b[j].end):
			i++
		default:
			j++
		}
	}
	return n
}

// overlapMatches pairs spans of a with spans of b whose ranges intersect, one
// to one, largest overlap first (ties: a's earlier span, then b's); both are
// one label's spans sorted by start, then end. It returns the index pairs.
func overlapMatches(a, b []span) [][2]int {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	maxLen := 0
	for _, s := range b {
		maxLen = max(maxLen, s.end-s.start)
	}
	type cand struct{ overlap, i, j int }
	var cs []cand
	for i, x := range a {
		// Only spans of b starting after x.start − maxLen can reach x.
		j := sort.Search(len(b), func(k int) bool { return b[k].start > x.start-maxLen })
		for ; j < len(b) && b[j].start < x.end; j++ {
			if o := min(x.end, b[j].end) - max(x.start, b[j].start); o > 0 {
				cs = append(cs, cand{o, i, j})
			}
		}
	}
	sort.Slice(cs, func(p, q int) bool {
		if cs[p].overlap != cs[q].overlap {
			return cs[p].overlap > cs[q].overlap
		}
		if cs[p].i != cs[q].i {
			return cs[p].i < cs[q].i
		}
		return cs[p].j < cs[q].j
	})
	usedA, usedB := make([]bool, len(a)), make([]bool, len(b))
	var out [][2]int
	for _, c := range cs {
		if !usedA[c.i] && !usedB[c.j] {
			usedA[c.i], usedB[c.j] = true, true
			out = append(out, [2]int{c.i, c.j})
		}
	}
	return out
}
