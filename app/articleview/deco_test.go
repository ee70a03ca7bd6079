package articleview

import (
	"math/rand"
	"slices"
	"testing"
)

// TestNestingAndOverlapMatchBruteForce checks the sweeps against the
// obvious quadratic definitions on random spans.
func TestNestingAndOverlapMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 200; round++ {
		hs := make([]Highlight, rng.Intn(30))
		for i := range hs {
			s := rng.Intn(100)
			hs[i] = Highlight{Start: s, End: s + rng.Intn(20)}
		}
		lv := nestingLevels(hs)
		for i, h := range hs {
			if h.End <= h.Start {
				if lv[i] != 0 {
					t.Fatalf("empty span %v has level %d", h, lv[i])
				}
				continue
			}
			n := 0
			for j, g := range hs {
				if j == i || g.End <= h.Start || g.Start >= h.End || g.End <= g.Start {
					continue
				}
				if m, k := g.End-g.Start, h.End-h.Start; m > k || (m == k && j < i) {
					n++
				}
			}
			if want := min(n, maxLevel); lv[i] != want {
				t.Fatalf("round %d: level of %v = %d, want %d (spans %v)", round, h, lv[i], want, hs)
			}
		}
		x := newHLIndex(hs)
		for q := 0; q < 20; q++ {
			s := rng.Intn(110)
			e := s + 1 + rng.Intn(15)
			got := x.overlapping(nil, hs, s, e)
			slices.Sort(got)
			var want []int
			for i, h := range hs {
				if h.Start < e && h.End > s && h.End > h.Start {
					want = append(want, i)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("round %d: overlapping [%d,%d) = %v, want %v", round, s, e, got, want)
			}
		}
	}
}

func BenchmarkNestingLevels50k(b *testing.B) {
	hs := make([]Highlight, 50000)
	for i := range hs {
		hs[i] = Highlight{Start: i * 20, End: i*20 + 5}
	}
	hs = append(hs, Highlight{Start: 0, End: 1000000, Claim: true})
	for b.Loop() {
		nestingLevels(hs)
	}
}
