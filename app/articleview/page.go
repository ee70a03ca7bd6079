package articleview

import (
	"image"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/app/layout"
)

// page is the scrolled content of the view: as tall as the whole text, it
// holds row objects only for the visual lines on screen (and half a screen
// around) and receives the mouse events.
type page struct {
	widget.BaseWidget
	v *View

	rows map[rowKey]*row
	free []*row
	// held keeps the laid-out paragraphs in and around the viewport: the
	// layout keeps the lines of a bounded amount of text only, and the rows
	// must not depend on what it released.
	held  map[int]*layout.Paragraph
	objs  []fyne.CanvasObject
	dirty bool // objs must be rebuilt

	errText *canvas.Text // shown instead of the text when it cannot be laid out

	tip    *fyne.Container // hover label, in view coordinates
	tipBg  *canvas.Rectangle
	tipTxt *canvas.Text

	linkObjs []linkObjs // the lines of View.links

	// buf is the image every row's raster draws into: the painter copies a
	// raster's image into a texture as soon as the raster returns it (GL
	// and software painters alike), so one buffer serves all rows — a
	// screen of row images (4–5 MB at 1300×820) is not kept beside their
	// textures, and a new line makes no garbage.
	buf *image.RGBA
}

// rowKey names a visual line of the current layout.
type rowKey struct{ para, line int }

// row shows one visual line: decorations (highlights, selection, badges)
// under a raster of its glyphs.
type row struct {
	key    rowKey
	line   layout.Line
	top    float32 // text y of the line box
	deco   *fyne.Container
	raster *canvas.Raster
}

var (
	_ desktop.Mouseable   = (*page)(nil)
	_ desktop.Hoverable   = (*page)(nil)
	_ desktop.Cursorable  = (*page)(nil)
	_ fyne.Draggable      = (*page)(nil)
	_ fyne.Tappable       = (*page)(nil)
	_ fyne.DoubleTappable = (*page)(nil)
)

func newPage(v *View) *page {
	p := &page{v: v, rows: map[rowKey]*row{}, held: map[int]*layout.Paragraph{}}
	p.tipBg = canvas.NewRectangle(color.Black)
	p.tipBg.CornerRadius = 3
	p.tipTxt = canvas.NewText("", color.White)
	p.tip = container.NewWithoutLayout(p.tipBg, p.tipTxt)
	p.tip.Hide()
	p.ExtendBaseWidget(p)
	return p
}

// MinSize is as tall as the text.
func (p *page) MinSize() fyne.Size { return fyne.NewSize(0, p.v.contentHeight()) }

// CreateRenderer implements fyne.Widget.
func (p *page) CreateRenderer() fyne.WidgetRenderer { return &pageRenderer{p: p} }

// pageRenderer lays out the page's rows; its methods implement
// fyne.WidgetRenderer.
type pageRenderer struct{ p *page }

func (r *pageRenderer) Destroy()                     {}
func (r *pageRenderer) Layout(fyne.Size)             { r.p.update() }
func (r *pageRenderer) MinSize() fyne.Size           { return r.p.MinSize() }
func (r *pageRenderer) Objects() []fyne.CanvasObject { return r.p.objects() }
func (r *pageRenderer) Refresh()                     { r.p.update() }

func (p *page) objects() []fyne.CanvasObject {
	if err := p.v.docErr; err != nil {
		// The text could not be laid out (not UTF-8, say): say why.
		if p.errText == nil {
			p.errText = canvas.NewText("", p.v.color(theme.ColorNameError))
		}
		p.errText.Text = err.Error()
		p.errText.Move(fyne.NewPos(p.v.margin(), p.v.margin()))
		p.errText.Resize(p.errText.MinSize())
		return []fyne.CanvasObject{p.errText}
	}
	if p.dirty {
		p.objs = p.objs[:0]
		for _, r := range p.rows {
			p.objs = append(p.objs, r.deco, r.raster)
		}
		for _, o := range p.linkObjs {
			p.objs = append(p.objs, o.line, o.dot)
		}
		p.dirty = false
	}
	return p.objs
}

// clearRows forgets every row (the layout changed).
func (p *page) clearRows() {
	for k, r := range p.rows {
		delete(p.rows, k)
		p.free = append(p.free, r)
	}
	clear(p.held)
	p.dirty = true
}

