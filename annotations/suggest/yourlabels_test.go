package suggest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

func spanOf(t *testing.T, text, sub string, nth int, label string) annotations.Span {
	t.Helper()
	rs := annotations.Find(text, sub)
	if nth >= len(rs) {
		t.Fatalf("%q: only %d occurrences", sub, len(rs))
	}
	return annotations.Span{Kind: annotations.KindEntity, Label: label, Start: rs[nth].Start, End: rs[nth].End}
}

// The case: after labelling one أسانج, the others are suggested,
// the labelled one is not.
func TestYourLabelsSeedAssange(t *testing.T) {
	text := seedText(t)
	labelled := spanOf(t, text, "أسانج", 0, "PERS")
	doc := annotations.Document{Article: annotations.Article{ID: "seed", Text: text}, Spans: []annotations.Span{labelled}}
	y, err := NewYourLabels([]annotations.Document{doc}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := y.Suggest(context.Background(), Input{ArticleID: "seed", Text: text, Spans: doc.Spans})
	if err != nil {
		t.Fatal(err)
	}
	all := annotations.Find(text, "أسانج")
	if len(got) != len(all)-1 || len(got) < 5 {
		t.Fatalf("%d suggestions for %d occurrences: %q", len(got), len(all), texts(text, got))
	}
	for i, s := range got {
		if s.Label != "PERS" || s.Source != SourceYourLabels || s.Start == labelled.Start {
			t.Errorf("suggestion %d: %+v", i, s)
		}
		if !strings.HasSuffix(texts(text, got)[i], "أسانج") {
			t.Errorf("suggestion %d covers %q", i, texts(text, got)[i])
		}
	}
	// وغرّد أسانج and the clitic form: every occurrence but the labelled one.
	var want []annotations.Range
	for _, r := range all[1:] {
		want = append(want, r)
	}
	var gotR []annotations.Range
	for _, s := range got {
		gotR = append(gotR, annotations.Range{Start: s.Start, End: s.End})
	}
	if !reflect.DeepEqual(gotR, want) {
		t.Errorf("got %v, want %v", gotR, want)
	}
}

func TestYourLabelsMajorityRejectionOverlap(t *testing.T) {
	a := "زار ترامب روسيا ثم عاد ترامب."
	b := "قال ترامب إن واشنطن وروسيا تتفقان، وبروسيا ترامب."
	docs := []annotations.Document{
		{Article: annotations.Article{ID: "a", Text: a}, Spans: []annotations.Span{spanOf(t, a, "ترامب", 0, "PERS"), spanOf(t, a, "روسيا", 0, "GPE")}},
		{Article: annotations.Article{ID: "b", Text: b}, Spans: []annotations.Span{spanOf(t, b, "ترامب", 0, "PERS"), spanOf(t, b, "واشنطن", 0, "GPE")}},
		{Article: annotations.Article{ID: "c", Text: "ترامب"}, Spans: []annotations.Span{{Kind: annotations.KindEntity, Label: "ORG", Start: 0, End: 5}, {Kind: annotations.KindClaim, Label: "CLAIM", Start: 0, End: 5}}},
	}
	y, err := NewYourLabels(docs, []Rejection{{ArticleID: "b", Text: "وروسيا", Label: "GPE"}})
	if err != nil {
		t.Fatal(err)
	}
	if c := y.Counts("ترامب"); !reflect.DeepEqual(c, map[string]int{"PERS": 2, "ORG": 1}) {
		t.Errorf("counts %v", c)
	}
	sum := func(id, text string, spans []annotations.Span) []string {
		got, err := y.Suggest(context.Background(), Input{ArticleID: id, Text: text, Spans: spans})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for i, s := range got {
			out = append(out, texts(text, got)[i]+"/"+s.Label)
		}
		return out
	}
	if got := sum("a", a, docs[0].Spans); !reflect.DeepEqual(got, []string{"ترامب/PERS"}) {
		t.Errorf("a: %q", got)
	}
	// وروسيا was rejected as GPE in b, so neither form of روسيا is suggested there.
	if got := sum("b", b, docs[1].Spans); !reflect.DeepEqual(got, []string{"ترامب/PERS"}) {
		t.Errorf("b: %q", got)
	}
	// In another article the rejection does not apply.
	if got := sum("d", b, nil); !reflect.DeepEqual(got, []string{"ترامب/PERS", "واشنطن/GPE", "وروسيا/GPE", "وبروسيا/GPE", "ترامب/PERS"}) {
		t.Errorf("d: %q", got)
	}
}

func TestYourLabelsFromCounts(t *testing.T) {
	y, err := NewYourLabelsFromCounts(map[string]map[string]int{
		"أسانج": {"PERS": 1, "ORG": 1},
		"اسانج": {"PERS": 1}, // folds like أسانج: counts merged
		"...":   {"PERS": 4}, // nothing to match
		"لندن":  {"GPE": 0},  // no label counted
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := y.Counts("أسانج"); !reflect.DeepEqual(c, map[string]int{"PERS": 2, "ORG": 1}) {
		t.Errorf("counts %v", c)
	}
	text := "قال أسانج في لندن إن وأسانج"
	got, _ := y.Suggest(context.Background(), Input{Text: text})
	if tx := texts(text, got); !reflect.DeepEqual(tx, []string{"أسانج", "وأسانج"}) || got[0].Label != "PERS" {
		t.Errorf("got %q %+v", tx, got)
	}
}
