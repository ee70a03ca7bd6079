package data_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// sugFixture stores two articles (the seed and a short one) and returns
// the database and their ids.
func sugFixture(t *testing.T) (*data.DB, string, string) {
	t.Helper()
	db := MustOpen(t)
	ctx := context.Background()
	short := annotations.Document{Article: annotations.Article{ID: "a-short", Text: "قال أسانج إن ويكيليكس نشرت الرسائل.", Direction: annotations.RTL, Status: annotations.StatusTodo}}
	if _, err := db.ImportDocuments(ctx, []annotations.Document{seedDoc(t), short}); err != nil {
		t.Fatal(err)
	}
	return db, "a-seed", "a-short"
}

// reviewState is what review changes: every article's status and spans,
// and every suggestion, as text.
func reviewState(t *testing.T, db *data.DB) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, id := range []string{"a-seed", "a-short"} {
		d, err := db.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s\n", id, d.Article.Status)
		for _, sp := range d.Spans {
			fmt.Fprintf(&b, "  span %s %s [%d,%d) %s %v\n", sp.ID, sp.Label, sp.Start, sp.End, sp.Annotator, sp.Attributes)
		}
	}
	sugs, err := db.Suggestions(ctx, annotations.SuggestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sg := range sugs {
		fmt.Fprintf(&b, "sug %s %s [%d,%d) %s %s %s\n", sg.ArticleID, sg.Label, sg.Start, sg.End, sg.Source, sg.Status, sg.SpanID)
	}
	return b.String()
}

