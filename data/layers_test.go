package data_test

import (
	"reflect"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestLayersCountsEachAnnotatorsArticlesAndSpans: Layers counts every
// annotator's spans and articles over the articles the filter selects.
func TestLayersCountsEachAnnotatorsArticlesAndSpans(t *testing.T) {
	db := MustOpen(t)
	doc := seedDoc(t)
	other := annotations.Document{Article: annotations.Article{ID: "a-2", Title: "two", Text: "Sara met Mona.", Status: annotations.StatusDone}}
	if _, err := db.ImportDocuments(ctx, []annotations.Document{doc, other}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []annotations.Span{
		{ArticleID: "a-seed", Label: "PERS", Start: doc.Spans[1].Start, End: doc.Spans[1].End, Annotator: "sara"},
		{ArticleID: "a-2", Label: "PERS", Start: 0, End: 4, Annotator: "sara"},
		{ArticleID: "a-2", Label: "PERS", Start: 0, End: 4, Annotator: annotations.GoldLayer},
	} {
		if _, err := db.AddSpan(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Layers(ctx, annotations.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []annotations.LayerCount{{Annotator: "gold", Articles: 1, Spans: 1}, {Annotator: "mona", Articles: 1, Spans: 3}, {Annotator: "sara", Articles: 2, Spans: 2}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Layers = %+v, want %+v", got, want)
	}
	got, err = db.Layers(ctx, annotations.ArticleFilter{IDs: []string{"a-seed"}, Limit: 1, Offset: 5})
	if err != nil {
		t.Fatal(err)
	}
	want = []annotations.LayerCount{{Annotator: "mona", Articles: 1, Spans: 3}, {Annotator: "sara", Articles: 1, Spans: 1}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Layers of a-seed = %+v, want %+v", got, want)
	}
	if _, err := db.Layers(ctx, annotations.ArticleFilter{Status: []annotations.Status{"nope"}}); annotations.ErrorCode(err) != annotations.EINVALID {
		t.Fatalf("a bad status gave %v, want EINVALID", err)
	}
}
