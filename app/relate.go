package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// Relations from the keyboard (issue 17): with a span selected, R starts a
// relation from it; the next span clicked is the target, and a menu of the
// relation types that allow the two spans' kinds picks the type (each with
// its hotkey). R again, or clicking no span, cancels.

// startRelation begins a relation from the selected span.
func (ws *Workspace) startRelation() {
	if ws.relateFrom != "" {
		ws.relateFrom = ""
		ws.setStatus("relation cancelled")
		return
	}
	sel := ws.sess.Span(ws.sess.SelectedSpan())
	if sel == nil {
		ws.setStatus("select the relation's source span first, then press R")
		return
	}
	ws.relateFrom = sel.ID
	ws.setStatus("relation from %s “%s”: click the target span (R cancels)", sel.Label, ellipsize(ws.sess.SpanText(*sel), 40))
}

// finishRelation takes span target as the pending relation's target and
// offers the types allowed; it reports whether a relation was pending.
func (ws *Workspace) finishRelation(target string) bool {
	from := ws.relateFrom
	if from == "" {
		return false
	}
	ws.relateFrom = ""
	a, b := ws.sess.Span(from), ws.sess.Span(target)
	if a == nil || b == nil || from == target {
		ws.setStatus("relation cancelled")
		return true
	}
	var items []*fyne.MenuItem
	for _, t := range ws.sess.RelationTypes() {
		if !t.Allows(a.Kind, b.Kind) {
			continue
		}
		typ := t.Name
		label := typ
		if t.Hotkey != "" {
			label = T("%s (%s)", typ, t.Hotkey)
		}
		items = append(items, fyne.NewMenuItem(visualString(label), func() {
			ws.setStatus("%s relation added (Ctrl+Z undoes it)", typ)
			ws.sess.AddRelation(from, target, typ)
		}))
	}
	if len(items) == 0 {
		ws.setStatus("no relation type goes from %s to %s", kindArticle(a.Kind), kindArticle(b.Kind))
		return true
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(ws.view)
	if c == nil {
		return true
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(ws.view)
	pos = pos.Add(fyne.NewPos(ws.view.Size().Width/2, ws.view.Size().Height/3))
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos)
	return true
}

// kindArticle is a span kind with its article, as a sentence names it.
func kindArticle(k annotations.Kind) string {
	if k == annotations.KindClaim {
		return T("a claim")
	}
	return T("an entity")
}
