package data_test

import (
	"maps"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// mustImportSeed imports the seed document into db.
func mustImportSeed(t *testing.T, db *data.DB) annotations.Document {
	t.Helper()
	doc := seedDoc(t)
	if _, err := db.ImportDocuments(ctx, []annotations.Document{doc}); err != nil {
		t.Fatal(err)
	}
	return doc
}

func mustDocument(t *testing.T, db *data.DB, id string) *annotations.Document {
	t.Helper()
	d, err := db.Document(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAddSpan(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpen(t)
		doc := mustImportSeed(t, db)
		if err := db.SetSetting(ctx, data.SettingAnnotator, "sami"); err != nil {
			t.Fatal(err)
		}
		s, e := find(t, doc.Article.Text, "نيويورك تايمز")
		got, err := db.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "ORG", Start: s, End: e})
		if err != nil {
			t.Fatal(err)
		}
		if got.ID == "" || got.Kind != annotations.KindEntity || got.Annotator != "sami" || got.CreatedAt.IsZero() {
			t.Fatalf("AddSpan filled %+v", got)
		}
		d := mustDocument(t, db, "a-seed")
		if len(d.Spans) != 4 || d.Article.Status != annotations.StatusInProgress || !d.Article.UpdatedAt.Equal(got.CreatedAt) {
			t.Fatalf("after AddSpan: %d spans, status %s, updated %v", len(d.Spans), d.Article.Status, d.Article.UpdatedAt)
		}
	})

	t.Run("OK_DoneStaysDone", func(t *testing.T) {
		db := MustOpen(t)
		mustImportSeed(t, db)
		if err := db.SetArticleMeta(ctx, "a-seed", annotations.StatusDone, "checked"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "DATE", Start: 0, End: 6}); err != nil {
			t.Fatal(err)
		}
		if d := mustDocument(t, db, "a-seed"); d.Article.Status != annotations.StatusDone || d.Article.Note != "checked" {
			t.Fatalf("status %s note %q", d.Article.Status, d.Article.Note)
		}
	})

	errs := []struct {
		name string
		s    annotations.Span
		code string
		want string
	}{
		// An unknown label is refused, not added: the scheme changes only
		// through SaveLabel or an import.
		{"ErrUnknownLabel", annotations.Span{ArticleID: "a-seed", Label: "NOPE", Start: 0, End: 6}, annotations.EINVALID, `label "NOPE"`},
		{"ErrPastEnd", annotations.Span{ArticleID: "a-seed", Label: "PERS", Start: 10, End: 1 << 20}, annotations.EINVALID, "ends after the text"},
		{"ErrNegative", annotations.Span{ArticleID: "a-seed", Label: "PERS", Start: -1, End: 3}, annotations.EINVALID, "before the text"},
		{"ErrEmpty", annotations.Span{ArticleID: "a-seed", Label: "PERS", Start: 3, End: 3}, annotations.EINVALID, "empty"},
		{"ErrKind", annotations.Span{ArticleID: "a-seed", Label: "PERS", Kind: annotations.KindClaim, Start: 0, End: 6}, annotations.EINVALID, "does not match"},
		{"ErrAttribute", annotations.Span{ArticleID: "a-seed", Label: "CLAIM", Start: 0, End: 6, Attributes: map[string]string{"verdict": "maybe"}}, annotations.EINVALID, "verdict"},
		{"ErrNoArticle", annotations.Span{ArticleID: "missing", Label: "PERS", Start: 0, End: 6}, annotations.ENOTFOUND, `article "missing"`},
		{"ErrTakenID", annotations.Span{ID: "s-pers", ArticleID: "a-seed", Label: "PERS", Start: 0, End: 6}, annotations.ECONFLICT, "already exists"},
	}
	db := MustOpen(t)
	mustImportSeed(t, db)
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			before := dump(t, db)
			_, err := db.AddSpan(ctx, tt.s)
			wantCode(t, err, tt.code)
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("message %q does not say %q", err, tt.want)
			}
			if after := dump(t, db); after != before {
				t.Errorf("a refused AddSpan changed the database")
			}
		})
	}
}

