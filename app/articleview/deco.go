package articleview

import (
	"image/color"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/hamesh-app/hamesh/app/layout"
)

// How spans are drawn.
//
//   - An entity is a translucent fill in its label's colour exactly under
//     its glyphs, with a solid 2 px bar in that colour along its bottom.
//   - A span nested in (or overlapping and shorter than) others is inset
//     vertically by insetStep per level, so the outer spans' fills and bars
//     stay visible above and below it, and the overlap is darker.
//   - A claim is an outline in its colour over a faint fill: visibly
//     different from entities, and the entities inside it stay readable.
//   - The selected span gets a stronger fill and a 2 px outline in the
//     theme's foreground colour.
//   - Each span with a label has a badge (its label on a chip of its
//     colour) in the band above the line where it starts, at its start
//     edge (the right end of an Arabic word), extending in the reading
//     direction.
//   - A pending suggestion (Highlight.Suggested) is a dashed outline in its
//     label's colour with no fill, its badge an outlined chip: visibly not
//     a span until it is accepted.
//   - The text selection is the theme's selection colour over everything
//     but the glyphs.
const (
	insetStep  = 3
	maxLevel   = 3
	fillAlpha  = 0x50
	claimAlpha = 0x18
	selAlpha   = 0x90
)

// nestingLevels gives each highlight its level: the number of other
// highlights overlapping it that are longer (or as long and given first),
// capped at maxLevel. It sweeps the highlights by start, so thousands of
// disjoint search matches cost little.
func nestingLevels(hs []Highlight) []int {
	idx := byStart(hs)
	lv := make([]int, len(hs))
	longer := func(j, i int) bool {
		m, n := hs[j].End-hs[j].Start, hs[i].End-hs[i].Start
		return m > n || (m == n && j < i)
	}
	var active []int // highlights started before, still open
	for a, i := range idx {
		h := hs[i]
		k := 0
		for _, j := range active {
			if hs[j].End > h.Start {
				active[k] = j
				k++
			}
		}
		active = active[:k]
		if h.End <= h.Start {
			continue // empty: not drawn
		}
		n := 0
		for _, j := range active {
			if longer(j, i) {
				n++
			}
		}
		for b := a + 1; b < len(idx) && hs[idx[b]].Start < h.End; b++ {
			if j := idx[b]; hs[j].End > h.Start && longer(j, i) {
				n++
			}
		}
		lv[i] = min(n, maxLevel)
		active = append(active, i)
	}
	return lv
}

// byStart returns the indexes of hs ordered by start.
func byStart(hs []Highlight) []int {
	idx := make([]int, len(hs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return hs[idx[a]].Start < hs[idx[b]].Start })
	return idx
}

// hlIndex finds the highlights overlapping a range quickly: highlights by
// start, with the largest end so far.
type hlIndex struct {
	order  []int
	maxEnd []int
}

func newHLIndex(hs []Highlight) hlIndex {
	x := hlIndex{order: byStart(hs)}
	x.maxEnd = make([]int, len(x.order))
	m := 0
	for k, i := range x.order {
		m = max(m, hs[i].End)
		x.maxEnd[k] = m
	}
	return x
}

// overlapping appends the indexes of the non-empty highlights overlapping
// [start, end) to dst, in no particular order.
func (x hlIndex) overlapping(dst []int, hs []Highlight, start, end int) []int {
	hi := sort.Search(len(x.order), func(k int) bool { return hs[x.order[k]].Start >= end })
	for k := hi - 1; k >= 0 && x.maxEnd[k] > start; k-- {
		if h := &hs[x.order[k]]; h.End > start && h.End > h.Start {
			dst = append(dst, x.order[k])
		}
	}
	return dst
}

// withAlpha returns c with alpha a (colours from labels are opaque).
func withAlpha(c color.Color, a uint8) color.Color {
	if c == nil {
		c = theme.Color(theme.ColorNamePrimary)
	}
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), a}
}

