package dataset

import (
	"slices"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/agreement"
)

// Team is what the dataset card says about the people behind the data:
// who annotated, how many articles two or more of them annotated, what the
// curator decided, and how far the annotators agree.
type Team struct {
	// Layer is the layer the data files hold: "" every span as stored,
	// annotations.LayerAll every layer with its annotator, or one layer's
	// name (annotations.GoldLayer or an annotator's).
	Layer string
	// Annotators are the annotators with a span in the exported articles,
	// in name order, the gold layer excluded.
	Annotators []string
	// Spans counts each annotator's spans (the gold layer's too).
	Spans map[string]int
	// DoubleAnnotated counts the articles in which at least two annotators
	// have spans.
	DoubleAnnotated int
	// Gold counts the articles with a span in the gold layer.
	Gold int
	// Curated counts the articles a curator marked curated.
	Curated int
	// Agreement is the agreement of Annotators over the exported articles
	// (package agreement); nil with fewer than two annotators.
	Agreement *agreement.Report
}

// NewTeam counts the team figures of docs, every layer of the exported
// articles, for data files holding layer. It returns the agreement
// package's error when the agreement cannot be computed.
func NewTeam(docs []annotations.Document, layer string) (*Team, error) {
	t := &Team{Layer: layer, Spans: map[string]int{}}
	seen := map[string]bool{}
	for i := range docs {
		d := &docs[i]
		n := 0
		for _, a := range d.Annotators() {
			if a == annotations.GoldLayer {
				t.Gold++
				continue
			}
			n++
			if !seen[a] {
				seen[a] = true
				t.Annotators = append(t.Annotators, a)
			}
		}
		if n >= 2 {
			t.DoubleAnnotated++
		}
		if d.Article.Curation != nil {
			t.Curated++
		}
		for _, s := range d.Spans {
			if s.Annotator != "" {
				t.Spans[s.Annotator]++
			}
		}
	}
	slices.Sort(t.Annotators)
	if len(t.Annotators) < 2 {
		return t, nil
	}
	r, err := agreement.Compute(docs, agreement.Options{Annotators: t.Annotators})
	if err != nil {
		return nil, err
	}
	t.Agreement = r
	return t, nil
}
