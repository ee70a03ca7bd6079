package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// TestSuggestionKeysInWorkspace: the view draws pending suggestions as
// dashed highlights; n, Enter, x, a label key and Backspace reach the
// review; a click on a suggestion reviews it; Delete still deletes spans;
// the library row counts the pending ones.
func TestSuggestionKeysInWorkspace(t *testing.T) {
	db, err := data.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ws, w := newTestWorkspace(t, db)
	if err := ws.importText("خبر", sample); err != nil {
		t.Fatal(err)
	}
	d := ws.sess.Document()
	ctx := context.Background()
	var sugs []annotations.Suggestion
	for _, x := range []struct{ text, label string }{{"جوليان أسانج", "PERS"}, {"وويكيليكس", "ORG"}, {"لندن", "GPE"}, {"الرسائل", "ORG"}} {
		r := rangeOf(t, d.Article.Text, x.text, 0)
		sugs = append(sugs, annotations.Suggestion{ArticleID: d.Article.ID, Start: r.Start, End: r.End, Label: x.label, Source: "test"})
	}
	if _, err := db.AddSuggestions(ctx, sugs); err != nil {
		t.Fatal(err)
	}
	ws.sess.Reload()
	dashed := 0
	for _, h := range ws.highlights() {
		if h.Suggested {
			dashed++
		}
	}
	if dashed != 4 {
		t.Fatalf("%d suggested highlights, want 4", dashed)
	}
	page, _ := db.ArticlePage(ctx, annotations.ArticleFilter{})
	if m := rowMeta(page.Articles[0]); !strings.Contains(m, "4 suggestions pending") {
		t.Errorf("library row %q", m)
	}
	spans := func() []annotations.Span {
		d, err := db.Document(ctx, d.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		return d.Spans
	}
	test.TypeOnCanvas(w.Canvas(), "n")
	ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if sp := spans(); len(sp) != 1 || sp[0].Label != "PERS" {
		t.Fatalf("n, Enter: spans %+v", sp)
	}
	test.TypeOnCanvas(w.Canvas(), "x") // reject وويكيليكس ORG
	test.TypeOnCanvas(w.Canvas(), "4") // accept لندن as LOC
	if sp := spans(); len(sp) != 2 || sp[1].Label != "LOC" || sp[1].Attributes[annotations.AttrSuggestionEdited] != "yes" {
		t.Fatalf("x, 4: spans %+v", sp)
	}
	ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyBackspace}) // reject الرسائل: not a span delete
	if sp := spans(); len(sp) != 2 {
		t.Fatalf("Backspace on a suggestion deleted a span: %+v", sp)
	}
	rejected, _ := db.Suggestions(ctx, annotations.SuggestionFilter{Status: annotations.SuggestionRejected})
	if len(rejected) != 2 {
		t.Errorf("%d rejected, want 2", len(rejected))
	}
	// Undo brings the last one back; a click on it reviews it.
	ws.sess.Undo()
	if n := len(ws.sess.Suggestions()); n != 1 {
		t.Fatalf("%d pending after undo", n)
	}
	ws.view.OnSpanTapped(suggestionHighlightPrefix + ws.sess.Suggestions()[0].ID)
	if !ws.sess.InReview() {
		t.Error("a click on a suggestion did not review it")
	}
	// With a span selected and no suggestion under review, Backspace
	// deletes the span as before.
	ws.sess.SelectSpan(spans()[0].ID, false)
	ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if sp := spans(); len(sp) != 1 {
		t.Errorf("Backspace on a selected span: %d spans left, want 1", len(sp))
	}
}