// update makes rows for the lines in and around the viewport, lays out
// (in the background) the paragraphs there that are not yet, and drops
// rows that scrolled away.
func (p *page) update() {
	v := p.v
	if v.lay == nil || len(v.tops) == 0 {
		if len(p.rows) > 0 {
			p.clearRows()
		}
		return
	}
	m := v.margin()
	viewH := v.scroll.Size().Height
	y0 := v.scroll.Offset.Y - m
	y1 := y0 + viewH
	y0, y1 = y0-viewH/2, y1+viewH/2
	pa, pb := v.paraAtY(y0), v.paraAtY(y1)
	// Beyond the rows, a screen and a half each way is laid out ahead in
	// the background and held, so that a page up or down finds its lines
	// ready (the layout keeps a bounded amount of lines: after Complete,
	// which only measures, most paragraphs have none).
	qa, qb := v.paraAtY(y0-1.5*viewH), v.paraAtY(y1+1.5*viewH)
	// Paragraphs no longer around the viewport are let go; those now
	// around it are taken from the layout while it still holds them.
	for i := range p.held {
		if i < qa || i > qb {
			delete(p.held, i)
		}
	}
	missing := [2][2]int{{-1, -1}, {-1, -1}} // [rows, ahead] → first, last
	for i := qa; i <= qb; i++ {
		if p.held[i] != nil {
			continue
		}
		if para := v.lay.CachedParagraph(i); para != nil {
			p.held[i] = para
			continue
		}
		for k, in := range []bool{i >= pa && i <= pb, true} {
			if in {
				if missing[k][0] < 0 {
					missing[k][0] = i
				}
				missing[k][1] = i
			}
		}
	}
	// The rows' paragraphs first, then those ahead.
	for _, m := range missing {
		if m[0] >= 0 && v.requestParagraphs(m[0], m[1]+1) {
			return // laid out at once: the update that followed placed the rows
		}
	}
	seen := make(map[rowKey]bool, len(p.rows))
	for i := pa; i <= pb; i++ {
		para := p.held[i]
		if para == nil {
			continue
		}
		for li := range para.Lines {
			ln := &para.Lines[li]
			top := v.tops[i] + ln.Y
			if top+ln.Height < y0 || top > y1 {
				continue
			}
			k := rowKey{i, li}
			seen[k] = true
			r := p.rows[k]
			if r == nil {
				r = p.take()
				r.key = k
				r.line = *ln
				p.rows[k] = r
				p.dirty = true
				r.top = top
				p.place(r)
				r.raster.Refresh()
				p.decorate(r)
				continue
			}
			if r.top != top {
				r.top = top
				p.place(r)
			}
		}
	}
	for k, r := range p.rows {
		if !seen[k] {
			delete(p.rows, k)
			p.free = append(p.free, r)
			p.dirty = true
		}
	}
	if len(v.links) > 0 || len(p.linkObjs) > 0 {
		p.placeLinks()
	}
	if p.dirty {
		// New objects are not in the canvas yet, so refreshing them did not
		// schedule a repaint: ask for one.
		canvas.Refresh(p)
	}
}

// take returns a free row or a new one.
func (p *page) take() *row {
	if n := len(p.free); n > 0 {
		r := p.free[n-1]
		p.free = p.free[:n-1]
		return r
	}
	r := &row{deco: container.NewWithoutLayout()}
	r.raster = canvas.NewRaster(func(w, h int) image.Image {
		v := p.v
		if v.lay == nil || v.ix == nil {
			return image.NewRGBA(image.Rect(0, 0, 1, 1))
		}
		p.buf = rasterLineInto(p.buf, v.lay, &r.line, v.width, w, h, p.v.color(theme.ColorNameForeground))
		return p.buf
	})
	r.raster.ScaleMode = canvas.ImageScalePixels
	return r
}

// place moves a row's objects to its line.
func (p *page) place(r *row) {
	m := p.v.margin()
	pos := fyne.NewPos(m, m+r.top)
	size := fyne.NewSize(p.v.width, r.line.Height)
	r.deco.Move(pos)
	r.deco.Resize(size)
	r.raster.Move(pos)
	r.raster.Resize(size)
}

// redecorate redraws the highlights and selection of every row.
func (p *page) redecorate() {
	for _, r := range p.rows {
		p.decorate(r)
	}
}

// refreshAll redraws every row (theme change).
func (p *page) refreshAll() {
	for _, r := range p.rows {
		r.raster.Refresh()
		p.decorate(r)
	}
	p.update()
}

// Hit testing, in page coordinates.

