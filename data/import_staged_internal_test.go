package data

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// stagedDocs are the documents of the staging tests: first one whose text
// is stored already (its new ORG span merges into the stored article),
// then five new articles, one with a label the scheme lacks.
func stagedDocs() []annotations.Document {
	docs := []annotations.Document{{
		Article: annotations.Article{Text: "Alice met Bob."},
		Spans:   []annotations.Span{{Label: "ORG", Start: 10, End: 13}},
	}}
	for i, w := range []string{"one", "two", "three", "four", "five"} {
		d := annotations.Document{Article: annotations.Article{Title: "staged " + w, Text: "Staged article " + w + "."}}
		if i == 3 {
			d.Spans = []annotations.Span{{Kind: annotations.KindEntity, Label: "STAGEDLABEL", Start: 0, End: 6}}
		}
		docs = append(docs, d)
	}
	return docs
}

// openStaging opens a database holding one article (Alice met Bob., one
// PERS span) with imports of two articles per transaction.
func openStaging(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "h.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ImportDocuments(context.Background(), []annotations.Document{{
		Article: annotations.Article{ID: "alice", Text: "Alice met Bob."},
		Spans:   []annotations.Span{{Label: "PERS", Start: 0, End: 5}},
	}}); err != nil {
		t.Fatal(err)
	}
	db.ImportBatch = 2
	return db, path
}

// readerView is what every reader of the store shows: the listed and
// counted articles, the stored article's spans, the exported documents
// and whether the scheme has the staged label.
type readerView struct {
	listed, counted, aliceSpans, exported int
	label                                 bool
}

