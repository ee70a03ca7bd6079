package field

import (
	"math"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
)

// cell is the piece of a glyph cluster between two adjacent caret stops,
// on one line, in visual order. A cluster of one caret unit is one cell;
// a ligature of several units (Latin "fi") is split evenly.
type cell struct {
	x0, x1            float32
	leftOff, rightOff int // the offsets at its left and right edges
	rtl               bool
}

// start and end are the cell's logical edges.
func (c cell) start() int { return min(c.leftOff, c.rightOff) }
func (c cell) end() int   { return max(c.leftOff, c.rightOff) }

// cells returns the cells of line ln, left to right.
func (m *Model) cells(ln *layout.Line) []cell {
	var out []cell
	for ri := range ln.Runs {
		r := &ln.Runs[ri]
		for _, c := range r.Clusters {
			stops := []int{c.Start}
			for off := c.Start + 1; off < c.End; off++ {
				if m.IsCaretStop(off) {
					stops = append(stops, off)
				}
			}
			stops = append(stops, c.End)
			k := len(stops) - 1
			for j := 0; j < k; j++ {
				x0 := c.X + c.Advance*float32(j)/float32(k)
				x1 := c.X + c.Advance*float32(j+1)/float32(k)
				if r.RTL {
					// Leftmost piece is the logically last.
					out = append(out, cell{x0: x0, x1: x1, leftOff: stops[k-j], rightOff: stops[k-j-1], rtl: true})
				} else {
					out = append(out, cell{x0: x0, x1: x1, leftOff: stops[j], rightOff: stops[j+1]})
				}
			}
		}
	}
	return out
}

// lineOf returns the index of the line holding position p: for a
// downstream caret the line where the character after it is, for an
// upstream one the line where the character before it is.
func (m *Model) lineOf(p Position) int {
	l := m.Layout()
	lines := l.Lines()
	for i := range lines {
		ln := &lines[i]
		if p.Upstream {
			if ln.Start < p.Offset && p.Offset <= ln.End {
				return i
			}
		} else if ln.Start <= p.Offset && p.Offset < ln.End {
			return i
		}
	}
	// The end of a paragraph (or an empty one): the line it ends.
	return l.LineOf(p.Offset)
}

// place returns the line index and x where the caret of p is drawn.
func (m *Model) place(p Position) (line int, x float32) {
	line = m.lineOf(p)
	lines := m.Layout().Lines()
	if line < 0 || line >= len(lines) {
		return 0, 0
	}
	ln := &lines[line]
	cs := m.cells(ln)
	find := func(upstream bool) (float32, bool) {
		for _, c := range cs {
			if !upstream && c.start() == p.Offset {
				if c.rtl {
					return c.x1, true
				}
				return c.x0, true
			}
			if upstream && c.end() == p.Offset {
				if c.rtl {
					return c.x0, true
				}
				return c.x1, true
			}
		}
		return 0, false
	}
	if x, ok := find(p.Upstream); ok {
		return line, x
	}
	if x, ok := find(!p.Upstream); ok {
		return line, x
	}
	if ln.RTL {
		return line, ln.X
	}
	return line, ln.X + ln.Width
}

// CaretRect returns where the caret is drawn: the leading edge of the
// character typed next, at the line's text height.
func (m *Model) CaretRect() layout.Rect {
	line, x := m.place(m.caret)
	lines := m.Layout().Lines()
	ln := lines[max(0, min(line, len(lines)-1))]
	return layout.Rect{X: x, Y: ln.TextTop(), W: 1, H: ln.Height - ln.Band, Line: line}
}

// SelectionRects returns the highlight of the selection: one rectangle per
// visually contiguous piece, so a selection crossing a direction change
// is several rectangles. A selected newline shows as a thin box at its
// line's end.
func (m *Model) SelectionRects() []layout.Rect {
	a, b := m.Selection()
	if a == b {
		return nil
	}
	l := m.Layout()
	lines := l.Lines()
	var out []layout.Rect
	for i := range lines {
		ln := &lines[i]
		if ln.End < a || ln.Start > b {
			continue
		}
		n := len(out)
		out = ln.AppendRects(out, a, b, m.IsCaretStop)
		for k := n; k < len(out); k++ {
			out[k].Line = i
		}
		// The paragraph's newline is selected: mark the line's end.
		_, pe := l.Document().ParagraphRange(ln.Paragraph)
		if ln.End == pe && pe < len(m.text) && a <= pe && pe < b {
			x := ln.X + ln.Width
			if ln.RTL {
				x = ln.X - m.fontSize/3
			}
			out = append(out, layout.Rect{X: x, Y: ln.TextTop(), W: m.fontSize / 3, H: ln.Height - ln.Band, Line: i})
		}
	}
	return out
}

