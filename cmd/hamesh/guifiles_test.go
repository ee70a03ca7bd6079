package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

func guiTestDB(t *testing.T) (*env, *data.DB) {
	t.Helper()
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(string) string { return "" }}
	db, err := openStore(e, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return e, db
}

func articleIDs(t *testing.T, db *data.DB) []string {
	t.Helper()
	list, err := db.ListArticles(t.Context(), annotations.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range list {
		ids = append(ids, a.ID)
	}
	return ids
}

// TestGUIFilesImported: the files `hamesh gui FILE…` is given (as the desktop
// entry's %F passes them) go into the database as `hamesh import` would put
// them, and the window opens the first file's article; giving the same file
// again opens the same article rather than a copy.
func TestGUIFilesImported(t *testing.T) {
	e, db := guiTestDB(t)
	txt := filepath.Join(t.TempDir(), "note.txt")
	if err := os.WriteFile(txt, []byte("عنوان\nنص المقال.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	first, err := importForWindow(e, db, []string{txt, "testdata/mixed.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	ids := articleIDs(t, db)
	if first == "" || !strings.Contains(strings.Join(ids, " "), first) ||
		!strings.Contains(strings.Join(ids, " "), "01936b2e-0000-7000-8000-000000000001") {
		t.Fatalf("opened %q; stored %v: want the text file's article opened and mixed.jsonl's stored", first, ids)
	}
	again, err := importForWindow(e, db, []string{txt})
	if err != nil {
		t.Fatal(err)
	}
	if again != first || len(articleIDs(t, db)) != len(ids) {
		t.Fatalf("the same file again opened %q (first %q) and left %d articles (had %d)", again, first, len(articleIDs(t, db)), len(ids))
	}
}

// TestGUIBadFileImportsNothing: a bad file among those given stops before
// anything is written, as with `hamesh import`.
func TestGUIBadFileImportsNothing(t *testing.T) {
	e, db := guiTestDB(t)
	_, err := importForWindow(e, db, []string{"testdata/mixed.jsonl", "testdata/bad-utf8.txt"})
	if err == nil || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("err = %v, want nothing imported", err)
	}
	if ids := articleIDs(t, db); len(ids) != 0 {
		t.Fatalf("stored %v after a refused import", ids)
	}
}
