package suggest

import (
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// all returns every (end, key) the automaton reports over text.
func (a *automaton) all(text string) [][2]int {
	var out [][2]int
	u := int32(0)
	for pos, r := range []rune(text) {
		u = a.step(u, a.sym(r))
		t := u
		if a.term[t] < 0 {
			t = a.outLink[t]
		}
		for ; t >= 0; t = a.outLink[t] {
			for k := a.term[t]; k >= 0; k = a.keyNext[k] {
				out = append(out, [2]int{pos + 1, int(k)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] || out[i][0] == out[j][0] && out[i][1] < out[j][1] })
	return out
}

// The automaton reports every occurrence of every key, as a brute-force
// search does, with duplicate keys, keys inside keys and a small alphabet
// (deep failure chains, and rows past maxDense's depth).
func TestAutomatonBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alpha := []rune("ابت ويكس")
	word := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteRune(alpha[r.IntN(len(alpha))])
		}
		return b.String()
	}
	for round := 0; round < 50; round++ {
		keys := []string{"he", "she", "his", "hers", "ا", "اب"}
		for i := 0; i < 30; i++ {
			keys = append(keys, word(1+r.IntN(6)))
		}
		keys = append(keys, keys[7]) // a duplicate
		a := newAutomaton(keys)
		text := "ushers " + word(300)
		var want [][2]int
		rt := []rune(text)
		for end := 1; end <= len(rt); end++ {
			for k, key := range keys {
				kr := []rune(key)
				if end >= len(kr) && string(rt[end-len(kr):end]) == key {
					want = append(want, [2]int{end, k})
				}
			}
		}
		if got := a.all(text); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: %d matches, brute force %d", round, len(got), len(want))
		}
	}
}
