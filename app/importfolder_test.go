package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/brat"
)

// writeFiles writes name → content files into dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestImportFolder imports a folder: the files with known extensions
// directly in it, one job; hidden files, unknown types and subfolders are
// skipped, and a broken file is named in the status while the rest go in.
func TestImportFolder(t *testing.T) {
	db := openDB(t)
	ws, _ := newTestWorkspace(t, db)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.txt":         "الأول\n\nقال المتحدث إن الخبر صحيح.",
		"b.md":          "# Second\n\nThe spokesman said the report was true.",
		"c.markdown":    "# Third\n\nA third article.",
		"broken.jsonl":  "{\"this is not\": json\n",
		".hidden.txt":   "Hidden\n\nnot imported",
		"photo.png":     "\x89PNG not an article",
		"notes.docx":    "PK not read",
		"sub/inner.txt": "Inner\n\nnot imported: only the folder's own files are",
	})
	plan, err := planFolderImport(dir)
	if err != nil {
		t.Fatal(err)
	}
	if plan.brat || len(plan.paths) != 4 || len(plan.skipped) != 3 {
		t.Fatalf("plan: %+v; want 4 files, 3 skipped, no brat", plan)
	}
	ws.importFolder(dir)
	if ws.library.Total() != 3 {
		t.Fatalf("library after importing the folder: %d articles, want 3 (status %q)", ws.library.Total(), ws.StatusText())
	}
	status := ws.StatusText()
	for _, want := range []string{"imported 3 of 4 files", "1 file(s) failed (broken.jsonl)", "3 file(s) skipped", ".hidden.txt"} {
		if !strings.Contains(status, want) {
			t.Errorf("status %q does not say %q", status, want)
		}
	}
	for _, not := range []string{"Inner", "Hidden"} {
		if n, _ := db.CountArticles(t.Context(), annotations.ArticleFilter{Query: not}); n != 0 {
			t.Errorf("%s was imported", not)
		}
	}
	if ws.sess.Document() == nil {
		t.Errorf("no imported article opened")
	}

	empty := t.TempDir()
	writeFiles(t, empty, map[string]string{"x.pdf": "%PDF"})
	ws.importFolder(empty)
	if s := ws.StatusText(); !strings.Contains(s, "holds no files to import") || !strings.Contains(s, "x.pdf") {
		t.Errorf("status for a folder with nothing to import: %q", s)
	}
	ws.importFolder(filepath.Join(dir, "missing"))
	if s := ws.StatusText(); !strings.Contains(s, "missing") {
		t.Errorf("status for a missing folder: %q", s)
	}
}

// TestImportBratFolder imports a folder of brat .txt/.ann pairs as one
// collection, spans included, and the folder's other files one by one.
func TestImportBratFolder(t *testing.T) {
	db := openDB(t)
	ws, _ := newTestWorkspace(t, db)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"doc1.txt":        "Donald Trump Jr. spoke to WikiLeaks.\n",
		"doc1.ann":        "T1\tPER 0 16\tDonald Trump Jr.\nT2\tORG 26 35\tWikiLeaks\n",
		"doc2.txt":        "A second brat text without annotations.\n",
		"extra.md":        "# Extra\n\nNot part of the collection.",
		"annotation.conf": "[entities]\nPER\nORG\n",
		// What Hamesh's brat export writes beside the documents belongs to
		// the collection: it is not reported as skipped.
		"visual.conf":       "[options]\nText direction:ltr\n",
		"kb_shortcuts.conf": "P PER\n",
		brat.MetaFile:       "# document\tarticle_id\tstatus\ttitle\tsource\ndoc1.txt\tb1\tdone\tFirst\t\n",
	})
	plan, err := planFolderImport(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !plan.brat || len(plan.paths) != 2 || plan.paths[0] != dir {
		t.Fatalf("plan: %+v; want the folder as brat and extra.md", plan)
	}
	if len(plan.skipped) != 0 {
		t.Fatalf("the collection's own files were skipped: %v", plan.skipped)
	}
	ws.importFolder(dir)
	if ws.library.Total() != 3 {
		t.Fatalf("library: %d articles, want 3 (status %q)", ws.library.Total(), ws.StatusText())
	}
	if s := ws.StatusText(); !strings.Contains(s, "imported 2 of 2 files") || !strings.Contains(s, "brat collection") || !strings.Contains(s, "2 spans") {
		t.Errorf("status %q", s)
	}
	var labels []string
	err = db.ExportDocuments(t.Context(), annotations.ArticleFilter{}, func(d *annotations.Document) error {
		for _, s := range d.Spans {
			labels = append(labels, s.Label)
		}
		return nil
	})
	if err != nil || strings.Join(labels, ",") != "PER,ORG" {
		t.Errorf("spans stored from the brat collection: %v, %v", labels, err)
	}
}

// TestImportFolderMenuAndShortcut finds File → Import folder… with its
// shortcut in the menu and the F1 help, and Ctrl+Shift+O opens the dialog.
func TestImportFolderMenuAndShortcut(t *testing.T) {
	ws, _ := newTestWorkspace(t, newFakeStore())
	var item *fyne.MenuItem
	for _, it := range ws.mainMenu().Items[0].Items {
		if it.Label == "Import folder…" {
			item = it
		}
	}
	if item == nil || item.Shortcut == nil || item.Shortcut.ShortcutName() != ctrlShift(fyne.KeyO).ShortcutName() {
		t.Fatalf("File menu has no Import folder… with Ctrl+Shift+O: %+v", item)
	}
	inHelp := false
	for _, h := range shortcutHelp {
		inHelp = inHelp || h[0] == "Ctrl+Shift+O"
	}
	if !inHelp {
		t.Error("the F1 help does not list Ctrl+Shift+O")
	}
	if ws.modal != nil {
		t.Fatal("a dialog is open before the shortcut")
	}
	if !ws.handleShortcut(ctrlShift(fyne.KeyO)) || ws.modal == nil {
		t.Error("Ctrl+Shift+O opened no dialog")
	}
}
