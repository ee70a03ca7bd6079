package articleview

import (
	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
)

// textIndex answers the view's questions about words, grapheme clusters
// and span edges with annotations' functions over the paragraphs around
// the offsets asked about. An annotations.TextIndex would answer the same,
// but its code-point table costs 8 bytes a code point of the whole article
// (52 MB for a 12 MB Arabic article), 4× the text. The start of a
// paragraph (just after a '\n') is a safe point of the segmentation
// (annotations' word and grapheme rules never join across a '\n' but in
// "\r\n", which a window that ends after the '\n' keeps whole), so every
// answer is the one over the whole text.
type textIndex struct {
	text string
	doc  *layout.Document
}

func newTextIndex(text string, doc *layout.Document) *textIndex {
	return &textIndex{text: text, doc: doc}
}

// Len returns the text's length in code points.
func (ix *textIndex) Len() int { return ix.doc.Len() }

// window returns the text of paragraphs [pa, pb] with the '\n' after pb
// (when there is one), and the code-point offset where it starts.
func (ix *textIndex) window(pa, pb int) (string, int) {
	n := ix.doc.NumParagraphs()
	pa, pb = max(0, pa), min(n-1, pb)
	b0, _ := ix.doc.ParagraphBytes(pa)
	_, b1 := ix.doc.ParagraphBytes(pb)
	if pb < n-1 {
		b1++ // the '\n'
	}
	c0, _ := ix.doc.ParagraphRange(pa)
	return ix.text[b0:b1], c0
}

// around returns the window of the paragraphs holding cp.
func (ix *textIndex) around(cp int) (string, int) {
	p := ix.doc.ParagraphAt(cp)
	return ix.window(p, p)
}

// shift moves r by d code points.
func shift(r annotations.Range, d int) annotations.Range {
	return annotations.Range{Start: r.Start + d, End: r.End + d}
}

// rangeWindow returns the window of the paragraphs r touches and r in its
// offsets.
func (ix *textIndex) rangeWindow(r annotations.Range) (string, int, annotations.Range) {
	r.Start = max(0, min(r.Start, ix.Len()))
	r.End = max(0, min(r.End, ix.Len()))
	lo, hi := min(r.Start, r.End), max(r.Start, r.End)
	t, c0 := ix.window(ix.doc.ParagraphAt(lo), ix.doc.ParagraphAt(hi))
	return t, c0, shift(r, -c0)
}

// EdgeOK reports whether a span may start or end at cp (annotations.EdgeOK).
func (ix *textIndex) EdgeOK(cp int) bool {
	if cp < 0 || cp > ix.Len() {
		return false
	}
	t, c0 := ix.around(cp)
	return annotations.EdgeOK(t, cp-c0)
}

// SnapWord expands r to whole words (annotations.SnapWord).
func (ix *textIndex) SnapWord(r annotations.Range) annotations.Range {
	t, c0, w := ix.rangeWindow(r)
	return shift(annotations.SnapWord(t, w), c0)
}

// SnapGrapheme moves r's edges to grapheme boundaries
// (annotations.SnapGrapheme).
func (ix *textIndex) SnapGrapheme(r annotations.Range) annotations.Range {
	t, c0, w := ix.rangeWindow(r)
	return shift(annotations.SnapGrapheme(t, w), c0)
}

// WordAt returns the word holding cp (annotations.WordAt).
func (ix *textIndex) WordAt(cp int) annotations.Range {
	cp = max(0, min(cp, ix.Len()))
	t, c0 := ix.around(cp)
	return shift(annotations.WordAt(t, cp-c0), c0)
}

// NextWordEdge returns where an edge at cp moves one word forward
// (annotations.NextWordEdge): within cp's paragraph, or as many following
// ones as it takes to find a word.
func (ix *textIndex) NextWordEdge(cp int) int {
	cp = max(0, min(cp, ix.Len()))
	p := ix.doc.ParagraphAt(cp)
	last := ix.doc.NumParagraphs() - 1
	for k := 0; ; k = 2*k + 1 {
		t, c0 := ix.window(p, p+k)
		e := annotations.NextWordEdge(t, cp-c0) + c0
		if p+k >= last || e < c0+annotations.CodePoints(t) {
			return e
		}
	}
}

// PrevWordEdge returns where an edge at cp moves one word backward
// (annotations.PrevWordEdge): within cp's paragraph, or as many preceding
// ones as it takes to find a word.
func (ix *textIndex) PrevWordEdge(cp int) int {
	cp = max(0, min(cp, ix.Len()))
	p := ix.doc.ParagraphAt(cp)
	for k := 0; ; k = 2*k + 1 {
		t, c0 := ix.window(p-k, p)
		e := annotations.PrevWordEdge(t, cp-c0) + c0
		if p-k <= 0 || e > c0 {
			return e
		}
	}
}

// Slice returns the text of code points [start, end).
func (ix *textIndex) Slice(start, end int) string {
	return ix.text[ix.doc.ByteOffset(start):ix.doc.ByteOffset(end)]
}