// lineAt returns the line at page point pos (clamped to the text) and the
// point's x in text coordinates.
func (p *page) lineAt(pos fyne.Position) (*layout.Line, float32, bool) {
	v := p.v
	if v.lay == nil || len(v.tops) == 0 {
		return nil, 0, false
	}
	m := v.margin()
	x, y := pos.X-m, pos.Y-m
	if y > v.tops[len(v.tops)-1] {
		y = v.tops[len(v.tops)-1]
	}
	pi := v.paraAtY(y)
	if !v.lay.IsLaidOut(pi) {
		v.paragraph(pi) // the paragraph under the pointer: quick
		v.layoutChanged()
	}
	para, li := v.lineAtY(pi, y)
	return &para.Lines[li], x, true
}

// caretAt maps a page point to the nearest caret offset.
func (p *page) caretAt(pos fyne.Position) int {
	ln, x, ok := p.lineAt(pos)
	if !ok {
		return 0
	}
	return ln.HitTest(x, p.v.ix.EdgeOK)
}

// charAt maps a page point to the code point drawn there, or -1.
func (p *page) charAt(pos fyne.Position) int {
	ln, x, ok := p.lineAt(pos)
	if !ok {
		return -1
	}
	m := p.v.margin()
	ty := pos.Y - m - p.v.tops[ln.Paragraph]
	if ty < ln.Y+ln.Band || ty >= ln.Y+ln.Height {
		return -1 // in the badge band or the paragraph spacing
	}
	return ln.CodePointAt(x, p.v.ix.EdgeOK)
}

// Cursor shows a text cursor over the article.
func (p *page) Cursor() desktop.Cursor { return desktop.TextCursor }

// MouseDown starts a selection and takes the keyboard focus.
func (p *page) MouseDown(ev *desktop.MouseEvent) {
	v := p.v
	v.requestFocus()
	p.tip.Hide()
	if ev.Button != desktop.MouseButtonPrimary || v.ix == nil {
		return
	}
	off := p.caretAt(ev.Position)
	v.pressAlt = ev.Modifier&fyne.KeyModifierAlt != 0 || v.alt
	if ev.Modifier&fyne.KeyModifierShift != 0 && v.sel.End > v.sel.Start {
		// Shift+click extends the selection from its anchor, tells the
		// owner, and the tap that follows the press must not clear it.
		v.press = v.selAnchor
		v.dragTo(off, false)
		v.press = -1
		v.skipTap = true
		if v.OnSelectionChanged != nil {
			v.OnSelectionChanged(v.sel)
		}
		return
	}
	v.skipTap = false
	v.press = off
	v.caret = off
	if v.sel.End <= v.sel.Start {
		v.selAnchor, v.selFocus = off, off
	}
}

// MouseUp ends a press.
func (p *page) MouseUp(*desktop.MouseEvent) {}

// Dragged extends the selection to the pointer, snapped.
func (p *page) Dragged(ev *fyne.DragEvent) {
	v := p.v
	if v.ix == nil {
		return
	}
	if v.press < 0 {
		// No MouseDown seen: start where the drag started.
		v.press = p.caretAt(ev.Position.Subtract(ev.Dragged))
		v.pressAlt = v.alt
	}
	v.dragging = true
	v.skipTap = false
	// Scroll when dragging past the top or bottom of the viewport, and
	// keep scrolling while the pointer stays there.
	v.dragVX, v.dragVY = ev.Position.X, ev.Position.Y-v.scroll.Offset.Y
	p.autoScroll()
	if p.edgeOvershoot() != 0 && !v.autoScrolling {
		p.startAutoScroll()
	}
}

// edgeOvershoot is how far above (negative) or below (positive) the
// viewport the dragging pointer is.
func (p *page) edgeOvershoot() float32 {
	v := p.v
	if h := v.scroll.Size().Height; v.dragVY > h {
		return v.dragVY - h
	} else if v.dragVY < 0 {
		return v.dragVY
	}
	return 0
}

// autoScroll scrolls by the pointer's overshoot (at most a quarter of the
// view) and extends the selection to the text now under the pointer.
func (p *page) autoScroll() {
	v := p.v
	if d := p.edgeOvershoot(); d != 0 {
		h := v.scroll.Size().Height
		v.anchor = nil
		v.setScrollY(v.scroll.Offset.Y + max(-h/4, min(d, h/4)))
		p.update()
	}
	v.dragTo(p.caretAt(fyne.NewPos(v.dragVX, v.dragVY+v.scroll.Offset.Y)), false)
}

// autoScrollEvery is the pause between two steps of auto-scrolling.
const autoScrollEvery = 50 * time.Millisecond

