package session

import (
	"context"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/suggest"
)

// Suggestions (issue 15): proposed spans from gazetteers, the built-in
// recognisers, the annotator's own labels and models, reviewed one key
// press each. The open article's pending suggestions are read with it
// (Document.Suggestions holds them, in text order). The current
// suggestion is the one whose range (as edited with its edges, before
// accepting) is the selection: n and p step to it, Enter accepts it, x or
// Backspace rejects it, a label key accepts it with that label, Alt+arrows
// move its edges first. Any other selection leaves it. Every review is one
// store write and one undo step; the session then steps to the next
// pending suggestion.

// suggestState is the suggestion under review.
type suggestState struct {
	cur  string            // the current suggestion's id
	edit annotations.Range // its range as edited (its own range until an edge moves)
}

// suggestionStore returns the store as a SuggestionStore, or says why not.
func (s *Session) suggestionStore() (annotations.SuggestionStore, bool) {
	ss, ok := s.store.(annotations.SuggestionStore)
	if !ok {
		s.status(0, "this store keeps no suggestions")
	}
	return ss, ok
}

// loadSuggestions fills d's pending suggestions from the store, when it
// keeps them. It touches only the store.
func (s *Session) loadSuggestions(ctx context.Context, d *annotations.Document) error {
	ss, ok := s.store.(annotations.SuggestionStore)
	if !ok || d == nil {
		return nil
	}
	sugs, err := ss.Suggestions(ctx, annotations.SuggestionFilter{ArticleIDs: []string{d.Article.ID}, Status: annotations.SuggestionPending})
	if err != nil {
		return err
	}
	d.Suggestions = sugs
	return nil
}

// Suggestions returns the open article's pending suggestions, in text
// order.
func (s *Session) Suggestions() []annotations.Suggestion {
	if s.doc == nil {
		return nil
	}
	return s.doc.Suggestions
}

// CurrentSuggestion returns the suggestion under review and its range as
// edited, or nil when the selection is not a suggestion's.
func (s *Session) CurrentSuggestion() (*annotations.Suggestion, annotations.Range) {
	if s.doc == nil || s.sug.cur == "" || s.sel != s.sug.edit {
		return nil, None
	}
	for i := range s.doc.Suggestions {
		if s.doc.Suggestions[i].ID == s.sug.cur {
			return &s.doc.Suggestions[i], s.sug.edit
		}
	}
	return nil, None
}

// InReview reports whether a suggestion is under review, so that Enter,
// Backspace, x, label keys and Alt+arrows act on it.
func (s *Session) InReview() bool {
	sg, _ := s.CurrentSuggestion()
	return sg != nil
}

// review makes sg the current suggestion and selects its range.
func (s *Session) review(sg annotations.Suggestion) {
	r := annotations.Range{Start: sg.Start, End: sg.End}
	s.span = ""
	s.setSel(r)
	s.sug.cur, s.sug.edit = sg.ID, s.sel
	e := Event{Changed: ChangedSelection | ChangedScroll, ScrollTo: r.Start}
	n, i := len(s.doc.Suggestions), 0
	for k := range s.doc.Suggestions {
		if s.doc.Suggestions[k].ID == sg.ID {
			i = k + 1
		}
	}
	var score any = ""
	if sg.Score != nil {
		score = Msgf(", score %.2f", *sg.Score)
	}
	e.say("suggestion %d of %d: %s “%s” from %s%s — Enter accepts, x rejects, a label key accepts as that label, Alt+arrows move its edges",
		i, n, LabelRef(sg.Label), Isolate(Ellipsize(s.TextRange(r.Start, r.End), 50)), Isolate(sg.Source), score)
	s.emit(e)
}

