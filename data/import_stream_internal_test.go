package data

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// streamOf hands out docs one at a time, then fail (io.EOF when nil)
// after the first stop of them; it counts the calls.
func streamOf(docs []annotations.Document, stop int, fail error, calls *int) func() (*annotations.Document, error) {
	i := 0
	return func() (*annotations.Document, error) {
		*calls++
		if i == stop {
			if fail == nil {
				return nil, io.EOF
			}
			return nil, fail
		}
		i++
		return &docs[i-1], nil
	}
}

// TestImportStream: a streamed import stores what ImportFile stores (the
// merge into a stored article, new articles, a new label) in several
// batches, reading each document once; a reading error or an invalid
// document after some batches have been staged leaves every reader's view
// and every table as it was.
func TestImportStream(t *testing.T) {
	ctx := context.Background()
	db, _ := openStaging(t)
	before := viewOf(t, db)
	rowsBefore := map[string]int{}
	for _, tb := range []string{"articles", "spans", "labels", "imports"} {
		rowsBefore[tb] = rawCount(t, db, tb)
	}
	unchanged := func(what string) {
		t.Helper()
		if v := viewOf(t, db); v != before {
			t.Errorf("%s: readers see %+v, want %+v", what, v, before)
		}
		for tb, n := range rowsBefore {
			if got := rawCount(t, db, tb); got != n {
				t.Errorf("%s: table %s has %d rows, had %d", what, tb, got, n)
			}
		}
	}

	docs := stagedDocs()
	batches := 0
	afterImportBatch = func(n int) { batches = n }
	defer func() { afterImportBatch = nil }()

	// A reading error at the fifth document: three batches were staged.
	calls := 0
	readErr := errors.New("docs.jsonl:5: not a valid JSON article")
	_, err := db.ImportStream(ctx, "docs.jsonl", streamOf(docs, 4, readErr, &calls))
	if !errors.Is(err, readErr) {
		t.Fatalf("reading error: got %v", err)
	}
	if batches < 2 {
		t.Fatalf("only %d batches were staged before the error; the test needs some", batches)
	}
	unchanged("after a reading error")

	// An invalid document (a span outside its text) as the fifth.
	bad := stagedDocs()
	bad[4].Spans = []annotations.Span{{Kind: annotations.KindEntity, Label: "PERS", Start: 0, End: 999}}
	calls = 0
	_, err = db.ImportStream(ctx, "bad.jsonl", streamOf(bad, len(bad), nil, &calls))
	if err == nil || !strings.Contains(err.Error(), "document 5") {
		t.Fatalf("invalid document: got %v, want it named as document 5", err)
	}
	unchanged("after an invalid document")

	// The whole stream (fresh documents: an import fills in what it is given).
	docs = stagedDocs()
	calls = 0
	res, err := db.ImportStream(ctx, "docs.jsonl", streamOf(docs, len(docs), nil, &calls))
	if err != nil {
		t.Fatal(err)
	}
	if calls != len(docs)+1 {
		t.Errorf("next was called %d times for %d documents, want each read once and io.EOF once", calls, len(docs))
	}
	if res.Articles != 5 || res.Merged != 1 || res.Spans != 2 || len(res.ArticleIDs) != 6 || res.ArticleIDs[0] != "alice" {
		t.Errorf("result %+v", res)
	}
	if len(res.NewLabels) != 1 || res.NewLabels[0] != "STAGEDLABEL" {
		t.Errorf("new labels %v", res.NewLabels)
	}
	after := viewOf(t, db)
	if after.listed != before.listed+5 || after.aliceSpans != before.aliceSpans+1 || !after.label {
		t.Errorf("after the import readers see %+v (before %+v)", after, before)
	}
	if n := rawCount(t, db, "imports"); n != 0 {
		t.Errorf("%d imports rows left", n)
	}
}
