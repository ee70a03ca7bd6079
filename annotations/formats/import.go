package formats

import (
	"context"
	"errors"
	"io"

	"github.com/hamesh-app/hamesh/annotations"
)

// ImportStage names the step of Import that failed.
type ImportStage int

// The steps of Import, in order.
const (
	// StageRead is reading the file: the error is the reader's own,
	// naming the file and line, and nothing was stored.
	StageRead ImportStage = iota + 1
	// StageRegistry is storing the file's registry records (entries,
	// claim clusters, relation types) or the relation types its articles
	// use.
	StageRegistry
	// StageArticles is storing its articles, spans and relations (all or
	// none).
	StageArticles
	// StageSuggestions is storing its suggestions, after its articles.
	StageSuggestions
)

// ImportError is an error of Import with the step it failed at.
type ImportError struct {
	Stage ImportStage
	Err   error
}

func (e *ImportError) Error() string { return e.Err.Error() }

// Unwrap returns the step's own error.
func (e *ImportError) Unwrap() error { return e.Err }

// ImportReport is what Import stored.
type ImportReport struct {
	annotations.ImportResult
	// Suggestions is how many suggestions were stored.
	Suggestions int
	// Registry is the registry records the file carried and Import stored
	// (nil: none).
	Registry *annotations.Registry
}

// Import stores the input s, opened on path, in store: first its registry
// records (a store that keeps them: annotations.RegistryExchange), then its
// documents, then the relation types they use that the scheme lacks, then
// their suggestions. A store that imports as it reads
// (annotations.StreamImporter) gets the documents one at a time, so a
// streamed file takes the memory of one batch; any other store gets them
// all at once (ImportDocuments). each, when not nil, sees every document
// before it is stored, and may change it (stamp an annotator, turn spans
// into suggestions). The articles are stored all or none; an error is an
// *ImportError naming the step, and a reading error is the reader's own
// message (file:line) with nothing stored.
func Import(ctx context.Context, store annotations.Store, path string, s *Stream, each func(*annotations.Document)) (ImportReport, error) {
	var rep ImportReport
	fail := func(stage ImportStage, err error) (ImportReport, error) {
		return rep, &ImportError{Stage: stage, Err: err}
	}
	// Reading the first article reads the registry records before it.
	first, err := s.Next()
	if err != nil && !errors.Is(err, io.EOF) {
		return fail(StageRead, err)
	}
	if err := storeRegistry(ctx, store, s.Registry(), nil); err != nil {
		return fail(StageRegistry, err)
	}
	rep.Registry = s.Registry()
	if first == nil {
		return rep, nil // a registry alone (ClaimReview)
	}
	// Only the suggestions are kept, with each document's place, and one
	// relation of each type used.
	var withSugs []annotations.Document
	var sugAt []int
	var types []string
	seen := map[string]bool{}
	n := 0
	var readErr error
	pending := first
	next := func() (*annotations.Document, error) {
		d := pending
		if d != nil {
			pending = nil
		} else if d, err = s.Next(); err != nil {
			if !errors.Is(err, io.EOF) {
				readErr = err
			}
			return nil, err
		}
		if each != nil {
			each(d)
		}
		if len(d.Suggestions) > 0 {
			withSugs = append(withSugs, annotations.Document{Suggestions: d.Suggestions})
			sugAt = append(sugAt, n)
		}
		for _, r := range d.Relations {
			if !seen[r.Type] {
				seen[r.Type] = true
				types = append(types, r.Type)
			}
		}
		n++
		return d, nil
	}
	if si, ok := store.(annotations.StreamImporter); ok {
		rep.ImportResult, err = si.ImportStream(ctx, path, next)
	} else {
		var docs []annotations.Document
		for {
			d, nerr := next()
			if nerr != nil {
				break
			}
			docs = append(docs, *d)
		}
		if readErr == nil {
			rep.ImportResult, err = store.ImportDocuments(ctx, docs)
		}
	}
	if readErr != nil {
		return fail(StageRead, readErr)
	}
	if err != nil {
		return fail(StageArticles, err)
	}
	if err := storeRegistry(ctx, store, nil, types); err != nil {
		return fail(StageRegistry, err)
	}
	if len(withSugs) > 0 {
		ids := make([]string, len(sugAt))
		for i, k := range sugAt {
			ids[i] = rep.ArticleIDs[k]
		}
		if rep.Suggestions, err = annotations.StoreSuggestions(ctx, store, withSugs, ids); err != nil {
			return fail(StageSuggestions, err)
		}
	}
	return rep, nil
}

// storeRegistry stores registry records and relation types in a store
// that keeps them; a store that does not is left alone.
func storeRegistry(ctx context.Context, store annotations.Store, reg *annotations.Registry, types []string) error {
	rx, ok := store.(annotations.RegistryExchange)
	if !ok || (reg.Empty() && len(types) == 0) {
		return nil
	}
	return rx.ImportRegistry(ctx, reg, types)
}
