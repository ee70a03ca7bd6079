package articleview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/hamesh-app/hamesh/annotations"
)

// Link is a relation drawn between two spans (issue 17): a line from the
// start edge of From to the start edge of To, in the band above their
// lines, ending in a dot at To. Only links whose two ends are on lines
// that have rows (on screen or near it) are drawn.
type Link struct {
	From, To annotations.Range
	Color    color.Color
}

// SetLinks sets the relations drawn (nil: none). The app gives the
// relations of the selected span.
func (v *View) SetLinks(links []Link) {
	v.links = links
	if v.page != nil {
		v.page.placeLinks()
	}
}

// linkObjs are the canvas objects of one drawn link.
type linkObjs struct {
	line *canvas.Line
	dot  *canvas.Circle
}

// endpoint returns where a link touching span r is drawn: the start edge
// of r on its row, in the band above the line.
func (p *page) endpoint(off int) (fyne.Position, bool) {
	m := p.v.margin()
	for _, r := range p.rows {
		if off < r.line.Start || off >= r.line.End {
			continue
		}
		x, _, ok := startEdge(&r.line, off)
		if !ok {
			continue
		}
		return fyne.NewPos(m+x, m+r.top+2), true
	}
	return fyne.Position{}, false
}

// placeLinks makes and moves the link objects for the current rows.
func (p *page) placeLinks() {
	links := p.v.links
	for len(p.linkObjs) < len(links) {
		p.linkObjs = append(p.linkObjs, linkObjs{line: canvas.NewLine(color.Black), dot: canvas.NewCircle(color.Black)})
		p.dirty = true
	}
	if len(p.linkObjs) > len(links) {
		p.linkObjs = p.linkObjs[:len(links)]
		p.dirty = true
	}
	for i, l := range links {
		o := p.linkObjs[i]
		a, ok1 := p.endpoint(l.From.Start)
		b, ok2 := p.endpoint(l.To.Start)
		if !ok1 || !ok2 {
			o.line.Hide()
			o.dot.Hide()
			continue
		}
		o.line.StrokeColor, o.line.StrokeWidth = l.Color, 2
		o.line.Position1, o.line.Position2 = a, b
		o.dot.FillColor = l.Color
		o.dot.Move(fyne.NewPos(b.X-4, b.Y-4))
		o.dot.Resize(fyne.NewSize(8, 8))
		o.line.Show()
		o.dot.Show()
		o.line.Refresh()
		o.dot.Refresh()
	}
	if p.dirty {
		canvas.Refresh(p)
	}
}
