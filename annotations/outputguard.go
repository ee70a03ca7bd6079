package annotations

import "context"

// OutputGuard is implemented by a store that lives in a file (data.DB): it
// refuses output paths that would replace that file or the files beside it
// that belong to it. Callers that write exports, renders or backups
// type-assert their Store to it and call CheckOutput for every path they are
// about to write, before anything is written.
//
// (It is its own interface for now; it is meant to join Store.)
type OutputGuard interface {
	// CheckOutput returns an EINVALID *Error naming both paths when writing
	// the file or folder at path would replace, or be, the database, its
	// -wal, -shm or -journal file or its lock file, or a folder holding
	// the database; nil when path is safe to write. "-" (standard output)
	// is always safe.
	CheckOutput(path string) error
}

// ExportChecker is implemented by a store that can tell, before an export
// writes anything, that some matching articles cannot be read back (data.DB:
// a text row missing from a damaged database), so the export stops with
// their ids instead of leaving them out without a word.
type ExportChecker interface {
	// CheckExport returns an error naming the articles matching f that
	// cannot be exported, nil when every one can.
	CheckExport(ctx context.Context, f ArticleFilter) error
}