// textOn returns black or white, whichever reads better on c.
func textOn(c color.Color) color.Color {
	if c == nil {
		return color.White
	}
	r, g, b, _ := c.RGBA()
	l := 0.299*float64(r>>8) + 0.587*float64(g>>8) + 0.114*float64(b>>8)
	if l > 150 {
		return color.Black
	}
	return color.White
}

// decorate rebuilds the rectangles and badges of a row.
func (p *page) decorate(r *row) {
	v := p.v
	ln := &r.line
	var objs []fyne.CanvasObject
	textTop := ln.Band
	textH := ln.Height - ln.Band
	edgeOK := func(int) bool { return true }
	if v.ix != nil {
		edgeOK = v.ix.EdgeOK
	}
	var xs []layout.Rect
	fg := p.v.color(theme.ColorNameForeground)

	// Claims first (outermost), then entities from the outermost level in,
	// so inner fills sit on top of outer ones.
	order := v.hindex.overlapping(nil, v.highlights, ln.Start, ln.End)
	sort.Ints(order)
	sort.SliceStable(order, func(a, b int) bool {
		ha, hb := &v.highlights[order[a]], &v.highlights[order[b]]
		if ha.Claim != hb.Claim {
			return ha.Claim
		}
		return v.hlevel[order[a]] < v.hlevel[order[b]]
	})
	for _, i := range order {
		h := &v.highlights[i]
		level := 0
		if i < len(v.hlevel) {
			level = v.hlevel[i]
		}
		inset := float32(level * insetStep)
		if inset > textH/3 {
			inset = textH / 3
		}
		xs = ln.AppendRects(xs[:0], h.Start, h.End, edgeOK)
		if h.Suggested {
			for _, rc := range xs {
				objs = appendDashed(objs, rc.X, textTop+inset, rc.W, textH-2*inset, withAlpha(h.Color, 0xff), h.Selected)
			}
			continue
		}
		for _, rc := range xs {
			rect := canvas.NewRectangle(color.Transparent)
			rect.Move(fyne.NewPos(rc.X, textTop+inset))
			rect.Resize(fyne.NewSize(rc.W, textH-2*inset))
			switch {
			case h.Claim:
				rect.FillColor = withAlpha(h.Color, claimAlpha)
				rect.StrokeColor = withAlpha(h.Color, 0xff)
				rect.StrokeWidth = 1.5
				if h.Selected {
					rect.FillColor = withAlpha(h.Color, 0x40)
					rect.StrokeWidth = 2.5
				}
			default:
				rect.FillColor = withAlpha(h.Color, fillAlpha)
				if h.Selected {
					rect.FillColor = withAlpha(h.Color, selAlpha)
				}
			}
			objs = append(objs, rect)
			if !h.Claim {
				bar := canvas.NewRectangle(withAlpha(h.Color, 0xff))
				bar.Move(fyne.NewPos(rc.X, textTop+textH-inset-2))
				bar.Resize(fyne.NewSize(rc.W, 2))
				objs = append(objs, bar)
			}
			if h.Selected {
				out := canvas.NewRectangle(color.Transparent)
				out.StrokeColor = fg
				out.StrokeWidth = 2
				out.Move(fyne.NewPos(rc.X-1, textTop+inset-1))
				out.Resize(fyne.NewSize(rc.W+2, textH-2*inset+2))
				objs = append(objs, out)
			}
		}
	}

	// The text selection.
	if v.sel.End > v.sel.Start {
		xs = ln.AppendRects(xs[:0], v.sel.Start, v.sel.End, edgeOK)
		selCol := p.v.color(theme.ColorNameSelection)
		for _, rc := range xs {
			rect := canvas.NewRectangle(selCol)
			// A firmer edge keeps the selection visible over a highlight
			// of a similar colour.
			rect.StrokeColor = withAlpha(selCol, 0xd0)
			rect.StrokeWidth = 1
			rect.Move(fyne.NewPos(rc.X, textTop))
			rect.Resize(fyne.NewSize(rc.W, textH))
			objs = append(objs, rect)
		}
	}

	objs = append(objs, p.badges(ln, order)...)
	r.deco.Objects = objs
	r.deco.Refresh()
}

