package data_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestSetCurationIsItsOwnUndoableField: marking an article curated records
// who and when beside its status (which stays), reads back through
// Document and ExportDocuments, is one undo step, and unmarking clears it.
func TestSetCurationIsItsOwnUndoableField(t *testing.T) {
	db := MustOpen(t)
	t0 := time.Date(2026, 12, 2, 13, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return t0 }
	doc := seedDoc(t)
	if _, err := db.ImportDocuments(ctx, []annotations.Document{doc}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetArticleMeta(ctx, "a-seed", annotations.StatusDone, "checked"); err != nil {
		t.Fatal(err)
	}
	c, err := db.SetCuration(ctx, "a-seed", "omar")
	if err != nil {
		t.Fatal(err)
	}
	if c == nil || c.By != "omar" || !c.At.Equal(t0) {
		t.Fatalf("SetCuration returned %+v, want omar at %v", c, t0)
	}
	d, err := db.Document(ctx, "a-seed")
	if err != nil {
		t.Fatal(err)
	}
	if d.Article.Curation == nil || d.Article.Curation.By != "omar" || !d.Article.Curation.At.Equal(t0) {
		t.Fatalf("Document's curation = %+v", d.Article.Curation)
	}
	if d.Article.Status != annotations.StatusDone || d.Article.Note != "checked" {
		t.Fatalf("curation changed status or note: %s %q", d.Article.Status, d.Article.Note)
	}
	rows, err := db.ListArticles(ctx, annotations.ArticleFilter{})
	if err != nil || len(rows) != 1 || rows[0].CuratedBy != "omar" {
		t.Fatalf("library row %+v (%v), want curated by omar", rows, err)
	}
	var exported *annotations.Curation
	if err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(d *annotations.Document) error {
		exported = d.Article.Curation
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if exported == nil || exported.By != "omar" {
		t.Fatalf("ExportDocuments' curation = %+v", exported)
	}
	// The same curator again changes nothing: no second undo step.
	db.Now = func() time.Time { return t0.Add(time.Hour) }
	if c, err := db.SetCuration(ctx, "a-seed", "omar"); err != nil || !c.At.Equal(t0) {
		t.Fatalf("again: %+v, %v; want the first time kept", c, err)
	}
	if ok, err := db.Undo(ctx, "a-seed"); !ok || err != nil {
		t.Fatalf("undo: %v %v", ok, err)
	}
	if d, _ := db.Document(ctx, "a-seed"); d.Article.Curation != nil || d.Article.Status != annotations.StatusDone {
		t.Fatalf("after undo: curation %+v, status %s; want none and done", d.Article.Curation, d.Article.Status)
	}
	if ok, err := db.Redo(ctx, "a-seed"); !ok || err != nil {
		t.Fatalf("redo: %v %v", ok, err)
	}
	if d, _ := db.Document(ctx, "a-seed"); d.Article.Curation == nil || d.Article.Curation.By != "omar" {
		t.Fatalf("after redo: curation %+v", d.Article.Curation)
	}
	// A status change keeps the curation, and its undo too.
	if err := db.SetArticleMeta(ctx, "a-seed", annotations.StatusInProgress, "checked"); err != nil {
		t.Fatal(err)
	}
	if d, _ := db.Document(ctx, "a-seed"); d.Article.Curation == nil {
		t.Fatal("a status change cleared the curation")
	}
	if _, err := db.Undo(ctx, "a-seed"); err != nil {
		t.Fatal(err)
	}
	if d, _ := db.Document(ctx, "a-seed"); d.Article.Curation == nil || d.Article.Status != annotations.StatusDone {
		t.Fatalf("undoing the status change: curation %+v, status %s", d.Article.Curation, d.Article.Status)
	}
	if c, err := db.SetCuration(ctx, "a-seed", ""); err != nil || c != nil {
		t.Fatalf("unmark: %+v, %v", c, err)
	}
	if d, _ := db.Document(ctx, "a-seed"); d.Article.Curation != nil {
		t.Fatalf("unmarked article still curated: %+v", d.Article.Curation)
	}
}

// TestSetCurationRefusesBadInput names the article or the name at fault.
func TestSetCurationRefusesBadInput(t *testing.T) {
	db := MustOpen(t)
	if _, err := db.ImportDocuments(ctx, []annotations.Document{seedDoc(t)}); err != nil {
		t.Fatal(err)
	}
	_, err := db.SetCuration(ctx, "nope", "omar")
	wantCode(t, err, annotations.ENOTFOUND)
	if !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("message %q does not name the article", err)
	}
	_, err = db.SetCuration(ctx, "a-seed", "gold")
	wantCode(t, err, annotations.EINVALID)
	if !strings.Contains(err.Error(), "reserved") {
		t.Errorf("message %q does not say why gold is refused", err)
	}
}

// TestImportKeepsCuration: a new article's curation is stored with it; a
// bad curator name refuses the whole import.
func TestImportKeepsCuration(t *testing.T) {
	db := MustOpen(t)
	at := time.Date(2026, 11, 30, 9, 0, 0, 123, time.UTC)
	doc := seedDoc(t)
	doc.Article.Curation = &annotations.Curation{By: "omar", At: at}
	if _, err := db.ImportDocuments(ctx, []annotations.Document{doc}); err != nil {
		t.Fatal(err)
	}
	d, err := db.Document(ctx, "a-seed")
	if err != nil {
		t.Fatal(err)
	}
	if c := d.Article.Curation; c == nil || c.By != "omar" || !c.At.Equal(at) {
		t.Fatalf("imported curation = %+v, want omar at %v", c, at)
	}
	bad := seedDoc(t)
	bad.Article.ID, bad.Article.Text = "a-bad", bad.Article.Text+"!"
	bad.Article.Curation = &annotations.Curation{By: "a,b", At: at}
	_, err = db.ImportDocuments(ctx, []annotations.Document{bad})
	wantCode(t, err, annotations.EINVALID)
	if !strings.Contains(err.Error(), `"a-bad"`) {
		t.Errorf("message %q does not name the article", err)
	}
	if _, err := db.Document(ctx, "a-bad"); annotations.ErrorCode(err) != annotations.ENOTFOUND {
		t.Fatalf("a refused import stored its article: %v", err)
	}
}