// NextSuggestion makes the next pending suggestion after the selection
// (forward) or before it the current one, wrapping around.
func (s *Session) NextSuggestion(forward bool) {
	if s.doc == nil {
		return
	}
	sugs := s.doc.Suggestions
	if len(sugs) == 0 {
		s.status(0, "no pending suggestions in this article (Suggestions menu: run the built-in patterns or your labels)")
		return
	}
	at := s.sel.Start
	cur := -1
	if sg, _ := s.CurrentSuggestion(); sg != nil {
		for i := range sugs {
			if sugs[i].ID == sg.ID {
				cur = i
			}
		}
	}
	pick := -1
	if cur >= 0 {
		pick = (cur + 1) % len(sugs)
		if !forward {
			pick = (cur - 1 + len(sugs)) % len(sugs)
		}
	} else if forward {
		pick = 0
		for i := range sugs {
			if sugs[i].Start >= at && (s.sel.End == s.sel.Start || sugs[i].Start > s.sel.Start || sugs[i].End != s.sel.End) {
				pick = i
				break
			}
		}
	} else {
		pick = len(sugs) - 1
		for i := len(sugs) - 1; i >= 0; i-- {
			if sugs[i].Start < at {
				pick = i
				break
			}
		}
	}
	s.review(sugs[pick])
}

// afterReview steps to the pending suggestion that follows position at,
// or clears the selection when none is left.
func (s *Session) afterReview(at int, msg Message) {
	if s.doc == nil {
		return
	}
	for _, sg := range s.doc.Suggestions {
		if sg.Start >= at {
			s.review(sg)
			s.status(0, "%s; next: %s “%s” (%d pending)", msg, LabelRef(sg.Label), Isolate(Ellipsize(s.TextRange(sg.Start, sg.End), 40)), len(s.doc.Suggestions))
			return
		}
	}
	if len(s.doc.Suggestions) > 0 {
		sg := s.doc.Suggestions[0]
		s.review(sg)
		s.status(0, "%s; next: %s “%s” (%d pending)", msg, LabelRef(sg.Label), Isolate(Ellipsize(s.TextRange(sg.Start, sg.End), 40)), len(s.doc.Suggestions))
		return
	}
	s.sug.cur = ""
	s.status(ChangedSelection, "%s; no pending suggestions left in this article", msg)
}

// AcceptSuggestion accepts the current suggestion as a span of the current
// annotator, with its edited range: one store write, one undo step.
func (s *Session) AcceptSuggestion() { s.acceptSuggestion("") }

// AcceptSuggestionAs accepts the current suggestion with label instead of
// its own (the annotator pressed that label's key).
func (s *Session) AcceptSuggestionAs(label string) { s.acceptSuggestion(label) }

func (s *Session) acceptSuggestion(label string) {
	sg, r := s.CurrentSuggestion()
	if sg == nil {
		s.status(0, "no suggestion under review: n / p step to one")
		return
	}
	ss, ok := s.suggestionStore()
	if !ok {
		return
	}
	a := annotations.Acceptance{ID: sg.ID, Label: label, Start: r.Start, End: r.End, Annotator: s.actingAnnotator()}
	if label == "" {
		label = sg.Label
	}
	at := sg.Start
	s.enqueue(func() {
		var sp annotations.Span
		s.write("accept a suggestion", func(ctx context.Context) (err error) {
			sp, err = ss.AcceptSuggestion(ctx, a)
			return err
		}, func(err error, e Event) {
			if err != nil {
				s.emit(failed(e, "accept the suggestion", err))
				return
			}
			s.recordVersion()
			s.emit(e)
			s.afterReview(at, Msgf("accepted %s “%s”", LabelRef(label), Isolate(Ellipsize(s.SpanText(sp), 40))))
		})
	})
}

// RejectSuggestion rejects the current suggestion: one undo step. The same
// text with the same label is then not suggested again in this article by
// your labels.
func (s *Session) RejectSuggestion() {
	sg, _ := s.CurrentSuggestion()
	if sg == nil {
		s.status(0, "no suggestion under review: n / p step to one")
		return
	}
	ss, ok := s.suggestionStore()
	if !ok {
		return
	}
	id, at, label, text := sg.ID, sg.Start, sg.Label, s.TextRange(sg.Start, sg.End)
	s.enqueue(func() {
		s.write("reject a suggestion", func(ctx context.Context) error {
			return ss.RejectSuggestion(ctx, id)
		}, func(err error, e Event) {
			if err != nil {
				s.emit(failed(e, "reject the suggestion", err))
				return
			}
			s.recordVersion()
			s.emit(e)
			s.afterReview(at, Msgf("rejected %s “%s”", LabelRef(label), Isolate(Ellipsize(text, 40))))
		})
	})
}

