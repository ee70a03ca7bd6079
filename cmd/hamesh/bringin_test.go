package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

var teamText = "زار محمد القاهرة مع وفد من منظمة الصحة العالمية يوم الاثنين."

// teamFile makes an annotator's database at path: owner's spans over the
// given words of teamText, labelled PERS / GPE / ORG in turn.
func teamFile(t *testing.T, path, owner string, words ...string) {
	t.Helper()
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.SetSetting(ctx, data.SettingAnnotator, owner); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	d := annotations.Document{Article: annotations.Article{Title: "t", Text: teamText, CreatedAt: t0, UpdatedAt: t0}}
	for i, w := range words {
		at := strings.Index(teamText, w)
		s := len([]rune(teamText[:at]))
		d.Spans = append(d.Spans, annotations.Span{Label: []string{"PERS", "GPE", "ORG"}[i%3], Start: s, End: s + len([]rune(w)),
			Annotator: owner, CreatedAt: t0, UpdatedAt: t0})
	}
	if _, err := db.ImportDocuments(ctx, []annotations.Document{d}); err != nil {
		t.Fatal(err)
	}
}

func TestImportBringsInHameshDatabases(t *testing.T) {
	dir := t.TempDir()
	carol := filepath.Join(dir, "carol.db")
	teamFile(t, carol, "carol", "محمد")
	alice := filepath.Join(dir, "alice.db")
	teamFile(t, alice, "alice", "محمد", "القاهرة")
	// Bob's file is named like JSONL: the header tells.
	bob := filepath.Join(dir, "bob-export.jsonl")
	teamFile(t, bob, "bob", "محمد", "القاهرة", "منظمة الصحة العالمية")

	out := mustRun(t, "import", "--db", carol, alice, bob)
	for _, want := range []string{
		alice + ": a Hamesh database (owner: alice)",
		"ANNOTATOR  ARTICLES MATCHED  NEW  SPANS ADDED  CHANGED  REMOVED  UNCHANGED",
		"alice      1                 0    2            0        0        0",
		"bob        1                 0    3            0        0        0",
		"1 articles matched, 0 new",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	before := fileHash(t, carol)
	out = mustRun(t, "import", "--db", carol, bob)
	if !strings.Contains(out, "bob        1                 0    0            0        0        3") || !strings.Contains(out, "nothing changed") {
		t.Errorf("second import of bob:\n%s", out)
	}
	if fileHash(t, carol) != before {
		t.Error("importing bob's file twice changed the database")
	}

	// Another person also calling himself bob (a new database: another
	// annotator id) is refused.
	os.Remove(bob)
	teamFile(t, bob, "bob", "محمد", "القاهرة")
	code, _, errs := hamesh(t, nil, "import", "--db", carol, bob)
	if code != 1 || !strings.Contains(errs, `"bob" belongs to two different people`) || !strings.Contains(errs, "nothing was changed") {
		t.Errorf("a second bob: exit %d, %s", code, errs)
	}
	if fileHash(t, carol) != before {
		t.Error("a refused bring-in changed the database")
	}
}

func TestImportRefusesBadDatabases(t *testing.T) {
	dir := t.TempDir()
	carol := filepath.Join(dir, "carol.db")
	teamFile(t, carol, "carol", "محمد")
	notDB := filepath.Join(dir, "notes.db")
	os.WriteFile(notDB, []byte("not a database\n"), 0o644)
	before := fileHash(t, carol)
	for _, c := range []struct{ file, want string }{
		{notDB, "not a Hamesh database"},
		{carol, "this database itself"},
	} {
		code, out, errs := hamesh(t, nil, "import", "--db", carol, c.file)
		if code != 1 || !strings.Contains(errs, c.want) || !strings.Contains(errs, c.file) || out != "" {
			t.Errorf("import %s: exit %d, stdout %q, stderr %q; want %q", c.file, code, out, errs, c.want)
		}
	}
	if fileHash(t, carol) != before {
		t.Error("a refused bring-in changed the database")
	}
}
