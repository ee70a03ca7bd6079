package session

import (
	"context"
	"maps"

	"github.com/hamesh-app/hamesh/annotations"
)

// Every edit below takes its inputs (the selection, the selected span) when
// it is called and writes through the session's writer (writer.go): it
// returns at once with an error only for what it refuses outright (an
// unknown label); the store's answer comes later as an Event, with the
// failure in Event.Err. Under an inline scheduler the write has finished
// when the call returns.

// ApplyLabel labels the text selection with the label named name (snapped:
// entities to whole words, claims to grapheme clusters) and selects the new
// span; with no selection, or with the selected span's range as the
// selection, it relabels the selected span instead. The label becomes the
// current one.
func (s *Session) ApplyLabel(name string) error {
	l := s.Label(name)
	if l == nil {
		return annotations.Errorf(annotations.ENOTFOUND, "no label %q in the scheme", name)
	}
	if s.current != name {
		s.current = name
		s.emit(Event{Changed: ChangedCurrentLabel})
	}
	r, span, mirrored := s.sel, s.span, s.spanIsSelection()
	label := *l
	s.enqueue(func() { s.applyLabel(label, r, span, mirrored) })
	return nil
}

func (s *Session) applyLabel(l annotations.Label, r annotations.Range, span string, mirrored bool) {
	if s.doc == nil {
		s.status(0, "open an article first")
		return
	}
	if r.End <= r.Start || mirrored {
		if s.Span(span) != nil {
			if !s.refuseOthers(span) {
				s.relabel(span, l)
			}
			return
		}
		s.status(0, "select some text first, then press a label key")
		return
	}
	r = SnapRange(s.Index(), r, l.Kind == annotations.KindEntity)
	if r.End <= r.Start {
		s.status(0, "the selection holds no word to label")
		return
	}
	for _, sp := range s.doc.Spans {
		// Another annotator's identical span does not stop this one: the
		// agreement between layers is made of such pairs.
		if sp.Label == l.Name && sp.Start == r.Start && sp.End == r.End && s.Mine(sp) {
			s.sel = None
			s.SelectSpan(sp.ID, false)
			s.status(0, "already labelled %s", LabelRef(l.Name))
			return
		}
	}
	var added annotations.Span
	newSpan := annotations.Span{ArticleID: s.doc.Article.ID, Kind: l.Kind, Label: l.Name, Start: r.Start, End: r.End, Annotator: s.actingAnnotator()}
	s.write("add a "+l.Name+" span", func(ctx context.Context) (err error) {
		added, err = s.store.AddSpan(ctx, newSpan)
		return err
	}, func(err error, e Event) {
		if err != nil {
			s.emit(failed(e, "add a "+l.Name+" span", err))
			return
		}
		s.emit(e)
		s.SelectSpan(added.ID, false)
		s.status(0, "labelled “%s” %s", Isolate(Ellipsize(s.SpanText(added), 60)), LabelRef(l.Name))
	})
}

// Relabel gives span spanID the label named name in one undo step: its kind
// follows the label's, and a span that becomes an entity loses its claim
// attributes (annotations.Span.Relabeled).
func (s *Session) Relabel(spanID, name string) error {
	l := s.Label(name)
	if s.Span(spanID) == nil || l == nil {
		return annotations.Errorf(annotations.ENOTFOUND, "relabel span %q as %q: no such span or label", spanID, name)
	}
	if s.refuseOthers(spanID) {
		return nil
	}
	label := *l
	s.enqueue(func() { s.relabel(spanID, label) })
	return nil
}

func (s *Session) relabel(spanID string, l annotations.Label) {
	sp := s.Span(spanID)
	if sp == nil || sp.Label == l.Name {
		return
	}
	s.write("relabel a span", func(ctx context.Context) error {
		_, err := s.store.RelabelSpan(ctx, spanID, l.Name)
		return err
	}, func(err error, e Event) {
		if err != nil {
			s.emit(failed(e, "relabel span", err))
			return
		}
		e.say("relabelled as %s", LabelRef(l.Name))
		s.emit(e)
	})
}

