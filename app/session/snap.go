package session

import (
	"github.com/hamesh-app/hamesh/annotations"
)

// SnapRange prepares a selection for labelling: entities (words is true)
// snap to whole words (annotations.TextIndex.SnapWord: a drag that stops
// mid-word labels the whole word, quotes and full stops outside it are left
// out), claims to grapheme clusters (SnapGrapheme); both trim white space
// and invisible controls.
func SnapRange(ix *annotations.TextIndex, r annotations.Range, words bool) annotations.Range {
	if words {
		return ix.SnapWord(r)
	}
	return ix.SnapGrapheme(r)
}

// StepOffset moves an offset of ix's text to the next (forward) or previous
// word edge — word starts for a start edge, word ends for an end edge — or,
// when fine is true, to the next or previous grapheme boundary. It returns
// off unchanged when there is nowhere to go. It looks only at the words
// around off (TextIndex), not the whole text.
func StepOffset(ix *annotations.TextIndex, off int, forward, fine, start bool) int {
	n := ix.Len()
	switch {
	case fine && forward:
		if g := ix.GraphemeAt(off); g.End > off {
			return g.End
		}
		return off
	case fine:
		if off <= 0 {
			return off
		}
		return ix.GraphemeAt(min(off, n) - 1).Start
	case forward && !start: // the next word end after off
		if e := ix.NextWordEdge(off); e > off && isWordEnd(ix, e) {
			return e
		}
		return off
	case !forward && start: // the previous word start before off
		if s := ix.PrevWordEdge(off); s < off && isWordStart(ix, s) {
			return s
		}
		return off
	case forward: // the next word start after off
		for e := off; ; {
			ne := ix.NextWordEdge(e)
			if ne <= e {
				return off
			}
			if s := ix.PrevWordEdge(ne); s > off {
				return s
			}
			e = ne
		}
	default: // the previous word end before off
		for s := off; ; {
			ps := ix.PrevWordEdge(s)
			if ps >= s {
				return off
			}
			if e := ix.NextWordEdge(ps); e < off {
				return e
			}
			s = ps
		}
	}
}

// isWordStart and isWordEnd tell a word edge at the very start or end of
// the text from the 0 or length that PrevWordEdge and NextWordEdge return
// when there is no word; they segment only the first or last word.
func isWordStart(ix *annotations.TextIndex, cp int) bool {
	if cp > 0 {
		return true
	}
	e := ix.NextWordEdge(0)
	w := annotations.Words(ix.Offsets().Slice(ix.Text(), 0, e))
	return len(w) > 0 && w[0].Start == 0
}

func isWordEnd(ix *annotations.TextIndex, cp int) bool {
	n := ix.Len()
	if cp < n {
		return true
	}
	s := ix.PrevWordEdge(n)
	w := annotations.Words(ix.Offsets().Slice(ix.Text(), s, n))
	return len(w) > 0 && w[len(w)-1].End == n-s
}
