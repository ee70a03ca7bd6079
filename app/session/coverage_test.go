package session

import (
	"math/rand/v2"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestCoverageOverlaps compares the O(log n) "already labelled" check of
// Label all with a scan over every span, on random nested and overlapping
// spans of two labels.
func TestCoverageOverlaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var spans []annotations.Span
	for i := 0; i < 300; i++ {
		s := rng.IntN(2000)
		label := "ORG"
		if i%3 == 0 {
			label = "PER"
		}
		spans = append(spans, annotations.Span{Label: label, Start: s, End: s + 1 + rng.IntN(60)})
	}
	c := newCoverage(spans, "ORG")
	for i := 0; i < 5000; i++ {
		s := rng.IntN(2100)
		r := annotations.Range{Start: s, End: s + 1 + rng.IntN(20)}
		want := false
		for _, sp := range spans {
			if sp.Label == "ORG" && sp.Start < r.End && r.Start < sp.End {
				want = true
			}
		}
		if got := c.overlaps(r); got != want {
			t.Fatalf("overlaps(%v) = %v, want %v", r, got, want)
		}
	}
	if newCoverage(nil, "ORG").overlaps(annotations.Range{Start: 0, End: 5}) {
		t.Fatal("no spans, yet an overlap")
	}
}
