package session_test

import (
	"context"
	"strings"
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

// TestRelationsAndClusterInSession: the session adds a relation of a type
// the spans' kinds allow and refuses one they do not (the store's
// message in the status), deletes it as one undo step, and tells a
// claim's cluster.
func TestRelationsAndClusterInSession(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	r := rangeOf(t, sample, "جوليان أسانج", 0)
	ent, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: f.id, Label: "PERS", Start: r.Start, End: r.End})
	if err != nil {
		t.Fatal(err)
	}
	cr := rangeOf(t, sample, "وأكد ويكيليكس في لندن أن الرسائل صحيحة", 0)
	claim, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: f.id, Label: "CLAIM", Start: cr.Start, End: cr.End,
		Attributes: map[string]string{"verdict": "true"}})
	if err != nil {
		t.Fatal(err)
	}
	f.s.Reload()
	if ts := f.s.RelationTypes(); len(ts) != 5 {
		t.Fatalf("relation types %v", ts)
	}
	f.s.AddRelation(ent.ID, ent.ID, "supports") // same span: nothing
	n := len(f.events)
	f.s.AddRelation(claim.ID, ent.ID, "supports")
	if d := f.s.Document(); len(d.Relations) != 0 {
		t.Fatalf("supports to an entity was stored: %+v", d.Relations)
	}
	var refused error
	for _, e := range f.events[n:] {
		if e.Err != nil {
			refused = e.Err
		}
	}
	if refused == nil || !strings.Contains(refused.Error(), "a supports relation goes from any span to a claim") {
		t.Errorf("refusal told as %v", refused)
	}
	f.s.AddRelation(ent.ID, claim.ID, "supports")
	d := f.s.Document()
	if len(d.Relations) != 1 || d.Relations[0].Type != "supports" {
		t.Fatalf("relations %+v", d.Relations)
	}
	f.s.DeleteRelation(d.Relations[0].ID)
	if len(f.s.Document().Relations) != 0 {
		t.Fatal("not deleted")
	}
	f.s.Undo()
	if len(f.s.Document().Relations) != 1 {
		t.Fatal("undo did not bring the relation back")
	}
	if _, ok := f.s.ClusterOf(claim.ID); ok {
		t.Error("a claim in no cluster has one")
	}
	c, err := f.db.AddCluster(ctx, annotations.Cluster{Text: "ويكيليكس أكد صحة الرسائل", Verdict: "false"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.db.SetClusterOf(ctx, claim.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	f.s.Reload()
	if got, ok := f.s.ClusterOf(claim.ID); !ok || got.Verdict != "false" {
		t.Errorf("ClusterOf = %+v %v", got, ok)
	}
}

// TestLinkOtherMentions: once أسانج is linked, another unlinked أسانج is
// offered and linked with one call.
func TestLinkOtherMentions(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	text := "أسانج قال. ثم قال أسانج مرة أخرى."
	res, err := f.db.ImportDocuments(ctx, []annotations.Document{{Article: annotations.Article{Title: "ب", Text: text, Direction: annotations.RTL, Status: annotations.StatusTodo}}})
	if err != nil {
		t.Fatal(err)
	}
	other := res.ArticleIDs[0]
	var ids []string
	for _, r := range []annotations.Range{rangeOf(t, text, "أسانج", 0), rangeOf(t, text, "أسانج", 1)} {
		sp, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: other, Label: "PERS", Start: r.Start, End: r.End})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sp.ID)
	}
	r := rangeOf(t, sample, "أسانج", 0)
	mine, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: f.id, Label: "PERS", Start: r.Start, End: r.End})
	if err != nil {
		t.Fatal(err)
	}
	f.s.Reload()
	f.s.NewEntryFromSpan(mine.ID)
	e, _ := f.s.LinkedEntry(mine.ID)
	ms := f.s.OtherMentions(e.ID)
	if len(ms) != 2 || ms[0].Span.ArticleID != other {
		t.Fatalf("other mentions %+v", ms)
	}
	f.s.LinkMentions(e.ID, ms)
	got, err := f.db.EntryMentions(ctx, e.ID)
	if err != nil || len(got) != 3 {
		t.Fatalf("mentions after linking: %d %v", len(got), err)
	}
	if len(f.s.OtherMentions(e.ID)) != 0 {
		t.Error("linked mentions still offered")
	}
}
