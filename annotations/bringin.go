package annotations

import (
	"context"
	"strconv"
)

// BringInner is implemented by a store that can bring in the annotator
// layers of another Hamesh database file (data.DB). It is its own interface,
// like ReadOnlyReporter, so the GUI can offer the command without knowing
// the store.
type BringInner interface {
	// BringIn reads the Hamesh database at path without writing to it and
	// replaces, on the articles it holds, the layer of each annotator in it
	// by theirs; see data.DB.BringIn for the rules.
	BringIn(ctx context.Context, path string) (BringInResult, error)
}

// LayerResult is what bringing in a file did to one annotator's layer.
type LayerResult struct {
	Annotator string
	// ArticlesMatched and ArticlesNew count the articles on which the
	// annotator has spans in the file or had spans here: articles already
	// stored (matched by text SHA-256) and articles the file added.
	ArticlesMatched, ArticlesNew int
	// SpansAdded, SpansChanged and SpansRemoved count the span rows
	// inserted, rewritten (edges, label, attributes or note) and deleted;
	// SpansUnchanged those left as they were.
	SpansAdded, SpansChanged, SpansRemoved, SpansUnchanged int
	// RelationsAdded and RelationsRemoved count the layer's relations.
	RelationsAdded, RelationsRemoved int
}

// Changed reports whether the layer changed at all.
func (l LayerResult) Changed() bool {
	return l.SpansAdded+l.SpansChanged+l.SpansRemoved+l.RelationsAdded+l.RelationsRemoved > 0
}

// BringInResult is what bringing in another Hamesh database did.
type BringInResult struct {
	Path  string // the file brought in
	Owner string // the annotator name of the file's owner
	// ArticlesMatched and ArticlesNew count the file's articles already
	// stored (by text SHA-256) and added.
	ArticlesMatched, ArticlesNew int
	// Layers holds one entry per annotator brought in, by name.
	Layers []LayerResult
	// IgnoredOwnSpans counts the file's spans of the importing user's own
	// layer, which are never brought in (ours is the authority on it).
	IgnoredOwnSpans int
	// GoldKeptArticles counts the articles whose gold spans in the file were
	// not brought in because this database has a gold layer on them.
	GoldKeptArticles int
	NewLabels        []string // labels the scheme gained
}

// Changed reports whether bringing in changed anything.
func (r BringInResult) Changed() bool {
	if r.ArticlesNew > 0 || len(r.NewLabels) > 0 {
		return true
	}
	for _, l := range r.Layers {
		if l.Changed() {
			return true
		}
	}
	return false
}

// Table returns the per-annotator figures as rows of cells, a header row
// first, for the command line and the GUI to lay out alike.
func (r BringInResult) Table() [][]string {
	rows := [][]string{{"ANNOTATOR", "ARTICLES MATCHED", "NEW", "SPANS ADDED", "CHANGED", "REMOVED", "UNCHANGED"}}
	for _, l := range r.Layers {
		rows = append(rows, []string{l.Annotator, strconv.Itoa(l.ArticlesMatched), strconv.Itoa(l.ArticlesNew),
			strconv.Itoa(l.SpansAdded), strconv.Itoa(l.SpansChanged), strconv.Itoa(l.SpansRemoved), strconv.Itoa(l.SpansUnchanged)})
	}
	return rows
}

// Notes returns the sentences that go with the table, in English: the
// articles, what was left out and why, and the new labels (NoteList).
func (r BringInResult) Notes() []string {
	var out []string
	for _, n := range r.NoteList() {
		out = append(out, n.String())
	}
	return out
}

// NoteList returns the sentences of Notes as Notes, for the GUI to
// translate.
func (r BringInResult) NoteList() []Note {
	notes := []Note{Notef("%d articles matched, %d new", r.ArticlesMatched, r.ArticlesNew)}
	if r.IgnoredOwnSpans > 0 {
		notes = append(notes, Notef("%d spans of your own layer in the file were ignored (your copy is kept)", r.IgnoredOwnSpans))
	}
	if r.GoldKeptArticles > 0 {
		notes = append(notes, Notef("the file's gold spans on %d articles were not brought in: this database has a gold layer there", r.GoldKeptArticles))
	}
	if len(r.NewLabels) > 0 {
		notes = append(notes, Notef("new labels: %v", r.NewLabels))
	}
	if !r.Changed() {
		notes = append(notes, Notef("nothing changed: this database already holds the file's layers"))
	}
	return notes
}
