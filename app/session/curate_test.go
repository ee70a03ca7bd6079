package session_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/schedule"
	"github.com/hamesh-app/hamesh/app/session"
)

// addSpan stores a span of who over the first occurrence of text.
func addSpan(t *testing.T, f *fixture, who, label, text string) annotations.Span {
	t.Helper()
	r := rangeOf(t, sample, text, 0)
	sp, err := f.db.AddSpan(context.Background(), annotations.Span{ArticleID: f.id, Kind: annotations.KindEntity, Label: label,
		Start: r.Start, End: r.End, Annotator: who})
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// goldOf returns the gold spans of the stored article.
func goldOf(f *fixture) []annotations.Span {
	var g []annotations.Span
	for _, sp := range f.stored() {
		if sp.Annotator == annotations.GoldLayer {
			g = append(g, sp)
		}
	}
	return g
}

// TestRejectionIsStoredAndUndoable: x on a disagreement with a gold span
// stores the rejection (unit, curator, time) with the article and removes
// the gold span, as one undo step; a new session on the same database
// (the app closed and opened again) still has it rejected; x on the
// rejected unit takes it back.
func TestRejectionIsStoredAndUndoable(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	addSpan(t, f, "mona", "GPE", "لندن")
	addSpan(t, f, "sara", "LOC", "لندن")
	london := rangeOf(t, sample, "لندن", 0)
	f.s.Reload()
	f.s.SetCurating(true)
	f.s.NextDisagreement(true)
	// Two versions: a needs one picked first.
	f.s.AcceptSelected()
	if len(goldOf(f)) != 0 {
		t.Fatal("a accepted a version of a unit two annotators disagree on without a span picked")
	}
	for _, sp := range f.s.Document().Spans {
		if sp.Annotator == "sara" {
			f.s.SelectSpan(sp.ID, false)
		}
	}
	f.s.AcceptSelected()
	if g := goldOf(f); len(g) != 1 || g[0].Label != "LOC" {
		t.Fatalf("gold %+v, want sara's LOC", g)
	}
	f.s.SelectText(london)
	f.s.RejectSelected()
	d, err := f.db.Document(ctx, f.id)
	if err != nil {
		t.Fatal(err)
	}
	unit := annotations.SpanUnit(london)
	if rs := d.Article.Rejections; len(rs) != 1 || rs[0].Unit != unit || rs[0].By != "mona" || rs[0].At.IsZero() {
		t.Fatalf("stored rejections %+v, want %s by mona", rs, unit)
	}
	if len(goldOf(f)) != 0 {
		t.Fatal("the rejected unit's gold span is still there")
	}
	if n := len(f.s.Disagreements()); n != 0 {
		t.Fatalf("%d disagreements after the rejection", n)
	}
	if st := f.lastStatus(); !strings.Contains(st, "rejected every version") {
		t.Fatalf("status %q", st)
	}

	// One undo: the rejection and the gold span come back together.
	if err := f.s.Undo(); err != nil {
		t.Fatal(err)
	}
	if d, _ := f.db.Document(ctx, f.id); len(d.Article.Rejections) != 0 || len(goldOf(f)) != 1 {
		t.Fatalf("after one undo: rejections %+v, %d gold spans; want none and 1", d.Article.Rejections, len(goldOf(f)))
	}
	if err := f.s.Redo(); err != nil {
		t.Fatal(err)
	}

	// Closed and opened again, in a new session on the same file.
	f.s.Close()
	s2, err := session.New(ctx, f.db, session.Options{Scheduler: schedule.Inline{}, Annotator: func() string { return "mona" }})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := s2.Open(f.id); err != nil {
		t.Fatal(err)
	}
	s2.SetCurating(true)
	if n := len(s2.Disagreements()); n != 0 {
		t.Fatalf("reopened: %d disagreements, want the rejected unit still rejected", n)
	}
	rejected := 0
	for _, u := range s2.Units() {
		if u.Rejected && u.Key() == unit {
			rejected++
		}
	}
	if rejected != 1 {
		t.Fatalf("reopened: the unit at %s is not marked rejected: %+v", unit, s2.Units())
	}
	// x on it takes it back.
	s2.SelectText(london)
	s2.RejectSelected()
	if n := len(s2.Disagreements()); n != 1 {
		t.Fatalf("after taking the rejection back: %d disagreements, want 1", n)
	}
	if d, _ := f.db.Document(ctx, f.id); len(d.Article.Rejections) != 0 {
		t.Fatalf("taken back, still stored: %+v", d.Article.Rejections)
	}
}

// TestRelationDisagreements: relations other than claimant are curated
// one by one. Two annotators agree on both spans and on a "founded"
// relation between them, which follows the spans into gold; a "works_for"
// only mona has and a "criticised" only sara has are relation
// disagreements: n and p step to them, a accepts one (once both ends are
// gold), x rejects the other, and undo takes the accepted relation back.
func TestRelationDisagreements(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	rel := func(typ string, from, to annotations.Span) {
		t.Helper()
		if _, err := f.db.AddRelation(ctx, annotations.Relation{ArticleID: f.id, Type: typ, From: from.ID, To: to.ID}); err != nil {
			t.Fatal(err)
		}
	}
	spans := map[string][2]annotations.Span{}
	for _, who := range []string{"mona", "sara"} {
		p := addSpan(t, f, who, "PERS", "جوليان أسانج")
		o := addSpan(t, f, who, "ORG", "وويكيليكس")
		rel("founded", p, o)
		spans[who] = [2]annotations.Span{p, o}
	}
	rel("works_for", spans["mona"][0], spans["mona"][1])
	rel("criticised", spans["sara"][1], spans["sara"][0])
	f.s.Reload()
	f.s.SetCurating(true)
	ds := f.s.Disagreements()
	if len(ds) != 2 || ds[0].Relation != "criticised" || ds[1].Relation != "works_for" {
		t.Fatalf("disagreements %+v, want the criticised and works_for relations", ds)
	}
	f.s.NextDisagreement(true)
	if st := f.lastStatus(); !strings.Contains(st, "relation disagreement 1 of 2") || !strings.Contains(st, "sara: criticised") || !strings.Contains(st, "mona: none") {
		t.Fatalf("status %q", st)
	}
	f.s.NextDisagreement(true)
	if st := f.lastStatus(); !strings.Contains(st, "relation disagreement 2 of 2") || !strings.Contains(st, "mona: works_for") || !strings.Contains(st, "sara: none") {
		t.Fatalf("status after a second n %q", st)
	}
	f.s.NextDisagreement(false)
	if st := f.lastStatus(); !strings.Contains(st, "criticised") {
		t.Fatalf("p went to %q, want criticised", st)
	}
	// Its ends are not gold yet: a says so and changes nothing.
	f.s.AcceptSelected()
	if st := f.lastStatus(); !strings.Contains(st, "both ends") {
		t.Fatalf("accepting a relation before its spans: %q", st)
	}
	// The agreeing spans into gold: the agreed relation follows, the
	// disagreeing ones do not.
	f.s.AcceptAgreeing()
	goldRels := func() []string {
		t.Helper()
		d, err := f.db.Document(ctx, f.id)
		if err != nil {
			t.Fatal(err)
		}
		gold := map[string]bool{}
		for _, sp := range d.Spans {
			gold[sp.ID] = sp.Annotator == annotations.GoldLayer
		}
		var out []string
		for _, r := range d.Relations {
			if gold[r.From] && gold[r.To] {
				out = append(out, r.Type)
			}
		}
		return out
	}
	if got := goldRels(); len(got) != 1 || got[0] != "founded" {
		t.Fatalf("gold relations after accepting the agreeing spans: %v, want founded alone", got)
	}
	if n := len(f.s.Disagreements()); n != 2 {
		t.Fatalf("%d disagreements, want the two relations still", n)
	}
	// a on works_for: n goes on from criticised, selected last.
	f.s.NextDisagreement(true)
	if st := f.lastStatus(); !strings.Contains(st, "works_for") {
		t.Fatalf("n selected %q", st)
	}
	f.s.AcceptSelected()
	if got := goldRels(); len(got) != 2 {
		t.Fatalf("gold relations after a: %v, want founded and works_for", got)
	}
	if st := f.lastStatus(); !strings.Contains(st, "gold: works_for") || !strings.Contains(st, "from mona") {
		t.Fatalf("status after a %q", st)
	}
	// x on criticised: stored, by its relation unit.
	f.s.NextDisagreement(true)
	f.s.RejectSelected()
	if n := len(f.s.Disagreements()); n != 0 {
		t.Fatalf("%d disagreements after accepting one relation and rejecting the other", n)
	}
	d, _ := f.db.Document(ctx, f.id)
	p, o := spans["sara"][0], spans["sara"][1]
	want := annotations.RelationUnit("criticised", annotations.Range{Start: o.Start, End: o.End}, annotations.Range{Start: p.Start, End: p.End})
	if rs := d.Article.Rejections; len(rs) != 1 || rs[0].Unit != want {
		t.Fatalf("stored rejections %+v, want %s", rs, want)
	}
	if got := goldRels(); len(got) != 2 {
		t.Fatalf("rejecting a relation changed gold: %v", got)
	}
	// Undo: the rejection, then the accepted relation.
	f.s.Undo()
	f.s.Undo()
	if got, n := goldRels(), len(f.s.Disagreements()); len(got) != 1 || n != 2 {
		t.Fatalf("after two undos: gold relations %v, %d disagreements; want founded alone and 2", got, n)
	}
}

// plainStore hides the optional interfaces of the store it wraps
// (annotations.RejectionStore among them).
type plainStore struct{ annotations.Store }

// TestRejectionWithoutAStoreForIt: with a store that cannot record
// rejections, x still takes the unit off the disagreements for the
// session, says so, and x again takes it back.
func TestRejectionWithoutAStoreForIt(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	addSpan(t, f, "mona", "GPE", "لندن")
	addSpan(t, f, "sara", "LOC", "لندن")
	s, err := session.New(ctx, plainStore{f.db}, session.Options{Scheduler: schedule.Inline{}, Annotator: func() string { return "mona" }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var last string
	s.Subscribe(func(e session.Event) {
		if e.Status != "" {
			last = e.Status
		}
	})
	if err := s.Open(f.id); err != nil {
		t.Fatal(err)
	}
	s.SetCurating(true)
	s.NextDisagreement(true)
	s.RejectSelected()
	if n := len(s.Disagreements()); n != 0 || !strings.Contains(last, "for this session") {
		t.Fatalf("%d disagreements, status %q", n, last)
	}
	if d, _ := f.db.Document(ctx, f.id); len(d.Article.Rejections) != 0 {
		t.Fatalf("stored through a store that hides it: %+v", d.Article.Rejections)
	}
	s.RejectSelected()
	if n := len(s.Disagreements()); n != 1 {
		t.Fatalf("after x again: %d disagreements, want 1", n)
	}
}
