package session_test

import (
	"context"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/schedule"
)

// TestLinkToRegistry: "Link to…" in the session. A new entry is made from
// جوليان أسانج; a span on أسانج alone is offered it
// (a word of its name) and linked; the link is one undo step.
func TestLinkToRegistry(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	add := func(r annotations.Range) string {
		sp, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: f.id, Label: "PERS", Start: r.Start, End: r.End})
		if err != nil {
			t.Fatal(err)
		}
		return sp.ID
	}
	full := add(rangeOf(t, sample, "جوليان أسانج", 0))
	f.s.Reload()
	if !f.s.HasRegistry() {
		t.Fatal("a data.DB session has no registry")
	}
	if c, err := f.s.LinkCandidates(full); err != nil || len(c) != 0 {
		t.Fatalf("candidates in an empty registry: %v %v", c, err)
	}
	f.s.NewEntryFromSpan(full)
	e, ok := f.s.LinkedEntry(full)
	if !ok || e.Name != "جوليان أسانج" || e.Label != "PERS" {
		t.Fatalf("after NewEntryFromSpan: %+v %v", e, ok)
	}
	r := rangeOf(t, sample, "أسانج", 0)
	short := add(r)
	f.s.Reload()
	c, err := f.s.LinkCandidates(short)
	if err != nil || len(c) != 1 || c[0].Entry.ID != e.ID || c[0].Score >= 0.95 {
		t.Fatalf("candidates for أسانج: %+v %v", c, err)
	}
	f.s.LinkSpan(short, e.ID)
	if got, ok := f.s.LinkedEntry(short); !ok || got.ID != e.ID {
		t.Fatalf("not linked: %+v", got)
	}
	if err := f.s.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.s.LinkedEntry(short); ok {
		t.Error("undo left the link")
	}
	if _, ok := f.s.LinkedEntry(full); !ok {
		t.Error("undo of the second link took the first away")
	}
}