func TestUpdateDeleteSpan(t *testing.T) {
	db := MustOpen(t)
	mustImportSeed(t, db)
	d := mustDocument(t, db, "a-seed")
	claim := d.Spans[1]
	if claim.ID != "s-claim" {
		t.Fatalf("fixture order: %+v", d.Spans)
	}

	t.Run("OK_Update", func(t *testing.T) {
		next := claim
		next.End--
		next.Attributes = map[string]string{"verdict": "false"}
		next.Note = "false per the source"
		got, err := db.UpdateSpan(ctx, next)
		if err != nil {
			t.Fatal(err)
		}
		if got.End != claim.End-1 || !maps.Equal(got.Attributes, next.Attributes) || got.Annotator != "mona" ||
			!got.CreatedAt.Equal(claim.CreatedAt) || !got.UpdatedAt.After(claim.UpdatedAt) {
			t.Fatalf("UpdateSpan = %+v", got)
		}
		if s := mustDocument(t, db, "a-seed").Spans[1]; s.Note != next.Note || s.End != next.End {
			t.Fatalf("stored %+v", s)
		}
	})

	t.Run("OK_RelabelChangesKind", func(t *testing.T) {
		org := mustDocument(t, db, "a-seed").Spans[0]
		if org.ID != "s-org" {
			t.Fatalf("fixture order: %+v", org)
		}
		org.Label = "CLAIM" // Kind still says entity
		got, err := db.UpdateSpan(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		if got.Kind != annotations.KindClaim {
			t.Fatalf("relabelled span has kind %s, want claim", got.Kind)
		}
		got.Label = "ORG"
		if got, err = db.UpdateSpan(ctx, got); err != nil || got.Kind != annotations.KindEntity {
			t.Fatalf("relabel back: %+v, %v", got, err)
		}
	})

	t.Run("OK_UpdateNothingChanged", func(t *testing.T) {
		cur := mustDocument(t, db, "a-seed").Spans[1]
		before := dump(t, db)
		if _, err := db.UpdateSpan(ctx, cur); err != nil {
			t.Fatal(err)
		}
		if dump(t, db) != before {
			t.Fatal("an update that changes nothing wrote to the database")
		}
	})

	t.Run("ErrUpdateMissing", func(t *testing.T) {
		_, err := db.UpdateSpan(ctx, annotations.Span{ID: "nope", Label: "PERS", Start: 0, End: 1})
		wantCode(t, err, annotations.ENOTFOUND)
	})

	t.Run("ErrUpdateOtherArticle", func(t *testing.T) {
		s := claim
		s.ArticleID = "elsewhere"
		_, err := db.UpdateSpan(ctx, s)
		wantCode(t, err, annotations.EINVALID)
	})

	t.Run("OK_DeleteTakesRelations", func(t *testing.T) {
		if err := db.DeleteSpan(ctx, "s-pers"); err != nil {
			t.Fatal(err)
		}
		d := mustDocument(t, db, "a-seed")
		if len(d.Spans) != 2 || len(d.Relations) != 0 {
			t.Fatalf("%d spans, %d relations after delete; want 2, 0", len(d.Spans), len(d.Relations))
		}
		wantCode(t, db.DeleteSpan(ctx, "s-pers"), annotations.ENOTFOUND)
	})
}

func TestRelations(t *testing.T) {
	db := MustOpen(t)
	mustImportSeed(t, db)
	other := annotations.Document{
		Article: annotations.Article{ID: "a-2", Text: "Alice said so."},
		Spans:   []annotations.Span{{ID: "o-alice", Label: "PERS", Start: 0, End: 5}},
	}
	if _, err := db.ImportDocuments(ctx, []annotations.Document{other}); err != nil {
		t.Fatal(err)
	}

	r, err := db.AddRelation(ctx, annotations.Relation{Type: "mentions", From: "s-claim", To: "s-org"})
	if err != nil {
		t.Fatal(err)
	}
	if r.ID == "" || r.ArticleID != "a-seed" || r.CreatedAt.IsZero() {
		t.Fatalf("AddRelation filled %+v", r)
	}
	for _, tt := range []struct {
		name string
		r    annotations.Relation
		code string
	}{
		{"ErrDuplicate", annotations.Relation{Type: "mentions", From: "s-claim", To: "s-org"}, annotations.ECONFLICT},
		{"ErrSelf", annotations.Relation{Type: "mentions", From: "s-claim", To: "s-claim"}, annotations.EINVALID},
		{"ErrNoType", annotations.Relation{From: "s-claim", To: "s-org"}, annotations.EINVALID},
		{"ErrMissingSpan", annotations.Relation{Type: "x", From: "s-claim", To: "nope"}, annotations.ENOTFOUND},
		{"ErrTwoArticles", annotations.Relation{Type: "x", From: "s-claim", To: "o-alice"}, annotations.EINVALID},
		{"ErrWrongArticle", annotations.Relation{Type: "x", ArticleID: "a-2", From: "s-claim", To: "s-org"}, annotations.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.AddRelation(ctx, tt.r)
			wantCode(t, err, tt.code)
		})
	}
	if err := db.DeleteRelation(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.DeleteRelation(ctx, r.ID), annotations.ENOTFOUND)
	if d := mustDocument(t, db, "a-seed"); len(d.Relations) != 1 {
		t.Fatalf("%d relations, want 1", len(d.Relations))
	}
}

