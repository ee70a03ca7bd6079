package session

import (
	"fmt"
	"maps"

	"github.com/hamesh-app/hamesh/annotations"
)

func statusf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// ApplyLabel labels the text selection with the label named name (snapped:
// entities to whole words, claims to grapheme clusters) and selects the new
// span; with no selection, or with the selected span's range as the
// selection, it relabels the selected span instead. The label becomes the
// current one. It returns the span created or changed (nil when there was
// nothing to label, which the status says).
func (s *Session) ApplyLabel(name string) (*annotations.Span, error) {
	l := s.Label(name)
	if l == nil {
		return nil, annotations.Errorf(annotations.ENOTFOUND, "no label %q in the scheme", name)
	}
	if s.current != name {
		s.current = name
		s.emit(Event{Changed: ChangedCurrentLabel})
	}
	if s.doc == nil {
		s.status(0, "open an article first")
		return nil, nil
	}
	r := s.sel
	if r.End <= r.Start || s.spanIsSelection() {
		if sp := s.Span(s.span); sp != nil {
			return s.Relabel(sp.ID, name)
		}
		s.status(0, "select some text first, then press a label key")
		return nil, nil
	}
	r = SnapRange(s.Index(), r, l.Kind == annotations.KindEntity)
	if r.End <= r.Start {
		s.status(0, "the selection holds no word to label")
		return nil, nil
	}
	for _, sp := range s.doc.Spans {
		if sp.Label == name && sp.Start == r.Start && sp.End == r.End {
			s.sel = None
			s.SelectSpan(sp.ID, false)
			s.status(0, "already labelled %s", name)
			return &sp, nil
		}
	}
	sp, err := s.store.AddSpan(s.ctx, annotations.Span{
		ArticleID: s.doc.Article.ID, Kind: l.Kind, Label: name,
		Start: r.Start, End: r.End, Annotator: s.annotator(),
	})
	if err != nil {
		return nil, s.fail(0, "add a "+name+" span", err)
	}
	s.emit(s.afterEdit())
	s.SelectSpan(sp.ID, false)
	s.status(0, "labelled “%s” %s", Isolate(Ellipsize(s.SpanText(sp), 60)), name)
	return &sp, nil
}

// Relabel gives span spanID the label named name in one undo step: its kind
// follows the label's, and a span that becomes an entity loses its claim
// attributes (annotations.Span.Relabeled).
func (s *Session) Relabel(spanID, name string) (*annotations.Span, error) {
	sp := s.Span(spanID)
	l := s.Label(name)
	if sp == nil || l == nil {
		return nil, annotations.Errorf(annotations.ENOTFOUND, "relabel span %q as %q: no such span or label", spanID, name)
	}
	if sp.Label == name {
		return sp, nil
	}
	u, err := s.store.RelabelSpan(s.ctx, sp.ID, name)
	if err != nil {
		return nil, s.fail(0, "relabel span", err)
	}
	s.emit(s.afterEdit())
	s.status(0, "relabelled as %s", name)
	return &u, nil
}

// DeleteSelected deletes the selected span.
func (s *Session) DeleteSelected() error {
	sp := s.Span(s.span)
	if sp == nil {
		s.status(0, "no span selected: pick one in the inspector or click it")
		return nil
	}
	if s.spanIsSelection() {
		s.sel = None
	}
	label, text, id := sp.Label, s.SpanText(*sp), sp.ID
	if err := s.store.DeleteSpan(s.ctx, id); err != nil {
		return s.fail(ChangedSelection, "delete span", err)
	}
	s.span = ""
	e := s.afterEdit()
	e.Changed |= ChangedSelection
	e.Status = statusf("deleted %s “%s” (Ctrl+Z to undo)", label, Isolate(Ellipsize(text, 60)))
	s.emit(e)
	return nil
}

// UpdateSpan stores a changed span (label, range, attributes, note).
func (s *Session) UpdateSpan(sp annotations.Span) error {
	if _, err := s.store.UpdateSpan(s.ctx, sp); err != nil {
		return s.fail(0, "update span", err)
	}
	s.emit(s.afterEdit())
	return nil
}