// MoveSuggestionEdge moves one edge of the current suggestion's range
// before it is accepted (by a word, or a grapheme when fine): nothing is
// written until Enter. It reports whether a suggestion was under review.
func (s *Session) MoveSuggestionEdge(start, forward, fine bool) bool {
	sg, r := s.CurrentSuggestion()
	if sg == nil {
		return false
	}
	ix := s.Index()
	if start {
		r.Start = StepOffset(ix, r.Start, forward, fine, true)
	} else {
		r.End = StepOffset(ix, r.End, forward, fine, false)
	}
	if r.End <= r.Start {
		return true
	}
	s.setSel(r)
	s.sug.edit = s.sel
	s.status(ChangedSelection, "suggestion now “%s” — Enter accepts it so", Isolate(Ellipsize(s.TextRange(r.Start, r.End), 60)))
	return true
}

// MoveSuggestionEdgeVisual is MoveSuggestionEdge by arrow direction (in a
// right-to-left article → goes back in the text).
func (s *Session) MoveSuggestionEdgeVisual(start, right, fine bool) bool {
	forward := right
	if s.doc != nil && s.doc.Article.Direction == annotations.RTL {
		forward = !right
	}
	return s.MoveSuggestionEdge(start, forward, fine)
}

// SuggestionScope selects pending suggestions for a bulk review: in the
// open article or everywhere, all or those of one label or one source.
type SuggestionScope struct {
	Everywhere bool
	Label      string // "" for every label
	Source     string // "" for every source
}

func (s *Session) scopeFilter(sc SuggestionScope) (annotations.SuggestionFilter, bool) {
	f := annotations.SuggestionFilter{Status: annotations.SuggestionPending, Label: sc.Label, Source: sc.Source}
	if !sc.Everywhere {
		if s.doc == nil {
			return f, false
		}
		f.ArticleIDs = []string{s.doc.Article.ID}
	}
	return f, true
}

// CountSuggestions returns how many pending suggestions sc selects, to
// show before a bulk review acts.
func (s *Session) CountSuggestions(sc SuggestionScope) (int, error) {
	ss, ok := s.store.(annotations.SuggestionStore)
	if !ok {
		return 0, &Failure{What: Msgf("this store keeps no suggestions")}
	}
	f, ok := s.scopeFilter(sc)
	if !ok {
		return 0, nil
	}
	sugs, err := ss.Suggestions(s.ctx, f)
	return len(sugs), err
}

// ReviewAll accepts or rejects every pending suggestion sc selects, in one
// store write and one undo step (undoing it in any article undoes it in
// all).
func (s *Session) ReviewAll(sc SuggestionScope, accept bool) {
	ss, ok := s.suggestionStore()
	if !ok {
		return
	}
	f, ok := s.scopeFilter(sc)
	if !ok {
		s.status(0, "open an article first")
		return
	}
	verb := "rejected"
	if accept {
		verb = "accepted"
	}
	who := s.actingAnnotator()
	s.enqueue(func() {
		n := 0
		s.write(verb[:len(verb)-1]+" suggestions", func(ctx context.Context) (err error) {
			n, err = ss.ReviewSuggestions(ctx, f, accept, who)
			return err
		}, func(err error, e Event) {
			if err != nil {
				s.emit(failed(e, verb[:len(verb)-1]+" suggestions", err))
				return
			}
			s.recordVersion()
			s.sug.cur = ""
			e.Changed |= ChangedSelection | ChangedLibrary
			if accept {
				e.say("accepted %d suggestions (one undo step: Ctrl+Z)", n)
			} else {
				e.say("rejected %d suggestions (one undo step: Ctrl+Z)", n)
			}
			s.emit(e)
		})
	})
}

// backendTimeout bounds one call to a model backend.
const backendTimeout = 30 * time.Second

// Sources says which sources RunSuggestions runs.
type Sources struct {
	Patterns   bool     // the built-in recognisers
	YourLabels bool     // every labelled text (in blind mode: yours and gold only)
	Gazetteers []string // gazetteer files
	// Backend is a Label Studio ML backend's URL ("" for none), asked with
	// a time-out; only its host is contacted.
	Backend    string
	Everywhere bool // every article, not only the open one
}

