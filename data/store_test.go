package data_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
	"github.com/hamesh-app/hamesh/internal/golden"
)

func equalLabels(a, b []annotations.Label) bool { return slices.Equal(a, b) }

// assertDocument compares two documents field by field, times by instant.
func assertDocument(t *testing.T, got, want *annotations.Document) {
	t.Helper()
	ga, wa := got.Article, want.Article
	if !ga.CreatedAt.Equal(wa.CreatedAt) || !ga.UpdatedAt.Equal(wa.UpdatedAt) {
		t.Errorf("article times %v %v, want %v %v", ga.CreatedAt, ga.UpdatedAt, wa.CreatedAt, wa.UpdatedAt)
	}
	ga.CreatedAt, ga.UpdatedAt, wa.CreatedAt, wa.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(ga, wa) {
		t.Errorf("article\n got %+v\nwant %+v", ga, wa)
	}
	if len(got.Spans) != len(want.Spans) {
		t.Fatalf("%d spans, want %d", len(got.Spans), len(want.Spans))
	}
	for i := range got.Spans {
		g, w := got.Spans[i], want.Spans[i]
		if !g.CreatedAt.Equal(w.CreatedAt) || !g.UpdatedAt.Equal(w.UpdatedAt) {
			t.Errorf("span %d times %v %v, want %v %v", i, g.CreatedAt, g.UpdatedAt, w.CreatedAt, w.UpdatedAt)
		}
		if w.ArticleID == "" {
			w.ArticleID = got.Article.ID
		}
		if g.ID != w.ID || g.ArticleID != w.ArticleID || g.Kind != w.Kind || g.Label != w.Label || g.Start != w.Start ||
			g.End != w.End || !maps.Equal(g.Attributes, w.Attributes) || g.Note != w.Note || g.Annotator != w.Annotator {
			t.Errorf("span %d\n got %+v\nwant %+v", i, g, w)
		}
	}
	if len(got.Relations) != len(want.Relations) {
		t.Fatalf("%d relations, want %d", len(got.Relations), len(want.Relations))
	}
	for i := range got.Relations {
		g, w := got.Relations[i], want.Relations[i]
		if w.ArticleID == "" {
			w.ArticleID = got.Article.ID
		}
		if !g.CreatedAt.Equal(w.CreatedAt) {
			t.Errorf("relation %d created %v, want %v", i, g.CreatedAt, w.CreatedAt)
		}
		g.CreatedAt, w.CreatedAt = time.Time{}, time.Time{}
		if g != w {
			t.Errorf("relation %d\n got %+v\nwant %+v", i, g, w)
		}
	}
}

