package data

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one step of the schema: an SQL file and an optional Go step
// run in the same transaction after it.
type migration struct {
	version int
	name    string
	sql     string
	step    func(ctx context.Context, tx *sql.Tx) error
}

// goSteps are the Go parts of migrations, by version.
var goSteps = map[int]func(ctx context.Context, tx *sql.Tx) error{
	1: seedLabels,
}

var migrations, migrationsErr = loadMigrations(migrationFiles)

// SchemaVersion is the newest schema this Hamesh knows: the user_version of
// the databases it writes.
func SchemaVersion() int { return len(migrations) }

// loadMigrations reads migrations/NNNN_name.sql in order and checks that the
// versions run 1, 2, 3... without gaps.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var ms []migration
	for i, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
		num, label, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v != i+1 {
			return nil, annotations.Failf("migration %s: want the name %04d_something.sql", name, i+1)
		}
		text, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: label, sql: string(text), step: goSteps[v]})
	}
	return ms, nil
}

// migrate applies the migrations the file has not had yet, all in one
// write transaction that re-reads the version, so an upgrade is all or
// nothing (a kill leaves the old version or the new one, never a version
// between) and two processes opening the same file at once migrate it
// once. saved is the copy saveBeforeMigrate kept ("" for a new file),
// which a failure names.
//
// A failing migration is named in the error (number and name), with the
// version the database was left at (the one it had: the whole upgrade
// rolled back) and the copy, which the next try reuses.
func (db *DB) migrate(ctx context.Context, saved string) error {
	var failed *migration
	from := -1
	err := db.update(ctx, fmt.Sprintf("open %s: upgrade the schema", db.path), func(tx *sql.Tx) error {
		failed = nil
		if err := tx.QueryRowContext(ctx, `SELECT user_version FROM pragma_user_version`).Scan(&from); err != nil {
			return err
		}
		for i := range migrations {
			if err := applyMigration(ctx, tx, migrations[i]); err != nil {
				failed = &migrations[i]
				return err
			}
		}
		return nil
	})
	if err == nil {
		return nil
	}
	msg := err.Error()
	if failed != nil {
		msg = strings.Replace(msg, "upgrade the schema", fmt.Sprintf("migration %d (%s) failed", failed.version, failed.name), 1)
		msg += fmt.Sprintf("; the database was left at schema version %d", from)
		if saved != "" {
			msg += fmt.Sprintf("; the copy saved before the upgrade, %s, is kept, and the next try reuses it", saved)
		}
	}
	return &storeError{annotations.Errorf(annotations.ErrorCode(err), "%s", msg), err}
}

func applyMigration(ctx context.Context, tx *sql.Tx, m migration) error {
	var appID int32
	var v, objects int
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&appID, &v, &objects)
	if err != nil {
		return err
	}
	switch {
	case v >= m.version && appID == ApplicationID:
		if v > SchemaVersion() {
			return annotations.Errorf(annotations.EINVALID,
				"a newer Hamesh (schema version %d) changed the file meanwhile", v)
		}
		return nil // already applied, maybe by another process
	case v == 0 && (objects > 0 || appID != 0 && appID != ApplicationID):
		return annotations.Errorf(annotations.EINVALID, "another program wrote to the file meanwhile; it was left as it was")
	case v != m.version-1:
		return annotations.Errorf(annotations.EINTERNAL, "the file is at schema version %d, expected %d", v, m.version-1)
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	) STRICT`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if m.step != nil {
		if err := m.step(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, formatTime(time.Now())); err != nil {
		return err
	}
	// Pragmas take no parameters; both values are integers of ours.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.version)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d`, ApplicationID))
	return err
}

// seedLabels fills the label table with annotations.DefaultScheme.
func seedLabels(ctx context.Context, tx *sql.Tx) error {
	for i, l := range annotations.DefaultScheme() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO labels (name, kind, color, hotkey, description, position)
			VALUES (?, ?, ?, ?, ?, ?)`, l.Name, string(l.Kind), l.Color, l.Hotkey, l.Description, i); err != nil {
			return err
		}
	}
	return nil
}
