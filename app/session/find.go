package session

import (
	"context"
	"fmt"
	"sort"

	"github.com/hamesh-app/hamesh/annotations"
)

// findState is the find bar's query, its matches in the open article and
// the current match.
type findState struct {
	open    bool
	query   string
	matches []annotations.Range
	index   int // current match, -1 if none
}

// FindQuery returns the find query.
func (s *Session) FindQuery() string { return s.find.query }

// FindMatches returns the current query's matches in the open article.
func (s *Session) FindMatches() []annotations.Range { return s.find.matches }

// FindCurrent returns the index of the current match, -1 if none.
func (s *Session) FindCurrent() int { return s.find.index }

// FindCount says where find stands: "", "no match" or "2 of 5".
func (s *Session) FindCount() string { return s.FindCountMsg().String() }

// FindCountMsg is FindCount as a message to translate.
func (s *Session) FindCountMsg() Message {
	switch {
	case s.find.query == "":
		return Message{}
	case len(s.find.matches) == 0:
		return Msgf("no match")
	}
	return Msgf("%d of %d", s.find.index+1, len(s.find.matches))
}

// OpenFind starts finding. The selection, when short, becomes the query.
// It returns the query.
func (s *Session) OpenFind() string {
	s.find.open = true
	q := s.find.query
	if s.doc != nil {
		if r := s.sel; r.End > r.Start && r.End-r.Start < 200 {
			q = s.TextRange(r.Start, r.End)
		}
	}
	s.SetFindQuery(q)
	return q
}

// CloseFind stops finding and drops the matches.
func (s *Session) CloseFind() {
	s.find = findState{index: -1, query: s.find.query}
	s.emit(Event{Changed: ChangedFind})
}

// SetFindQuery finds q in the open article (Arabic-aware: harakat,
// tatweel, alef forms, clitic prefixes) and selects the first match.
func (s *Session) SetFindQuery(q string) {
	s.find.query = q
	s.refind()
	if len(s.find.matches) > 0 {
		s.FindNext(true)
		return
	}
	s.emit(Event{Changed: ChangedFind})
}

// refind recomputes the matches of the query in the open article.
func (s *Session) refind() {
	s.find.matches, s.find.index = nil, -1
	if s.find.open && s.doc != nil && s.find.query != "" {
		s.find.matches = FindMatches(s.doc.Article.Text, s.find.query)
	}
}

// FindNext moves to the next (forward) or previous match, wrapping, and
// selects it. With find closed it opens it.
func (s *Session) FindNext(forward bool) {
	if !s.find.open {
		s.OpenFind()
		return
	}
	if len(s.find.matches) == 0 {
		s.emit(Event{Changed: ChangedFind})
		return
	}
	f := &s.find
	switch {
	case f.index < 0:
		f.index = 0
		if !forward {
			f.index = len(f.matches) - 1
		}
	case forward:
		f.index = (f.index + 1) % len(f.matches)
	default:
		f.index = (f.index - 1 + len(f.matches)) % len(f.matches)
	}
	m := f.matches[f.index]
	s.setSel(m)
	s.emit(Event{Changed: ChangedFind | ChangedSelection | ChangedScroll, ScrollTo: m.Start})
}

// LabelAll labels every occurrence of the selection's text (or, with no
// selection, of the selected span's text or the find query) with the
// current label, skipping occurrences that a span with that label already
// overlaps. It runs as a background job with progress and cancel
// (CancelJob); each span is its own edit, so one undo step per span. The
// article is re-read when it ends; external changes made meanwhile are
// picked up then.
func (s *Session) LabelAll() {
	if s.doc == nil {
		return
	}
	l := s.Label(s.current)
	if l == nil {
		s.status(0, "pick a label first (a palette button or its key), then Label all")
		return
	}
	ix := s.Index()
	query := ""
	if r := s.sel; r.End > r.Start {
		r = ix.SnapGrapheme(r) // whole clusters, no blanks at the ends
		query = s.TextRange(r.Start, r.End)
	} else if sp := s.Span(s.span); sp != nil {
		query = s.SpanText(*sp)
	} else {
		query = s.find.query
	}
	if query == "" {
		s.status(0, "select the text to label everywhere, or type it in the find bar")
		return
	}
	label, kind, articleID, annotator := l.Name, l.Kind, s.doc.Article.ID, s.actingAnnotator()
	var own []annotations.Span // occurrences other layers labelled are labelled in this one too
	for _, sp := range s.doc.Spans {
		if s.Mine(sp) {
			own = append(own, sp)
		}
	}
	taken := newCoverage(own, label)
	store := s.store
	added, skipped := 0, 0
	var result Message
	s.RunJob("Labelling all “"+Ellipsize(query, 30)+"”", func(ctx context.Context, progress func(done, total int)) (string, error) {
		matches := FindMatches(ix.Text(), query)
		lastEnd := -1 // matches come in text order; spans added here do not overlap
		for i, m := range matches {
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			progress(i, len(matches))
			m = ix.SnapGrapheme(m)
			if m.End <= m.Start {
				continue
			}
			if m.Start < lastEnd || taken.overlaps(m) {
				skipped++
				continue
			}
			if _, err := store.AddSpan(ctx, annotations.Span{
				ArticleID: articleID, Kind: kind, Label: label,
				Start: m.Start, End: m.End, Annotator: annotator,
			}); err != nil {
				if ctx.Err() != nil {
					return "", ctx.Err()
				}
				return "", wrapMsg(Msgf("label occurrence at %d", m.Start), err)
			}
			lastEnd = m.End
			added++
		}
		result = Msgf("labelled %d occurrences of “%s” as %s (%d already labelled)", added, Isolate(Ellipsize(query, 40)), LabelRef(label), skipped)
		return result.String(), nil
	}, func(msg string, err error) {
		s.setSel(None)
		e := s.afterEdit()
		e.Changed |= ChangedSelection
		switch {
		case err == context.Canceled:
			e.say("label all cancelled after labelling %d occurrences as %s", added, LabelRef(label))
		case err != nil:
			what := fmt.Sprintf("label all (%d labelled before the failure)", added)
			e.Err = wrapMsg(Msgf("label all (%d labelled before the failure)", added), err)
			e.sayFailure(what, err)
		default:
			e.Msg, e.Status = result, msg
		}
		s.emit(e)
	})
}

// coverage answers "does a span with this label overlap r" in O(log n):
// the label's spans sorted by start, with the largest end so far.
type coverage struct {
	starts, maxEnds []int
}

func newCoverage(spans []annotations.Span, label string) coverage {
	var rs []annotations.Range
	for _, s := range spans {
		if s.Label == label {
			rs = append(rs, annotations.Range{Start: s.Start, End: s.End})
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Start < rs[j].Start })
	c := coverage{starts: make([]int, len(rs)), maxEnds: make([]int, len(rs))}
	m := -1
	for i, r := range rs {
		m = max(m, r.End)
		c.starts[i], c.maxEnds[i] = r.Start, m
	}
	return c
}

// overlaps reports whether one of the spans overlaps r.
func (c coverage) overlaps(r annotations.Range) bool {
	// The spans starting before r.End; one of them overlaps r if the
	// largest end among them is after r.Start.
	i := sort.SearchInts(c.starts, r.End)
	return i > 0 && c.maxEnds[i-1] > r.Start
}
