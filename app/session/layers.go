package session

import (
	"sort"

	"github.com/hamesh-app/hamesh/annotations"
)

// Layers: every span belongs to its annotator's layer (Span.Annotator). The
// session shows all layers of the open article, or, in blind mode, only the
// current annotator's own (and spans that name no annotator), so that
// double annotation stays unbiased: nothing of another layer reaches the
// view, the inspector, find or label all. Edits only ever touch the current
// annotator's layer.

// SetBlind turns blind mode on or off and re-reads the open article.
func (s *Session) SetBlind(blind bool) {
	if s.blind == blind {
		return
	}
	s.blind = blind
	if s.doc != nil {
		s.emit(s.applyFetched(s.fetch(s.doc.Article.ID)))
	}
	s.emit(Event{Changed: ChangedSpans | ChangedSelection})
}

// Blind reports whether blind mode is on.
func (s *Session) Blind() bool { return s.blind }

// Annotators returns the annotators whose spans the open article shows, in
// name order ("" for spans that name none).
func (s *Session) Annotators() []string {
	if s.doc == nil {
		return nil
	}
	seen := map[string]bool{}
	for _, sp := range s.doc.Spans {
		seen[sp.Annotator] = true
	}
	out := make([]string, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Mine reports whether span sp is in the current annotator's layer (a
// span that names no annotator counts as anyone's).
func (s *Session) Mine(sp annotations.Span) bool {
	if s.curate.on {
		return sp.Annotator == annotations.GoldLayer
	}
	return sp.Annotator == "" || sp.Annotator == s.annotator()
}

// visible returns d as the session shows it: in blind mode without the
// spans of other layers and the relations that touch them.
func (s *Session) visible(d *annotations.Document) *annotations.Document {
	if d == nil || !s.blind {
		return d
	}
	v := *d
	v.Spans = make([]annotations.Span, 0, len(d.Spans))
	shown := map[string]bool{}
	for _, sp := range d.Spans {
		if s.Mine(sp) {
			v.Spans = append(v.Spans, sp)
			shown[sp.ID] = true
		}
	}
	v.Relations = nil
	for _, r := range d.Relations {
		if shown[r.From] && shown[r.To] {
			v.Relations = append(v.Relations, r)
		}
	}
	return &v
}

// refuseOthers says, and reports true, when span id is in another
// annotator's layer, which the current annotator's edits do not touch.
func (s *Session) refuseOthers(id string) bool {
	sp := s.Span(id)
	if sp == nil || s.Mine(*sp) {
		return false
	}
	me := s.actingAnnotator()
	if me == "" {
		me = "no name set"
	}
	s.status(0, "that %s span is in %s's layer: your edits touch only your own (%s)", LabelRef(sp.Label), sp.Annotator, me)
	return true
}
