package session_test

import (
	"os"
	"testing"

	"github.com/rivo/uniseg"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/session"
)

// stepOffsetRef is the former whole-text implementation of stepOffset (every
// word edge from annotations.Words, every grapheme boundary from uniseg),
// kept as the reference.
func stepOffsetRef(text string, off int, forward, fine, start bool) int {
	var edges []int
	if fine {
		edges = []int{0}
		pos := 0
		g := uniseg.NewGraphemes(text)
		for g.Next() {
			pos += len(g.Runes())
			edges = append(edges, pos)
		}
	} else {
		for _, w := range annotations.Words(text) {
			if start {
				edges = append(edges, w.Start)
			} else {
				edges = append(edges, w.End)
			}
		}
	}
	if forward {
		for _, e := range edges {
			if e > off {
				return e
			}
		}
		return off
	}
	for i := len(edges) - 1; i >= 0; i-- {
		if edges[i] < off {
			return edges[i]
		}
	}
	return off
}

// TestStepOffsetMatchesWholeText checks stepOffset, which looks only around
// the offset, against the whole-text segmentation at every offset of texts
// with Arabic clitics, harakat, punctuation, numbers, emoji and newlines.
func TestStepOffsetMatchesWholeText(t *testing.T) {
	seed, err := os.ReadFile("../../assets/samples/alaraby-2017-11-14-trump-jr-wikileaks.txt")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{sample, "", "  ", "«وقال»: ٢٠١٧، 👍🏽 e\u0301t\u00e9 — Jr.\n\nلاَ (ABC) ...!", string([]rune(string(seed))[:1200])}
	for ti, text := range texts {
		ix := annotations.NewTextIndex(text)
		for off := 0; off <= ix.Len(); off++ {
			for _, c := range [][3]bool{{true, false, true}, {true, false, false}, {false, false, true}, {false, false, false}, {true, true, false}, {false, true, false}} {
				want := stepOffsetRef(text, off, c[0], c[1], c[2])
				if got := session.StepOffset(ix, off, c[0], c[1], c[2]); got != want {
					t.Fatalf("text %d: stepOffset(%d, forward %v, fine %v, start %v) = %d, want %d", ti, off, c[0], c[1], c[2], got, want)
				}
			}
		}
	}
}