// HitTest returns the caret position nearest the point (x, y) of the text
// area: on the line at y, the cell edge nearest x.
func (m *Model) HitTest(x, y float32) Position {
	l := m.Layout()
	li := l.LineAt(y)
	if li < 0 {
		return Position{}
	}
	return m.hitLine(li, x)
}

func (m *Model) hitLine(li int, x float32) Position {
	lines := m.Layout().Lines()
	ln := &lines[li]
	cs := m.cells(ln)
	if len(cs) == 0 {
		return Position{Offset: ln.Start}
	}
	best, bestD := Position{Offset: ln.Start}, float32(math.MaxFloat32)
	try := func(off int, ex float32, leading bool) {
		if d := abs(ex - x); d < bestD {
			bestD = d
			best = Position{Offset: off, Upstream: !leading}
		}
	}
	for _, c := range cs {
		// The left edge: the leading edge of an LTR cell, trailing of RTL.
		try(c.leftOff, c.x0, !c.rtl)
		try(c.rightOff, c.x1, c.rtl)
	}
	// A downstream caret at a line's end would be drawn on the next line.
	if !best.Upstream && best.Offset == ln.End && ln.End > ln.Start {
		best.Upstream = true
	}
	return best
}

func abs(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// caretCell returns the caret's line, its cells and the caret as a cell
// edge: index i and side (false: left edge, true: right edge); i is -1 on
// an empty line.
func (m *Model) caretCell() (line int, cs []cell, i int, right bool) {
	line, x := m.place(m.caret)
	lines := m.Layout().Lines()
	cs = m.cells(&lines[line])
	if len(cs) == 0 {
		return line, cs, -1, false
	}
	// Prefer an edge holding the caret's offset at its x.
	bestD := float32(math.MaxFloat32)
	for k, c := range cs {
		if c.leftOff == m.caret.Offset {
			if d := abs(c.x0 - x); d < bestD {
				bestD, i, right = d, k, false
			}
		}
		if c.rightOff == m.caret.Offset {
			if d := abs(c.x1 - x); d < bestD {
				bestD, i, right = d, k, true
			}
		}
	}
	if bestD == float32(math.MaxFloat32) { // not on a cell edge: the line's end
		if x <= cs[0].x0 {
			return line, cs, 0, false
		}
		return line, cs, len(cs) - 1, true
	}
	return line, cs, i, right
}

// edgePos converts a cell edge to a caret position.
func edgePos(c cell, right bool) Position {
	if right {
		// The right edge: trailing of an LTR cell, leading of RTL.
		return Position{Offset: c.rightOff, Upstream: !c.rtl}
	}
	return Position{Offset: c.leftOff, Upstream: c.rtl}
}

// MoveRight moves the caret one caret unit right on screen (→), extending
// the selection with extend. Without extend, a selection collapses to its
// visually right end.
func (m *Model) MoveRight(extend bool) { m.moveVisual(true, extend) }

// MoveLeft moves the caret one caret unit left on screen (←).
func (m *Model) MoveLeft(extend bool) { m.moveVisual(false, extend) }

func (m *Model) moveVisual(right, extend bool) {
	a, b := m.Selection()
	if !extend && a != b {
		// Collapse to the side the arrow points to, in the caret's paragraph.
		forwardEnd := right != m.ParagraphRTL(m.caret.Offset)
		off := a
		if forwardEnd {
			off = b
		}
		m.setCaretKeep(Position{Offset: off, Upstream: forwardEnd && off > 0}, false)
		return
	}
	line, cs, i, atRight := m.caretCell()
	lines := m.Layout().Lines()
	if extend && a == b && i >= 0 {
		// Starting a selection at a direction boundary, where the caret's
		// x holds two offsets: anchor it at the crossed cell's edge, so
		// the first Shift+arrow selects the glyph it crossed.
		switch {
		case right && !atRight:
			m.anchor = cs[i].leftOff
		case right && i+1 < len(cs):
			m.anchor = cs[i+1].leftOff
		case !right && atRight:
			m.anchor = cs[i].rightOff
		case !right && i > 0:
			m.anchor = cs[i-1].rightOff
		}
	}
	var p Position
	switch {
	case i >= 0 && right && !atRight:
		p = edgePos(cs[i], true)
	case i >= 0 && right && i+1 < len(cs):
		p = edgePos(cs[i+1], true)
	case i >= 0 && !right && atRight:
		p = edgePos(cs[i], false)
	case i >= 0 && !right && i > 0:
		p = edgePos(cs[i-1], false)
	default:
		// At the line's end: to the next line in reading order.
		ln := &lines[line]
		forward := right != ln.RTL
		next := line + 1
		if !forward {
			next = line - 1
		}
		if next < 0 || next >= len(lines) {
			return
		}
		nl := &lines[next]
		if forward {
			p = Position{Offset: nl.Start}
		} else {
			p = Position{Offset: nl.End, Upstream: nl.End > nl.Start}
		}
	}
	m.setCaretKeep(p, extend)
}

// setCaretKeep sets the caret without snapping its affinity away.
func (m *Model) setCaretKeep(p Position, extend bool) {
	m.caret = p
	if !extend {
		m.anchor = p.Offset
	}
	m.hasGoal = false
	m.lastEdit = editNone
}

// MoveWord moves the caret by one word (Ctrl+←/→) with the article view's
// word rules (clitics and graphemes kept whole): in logical order, forward
// for → in a left-to-right paragraph and for ← in a right-to-left one.
func (m *Model) MoveWord(right, extend bool) {
	off := m.caret.Offset
	forward := right != m.ParagraphRTL(off)
	text := string(m.text)
	if forward {
		off = annotations.NextWordEdge(text, off)
	} else {
		off = annotations.PrevWordEdge(text, off)
	}
	m.setCaretKeep(Position{Offset: m.snap(off), Upstream: forward && off > 0}, extend)
}

// Home moves the caret to the start of its visual line: the left end of
// a left-to-right line, the right end of a right-to-left one.
func (m *Model) Home(extend bool) {
	lines := m.Layout().Lines()
	ln := lines[m.lineOf(m.caret)]
	m.setCaretKeep(Position{Offset: ln.Start}, extend)
}

// End moves the caret to the end of its visual line.
func (m *Model) End(extend bool) {
	lines := m.Layout().Lines()
	ln := lines[m.lineOf(m.caret)]
	m.setCaretKeep(Position{Offset: ln.End, Upstream: ln.End > ln.Start}, extend)
}

// Up moves the caret to the line above, keeping its x (multi-line); on the
// first line it goes to the start. It reports whether it moved.
func (m *Model) Up(extend bool) bool { return m.vertical(-1, extend) }

// Down moves the caret to the line below, keeping its x; on the last line
// it goes to the end.
func (m *Model) Down(extend bool) bool { return m.vertical(1, extend) }

func (m *Model) vertical(d int, extend bool) bool {
	line, x := m.place(m.caret)
	if m.hasGoal {
		x = m.goalX
	}
	lines := m.Layout().Lines()
	next := line + d
	var p Position
	switch {
	case next < 0:
		p = Position{Offset: 0}
	case next >= len(lines):
		p = Position{Offset: len(m.text), Upstream: len(m.text) > 0}
	default:
		p = m.hitLine(next, x)
	}
	moved := p != m.caret
	m.setCaretKeep(p, extend)
	m.goalX, m.hasGoal = x, true
	return moved
}

// VisualOrder returns, line by line, the code-point offsets of the text
// in the order they are drawn, left to right (a cluster's code points in
// logical order): the field's rendered order, to compare with FriBidi's.
func (m *Model) VisualOrder() [][]int {
	var out [][]int
	for _, ln := range m.Layout().Lines() {
		var seq []int
		for _, r := range ln.Runs {
			for _, c := range r.Clusters {
				for k := c.Start; k < c.End; k++ {
					seq = append(seq, k)
				}
			}
		}
		out = append(out, seq)
	}
	return out
}

// OffsetAt returns the offset of the character drawn at the point (x, y)
// of the text area (the start of its caret unit), or the nearest caret
// position's offset off the glyphs: what a double click selects the word
// of.
func (m *Model) OffsetAt(x, y float32) int {
	l := m.Layout()
	li := l.LineAt(y)
	if li < 0 {
		return 0
	}
	lines := l.Lines()
	for _, c := range m.cells(&lines[li]) {
		if x >= c.x0 && x < c.x1 {
			return c.start()
		}
	}
	return m.hitLine(li, x).Offset
}