// RunSuggestions runs the sources over the open article (or every article)
// as a background job and stores what they propose; the open article is
// re-read when it ends. In blind mode "your labels" learns only from the
// annotator's own layer and the gold layer. A malformed gazetteer stops
// the job before anything is stored.
func (s *Session) RunSuggestions(src Sources) {
	ss, ok := s.suggestionStore()
	if !ok {
		return
	}
	if s.doc == nil && !src.Everywhere {
		s.status(0, "open an article first")
		return
	}
	id := ""
	if s.doc != nil {
		id = s.doc.Article.ID
	}
	var layers []string
	if s.blind {
		layers = []string{s.actingAnnotator(), annotations.GoldLayer, ""}
	}
	store := s.store
	var result Message
	s.RunJob("Suggesting", func(ctx context.Context, progress func(done, total int)) (string, error) {
		var sources []suggest.Source
		for _, p := range src.Gazetteers {
			g, err := suggest.LoadGazetteer(p)
			if err != nil {
				return "", err
			}
			sources = append(sources, g)
		}
		if src.Backend != "" {
			b, err := suggest.NewBackend(src.Backend)
			if err != nil {
				return "", err
			}
			b.Timeout = backendTimeout
			sources = append(sources, b)
		}
		if src.Patterns {
			p, err := suggest.NewPatterns()
			if err != nil {
				return "", err
			}
			sources = append(sources, p)
		}
		f := annotations.ArticleFilter{}
		if !src.Everywhere {
			f.IDs = []string{id}
		}
		var inputs []suggest.Input
		texts := map[string]string{}
		if err := store.ExportDocuments(ctx, f, func(d *annotations.Document) error {
			inputs = append(inputs, suggest.Input{ArticleID: d.Article.ID, Text: d.Article.Text, Spans: d.Spans})
			texts[d.Article.ID] = d.Article.Text
			return nil
		}); err != nil {
			return "", err
		}
		if src.YourLabels {
			counts, err := ss.LabelledTexts(ctx, layers)
			if err != nil {
				return "", err
			}
			rejected, err := ss.Suggestions(ctx, annotations.SuggestionFilter{Status: annotations.SuggestionRejected, ArticleIDs: f.IDs})
			if err != nil {
				return "", err
			}
			y, err := suggest.NewYourLabelsFromCounts(counts, suggest.RejectionsOf(rejected, texts))
			if err != nil {
				return "", err
			}
			sources = append(sources, y)
		}
		found, err := suggest.RunAll(ctx, sources, inputs, 0)
		if err != nil {
			return "", err
		}
		added, err := ss.AddSuggestions(ctx, found)
		if err != nil {
			return "", err
		}
		result = Msgf("%d suggestions found, %d new (n / p step through them)", len(found), added)
		return result.String(), nil
	}, func(msg string, err error) {
		e := s.afterEdit()
		e.Changed |= ChangedLibrary
		if err != nil {
			e.say("suggest: %v (nothing was stored)", err)
			e.Err = wrapf("suggest", err)
		} else {
			e.Msg, e.Status = result, msg
		}
		s.emit(e)
	})
}

// ReviewSuggestion makes the pending suggestion id of the open article the
// current one (a click on it).
func (s *Session) ReviewSuggestion(id string) {
	for _, sg := range s.Suggestions() {
		if sg.ID == id {
			s.review(sg)
			return
		}
	}
}

// ReservedKeys are the keys review and curation take in the article view,
// which therefore cannot be label hotkeys: n and p step through
// suggestions (in curation: disagreements), x rejects, a and A accept in
// curation. Upper and lower case are both reserved.
const ReservedKeys = "npxa"

// ReservedKey says why r cannot be a label's hotkey, or "" when it can.
func ReservedKey(r rune) string {
	switch r {
	case 'n', 'N':
		return "n steps to the next suggestion (in curation: disagreement)"
	case 'p', 'P':
		return "p steps to the previous suggestion (in curation: disagreement)"
	case 'x', 'X':
		return "x rejects a suggestion (in curation: a disagreement's versions)"
	case 'a', 'A':
		return "a accepts a version into gold in curation (Shift+A: every agreeing span)"
	}
	return ""
}
