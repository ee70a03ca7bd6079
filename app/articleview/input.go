package articleview

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/hamesh-app/hamesh/annotations"
)

var emptyRange = annotations.Range{}

var (
	_ desktop.Keyable = (*View)(nil)
)

// dragTo sets the selection from the press offset to off, snapped to words
// (or to grapheme clusters when Alt was held at the press).
func (v *View) dragTo(off int, notify bool) {
	a, b := v.press, off
	r := annotations.Range{Start: min(a, b), End: max(a, b)}
	if v.pressAlt {
		r = v.ix.SnapGrapheme(r)
	} else {
		r = v.ix.SnapWord(r)
	}
	if b >= a {
		v.setSelection(r, r.Start, r.End, notify)
	} else {
		v.setSelection(r, r.End, r.Start, notify)
	}
}

// innermost returns the shortest highlight holding code point cp (the last
// given among equals), or nil. Highlights with a label (spans) win over
// unlabelled ones (such as search matches) at the same point.
func (v *View) innermost(cp int) *Highlight {
	if cp < 0 {
		return nil
	}
	var best *Highlight
	better := func(h *Highlight) bool {
		if best == nil {
			return true
		}
		if (h.Label != "") != (best.Label != "") {
			return h.Label != ""
		}
		return h.End-h.Start <= best.End-best.Start
	}
	for i := range v.highlights {
		h := &v.highlights[i]
		if h.Start <= cp && cp < h.End && better(h) {
			best = h
		}
	}
	return best
}

// labelsAt lists the labels of the spans holding cp, outermost first.
func (v *View) labelsAt(cp int) string {
	if cp < 0 {
		return ""
	}
	var hs []*Highlight
	for i := range v.highlights {
		h := &v.highlights[i]
		if h.Start <= cp && cp < h.End && h.Label != "" {
			hs = append(hs, h)
		}
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].End-hs[i].Start > hs[j].End-hs[j].Start })
	var names []string
	for _, h := range hs {
		names = append(names, h.Label)
	}
	return strings.Join(names, " › ")
}

// requestFocus gives the view the keyboard focus.
func (v *View) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && c.Focused() != v {
		c.Focus(v)
	}
}

// FocusGained implements fyne.Focusable.
func (v *View) FocusGained() {
	v.focused = true
	v.Refresh()
}

// FocusLost implements fyne.Focusable.
func (v *View) FocusLost() {
	v.focused, v.shift, v.alt = false, false, false
	v.Refresh()
}

// KeyDown tracks the Shift and Alt modifiers.
func (v *View) KeyDown(ev *fyne.KeyEvent) {
	switch ev.Name {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		v.shift = true
	case desktop.KeyAltLeft, desktop.KeyAltRight:
		v.alt = true
	}
}

// KeyUp tracks the Shift and Alt modifiers.
func (v *View) KeyUp(ev *fyne.KeyEvent) {
	switch ev.Name {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		v.shift = false
	case desktop.KeyAltLeft, desktop.KeyAltRight:
		v.alt = false
	}
}

// TypedRune passes runes on to OnTypedRune.
func (v *View) TypedRune(r rune) {
	if v.OnTypedRune != nil {
		v.OnTypedRune(r)
	}
}

// TypedKey handles Shift+Left/Right (extend the selection by a word),
// Left/Right (move the caret by a word), Escape (clear the selection, then
// pass it on), Up/Down/Page Up/Page Down/Home/End (scroll); other keys go
// to OnTypedKey.
func (v *View) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyLeft, fyne.KeyRight:
		if v.ix != nil && v.doc != nil {
			v.moveByWord(ev.Name == fyne.KeyRight, v.shift)
			return
		}
	case fyne.KeyEscape:
		if v.sel.End > v.sel.Start {
			v.setSelection(emptyRange, v.caret, v.caret, true)
		}
	case fyne.KeyUp, fyne.KeyDown:
		if v.lay != nil {
			d := v.lay.Options().FontSize * v.lay.Options().LineHeight
			if ev.Name == fyne.KeyUp {
				d = -d
			}
			v.scrollBy(d)
			return
		}
	case fyne.KeyPageUp, fyne.KeyPageDown:
		d := v.scroll.Size().Height * 0.9
		if ev.Name == fyne.KeyPageUp {
			d = -d
		}
		v.scrollBy(d)
		return
	case fyne.KeyHome:
		v.scrollBy(-v.scroll.Offset.Y)
		return
	case fyne.KeyEnd:
		v.scrollBy(v.contentHeight())
		return
	}
	if v.OnTypedKey != nil {
		v.OnTypedKey(ev)
	}
}

// scrollBy scrolls by dy.
func (v *View) scrollBy(dy float32) {
	v.anchor = nil
	v.setScrollY(v.scroll.Offset.Y + dy)
	v.page.update()
}

// moveByWord moves the selection's focus edge (extend) or the caret by one
// word in logical order. right is the arrow's visual direction: in a
// right-to-left paragraph the right arrow goes backward in the text.
func (v *View) moveByWord(right, extend bool) {
	focus, anchor := v.selFocus, v.selAnchor
	forward := right
	if v.doc.ParagraphRTL(v.doc.ParagraphAt(focus)) {
		forward = !right
	}
	next := focus
	if forward {
		next = v.ix.NextWordEdge(focus)
	} else {
		next = v.ix.PrevWordEdge(focus)
	}
	if !extend {
		v.caret = next
		v.setSelection(emptyRange, next, next, v.sel.End > v.sel.Start)
		v.ScrollTo(next)
		return
	}
	r := v.ix.SnapGrapheme(annotations.Range{Start: min(anchor, next), End: max(anchor, next)})
	v.caret = next
	v.setSelection(r, anchor, next, true)
	v.ScrollTo(next)
}

// TypedShortcut copies the selection (Ctrl+C) and selects the whole text
// (Ctrl+A); other shortcuts go to OnShortcut.
func (v *View) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *fyne.ShortcutCopy:
		if v.sel.End > v.sel.Start && v.ix != nil {
			cb := sc.Clipboard
			if cb == nil {
				cb = fyne.CurrentApp().Clipboard()
			}
			cb.SetContent(v.ix.Slice(v.sel.Start, v.sel.End))
			return
		}
	case *fyne.ShortcutSelectAll:
		if v.ix != nil {
			r := v.ix.SnapGrapheme(annotations.Range{Start: 0, End: v.ix.Len()})
			v.setSelection(r, r.Start, r.End, true)
			return
		}
	}
	if v.OnShortcut != nil {
		v.OnShortcut(s)
	}
}
