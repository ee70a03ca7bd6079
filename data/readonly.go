package data

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// readOnlyReason returns why the database at path can only be read — its
// folder or the file itself cannot be written, say on a read-only mount —
// or "" when it can be written. SQLite needs the folder too: in WAL mode
// every writer creates PATH-wal and PATH-shm beside the file.
func readOnlyReason(path string) string {
	dir := filepath.Dir(path)
	if err := canWrite(dir); err != nil {
		return fmt.Sprintf("its folder %s cannot be written: %v", dir, err)
	}
	if exists(path) {
		if err := canWrite(path); err != nil {
			return fmt.Sprintf("the file %s cannot be written: %v", path, err)
		}
	}
	return ""
}

// ReadOnlyReason implements annotations.ReadOnlyReporter: "" when the
// database was opened for writing, else why it was opened read-only.
func (db *DB) ReadOnlyReason() string { return db.readOnly }

var _ annotations.ReadOnlyReporter = (*DB)(nil)

// errReadOnly is the EREADONLY error of an edit (op) refused because db was
// opened read-only.
func (db *DB) errReadOnly(op string) error {
	return annotations.Errorf(annotations.EREADONLY,
		"%s: the database %s is open read-only (%s); nothing was changed: reading and exporting work, edits need a writable copy or folder",
		op, db.path, db.readOnly)
}

// openReadOnly opens the database at path, whose schema is current, for
// reading only, because of why (readOnlyReason). Both pools are read-only
// connections (see readSource); edits are refused by update with EREADONLY.
func openReadOnly(ctx context.Context, path, why string) (*DB, error) {
	uri, err := readSource(path)
	if err != nil {
		return nil, err
	}
	src := uri + "&_foreign_keys=on&_query_only=on&_txlock=deferred"
	db := &DB{Now: time.Now, path: path, readOnly: why}
	if db.wdb, err = sql.Open("sqlite3", src); err != nil {
		return nil, mapErr("open "+path+" read-only", err)
	}
	db.wdb.SetMaxOpenConns(1)
	if db.rdb, err = sql.Open("sqlite3", src); err != nil {
		db.wdb.Close()
		return nil, mapErr("open "+path+" read-only", err)
	}
	db.rdb.SetMaxOpenConns(6)
	db.rdb.SetMaxIdleConns(6)
	if _, err := db.DataVersion(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// readSource returns the SQLite URI of a read-only connection to the
// database at path, with the busy timeout. When path's folder cannot be
// written and holds no -wal, the file is opened immutable: no WAL-mode
// writer can exist (it would have to create PATH-wal), and it is what lets
// SQLite read the file without creating PATH-shm. A -wal without a -shm in
// such a folder cannot be read at all, and is refused with EREADONLY.
func readSource(path string) (string, error) {
	uri := "file:" + uriPath(path) + "?mode=ro&_busy_timeout=10000"
	if canWrite(filepath.Dir(path)) == nil {
		return uri, nil
	}
	switch {
	case !nonEmpty(path + "-wal"):
		return uri + "&immutable=1", nil
	case !exists(path + "-shm"):
		return "", annotations.Errorf(annotations.EREADONLY,
			"open %s read-only: its folder cannot be written and it has a -wal file left by a writer that stopped without cleaning up, which SQLite can only read by creating %s-shm there; open it once where its folder can be written, or copy %s and %s-wal to a writable folder",
			path, path, path, path)
	}
	return uri, nil
}