// DeleteSelected deletes the selected span.
func (s *Session) DeleteSelected() error {
	id, mirrored := s.span, s.spanIsSelection()
	s.enqueue(func() {
		sp := s.Span(id)
		if sp == nil {
			s.status(0, "no span selected: pick one in the inspector or click it")
			return
		}
		if s.refuseOthers(id) {
			return
		}
		if mirrored && s.spanIsSelection() {
			s.sel = None
		}
		label, text := sp.Label, s.SpanText(*sp)
		s.write("delete a span", func(ctx context.Context) error {
			return s.store.DeleteSpan(ctx, id)
		}, func(err error, e Event) {
			e.Changed |= ChangedSelection
			if err != nil {
				s.emit(failed(e, "delete span", err))
				return
			}
			if s.span == id {
				s.span = ""
			}
			e.say("deleted %s “%s” (Ctrl+Z to undo)", LabelRef(label), Isolate(Ellipsize(text, 60)))
			s.emit(e)
		})
	})
	return nil
}

// UpdateSpan stores a changed span (label, range, attributes, note).
func (s *Session) UpdateSpan(sp annotations.Span) error {
	s.enqueue(func() { s.updateSpan(sp, "update span", nil) })
	return nil
}

// updateSpan writes sp; then, when it was stored, runs then (may be nil)
// after telling the change.
func (s *Session) updateSpan(sp annotations.Span, what string, then func()) {
	s.write(what, func(ctx context.Context) error {
		_, err := s.store.UpdateSpan(ctx, sp)
		return err
	}, func(err error, e Event) {
		if err != nil {
			s.emit(failed(e, what, err))
			return
		}
		s.emit(e)
		if then != nil {
			then()
		}
	})
}

// SetSpanFields stores the note and claim attributes edited for span id
// (attributes are kept only on claims); it does nothing when they are
// unchanged. It is one undo step.
func (s *Session) SetSpanFields(id, note string, attrs map[string]string) error {
	s.enqueueKeyed("span fields "+id, func() {
		sp := s.Span(id)
		if sp == nil || s.refuseOthers(id) {
			return
		}
		n := *sp
		n.Note = note
		if n.Kind == annotations.KindClaim {
			a := attrs
			if len(a) == 0 {
				a = nil
			}
			n.Attributes = a
		}
		if n.Note == sp.Note && maps.Equal(n.Attributes, sp.Attributes) {
			return
		}
		s.updateSpan(n, "save the span's note", nil)
	})
	return nil
}

// MoveEdge moves one edge of the selected span by a word (or by a grapheme
// when fine is true): the start edge when start is true, else the end
// edge; forward means later in the text.
func (s *Session) MoveEdge(start, forward, fine bool) error {
	id := s.span
	if s.Span(id) == nil {
		s.status(0, "no span selected")
		return nil
	}
	if s.refuseOthers(id) {
		return nil
	}
	s.enqueue(func() {
		sp := s.Span(id)
		if sp == nil {
			return
		}
		n := *sp
		ix := s.Index()
		if start {
			n.Start = StepOffset(ix, n.Start, forward, fine, true)
		} else {
			n.End = StepOffset(ix, n.End, forward, fine, false)
		}
		if n.End <= n.Start || (n.Start == sp.Start && n.End == sp.End) {
			return
		}
		s.updateSpan(n, "move span edge", func() {
			if ns := s.Span(n.ID); ns != nil {
				s.status(0, "%s now “%s”", LabelRef(ns.Label), Isolate(Ellipsize(s.SpanText(*ns), 60)))
			}
		})
	})
	return nil
}

// MoveEdgeVisual moves an edge of the selected span by arrow direction: in
// a right-to-left article → goes back in the text and ← forward.
func (s *Session) MoveEdgeVisual(start, right, fine bool) error {
	forward := right
	if s.doc != nil && s.doc.Article.Direction == annotations.RTL {
		forward = !right
	}
	return s.MoveEdge(start, forward, fine)
}

