package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReadersDoNotWaitForWriters: while another process holds a write
// transaction (as a long import does), list, export and backup answer at
// once: opening reads the schema version without a lock and takes the
// write lock only for a migration (issue 11, point 2). They used to wait
// the 10 s busy timeout and fail with "migrate the schema to version 1
// (init): … database is locked".
func TestReadersDoNotWaitForWriters(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	raw := openRaw(t, db)
	ctx := context.Background()
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	if _, err := conn.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('held', 'by a long import')"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"list", "--db", db},
		{"export", "--db", db, "-o", filepath.Join(dir, "x.jsonl")},
		{"backup", "--db", db, "-o", filepath.Join(dir, "copy.db")},
	} {
		start := time.Now()
		code, _, stderr := hamesh(t, nil, args...)
		d := time.Since(start)
		if code != 0 {
			t.Errorf("hamesh %s while another process writes: exit %d after %v: %s", strings.Join(args, " "), code, d, stderr)
		} else if d > time.Second {
			t.Errorf("hamesh %s took %v while another process wrote, want under 1 s", strings.Join(args, " "), d)
		}
		t.Logf("hamesh %s answered in %v while another connection held the write lock", args[0], d.Round(time.Millisecond))
	}
}
