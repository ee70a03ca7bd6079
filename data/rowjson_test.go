package data_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestExportMatchesDocument exports documents whose ids, labels, notes,
// annotators, attributes and relation types hold every kind of character
// JSON escapes (quotes, backslashes, control characters, U+2028, emoji,
// invalid UTF-8 in ids, which nothing validates) and checks that each
// exported document is exactly what Document, which reads row by row,
// returns: the JSON arrays the export query builds lose nothing.
func TestExportMatchesDocument(t *testing.T) {
	db := MustOpen(t)
	nasty := []string{`q"uote`, `back\slash`, "tab\tnl\ncr\rbs\bff\f", "ctl\x01\x1f\x7f", "sep\u2028\u2029", "🇦🇺👨‍👩‍👦", "slash/</", "\\u0041", "ب\u0651", "bad\xffutf8"}
	text := "ترامب الابن تواصل مع ويكيليكس Donald Trump 🙂 WikiLeaks.\nسطر ثان هنا"
	words := [][2]int{{0, 5}, {6, 11}, {12, 17}, {21, 29}, {30, 36}, {37, 42}, {45, 54}, {56, 59}}
	var docs []annotations.Document
	for i := range 6 {
		d := annotations.Document{Article: annotations.Article{
			ID: fmt.Sprintf("a%d%s", i, nasty[i%len(nasty)]), Title: nasty[(i+1)%len(nasty)], Text: fmt.Sprintf("%d %s", i, text),
			Note: nasty[(i+2)%5], Source: nasty[(i+3)%5],
		}}
		for j, w := range words {
			k := (i + j) % len(nasty)
			note, annotator := nasty[(k+1)%6], nasty[(k+2)%6]
			s := annotations.Span{ID: fmt.Sprintf("s%d-%d%s", i, j, nasty[k]), Kind: annotations.KindEntity,
				Label: fmt.Sprintf("L%d%s", j%3, nasty[(j%3)%6]), Start: w[0] + 2, End: w[1] + 2, Note: note, Annotator: annotator}
			if j%3 == 0 {
				s.Kind = annotations.KindClaim
				s.Label = "CLAIM" + nasty[i%6]
				s.Attributes = map[string]string{annotations.AttrCheckWorthy: "yes", "free " + nasty[k%6]: nasty[(k+3)%6]}
			}
			d.Spans = append(d.Spans, s)
		}
		for j := 0; j+1 < len(d.Spans); j += 2 {
			d.Relations = append(d.Relations, annotations.Relation{ID: fmt.Sprintf("r%d-%d%s", i, j, nasty[(i+j)%len(nasty)]),
				Type: "t" + nasty[j%6], From: d.Spans[j].ID, To: d.Spans[j+1].ID})
		}
		docs = append(docs, d)
	}
	docs = append(docs, annotations.Document{Article: annotations.Article{ID: "empty", Text: "no spans"}})
	if _, err := db.ImportDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(got *annotations.Document) error {
		n++
		want, err := db.Document(ctx, got.Article.ID)
		if err != nil {
			return err
		}
		if !got.Stored {
			t.Errorf("exported document %s is not marked Stored", got.Article.ID)
		}
		want.Stored = true // the export's mark: validated on write
		if !reflect.DeepEqual(got, want) {
			t.Errorf("exported\n%+v\nDocument gives\n%+v", got, want)
		}
		if got.Article.ID == "empty" && (got.Spans != nil || got.Relations != nil) {
			t.Errorf("an article without spans exports %#v and %#v, want nil slices", got.Spans, got.Relations)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(docs) {
		t.Fatalf("exported %d documents, want %d", n, len(docs))
	}
}
