package annotations

// EREADONLY is the code of an edit refused because the store was opened
// read-only: the database file, or the folder or file system holding it,
// cannot be written. Reading and exporting still work.
const EREADONLY = "read_only"

// ReadOnlyReporter is implemented by a store that may have been opened
// read-only (data.DB), so a window can say so before the first edit is
// refused. (It is its own interface for now; it is meant to join Store.)
type ReadOnlyReporter interface {
	// ReadOnlyReason returns "" when the store accepts edits, else why it
	// does not, e.g. "the folder /media/x is on a read-only file system".
	ReadOnlyReason() string
}
