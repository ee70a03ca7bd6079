package data_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/internal/rofs"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// readOnlyFolder returns a new folder holding what fill put in it, made
// read-only: a tmpfs remounted read-only when this process may mount (as
// root, whose writes permission bits do not stop), else by chmod (0555 on
// the folder, 0444 on its files). how says which.
func readOnlyFolder(t *testing.T, fill func(dir string)) (dir, how string) {
	t.Helper()
	dir = t.TempDir()
	if remount, ok := rofs.MountTmpfs(t, dir); ok {
		fill(dir)
		remount()
		return dir, "a tmpfs remounted read-only"
	}
	if os.Geteuid() == 0 {
		t.Skip("running as root without the right to mount: permission bits cannot make a folder read-only for root")
	}
	fill(dir)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.Chmod(filepath.Join(dir, e.Name()), 0o444)
	}
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	return dir, "chmod 0555"
}

// fillSeed creates a database at dir/h.db holding the seed document.
func fillSeed(t *testing.T) func(dir string) {
	return func(dir string) {
		db, err := data.Open(filepath.Join(dir, "h.db"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportDocuments(ctx, []annotations.Document{seedDoc(t)}); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// checkReadOnly asserts that db reads, exports and backs up, and refuses
// every kind of edit with an EREADONLY error saying "read-only" and naming
// the file.
func checkReadOnly(t *testing.T, db *data.DB) {
	t.Helper()
	doc := seedDoc(t)
	if why := db.ReadOnlyReason(); why == "" {
		t.Fatal("ReadOnlyReason is empty for a read-only database")
	}
	got, err := db.Document(ctx, doc.Article.ID)
	if err != nil || len(got.Spans) != len(doc.Spans) {
		t.Fatalf("Document: %v, %v", got, err)
	}
	n := 0
	if err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(*annotations.Document) error { n++; return nil }); err != nil || n != 1 {
		t.Fatalf("ExportDocuments: %d documents, %v", n, err)
	}
	if rows, err := db.ListArticles(ctx, annotations.ArticleFilter{}); err != nil || len(rows) != 1 {
		t.Fatalf("ListArticles: %v, %v", rows, err)
	}
	if _, err := db.DataVersion(ctx); err != nil {
		t.Fatalf("DataVersion: %v", err)
	}
	edits := map[string]error{}
	_, edits["AddSpan"] = db.AddSpan(ctx, annotations.Span{ArticleID: doc.Article.ID, Kind: annotations.KindEntity, Label: "PERS", Start: 0, End: 3})
	edits["DeleteSpan"] = db.DeleteSpan(ctx, doc.Spans[0].ID)
	edits["SetArticleMeta"] = db.SetArticleMeta(ctx, doc.Article.ID, annotations.StatusDone, "")
	edits["SetSetting"] = db.SetSetting(ctx, "k", "v")
	_, edits["Undo"] = db.Undo(ctx, doc.Article.ID)
	_, edits["ImportDocuments"] = db.ImportDocuments(ctx, []annotations.Document{{Article: annotations.Article{Title: "x", Text: "new text"}}})
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range edits {
			if !yield(k) {
				return
			}
		}
	}) {
		err := edits[name]
		if annotations.ErrorCode(err) != annotations.EREADONLY || !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), db.Path()) {
			t.Errorf("%s on a read-only database: %v, want an EREADONLY error saying read-only and naming %s", name, err, db.Path())
		}
	}
	bak := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(ctx, bak); err != nil {
		t.Fatalf("Backup of a read-only database: %v", err)
	}
	copyDB := MustOpenPath(t, bak)
	if got, err := copyDB.Document(ctx, doc.Article.ID); err != nil || len(got.Spans) != len(doc.Spans) {
		t.Fatalf("the backup: %v, %v", got, err)
	}
}

