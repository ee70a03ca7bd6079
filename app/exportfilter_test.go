package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/text"
)

// exportTitles exports which as JSONL and returns the exported titles.
func exportTitles(t *testing.T, ws *Workspace, which ExportSelection) []string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.jsonl")
	var exportErr error
	ws.export("jsonl", out, which, func(err error) { exportErr = err })
	if exportErr != nil {
		t.Fatalf("export %s: %v", which, exportErr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if line == "" {
			continue
		}
		for _, title := range []string{"ترامب الأول", "ترامب الثاني", "ويكيليكس", "Other news"} {
			if strings.Contains(line, `"title":"`+title+`"`) {
				titles = append(titles, title)
			}
		}
	}
	return titles
}

// TestExportLibraryFilter exports what the library lists now — its text
// and status filter, on the SQLite store — and labels each export choice
// with what it selects and how many articles that is.
func TestExportLibraryFilter(t *testing.T) {
	db := openDB(t)
	var docs []annotations.Document
	for _, title := range []string{"ترامب الأول", "ترامب الثاني", "ويكيليكس", "Other news"} {
		d, err := text.ReadText("a.txt", []byte(title+"\n\nنص المقال "+title+"."), "txt")
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	if _, err := db.ImportDocuments(t.Context(), docs); err != nil {
		t.Fatal(err)
	}
	ws, _ := newTestWorkspace(t, db)
	lib := ws.library

	// Mark the second Trump article and the WikiLeaks one done.
	for _, title := range []string{"ترامب الثاني", "ويكيليكس"} {
		rows, err := db.ListArticles(t.Context(), annotations.ArticleFilter{Query: title})
		if err != nil || len(rows) != 1 {
			t.Fatalf("find %s: %v %v", title, rows, err)
		}
		ws.sess.Open(rows[0].ID)
		ws.sess.ToggleDone()
	}

	// No filter: the library's choice is every article.
	if got := exportTitles(t, ws, ExportFiltered); len(got) != 4 {
		t.Errorf("unfiltered library export: %v, want 4 articles", got)
	}
	lib.Filter.SetText("ترامب")
	if got := exportTitles(t, ws, ExportFiltered); strings.Join(got, ",") != "ترامب الأول,ترامب الثاني" {
		t.Errorf("export with the text filter: %v", got)
	}
	lib.StatusSel.SetSelectedIndex(3) // Done
	if got := exportTitles(t, ws, ExportFiltered); strings.Join(got, ",") != "ترامب الثاني" {
		t.Errorf("export with the text and status filter: %v", got)
	}
	if got := exportTitles(t, ws, ExportDone); len(got) != 2 {
		t.Errorf("done export: %v, want 2", got)
	}
	if got := exportTitles(t, ws, ExportAll); len(got) != 4 {
		t.Errorf("all export follows the library filter: %v", got)
	}

	which, labels := ws.exportChoices()
	if len(which) != 4 || which[2] != ExportFiltered || which[3] != ExportCurrent {
		t.Fatalf("choices %v", which)
	}
	for i, want := range []string{"All articles (4)", "Done articles only (2)", "library lists now", "The open article: "} {
		if !strings.Contains(labels[i], want) {
			t.Errorf("choice %d is labelled %q, want %q in it", i, labels[i], want)
		}
	}
	if !strings.Contains(labels[2], "ترامب") || !strings.Contains(labels[2], "done") || !strings.HasSuffix(labels[2], "(1)") {
		t.Errorf("the library choice does not name its filter and count: %q", labels[2])
	}

	// Filter text still being typed (debounced) counts as typed.
	lib.delay = filterDelay
	defer lib.typing.stop()
	lib.StatusSel.SetSelectedIndex(0)
	lib.Filter.SetText("")
	test.Type(lib.Filter, "ترامب الأول")
	if !lib.typing.pending() {
		t.Fatal("the filter reload is not pending")
	}
	if got := exportTitles(t, ws, ExportFiltered); strings.Join(got, ",") != "ترامب الأول" {
		t.Errorf("export while the filter %q was pending: %v", lib.Filter.Text, got)
	}

	// The dialog offers the four choices.
	ws.showExport()
	if ws.modal == nil {
		t.Fatal("Export… opened no dialog")
	}
	radio := findRadio(ws.win.Canvas().Overlays().Top())
	if radio == nil || len(radio.Options) != 4 || radio.Selected != radio.Options[0] {
		t.Fatalf("the export dialog's choice of articles: %+v", radio)
	}
	if !strings.Contains(radio.Options[2], "library lists now") {
		t.Errorf("third choice %q", radio.Options[2])
	}
}

// findRadio returns the first radio group under o, or nil.
func findRadio(o fyne.CanvasObject) *widget.RadioGroup {
	switch v := o.(type) {
	case nil:
		return nil
	case *widget.RadioGroup:
		return v
	case *fyne.Container:
		for _, c := range v.Objects {
			if r := findRadio(c); r != nil {
				return r
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if r := findRadio(c); r != nil {
				return r
			}
		}
	}
	return nil
}
