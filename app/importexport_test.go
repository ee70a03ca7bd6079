package app

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

const seedPath = "../assets/samples/alaraby-2017-11-14-trump-jr-wikileaks.txt"

// openDB opens a temporary SQLite store.
func openDB(t *testing.T) *data.DB {
	t.Helper()
	db, err := data.Open(filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestImportLabelUndoExportOnSQLite runs the whole journey on the real
// store: import the seed file in the background, label, undo, redo, export.
func TestImportLabelUndoExportOnSQLite(t *testing.T) {
	db := openDB(t)
	ws, w := newTestWorkspace(t, db)
	ws.importFiles([]string{seedPath, filepath.Join(t.TempDir(), "missing.txt")})
	if ws.library.Total() != 1 {
		t.Fatalf("library after import: %d articles, want 1", ws.library.Total())
	}
	if !strings.Contains(ws.StatusText(), "missing.txt") {
		t.Errorf("the failed file is not reported: %q", ws.StatusText())
	}
	// The failure's dialog holds the keys until it is closed.
	if ws.modal == nil {
		t.Fatal("the failed file showed no dialog")
	}
	ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	d := ws.sess.Document()
	if d == nil || !strings.HasPrefix(d.Article.Title, "دونالد ترامب الابن") {
		t.Fatalf("the imported article is not open: %+v", d)
	}
	if got := w.Title(); got != "Hamesh — "+d.Article.Title {
		t.Errorf("title %q", got)
	}
	id := d.Article.ID
	r := rangeOf(t, d.Article.Text, "ويكيليكس", 0)
	userSelect(ws, r)
	ws.handleRune('2')
	got, err := db.Document(t.Context(), id)
	if err != nil || len(got.Spans) != 1 || got.Spans[0].Label != "ORG" || got.Spans[0].Start != r.Start {
		t.Fatalf("after labelling: %+v, %v", got, err)
	}
	ws.sess.Undo()
	if got, _ := db.Document(t.Context(), id); len(got.Spans) != 0 {
		t.Fatalf("undo left %d spans", len(got.Spans))
	}
	ws.sess.Redo()
	if len(ws.sess.Document().Spans) != 1 {
		t.Fatalf("redo: %d spans shown", len(ws.sess.Document().Spans))
	}

	out := filepath.Join(t.TempDir(), "out.jsonl")
	var exportErr error
	ws.export("jsonl", out, ExportCurrent, func(err error) { exportErr = err })
	if exportErr != nil {
		t.Fatal(exportErr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"ORG"`) || strings.Count(string(b), "\n") != 1 {
		t.Errorf("export holds no ORG span or not one line:\n%.300s", b)
	}

	// Done articles only: none yet.
	ws.export("jsonl", out, ExportDone, nil)
	if b, _ := os.ReadFile(out); len(b) != 0 {
		t.Errorf("export of done articles is not empty: %.200s", b)
	}
	ws.sess.ToggleDone()
	ws.export("jsonl", out, ExportDone, nil)
	if b, _ := os.ReadFile(out); strings.Count(string(b), "\n") != 1 {
		t.Errorf("export of done articles after marking done: %.200s", b)
	}
}

func TestPasteAsArticle(t *testing.T) {
	st := newFakeStore()
	ws, _ := newTestWorkspace(t, st)
	if err := ws.importText("", "عنوان المقال\n\nقال المتحدث إن الخبر صحيح."); err != nil {
		t.Fatal(err)
	}
	if ws.library.Total() != 1 {
		t.Fatalf("library: %d", ws.library.Total())
	}
	d := ws.sess.Document()
	if d == nil || d.Article.Title != "عنوان المقال" || d.Article.Direction != annotations.RTL {
		t.Fatalf("pasted article not open or wrong: %+v", d)
	}
	if err := ws.importText("", "  \n "); err == nil {
		t.Errorf("blank text accepted")
	}
}

// openBenchDB opens a temporary SQLite store for a benchmark.
func openBenchDB(b *testing.B) (*data.DB, error) {
	db, err := data.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err == nil {
		b.Cleanup(func() { db.Close() })
	}
	return db, err
}

// TestImportURL imports a saved Arabic news page from a local HTTP server
// in the background, and reports a page that is not an article.
func TestImportURL(t *testing.T) {
	page, err := os.ReadFile("../annotations/formats/html/testdata/news-ar.html")
	if err != nil {
		t.Fatalf("the committed news page fixture is missing: %v", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/news", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/missing", http.NotFound)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	st := newFakeStore()
	ws, _ := newTestWorkspace(t, st)
	ws.importURL(srv.URL + "/news")
	if ws.library.Total() != 1 {
		t.Fatalf("library after URL import: %d articles (status %q)", ws.library.Total(), ws.StatusText())
	}
	d := ws.sess.Document()
	if d == nil || d.Article.Direction != annotations.RTL || !strings.Contains(d.Article.Text, " ") {
		t.Fatalf("imported page not open or not Arabic: %+v", d)
	}
	ws.importURL(srv.URL + "/missing")
	if !strings.Contains(ws.StatusText(), "404") {
		t.Errorf("a 404 is not reported: %q", ws.StatusText())
	}
	ws.importURL("ftp://example.org/x")
	if !strings.Contains(ws.StatusText(), "http") {
		t.Errorf("a non-http URL is not refused clearly: %q", ws.StatusText())
	}
	if ws.library.Total() != 1 {
		t.Errorf("failed imports changed the library: %d", ws.library.Total())
	}
}

// TestDropFiles imports files dropped on the window.
func TestDropFiles(t *testing.T) {
	st := newFakeStore()
	ws, _ := newTestWorkspace(t, st)
	ws.onDropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(mustAbs(t, seedPath)), storage.NewFileURI(mustAbs(t, "../assets/samples/hamesh-sample-en.txt"))})
	if ws.library.Total() != 2 {
		t.Fatalf("after dropping two files: %d articles (%s)", ws.library.Total(), ws.StatusText())
	}
	if ws.sess.Document() == nil {
		t.Errorf("no dropped article opened")
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestExportPathFor checks the destination's extension follows the chosen
// format (it used to take the format's name: x.labelstudio, x.doccano).
func TestExportPathFor(t *testing.T) {
	for _, c := range []struct{ path, format, want string }{
		{"/h/hamesh-export.jsonl", "labelstudio", "/h/hamesh-export.json"},
		{"/h/hamesh-export.jsonl", "doccano", "/h/hamesh-export.jsonl"},
		{"/h/hamesh-export.json", "conll", "/h/hamesh-export.conll"},
		{"/h/hamesh-export.conll", "brat", "/h/hamesh-export"},
		{"/h/hamesh-export", "jsonl", "/h/hamesh-export.jsonl"},
		{"/h/مقالات.jsonl", "dataset", "/h/مقالات"},
		{"/h/x.jsonl", "no-such-format", "/h/x.jsonl"},
	} {
		if got := exportPathFor(c.path, c.format); got != c.want {
			t.Errorf("exportPathFor(%q, %q) = %q, want %q", c.path, c.format, got, c.want)
		}
	}
}

// TestEscapeInADialogFieldClosesTheDialog: the web-page dialog opens with
// its URL field focused; Escape there closes the dialog, imports nothing,
// and gives the keys back to the workspace.
func TestEscapeInADialogFieldClosesTheDialog(t *testing.T) {
	ws, w := newTestWorkspace(t, openDB(t))
	ws.showImportURL()
	if ws.modal == nil {
		t.Fatal("the web-page dialog did not open")
	}
	f := w.Canvas().Focused()
	if f == nil {
		t.Fatal("no field has the focus in the web-page dialog")
	}
	test.Type(f, "https://example.org/")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ws.modal != nil {
		t.Fatal("Escape in the URL field left the dialog open")
	}
	if ws.library.Total() != 0 {
		t.Errorf("Escape imported %d articles", ws.library.Total())
	}
}
