package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/hamesh-app/hamesh/annotations"
	sqlite3 "github.com/mattn/go-sqlite3"
)

// ApplicationID is the value of PRAGMA application_id in every Hamesh
// database: the bytes "HMSH". A file with another non-zero value, or with
// tables and no value, belongs to another program and is never opened.
const ApplicationID int32 = 0x484D5348

// SettingAnnotator is the settings key holding the annotator's name; AddSpan
// stamps it on spans that name no annotator.
const SettingAnnotator = "annotator"

// timeLayout is RFC 3339 with a fixed nine-digit fraction, so stored times
// sort as text and parse back to the same instant.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// pragmas are given to every connection of both pools (see the package doc).
const pragmas = "_foreign_keys=on&_journal_mode=WAL&_busy_timeout=10000&_synchronous=FULL"

// The defaults of DB.ImportBatch, DB.ImportBatchTime and DB.ImportWait.
const (
	DefaultImportBatch     = 5000
	DefaultImportBatchTime = 200 * time.Millisecond
	DefaultImportWait      = 10 * time.Second
)

// DB is a Hamesh database file. It implements annotations.Store and is safe
// for concurrent use, also alongside other processes using the same file.
type DB struct {
	// Now returns the current time; tests replace it to pin timestamps.
	// It defaults to time.Now.
	Now func() time.Time

	// ImportBatch is the most articles one transaction of an import writes,
	// and ImportBatchTime the longest it runs (it ends after the article
	// that passes it): an import holds the write lock that long at a time.
	// Open sets DefaultImportBatch and DefaultImportBatchTime.
	ImportBatch     int
	ImportBatchTime time.Duration
	// ImportWait is how long an import waits for another Hamesh import of
	// the same database to finish before failing with a message naming it;
	// Open sets DefaultImportWait, and 0 fails at once.
	ImportWait time.Duration

	path     string
	readOnly string     // why the database was opened read-only, or ""
	wmu      sync.Mutex // held by each write transaction and by DataVersion
	wdb      *sql.DB    // writers: BEGIN IMMEDIATE, one connection
	rdb      *sql.DB    // readers: BEGIN DEFERRED, query_only

	dvLast atomic.Int64 // DataVersion's last reading

	closeOnce sync.Once
	closeErr  error
}

var _ annotations.Store = (*DB)(nil)

