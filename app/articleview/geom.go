package articleview

import (
	"math"
	"sort"

	"github.com/hamesh-app/hamesh/app/layout"
)

// Geometry of one laid-out line: point -> offset and range -> x extents.
// These work on a single line (app/layout's Layout.HitTest and Rects need
// every paragraph above laid out, which a long article may not be yet), in
// the line's own x coordinates (from the left edge of the text area).

// xspan is a horizontal extent [X0, X1) on a line.
type xspan struct{ X0, X1 float32 }

// stops returns the caret stops of cluster c in logical order: its start,
// every grapheme boundary inside it (a lam-alef ligature holds two
// letters), its end. edgeOK reports grapheme boundaries.
func stops(c layout.Cluster, edgeOK func(int) bool) []int {
	if c.End-c.Start <= 1 || edgeOK == nil {
		return []int{c.Start, c.End}
	}
	s := []int{c.Start}
	for off := c.Start + 1; off < c.End; off++ {
		if edgeOK(off) {
			s = append(s, off)
		}
	}
	return append(s, c.End)
}

// stopX is the x of stop j of k+1 stops in cluster c.
func stopX(c layout.Cluster, j, k int, rtl bool) float32 {
	f := float32(j) / float32(k)
	if rtl {
		return c.X + c.Advance*(1-f)
	}
	return c.X + c.Advance*f
}

// caretAt returns the caret offset nearest x on ln: a boundary between
// grapheme clusters. Left of the content it is the offset of the line's
// left end, right of it that of its right end.
func caretAt(ln *layout.Line, x float32, edgeOK func(int) bool) int {
	if len(ln.Runs) == 0 {
		return ln.Start
	}
	first, last := &ln.Runs[0], &ln.Runs[len(ln.Runs)-1]
	if x < first.X {
		if first.RTL {
			return first.Clusters[0].End
		}
		return first.Clusters[0].Start
	}
	for ri := range ln.Runs {
		r := &ln.Runs[ri]
		if x >= r.X+r.Width || len(r.Clusters) == 0 {
			continue
		}
		cs := r.Clusters
		i := sort.Search(len(cs), func(i int) bool { return cs[i].X+cs[i].Advance > x })
		if i == len(cs) {
			i = len(cs) - 1
		}
		c := cs[i]
		st := stops(c, edgeOK)
		k := len(st) - 1
		frac := float32(0.5)
		if c.Advance > 0 {
			frac = (x - c.X) / c.Advance
		}
		j := int(math.Round(float64(frac * float32(k))))
		j = max(0, min(j, k))
		if r.RTL {
			j = k - j
		}
		return st[j]
	}
	c := last.Clusters[len(last.Clusters)-1]
	if last.RTL {
		return c.Start
	}
	return c.End
}

// charAt returns the code point drawn at x on ln (for a ligature, the
// letter under x), or -1 when x is off the line's glyphs.
func charAt(ln *layout.Line, x float32, edgeOK func(int) bool) int {
	for ri := range ln.Runs {
		r := &ln.Runs[ri]
		if x < r.X || x >= r.X+r.Width {
			continue
		}
		for _, c := range r.Clusters {
			if c.Advance <= 0 || x < c.X || x >= c.X+c.Advance {
				continue
			}
			st := stops(c, edgeOK)
			k := len(st) - 1
			f := (x - c.X) / c.Advance
			if r.RTL {
				f = 1 - f
			}
			j := max(0, min(int(f*float32(k)), k-1))
			return st[j]
		}
	}
	return -1
}

// xRanges returns the x extents covered by the code points [start, end) on
// ln, left to right, adjacent pieces merged: one per visually contiguous
// piece. Part of a ligature is covered proportionally.
func xRanges(dst []xspan, ln *layout.Line, start, end int, edgeOK func(int) bool) []xspan {
	start, end = max(start, ln.Start), min(end, ln.End)
	if start >= end {
		return dst
	}
	const eps = 0.01
	n0 := len(dst)
	for ri := range ln.Runs {
		r := &ln.Runs[ri]
		if r.End <= start || r.Start >= end {
			continue
		}
		for _, c := range r.Clusters {
			if c.End <= start || c.Start >= end || c.Advance == 0 {
				continue
			}
			x0, x1 := c.X, c.X+c.Advance
			if c.Start < start || c.End > end {
				st := stops(c, edgeOK)
				k := len(st) - 1
				a, b := 0, k
				for j, s := range st {
					if s <= start {
						a = j
					}
					if s >= end {
						b = j
						break
					}
				}
				if a >= b {
					continue
				}
				xa, xb := stopX(c, a, k, r.RTL), stopX(c, b, k, r.RTL)
				x0, x1 = min(xa, xb), max(xa, xb)
			}
			if n := len(dst); n > n0 && math.Abs(float64(dst[n-1].X1-x0)) < eps {
				dst[n-1].X1 = x1
				continue
			}
			dst = append(dst, xspan{x0, x1})
		}
	}
	return dst
}

// startEdge returns the x of the edge where code point off starts to be
// drawn on ln (the right edge of its cluster in an RTL run) and the run's
// direction; ok is false when off is not on ln.
func startEdge(ln *layout.Line, off int) (x float32, rtl, ok bool) {
	for ri := range ln.Runs {
		r := &ln.Runs[ri]
		if off < r.Start || off >= r.End {
			continue
		}
		for _, c := range r.Clusters {
			if c.Start <= off && off < c.End {
				if r.RTL {
					return c.X + c.Advance, true, true
				}
				return c.X, false, true
			}
		}
	}
	return 0, false, false
}