func TestSetArticleMeta(t *testing.T) {
	db := MustOpen(t)
	mustImportSeed(t, db)
	if err := db.SetArticleMeta(ctx, "a-seed", annotations.StatusDone, "all checked"); err != nil {
		t.Fatal(err)
	}
	d := mustDocument(t, db, "a-seed")
	if d.Article.Status != annotations.StatusDone || d.Article.Note != "all checked" {
		t.Fatalf("article %+v", d.Article)
	}
	wantCode(t, db.SetArticleMeta(ctx, "a-seed", "finished", ""), annotations.EINVALID)
	wantCode(t, db.SetArticleMeta(ctx, "missing", annotations.StatusDone, ""), annotations.ENOTFOUND)
}

// state is what undo and redo must restore: spans, relations, status, note.
func state(t *testing.T, db *data.DB) string {
	t.Helper()
	d := mustDocument(t, db, "a-seed")
	var b strings.Builder
	b.WriteString(string(d.Article.Status) + " " + d.Article.Note + "\n")
	for _, s := range d.Spans {
		b.WriteString(strings.Join([]string{s.ID, string(s.Kind), s.Label, strconv.Itoa(s.Start), strconv.Itoa(s.End), s.Note,
			s.Attributes["verdict"], s.CreatedAt.String(), s.UpdatedAt.String()}, " ") + "\n")
	}
	for _, r := range d.Relations {
		b.WriteString(strings.Join([]string{r.ID, r.Type, r.From, r.To, r.CreatedAt.String()}, " ") + "\n")
	}
	return b.String()
}

