package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// The staged bring-in (bringin_batch.go): its new articles are written in
// batches that no reader sees, and only the last transaction (which also
// replaces the layers of the articles stored already) shows them.

// bringTexts are the articles of the staged bring-in tests; carol has the
// first already, bob all four.
var bringTexts = []string{"Alice met Bob in Amman.", "Staged one.", "Staged two.", "Staged three."}

// bringPair makes carol's database (ImportBatch 1: one article per batch)
// holding the first article with her span and an old span of bob's, and
// bob's, holding the four articles with one span each (the third with a
// label carol lacks, the fourth also a span named carol), and relations.
func bringPair(t *testing.T) (carol *DB, carolPath, bobPath string) {
	t.Helper()
	dir := t.TempDir()
	bobPath = filepath.Join(dir, "bob.db")
	bob, err := Open(bobPath)
	if err != nil {
		t.Fatal(err)
	}
	defer bob.Close()
	ctx := context.Background()
	if err := bob.SetSetting(ctx, SettingAnnotator, "bob"); err != nil {
		t.Fatal(err)
	}
	var docs []annotations.Document
	for i, text := range bringTexts {
		d := annotations.Document{Article: annotations.Article{ID: fmt.Sprintf("b%d", i), Text: text},
			Spans: []annotations.Span{{ID: fmt.Sprintf("bs%d", i), Label: "PERS", Start: 0, End: 5, Annotator: "bob"}}}
		if i == 2 {
			d.Spans[0].Label, d.Spans[0].Kind = "BOBLABEL", annotations.KindEntity
		}
		if i == 3 {
			d.Spans = append(d.Spans, annotations.Span{ID: "bs3c", Label: "ORG", Start: 7, End: 12, Annotator: "carol"},
				annotations.Span{ID: "bs3b", Label: "ORG", Start: 7, End: 12, Annotator: "bob"})
			d.Relations = []annotations.Relation{{ID: "br3", Type: "claimant", From: "bs3", To: "bs3b"}}
		}
		docs = append(docs, d)
	}
	if _, err := bob.ImportDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	carolPath = filepath.Join(dir, "carol.db")
	carol, err = Open(carolPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { carol.Close() })
	if err := carol.SetSetting(ctx, SettingAnnotator, "carol"); err != nil {
		t.Fatal(err)
	}
	if _, err := carol.ImportDocuments(ctx, []annotations.Document{{Article: annotations.Article{ID: "c0", Text: bringTexts[0]},
		Spans: []annotations.Span{{ID: "cs0", Label: "PERS", Start: 0, End: 5, Annotator: "carol"},
			{ID: "old", Label: "LOC", Start: 17, End: 22, Annotator: "bob"}}}}); err != nil {
		t.Fatal(err)
	}
	carol.ImportBatch = 1
	return carol, carolPath, bobPath
}

// bringView is what a reader of carol's database sees: the articles
// listed, bob's spans on the stored article, whether bob's label is in the
// scheme.
type bringView struct {
	listed    int
	bobOnC0   string
	bobsLabel bool
}

func bringViewOf(t *testing.T, db *DB) bringView {
	t.Helper()
	ctx := context.Background()
	var v bringView
	rows, err := db.ListArticles(ctx, annotations.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	v.listed = len(rows)
	doc, err := db.Document(ctx, "c0")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range doc.Spans {
		if s.Annotator == "bob" {
			v.bobOnC0 += s.ID + " "
		}
	}
	ls, err := db.Labels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v.bobsLabel = slices.ContainsFunc(ls, func(l annotations.Label) bool { return l.Name == "BOBLABEL" })
	return v
}

var (
	bringBefore = bringView{listed: 1, bobOnC0: "old "}
	bringAfter  = bringView{listed: 4, bobOnC0: "bs0 ", bobsLabel: true}
)

// TestBringInStagedUntilDone: while the new articles' batches commit, no
// reader (this handle or another) sees any of them nor the replaced layer
// of the stored article; the last transaction shows it all at once.
func TestBringInStagedUntilDone(t *testing.T) {
	carol, path, bobPath := bringPair(t)
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var seen []int
	afterImportBatch = func(n int) {
		for _, r := range []*DB{carol, other} {
			if v := bringViewOf(t, r); v != bringBefore {
				t.Errorf("after batch %d a reader sees %+v, want %+v", n, v, bringBefore)
			}
		}
		seen = append(seen, rawCount(t, carol, "articles"))
	}
	defer func() { afterImportBatch = nil }()
	res, err := carol.BringIn(context.Background(), bobPath)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, []int{2, 3, 4}) {
		t.Errorf("articles in the file after each batch: %v, want [2 3 4] (one new article a batch)", seen)
	}
	l := res.Layers
	if res.ArticlesNew != 3 || res.ArticlesMatched != 1 || res.IgnoredOwnSpans != 1 || len(l) != 1 ||
		l[0].SpansAdded != 5 || l[0].SpansRemoved != 1 || l[0].RelationsAdded != 1 || !slices.Equal(res.NewLabels, []string{"BOBLABEL"}) {
		t.Errorf("result %+v", res)
	}
	for _, r := range []*DB{carol, other} {
		if v := bringViewOf(t, r); v != bringAfter {
			t.Errorf("after the bring-in a reader sees %+v, want %+v", v, bringAfter)
		}
	}
	if n := rawCount(t, carol, "imports"); n != 0 {
		t.Errorf("%d imports rows left", n)
	}
	if _, err := os.Stat(importLockPath(path)); !os.IsNotExist(err) {
		t.Errorf("the import lock is left behind: %v", err)
	}
	// Again: nothing to stage, nothing changes.
	afterImportBatch = func(n int) { t.Errorf("bringing in the same file again staged batch %d", n) }
	if res, err := carol.BringIn(context.Background(), bobPath); err != nil || res.Changed() {
		t.Errorf("again: %+v %v", res, err)
	}
}