// TestOpenReadOnlyFolder: a database in a read-only folder opens
// read-only (issue 11, point 3): it reads, exports and backs up, refuses
// edits with EREADONLY, and nothing appears in the folder.
func TestOpenReadOnlyFolder(t *testing.T) {
	dir, how := readOnlyFolder(t, fillSeed(t))
	t.Logf("read-only folder: %s", how)
	path := filepath.Join(dir, "h.db")
	db, err := data.Open(path)
	if err != nil {
		t.Fatalf("Open in a read-only folder (%s): %v", how, err)
	}
	if !strings.Contains(db.ReadOnlyReason(), dir) {
		t.Errorf("ReadOnlyReason %q does not name the folder %s", db.ReadOnlyReason(), dir)
	}
	checkReadOnly(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"h.db"}) {
		t.Errorf("the read-only folder holds %v, want only h.db", got)
	}
}

// TestOpenReadOnlyFile: a database file that cannot be written, in a
// folder that can, opens read-only too.
func TestOpenReadOnlyFile(t *testing.T) {
	dir := t.TempDir()
	fillSeed(t)(dir)
	path := filepath.Join(dir, "h.db")
	how := "a read-only bind mount of the file"
	if !rofs.BindReadOnly(t, path) {
		if os.Geteuid() == 0 {
			t.Skip("running as root without the right to mount: permission bits cannot make a file read-only for root")
		}
		how = "chmod 0444"
		os.Chmod(path, 0o444)
	}
	db, err := data.Open(path)
	if err != nil {
		t.Fatalf("Open of a read-only file (%s): %v", how, err)
	}
	if !strings.Contains(db.ReadOnlyReason(), path) {
		t.Errorf("ReadOnlyReason %q does not name the file %s", db.ReadOnlyReason(), path)
	}
	checkReadOnly(t, db)
	db.Close()
}

// TestOpenReadOnlyNeedsUpgrade: a read-only database that needs a
// migration, or a missing one in a read-only folder, is refused with
// EREADONLY saying why, and the folder is left as it was (no copy saved).
func TestOpenReadOnlyNeedsUpgrade(t *testing.T) {
	dir, _ := readOnlyFolder(t, fillSeed(t))
	restore := data.AddTestMigration("CREATE TABLE extra (x INTEGER) STRICT;")
	_, err := data.Open(filepath.Join(dir, "h.db"))
	restore()
	wantCode(t, err, annotations.EREADONLY)
	if !strings.Contains(err.Error(), "cannot be upgraded") || !strings.Contains(err.Error(), dir) {
		t.Errorf("message %q: want it to say the database cannot be upgraded and name %s", err, dir)
	}
	_, err = data.Open(filepath.Join(dir, "new.db"))
	wantCode(t, err, annotations.EREADONLY)
	if !strings.Contains(err.Error(), "cannot create") {
		t.Errorf("message %q: want it to say the database cannot be created", err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"h.db"}) {
		t.Errorf("the read-only folder holds %v, want only h.db", got)
	}
}

// TestOpenTakesNoWriteLock: while another connection holds a write
// transaction (a long import), Open of a database with nothing to migrate
// and reads through it answer at once instead of waiting out the 10 s busy
// timeout (issue 11, point 2).
func TestOpenTakesNoWriteLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	fillSeed(t)(filepath.Dir(path))
	raw := rawDB(t, path)
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	if _, err := conn.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('held', 'by another writer')"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	db, err := data.Open(path)
	if err != nil {
		t.Fatalf("Open while another connection writes: %v (after %v)", err, time.Since(start))
	}
	defer db.Close()
	if rows, err := db.ListArticles(ctx, annotations.ArticleFilter{}); err != nil || len(rows) != 1 {
		t.Fatalf("ListArticles while another connection writes: %v, %v", rows, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Open and ListArticles took %v while another connection wrote, want under 1 s", d)
	}
	if db.ReadOnlyReason() != "" {
		t.Errorf("a writable database opened read-only: %s", db.ReadOnlyReason())
	}
}