// sortedSpans returns doc's spans in the store's order: start, end, id.
func sortedSpans(spans []annotations.Span) []annotations.Span {
	out := slices.Clone(spans)
	slices.SortFunc(out, func(a, b annotations.Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		if a.End != b.End {
			return a.End - b.End
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// dump returns every row of every table of the file, for proving that a
// failed call changed nothing.
func dump(t *testing.T, db *data.DB) string {
	t.Helper()
	raw := rawDB(t, db.Path())
	var b strings.Builder
	for _, table := range []string{"articles", "article_texts", "spans", "relations", "labels", "history", "settings", "migrations"} {
		rows, err := raw.Query("SELECT * FROM " + table + " ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %v\n", table, vals)
		}
		rows.Close()
	}
	return b.String()
}

func TestImportDocuments(t *testing.T) {
	t.Run("OK_KeepsGivenIDsAndTimes", func(t *testing.T) {
		db := MustOpen(t)
		doc := seedDoc(t)
		res, err := db.ImportDocuments(ctx, []annotations.Document{doc})
		if err != nil {
			t.Fatal(err)
		}
		want := annotations.ImportResult{Articles: 1, Spans: 3, Relations: 1}
		if !equalResult(res, want) {
			t.Fatalf("result %+v, want %+v", res, want)
		}
		got, err := db.Document(ctx, "a-seed")
		if err != nil {
			t.Fatal(err)
		}
		doc.Spans = sortedSpans(doc.Spans)
		assertDocument(t, got, &doc)
		if got.Article.CreatedAt.Location() != time.UTC {
			t.Errorf("times come back in %v, want UTC", got.Article.CreatedAt.Location())
		}
	})

	t.Run("OK_FillsMissing", func(t *testing.T) {
		db := MustOpen(t)
		now := time.Date(2026, 5, 6, 7, 8, 9, 10, time.UTC)
		db.Now = func() time.Time { return now }
		doc := annotations.Document{
			Article: annotations.Article{Title: "English", Text: "Alice met Bob in Paris."},
			Spans: []annotations.Span{
				{Label: "PERS", Start: 0, End: 5},
				{ID: "s-bob", Label: "PERS", Start: 10, End: 13},
			},
		}
		if _, err := db.ImportDocuments(ctx, []annotations.Document{doc}); err != nil {
			t.Fatal(err)
		}
		if doc.Article.ID != "" || doc.Spans[0].ID != "" {
			t.Fatal("ImportDocuments modified the caller's documents")
		}
		list, err := db.ListArticles(ctx, annotations.ArticleFilter{})
		if err != nil || len(list) != 1 {
			t.Fatal(list, err)
		}
		got, err := db.Document(ctx, list[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		a := got.Article
		if id, err := uuid.Parse(a.ID); err != nil || id.Version() != 7 {
			t.Errorf("article id %q is not a UUIDv7", a.ID)
		}
		if !a.CreatedAt.Equal(now) || !a.UpdatedAt.Equal(now) || a.Status != annotations.StatusTodo || a.Direction != annotations.LTR {
			t.Errorf("article defaults: %+v", a)
		}
		if id, err := uuid.Parse(got.Spans[0].ID); err != nil || id.Version() != 7 {
			t.Errorf("span id %q is not a UUIDv7", got.Spans[0].ID)
		}
		if got.Spans[1].ID != "s-bob" || got.Spans[0].Kind != annotations.KindEntity || !got.Spans[0].CreatedAt.Equal(now) {
			t.Errorf("spans: %+v", got.Spans)
		}
	})

	t.Run("ErrAllOrNothing", func(t *testing.T) {
		db := MustOpen(t)
		if _, err := db.ImportDocuments(ctx, []annotations.Document{seedDoc(t)}); err != nil {
			t.Fatal(err)
		}
		before := dump(t, db)
		good := annotations.Document{
			Article: annotations.Article{ID: "a-good", Title: "good", Text: "Good text with Alice."},
			Spans:   []annotations.Span{{Label: "NEWLABEL", Kind: annotations.KindEntity, Start: 15, End: 20}},
		}
		bad := annotations.Document{
			Article: annotations.Article{ID: "a-bad", Title: "bad", Text: "Short."},
			Spans:   []annotations.Span{{ID: "s-far", Label: "PERS", Start: 3, End: 60}},
		}
		merge := seedDoc(t)
		merge.Spans = append(merge.Spans, annotations.Span{ID: "s-new", Label: "DATE", Start: 0, End: 2})
		_, err := db.ImportDocuments(ctx, []annotations.Document{good, merge, bad})
		wantCode(t, err, annotations.EINVALID)
		for _, want := range []string{"document 3", "a-bad", "s-far", "ends after the text"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message %q does not name %q", err, want)
			}
		}
		if after := dump(t, db); after != before {
			t.Errorf("a failed import changed the database:\n%s\nwant\n%s", after, before)
		}
	})

	t.Run("OK_MergeByTextHash", func(t *testing.T) {
		db := MustOpen(t)
		doc := seedDoc(t)
		if _, err := db.ImportDocuments(ctx, []annotations.Document{doc}); err != nil {
			t.Fatal(err)
		}
		// The same text from another annotator: new ids, one span equal to a
		// stored one, one new span, a relation between the two.
		again := seedDoc(t)
		again.Article.ID, again.Article.Title = "a-other", "another title"
		pers := again.Spans[1]
		pers.ID = "x-pers"
		newSpan := annotations.Span{ID: "x-date", Label: "DATE", Kind: annotations.KindEntity, Start: pers.End + 1, End: pers.End + 3}
		again.Spans = []annotations.Span{pers, newSpan}
		again.Relations = []annotations.Relation{{ID: "x-rel", Type: "same_as", From: "x-date", To: "x-pers"}}
		res, err := db.ImportDocuments(ctx, []annotations.Document{again})
		if err != nil {
			t.Fatal(err)
		}
		if want := (annotations.ImportResult{Merged: 1, Spans: 1, Relations: 1}); !equalResult(res, want) {
			t.Fatalf("result %+v, want %+v", res, want)
		}
		if n, _ := db.CountArticles(ctx, annotations.ArticleFilter{}); n != 1 {
			t.Fatalf("%d articles after a merge, want 1", n)
		}
		got, err := db.Document(ctx, "a-seed")
		if err != nil {
			t.Fatal(err)
		}
		if got.Article.Title != doc.Article.Title {
			t.Errorf("merge changed the title to %q", got.Article.Title)
		}
		if !got.Article.UpdatedAt.After(doc.Article.UpdatedAt) {
			t.Errorf("merging spans left updated_at at %v", got.Article.UpdatedAt)
		}
		if len(got.Spans) != 4 || len(got.Relations) != 2 {
			t.Fatalf("%d spans, %d relations; want 4, 2", len(got.Spans), len(got.Relations))
		}
		var rel annotations.Relation
		for _, r := range got.Relations {
			if r.ID == "x-rel" {
				rel = r
			}
		}
		if rel.From != "x-date" || rel.To != "s-pers" || rel.ArticleID != "a-seed" {
			t.Errorf("merged relation %+v: want from x-date to the stored s-pers in a-seed", rel)
		}
		// The same id and text with one more span: merged, touched.
		same := seedDoc(t)
		same.Spans = []annotations.Span{{ID: "s-more", Label: "DATE", Start: 0, End: 2}}
		same.Relations = nil
		before := mustDocument(t, db, "a-seed").Article.UpdatedAt
		if res, err := db.ImportDocuments(ctx, []annotations.Document{same}); err != nil || res.Merged != 1 || res.Spans != 1 {
			t.Fatalf("result %+v, %v", res, err)
		}
		if after := mustDocument(t, db, "a-seed").Article.UpdatedAt; !after.After(before) {
			t.Errorf("merging into the same id left updated_at at %v", after)
		}
		// Importing the very same file again adds nothing.
		res, err = db.ImportDocuments(ctx, []annotations.Document{again})
		if err != nil {
			t.Fatal(err)
		}
		if want := (annotations.ImportResult{Merged: 1}); !equalResult(res, want) {
			t.Fatalf("re-import result %+v, want %+v", res, want)
		}
	})

	t.Run("OK_NewLabelsJoinScheme", func(t *testing.T) {
		db := MustOpen(t)
		doc := annotations.Document{
			Article: annotations.Article{Text: "The Nile flows north."},
			Spans: []annotations.Span{
				{Label: "RIVER", Kind: annotations.KindEntity, Start: 4, End: 8},
				{Label: "FACT", Kind: annotations.KindClaim, Start: 0, End: 20},
			},
		}
		res, err := db.ImportDocuments(ctx, []annotations.Document{doc})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.NewLabels, []string{"RIVER", "FACT"}) {
			t.Fatalf("NewLabels = %v", res.NewLabels)
		}
		labels, _ := db.Labels(ctx)
		n := len(annotations.DefaultScheme())
		if len(labels) != n+2 {
			t.Fatalf("%d labels, want %d", len(labels), n+2)
		}
		want := annotations.Label{Name: "RIVER", Kind: annotations.KindEntity, Color: annotations.NewLabelColor("RIVER")}
		if labels[n] != want || labels[n+1].Name != "FACT" || labels[n+1].Kind != annotations.KindClaim {
			t.Errorf("new labels %+v, want %+v then FACT", labels[n:], want)
		}
	})

	t.Run("ErrKindAgainstScheme", func(t *testing.T) {
		db := MustOpen(t)
		doc := annotations.Document{
			Article: annotations.Article{Text: "Alice spoke."},
			Spans:   []annotations.Span{{Label: "PERS", Kind: annotations.KindClaim, Start: 0, End: 5}},
		}
		_, err := db.ImportDocuments(ctx, []annotations.Document{doc})
		wantCode(t, err, annotations.EINVALID)
	})

	t.Run("OK_TakenIDsRenewed", func(t *testing.T) {
		db := MustOpen(t)
		// brat-style ids repeat in every file.
		mk := func(text string) annotations.Document {
			return annotations.Document{
				Article:   annotations.Article{ID: "doc", Text: text},
				Spans:     []annotations.Span{{ID: "T1", Label: "PERS", Start: 0, End: 5}, {ID: "T2", Label: "CLAIM", Start: 0, End: 10}},
				Relations: []annotations.Relation{{ID: "R1", Type: "claimant", From: "T2", To: "T1"}},
			}
		}
		if _, err := db.ImportDocuments(ctx, []annotations.Document{mk("Alice said it.")}); err != nil {
			t.Fatal(err)
		}
		res, err := db.ImportDocuments(ctx, []annotations.Document{mk("Carol said no.")})
		if err != nil {
			t.Fatal(err)
		}
		if res.Articles != 1 || res.Spans != 2 || res.Relations != 1 {
			t.Fatalf("result %+v", res)
		}
		list, _ := db.ListArticles(ctx, annotations.ArticleFilter{})
		if len(list) != 2 || list[0].ID != "doc" || list[1].ID == "doc" {
			t.Fatalf("articles %+v", list)
		}
		second, _ := db.Document(ctx, list[1].ID)
		r := second.Relations[0]
		if r.ID == "R1" || r.From == "T2" || r.To == "T1" {
			t.Fatalf("relation kept taken ids: %+v", r)
		}
		from := second.Spans[slices.IndexFunc(second.Spans, func(s annotations.Span) bool { return s.ID == r.From })]
		if from.Label != "CLAIM" {
			t.Fatalf("relation from %+v, want the CLAIM span", from)
		}
	})
}

func equalResult(a, b annotations.ImportResult) bool {
	return a.Articles == b.Articles && a.Merged == b.Merged && a.Spans == b.Spans &&
		a.Relations == b.Relations && slices.Equal(a.NewLabels, b.NewLabels)
}

// exportFixture imports articles whose creation times and span orders are
// shuffled, so a stable order has to come from the store.
func exportFixture(t *testing.T, db *data.DB) {
	t.Helper()
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var docs []annotations.Document
	for i, n := range []int{3, 1, 4, 1, 5, 9, 2, 6} {
		created := base.Add(time.Duration(n) * time.Hour) // two articles share n=1
		doc := annotations.Document{
			Article: annotations.Article{
				ID: fmt.Sprintf("art-%d", 9-i), Title: fmt.Sprintf("Article %d", i),
				Text: fmt.Sprintf("Text %d: Alice met Bob at noon.", i), CreatedAt: created, UpdatedAt: created,
			},
			Spans: []annotations.Span{
				{ID: "z", Label: "PERS", Start: 18, End: 21, CreatedAt: created, UpdatedAt: created},
				{ID: "y", Label: "CLAIM", Start: 8, End: 29, CreatedAt: created, UpdatedAt: created},
				{ID: "x", Label: "PERS", Start: 8, End: 13, CreatedAt: created, UpdatedAt: created},
				{ID: "w", Label: "DATE", Start: 8, End: 13, CreatedAt: created, UpdatedAt: created}, // same range as x
			},
			Relations: []annotations.Relation{
				{ID: "r2", Type: "claimant", From: "y", To: "z", CreatedAt: created},
				{ID: "r1", Type: "claimant", From: "y", To: "x", CreatedAt: created},
			},
		}
		for j := range doc.Spans { // span ids are global: make them unique
			doc.Spans[j].ID += doc.Article.ID
		}
		for j := range doc.Relations {
			r := &doc.Relations[j]
			r.ID, r.From, r.To = r.ID+doc.Article.ID, r.From+doc.Article.ID, r.To+doc.Article.ID
		}
		docs = append(docs, doc)
	}
	if _, err := db.ImportDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
}

func TestExportDocuments(t *testing.T) {
	db := MustOpen(t)
	exportFixture(t, db)

	t.Run("OK_StableOrder", func(t *testing.T) {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		err := db.ExportDocuments(ctx, annotations.ArticleFilter{SortBy: "title", Desc: true}, func(d *annotations.Document) error {
			return enc.Encode(d)
		})
		if err != nil {
			t.Fatal(err)
		}
		assertGolden(t, "export.golden.jsonl", b.Bytes())
	})

	t.Run("OK_FilterOffsetLimit", func(t *testing.T) {
		var ids []string
		f := annotations.ArticleFilter{Query: "ARTICLE", Offset: 2, Limit: 3}
		err := db.ExportDocuments(ctx, f, func(d *annotations.Document) error {
			ids = append(ids, d.Article.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Creation order: art-6 (n=1) art-8 (n=1) art-3 (n=2) art-9 art-7 art-5 art-2 art-4.
		if want := []string{"art-3", "art-9", "art-7"}; !slices.Equal(ids, want) {
			t.Fatalf("exported %v, want %v", ids, want)
		}
	})

	t.Run("OK_ManyPages", func(t *testing.T) {
		db := MustOpen(t)
		var docs []annotations.Document
		for i := range 150 { // more than two pages of keys
			docs = append(docs, annotations.Document{Article: annotations.Article{
				ID: fmt.Sprintf("p%03d", i), Text: fmt.Sprintf("text %d", i),
				CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), // all equal: order by id
			}})
		}
		if _, err := db.ImportDocuments(ctx, docs); err != nil {
			t.Fatal(err)
		}
		var ids []string
		if err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(d *annotations.Document) error {
			ids = append(ids, d.Article.ID)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(ids) != 150 || !slices.IsSorted(ids) || ids[0] != "p000" {
			t.Fatalf("exported %d ids, sorted %v", len(ids), slices.IsSorted(ids))
		}
	})

	t.Run("ErrFromCallback", func(t *testing.T) {
		stop := errors.New("disk full")
		n := 0
		err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(d *annotations.Document) error {
			n++
			return stop
		})
		if !errors.Is(err, stop) || n != 1 {
			t.Fatalf("err %v after %d calls; want the callback's error after 1", err, n)
		}
	})
}

// assertGolden compares got with testdata/name, rewriting it under -update.
func assertGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Assert(t, filepath.Join("testdata", name), got)
}

func TestListArticles(t *testing.T) {
	db := MustOpen(t)
	base := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	docs := []annotations.Document{
		{Article: annotations.Article{ID: "a1", Title: "Trump Jr. and WikiLeaks", Text: "Trump Jr. wrote to WikiLeaks.", Status: annotations.StatusDone, CreatedAt: base},
			Spans: []annotations.Span{
				{Label: "PERS", Start: 0, End: 9}, {Label: "ORG", Start: 19, End: 28}, {Label: "CLAIM", Start: 0, End: 29},
			}},
		{Article: annotations.Article{ID: "a2", Title: "ÉLYSÉE talks", Text: "Talks at the Élysée.", CreatedAt: base.Add(time.Hour)}},
		{Article: annotations.Article{ID: "a3", Title: "ترامب الابن", Text: arabicText(t), Status: annotations.StatusInProgress, CreatedAt: base.Add(2 * time.Hour)},
			Spans: []annotations.Span{{Label: "PERS", Start: 0, End: 5}}},
	}
	if _, err := db.ImportDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	ids := func(list []annotations.ArticleSummary) []string {
		var out []string
		for _, a := range list {
			out = append(out, a.ID)
		}
		return out
	}
	tests := []struct {
		name string
		f    annotations.ArticleFilter
		want []string
	}{
		{"All", annotations.ArticleFilter{}, []string{"a1", "a2", "a3"}},
		{"QueryCaseInsensitive", annotations.ArticleFilter{Query: "wikileaks"}, []string{"a1"}},
		{"QueryNonASCIICase", annotations.ArticleFilter{Query: "élysée"}, []string{"a2"}},
		{"QueryArabic", annotations.ArticleFilter{Query: "الابن"}, []string{"a3"}},
		{"QueryArabicFolded", annotations.ArticleFilter{Query: "تَرامب الإبن"}, []string{"a3"}}, // harakat, hamza on alef
		{"QueryWildcardIsLiteral", annotations.ArticleFilter{Query: "%"}, nil},
		{"Status", annotations.ArticleFilter{Status: []annotations.Status{annotations.StatusTodo, annotations.StatusDone}}, []string{"a1", "a2"}},
		{"IDs", annotations.ArticleFilter{IDs: []string{"a3", "a1", "zz"}}, []string{"a1", "a3"}},
		{"SortTitle", annotations.ArticleFilter{SortBy: "title"}, []string{"a1", "a2", "a3"}},
		{"SortStatusDesc", annotations.ArticleFilter{SortBy: "status", Desc: true}, []string{"a1", "a3", "a2"}},
		{"SortCreatedDesc", annotations.ArticleFilter{Desc: true}, []string{"a3", "a2", "a1"}},
		{"Page", annotations.ArticleFilter{Offset: 1, Limit: 1}, []string{"a2"}},
		{"OffsetOnly", annotations.ArticleFilter{Offset: 2}, []string{"a3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := db.ListArticles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(list); !slices.Equal(got, tt.want) {
				t.Fatalf("ListArticles = %v, want %v", got, tt.want)
			}
			n, err := db.CountArticles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if tt.f.Limit == 0 && tt.f.Offset == 0 && n != len(tt.want) {
				t.Fatalf("CountArticles = %d, want %d", n, len(tt.want))
			}
		})
	}

	t.Run("OK_Counts", func(t *testing.T) {
		list, _ := db.ListArticles(ctx, annotations.ArticleFilter{IDs: []string{"a1"}})
		a := list[0]
		if a.Entities != 2 || a.Claims != 1 || a.Chars != 29 || a.Title != "Trump Jr. and WikiLeaks" || a.Direction != annotations.LTR {
			t.Fatalf("summary %+v", a)
		}
		list, _ = db.ListArticles(ctx, annotations.ArticleFilter{IDs: []string{"a3"}})
		if list[0].Direction != annotations.RTL || list[0].Chars != len([]rune(arabicText(t))) {
			t.Fatalf("summary %+v", list[0])
		}
	})

	t.Run("ErrBadFilter", func(t *testing.T) {
		for _, f := range []annotations.ArticleFilter{
			{SortBy: "size"}, {Status: []annotations.Status{"lost"}}, {Offset: -1}, {Limit: -5},
		} {
			_, err := db.ListArticles(ctx, f)
			wantCode(t, err, annotations.EINVALID)
		}
	})

	t.Run("OK_EmptyIsNotNil", func(t *testing.T) {
		list, err := db.ListArticles(ctx, annotations.ArticleFilter{Query: "nothing like this"})
		if err != nil || list == nil || len(list) != 0 {
			t.Fatalf("ListArticles = %#v, %v; want an empty slice", list, err)
		}
	})
}

// TestSortKey checks the typed sort keys and that every reader of a filter
// refuses an unknown one, not only the readers that sort.
func TestSortKey(t *testing.T) {
	db := MustOpen(t)
	mustImportSeed(t, db)
	for _, k := range []annotations.SortKey{"", annotations.SortCreated, annotations.SortTitle, annotations.SortUpdated, annotations.SortStatus} {
		if list, err := db.ListArticles(ctx, annotations.ArticleFilter{SortBy: k}); err != nil || len(list) != 1 {
			t.Errorf("ListArticles sorted by %q = %d rows, %v", k, len(list), err)
		}
	}
	f := annotations.ArticleFilter{SortBy: "size"}
	_, err := db.ListArticles(ctx, f)
	wantCode(t, err, annotations.EINVALID)
	if !strings.Contains(err.Error(), `"size"`) {
		t.Errorf("message %q does not name the sort key", err)
	}
	_, err = db.CountArticles(ctx, f)
	wantCode(t, err, annotations.EINVALID)
	err = db.ExportDocuments(ctx, f, func(*annotations.Document) error { return nil })
	wantCode(t, err, annotations.EINVALID)
}

// TestImportDirection checks that import gives an article with no direction
// the one rule's, annotations.DetectDirection (first strong character, UAX
// #9 P2-P3), including the cases where data's former rule (first letter,
// RTL for any character of an RTL script) disagreed with it.
func TestImportDirection(t *testing.T) {
	db := MustOpen(t)
	for _, tt := range []struct {
		name, text string
		want       annotations.Direction
	}{
		{"Arabic", "قال ترامب", annotations.RTL},
		{"Latin", "Trump said", annotations.LTR},
		{"NoStrong", "123 — 456", annotations.LTR},
		// Arabic-Indic digits are of the Arabic script but not strong (AN):
		// the first strong character, T, decides.
		{"ArabicDigitsThenLatin", "١٢٣ Trump", annotations.LTR},
		// Text inside an isolate does not count (P2).
		{"IsolatedLatinThenArabic", "\u2066Trump\u2069 قال", annotations.RTL},
		// Hebrew and Adlam are strong R: the former rule knew Hebrew but
		// took Adlam, a letter of no listed script, for LTR.
		{"Hebrew", "שלום", annotations.RTL},
		{"Adlam", "\U0001E900\U0001E901", annotations.RTL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := db.ImportDocuments(ctx, []annotations.Document{{Article: annotations.Article{Title: tt.name, Text: tt.text}}})
			if err != nil {
				t.Fatal(err)
			}
			d := mustDocument(t, db, res.ArticleIDs[0])
			if d.Article.Direction != tt.want || d.Article.Direction != annotations.DetectDirection(tt.text) {
				t.Fatalf("direction %s, want %s", d.Article.Direction, tt.want)
			}
		})
	}
}
