package articleview

import (
	"context"
	"math"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
)

// The view's layout state. Everything here runs on the UI goroutine, except
// the work halves of the jobs started by goJob, which only touch the
// (concurrency-safe) layout.Layout and hand their results back through the
// scheduler's Do.

// goJob runs work in the background and then apply on the UI goroutine,
// both through the view's scheduler.
func (v *View) goJob(work func(), apply func()) {
	v.sched.Go(func() {
		work()
		v.sched.Do(apply)
	})
}

// margin is the space around the text area.
func (v *View) margin() float32 { return theme.InnerPadding() }

// resetLayout forgets the current document and layout.
func (v *View) resetLayout() {
	v.gen++
	if v.cancel != nil {
		v.cancel()
		v.cancel = nil
	}
	v.doc, v.ix, v.lay, v.docErr, v.tops = nil, nil, nil, nil, nil
	v.fullIx = nil
	v.reqs = map[[2]int]bool{}
	v.anchor = nil
	v.scrollTo = -1
	v.page.clearRows()
	v.setScrollY(0)
}

// loadDocument analyses text in the background, then lays it out.
func (v *View) loadDocument(text string, dir annotations.Direction) {
	gen := v.gen
	var doc *layout.Document
	var ix *textIndex
	var err error
	v.goJob(func() {
		e, err2 := layout.DefaultEngine()
		if err2 != nil {
			err = err2
			return
		}
		doc, err = e.NewDocument(text, layout.Direction(dir))
		if err == nil {
			ix = newTextIndex(text, doc)
		}
	}, func() {
		if v.gen != gen {
			return
		}
		v.doc, v.ix, v.docErr = doc, ix, err
		if err != nil {
			fyne.LogError("articleview: cannot show the article", err)
			v.page.Refresh()
			return
		}
		if v.width > 0 {
			v.relayout(&anchor{})
		}
	})
}

// paragraph returns paragraph i laid out: the one the page holds for its
// rows, else the layout's (laid out again if the layout released it).
func (v *View) paragraph(i int) *layout.Paragraph {
	if p := v.page.held[i]; p != nil {
		return p
	}
	return v.lay.Paragraph(i)
}

// band is the height of the badge band above each line.
func (v *View) band() float32 { return layout.BadgeBand(v.fontSize) }

// resized reacts to a new widget size: a new width reflows.
func (v *View) resized(size fyne.Size) {
	w := float32(math.Floor(float64(size.Width - 2*v.margin())))
	if w < 1 {
		w = 1
	}
	if w != v.width {
		a := v.captureAnchor()
		v.width = w
		if v.doc != nil {
			v.relayout(a)
			return
		}
	}
	v.updateContentSize()
	v.page.update()
}

