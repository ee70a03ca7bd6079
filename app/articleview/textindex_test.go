package articleview

import (
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
)

// TestTextIndexAgreesWithWholeText compares every answer of the view's
// per-paragraph textIndex with annotations.TextIndex over the whole text,
// at every offset of a text with empty paragraphs, "\r\n", harakat, a
// lam-alef, ZWNJ, emoji, digits and punctuation at paragraph edges.
func TestTextIndexAgreesWithWholeText(t *testing.T) {
	text := strings.Join([]string{
		"", "قالَ الرئيسُ: «لا» 2024.", "", "\r", "word👍🏽 ، next\r",
		"  ", "مي\u200cخواهم (مثال) end.", "", "", "آخر",
	}, "\n")
	e, err := layout.DefaultEngine()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := e.NewDocument(text, layout.RTL)
	if err != nil {
		t.Fatal(err)
	}
	ix, want := newTextIndex(text, doc), annotations.NewTextIndex(text)
	n := want.Len()
	if ix.Len() != n {
		t.Fatalf("Len %d, want %d", ix.Len(), n)
	}
	for cp := -1; cp <= n+1; cp++ {
		if g, w := ix.EdgeOK(cp), want.EdgeOK(cp); g != w {
			t.Errorf("EdgeOK(%d) = %v, want %v", cp, g, w)
		}
		if cp < 0 || cp > n {
			continue
		}
		if g, w := ix.WordAt(cp), want.WordAt(cp); g != w {
			t.Errorf("WordAt(%d) = %v, want %v", cp, g, w)
		}
		if g, w := ix.NextWordEdge(cp), want.NextWordEdge(cp); g != w {
			t.Errorf("NextWordEdge(%d) = %d, want %d", cp, g, w)
		}
		if g, w := ix.PrevWordEdge(cp), want.PrevWordEdge(cp); g != w {
			t.Errorf("PrevWordEdge(%d) = %d, want %d", cp, g, w)
		}
		for _, end := range []int{cp, cp + 1, cp + 3, cp + 9, n} {
			if end > n {
				continue
			}
			r := annotations.Range{Start: cp, End: end}
			if g, w := ix.SnapWord(r), want.SnapWord(r); g != w {
				t.Errorf("SnapWord(%v) = %v, want %v", r, g, w)
			}
			if g, w := ix.SnapGrapheme(r), want.SnapGrapheme(r); g != w {
				t.Errorf("SnapGrapheme(%v) = %v, want %v", r, g, w)
			}
			if g, w := ix.Slice(cp, end), want.Offsets().Slice(text, cp, end); g != w {
				t.Errorf("Slice(%d, %d) = %q, want %q", cp, end, g, w)
			}
		}
	}
}