// SetClaimant makes entity span entityID the claimant of claim span
// claimID, replacing any previous claimant, in one undo step; an empty
// entityID removes it.
func (s *Session) SetClaimant(claimID, entityID string) error {
	s.enqueue(func() {
		if s.doc == nil || s.Claimant(claimID) == entityID || s.refuseOthers(claimID) {
			return
		}
		s.write("set the claimant", func(ctx context.Context) error {
			return s.store.SetClaimant(ctx, claimID, entityID)
		}, func(err error, e Event) {
			if err != nil {
				e = failed(e, "set the claimant", err)
			}
			s.emit(e)
		})
	})
	return nil
}

// SetArticleMeta stores the open article's status and note.
func (s *Session) SetArticleMeta(status annotations.Status, note string) error {
	key := ""
	if s.doc != nil {
		key = "article meta " + s.doc.Article.ID
	}
	s.enqueueKeyed(key, func() { s.setMeta(status, note, Message{}) })
	return nil
}

// setMeta writes the open article's status and note and says msg when
// they are stored.
func (s *Session) setMeta(status annotations.Status, note string, msg Message) {
	if s.doc == nil || status == s.doc.Article.Status && note == s.doc.Article.Note {
		return
	}
	id := s.doc.Article.ID
	s.write("save the article's status and note", func(ctx context.Context) error {
		return s.store.SetArticleMeta(ctx, id, status, note)
	}, func(err error, e Event) {
		if err != nil {
			s.emit(failed(e, "save the article's status", err))
			return
		}
		if msg.Format != "" {
			e.say(msg.Format, msg.Args...)
		}
		s.emit(e)
	})
}

// ToggleDone marks the open article done, or back to in progress.
func (s *Session) ToggleDone() error {
	s.enqueue(func() {
		if s.doc == nil {
			return
		}
		st := annotations.StatusDone
		if s.doc.Article.Status == annotations.StatusDone {
			st = annotations.StatusInProgress
		}
		s.setMeta(st, s.doc.Article.Note, Msgf("article marked %s", StatusRef(st)))
	})
	return nil
}

// StatusName returns an article status as the GUI shows it.
func StatusName(st annotations.Status) string {
	switch st {
	case annotations.StatusTodo:
		return "○ to do"
	case annotations.StatusInProgress:
		return "◐ in progress"
	case annotations.StatusDone:
		return "● done"
	}
	return string(st)
}

// Undo reverts the open article's last edit and selects the span it
// brought back or changed.
func (s *Session) Undo() error { return s.undoRedo(true) }

// Redo re-applies the open article's last undone edit.
func (s *Session) Redo() error { return s.undoRedo(false) }

func (s *Session) undoRedo(undo bool) error {
	s.enqueue(func() {
		if s.doc == nil {
			return
		}
		op, f := "undo", s.store.Undo
		if !undo {
			op, f = "redo", s.store.Redo
		}
		before := map[string]annotations.Span{}
		for _, sp := range s.doc.Spans {
			before[sp.ID] = sp
		}
		id := s.doc.Article.ID
		var ok bool
		s.write(op, func(ctx context.Context) (err error) {
			ok, err = f(ctx, id)
			return err
		}, func(err error, e Event) {
			switch {
			case err != nil:
				s.emit(failed(e, op, err))
				return
			case !ok:
				e.say("nothing to %s", Msgf(op)) // op: "undo" or "redo", translated too
				s.emit(e)
				return
			}
			s.emit(e)
			// Select the span the undo or redo brought back or changed, so
			// the user sees what happened (and Delete or a label key acts
			// on it).
			if s.doc != nil {
				for _, sp := range s.doc.Spans {
					if b, had := before[sp.ID]; !had || b.Start != sp.Start || b.End != sp.End || b.Label != sp.Label ||
						b.Note != sp.Note || !maps.Equal(b.Attributes, sp.Attributes) {
						s.setSel(None)
						s.SelectSpan(sp.ID, true)
						break
					}
				}
			}
			s.status(0, "%s done", Msgf(op))
		})
	})
	return nil
}
