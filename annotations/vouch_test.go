package annotations

import "testing"

// TestVouched: a vouch covers exactly the document as it was, and only
// until it is released.
func TestVouched(t *testing.T) {
	mk := func() *Document {
		return &Document{
			Article: Article{ID: "a", Text: "Alice met Bob.", Status: StatusTodo, Direction: LTR},
			Spans: []Span{{ID: "s1", Kind: KindEntity, Label: "PERS", Start: 0, End: 5},
				{ID: "s2", Kind: KindClaim, Label: "CLAIM", Start: 6, End: 13, Attributes: map[string]string{AttrVerdict: "true"}}},
			Relations: []Relation{{ID: "r", Type: RelClaimant, From: "s2", To: "s1"}},
		}
	}
	if d := mk(); Vouched(d) {
		t.Fatal("a document nobody vouched for is vouched")
	}
	changes := map[string]func(d *Document){
		"text":           func(d *Document) { d.Article.Text = "Alice" },
		"status":         func(d *Document) { d.Article.Status = "later" },
		"span end":       func(d *Document) { d.Spans[0].End = 100 },
		"span label":     func(d *Document) { d.Spans[1].Label = "" },
		"attribute":      func(d *Document) { d.Spans[1].Attributes[AttrVerdict] = "bogus" },
		"new attribute":  func(d *Document) { d.Spans[0].Attributes = map[string]string{AttrVerdict: "bogus"} },
		"span added":     func(d *Document) { d.Spans = append(d.Spans, Span{ID: "s3", Start: 5, End: 3}) },
		"spans replaced": func(d *Document) { d.Spans = []Span{d.Spans[1], d.Spans[0]} },
		"relation":       func(d *Document) { d.Relations[0].To = "nope" },
		"relation gone":  func(d *Document) { d.Relations = nil },
	}
	for name, change := range changes {
		d := mk()
		release := VouchStored(d)
		if !Vouched(d) {
			t.Fatalf("%s: not vouched right after VouchStored", name)
		}
		if Vouched(mk()) {
			t.Fatalf("%s: an equal document at another address is vouched", name)
		}
		change(d)
		if Vouched(d) {
			t.Errorf("%s: still vouched after the change", name)
		}
		release()
	}
	d := mk()
	release := VouchStored(d)
	release()
	if Vouched(d) {
		t.Fatal("vouched after release")
	}
}