// SetSpanFields stores the note and claim attributes edited for span id
// (attributes are kept only on claims); it does nothing when they are
// unchanged. It is one undo step.
func (s *Session) SetSpanFields(id, note string, attrs map[string]string) error {
	sp := s.Span(id)
	if sp == nil {
		return nil
	}
	n := *sp
	n.Note = note
	if n.Kind == annotations.KindClaim {
		if len(attrs) == 0 {
			attrs = nil
		}
		n.Attributes = attrs
	}
	if n.Note == sp.Note && maps.Equal(n.Attributes, sp.Attributes) {
		return nil
	}
	return s.UpdateSpan(n)
}

// MoveEdge moves one edge of the selected span by a word (or by a grapheme
// when fine is true): the start edge when start is true, else the end
// edge; forward means later in the text.
func (s *Session) MoveEdge(start, forward, fine bool) error {
	sp := s.Span(s.span)
	if sp == nil {
		s.status(0, "no span selected")
		return nil
	}
	s.beforeChange()
	n := *sp
	ix := s.Index()
	if start {
		n.Start = StepOffset(ix, n.Start, forward, fine, true)
	} else {
		n.End = StepOffset(ix, n.End, forward, fine, false)
	}
	if n.End <= n.Start || (n.Start == sp.Start && n.End == sp.End) {
		return nil
	}
	if _, err := s.store.UpdateSpan(s.ctx, n); err != nil {
		return s.fail(0, "move span edge", err)
	}
	e := s.afterEdit()
	if ns := s.Span(n.ID); ns != nil {
		e.Status = statusf("%s now “%s”", ns.Label, Isolate(Ellipsize(s.SpanText(*ns), 60)))
	}
	s.emit(e)
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
	if s.doc == nil || s.Claimant(claimID) == entityID {
		return nil
	}
	if err := s.store.SetClaimant(s.ctx, claimID, entityID); err != nil {
		s.emit(s.afterEdit())
		return s.fail(0, "set the claimant", err)
	}
	s.emit(s.afterEdit())
	return nil
}

// SetArticleMeta stores the open article's status and note.
func (s *Session) SetArticleMeta(status annotations.Status, note string) error {
	if s.doc == nil {
		return nil
	}
	if status == s.doc.Article.Status && note == s.doc.Article.Note {
		return nil
	}
	if err := s.store.SetArticleMeta(s.ctx, s.doc.Article.ID, status, note); err != nil {
		return s.fail(0, "save the article's status", err)
	}
	s.emit(s.afterEdit())
	return nil
}

// ToggleDone marks the open article done, or back to in progress.
func (s *Session) ToggleDone() error {
	if s.doc == nil {
		return nil
	}
	st := annotations.StatusDone
	if s.doc.Article.Status == annotations.StatusDone {
		st = annotations.StatusInProgress
	}
	s.beforeChange()
	if err := s.SetArticleMeta(st, s.doc.Article.Note); err != nil {
		return err
	}
	s.status(0, "article marked %s", StatusName(st))
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
	if s.doc == nil {
		return nil
	}
	s.beforeChange()
	op, f := "undo", s.store.Undo
	if !undo {
		op, f = "redo", s.store.Redo
	}
	before := map[string]annotations.Span{}
	for _, sp := range s.doc.Spans {
		before[sp.ID] = sp
	}
	ok, err := f(s.ctx, s.doc.Article.ID)
	if err != nil {
		return s.fail(0, op, err)
	}
	if !ok {
		s.status(0, "nothing to %s", op)
		return nil
	}
	s.emit(s.afterEdit())
	// Select the span the undo or redo brought back or changed, so the
	// user sees what happened (and Delete or a label key acts on it).
	for _, sp := range s.doc.Spans {
		if b, had := before[sp.ID]; !had || b.Start != sp.Start || b.End != sp.End || b.Label != sp.Label ||
			b.Note != sp.Note || !maps.Equal(b.Attributes, sp.Attributes) {
			s.setSel(None)
			s.SelectSpan(sp.ID, true)
			break
		}
	}
	s.status(0, "%s done", op)
	return nil
}
