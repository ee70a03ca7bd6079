package data_test

import (
	"fmt"
	"path/filepath"
	"slices"
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

// TestSetRejectedStoredAndUndoable: rejecting a unit stores who and when
// with the article (through Document, ExportDocuments and a reopened
// file), removes the unit's gold spans and their relations in the same
// single undo step (undo brings both back, redo removes both again), and
// taking it back is a step of its own.
func TestSetRejectedStoredAndUndoable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	db := MustOpenPath(t, path)
	t0 := time.Date(2026, 12, 2, 13, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return t0 }
	doc := seedDoc(t)
	// Gold copies of the claim and its claimant, related.
	for _, id := range []string{"s-claim", "s-pers"} {
		i := slices.IndexFunc(doc.Spans, func(s annotations.Span) bool { return s.ID == id })
		g := doc.Spans[i]
		g.ID, g.Annotator = "g"+id, annotations.GoldLayer
		doc.Spans = append(doc.Spans, g)
	}
	doc.Relations = append(doc.Relations, annotations.Relation{ID: "g-r", Type: annotations.RelClaimant, From: "gs-claim", To: "gs-pers", CreatedAt: t0})
	if _, err := db.ImportDocuments(ctx, []annotations.Document{doc}); err != nil {
		t.Fatal(err)
	}
	claim := doc.Spans[0]
	unit := annotations.SpanUnit(annotations.Range{Start: claim.Start, End: claim.End})
	state := func() (string, int, int) {
		t.Helper()
		d, err := db.Document(ctx, "a-seed")
		if err != nil {
			t.Fatal(err)
		}
		var rej []string
		for _, r := range d.Article.Rejections {
			rej = append(rej, r.Unit+" "+r.By+" "+r.At.Format(time.RFC3339))
		}
		gold := 0
		for _, s := range d.Spans {
			if s.Annotator == annotations.GoldLayer {
				gold++
			}
		}
		return strings.Join(rej, ";"), gold, len(d.Relations)
	}
	if err := db.SetRejected(ctx, "a-seed", unit, "omar", []string{"gs-claim"}); err != nil {
		t.Fatal(err)
	}
	want := unit + " omar 2026-12-02T13:00:00Z"
	if r, g, n := state(); r != want || g != 1 || n != 1 {
		t.Fatalf("after rejecting: %q, %d gold spans, %d relations; want %q, 1, 1", r, g, n, want)
	}
	if ok, err := db.Undo(ctx, "a-seed"); !ok || err != nil {
		t.Fatalf("undo: %v %v", ok, err)
	}
	if r, g, n := state(); r != "" || g != 2 || n != 2 {
		t.Fatalf("after one undo: %q, %d gold spans, %d relations; want none, 2, 2", r, g, n)
	}
	if ok, err := db.Redo(ctx, "a-seed"); !ok || err != nil {
		t.Fatalf("redo: %v %v", ok, err)
	}
	if r, g, n := state(); r != want || g != 1 || n != 1 {
		t.Fatalf("after redo: %q, %d, %d", r, g, n)
	}
	// Rejecting again as the same curator changes nothing.
	db.Now = func() time.Time { return t0.Add(time.Hour) }
	if err := db.SetRejected(ctx, "a-seed", unit, "omar", nil); err != nil {
		t.Fatal(err)
	}
	// A second unit, a relation's.
	rel := annotations.RelationUnit(annotations.RelClaimant, annotations.Range{Start: claim.Start, End: claim.End},
		annotations.Range{Start: doc.Spans[1].Start, End: doc.Spans[1].End})
	if err := db.SetRejected(ctx, "a-seed", rel, "omar", nil); err != nil {
		t.Fatal(err)
	}
	var exported []annotations.Rejection
	if err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(d *annotations.Document) error {
		exported = d.Article.Rejections
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(exported) != 2 || exported[0].Unit != unit || exported[1].Unit != rel || !exported[0].At.Equal(t0) || !exported[1].At.Equal(t0.Add(time.Hour)) {
		t.Fatalf("exported rejections %+v", exported)
	}
	// Reopened, they are still there.
	db.Close()
	db = MustOpenPath(t, path)
	if r, _, _ := state(); !strings.Contains(r, want) || !strings.Contains(r, rel+" omar") {
		t.Fatalf("after reopening: %q", r)
	}
	// Taking one back is its own step.
	if err := db.SetRejected(ctx, "a-seed", rel, "", nil); err != nil {
		t.Fatal(err)
	}
	if r, _, _ := state(); r != want {
		t.Fatalf("after taking back: %q", r)
	}
	if ok, err := db.Undo(ctx, "a-seed"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if r, _, _ := state(); !strings.Contains(r, rel) {
		t.Fatalf("undoing the take-back: %q", r)
	}

	// Bad input changes nothing.
	before := dumpHash(t, path)
	for _, c := range []struct {
		unit, by string
		gold     []string
		code     string
		want     string
	}{
		{"12", "omar", nil, annotations.EINVALID, "START-END"},
		{"20-10", "omar", nil, annotations.EINVALID, "START-END"},
		{"claimant:1-2>3", "omar", nil, annotations.EINVALID, "START-END"},
		{unit, "gold", nil, annotations.EINVALID, "reserved"},
		{unit, "omar", []string{"s-pers"}, annotations.EINVALID, "not a gold span"},
		{unit, "omar", []string{"nope"}, annotations.ENOTFOUND, "nope"},
		{unit, "", []string{"gs-pers"}, annotations.EINVALID, "removes no gold span"},
	} {
		err := db.SetRejected(ctx, "a-seed", c.unit, c.by, c.gold)
		if annotations.ErrorCode(err) != c.code || !strings.Contains(fmt.Sprint(err), c.want) {
			t.Errorf("SetRejected(%q, %q, %v) = %v, want %s with %q", c.unit, c.by, c.gold, err, c.code, c.want)
		}
	}
	if err := db.SetRejected(ctx, "nope", unit, "omar", nil); annotations.ErrorCode(err) != annotations.ENOTFOUND {
		t.Errorf("unknown article: %v", err)
	}
	if dumpHash(t, path) != before {
		t.Error("refused rejections changed the database")
	}
}
