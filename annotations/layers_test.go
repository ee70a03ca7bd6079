package annotations

import (
	"strings"
	"testing"
)

func layeredDoc() *Document {
	return &Document{
		Article: Article{ID: "a1", Text: "Sara met Mona in Cairo."},
		Spans: []Span{
			{ID: "s1", Label: "PERS", Start: 0, End: 4, Annotator: "sara"},
			{ID: "s2", Label: "PERS", Start: 9, End: 13, Annotator: "mona"},
			{ID: "s3", Label: "LOC", Start: 17, End: 22, Annotator: "sara"},
			{ID: "g1", Label: "PERS", Start: 0, End: 4, Annotator: GoldLayer, Attributes: map[string]string{AttrGoldFrom: "mona,sara"}},
			{ID: "u1", Label: "LOC", Start: 17, End: 22},
		},
		Relations: []Relation{
			{ID: "r1", Type: "x", From: "s1", To: "s3"},
			{ID: "r2", Type: "x", From: "s1", To: "s2"},
		},
		Stored: true,
	}
}

func TestLayerKeepsOneAnnotatorsSpansAndTheirRelations(t *testing.T) {
	d := layeredDoc()
	sara := d.Layer("sara")
	if len(sara.Spans) != 2 || sara.Spans[0].ID != "s1" || sara.Spans[1].ID != "s3" {
		t.Fatalf("sara's layer = %+v, want s1 and s3", sara.Spans)
	}
	if len(sara.Relations) != 1 || sara.Relations[0].ID != "r1" {
		t.Fatalf("sara's relations = %+v, want only r1 (r2 reaches mona's span)", sara.Relations)
	}
	if !sara.Stored {
		t.Fatal("a layer of a stored document lost Stored")
	}
	if g := d.Layer(GoldLayer); len(g.Spans) != 1 || g.Spans[0].ID != "g1" || len(g.Relations) != 0 {
		t.Fatalf("gold layer = %+v / %+v", g.Spans, g.Relations)
	}
	if len(d.Spans) != 5 || len(d.Relations) != 2 {
		t.Fatal("Layer changed the document it was given")
	}
}

func TestAnnotatorsNamesEveryLayerButUnnamedSpans(t *testing.T) {
	got := strings.Join(layeredDoc().Annotators(), ",")
	if got != "gold,mona,sara" {
		t.Fatalf("Annotators = %s, want gold,mona,sara", got)
	}
}

func TestStampAnnotatorFillsOnlyUnnamedSpans(t *testing.T) {
	docs := []Document{*layeredDoc()}
	if n := StampAnnotator(docs, "omar"); n != 1 {
		t.Fatalf("stamped %d spans, want 1", n)
	}
	for _, s := range docs[0].Spans {
		want := map[string]string{"s1": "sara", "s2": "mona", "s3": "sara", "g1": GoldLayer, "u1": "omar"}[s.ID]
		if s.Annotator != want {
			t.Errorf("span %s annotator %q, want %q", s.ID, s.Annotator, want)
		}
	}
	if n := StampAnnotator(docs, ""); n != 0 {
		t.Fatalf("an empty name stamped %d spans", n)
	}
}

func TestValidAnnotatorName(t *testing.T) {
	for _, ok := range []string{"sara", "Mona Ali", "سارة"} {
		if err := ValidAnnotatorName(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for bad, why := range map[string]string{"": "empty", " ": "empty", " sara": "space", "a,b": "comma", "a\x1bb": "control", "gold": "reserved", "all": "reserved"} {
		err := ValidAnnotatorName(bad)
		if err == nil || !strings.Contains(err.Error(), why) || ErrorCode(err) != EINVALID {
			t.Errorf("%q: error %v, want EINVALID saying %q", bad, err, why)
		}
	}
}