// startAutoScroll repeats autoScroll every autoScrollEvery while a drag
// holds the pointer beyond the viewport (the driver sends no drag events
// while the mouse is still). The pauses are background work, run through
// the scheduler; with one that runs work at once (schedule.Inline) every
// pause would hold the UI goroutine, so there the view scrolls on drag
// events only. A first job without a pause finds out which it is.
func (p *page) startAutoScroll() {
	v := p.v
	v.autoScrolling = true
	if p.after(0, func() { p.after(autoScrollEvery, p.autoScrollStep) }) {
		v.autoScrolling = false
	}
}

// autoScrollStep is one step of auto-scrolling: it scrolls and schedules
// the next step, or stops when the drag ended or came back into the
// viewport.
func (p *page) autoScrollStep() {
	v := p.v
	if !v.dragging || p.edgeOvershoot() == 0 || v.ix == nil {
		v.autoScrolling = false
		return
	}
	p.autoScroll()
	p.after(autoScrollEvery, p.autoScrollStep)
}

// after runs f on the UI goroutine once d has passed, the wait in the
// background through the scheduler. When the scheduler runs the job before
// after returns, f is not run and after reports true.
func (p *page) after(d time.Duration, f func()) (atOnce bool) {
	v := p.v
	returned := false
	v.goJob(func() {
		if d > 0 {
			time.Sleep(d)
		}
	}, func() {
		if !returned {
			atOnce = true
			return
		}
		f()
	})
	returned = true
	return atOnce
}

// DragEnd reports the selection.
func (p *page) DragEnd() {
	v := p.v
	if !v.dragging {
		return
	}
	v.dragging = false
	v.press = -1
	if v.OnSelectionChanged != nil {
		v.OnSelectionChanged(v.sel)
	}
}

// Tapped on a span selects that span (OnSpanTapped); elsewhere it clears the
// selection.
func (p *page) Tapped(ev *fyne.PointEvent) {
	v := p.v
	v.press = -1
	if v.skipTap { // the end of a Shift+click, which extended the selection
		v.skipTap = false
		return
	}
	if v.ix == nil {
		return
	}
	cp := p.charAt(ev.Position)
	if h := v.innermost(cp); h != nil {
		v.setSelection(emptyRange, v.caret, v.caret, false)
		if v.OnSpanTapped != nil {
			v.OnSpanTapped(h.ID)
		}
		return
	}
	if v.sel.End > v.sel.Start {
		v.setSelection(emptyRange, v.caret, v.caret, true)
	}
}

// DoubleTapped selects the word under the pointer.
func (p *page) DoubleTapped(ev *fyne.PointEvent) {
	v := p.v
	v.press = -1
	if v.ix == nil {
		return
	}
	cp := p.charAt(ev.Position)
	if cp < 0 {
		return
	}
	w := v.ix.WordAt(cp)
	if w.End <= w.Start {
		return
	}
	v.setSelection(w, w.Start, w.End, true)
}

// MouseIn implements desktop.Hoverable.
func (p *page) MouseIn(ev *desktop.MouseEvent) { p.MouseMoved(ev) }

// MouseMoved shows the labels of the spans under the pointer.
func (p *page) MouseMoved(ev *desktop.MouseEvent) {
	v := p.v
	if v.ix == nil || v.dragging {
		p.tip.Hide()
		return
	}
	cp := p.charAt(ev.Position)
	txt := v.labelsAt(cp)
	if txt == "" {
		if p.tip.Visible() {
			p.tip.Hide()
		}
		return
	}
	size := theme.CaptionTextSize()
	p.tipTxt.Text = txt
	p.tipTxt.TextSize = size
	p.tipTxt.Color = p.v.color(theme.ColorNameBackground)
	p.tipBg.FillColor = p.v.color(theme.ColorNameForeground)
	ts := fyne.MeasureText(txt, size, fyne.TextStyle{})
	pad := float32(4)
	bg := fyne.NewSize(ts.Width+2*pad, ts.Height+pad)
	// Below-right of the pointer, kept inside the view.
	vs := v.Size()
	x := min(ev.Position.X+12, vs.Width-bg.Width)
	y := ev.Position.Y - v.scroll.Offset.Y + 18
	if y+bg.Height > vs.Height {
		y -= bg.Height + 24
	}
	p.tip.Move(fyne.NewPos(max(0, x), max(0, y)))
	p.tip.Resize(bg)
	p.tipBg.Resize(bg)
	p.tipTxt.Move(fyne.NewPos(pad, pad/2))
	p.tipTxt.Resize(ts)
	p.tip.Show()
	p.tip.Refresh()
}

// MouseOut hides the hover label.
func (p *page) MouseOut() { p.tip.Hide() }