func TestAddSuggestionsIdempotent(t *testing.T) {
	db, seed, short := sugFixture(t)
	ctx := context.Background()
	score := 0.75
	batch := []annotations.Suggestion{
		{ArticleID: short, Start: 4, End: 9, Label: "PERS", Source: "names.tsv"},
		{ArticleID: short, Start: 13, End: 21, Label: "ORG", Source: "model@1", Score: &score},
		{ArticleID: seed, Start: 0, End: 3, Label: "NEWLABEL", Source: "model@1"},
	}
	n, err := db.AddSuggestions(ctx, batch)
	if err != nil || n != 3 {
		t.Fatalf("AddSuggestions = %d, %v; want 3 new", n, err)
	}
	if n, err := db.AddSuggestions(ctx, batch); err != nil || n != 0 {
		t.Fatalf("second AddSuggestions = %d, %v; want 0 new (no duplicates)", n, err)
	}
	got, err := db.Suggestions(ctx, annotations.SuggestionFilter{ArticleIDs: []string{short}})
	if err != nil || len(got) != 2 {
		t.Fatalf("Suggestions(short) = %v, %v", got, err)
	}
	if got[0].Label != "PERS" || got[0].Status != annotations.SuggestionPending || got[0].Score != nil || got[1].Score == nil || *got[1].Score != 0.75 {
		t.Errorf("stored %+v", got)
	}
	labels, _ := db.Labels(ctx)
	found := false
	for _, l := range labels {
		found = found || l.Name == "NEWLABEL"
	}
	if !found {
		t.Error("a suggestion's unknown label did not join the scheme")
	}
	page, err := db.ArticlePage(ctx, annotations.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range page.Articles {
		want := map[string]int{seed: 1, short: 2}[a.ID]
		if a.Suggestions != want {
			t.Errorf("library row %s: %d pending suggestions, want %d", a.ID, a.Suggestions, want)
		}
	}

	// A bad batch changes nothing, and says which suggestion.
	before := dump(t, db)
	_, err = db.AddSuggestions(ctx, []annotations.Suggestion{
		{ArticleID: short, Start: 0, End: 3, Label: "PERS", Source: "x"},
		{ArticleID: short, Start: 30, End: 300, Label: "PERS", Source: "x"},
	})
	wantCode(t, err, annotations.EINVALID)
	if !strings.Contains(err.Error(), "[30,300)") || !strings.Contains(err.Error(), "outside the text") {
		t.Errorf("error %q does not name the range", err)
	}
	_, err = db.AddSuggestions(ctx, []annotations.Suggestion{{ArticleID: "nope", Start: 0, End: 1, Label: "PERS", Source: "x"}})
	wantCode(t, err, annotations.ENOTFOUND)
	if after := dump(t, db); after != before {
		t.Error("a refused batch changed the database")
	}
}

func TestAcceptSuggestion(t *testing.T) {
	db, _, short := sugFixture(t)
	ctx := context.Background()
	score := 0.5
	if _, err := db.AddSuggestions(ctx, []annotations.Suggestion{
		{ArticleID: short, Start: 4, End: 9, Label: "PERS", Source: "names.tsv", Score: &score},
		{ArticleID: short, Start: 13, End: 21, Label: "PERS", Source: "names.tsv"},
	}); err != nil {
		t.Fatal(err)
	}
	sugs, _ := db.Suggestions(ctx, annotations.SuggestionFilter{})
	before := reviewState(t, db)
	sp, err := db.AcceptSuggestion(ctx, annotations.Acceptance{ID: sugs[0].ID, Annotator: "mona"})
	if err != nil {
		t.Fatal(err)
	}
	if sp.Label != "PERS" || sp.Start != 4 || sp.End != 9 || sp.Annotator != "mona" ||
		sp.Attributes[annotations.AttrSuggestionSource] != "names.tsv" || sp.Attributes[annotations.AttrSuggestionScore] != "0.5" ||
		sp.Attributes[annotations.AttrSuggestionEdited] != "no" {
		t.Errorf("accepted span %+v", sp)
	}
	doc, _ := db.Document(ctx, short)
	if len(doc.Spans) != 1 || doc.Article.Status != annotations.StatusInProgress {
		t.Fatalf("after accept: %d spans, status %s", len(doc.Spans), doc.Article.Status)
	}
	if _, err := db.AcceptSuggestion(ctx, annotations.Acceptance{ID: sugs[0].ID}); annotations.ErrorCode(err) != annotations.ECONFLICT {
		t.Errorf("accepting twice: %v, want a conflict", err)
	}
	// Accept the other with another label and range: edited.
	sp2, err := db.AcceptSuggestion(ctx, annotations.Acceptance{ID: sugs[1].ID, Label: "ORG", Start: 13, End: 21})
	if err != nil || sp2.Label != "ORG" || sp2.Attributes[annotations.AttrSuggestionEdited] != "yes" {
		t.Fatalf("accept with another label: %+v, %v", sp2, err)
	}
	stats, err := db.SuggestionStats(ctx)
	if err != nil || len(stats) != 1 || stats[0].Accepted != 1 || stats[0].Edited != 1 || stats[0].Pending != 0 {
		t.Fatalf("stats %+v, %v", stats, err)
	}
	// One undo step each: the second undo restores the state before the first accept.
	for i := 0; i < 2; i++ {
		if ok, err := db.Undo(ctx, short); !ok || err != nil {
			t.Fatalf("undo %d: %v %v", i, ok, err)
		}
	}
	if after := reviewState(t, db); after != before {
		t.Errorf("two undos did not restore the state before two accepts:\n%s\nwant\n%s", after, before)
	}
	got, _ := db.Suggestions(ctx, annotations.SuggestionFilter{Status: annotations.SuggestionPending})
	if len(got) != 2 {
		t.Errorf("after undo %d pending, want 2", len(got))
	}
	if ok, err := db.Redo(ctx, short); !ok || err != nil {
		t.Fatal(err)
	}
	doc, _ = db.Document(ctx, short)
	if len(doc.Spans) != 1 || doc.Spans[0].ID != sp.ID {
		t.Errorf("redo gave %+v", doc.Spans)
	}
	// Bad input: an unknown suggestion, a range outside the text.
	_, err = db.AcceptSuggestion(ctx, annotations.Acceptance{ID: "nope"})
	wantCode(t, err, annotations.ENOTFOUND)
	_, err = db.AcceptSuggestion(ctx, annotations.Acceptance{ID: sugs[1].ID, Start: 13, End: 999})
	wantCode(t, err, annotations.EINVALID)
}

func TestRejectAndBulkReview(t *testing.T) {
	db, seed, short := sugFixture(t)
	ctx := context.Background()
	if _, err := db.AddSuggestions(ctx, []annotations.Suggestion{
		{ArticleID: short, Start: 4, End: 9, Label: "PERS", Source: "a"},
		{ArticleID: short, Start: 13, End: 21, Label: "ORG", Source: "a"},
		{ArticleID: short, Start: 13, End: 21, Label: "ORG", Source: "b"}, // overlaps the one before it
		{ArticleID: seed, Start: 0, End: 5, Label: "ORG", Source: "a"},
		{ArticleID: seed, Start: 10, End: 15, Label: "ORG", Source: "b"},
	}); err != nil {
		t.Fatal(err)
	}
	all, _ := db.Suggestions(ctx, annotations.SuggestionFilter{ArticleIDs: []string{short}})
	if err := db.RejectSuggestion(ctx, all[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.RejectSuggestion(ctx, all[0].ID); annotations.ErrorCode(err) != annotations.ECONFLICT {
		t.Errorf("rejecting twice: %v", err)
	}
	start := reviewState(t, db)
	// Everywhere, for one label: three ORG suggestions in two articles, one
	// left pending (it overlaps one accepted before it).
	n, err := db.ReviewSuggestions(ctx, annotations.SuggestionFilter{Label: "ORG"}, true, "mona")
	if err != nil || n != 3 {
		t.Fatalf("bulk accept = %d, %v; want 3", n, err)
	}
	for id, want := range map[string]int{short: 1, seed: 5} { // the seed has 3 spans of its own
		d, _ := db.Document(ctx, id)
		if len(d.Spans) != want {
			t.Errorf("%s has %d spans after the bulk accept, want %d", id, len(d.Spans), want)
		}
	}
	// One undo step, from either article, undoes it in both.
	if ok, err := db.Undo(ctx, short); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if after := reviewState(t, db); after != start {
		t.Errorf("one undo did not undo the bulk accept everywhere:\n%s\nwant\n%s", after, start)
	}
	if ok, err := db.Redo(ctx, seed); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if d, _ := db.Document(ctx, short); len(d.Spans) != 1 {
		t.Errorf("redo from the other article: %d spans in %s", len(d.Spans), short)
	}
	// Bulk reject in one article for one source.
	n, err = db.ReviewSuggestions(ctx, annotations.SuggestionFilter{ArticleIDs: []string{short}, Source: "b"}, false, "")
	if err != nil || n != 1 {
		t.Fatalf("bulk reject = %d, %v", n, err)
	}
	stats, _ := db.SuggestionStats(ctx)
	if len(stats) != 2 || stats[0].Source != "a" || stats[0].Rejected != 1 || stats[0].Accepted != 2 || stats[1].Rejected != 1 || stats[1].Accepted != 1 {
		t.Errorf("stats %+v", stats)
	}
	if p, ok := stats[0].Precision(); !ok || p < 0.66 || p > 0.67 {
		t.Errorf("precision of a = %v %v, want 2/3", p, ok)
	}
}

func TestLabelledTexts(t *testing.T) {
	db, _, _ := sugFixture(t)
	ctx := context.Background()
	got, err := db.LabelledTexts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got["ويكيليكس"]["ORG"] != 1 || got["دونالد ترامب جونيور"]["PERS"] != 1 || len(got) != 2 {
		t.Errorf("LabelledTexts = %v", got)
	}
	if got, _ := db.LabelledTexts(ctx, []string{"someone else"}); len(got) != 0 {
		t.Errorf("another annotator's texts: %v", got)
	}
}