func viewOf(t *testing.T, db *DB) readerView {
	t.Helper()
	ctx := context.Background()
	var v readerView
	rows, err := db.ListArticles(ctx, annotations.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	v.listed = len(rows)
	if v.counted, err = db.CountArticles(ctx, annotations.ArticleFilter{}); err != nil {
		t.Fatal(err)
	}
	doc, err := db.Document(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	v.aliceSpans = len(doc.Spans)
	if err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(*annotations.Document) error {
		v.exported++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ls, err := db.Labels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v.label = slices.ContainsFunc(ls, func(l annotations.Label) bool { return l.Name == "STAGEDLABEL" })
	return v
}

// rawCount counts the rows of table, staged or not.
func rawCount(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.rdb.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportStagedUntilDone: while an import's batches commit, no reader
// (list, count, one article, export, the scheme) sees any of its rows, in
// another handle or its own, although they are in the file; the last step
// shows them all at once.
func TestImportStagedUntilDone(t *testing.T) {
	db, path := openStaging(t)
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	before := readerView{listed: 1, counted: 1, aliceSpans: 1, exported: 1}
	var seen []int
	afterImportBatch = func(n int) {
		if n < 3 { // the last batch is still to come
			for _, r := range []*DB{db, other} {
				if v := viewOf(t, r); v != before {
					t.Errorf("after batch %d a reader sees %+v, want %+v", n, v, before)
				}
			}
			seen = append(seen, rawCount(t, db, "articles"))
		}
	}
	defer func() { afterImportBatch = nil }()
	res, err := db.ImportFile(context.Background(), "staged.jsonl", stagedDocs())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, []int{2, 4}) {
		t.Errorf("rows in the file after batches 1 and 2: %v, want [2 4] (two documents per batch, the first merged)", seen)
	}
	if res.Articles != 5 || res.Merged != 1 || res.Spans != 2 || !slices.Equal(res.NewLabels, []string{"STAGEDLABEL"}) {
		t.Errorf("result %+v", res)
	}
	want := readerView{listed: 6, counted: 6, aliceSpans: 2, exported: 6, label: true}
	for _, r := range []*DB{db, other} {
		if v := viewOf(t, r); v != want {
			t.Errorf("after the import a reader sees %+v, want %+v", v, want)
		}
	}
	if n := rawCount(t, db, "imports"); n != 0 {
		t.Errorf("%d imports rows left", n)
	}
	if _, err := os.Stat(importLockPath(path)); !os.IsNotExist(err) {
		t.Errorf("the import lock is left behind: %v", err)
	}
}

// killImport runs an import of stagedDocs that dies after its second batch
// (a panic out of the batch hook: the deferred unlock runs, the clean-up
// of a failed import does not), and leaves the lock file as a killed
// process does: unlocked, holding its description.
func killImport(t *testing.T, db *DB, path string) {
	t.Helper()
	afterImportBatch = func(n int) {
		if n == 2 {
			panic("killed")
		}
	}
	defer func() { afterImportBatch = nil }()
	func() {
		defer func() {
			if r := recover(); r != "killed" {
				t.Fatalf("the import ended with %v, want the simulated kill", r)
			}
		}()
		db.ImportFile(context.Background(), "killed.jsonl", stagedDocs())
	}()
	if err := os.WriteFile(importLockPath(path), []byte("killed.jsonl, started 2026-12-02T13:00:00Z, process 999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := rawCount(t, db, "articles"); got != 4 {
		t.Fatalf("the killed import left %d articles in the file, want 4 (1 stored, 3 staged)", got)
	}
}

// TestKilledImportDroppedOnOpen: the rows of an import killed mid-way stay
// invisible, the next Open removes them and the stale lock file, and the
// same file then imports whole.
func TestKilledImportDroppedOnOpen(t *testing.T) {
	db, path := openStaging(t)
	killImport(t, db, path)
	before := readerView{listed: 1, counted: 1, aliceSpans: 1, exported: 1}
	if v := viewOf(t, db); v != before {
		t.Errorf("after the kill a reader sees %+v, want %+v", v, before)
	}
	db.Close()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for table, want := range map[string]int{"articles": 1, "article_texts": 1, "spans": 1, "imports": 0} {
		if got := rawCount(t, db, table); got != want {
			t.Errorf("after the next open %s has %d rows, want %d", table, got, want)
		}
	}
	var n int
	if err := db.rdb.QueryRow(`SELECT count(*) FROM labels WHERE name = 'STAGEDLABEL'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the killed import's label is left (%d, %v)", n, err)
	}
	if _, err := os.Stat(importLockPath(path)); !os.IsNotExist(err) {
		t.Errorf("the stale import lock is left behind: %v", err)
	}
	res, err := db.ImportFile(context.Background(), "killed.jsonl", stagedDocs())
	if err != nil || res.Articles != 5 {
		t.Fatalf("import again: %+v, %v", res, err)
	}
	if v, want := viewOf(t, db), (readerView{listed: 6, counted: 6, aliceSpans: 2, exported: 6, label: true}); v != want {
		t.Errorf("after importing again a reader sees %+v, want %+v", v, want)
	}
}

// TestKilledImportDroppedByNextImport: without an Open in between, the
// next import removes the killed one's rows before writing its own.
func TestKilledImportDroppedByNextImport(t *testing.T) {
	db, path := openStaging(t)
	killImport(t, db, path)
	res, err := db.ImportFile(context.Background(), "next.jsonl", []annotations.Document{{Article: annotations.Article{Text: "Next file."}}})
	if err != nil || res.Articles != 1 {
		t.Fatalf("next import: %+v, %v", res, err)
	}
	if got := rawCount(t, db, "articles"); got != 2 {
		t.Errorf("after the next import the file holds %d articles, want 2 (the killed import's 3 removed)", got)
	}
	if v, want := viewOf(t, db), (readerView{listed: 2, counted: 2, aliceSpans: 1, exported: 2}); v != want {
		t.Errorf("a reader sees %+v, want %+v", v, want)
	}
}

// TestFailedImportRemovesItsRows: an import that fails after some batches
// committed (here its context is cancelled) removes them before returning.
func TestFailedImportRemovesItsRows(t *testing.T) {
	db, _ := openStaging(t)
	ctx, cancel := context.WithCancel(context.Background())
	afterImportBatch = func(n int) {
		if n == 2 {
			cancel()
		}
	}
	defer func() { afterImportBatch = nil }()
	if _, err := db.ImportFile(ctx, "cancelled.jsonl", stagedDocs()); err == nil {
		t.Fatal("a cancelled import succeeded")
	}
	for table, want := range map[string]int{"articles": 1, "spans": 1, "imports": 0} {
		if got := rawCount(t, db, table); got != want {
			t.Errorf("after the failed import %s has %d rows, want %d", table, got, want)
		}
	}
}

// TestImportLockNamesHolder: an import finding another Hamesh import
// running says so, naming its file and start time, rather than blaming
// "another program"; given time, it waits for it instead.
func TestImportLockNamesHolder(t *testing.T) {
	db, path := openStaging(t)
	held, _, err := tryLockImport(path)
	if err != nil || held == nil {
		t.Fatalf("take the lock: %v", err)
	}
	const desc = "big.jsonl, started 2026-12-02T13:00:00Z, process 42"
	if err := held.describe(desc); err != nil {
		t.Fatal(err)
	}
	db.ImportWait = 0
	docs := []annotations.Document{{Article: annotations.Article{Text: "Waiting article."}}}
	_, err = db.ImportFile(context.Background(), "second.jsonl", docs)
	if annotations.ErrorCode(err) != annotations.ECONFLICT ||
		!strings.Contains(err.Error(), "another Hamesh import is running ("+desc+")") {
		t.Fatalf("import while another runs: %v, want ECONFLICT naming %q", err, desc)
	}
	if n := rawCount(t, db, "articles"); n != 1 {
		t.Errorf("the refused import wrote: %d articles", n)
	}
	db.ImportWait = 5 * time.Second
	time.AfterFunc(200*time.Millisecond, held.release)
	start := time.Now()
	if _, err := db.ImportFile(context.Background(), "second.jsonl", docs); err != nil {
		t.Fatalf("import waiting for the other: %v", err)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("the import did not wait for the other (%v)", d)
	}
}