// relayout switches to the layout of the current document at the current
// width and font size, restores the anchor and completes the layout in the
// background.
func (v *View) relayout(a *anchor) {
	l, err := v.doc.Layout(layout.Options{Width: v.width, FontSize: v.fontSize, BadgeBand: v.band()})
	if err != nil {
		fyne.LogError("articleview: layout", err)
		return
	}
	v.gen++
	if v.cancel != nil {
		v.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel, v.completeCtx = cancel, ctx
	v.completing = nil // a cached layout's earlier Complete may have been cancelled
	v.lay = l
	v.reqs = map[[2]int]bool{}
	v.page.clearRows()
	if a == nil {
		a = &anchor{}
	}
	v.anchor = a
	v.recomputeTops()
	v.restoreAnchor()
	if v.scrollTo >= 0 {
		off := v.scrollTo
		v.scrollTo = -1
		v.scrollToOffset(off)
	}
	v.page.update()
	v.maybeComplete()
}

// maybeComplete starts laying out the whole article in the background once
// the paragraphs on screen are done (so they do not compete for the CPU).
func (v *View) maybeComplete() {
	l := v.lay
	if l == nil || v.completing == l || len(v.reqs) > 0 {
		return
	}
	v.completing = l
	if l.Done() {
		return
	}
	ctx := v.completeCtx
	v.goJob(func() { _ = l.Complete(ctx) }, func() {
		if v.lay == l {
			v.layoutChanged()
		}
	})
}

// requestParagraphs lays out paragraphs [from, to) in the background. It
// reports whether the job has been applied already, before returning (a
// scheduler that runs jobs at once, such as schedule.Inline, does that):
// then the update that the job's UI half made has placed the rows.
func (v *View) requestParagraphs(from, to int) (applied bool) {
	key := [2]int{from, to}
	if v.reqs[key] {
		return false
	}
	v.reqs[key] = true
	l := v.lay
	paras := make([]*layout.Paragraph, 0, to-from)
	v.goJob(func() {
		for i := from; i < to; i++ {
			paras = append(paras, l.Paragraph(i))
		}
	}, func() {
		applied = true
		if v.lay != l {
			return
		}
		for _, p := range paras {
			v.page.held[p.Index] = p
		}
		delete(v.reqs, key)
		v.layoutChanged()
		v.maybeComplete()
	})
	return applied
}

// layoutChanged takes in newly laid-out paragraphs: new heights, the same
// text kept in place on screen.
func (v *View) layoutChanged() {
	if v.anchor == nil {
		v.anchor = v.captureAnchor()
	}
	v.recomputeTops()
	v.restoreAnchor()
	v.page.update()
}

// recomputeTops recomputes the paragraph tops from real heights where the
// paragraph is laid out and estimates elsewhere.
func (v *View) recomputeTops() {
	if v.lay == nil {
		v.tops = nil
		return
	}
	n := v.doc.NumParagraphs()
	if cap(v.tops) >= n+1 {
		v.tops = v.tops[:n+1]
	} else {
		v.tops = make([]float32, n+1)
	}
	y := float32(0)
	for i := 0; i < n; i++ {
		v.tops[i] = y
		h, _ := v.lay.ParagraphHeight(i)
		y += h
	}
	v.tops[n] = y
}

// textHeight is the height of the laid-out text (estimated where not yet).
func (v *View) textHeight() float32 {
	if len(v.tops) == 0 {
		return 0
	}
	return v.tops[len(v.tops)-1] - v.lay.Options().ParagraphSpacing
}

// paraAtY returns the paragraph at text y (clamped).
func (v *View) paraAtY(y float32) int {
	n := len(v.tops) - 1
	if n <= 0 {
		return 0
	}
	i := sort.Search(n, func(i int) bool { return v.tops[i] > y })
	return max(0, min(i-1, n-1))
}

// lineAtY returns paragraph p's line at text y (clamped to its lines); p
// must be laid out.
func (v *View) lineAtY(p int, y float32) (*layout.Paragraph, int) {
	para := v.paragraph(p)
	ry := y - v.tops[p]
	i := sort.Search(len(para.Lines), func(i int) bool { return para.Lines[i].Y > ry })
	return para, max(0, min(i-1, len(para.Lines)-1))
}

// anchor is a place in the text kept at the top of the view across layout
// changes: the line holding code point off, dy below that line's top.
type anchor struct {
	off int
	dy  float32
}

// captureAnchor records the text at the top of the view.
func (v *View) captureAnchor() *anchor {
	if v.lay == nil || len(v.tops) == 0 {
		return &anchor{}
	}
	y := v.scroll.Offset.Y - v.margin()
	p := v.paraAtY(y)
	if !v.lay.IsLaidOut(p) {
		s, _ := v.doc.ParagraphRange(p)
		return &anchor{off: s, dy: y - v.tops[p]}
	}
	para, li := v.lineAtY(p, y)
	ln := &para.Lines[li]
	return &anchor{off: ln.Start, dy: y - (v.tops[p] + ln.Y)}
}

// restoreAnchor scrolls so the anchor's text is back where it was. The
// anchor is kept until its paragraph is laid out.
func (v *View) restoreAnchor() {
	a := v.anchor
	if a == nil || v.lay == nil {
		return
	}
	p := v.doc.ParagraphAt(a.off)
	y := v.tops[p]
	if v.lay.IsLaidOut(p) {
		para := v.paragraph(p)
		for i := range para.Lines {
			ln := &para.Lines[i]
			if ln.Start <= a.off && (a.off < ln.End || i == len(para.Lines)-1) {
				y += ln.Y
				break
			}
		}
		v.anchor = nil
	}
	v.updateContentSize()
	v.setScrollY(y + a.dy + v.margin())
}

// updateContentSize sizes the page to the text.
func (v *View) updateContentSize() {
	h := v.contentHeight()
	sz := v.scroll.Size()
	v.page.Resize(fyne.NewSize(sz.Width, max(h, sz.Height)))
}

// contentHeight is the page's height: the text plus margins.
func (v *View) contentHeight() float32 {
	if v.lay == nil {
		return 0
	}
	return v.textHeight() + 2*v.margin()
}

// setScrollY scrolls to content y (clamped).
func (v *View) setScrollY(y float32) {
	maxY := max(0, v.contentHeight()-v.scroll.Size().Height)
	y = max(0, min(y, maxY))
	h := v.page.Size().Height
	if v.scroll.Offset == fyne.NewPos(0, y) && v.shownY == y && v.shownH == h {
		// Nothing moves: no refresh, which would repaint the window (a
		// background layout applied after every key came here).
		return
	}
	v.shownY, v.shownH = y, h
	v.settingY = true
	v.scroll.Offset = fyne.NewPos(0, y)
	v.scroll.Refresh()
	v.settingY = false
}

// onScrolled follows a user scroll.
func (v *View) onScrolled() {
	if !v.settingY {
		v.anchor = nil
	}
	v.page.tip.Hide() // the text under it moved
	v.page.update()
}

// scrollToOffset brings the line holding off into view, a third from the
// top when it is off screen.
func (v *View) scrollToOffset(off int) {
	if v.lay == nil {
		return
	}
	off = max(0, min(off, v.doc.Len()))
	p := v.doc.ParagraphAt(off)
	if !v.lay.IsLaidOut(p) {
		a := v.captureAnchor()
		v.paragraph(p) // one paragraph: quick
		v.anchor = a
		v.recomputeTops()
		v.restoreAnchor()
	}
	para := v.paragraph(p)
	y := v.tops[p]
	var ln *layout.Line
	for i := range para.Lines {
		ln = &para.Lines[i]
		if ln.Start <= off && (off < ln.End || i == len(para.Lines)-1) {
			break
		}
	}
	if ln == nil {
		return
	}
	top := y + ln.Y + v.margin()
	view0, viewH := v.scroll.Offset.Y, v.scroll.Size().Height
	if top >= view0 && top+ln.Height <= view0+viewH {
		return
	}
	v.anchor = nil
	v.setScrollY(top - viewH/3)
	v.page.update()
}
