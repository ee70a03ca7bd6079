// Package data is Hamesh's store: it implements annotations.Store on one
// SQLite file through github.com/mattn/go-sqlite3.
//
// # Connections
//
// Open makes two connection pools on the file. Every connection of both gets
// its pragmas from the DSN, so none can miss them:
//
//   - foreign_keys=on: spans and relations die with their article, relations
//     with their spans, and a label rename relabels its spans.
//   - journal_mode=WAL: readers never block the writer nor each other.
//   - busy_timeout=10000: a writer waits up to 10 s for another process.
//   - synchronous=FULL: every commit is synced to the disk before it returns,
//     so an edit the GUI has shown as saved survives a power cut. In WAL mode
//     NORMAL would stay consistent but could lose the last commits; an
//     annotation session is a person's work, and a commit here costs one
//     fsync of the WAL, which the benchmarks measure (BenchmarkAddSpan).
//   - txlock: the writing pool begins every transaction IMMEDIATE, taking the
//     write lock at BEGIN, so two writers never deadlock upgrading a read
//     lock (SQLITE_BUSY that no timeout can cure); they queue instead. The
//     reading pool begins DEFERRED and is query_only, so reads take no write
//     lock and see one consistent snapshot per transaction.
//
// The writing pool has a single connection: this process's writers queue on
// a Go mutex, not in SQLite's sleeping busy handler, and that connection's
// PRAGMA data_version moves only for other processes' commits, which is
// what DataVersion reports for the GUI to poll.
//
// ":memory:" is refused: each pooled connection would get its own empty
// database.
//
// # Transactions
//
// Every public method is one transaction, begun with BeginTx, rolled back by
// a deferred Rollback unless Commit is reached, and built from unexported
// helpers that take the *sql.Tx. Driver errors are mapped to
// annotations.Error codes by sqlite3.Error.ExtendedCode, never by message
// text. Three methods cannot be a transaction by SQLite's rules and say so:
// Backup (VACUUM INTO runs in its own read transaction), DataVersion (one
// pragma) and Close. ImportFile (and ImportDocuments) is many on purpose.
//
// # Imports
//
// An import file may hold a million articles, and one transaction for it
// would lock every other writer out for its whole length. ImportFile
// therefore writes it in batches of at most DB.ImportBatch articles and
// about DB.ImportBatchTime (200 ms) each, and keeps "each file all or
// nothing" by staging: the batches' rows carry the id of the import's row
// in the imports table (migration 0003), every reader skips rows whose
// import is still in that table (visible), and a last short transaction
// deletes the row, which shows the whole file at once. Merged articles are
// touched in that step too. One import runs at a time per database, under
// flock(2) on PATH.import-lock, which holds the running import's file and
// start time for the message a second import gets ("another Hamesh import
// is running (FILE, started …)") after waiting DB.ImportWait. The kernel
// drops the flock of a killed import: the next import, or the next Open
// that finds the lock free, deletes the dead import's rows in short
// transactions and removes the lock file. While an import runs, every
// other writer holds a shared lock on byte 1 of the lock file (Linux
// open-file-description locks) from before BEGIN to its commit, and the
// import lets such writers go between two batches, so they wait about one
// batch and not SQLite's polling luck.
//
// # Schema
//
// The schema lives in numbered SQL files embedded from migrations/, applied
// in order, each in one transaction together with its Go step (0001 seeds
// the default label scheme), and recorded in the migrations table. The file
// is stamped with PRAGMA application_id = ApplicationID and PRAGMA
// user_version = the schema version. Open refuses, without writing to it, a
// file that is not SQLite, an SQLite database of another program, and a
// database from a newer Hamesh; before migrating an older Hamesh database it
// saves a copy beside it as PATH.bak-v<N>-<timestamp>, one per schema
// version: a try after a failed migration reuses it while the database is
// unchanged. Open reads the version without a lock and takes the write
// lock only when a migration is due; a database that cannot be written
// opens read-only (edits return EREADONLY).
//
// Times are stored as RFC 3339 text in UTC with nine fractional digits, so
// they round-trip to the nanosecond and sort as text; a span's two times
// are an integer count of nanoseconds since 1970 instead wherever that
// round-trips (years 1678 to 2261, migration 0008), as no query sorts
// them.
//
// # Undo
//
// Each edit writes a history row (the state it replaced and the state it
// made, as JSON) in the same transaction. Undo and Redo walk those rows per
// article, so the history survives a restart; a new edit after an undo drops
// the redo tail. The first span or relation edit of an article whose status
// is todo moves it to in_progress, and that change is part of the same
// history entry (undo puts the status back).
package data
