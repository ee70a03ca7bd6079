package suggest

import (
	"encoding/json"
	"testing"
)

// A suggestion in native JSONL is {"id", "label", "start", "end",
// "source", "score", "status"}; a score of 0 is kept, a missing one left out.
func TestSuggestionJSON(t *testing.T) {
	zero := 0.0
	b, err := json.Marshal(Suggestion{ID: "s1", Start: 3, End: 9, Label: "ORG", Source: "wikidata-orgs", Score: &zero, Status: Pending})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"s1","start":3,"end":9,"label":"ORG","source":"wikidata-orgs","score":0,"status":"pending"}`; string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	b, _ = json.Marshal(Suggestion{Start: 0, End: 4, Label: "DATE", Source: "patterns:DATE", Status: Rejected})
	if want := `{"start":0,"end":4,"label":"DATE","source":"patterns:DATE","status":"rejected"}`; string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	for _, s := range []Status{Pending, Accepted, Rejected} {
		if !s.Valid() {
			t.Errorf("%s not valid", s)
		}
	}
	if Status("done").Valid() || ModelSource("camel", "") != "camel" || ModelSource("camel", "1.2") != "camel@1.2" {
		t.Error("Status or ModelSource")
	}
}
