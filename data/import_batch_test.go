package data_test

import (
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestImportBatchFallbacks covers the ways an article's spans and
// relations leave the one-statement path: one id of several taken (only
// that one renewed, the others kept), and strings that cannot travel as
// JSON (invalid UTF-8, NUL, control characters) stored exactly as given.
func TestImportBatchFallbacks(t *testing.T) {
	db := MustOpen(t)
	first := annotations.Document{
		Article: annotations.Article{ID: "d1", Text: "Alice met Bob."},
		Spans:   []annotations.Span{{ID: "T1", Label: "PERS", Start: 0, End: 5}},
	}
	if _, err := db.ImportDocuments(ctx, []annotations.Document{first}); err != nil {
		t.Fatal(err)
	}
	odd := []string{"bad\xffid", "nul\x00id", "ctl\x01\"\\id"}
	second := annotations.Document{
		Article: annotations.Article{ID: "d2", Text: "Carol met Dave and Erin."},
		Spans: []annotations.Span{
			{ID: "T1", Label: "PERS", Start: 0, End: 5},
			{ID: "T9", Label: "PERS", Start: 10, End: 14},
			{ID: odd[0], Label: "PERS", Start: 19, End: 23},
		},
		Relations: []annotations.Relation{{ID: odd[1], Type: "knows", From: "T9", To: odd[0]}, {ID: odd[2], Type: "t\x02", From: "T1", To: "T9"}},
	}
	res, err := db.ImportDocuments(ctx, []annotations.Document{second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Spans != 3 || res.Relations != 2 {
		t.Fatalf("result %+v", res)
	}
	got, err := db.Document(ctx, "d2")
	if err != nil {
		t.Fatal(err)
	}
	byStart := map[int]string{}
	for _, s := range got.Spans {
		byStart[s.Start] = s.ID
	}
	if byStart[0] == "T1" || byStart[0] == "" || byStart[10] != "T9" || byStart[19] != odd[0] {
		t.Fatalf("span ids by start %v: want T1 renewed, T9 and %q kept", byStart, odd[0])
	}
	rels := map[string]annotations.Relation{}
	for _, r := range got.Relations {
		rels[r.ID] = r
	}
	if r := rels[odd[1]]; r.From != "T9" || r.To != odd[0] || r.Type != "knows" {
		t.Fatalf("relation %q stored as %+v", odd[1], r)
	}
	if r := rels[odd[2]]; r.From != byStart[0] || r.To != "T9" || r.Type != "t\x02" {
		t.Fatalf("relation %q stored as %+v", odd[2], r)
	}
}
