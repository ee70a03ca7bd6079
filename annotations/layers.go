package annotations

import (
	"context"
	"sort"
	"strings"
)

// Layers: every span belongs to the layer of its annotator (Span.Annotator).
// The gold layer is the curator's: the spans decided from the annotators'
// layers. These names are the one definition; the session, the store, the
// command line and the formats use them.

// GoldLayer is the annotator name of the gold layer.
const GoldLayer = "gold"

// AttrGoldFrom is the attribute of a gold span naming, comma-separated, the
// annotators whose version it was accepted from.
const AttrGoldFrom = "gold_from"

// LayerAll selects every layer, each span keeping its annotator.
const LayerAll = "all"

// LayerCount says how much of a selection of articles one layer holds.
type LayerCount struct {
	Annotator string // the layer's annotator; "" for spans that name none
	Articles  int    // articles with at least one span of the layer
	Spans     int    // the layer's spans
}

// Layer returns a copy of d that keeps only the spans of annotator's layer
// and the relations between kept spans (and d's suggestions, which belong
// to no layer); d itself is not changed. The copy
// stays Stored when d was: a subset of validated spans is still valid.
// The article (with its curation) is shared by value.
func (d *Document) Layer(annotator string) *Document {
	out := &Document{Article: d.Article, Stored: d.Stored, Suggestions: d.Suggestions}
	kept := make(map[string]bool, len(d.Spans))
	for _, s := range d.Spans {
		if s.Annotator == annotator {
			out.Spans = append(out.Spans, s)
			kept[s.ID] = true
		}
	}
	for _, r := range d.Relations {
		if kept[r.From] && kept[r.To] {
			out.Relations = append(out.Relations, r)
		}
	}
	return out
}

// Annotators returns the annotators with a span in d, in name order,
// without "" (spans that name no annotator).
func (d *Document) Annotators() []string {
	seen := map[string]bool{}
	for _, s := range d.Spans {
		if s.Annotator != "" {
			seen[s.Annotator] = true
		}
	}
	out := make([]string, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// StampAnnotator sets annotator on every span of docs that names none, so
// spans imported from formats without annotators (doccano, brat, CoNLL,
// Label Studio without completed_by, native JSONL without "annotator") join
// the importing user's layer. An empty annotator changes nothing. It
// returns the number of spans stamped.
func StampAnnotator(docs []Document, annotator string) int {
	if annotator == "" {
		return 0
	}
	n := 0
	for i := range docs {
		for j := range docs[i].Spans {
			if docs[i].Spans[j].Annotator == "" {
				docs[i].Spans[j].Annotator = annotator
				n++
			}
		}
	}
	return n
}

// ValidAnnotatorName returns an EINVALID error when name cannot be an
// annotator's name: empty, only spaces, with a comma (AttrGoldFrom lists
// names comma-separated), with a control character, or one of the reserved
// names GoldLayer and LayerAll.
func ValidAnnotatorName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return Errorf(EINVALID, "annotator name %q is empty", name)
	case strings.TrimSpace(name) != name:
		return Errorf(EINVALID, "annotator name %q starts or ends with a space", name)
	case strings.ContainsRune(name, ','):
		return Errorf(EINVALID, "annotator name %q has a comma (gold spans list their annotators comma-separated)", name)
	case strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		return Errorf(EINVALID, "annotator name %q has a control character", name)
	case name == GoldLayer || name == LayerAll:
		return Errorf(EINVALID, "annotator name %q is reserved (%q is the curated layer, %q selects every layer)", name, GoldLayer, LayerAll)
	}
	return nil
}

// CurationStore is a Store that records each article's curation state
// (Article.Curation). The session marks an article curated through it when
// its store has it.
type CurationStore interface {
	// SetCuration marks the article curated by curator now, or not
	// curated when curator is "", as one undo step; it returns the
	// article's curation (nil when not curated).
	SetCuration(ctx context.Context, articleID, curator string) (*Curation, error)
}

// LayerCounter is a Store that counts the layers of a selection of
// articles cheaply (data.DB, by one query); LayersOf falls back to reading
// the documents when a store is not one.
type LayerCounter interface {
	// Layers returns each annotator's layer among the articles f selects
	// (Offset and Limit ignored), with its articles and spans, in
	// annotator order.
	Layers(ctx context.Context, f ArticleFilter) ([]LayerCount, error)
}

// LayersOf returns the layers of the articles f selects in st: through
// LayerCounter when st is one, else by reading every selected document.
func LayersOf(ctx context.Context, st Store, f ArticleFilter) ([]LayerCount, error) {
	if lc, ok := st.(LayerCounter); ok {
		return lc.Layers(ctx, f)
	}
	f.Offset, f.Limit = 0, 0
	by := map[string]*LayerCount{}
	err := st.ExportDocuments(ctx, f, func(d *Document) error {
		seen := map[string]bool{}
		for _, s := range d.Spans {
			c := by[s.Annotator]
			if c == nil {
				c = &LayerCount{Annotator: s.Annotator}
				by[s.Annotator] = c
			}
			c.Spans++
			if !seen[s.Annotator] {
				seen[s.Annotator] = true
				c.Articles++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]LayerCount, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Annotator < out[j].Annotator })
	return out, nil
}
