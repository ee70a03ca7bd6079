package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/internal/rofs"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// TestReadOnlyDatabaseOpens: the window opens on a database in a read-only
// folder (issue 11, point 3), shows its articles, and an edit is refused
// with a message saying read-only; nothing is shown as saved.
func TestReadOnlyDatabaseOpens(t *testing.T) {
	dir := t.TempDir()
	remount, ok := rofs.MountTmpfs(t, dir)
	if !ok && os.Geteuid() == 0 {
		t.Skip("running as root without the right to mount: permission bits cannot make a folder read-only for root")
	}
	path := filepath.Join(dir, "ro.db")
	{
		db, err := data.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		ws, _ := newTestWorkspace(t, db)
		ws.importFiles([]string{seedPath})
		db.Close()
	}
	if ok {
		remount()
	} else {
		os.Chmod(path, 0o444)
		os.Chmod(dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
	}
	db, err := data.Open(path)
	if err != nil {
		t.Fatalf("open the read-only database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	ws, w := newTestWorkspace(t, db)
	// The window says it is read-only from the start, not at the first
	// refused edit.
	if s := ws.StatusText(); !strings.Contains(s, "read-only") {
		t.Errorf("status on opening a read-only database: %q, want it to say read-only", s)
	}
	if !strings.HasSuffix(w.Title(), "(read-only)") {
		t.Errorf("window title %q does not say read-only", w.Title())
	}
	if ws.library.Total() != 1 {
		t.Fatalf("library of the read-only database: %d articles, want 1", ws.library.Total())
	}
	rows, err := db.ListArticles(t.Context(), annotations.ArticleFilter{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("ListArticles: %v, %v", rows, err)
	}
	if err := ws.sess.Open(rows[0].ID); err != nil {
		t.Fatal(err)
	}
	d := ws.sess.Document()
	userSelect(ws, rangeOf(t, d.Article.Text, "ويكيليكس", 0))
	ws.handleRune('2')
	if s := ws.StatusText(); !strings.Contains(s, "read-only") {
		t.Errorf("status after an edit on a read-only database: %q, want it to say read-only", s)
	}
	if got, _ := db.Document(t.Context(), d.Article.ID); len(got.Spans) != 0 {
		t.Errorf("a read-only database holds %d spans after the edit", len(got.Spans))
	}
}
