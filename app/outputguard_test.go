package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
)

// TestExportOverDatabaseRefused: the window's Export, in every format,
// refuses a destination that is the open database, its -wal, a symlink to
// it or its folder (issue 11, point 1); the database keeps every edit.
func TestExportOverDatabaseRefused(t *testing.T) {
	db := openDB(t)
	ws, _ := newTestWorkspace(t, db)
	ws.importFiles([]string{seedPath})
	if ws.library.Total() != 1 {
		t.Fatalf("library after import: %d articles, want 1", ws.library.Total())
	}
	links := t.TempDir()
	sym := filepath.Join(links, "export.jsonl")
	if err := os.Symlink(db.Path(), sym); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range formats.ExportFormats() {
		for _, out := range []string{db.Path(), db.Path() + "-wal", sym, filepath.Dir(db.Path())} {
			var exportErr error
			ws.export(format, out, ExportAll, func(err error) { exportErr = err })
			if exportErr == nil || annotations.ErrorCode(exportErr) != annotations.EINVALID ||
				!strings.Contains(exportErr.Error(), "refused to write "+out) || !strings.Contains(exportErr.Error(), db.Path()) {
				t.Errorf("export %s to %s: %v, want a refusal naming both paths", format, out, exportErr)
			}
			for i := 0; ws.modal != nil && i < 5; i++ { // the refusal's dialog
				ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
			}
		}
	}
	after, err := os.ReadFile(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if string(after[:16]) != "SQLite format 3\x00" || len(after) < len(before) {
		t.Fatalf("the database file was replaced: %.40q", after)
	}
	// The next edit is stored, not lost in a replaced file.
	d := ws.sess.Document()
	if d == nil {
		t.Fatal("no article open")
	}
	userSelect(ws, rangeOf(t, d.Article.Text, "ويكيليكس", 0))
	ws.handleRune('2')
	got, err := db.Document(t.Context(), d.Article.ID)
	if err != nil || len(got.Spans) != 1 {
		t.Fatalf("after the refused exports the edit is not stored: %+v, %v", got, err)
	}
}