// Dashes of a suggestion's outline.
const (
	dashLen = 4
	dashGap = 3
)

// appendDashed appends a dashed outline of the box (x, y, w, h) in c: dashes
// along the top and bottom edges and the two sides, 1.5 px thick (2.5 when
// selected).
func appendDashed(objs []fyne.CanvasObject, x, y, w, h float32, c color.Color, selected bool) []fyne.CanvasObject {
	t := float32(1.5)
	if selected {
		t = 2.5
	}
	dash := func(x, y, w, h float32) {
		r := canvas.NewRectangle(c)
		r.Move(fyne.NewPos(x, y))
		r.Resize(fyne.NewSize(w, h))
		objs = append(objs, r)
	}
	for dx := float32(0); dx < w; dx += dashLen + dashGap {
		l := min(dashLen, w-dx)
		dash(x+dx, y, l, t)
		dash(x+dx, y+h-t, l, t)
	}
	for dy := float32(0); dy < h; dy += dashLen + dashGap {
		l := min(dashLen, h-dy)
		dash(x, y+dy, t, l)
		dash(x+w-t, y+dy, t, l)
	}
	return objs
}

// badges makes the label chips of the spans starting on ln, in its band.
func (p *page) badges(ln *layout.Line, order []int) []fyne.CanvasObject {
	v := p.v
	if ln.Band < 6 {
		return nil
	}
	size := ln.Band * 0.72
	h := ln.Band - 2
	var placed []xspan
	var objs []fyne.CanvasObject
	// Outer spans first so they keep their place at the start edge.
	for _, i := range order {
		hl := &v.highlights[i]
		if hl.Label == "" || hl.Start < ln.Start || hl.Start >= ln.End {
			continue
		}
		x, rtl, ok := startEdge(ln, hl.Start)
		if !ok {
			continue
		}
		ts := fyne.MeasureText(hl.Label, size, fyne.TextStyle{Bold: true})
		w := ts.Width + 6
		x0 := x
		if rtl {
			x0 = x - w
		}
		x0 = max(0, min(x0, v.width-w))
		// Move along the reading direction past badges already placed.
		for k := 0; k < 8; k++ {
			moved := false
			for _, s := range placed {
				if x0 < s.X1+1 && s.X0 < x0+w+1 {
					if rtl {
						x0 = s.X0 - w - 2
					} else {
						x0 = s.X1 + 2
					}
					moved = true
				}
			}
			if !moved {
				break
			}
		}
		x0 = max(0, min(x0, v.width-w))
		placed = append(placed, xspan{x0, x0 + w})
		bg := canvas.NewRectangle(withAlpha(hl.Color, 0xff))
		bg.CornerRadius = 3
		txtCol := textOn(hl.Color)
		if hl.Claim || hl.Suggested {
			bg.FillColor = withAlpha(hl.Color, 0x30)
			bg.StrokeColor = withAlpha(hl.Color, 0xff)
			bg.StrokeWidth = 1
			txtCol = p.v.color(theme.ColorNameForeground)
		}
		if hl.Selected {
			bg.StrokeColor = p.v.color(theme.ColorNameForeground)
			bg.StrokeWidth = 1.5
		}
		bg.Move(fyne.NewPos(x0, 1))
		bg.Resize(fyne.NewSize(w, h))
		t := canvas.NewText(hl.Label, txtCol)
		t.TextSize = size
		t.TextStyle = fyne.TextStyle{Bold: true}
		t.Move(fyne.NewPos(x0+3, 1+(h-ts.Height)/2))
		t.Resize(ts)
		objs = append(objs, bg, t)
	}
	return objs
}