// rawCounts counts the rows of the tables a bring-in writes, staged or not.
func rawCounts(t *testing.T, db *DB) map[string]int {
	t.Helper()
	m := map[string]int{}
	for _, tb := range []string{"articles", "article_texts", "spans", "relations", "labels", "imports", "settings"} {
		m[tb] = rawCount(t, db, tb)
	}
	return m
}

// TestKilledBringInDroppedOnOpen: a bring-in killed after its second batch
// leaves rows no reader sees; the next Open removes them, and bringing the
// file in again gives what one clean bring-in gives.
func TestKilledBringInDroppedOnOpen(t *testing.T) {
	carol, path, bobPath := bringPair(t)
	before := rawCounts(t, carol)
	afterImportBatch = func(n int) {
		if n == 2 {
			panic("killed")
		}
	}
	func() {
		defer func() {
			afterImportBatch = nil
			if r := recover(); r != "killed" {
				t.Fatalf("the bring-in ended with %v, want the simulated kill", r)
			}
		}()
		carol.BringIn(context.Background(), bobPath)
	}()
	if err := os.WriteFile(importLockPath(path), []byte("bob.db, started 2026-12-02T13:00:00Z, process 999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := rawCount(t, carol, "articles"); got != 3 {
		t.Fatalf("the killed bring-in left %d articles in the file, want 3 (1 stored, 2 staged)", got)
	}
	if v := bringViewOf(t, carol); v != bringBefore {
		t.Errorf("after the kill a reader sees %+v, want %+v", v, bringBefore)
	}
	carol.Close()
	carol, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer carol.Close()
	if got := rawCounts(t, carol); !maps.Equal(got, before) {
		t.Errorf("after the next open the rows are %v, want %v", got, before)
	}
	if _, err := os.Stat(importLockPath(path)); !os.IsNotExist(err) {
		t.Errorf("the stale import lock is left behind: %v", err)
	}
	carol.ImportBatch = 1
	if _, err := carol.BringIn(context.Background(), bobPath); err != nil {
		t.Fatal(err)
	}
	if v := bringViewOf(t, carol); v != bringAfter {
		t.Errorf("after bringing in again a reader sees %+v, want %+v", v, bringAfter)
	}
}

// tableHash hashes every row of every table of the database at path, in
// rowid order (read through a connection of its own).
func tableHash(t *testing.T, path string) string {
	t.Helper()
	c, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var tables []string
	rows, err := c.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	h := sha256.New()
	for _, tb := range tables {
		rows, err := c.Query(`SELECT rowid, * FROM "` + tb + `" ORDER BY rowid`)
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
			fmt.Fprintf(h, "%s %q\n", tb, vals)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestFailedBringInChangesNothing: a bring-in that fails after some
// batches committed (its context cancelled), or in its last transaction,
// removes its staged rows and leaves the stored article's layers as they
// were: every table hashes as before.
func TestFailedBringInChangesNothing(t *testing.T) {
	for _, when := range []string{"batch", "finish"} {
		t.Run(when, func(t *testing.T) {
			carol, path, bobPath := bringPair(t)
			before := tableHash(t, path)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if when == "batch" {
				afterImportBatch = func(n int) {
					if n == 2 {
						cancel()
					}
				}
			} else {
				afterBringMatched = cancel
			}
			defer func() { afterImportBatch, afterBringMatched = nil, nil }()
			if _, err := carol.BringIn(ctx, bobPath); err == nil {
				t.Fatal("a cancelled bring-in succeeded")
			}
			if got := tableHash(t, path); got != before {
				t.Errorf("the failed bring-in changed the database: %v", rawCounts(t, carol))
			}
			if v := bringViewOf(t, carol); v != bringBefore {
				t.Errorf("a reader sees %+v, want %+v", v, bringBefore)
			}
		})
	}
}

// TestBringInOurNameChangedMeanwhile: when our name changes while the new
// articles are staged (their copy of our layer left out under the old
// name), the last transaction removes the staged rows and stores the whole
// file itself: the span the file has for carol, no longer us, comes in.
func TestBringInOurNameChangedMeanwhile(t *testing.T) {
	carol, _, bobPath := bringPair(t)
	afterImportBatch = func(n int) {
		if n == 1 {
			if err := carol.SetSetting(context.Background(), SettingAnnotator, "carol2"); err != nil {
				t.Error(err)
			}
		}
	}
	defer func() { afterImportBatch = nil }()
	res, err := carol.BringIn(context.Background(), bobPath)
	if err != nil {
		t.Fatal(err)
	}
	if res.ArticlesNew != 3 || res.IgnoredOwnSpans != 0 || len(res.Layers) != 2 || res.Layers[1].Annotator != "carol" ||
		res.Layers[1].SpansAdded != 1 || res.Layers[0].SpansAdded != 5 || !slices.Equal(res.NewLabels, []string{"BOBLABEL"}) {
		t.Fatalf("result %+v", res)
	}
	if v := bringViewOf(t, carol); v != bringAfter {
		t.Errorf("a reader sees %+v, want %+v", v, bringAfter)
	}
	var staged int
	if err := carol.rdb.QueryRow(`SELECT count(*) FROM articles WHERE import_id IS NOT NULL AND id <> 'c0'`).Scan(&staged); err != nil || staged != 0 {
		t.Errorf("%d articles kept the removed import's id (%v)", staged, err)
	}
}

// TestBringInArticleArrivedMeanwhile: an article with the text of one the
// batches are still to write, stored meanwhile (here by hand: imports wait
// for the import lock), is matched in the last transaction instead.
func TestBringInArticleArrivedMeanwhile(t *testing.T) {
	carol, _, bobPath := bringPair(t)
	afterImportBatch = func(n int) {
		if n == 1 {
			if _, err := carol.wdb.Exec(`INSERT INTO articles (id, text_sha256, chars, direction, status, created_at, updated_at)
				VALUES ('late', ?, 12, 'ltr', 'todo', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z');
				INSERT INTO article_texts VALUES ('late', ?)`, (&annotations.Article{Text: bringTexts[3]}).TextSHA256(), bringTexts[3]); err != nil {
				t.Error(err)
			}
		}
	}
	defer func() { afterImportBatch = nil }()
	res, err := carol.BringIn(context.Background(), bobPath)
	if err != nil {
		t.Fatal(err)
	}
	if res.ArticlesNew != 2 || res.ArticlesMatched != 2 {
		t.Fatalf("result %+v", res)
	}
	doc, err := carol.Document(context.Background(), "late")
	if err != nil || len(doc.Spans) != 2 || len(doc.Relations) != 1 {
		t.Fatalf("the late article: %+v %v", doc, err)
	}
}

// bobsLayer returns bob's spans in db as "text-index label [s,e) id".
func bobsLayer(t *testing.T, db *DB) []string {
	t.Helper()
	var out []string
	err := db.ExportDocuments(context.Background(), annotations.ArticleFilter{}, func(d *annotations.Document) error {
		for _, s := range d.Spans {
			if s.Annotator == "bob" {
				out = append(out, fmt.Sprintf("%d %s [%d,%d) %s", slices.Index(bringTexts, d.Article.Text), s.Label, s.Start, s.End, s.ID))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestBringInAgainNoticesEditsMeanwhile: bringing a file in again compares
// its articles before the write transaction and skips, in it, those that
// were the same; an article edited in between (a span of bob's deleted
// here), or spans relabelled by a label rename, are compared again there,
// so bob's layer still ends exactly the file's.
func TestBringInAgainNoticesEditsMeanwhile(t *testing.T) {
	ctx := context.Background()
	for _, what := range []string{"span deleted", "label renamed"} {
		t.Run(what, func(t *testing.T) {
			carol, path, bobPath := bringPair(t)
			if _, err := carol.BringIn(ctx, bobPath); err != nil {
				t.Fatal(err)
			}
			want := bobsLayer(t, carol)
			before := tableHash(t, path)
			// Again, nothing in between: nothing written at all.
			res, err := carol.BringIn(ctx, bobPath)
			if err != nil || res.Changed() || res.ArticlesMatched != 4 || res.Layers[0].SpansUnchanged != 5 || res.IgnoredOwnSpans != 1 {
				t.Fatalf("again: %+v %v", res, err)
			}
			if tableHash(t, path) != before {
				t.Fatal("bringing the same file in again changed the database")
			}
			afterBringPlan = func() {
				switch what {
				case "span deleted":
					err = carol.DeleteSpan(ctx, "bs1")
				case "label renamed":
					err = carol.SaveLabel(ctx, "PERS", annotations.Label{Name: "PERSON", Kind: annotations.KindEntity, Color: "#112233"})
				}
				if err != nil {
					t.Error(err)
				}
			}
			defer func() { afterBringPlan = nil }()
			res, err = carol.BringIn(ctx, bobPath)
			if err != nil {
				t.Fatal(err)
			}
			if got := bobsLayer(t, carol); !slices.Equal(got, want) {
				t.Fatalf("bob's layer after an edit meanwhile:\n%v\nwant\n%v (%+v)", got, want, res)
			}
			if l := res.Layers[0]; res.ArticlesMatched != 4 || l.SpansUnchanged+l.SpansAdded+l.SpansChanged != 5 || l.SpansAdded+l.SpansChanged == 0 {
				t.Fatalf("result %+v", res)
			}
		})
	}
}
