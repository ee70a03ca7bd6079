package labelstudio

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestPredictionsRoundTrip: pending suggestions go out as predictions
// (one per source, model_version and score), accepted and rejected ones
// do not, and reading the file back gives them as suggestions, not spans.
func TestPredictionsRoundTrip(t *testing.T) {
	score := 0.9
	text := "قال أسانج إن ويكيليكس نشرت الرسائل."
	d := annotations.Document{
		Article: annotations.Article{ID: "a1", Text: text, Direction: annotations.RTL, Status: annotations.StatusTodo},
		Spans:   []annotations.Span{{ID: "s1", Kind: annotations.KindEntity, Label: "PERS", Start: 4, End: 9}},
		Suggestions: []annotations.Suggestion{
			{ID: "g1", Label: "ORG", Start: 13, End: 21, Source: "camel@1.2", Score: &score, Status: annotations.SuggestionPending},
			{ID: "g2", Label: "PERS", Start: 4, End: 9, Source: "names.tsv", Status: annotations.SuggestionPending},
			{ID: "g3", Label: "GPE", Start: 13, End: 21, Source: "names.tsv", Status: annotations.SuggestionRejected},
		},
	}
	var buf bytes.Buffer
	if err := Export(&buf, []annotations.Document{d}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"predictions":[{"model_version":"camel@1.2","score":0.9,"result":[{"id":"g1"`, `{"model_version":"names.tsv","result":[{"id":"g2"`, `"value":{"start":13,"end":21,"text":"ويكيليكس","labels":["ORG"]},"score":0.9}`} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "GPE") {
		t.Errorf("a rejected suggestion was exported:\n%s", out)
	}
	res, err := Import(strings.NewReader(out), "x.json", annotations.DefaultScheme())
	if err != nil {
		t.Fatal(err)
	}
	got := res.Documents[0]
	if len(got.Spans) != 1 || got.Spans[0].Label != "PERS" {
		t.Errorf("spans %+v, want the one PERS span", got.Spans)
	}
	if len(got.Suggestions) != 2 || got.Suggestions[0].Source != "camel@1.2" || *got.Suggestions[0].Score != 0.9 ||
		got.Suggestions[1].Source != "names.tsv" || got.Suggestions[1].Score != nil || got.Suggestions[1].Start != 4 {
		t.Errorf("suggestions %+v", got.Suggestions)
	}
	// A prediction outside the text is refused with the line.
	bad := `[{"data":{"text":"أسانج"},"predictions":[{"model_version":"m","result":[{"id":"r","type":"labels","value":{"start":0,"end":40,"labels":["PERS"]}}]}]}]`
	if _, err := Import(strings.NewReader(bad), "bad.json", nil); err == nil || !strings.Contains(err.Error(), "bad.json:1: task 1: prediction 1, result 1 (region r)") {
		t.Errorf("bad prediction: %v", err)
	}
}