func TestUndoRedo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = newClock().Now
	doc := mustImportSeed(t, db)

	// Six edits of every kind, remembering the state before each.
	var states []string
	edit := func(name string, fn func() error) {
		t.Helper()
		states = append(states, state(t, db))
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	s, e := find(t, doc.Article.Text, "الكونغرس")
	var added annotations.Span
	edit("add", func() (err error) {
		added, err = db.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "ORG", Start: s, End: e})
		return err
	})
	edit("update", func() error {
		next := added
		next.Label, next.Note = "GPE", "the US Congress"
		_, err := db.UpdateSpan(ctx, next)
		return err
	})
	var rel annotations.Relation
	edit("relate", func() (err error) {
		rel, err = db.AddRelation(ctx, annotations.Relation{Type: "mentions", From: "s-claim", To: added.ID})
		return err
	})
	edit("delete span with relations", func() error { return db.DeleteSpan(ctx, "s-pers") })
	edit("delete relation", func() error { return db.DeleteRelation(ctx, rel.ID) })
	edit("meta", func() error { return db.SetArticleMeta(ctx, "a-seed", annotations.StatusDone, "done") })
	final := state(t, db)

	// Undo everything, reopening the file half way: history is on disk.
	for i := len(states) - 1; i >= 0; i-- {
		if i == 2 {
			db.Close()
			db = MustOpenPath(t, path)
		}
		ok, err := db.Undo(ctx, "a-seed")
		if err != nil || !ok {
			t.Fatalf("undo %d: %v, %v", i, ok, err)
		}
		if got := state(t, db); got != states[i] {
			t.Fatalf("after undo %d:\n%s\nwant\n%s", i, got, states[i])
		}
	}
	if states[0] != state(t, db) || !strings.HasPrefix(states[0], "todo") {
		t.Fatalf("undoing the first AddSpan did not bring status todo back:\n%s", state(t, db))
	}
	if ok, err := db.Undo(ctx, "a-seed"); ok || err != nil {
		t.Fatalf("undo past the first edit: %v, %v", ok, err)
	}

	// Redo everything, reopening again.
	for i := 1; i <= len(states); i++ {
		if i == 4 {
			db.Close()
			db = MustOpenPath(t, path)
		}
		ok, err := db.Redo(ctx, "a-seed")
		if err != nil || !ok {
			t.Fatalf("redo %d: %v, %v", i, ok, err)
		}
		want := final
		if i < len(states) {
			want = states[i]
		}
		if got := state(t, db); got != want {
			t.Fatalf("after redo %d:\n%s\nwant\n%s", i, got, want)
		}
	}
	if ok, err := db.Redo(ctx, "a-seed"); ok || err != nil {
		t.Fatalf("redo past the last edit: %v, %v", ok, err)
	}

	// A new edit after an undo drops the redo tail.
	if ok, err := db.Undo(ctx, "a-seed"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if ok, err := db.Undo(ctx, "a-seed"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if err := db.SetArticleMeta(ctx, "a-seed", annotations.StatusInProgress, "new branch"); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.Redo(ctx, "a-seed"); ok || err != nil {
		t.Fatalf("redo after a new edit: %v, %v; want nothing to redo", ok, err)
	}
	if ok, err := db.Undo(ctx, "a-seed"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if got := state(t, db); got != states[4] {
		t.Fatalf("undo of the new edit:\n%s\nwant\n%s", got, states[4])
	}

	t.Run("ErrUnknownArticle", func(t *testing.T) {
		_, err := db.Undo(ctx, "missing")
		wantCode(t, err, annotations.ENOTFOUND)
		_, err = db.Redo(ctx, "missing")
		wantCode(t, err, annotations.ENOTFOUND)
	})

	t.Run("OK_ImportWritesNoHistory", func(t *testing.T) {
		db := MustOpen(t)
		mustImportSeed(t, db)
		if ok, err := db.Undo(ctx, "a-seed"); ok || err != nil {
			t.Fatalf("undo after import: %v, %v; want nothing to undo", ok, err)
		}
	})
}

func TestHistoryLimit(t *testing.T) {
	defer data.SetHistoryLimit(3)()
	db := MustOpen(t)
	mustImportSeed(t, db)
	for i := range 5 {
		if _, err := db.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "DATE", Start: i, End: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		if ok, err := db.Undo(ctx, "a-seed"); !ok || err != nil {
			t.Fatalf("undo %d: %v, %v", i, ok, err)
		}
	}
	if ok, err := db.Undo(ctx, "a-seed"); ok || err != nil {
		t.Fatalf("undo beyond the limit of 3: %v, %v", ok, err)
	}
	if d := mustDocument(t, db, "a-seed"); len(d.Spans) != 3+2 {
		t.Fatalf("%d spans, want the 3 imported and the 2 edits undo cannot reach", len(d.Spans))
	}
}

func TestUndoAfterKindChange(t *testing.T) {
	db := MustOpen(t)
	mustImportSeed(t, db)
	if err := db.DeleteSpan(ctx, "s-org"); err != nil {
		t.Fatal(err)
	}
	// ORG has no spans left, so its kind may change...
	if err := db.SaveLabel(ctx, "ORG", annotations.Label{Name: "ORG", Kind: annotations.KindClaim, Color: "#2a9d8f"}); err != nil {
		t.Fatal(err)
	}
	// ...and undoing the delete would bring back an entity labelled with a
	// claim label: refused, nothing changed.
	before := dump(t, db)
	_, err := db.Undo(ctx, "a-seed")
	wantCode(t, err, annotations.ECONFLICT)
	if dump(t, db) != before {
		t.Fatal("a refused undo changed the database")
	}
}
