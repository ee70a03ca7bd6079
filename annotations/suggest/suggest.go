// Package suggest makes suggestions: proposed spans that an annotator
// reviews with a key press instead of annotating from scratch (issue 15).
// A suggestion is its own kind of record, never a span: accepting one is
// what turns it into a span, elsewhere.
//
// Sources of suggestions:
//   - Gazetteer: lists of names (text, label, optional knowledge-base id)
//     matched with the find bar's Arabic folding and clitic-aware edges
//     through one Aho-Corasick automaton;
//   - Patterns: built-in recognisers for DATE, TIME, CARDINAL, ORDINAL,
//     PERCENT, MONEY and WEBSITE in Arabic and Latin script;
//   - YourLabels: every text already labelled, suggested wherever else it
//     occurs, with its majority label;
//   - Backend: a Label Studio ML backend queried over HTTP.
//
// The package is pure domain code: it imports neither Fyne nor SQL.
//
// Benchmarks: go test ./annotations/suggest/ -bench . -run XXX -benchtime 1x.
// On 2 cores shared with other jobs (load 17–24), 2026-12-02: a
// 100,000-entry gazetteer over 3,000 articles costs 5.3 s of CPU on one
// goroutine (14.5 s wall under that load), about half that in wall time
// through Run on both cores; the recognisers over a 1 MB article cost
// 154 ms of CPU (274 ms wall). docs/PERFORMANCE.md, section
// "Suggestions", has the inputs and what the figures mean.
package suggest

import (
	"context"
	"sort"

	"github.com/hamesh-app/hamesh/annotations"
)

// Status is where a suggestion stands in review (annotations.SuggestionStatus).
type Status = annotations.SuggestionStatus

// The three statuses of a suggestion.
const (
	Pending  = annotations.SuggestionPending
	Accepted = annotations.SuggestionAccepted
	Rejected = annotations.SuggestionRejected
)

// Source names used by the built-in sources. A gazetteer's source is its
// name and a model's is "name@version" (see ModelSource).
const (
	// SourceYourLabels is the source of YourLabels' suggestions.
	SourceYourLabels = "your labels"
	// SourcePatternsPrefix starts the source of a built-in recogniser's
	// suggestion: "patterns:DATE", "patterns:MONEY"...
	SourcePatternsPrefix = "patterns:"
)

// ModelSource returns the source name of a model's suggestion: its name,
// and "@version" when the version is known.
func ModelSource(name, version string) string {
	if version == "" {
		return name
	}
	return name + "@" + version
}

// Suggestion is a proposed span (annotations.Suggestion, where it lives so
// that documents can carry suggestions through the formats).
type Suggestion = annotations.Suggestion

// Input is what a Source looks at: one article, with the spans it already
// has (sources may skip what is already labelled).
type Input struct {
	ArticleID string
	Text      string
	Spans     []annotations.Span
}

// Source proposes suggestions for one article. Suggest returns them in
// text order (by Start, then End), all Pending, with ArticleID set from the
// input. It stops early with ctx.Err() when ctx is cancelled.
type Source interface {
	// Name is what Suggestion.Source says for this source's suggestions
	// (a built-in recogniser's are "patterns:LABEL").
	Name() string
	// Suggest proposes suggestions for in.
	Suggest(ctx context.Context, in Input) ([]Suggestion, error)
}

// sortSuggestions orders s by Start, then End, then Label.
func sortSuggestions(s []Suggestion) {
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Start != s[j].Start {
			return s[i].Start < s[j].Start
		}
		if s[i].End != s[j].End {
			return s[i].End < s[j].End
		}
		return s[i].Label < s[j].Label
	})
}

// overlapsAny reports whether [start, end) overlaps one of spans.
func overlapsAny(start, end int, spans []annotations.Span) bool {
	for _, s := range spans {
		if start < s.End && s.Start < end {
			return true
		}
	}
	return false
}
