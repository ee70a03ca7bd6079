package layout

import "testing"

// TestLineQueries checks the per-line queries against the glyph clusters
// of every line: the code point under a cluster's middle lies in it, a
// point left of the content is none, and a nil edge predicate allows no
// caret stop inside a cluster where the Layout's own predicate does.
func TestLineQueries(t *testing.T) {
	l := mustLayout(t, mixedParagraphs+"\n"+seedText(t), "rtl", Options{Width: 500})
	inside := 0
	for li, ln := range l.Lines() {
		if len(ln.Runs) > 0 && ln.CodePointAt(ln.X-1, nil) != -1 {
			t.Errorf("line %d: a code point left of the content", li)
		}
		for _, r := range ln.Runs {
			for _, c := range r.Clusters {
				if c.Advance < 1 {
					continue
				}
				mid := c.X + c.Advance/2
				if got := ln.CodePointAt(mid, l.edges(&ln)); got < c.Start || got >= c.End {
					t.Errorf("line %d: code point at the middle of cluster %+v = %d", li, c, got)
				}
				for x := c.X + 0.5; x < c.X+c.Advance; x += 1 {
					if got := ln.HitTest(x, nil); got != c.Start && got != c.End {
						t.Errorf("line %d: hit at %v in cluster %+v with no inner stops = %d", li, x, c, got)
					}
					if got := ln.HitTest(x, l.edges(&ln)); got > c.Start && got < c.End {
						inside++
					}
				}
			}
		}
	}
	if inside == 0 {
		t.Errorf("no hit inside a ligature with the grapheme predicate")
	}
}
