package annotations

import "context"

// SortKey names the order of the library's articles.
type SortKey string

// The library's sort orders. Ties fall back to the creation order, then the
// article id, so pages never overlap.
const (
	SortCreated SortKey = "created" // by creation time; the default, also for ""
	SortTitle   SortKey = "title"   // by title, case and Arabic letter variants folded
	SortUpdated SortKey = "updated" // by the time of the last change
	SortStatus  SortKey = "status"  // todo, then in_progress, then done
)

// ValidSortKey reports whether k is "" (meaning SortCreated) or one of the
// Sort constants.
func ValidSortKey(k SortKey) bool {
	switch k {
	case "", SortCreated, SortTitle, SortUpdated, SortStatus:
		return true
	}
	return false
}

// ArticleFilter selects and orders articles for the library.
type ArticleFilter struct {
	Query  string   // case-insensitive substring of the title; empty for all
	Status []Status // empty for every status
	IDs    []string // empty for every article
	SortBy SortKey  // SortCreated when empty
	Desc   bool
	Offset int
	Limit  int // 0 for no limit
}

// ArticlePage is one page of the library and the number of articles that
// match its filter on every page, read together so they agree.
type ArticlePage struct {
	Articles []ArticleSummary // the page: the filter's Offset and Limit applied
	Total    int              // every match, ignoring Offset and Limit
}

// ImportResult says what one import did.
type ImportResult struct {
	Articles  int // articles created
	Merged    int // articles already present (same text hash) whose spans were merged
	Spans     int // spans added
	Relations int // relations added
	NewLabels []string
	// ArticleIDs holds, for each input document in input order, the id of
	// the article it was stored as: the new article, or the stored article
	// with the same text that it was merged into. Two documents with the
	// same text give the same id twice.
	ArticleIDs []string
}

// StreamImporter is a Store that imports one file's documents as they
// are read, so that a file of any size takes the memory of one batch
// (data.DB). next gives the documents in order, then io.EOF; the import is
// all or none, as ImportDocuments, and next's own errors come back as they
// are. The documents are filled in place.
type StreamImporter interface {
	ImportStream(ctx context.Context, file string, next func() (*Document, error)) (ImportResult, error)
}

// Store is what the GUI and the command line need persisted. Every method is
// one transaction: it happens entirely or not at all.
//
// Errors are *Error values: ENOTFOUND for unknown ids, EINVALID for documents
// or spans that fail validation (naming the article and span), EINTERNAL for
// I/O failures.
type Store interface {
	// ArticlePage returns the page of library rows that f selects and the
	// total number of matches, both from one snapshot. EINVALID for an
	// unknown status or sort key or a negative offset or limit.
	ArticlePage(ctx context.Context, f ArticleFilter) (ArticlePage, error)
	// Document returns one article with its spans and relations.
	Document(ctx context.Context, articleID string) (*Document, error)
	// ImportDocuments validates and stores docs all or none: if any is
	// invalid nothing is stored, and readers see none of them until all
	// are stored (the store may write them in several short transactions). Missing ids and timestamps are filled;
	// present ones are kept. An article whose text hash is already stored
	// gets the new spans merged (no duplicates by kind, label and range).
	// Unknown labels join the scheme.
	ImportDocuments(ctx context.Context, docs []Document) (ImportResult, error)
	// ExportDocuments calls fn for every matching document in a stable
	// order (article creation time, then id; spans by start, end, id).
	ExportDocuments(ctx context.Context, f ArticleFilter, fn func(*Document) error) error

	// Labels returns the label scheme in display order.
	Labels(ctx context.Context) ([]Label, error)
	// SaveLabel adds or replaces the label named l.Name (renaming when
	// oldName differs, which relabels its spans).
	SaveLabel(ctx context.Context, oldName string, l Label) error

	// AddSpan validates and adds a span, recording it for undo; it fills ID
	// and timestamps and returns the stored span.
	AddSpan(ctx context.Context, s Span) (Span, error)
	// UpdateSpan replaces a span's label, range, attributes and note,
	// recording the change for undo.
	UpdateSpan(ctx context.Context, s Span) (Span, error)
	// DeleteSpan removes a span and its relations, recording it for undo.
	DeleteSpan(ctx context.Context, spanID string) error
	// RelabelSpan gives a span another label of the scheme and returns the
	// stored span: its kind follows the label's and its attributes follow
	// Span.Relabeled. One undo step restores label, kind and attributes.
	// ENOTFOUND for an unknown span, EINVALID for an unknown label.
	RelabelSpan(ctx context.Context, spanID, label string) (Span, error)
	// AddRelation adds a relation between two spans of one article.
	AddRelation(ctx context.Context, r Relation) (Relation, error)
	// DeleteRelation removes a relation, recording it for undo.
	DeleteRelation(ctx context.Context, relationID string) error
	// SetClaimant makes entity span entityID the claimant (RelClaimant,
	// From the claim, To the entity) of claim span claimID, replacing any
	// claimant it had; an empty entityID removes the claimant. It is one
	// undo step, and nothing when the claimant is already entityID.
	// ENOTFOUND for an unknown span; EINVALID when claimID is not a claim,
	// entityID not an entity, or the two are in different articles.
	SetClaimant(ctx context.Context, claimID, entityID string) error
	// SetArticleMeta sets an article's status and note.
	SetArticleMeta(ctx context.Context, articleID string, status Status, note string) error

	// Undo reverts the article's last edit; ok is false when there is none.
	Undo(ctx context.Context, articleID string) (ok bool, err error)
	// Redo re-applies the article's last undone edit.
	Redo(ctx context.Context, articleID string) (ok bool, err error)

	// Backup writes a consistent copy of the database to the file at path,
	// even while other connections are writing.
	Backup(ctx context.Context, path string) error
	// Close releases the database.
	Close() error
}

// RegistryStore is what the editing session needs of a store that keeps
// the entity registry (issue 17; the SQLite store is one). A store without
// it offers no "Link to…".
type RegistryStore interface {
	// Entries returns every registry entry.
	Entries(ctx context.Context) ([]Entry, error)
	// AddEntry stores a new entry, filling its id, and returns it.
	AddEntry(ctx context.Context, e Entry) (Entry, error)
	// LinkSpan sets entity span spanID's entity_id to entryID ("" unlinks)
	// as a span edit, recorded for undo; the span's text becomes an alias.
	LinkSpan(ctx context.Context, spanID, entryID string) (Span, error)
}
