package layout

import (
	"math"
	"sort"
	"unicode"
)

// Rect is an axis-aligned rectangle in layout coordinates (y grows down).
type Rect struct {
	X, Y, W, H float32
	Line       int // index of the line it lies on
}

// Caret is a caret position: a vertical bar at X from Y to Y+Height.
type Caret struct {
	X, Y, Height float32
	Line         int
}

// ensureY lays out paragraphs from the top until the placed lines reach
// below y (or the document ends).
func (l *Layout) ensureY(y float32) []Line {
	for {
		l.mu.Lock()
		l.extendLocked()
		prefix, bottom := l.prefix, l.tops[l.prefix]
		lines := l.lines
		l.mu.Unlock()
		if bottom > y || prefix == len(l.paras) {
			return lines
		}
		l.LayoutParagraphs(prefix, prefix+32)
	}
}

// LineAt returns the index of the line at y: the last line whose top is at
// or above y (the first line above the top, the last one below the
// bottom), or -1 for an empty layout.
func (l *Layout) LineAt(y float32) int {
	lines := l.ensureY(y)
	if len(lines) == 0 {
		return -1
	}
	i := sort.Search(len(lines), func(i int) bool { return lines[i].Y > y })
	return max(i-1, 0)
}

// Line returns line i (absolute y), laying out what it needs.
func (l *Layout) Line(i int) (Line, bool) {
	l.mu.Lock()
	n := len(l.lines)
	l.mu.Unlock()
	if i >= n {
		l.LayoutLines(i + 1)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if i < 0 || i >= len(l.lines) {
		return Line{}, false
	}
	return l.lines[i], true
}

// LineOf returns the index of the line holding code-point offset off: the
// line it starts, or for the end of a paragraph its last line. Offsets are
// clamped to the text.
func (l *Layout) LineOf(off int) int {
	off = max(0, min(off, l.doc.length))
	p := l.doc.ParagraphAt(off)
	lines, firstLine, _ := l.placed(p + 1)
	first, last := firstLine[p], firstLine[p+1]
	i := first + sort.Search(last-first, func(k int) bool { return lines[first+k].End > off })
	return min(i, last-1)
}

// HitTest maps a point to the nearest caret position: the code-point
// offset of the boundary between glyph clusters nearest to x on the line
// at y. Left of a line's content it gives the offset of its left end,
// right of it that of its right end (in an RTL line the right end is the
// line's start). A ligature (lam-alef) is split evenly between its
// letters; harakat stay with their letter. It also returns the line index
// (-1 for an empty layout).
func (l *Layout) HitTest(x, y float32) (offset, line int) {
	line = l.LineAt(y)
	if line < 0 {
		return 0, -1
	}
	ln, _ := l.Line(line)
	return l.hitLine(&ln, x), line
}

func (l *Layout) hitLine(ln *Line, x float32) int {
	if len(ln.Runs) == 0 {
		return ln.Start
	}
	first := &ln.Runs[0]
	lastRun := &ln.Runs[len(ln.Runs)-1]
	if x < first.X {
		c := first.Clusters[0]
		if first.RTL {
			return c.End
		}
		return c.Start
	}
	if x >= lastRun.X+lastRun.Width {
		c := lastRun.Clusters[len(lastRun.Clusters)-1]
		if lastRun.RTL {
			return c.Start
		}
		return c.End
	}
	for ri := range ln.Runs {
		r := &ln.Runs[ri]
		if x >= r.X+r.Width {
			continue
		}
		cs := r.Clusters
		i := sort.Search(len(cs), func(i int) bool { return cs[i].X+cs[i].Advance > x })
		if i == len(cs) {
			i = len(cs) - 1
		}
		c := cs[i]
		stops := l.caretStops(c)
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
	c := lastRun.Clusters[len(lastRun.Clusters)-1]
	if lastRun.RTL {
		return c.Start
	}
	return c.End
}

// caretStops returns the offsets a caret may take in cluster c, in logical
// order: its start, the start of every further letter of a ligature, its
// end.
func (l *Layout) caretStops(c Cluster) []int {
	if c.End-c.Start <= 1 {
		return []int{c.Start, c.End}
	}
	stops := []int{c.Start}
	p := l.doc.ParagraphAt(c.Start)
	pt := l.doc.paras[p].text.Load()
	if pt != nil {
		for off := c.Start + 1; off < c.End; off++ {
			i := off - pt.start
			if i > 0 && i < len(pt.runes) && graphemeStart(pt.runes[i-1], pt.runes[i]) {
				stops = append(stops, off)
			}
		}
	}
	return append(stops, c.End)
}

// graphemeStart reports whether a caret may sit between prev and r inside
// a ligature: not before a mark, joiner or variation selector, not after a
// joiner, not inside an emoji sequence.
func graphemeStart(prev, r rune) bool {
	if prev == 0x200D || r == 0x200D || r == 0x200C || isEmojiComponent(r) || (r >= 0xFE00 && r <= 0xFE0F) {
		return false
	}
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) {
		return false
	}
	if k, _ := kindOf(prev, r); k == kindEmoji {
		return false
	}
	return true
}

// stopX returns the x of caret stop j of k+1 stops in cluster c of a run.
func stopX(c Cluster, j, k int, rtl bool) float32 {
	f := float32(j) / float32(k)
	if rtl {
		return c.X + c.Advance*(1-f)
	}
	return c.X + c.Advance*f
}

// Caret returns where the caret for code-point offset off is drawn: at
// the leading edge of the cluster that starts there (the right edge in an
// RTL run), or at the trailing edge of the one that ends there when off
// ends a line. Offsets are clamped to the text.
func (l *Layout) Caret(off int) Caret {
	off = max(0, min(off, l.doc.length))
	li := l.LineOf(off)
	ln, _ := l.Line(li)
	c := Caret{X: ln.X, Y: ln.TextTop(), Height: ln.Height - ln.Band, Line: li}
	if x, ok := l.caretX(&ln, off); ok {
		c.X = x
	} else if ln.RTL {
		c.X = ln.X
	} else {
		c.X = ln.X + ln.Width
	}
	return c
}

func (l *Layout) caretX(ln *Line, off int) (float32, bool) {
	// The cluster containing off (leading edge), else one ending at off.
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
				stops := l.caretStops(c)
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

// Rects returns the highlight geometry of the code-point range
// [start, end): one rectangle per visually contiguous piece, left to right
// within a line and lines top to bottom, each exactly under its glyph
// clusters and as tall as the text line (the badge band excluded). A range
// crossing lines or direction changes gives several rectangles. Part of a
// ligature is covered proportionally; collapsed trailing white space gives
// nothing.
func (l *Layout) Rects(start, end int) []Rect {
	return l.AppendRects(nil, start, end)
}

// AppendRects is Rects appending to dst.
func (l *Layout) AppendRects(dst []Rect, start, end int) []Rect {
	start, end = max(0, start), min(end, l.doc.length)
	if start >= end {
		return dst
	}
	lines, firstLine, _ := l.placed(l.doc.ParagraphAt(end) + 1)
	p := l.doc.ParagraphAt(start)
	i := firstLine[p] + sort.Search(len(lines)-firstLine[p], func(k int) bool { return lines[firstLine[p]+k].End > start })
	const eps = 0.01
	for ; i < len(lines) && lines[i].Start < end; i++ {
		ln := &lines[i]
		open := false
		var cur Rect
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
					stops := l.caretStops(c)
					k := len(stops) - 1
					a, b := 0, k
					for j, s := range stops {
						if s <= start {
							a = j
						}
						if s >= end && b == k {
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
				if open && math.Abs(float64(cur.X+cur.W-x0)) < eps {
					cur.W = x1 - cur.X
					continue
				}
				if open {
					dst = append(dst, cur)
				}
				cur = Rect{X: x0, Y: ln.TextTop(), W: x1 - x0, H: ln.Height - ln.Band, Line: i}
				open = true
			}
		}
		if open {
			dst = append(dst, cur)
		}
	}
	return dst
}

// caretXs returns every x at which the caret for off may be drawn on line
// ln: where two runs of different directions meet, or a line's end touches
// the next run, one offset has two visual positions.
func (l *Layout) caretXs(ln *Line, off int) []float32 {
	var xs []float32
	for ri := range ln.Runs {
		r := &ln.Runs[ri]
		for _, c := range r.Clusters {
			if c.Start == off {
				xs = append(xs, stopX(c, 0, 1, r.RTL))
			}
			if c.End == off {
				xs = append(xs, stopX(c, 1, 1, r.RTL))
			}
			if c.Start < off && off < c.End {
				stops := l.caretStops(c)
				for j, s := range stops {
					if s == off {
						xs = append(xs, stopX(c, j, len(stops)-1, r.RTL))
					}
				}
			}
		}
	}
	if len(xs) == 0 {
		xs = append(xs, l.Caret(off).X)
	}
	return xs
}
