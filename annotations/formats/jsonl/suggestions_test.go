package jsonl

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/internal/golden"
)

func sugDoc() annotations.Document {
	score := 0.875
	text := "قال أسانج إن \"ويكيليكس\" نشرت الرسائل في 14 نوفمبر 2017."
	return annotations.Document{
		Article: annotations.Article{ID: "a1", Text: text, Lang: "ar", Direction: annotations.RTL, Status: annotations.StatusTodo},
		Spans:   []annotations.Span{{ID: "s1", Kind: annotations.KindEntity, Label: "PERS", Start: 4, End: 9, Annotator: "mona"}},
		Suggestions: []annotations.Suggestion{
			{ID: "g2", Label: "DATE", Start: 41, End: 55, Source: "patterns:DATE", Status: annotations.SuggestionPending},
			{ID: "g1", Label: "ORG", Start: 14, End: 22, Source: "camel@1.2", Score: &score, Status: annotations.SuggestionPending, KBID: "Q360"},
			{ID: "g3", Label: "ORG", Start: 14, End: 22, Source: "names.tsv", Status: annotations.SuggestionRejected},
		},
	}
}

// TestSuggestionsRoundTrip: a document's suggestions are written as its
// "suggestions" array (the golden file), read back as they were, and
// written again to the same bytes; their bytes are encoding/json's.
func TestSuggestionsRoundTrip(t *testing.T) {
	d := sugDoc()
	var first bytes.Buffer
	if err := NewEncoder(&first).Encode(&d); err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "testdata/suggestions.jsonl", first.Bytes())
	if want, _ := marshalReflect(&d); !bytes.Equal(first.Bytes(), want) {
		t.Errorf("hand encoder:\n%s\nencoding/json:\n%s", first.Bytes(), want)
	}
	docs, err := Decode(bytes.NewReader(first.Bytes()), "x.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs[0].Suggestions) != 3 || docs[0].Suggestions[0].ID != "g1" || *docs[0].Suggestions[0].Score != 0.875 ||
		docs[0].Suggestions[1].Status != annotations.SuggestionRejected || docs[0].Suggestions[0].KBID != "Q360" {
		t.Errorf("decoded %+v", docs[0].Suggestions)
	}
	if len(docs[0].Spans) != 1 {
		t.Errorf("suggestions became spans: %d spans", len(docs[0].Spans))
	}
	var second bytes.Buffer
	if err := NewEncoder(&second).Encode(&docs[0]); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("export → import → export differs:\n%s\n%s", first.Bytes(), second.Bytes())
	}
	// A document without suggestions has no "suggestions" member at all.
	d.Suggestions = nil
	var none bytes.Buffer
	if err := NewEncoder(&none).Encode(&d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(none.String(), "suggestions") {
		t.Errorf("an empty suggestions member was written: %s", none.String())
	}
}

// TestSuggestionsRefused: a suggestion outside its text, without an end,
// with an unknown status or no source is refused with the file and line,
// and nothing is returned.
func TestSuggestionsRefused(t *testing.T) {
	good := `{"text":"أسانج"}`
	for _, tc := range []struct{ line, want string }{
		{`{"text":"أسانج","suggestions":[{"id":"g","label":"PERS","start":0,"end":9,"source":"x","score":null,"status":"pending"}]}`, `x.jsonl:2: article "": suggestion "g": suggestion "g" [0,9) is outside the text (length 5 code points)`},
		{`{"text":"أسانج","suggestions":[{"label":"PERS","start":0,"source":"x"}]}`, `x.jsonl:2: article "": suggestion #1 has no start or end`},
		{`{"text":"أسانج","suggestions":[{"label":"PERS","start":0,"end":5,"source":"x","status":"maybe"}]}`, `unknown status "maybe"`},
		{`{"text":"أسانج","suggestions":[{"label":"PERS","start":0,"end":5}]}`, `has no source`},
	} {
		docs, err := Decode(strings.NewReader(good+"\n"+tc.line+"\n"), "x.jsonl")
		if err == nil || !strings.Contains(err.Error(), tc.want) || docs != nil {
			t.Errorf("%s:\n got %v (%d docs)\nwant %s", tc.line, err, len(docs), tc.want)
		}
	}
	d := sugDoc()
	d.Suggestions[0].End = 999
	if err := NewEncoder(&bytes.Buffer{}).Encode(&d); err == nil {
		t.Error("a suggestion outside the text was written")
	}
}