// Open opens the Hamesh database at path, creating and initialising it when
// the file is missing or empty, and migrating it (after saving a copy as
// PATH.bak-v<N>-<timestamp>) when its schema is older than this Hamesh's.
//
// The schema version is read without taking any lock; a write lock is
// taken only when a migration is due, so opening never waits behind
// another process's long write transaction.
//
// A database that cannot be written (the file, or its folder or file
// system, is read-only) opens read-only: reading, exporting and Backup
// work, and every edit returns an EREADONLY error saying why
// (ReadOnlyReason). Such a database must not need a migration, nor be
// missing.
//
// It returns an EINVALID error and leaves the file untouched when path is
// ":memory:" or empty, is not an SQLite file, is another program's SQLite
// database, or was written by a newer Hamesh; EREADONLY when it cannot be
// written and needs creating or upgrading; EINTERNAL for I/O failures.
func Open(path string) (*DB, error) {
	ctx := context.Background()
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, annotations.Errorf(annotations.EINVALID,
			"open database %q: need a file path (an in-memory database cannot be shared by a connection pool)", path)
	}
	if migrationsErr != nil {
		return nil, annotations.Errorf(annotations.EINTERNAL, "open %s: %v", path, migrationsErr)
	}
	st, err := inspect(ctx, path)
	if err != nil {
		return nil, err
	}
	if why := readOnlyReason(path); why != "" {
		switch {
		case st.version == 0:
			return nil, annotations.Errorf(annotations.EREADONLY,
				"open %s: cannot create a new database there: %s", path, why)
		case st.version < SchemaVersion():
			return nil, annotations.Errorf(annotations.EREADONLY,
				"open %s: the database has schema version %d and this Hamesh needs version %d, but it cannot be upgraded: %s; upgrade it once where it can be written, or open it with the Hamesh that wrote it",
				path, st.version, SchemaVersion(), why)
		}
		return openReadOnly(ctx, path, why)
	}
	saved := ""
	if st.version > 0 && st.version < SchemaVersion() {
		if saved, err = saveBeforeMigrate(ctx, path, st.version); err != nil {
			return nil, err
		}
	}

	db := &DB{Now: time.Now, path: path, ImportBatch: DefaultImportBatch,
		ImportBatchTime: DefaultImportBatchTime, ImportWait: DefaultImportWait}
	db.wdb, err = sql.Open("sqlite3", dsn(path, "_txlock=immediate"))
	if err != nil {
		return nil, mapErr("open "+path, err)
	}
	db.wdb.SetMaxOpenConns(1) // writers queue in Go rather than in SQLite's busy handler
	db.wdb.SetMaxIdleConns(1)
	db.wdb.SetConnMaxIdleTime(0)
	if st.version < SchemaVersion() { // else nothing to do: take no write lock
		if err := db.migrate(ctx, saved); err != nil {
			db.wdb.Close()
			return nil, err
		}
		if st.version > 0 && st.version < compactVersion {
			db.reclaim(ctx)
		}
	}
	db.rdb, err = sql.Open("sqlite3", dsn(path, "_txlock=deferred&_query_only=on"))
	if err != nil {
		db.wdb.Close()
		return nil, mapErr("open "+path, err)
	}
	db.rdb.SetMaxOpenConns(6)
	db.rdb.SetMaxIdleConns(6)
	if _, err := db.DataVersion(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.dropDeadImports(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// compactVersion is the migration that copies the spans into a smaller
// table (0008): upgrading across it leaves the old table's pages free in
// the file, which reclaim gives back.
const compactVersion = 8

// reclaim rewrites the file without its free pages (VACUUM) after an
// upgrade across compactVersion. VACUUM is one transaction of its own: a
// kill leaves the upgraded file as it was before, free pages and all. It
// is best effort: a failure (no room for the rewrite, a reader that keeps
// it waiting past the busy timeout) leaves the file upgraded and whole,
// only larger, so the open goes on.
func (db *DB) reclaim(ctx context.Context) {
	_, _ = db.wdb.ExecContext(ctx, `VACUUM`)
}

// Path returns the file the database was opened from.
func (db *DB) Path() string { return db.path }

// Close releases the database; the last connection to the file checkpoints
// the WAL into it. Later calls do nothing and return the first's result.
func (db *DB) Close() error {
	db.closeOnce.Do(func() { db.closeErr = db.close() })
	return db.closeErr
}

func (db *DB) close() error {
	var errs []error
	if db.rdb != nil {
		errs = append(errs, db.rdb.Close())
	}
	if db.wdb != nil {
		errs = append(errs, db.wdb.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return mapErr("close "+db.path, err)
	}
	return nil
}

// dsn returns the go-sqlite3 DSN for path with the common pragmas and extra.
func dsn(path, extra string) string {
	return "file:" + uriPath(path) + "?" + pragmas + "&" + extra
}

// uriPath escapes path for an SQLite file: URI.
func uriPath(path string) string {
	p := filepath.ToSlash(path)
	if filepath.VolumeName(path) != "" {
		p = "/" + p
	}
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// update runs fn in one write transaction (BEGIN IMMEDIATE); op names the
// operation in errors. While an import of another DB runs, it tells that
// import it waits (waitTurn), so it writes between two of its batches.
func (db *DB) update(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	if db.readOnly != "" {
		return db.errReadOnly(op)
	}
	defer waitTurn(db.path)()
	return db.write(ctx, op, fn)
}

// write is update without waitTurn, for the import's own transactions.
func (db *DB) write(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	return db.writeAttached(ctx, op, "", "", fn)
}

// writeAttached is write with the database file attachPath attached to the
// writing connection as schema name for the transaction ("" attaches
// nothing); ATTACH cannot run inside a transaction, so it comes before
// BEGIN and DETACH after the end.
func (db *DB) writeAttached(ctx context.Context, op, attachPath, name string, fn func(tx *sql.Tx) error) error {
	if db.readOnly != "" {
		return db.errReadOnly(op)
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	conn, err := db.wdb.Conn(ctx)
	if err != nil {
		return mapErr(op, err)
	}
	defer conn.Close()
	if attachPath != "" {
		if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS `+name, attachPath); err != nil {
			return mapErr(op+": attach "+name, err)
		}
		defer conn.ExecContext(context.Background(), `DETACH DATABASE `+name)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return db.lockedBy(mapErr(op, err))
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return db.lockedBy(mapErr(op, err))
	}
	if err := tx.Commit(); err != nil {
		return db.lockedBy(mapErr(op, err))
	}
	return nil
}

// lockedBy names the holder in a "stayed locked" error when it is a Hamesh
// import (its lock file is locked) rather than another program.
func (db *DB) lockedBy(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) || (se.Code != sqlite3.ErrBusy && se.Code != sqlite3.ErrLocked) {
		return err
	}
	l, holder, lerr := tryLockImport(db.path)
	if l != nil {
		l.release()
	}
	if l != nil || lerr != nil {
		return err
	}
	if holder == "" {
		holder = "its description is not written yet"
	}
	msg := strings.Replace(err.Error(), "stayed locked by another program", "stayed locked by another Hamesh import ("+holder+")", 1)
	return &storeError{annotations.Errorf(annotations.ErrorCode(err), "%s", msg), err}
}

// view runs fn in one read transaction, which sees a single snapshot.
func (db *DB) view(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := db.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return mapErr(op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return mapErr(op, err)
	}
	if err := tx.Commit(); err != nil {
		return mapErr(op, err)
	}
	return nil
}

func (db *DB) now() time.Time {
	if db.Now != nil {
		return db.Now().UTC()
	}
	return time.Now().UTC()
}

// newID returns a fresh UUIDv7 (time-ordered) as text.
func newID() (string, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return "", annotations.Errorf(annotations.EINTERNAL, "new id: %v", err)
	}
	return id.String(), nil
}

func formatTime(t time.Time) string {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.Format(timeLayout)
	}
	hour, min, sec := t.Clock()
	var b [30]byte
	put := func(i, v, n int) {
		for j := i + n - 1; j >= i; j-- {
			b[j] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, year, 4)
	b[4] = '-'
	put(5, int(month), 2)
	b[7] = '-'
	put(8, day, 2)
	b[10] = 'T'
	put(11, hour, 2)
	b[13] = ':'
	put(14, min, 2)
	b[16] = ':'
	put(17, sec, 2)
	b[19] = '.'
	put(20, t.Nanosecond(), 9)
	b[29] = 'Z'
	return string(b[:])
}

// spanTime is how a span's created_at and updated_at are stored (migration
// 0008): nanoseconds since 1970-01-01 UTC as an integer for a year from
// 1678 to 2261, where the count fits 64 bits and converts back to the
// same instant; formatTime's text for any other time. readSpanTime reads
// both forms.
func spanTime(t time.Time) any {
	if y := t.UTC().Year(); y >= 1678 && y <= 2261 {
		return t.UnixNano()
	}
	return formatTime(t)
}

// readSpanTime reads a span time as stored by spanTime (or as text, as
// every time was before migration 0008): an int64 count of nanoseconds,
// or RFC 3339 text.
func readSpanTime(v any) (time.Time, error) {
	switch v := v.(type) {
	case int64:
		return time.Unix(0, v).UTC(), nil
	case string:
		return parseTime(v)
	case []byte:
		return parseTime(string(v))
	}
	return time.Time{}, annotations.Errorf(annotations.EINTERNAL, "stored span time %v is neither an integer nor text", v)
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, annotations.Errorf(annotations.EINTERNAL, "stored time %q is malformed: %v", s, err)
	}
	return t.UTC(), nil
}

// storeError is an annotations.Error that keeps the error it came from, so
// callers can both read the code and errors.Is the cause (context.Canceled,
// an export callback's error).
type storeError struct {
	err   *annotations.Error
	cause error
}

func (e *storeError) Error() string   { return e.err.Message }
func (e *storeError) Unwrap() []error { return []error{e.err, e.cause} }

// mapErr names op in err and gives it a code. A *annotations.Error keeps its
// code; an SQLite error is classified by its extended result code.
func mapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	var ae *annotations.Error
	if errors.As(err, &ae) {
		if _, ok := err.(*storeError); ok {
			return err // already mapped by an inner call
		}
		e := annotations.Errorf(ae.Code, "%s: %s", op, err)
		if err == error(ae) {
			return e
		}
		return &storeError{e, err}
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		return &storeError{sqliteError(op, se), err}
	}
	return &storeError{annotations.Errorf(annotations.EINTERNAL, "%s: %v", op, err), err}
}

// errConstraintDataType is SQLITE_CONSTRAINT_DATATYPE (a STRICT table
// refused a value's type), which go-sqlite3 does not name.
var errConstraintDataType = sqlite3.ErrConstraint.Extend(12)

// sqliteError classifies a driver error by its (extended) result code.
func sqliteError(op string, se sqlite3.Error) *annotations.Error {
	switch se.ExtendedCode {
	case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
		return annotations.Errorf(annotations.ECONFLICT, "%s: already exists (%v)", op, se)
	case sqlite3.ErrConstraintForeignKey:
		return annotations.Errorf(annotations.EINVALID, "%s: refers to a missing article, span or label (%v)", op, se)
	case sqlite3.ErrConstraintCheck, sqlite3.ErrConstraintNotNull, errConstraintDataType:
		return annotations.Errorf(annotations.EINVALID, "%s: a value is out of range (%v)", op, se)
	case sqlite3.ErrBusySnapshot:
		return annotations.Errorf(annotations.ECONFLICT, "%s: another connection wrote first; retry (%v)", op, se)
	}
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return annotations.Errorf(annotations.EINTERNAL, "%s: the database stayed locked by another program for over 10 s (%v)", op, se)
	case sqlite3.ErrNotADB:
		return annotations.Errorf(annotations.EINVALID, "%s: the file is not an SQLite database", op)
	case sqlite3.ErrCorrupt:
		return annotations.Errorf(annotations.EINTERNAL, "%s: the database file is damaged (%v)", op, se)
	case sqlite3.ErrFull:
		return annotations.Errorf(annotations.EINTERNAL, "%s: the disk is full", op)
	case sqlite3.ErrReadonly:
		return annotations.Errorf(annotations.EREADONLY, "%s: the database file cannot be written (read-only file, folder or file system; %v)", op, se)
	case sqlite3.ErrPerm, sqlite3.ErrCantOpen, sqlite3.ErrIoErr:
		return annotations.Errorf(annotations.EINTERNAL, "%s: cannot read or write the database file (%v)", op, se)
	}
	return annotations.Errorf(annotations.EINTERNAL, "%s: %v", op, se)
}

// fileState is what inspect learnt about a database file.
type fileState struct {
	version int // schema version; 0 for a file to initialise
}

var sqliteMagic = []byte("SQLite format 3\x00")

// inspect decides, without writing to it, whether path may be opened:
// missing, empty or blank SQLite files are new, Hamesh files of this or an
// older version are ours, anything else is refused.
func inspect(ctx context.Context, path string) (fileState, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		if d, err := os.Stat(filepath.Dir(path)); err != nil || !d.IsDir() {
			return fileState{}, annotations.Errorf(annotations.EINVALID, "open %s: the folder %s does not exist", path, filepath.Dir(path))
		}
		return fileState{}, nil
	} else if err != nil {
		return fileState{}, annotations.Errorf(annotations.EINTERNAL, "open %s: %v", path, err)
	}
	if fi.IsDir() {
		return fileState{}, annotations.Errorf(annotations.EINVALID, "open %s: it is a directory, not a database file", path)
	}
	if fi.Size() == 0 {
		return fileState{}, nil
	}
	notSQLite := annotations.Errorf(annotations.EINVALID,
		"open %s: not a Hamesh database: the file is not an SQLite database (another kind of file, or damaged); it was left untouched", path)
	f, err := os.Open(path)
	if err != nil {
		return fileState{}, annotations.Errorf(annotations.EINTERNAL, "open %s: %v", path, err)
	}
	head := make([]byte, 100)
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head[:16], sqliteMagic) {
		return fileState{}, notSQLite
	}

	src, done, err := inspectSource(path)
	if err != nil {
		return fileState{}, err
	}
	defer done()
	st, err := readHeader(ctx, path, src)
	if err != nil {
		return fileState{}, err
	}
	if st.notSQLite {
		return fileState{}, notSQLite
	}
	if st.appID != ApplicationID {
		if st.appID == 0 && st.userVersion == 0 && st.objects == 0 {
			return fileState{}, nil // a blank SQLite file
		}
		return fileState{}, annotations.Errorf(annotations.EINVALID,
			"open %s: not a Hamesh database: it is an SQLite database of another program (application_id %#x, %d schema objects); it was left untouched",
			path, uint32(st.appID), st.objects)
	}
	if v := max(st.userVersion, st.migrated); v > SchemaVersion() {
		return fileState{}, annotations.Errorf(annotations.EINVALID,
			"open %s: the database was written by a newer Hamesh (schema version %d; this Hamesh knows up to %d): upgrade Hamesh to open it; it was left untouched",
			path, v, SchemaVersion())
	}
	return fileState{version: st.userVersion}, nil
}

// inspectSource returns the SQLite URI inspect reads the file at path
// through, and a function that releases it, chosen so the read cannot change
// path's folder:
//
//   - no -wal, or an empty one: path itself, opened immutable, so SQLite
//     leaves no -wal or -shm beside it;
//   - a -wal and a -shm (a live writer, or one that left both): path
//     itself, read-only and through the WAL; the -shm exists already, so the
//     read creates nothing (this is how Open sees a change another process
//     has not yet checkpointed);
//   - a -wal and no -shm (a writer crashed, or the -shm was deleted): a copy
//     of path and path-wal in a new temporary folder, removed by the returned
//     function; reading path itself would make SQLite create path-shm to
//     rebuild the WAL index, even on a read-only connection.
//
// A writer may arrive while the copy is made: when its -shm then exists or
// the -wal has gone (checkpointed and closed), the copy may be inconsistent,
// so it is dropped and the choice made again.
func inspectSource(path string) (src string, done func(), err error) {
	live := "file:" + uriPath(path) + "?mode=ro&_busy_timeout=10000"
	for range 3 {
		if !nonEmpty(path + "-wal") {
			return live + "&immutable=1", func() {}, nil
		}
		if exists(path + "-shm") {
			return live, func() {}, nil
		}
		copyPath, err := copyWithWAL(path)
		if err != nil {
			return "", nil, err
		}
		done := func() { os.RemoveAll(filepath.Dir(copyPath)) }
		if copyPath != "" && !exists(path+"-shm") && nonEmpty(path+"-wal") {
			return "file:" + uriPath(copyPath) + "?mode=ro&_busy_timeout=10000", done, nil
		}
		done()
	}
	return "", nil, annotations.Errorf(annotations.EINTERNAL,
		"open %s: its -wal and -shm files kept changing while Hamesh read them; try again", path)
}

// copyWithWAL copies path and path-wal into a new temporary folder and
// returns the copy's path. It returns "" (and removes the folder) when
// path-wal vanished meanwhile.
func copyWithWAL(path string) (string, error) {
	tmp, err := os.MkdirTemp("", "hamesh-inspect-")
	if err != nil {
		return "", annotations.Errorf(annotations.EINTERNAL,
			"open %s: make a temporary folder to read a copy of it and its crash-left -wal (set TMPDIR to a folder with room): %v", path, err)
	}
	dst := filepath.Join(tmp, "db")
	// The main file first: a checkpoint that starts meanwhile only copies
	// WAL frames into it, and those frames are still in the WAL read next.
	for _, suffix := range []string{"", "-wal"} {
		err := copyFile(path+suffix, dst+suffix)
		if suffix == "-wal" && errors.Is(err, os.ErrNotExist) {
			os.RemoveAll(tmp)
			return "", nil
		}
		if err != nil {
			os.RemoveAll(tmp)
			return "", annotations.Errorf(annotations.EINTERNAL,
				"open %s: copy it and its crash-left -wal to the temporary folder %s to read them without changing its folder (set TMPDIR to a folder with room): %v",
				path, tmp, err)
		}
	}
	return dst, nil
}

// copyFile copies the file src to a new file dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func nonEmpty(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() > 0
}

// header is what readHeader read from a database file.
type header struct {
	notSQLite            bool // SQLite said the file is not a database
	appID                int32
	userVersion, objects int
	migrated             int // highest version in a migrations table, or 0
}

// readHeader reads the header fields and migrations of the SQLite file that
// the URI src names, through a connection of its own that it closes before
// returning (so inspectSource's copy can be removed). path names the file in
// errors.
func readHeader(ctx context.Context, path, src string) (header, error) {
	var h header
	ro, err := sql.Open("sqlite3", src)
	if err != nil {
		return h, mapErr("open "+path, err)
	}
	defer ro.Close()
	err = ro.QueryRowContext(ctx, `SELECT
		(SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&h.appID, &h.userVersion, &h.objects)
	if err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && se.Code == sqlite3.ErrNotADB {
			return header{notSQLite: true}, nil
		}
		return h, mapErr("open "+path, err)
	}
	if h.appID != ApplicationID {
		return h, nil
	}
	err = ro.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM migrations`).Scan(&h.migrated)
	if err != nil && h.userVersion > 0 {
		return h, mapErr("open "+path+": read its migrations", err)
	}
	return h, nil
}

// copyDB writes a consistent copy of the database at src to dst through a
// read-only connection of its own (the reading pool is query_only, which
// VACUUM INTO respects).
func copyDB(ctx context.Context, src, dst string) error {
	uri, err := readSource(src)
	if err != nil {
		return err
	}
	ro, err := sql.Open("sqlite3", uri)
	if err != nil {
		return err
	}
	defer ro.Close()
	conn, err := ro.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return vacuumInto(ctx, conn, dst)
}

// vacuumInto writes a consistent, compacted copy of the database to dst
// through a temporary file in the same directory, synced and renamed so dst
// is either the whole copy or untouched.
func vacuumInto(ctx context.Context, conn *sql.Conn, dst string) error {
	// Absolute, so SQLite cannot take a name starting with "file:" for a URI.
	dst, err := filepath.Abs(dst)
	if err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp-%d", dst, time.Now().UnixNano())
	defer os.Remove(tmp)
	// The empty file first (VACUUM INTO accepts one): its modification
	// time, from the file system's clock, is before the snapshot, and the
	// copy keeps it, so saveBeforeMigrate can tell a copy made after the
	// database's last change.
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	f.Close()
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return err
	}
	if err := os.Chtimes(tmp, fi.ModTime(), fi.ModTime()); err != nil {
		return err
	}
	// VACUUM INTO does not sync its output.
	f, err = os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(dst)); err == nil {
		d.Sync() // best effort: not every system syncs directories
		d.Close()
	}
	return nil
}

// Backup writes a consistent copy of the database to the file at path (made
// by VACUUM INTO, which reads one snapshot while other connections go on
// writing), replacing path atomically if it exists. It returns EINVALID when
// path would replace the database or a file beside it that belongs to it
// (see CheckOutput) and EINTERNAL for I/O failures.
//
// VACUUM cannot run inside a transaction; the copy is its own read
// transaction.
func (db *DB) Backup(ctx context.Context, path string) error {
	op := fmt.Sprintf("back up %s to %s", db.path, path)
	if err := db.CheckOutput(path); err != nil {
		return mapErr(op, err)
	}
	return mapErr(op, copyDB(ctx, db.path, path))
}

// DataVersion returns a number that changes when another process (or
// another DB on the same file) has committed a change since the previous
// call, and stays put for this DB's own writes: the GUI polls it, say every
// two seconds, and reloads what it shows when it moves. Compare values only
// with each other; they mean nothing across Open calls.
//
// It is SQLite's PRAGMA data_version read on the one connection dedicated
// to this DB's writes. SQLite changes that value only for commits made by
// other connections, and every write of this DB goes through that
// connection (the reading pool is query_only), so own edits do not count.
// DataVersion never waits behind a write transaction of this DB: while one
// runs it returns its last reading, and a change made by another process
// before that transaction shows at the next call.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	if !db.wmu.TryLock() {
		return db.dvLast.Load(), nil
	}
	defer db.wmu.Unlock()
	var v int64
	if err := db.wdb.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return 0, mapErr("read the data version of "+db.path, err)
	}
	db.dvLast.Store(v)
	return v, nil
}

// Setting returns the value stored under key, or "" when none is. It
// returns EINVALID for an empty key.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.view(ctx, fmt.Sprintf("read setting %q", key), func(tx *sql.Tx) error {
		var err error
		v, err = setting(ctx, tx, key)
		return err
	})
	return v, err
}

// SetSetting stores value under key, replacing any previous value; setting
// a non-empty SettingAnnotator also makes SettingAnnotatorID when missing.
// It returns EINVALID for an empty key.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.update(ctx, fmt.Sprintf("save setting %q", key), func(tx *sql.Tx) error {
		if key == "" {
			return annotations.Errorf(annotations.EINVALID, "the key is empty")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		if err == nil && key == SettingAnnotator && value != "" {
			_, err = ensureAnnotatorID(ctx, tx) // naming yourself makes your id (BringIn)
		}
		return err
	})
}

func setting(ctx context.Context, tx *sql.Tx, key string) (string, error) {
	if key == "" {
		return "", annotations.Errorf(annotations.EINVALID, "the key is empty")
	}
	var v string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}
