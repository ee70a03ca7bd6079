package annotations

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
