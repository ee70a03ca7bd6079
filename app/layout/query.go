package layout

import (
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
		l.linesLocked(prefix)
		lines := l.lines
		l.mu.Unlock()
		if bottom > y || prefix == len(l.nlines) {
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
// (-1 for an empty layout). Line.HitTest does the same within one line.
func (l *Layout) HitTest(x, y float32) (offset, line int) {
	line = l.LineAt(y)
	if line < 0 {
		return 0, -1
	}
	ln, _ := l.Line(line)
	return ln.HitTest(x, l.edges(&ln)), line
}

// edges returns the caret-stop predicate for the clusters of ln (see
// Line.HitTest): a grapheme boundary, by graphemeStart over its paragraph's
// text (analysed again if it was released).
func (l *Layout) edges(ln *Line) func(off int) bool {
	w := l.doc.engine.getWorker()
	defer l.doc.engine.putWorker(w)
	return l.doc.paraText(w, ln.Paragraph, true).graphemeEdge
}

// graphemeEdge reports whether a caret may stop at code-point offset off
// (of the whole text) inside a glyph cluster of this paragraph.
func (pt *paraText) graphemeEdge(off int) bool {
	i := off - pt.start
	return i > 0 && i < len(pt.runes) && graphemeStart(pt.runes[i-1], pt.runes[i])
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

// Caret returns where the caret for code-point offset off is drawn: at
// the leading edge of the cluster that starts there (the right edge in an
// RTL run), or at the trailing edge of the one that ends there when off
// ends a line (Line.CaretX). Offsets are clamped to the text.
func (l *Layout) Caret(off int) Caret {
	off = max(0, min(off, l.doc.length))
	li := l.LineOf(off)
	ln, _ := l.Line(li)
	c := Caret{X: ln.X, Y: ln.TextTop(), Height: ln.Height - ln.Band, Line: li}
	if x, ok := ln.CaretX(off, l.edges(&ln)); ok {
		c.X = x
	} else if ln.RTL {
		c.X = ln.X
	} else {
		c.X = ln.X + ln.Width
	}
	return c
}

// Rects returns the highlight geometry of the code-point range
// [start, end): one rectangle per visually contiguous piece, left to right
// within a line and lines top to bottom, each exactly under its glyph
// clusters and as tall as the text line (the badge band excluded). A range
// crossing lines or direction changes gives several rectangles. Part of a
// ligature is covered proportionally; collapsed trailing white space gives
// nothing. Line.AppendRects gives the rectangles within one line.
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
	for ; i < len(lines) && lines[i].Start < end; i++ {
		ln := &lines[i]
		n := len(dst)
		dst = ln.AppendRects(dst, start, end, l.edges(ln))
		for k := n; k < len(dst); k++ {
			dst[k].Line = i
		}
	}
	return dst
}
