package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// Relations from the keyboard (issue 17): with a span selected, R starts a
// relation from it; the next span clicked is the target, and the relation
// types that allow the two spans' kinds are offered: a type's hotkey or a
// click picks it, any other key cancels. R again, or clicking no span,
// cancels before.

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
	ws.endRelationPick()
	pick := map[rune]func(){}
	box := container.NewVBox(newLeadingLabel(TV("Relation type (its key, or click; Escape cancels)")))
	for _, t := range ws.sess.RelationTypes() {
		if !t.Allows(a.Kind, b.Kind) {
			continue
		}
		typ := t.Name
		label := typ
		add := func() {
			ws.endRelationPick()
			ws.setStatus("%s relation added (Ctrl+Z undoes it)", typ)
			ws.sess.AddRelation(from, target, typ)
		}
		if rs := []rune(t.Hotkey); len(rs) == 1 {
			label = T("%s (%s)", typ, t.Hotkey)
			pick[rs[0]] = add
		}
		box.Add(widget.NewButton(visualString(label), add))
	}
	if len(box.Objects) == 1 {
		ws.setStatus("no relation type goes from %s to %s", kindArticle(a.Kind), kindArticle(b.Kind))
		return true
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(ws.view)
	if c == nil {
		return true
	}
	// A pop-up of buttons, not a menu: a menu takes the keyboard, and the
	// types' hotkeys are read by the window (relationKey).
	ws.relatePick = pick
	ws.relatePop = widget.NewPopUp(box, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(ws.view)
	ws.relatePop.ShowAtPosition(pos.Add(fyne.NewPos(ws.view.Size().Width/2, ws.view.Size().Height/3)))
	return true
}

// relationKey picks the relation type whose hotkey r is while the types
// are offered; any other key closes the offer. It reports whether r was
// taken.
func (ws *Workspace) relationKey(r rune) bool {
	if ws.relatePick == nil {
		return false
	}
	if f, ok := ws.relatePick[r]; ok {
		f()
		return true
	}
	ws.endRelationPick()
	ws.setStatus("relation cancelled")
	return true
}

// endRelationPick closes the offer of relation types, if open.
func (ws *Workspace) endRelationPick() {
	if ws.relatePop != nil {
		ws.relatePop.Hide()
	}
	ws.relatePick, ws.relatePop = nil, nil
}

// kindArticle is a span kind with its article, as a sentence names it.
func kindArticle(k annotations.Kind) string {
	if k == annotations.KindClaim {
		return T("a claim")
	}
	return T("an entity")
}
