package session

import (
	"sort"

	"github.com/hamesh-app/hamesh/annotations"
)

// Selection returns the text selection in code points (empty when none).
func (s *Session) Selection() annotations.Range { return s.sel }

// SelectedSpan returns the id of the selected span, "" if none.
func (s *Session) SelectedSpan() string { return s.span }

// spanIsSelection reports whether the text selection is exactly the
// selected span's range (SelectSpan puts it there).
func (s *Session) spanIsSelection() bool {
	sp := s.Span(s.span)
	return sp != nil && s.sel == annotations.Range{Start: sp.Start, End: sp.End}
}

// UserSelected is what the article view reports when the user changes the
// selection (drag, double click, Shift+arrows, Shift+click). With extend
// set (Shift held) on a selected span whose range was the selection, the
// span follows the selection's moving edge; any other new selection leaves
// the selected span.
func (s *Session) UserSelected(r annotations.Range, extend bool) {
	prev := s.sel
	s.sel = r
	if sp := s.Span(s.span); sp != nil && r.End > r.Start && extend && s.Mine(*sp) &&
		prev == (annotations.Range{Start: sp.Start, End: sp.End}) {
		n := *sp
		n.Start, n.End = r.Start, r.End
		s.enqueue(func() {
			s.updateSpan(n, "move span edge", func() {
				s.SelectSpan(n.ID, false)
				if ns := s.Span(n.ID); ns != nil {
					s.status(0, "%s now “%s” [%d, %d)", LabelRef(ns.Label), Isolate(Ellipsize(s.SpanText(*ns), 60)), ns.Start, ns.End)
				}
			})
		})
		return
	}
	c := ChangedSelection
	if r.End > r.Start && s.span != "" {
		s.span = ""
	}
	if r.End > r.Start && s.doc != nil {
		s.status(c, "selected “%s” [%d, %d)", Isolate(Ellipsize(s.TextRange(r.Start, r.End), 60)), r.Start, r.End)
		return
	}
	s.emit(Event{Changed: c})
}

// SelectText sets the text selection from the program (find, Escape, after
// an edit). A selection that is not the selected span's range leaves that
// span, as one made with the mouse does.
func (s *Session) SelectText(r annotations.Range) {
	s.setSel(r)
	s.emit(Event{Changed: ChangedSelection})
}

func (s *Session) setSel(r annotations.Range) {
	if r.End < r.Start {
		r.Start, r.End = r.End, r.Start
	}
	if ix := s.Index(); ix != nil {
		r.Start = max(0, min(r.Start, ix.Len()))
		r.End = max(r.Start, min(r.End, ix.Len()))
	} else {
		r = None
	}
	s.sel = r
	if r.End > r.Start && s.span != "" && !s.spanIsSelection() {
		s.span = ""
	}
}

// SelectSpan makes the span with id the selected one, its range the text
// selection, scrolled into view when scroll is true. An unknown or empty id
// selects no span (and clears a selection that mirrored the old one).
func (s *Session) SelectSpan(id string, scroll bool) {
	sp := s.Span(id)
	if sp == nil {
		if s.spanIsSelection() {
			s.sel = None
		}
		s.span = ""
		s.emit(Event{Changed: ChangedSelection})
		return
	}
	s.span = id
	// The span's range becomes the selection: Shift+arrows then move its
	// end edge (see UserSelected).
	s.sel = annotations.Range{Start: sp.Start, End: sp.End}
	e := Event{Changed: ChangedSelection}
	if scroll {
		e.Changed |= ChangedScroll
		e.ScrollTo = sp.Start
	}
	e.say("%s “%s” [%d, %d)", LabelRef(sp.Label), Isolate(Ellipsize(s.SpanText(*sp), 60)), sp.Start, sp.End)
	s.emit(e)
}

// ClearSelection drops the text selection and the selected span (Escape).
func (s *Session) ClearSelection() {
	s.sel, s.span = None, ""
	s.emit(Event{Changed: ChangedSelection})
}

// SelectNextSpan selects the span after (or before) the selected one in
// text order, wrapping, and scrolls to it.
func (s *Session) SelectNextSpan(forward bool) {
	if s.doc == nil || len(s.doc.Spans) == 0 {
		return
	}
	spans := append([]annotations.Span(nil), s.doc.Spans...)
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End < spans[j].End
	})
	idx := -1
	for i, sp := range spans {
		if sp.ID == s.span {
			idx = i
		}
	}
	switch {
	case idx < 0 && forward:
		idx = 0
	case idx < 0:
		idx = len(spans) - 1
	case forward:
		idx = (idx + 1) % len(spans)
	default:
		idx = (idx - 1 + len(spans)) % len(spans)
	}
	s.setSel(None)
	s.SelectSpan(spans[idx].ID, true)
}
