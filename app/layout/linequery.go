package layout

import (
	"math"
	"sort"
)

// Queries on one line. They need nothing but the Line, in its own
// coordinates (x from the left edge of the text area, y as the Line has
// it), so a caller holding only some paragraphs' lines — the article view
// lays out what is on screen — can hit-test and highlight without laying
// out every paragraph above, as Layout.HitTest, Caret and Rects must to
// find a y. Those methods are built on these.
//
// The edge argument says where a caret may stop inside a glyph cluster of
// several code points (a lam-alef ligature holds two letters; a letter
// with its harakat is one cluster with no stop inside): it is asked about
// each offset strictly inside such a cluster, and a nil edge allows none.
// A Layout's own queries allow a stop at every grapheme boundary inside a
// cluster; the article view allows those where a span may start or end.

// HitTest returns the caret offset nearest x on the line: a boundary
// between glyph clusters, or inside a cluster where edge allows one (a
// cluster is split evenly between its stops). Left of the line's content
// it gives the offset of its left end, right of it that of its right end
// (in an RTL run the right end is the run's start); an empty line gives
// its Start.
func (ln *Line) HitTest(x float32, edge func(off int) bool) int {
	if len(ln.Runs) == 0 {
		return ln.Start
	}
	first, last := &ln.Runs[0], &ln.Runs[len(ln.Runs)-1]
	if len(first.Clusters) == 0 || len(last.Clusters) == 0 {
		return ln.Start
	}
	if x < first.X {
		c := first.Clusters[0]
		if first.RTL {
			return c.End
		}
		return c.Start
	}
	if x < last.X+last.Width {
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
			var buf [8]int
			stops := clusterStops(buf[:0], c, edge)
			// Nearest stop; stops are in logical order, positions in visual order.
			frac := float32(0.5)
			if c.Advance > 0 {
				frac = (x - c.X) / c.Advance
			}
			k := len(stops) - 1
			j := int(math.Round(float64(frac * float32(k))))
			j = max(0, min(j, k))
			if r.RTL {
				j = k - j
			}
			return stops[j]
		}
	}
	c := last.Clusters[len(last.Clusters)-1]
	if last.RTL {
		return c.Start
	}
	return c.End
}

// CodePointAt returns the offset of the code point drawn at x on the line
// — for a cluster with stops inside (see edge), the one under x — or -1
// when x is on none of the line's glyphs.
func (ln *Line) CodePointAt(x float32, edge func(off int) bool) int {
	for ri := range ln.Runs {
		r := &ln.Runs[ri]
		if x < r.X || x >= r.X+r.Width {
			continue
		}
		for _, c := range r.Clusters {
			if c.Advance <= 0 || x < c.X || x >= c.X+c.Advance {
				continue
			}
			var buf [8]int
			stops := clusterStops(buf[:0], c, edge)
			k := len(stops) - 1
			f := (x - c.X) / c.Advance
			if r.RTL {
				f = 1 - f
			}
			return stops[max(0, min(int(f*float32(k)), k-1))]
		}
	}
	return -1
}

// CaretX returns the x at which the caret for code-point offset off is
// drawn on the line: the leading edge of the cluster that starts there
// (the right edge in an RTL run), the matching stop when off is inside a
// cluster (the next one edge allows), else the trailing edge of a cluster
// that ends there. ok is false when no cluster of the line starts, holds
// or ends at off.
func (ln *Line) CaretX(off int, edge func(off int) bool) (x float32, ok bool) {
	var endX float32
	foundEnd := false
	for ri := range ln.Runs {
		r := &ln.Runs[ri]
		if off < r.Start || off > r.End {
			continue
		}
		for _, c := range r.Clusters {
			if c.Start <= off && off < c.End {
				if off == c.Start {
					return stopX(c, 0, 1, r.RTL), true
				}
				var buf [8]int
				stops := clusterStops(buf[:0], c, edge)
				for j, s := range stops {
					if s >= off {
						return stopX(c, j, len(stops)-1, r.RTL), true
					}
				}
			}
			if c.End == off && !foundEnd {
				endX, foundEnd = stopX(c, 1, 1, r.RTL), true
			}
		}
	}
	return endX, foundEnd
}

// AppendRects appends to dst the highlight rectangles of the code-point
// range [start, end) on the line, left to right: one per visually
// contiguous piece, each exactly under its glyph clusters and as tall as
// the text line (Y is TextTop, the badge band excluded). Part of a cluster
// is covered proportionally between the stops edge allows; collapsed
// trailing white space gives nothing. Rect.Line is left 0: a Line does not
// know its index.
func (ln *Line) AppendRects(dst []Rect, start, end int, edge func(off int) bool) []Rect {
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
				var buf [8]int
				stops := clusterStops(buf[:0], c, edge)
				k := len(stops) - 1
				a, b := 0, k
				for j, s := range stops {
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
			if n := len(dst); n > n0 {
				if cur := &dst[n-1]; math.Abs(float64(cur.X+cur.W-x0)) < eps {
					cur.W = x1 - cur.X
					continue
				}
			}
			dst = append(dst, Rect{X: x0, Y: ln.TextTop(), W: x1 - x0, H: ln.Height - ln.Band})
		}
	}
	return dst
}

// clusterStops appends to dst the offsets a caret may take in cluster c,
// in logical order: its start, every offset inside it that edge allows,
// its end.
func clusterStops(dst []int, c Cluster, edge func(off int) bool) []int {
	dst = append(dst, c.Start)
	if edge != nil {
		for off := c.Start + 1; off < c.End; off++ {
			if edge(off) {
				dst = append(dst, off)
			}
		}
	}
	return append(dst, c.End)
}

// stopX returns the x of caret stop j of k+1 stops in cluster c of a run.
func stopX(c Cluster, j, k int, rtl bool) float32 {
	f := float32(j) / float32(k)
	if rtl {
		return c.X + c.Advance*(1-f)
	}
	return c.X + c.Advance*f
}
