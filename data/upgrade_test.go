package data

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/jsonl"
)

// TestUpgradeFromSchemaV1 opens a database made by the first schema version
// (testdata/schema-v1.db, written by Hamesh before migration 2 existed): it
// must open in the current schema with all its data, after saving a copy of
// the old file beside it.
func TestUpgradeFromSchemaV1(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "old.db")
	orig, err := os.ReadFile("testdata/schema-v1.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path)
	if err != nil {
		t.Fatalf("open a version 1 database: %v", err)
	}
	defer db.Close()

	ctx := context.Background()
	var version int
	if err := db.rdb.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != SchemaVersion() || version < 2 {
		t.Errorf("user_version = %d after upgrade, want %d", version, SchemaVersion())
	}
	var idx int
	if err := db.rdb.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'articles_title'").Scan(&idx); err != nil || idx != 1 {
		t.Errorf("migration 2's index missing (count %d, err %v)", idx, err)
	}

	// All data is there: the export equals the one made from version 1.
	var buf bytes.Buffer
	enc := jsonl.NewEncoder(&buf)
	if err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(d *annotations.Document) error { return enc.Encode(d) }); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/schema-v1.export.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("data changed by the upgrade:\n got %s\nwant %s", buf.Bytes(), want)
	}

	// A copy of the version 1 file was saved before migrating.
	baks, _ := filepath.Glob(filepath.Join(dir, "old.db.bak-v1-*"))
	if len(baks) != 1 {
		t.Fatalf("backups before migration: %v, want one old.db.bak-v1-*", baks)
	}
	bak, err := sql.Open("sqlite3", "file:"+baks[0]+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer bak.Close()
	var check string
	var bakVersion, spans int
	err = bak.QueryRow("SELECT (SELECT integrity_check FROM pragma_integrity_check), (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM spans)").Scan(&check, &bakVersion, &spans)
	if err != nil || check != "ok" || bakVersion != 1 || spans != 11 {
		t.Errorf("backup %s: integrity %q, version %d, %d spans, err %v; want ok, 1, 11", baks[0], check, bakVersion, spans, err)
	}
	// Sorting by title still works through the new index.
	rows, err := db.ListArticles(ctx, annotations.ArticleFilter{SortBy: "title"})
	if err != nil || len(rows) != 2 {
		t.Fatalf("list by title after upgrade: %v rows, err %v", len(rows), err)
	}
}
