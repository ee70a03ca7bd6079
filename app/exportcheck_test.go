package app

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// TestWindowExportStopsAtArticleWithoutText: the window's export, like the
// command line's, stops at an article whose text row is missing (a damaged
// database), names it and writes nothing; it used to leave the article out
// without a word (issue 11, point 11).
func TestWindowExportStopsAtArticleWithoutText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	res, err := db.ImportDocuments(t.Context(), []annotations.Document{
		{Article: annotations.Article{Title: "الأول", Text: "نص أول.", Direction: annotations.RTL, Status: annotations.StatusTodo}},
		{Article: annotations.Article{Title: "الثاني", Text: "نص ثان.", Direction: annotations.RTL, Status: annotations.StatusTodo}},
	})
	if err != nil {
		t.Fatal(err)
	}
	lost := res.ArticleIDs[0]
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("DELETE FROM article_texts WHERE article_id = ?", lost); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	ws, _ := newTestWorkspace(t, db)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	var got error
	ws.export("jsonl", out, ExportAll, func(err error) { got = err })
	if got == nil || !strings.Contains(got.Error(), lost) || !strings.Contains(ws.StatusText(), "text is missing") {
		t.Fatalf("export of a damaged database: %v, status %q; want a failure naming %s", got, ws.StatusText(), lost)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("the export wrote %s (%v)", out, err)
	}
	ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
}
