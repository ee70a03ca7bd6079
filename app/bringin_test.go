package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// TestBringInColleague brings a colleague's database into the window's:
// the job runs through the session, the library shows the new article, a
// dialog holds the per-annotator table; the window's own database is
// refused with the reason.
func TestBringInColleague(t *testing.T) {
	ctx := context.Background()
	bobPath := filepath.Join(t.TempDir(), "bob.db")
	bob, err := data.Open(bobPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := bob.SetSetting(ctx, data.SettingAnnotator, "bob"); err != nil {
		t.Fatal(err)
	}
	text := "زار محمد القاهرة."
	if _, err := bob.ImportDocuments(ctx, []annotations.Document{{Article: annotations.Article{Title: "زيارة", Text: text},
		Spans: []annotations.Span{{Label: "PERS", Start: 4, End: 8, Annotator: "bob"}}}}); err != nil {
		t.Fatal(err)
	}
	bob.Close()

	db := openDB(t)
	if err := db.SetSetting(ctx, data.SettingAnnotator, "carol"); err != nil {
		t.Fatal(err)
	}
	ws, _ := newTestWorkspace(t, db)
	found := false
	for _, it := range ws.mainMenu().Items[0].Items {
		found = found || it.Label == "Bring in a colleague's work…"
	}
	if !found {
		t.Fatal("no File → Bring in a colleague's work…")
	}
	ws.bringIn(bobPath)
	if ws.library.Total() != 1 {
		t.Fatalf("library after bringing bob in: %d articles", ws.library.Total())
	}
	if s := ws.StatusText(); !strings.Contains(s, "0 articles matched, 1 new") {
		t.Errorf("status %q", s)
	}
	if ws.modal == nil {
		t.Fatal("no dialog with the table")
	}
	res, _ := db.BringIn(ctx, bobPath) // what the table shows, again: unchanged
	texts := labelsIn(bringInView(res))
	if !strings.Contains(texts, "ANNOTATOR") || !strings.Contains(texts, "bob") || !strings.Contains(texts, "nothing changed") {
		t.Errorf("dialog text %q", texts)
	}
	ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyEscape})

	ws.bringIn(db.Path())
	if s := ws.StatusText(); !strings.Contains(s, "this database itself") {
		t.Errorf("bringing in our own database: status %q", s)
	}
}

// labelsIn joins the texts of the labels in o.
func labelsIn(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			b.WriteString(v.Text + "|")
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}
