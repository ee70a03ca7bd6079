package annotations

import "context"

// SuggestionStatus is where a suggestion stands in review.
type SuggestionStatus string

// The three statuses of a suggestion.
const (
	SuggestionPending  SuggestionStatus = "pending"
	SuggestionAccepted SuggestionStatus = "accepted"
	SuggestionRejected SuggestionStatus = "rejected"
)

// Valid reports whether s is pending, accepted or rejected.
func (s SuggestionStatus) Valid() bool {
	return s == SuggestionPending || s == SuggestionAccepted || s == SuggestionRejected
}

// Suggestion is a proposed span (issue 15): a half-open range [Start, End)
// of code points over its article's text, as spans are, with the label
// proposed, where it came from and how sure that source is. It is its own
// kind of record, never a span: accepting one makes a span of the
// accepting annotator (package annotations/suggest makes suggestions; the
// store keeps them). It lives here, not in annotations/suggest, so that a
// Document can carry its suggestions through the formats.
type Suggestion struct {
	ID        string `json:"id,omitempty"`
	ArticleID string `json:"article_id,omitempty"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Label     string `json:"label"`
	Source    string `json:"source"`
	// Score is the source's confidence, nil when it gives none.
	Score  *float64         `json:"score,omitempty"`
	Status SuggestionStatus `json:"status"`
	// KBID is the knowledge-base id a gazetteer entry carries, if any.
	KBID string `json:"kb_id,omitempty"`
	// SpanID names the span an accepted suggestion became ("" otherwise).
	SpanID string `json:"span_id,omitempty"`
}

// Span attributes that record where an accepted suggestion's span came
// from (its provenance). They are ordinary span attributes, so every
// format that keeps attributes keeps them.
const (
	// AttrSuggestionSource is the suggestion's source ("patterns:DATE",
	// a gazetteer's name, "your labels", "model@version").
	AttrSuggestionSource = "suggestion_source"
	// AttrSuggestionScore is the source's score, when it gave one, as Go
	// formats a float64 ('g', shortest).
	AttrSuggestionScore = "suggestion_score"
	// AttrSuggestionEdited is "yes" when the annotator changed the range
	// or the label before accepting, "no" otherwise.
	AttrSuggestionEdited = "suggestion_edited"
)

// ValidateSuggestion checks a suggestion against its article's text
// length n (in code points): a non-empty range inside the text, a label,
// a source and a known status ("" counts as pending).
func ValidateSuggestion(n int, s Suggestion) error {
	switch {
	case s.Start < 0 || s.End <= s.Start || s.End > n:
		return Errorf(EINVALID, "suggestion %q [%d,%d) is outside the text (length %d code points) or empty", s.ID, s.Start, s.End, n)
	case s.Label == "":
		return Errorf(EINVALID, "suggestion %q [%d,%d) has no label", s.ID, s.Start, s.End)
	case s.Source == "":
		return Errorf(EINVALID, "suggestion %q [%d,%d) has no source", s.ID, s.Start, s.End)
	case s.Status != "" && !s.Status.Valid():
		return Errorf(EINVALID, "suggestion %q: unknown status %q (want pending, accepted or rejected)", s.ID, s.Status)
	}
	return nil
}

// SuggestionFilter selects suggestions. Empty fields select everything.
type SuggestionFilter struct {
	ArticleIDs []string         // empty for every article
	Status     SuggestionStatus // "" for every status
	Label      string
	Source     string
}

// Acceptance is what accepting a suggestion makes of it: the span's label
// and range (the suggestion's own when left zero) and its annotator.
type Acceptance struct {
	ID         string // the suggestion
	Label      string // "" keeps the suggestion's label
	Start, End int    // both 0 keep the suggestion's range
	Annotator  string // "" stamps the store's annotator setting
}

// SourceStats counts one source's suggestions by review outcome.
type SourceStats struct {
	Source   string `json:"source"`
	Pending  int    `json:"pending"`
	Accepted int    `json:"accepted"` // accepted as suggested
	Edited   int    `json:"edited"`   // accepted after a change of range or label
	Rejected int    `json:"rejected"`
}

// Precision is the share of reviewed suggestions that were accepted
// (edited ones included), the implied precision of the source; ok is false
// when none was reviewed.
func (s SourceStats) Precision() (p float64, ok bool) {
	n := s.Accepted + s.Edited + s.Rejected
	if n == 0 {
		return 0, false
	}
	return float64(s.Accepted+s.Edited) / float64(n), true
}

// SuggestionStore is a Store that keeps suggestions (data.DB). Every
// method is one transaction; review methods record one undo step.
type SuggestionStore interface {
	// AddSuggestions stores suggestions, skipping those already stored
	// for the same article, range, label and source whatever their status
	// (so re-running a source adds nothing and keeps its rejections).
	// Labels the scheme lacks join it as entity labels. All or none: a
	// suggestion outside its article's text refuses the batch. It returns
	// how many were new.
	AddSuggestions(ctx context.Context, s []Suggestion) (added int, err error)
	// Suggestions returns the suggestions f selects, by article creation
	// order, then start, end, label and source.
	Suggestions(ctx context.Context, f SuggestionFilter) ([]Suggestion, error)
	// AcceptSuggestion makes a pending suggestion a span (its provenance
	// in the AttrSuggestion* attributes) and marks it accepted, as one
	// undo step; it returns the span.
	AcceptSuggestion(ctx context.Context, a Acceptance) (Span, error)
	// RejectSuggestion marks a pending suggestion rejected, one undo step.
	RejectSuggestion(ctx context.Context, id string) error
	// ReviewSuggestions accepts (as suggested, for annotator) or rejects
	// every pending suggestion f selects, in one transaction and one undo
	// step: undoing it in any of its articles undoes it in all. A
	// suggestion overlapping one accepted before it in the same article
	// is left pending. It returns how many it reviewed.
	ReviewSuggestions(ctx context.Context, f SuggestionFilter, accept bool, annotator string) (int, error)
	// SuggestionStats counts every source's suggestions by outcome, in
	// source order.
	SuggestionStats(ctx context.Context) ([]SourceStats, error)
	// LabelledTexts counts, for each text labelled by an entity span of one
	// of annotators (every annotator when nil), how often it got each label.
	LabelledTexts(ctx context.Context, annotators []string) (map[string]map[string]int, error)
}

// StoreSuggestions stores the suggestions imported documents carry
// (Document.Suggestions), in the articles they were imported as (ids, in
// docs' order: ImportResult.ArticleIDs), when st keeps suggestions. It
// returns how many were new; a store that keeps none stores nothing and
// says so when there were some.
func StoreSuggestions(ctx context.Context, st Store, docs []Document, ids []string) (int, error) {
	var sugs []Suggestion
	for i := range docs {
		for _, s := range docs[i].Suggestions {
			if i < len(ids) {
				s.ArticleID = ids[i]
			}
			sugs = append(sugs, s)
		}
	}
	if len(sugs) == 0 {
		return 0, nil
	}
	ss, ok := st.(SuggestionStore)
	if !ok {
		return 0, Errorf(EINVALID, "%d suggestions not stored: this store keeps no suggestions", len(sugs))
	}
	return ss.AddSuggestions(ctx, sugs)
}
