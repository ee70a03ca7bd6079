package session_test

import (
	"context"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/schedule"
)

// TestClaimClustersInSession: a new cluster is made from one claim and
// holds it; a second claim saying much the same is offered that cluster
// with its score, joins it, and Ctrl+Z takes it out again; leaving takes
// it out; an entity span is offered no cluster.
func TestClaimClustersInSession(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	add := func(label, sub string) annotations.Span {
		t.Helper()
		r := rangeOf(t, sample, sub, 0)
		sp, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: f.id, Label: label, Start: r.Start, End: r.End})
		if err != nil {
			t.Fatal(err)
		}
		return sp
	}
	first := add("CLAIM", "وأكد ويكيليكس في لندن أن الرسائل صحيحة")
	second := add("CLAIM", "ويكيليكس في لندن أن الرسائل")
	ent := add("PERS", "جوليان أسانج")
	f.s.Reload()
	if cs, ok, err := f.s.ClusterChoices(ent.ID); err != nil || !ok || len(cs) != 0 {
		t.Errorf("an entity was offered clusters %v (%v, %v)", cs, ok, err)
	}
	f.s.NewClusterFromSpan(first.ID)
	c, ok := f.s.ClusterOf(first.ID)
	if !ok || c.Text != "وأكد ويكيليكس في لندن أن الرسائل صحيحة" {
		t.Fatalf("after New cluster, the claim's cluster is %+v (%v)", c, ok)
	}
	choices, ok, err := f.s.ClusterChoices(second.ID)
	if err != nil || !ok || len(choices) != 1 || choices[0].Cluster.ID != c.ID || choices[0].Score <= 0.3 {
		t.Fatalf("choices for the second claim %+v (%v, %v)", choices, ok, err)
	}
	f.s.JoinCluster(second.ID, c.ID)
	if got, ok := f.s.ClusterOf(second.ID); !ok || got.ID != c.ID {
		t.Fatalf("the second claim is in %+v (%v)", got, ok)
	}
	if cs, _, _ := f.s.ClusterChoices(second.ID); len(cs) != 0 {
		t.Errorf("a claim is offered the cluster it is in: %+v", cs)
	}
	f.s.Undo()
	if _, ok := f.s.ClusterOf(second.ID); ok {
		t.Error("Ctrl+Z did not take the claim out of the cluster")
	}
	f.s.JoinCluster(first.ID, "")
	if _, ok := f.s.ClusterOf(first.ID); ok {
		t.Error("leaving did not take the claim out")
	}
}
