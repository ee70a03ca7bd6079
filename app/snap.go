package app

import (
	"github.com/rivo/uniseg"

	"github.com/hamesh-app/hamesh/annotations"
)

// snapRange prepares a selection for labelling: entities (words is true)
// snap to whole words (annotations.SnapWord: a drag that stops mid-word
// labels the whole word, quotes and full stops outside it are left out),
// claims to grapheme clusters (annotations.SnapGrapheme); both trim white
// space and invisible controls.
func snapRange(text string, r annotations.Range, words bool) annotations.Range {
	if words {
		return annotations.SnapWord(text, r)
	}
	return annotations.SnapGrapheme(text, r)
}

// stepOffset moves an offset of text to the next (forward) or previous word
// edge — word starts for a start edge, word ends for an end edge — or, when
// fine is true, to the next or previous grapheme boundary. It returns off
// unchanged when there is nowhere to go.
func stepOffset(text string, off int, forward, fine, start bool) int {
	var edges []int
	if fine {
		edges = graphemeBoundaries(text)
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

// graphemeBoundaries returns the code-point offsets between grapheme
// clusters of text, including 0 and the end.
func graphemeBoundaries(text string) []int {
	out := []int{0}
	pos := 0
	g := uniseg.NewGraphemes(text)
	for g.Next() {
		pos += len(g.Runes())
		out = append(out, pos)
	}
	return out
}
