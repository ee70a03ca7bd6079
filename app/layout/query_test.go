package layout

import (
	"math"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// mixedParagraphs are hand-written paragraphs mixing directions.
var mixedParagraphs = strings.Join([]string{
	"عام 2024 جديد",
	"(مثال) و[قوسان] {معقوفان}",
	"قال Donald Trump إن \"ويكيليكس\" نشرت 30 ألف رسالة في 14 نوفمبر 2017.",
	`He said "مرحبا بكم" today, and «الكشف الثاني» (2017) followed.`,
	"لا إله إلا الله — فَعَّلَ الأمرَ 😀 ok",
	"",
	"2017",
}, "\n")

// TestCaretRoundTrip goes offset -> caret position -> hit test -> offset for
// every offset. Where two offsets share one visual position (a direction
// change inside a line, or a line's end and the next line's start) the hit
// test may return the other one: then its caret must be at the same place.
func TestCaretRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		dir  Direction
		w    float32
	}{
		{"seed 640", seedText(t), "rtl", 640},
		{"seed 300", seedText(t), "rtl", 300},
		{"mixed 640", mixedParagraphs, "rtl", 640},
		{"mixed 150", mixedParagraphs, "rtl", 150},
		{"mixed ltr article", mixedParagraphs, "ltr", 640},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := mustLayout(t, tc.text, tc.dir, Options{Width: tc.w})
			n := l.Document().Len()
			exact := 0
			for k := 0; k <= n; k++ {
				c := l.Caret(k)
				got, line := l.HitTest(c.X, c.Y+c.Height/2)
				if line != c.Line {
					t.Fatalf("offset %d: caret on line %d, hit test on line %d", k, c.Line, line)
				}
				if got == k {
					exact++
					continue
				}
				ln, _ := l.Line(c.Line)
				ok := false
				for _, x := range l.caretXs(&ln, got) {
					ok = ok || math.Abs(float64(x-c.X)) < 0.01
				}
				if !ok {
					t.Errorf("offset %d: caret (%v, line %d) hit-tests to %d, which has no caret there (%v)", k, c.X, c.Line, got, l.caretXs(&ln, got))
				}
			}
			t.Logf("%d of %d offsets round-trip exactly, the rest to the same caret position", exact, n+1)
			if exact < n*9/10 {
				t.Errorf("only %d of %d offsets round-trip exactly", exact, n+1)
			}
		})
	}
}

// TestHitTestClusters hits the two halves of every cluster of the seed
// article: the offset must be the cluster's start on its leading half (the
// right half in RTL) and its end on the other.
func TestHitTestClusters(t *testing.T) {
	l := mustLayout(t, mixedParagraphs+"\n"+seedText(t), "rtl", Options{Width: 500})
	for li, ln := range l.Lines() {
		y := ln.TextTop() + 5
		for _, r := range ln.Runs {
			for _, c := range r.Clusters {
				if c.Advance < 1 || c.End-c.Start > 1 {
					continue
				}
				left, _ := l.HitTest(c.X+c.Advance*0.2, y)
				right, _ := l.HitTest(c.X+c.Advance*0.8, y)
				wantL, wantR := c.Start, c.End
				if r.RTL {
					wantL, wantR = c.End, c.Start
				}
				if left != wantL || right != wantR {
					t.Fatalf("line %d cluster %d-%d (rtl %v): hits %d, %d; want %d, %d", li, c.Start, c.End, r.RTL, left, right, wantL, wantR)
				}
			}
		}
		// Beyond the ends of the line: the offset of its left or right end.
		if len(ln.Runs) > 0 {
			first, last := ln.Runs[0], ln.Runs[len(ln.Runs)-1]
			wantL, wantR := first.Clusters[0].Start, last.Clusters[len(last.Clusters)-1].End
			if first.RTL {
				wantL = first.Clusters[0].End
			}
			if last.RTL {
				wantR = last.Clusters[len(last.Clusters)-1].Start
			}
			if got, _ := l.HitTest(-50, y); got != wantL {
				t.Errorf("line %d: left of the line hits %d, want %d", li, got, wantL)
			}
			if got, _ := l.HitTest(10000, y); got != wantR {
				t.Errorf("line %d: right of the line hits %d, want %d", li, got, wantR)
			}
			if ln.RTL && last.RTL && wantR != ln.Start {
				t.Errorf("line %d: its right end is %d, not its start %d", li, wantR, ln.Start)
			}
		}
	}
}

// TestRects checks highlight geometry.
func TestRects(t *testing.T) {
	l := mustLayout(t, "عام 2024 جديد", "rtl", Options{Width: 640})
	ln := l.Lines()[0]
	// "عام 2024": the number and the word are visually adjacent: one rectangle.
	rs := l.Rects(0, 8)
	if len(rs) != 1 {
		t.Fatalf("Rects(0, 8) = %v, want one rectangle", rs)
	}
	num, word := ln.Runs[1], ln.Runs[2]
	if math.Abs(float64(rs[0].X-num.X)) > 0.01 || math.Abs(float64(rs[0].X+rs[0].W-640)) > 0.01 {
		t.Errorf("Rects(0, 8) = %+v, want from %v to 640", rs[0], num.X)
	}
	// "م 20": the end of the word and the start of the number are apart.
	rs = l.Rects(2, 6)
	if len(rs) != 2 {
		t.Fatalf("Rects(2, 6) = %v, want two rectangles", rs)
	}
	if !(rs[0].X >= num.X && rs[0].X+rs[0].W <= num.X+num.Width/2+0.01) {
		t.Errorf("first rectangle %+v not on the left half of 2024 (%v..%v)", rs[0], num.X, num.X+num.Width)
	}
	if !(rs[1].X >= word.X && rs[1].X+rs[1].W <= word.X+word.Width+0.01) {
		t.Errorf("second rectangle %+v not on عام (%v..%v)", rs[1], word.X, word.X+word.Width)
	}
	if rs[0].Y != ln.TextTop() || rs[0].H != ln.Height-ln.Band {
		t.Errorf("rectangle %+v not as tall as the line %+v", rs[0], ln)
	}
	if got := l.Rects(5, 5); len(got) != 0 {
		t.Errorf("empty range gave %v", got)
	}
	if got := l.Rects(-10, 1000); len(got) != 1 {
		t.Errorf("clamped whole range gave %v", got)
	}

	// Every word of the seed article: rectangles exactly under its clusters.
	seed := seedText(t)
	l = mustLayout(t, seed, "rtl", Options{Width: 400})
	lines := l.Lines()
	for _, w := range annotations.Words(seed) {
		rs := l.Rects(w.Start, w.End)
		var want float32
		for _, ln := range lines {
			for _, r := range ln.Runs {
				for _, c := range r.Clusters {
					if c.Start >= w.Start && c.End <= w.End {
						want += c.Advance
					}
				}
			}
		}
		var got float32
		for _, r := range rs {
			got += r.W
		}
		if math.Abs(float64(got-want)) > 0.05 {
			t.Fatalf("word %d-%d: rectangles %v cover %v px, clusters %v px", w.Start, w.End, rs, got, want)
		}
		if len(rs) == 0 {
			t.Fatalf("word %d-%d: no rectangle", w.Start, w.End)
		}
	}
	// A range across a line break gives a rectangle per line.
	ln0 := lines[3]
	rs = l.Rects(ln0.End-3, ln0.End+3)
	if len(rs) != 2 || rs[0].Line != 3 || rs[1].Line != 4 {
		t.Errorf("range across lines 3-4: %v", rs)
	}
}

// TestLigatureCaret checks caret stops inside clusters: a letter with its
// harakat is one cluster without inner stop; lam-alef is either one
// cluster with a stop between its letters or, as Noto Naskh Arabic draws
// it, two clusters; either way highlighting both letters covers the glyph.
func TestLigatureCaret(t *testing.T) {
	l := mustLayout(t, "لا فَعَّلَ", "rtl", Options{Width: 400})
	clusters := map[int]Cluster{}
	for _, r := range l.Lines()[0].Runs {
		for _, c := range r.Clusters {
			clusters[c.Start] = c
		}
	}
	lam := clusters[0]
	line := l.Lines()[0]
	caretStops := func(c Cluster) []int { return clusterStops(nil, c, l.edges(&line)) }
	switch lam.End {
	case 2:
		if got := caretStops(lam); len(got) != 3 {
			t.Errorf("lam-alef caret stops %v, want 0 1 2", got)
		}
	case 1:
		if _, ok := clusters[1]; !ok {
			t.Errorf("no cluster for the alef of lam-alef")
		}
	default:
		t.Errorf("lam cluster %+v", lam)
	}
	rs := l.Rects(0, 2)
	if len(rs) != 1 || rs[0].W < 5 {
		t.Errorf("Rects(0, 2) over lam-alef = %v", rs)
	}
	faa := clusters[3]
	if faa.End != 5 {
		t.Fatalf("fa with fatha cluster %+v, want 3-5", faa)
	}
	if got := caretStops(faa); len(got) != 2 {
		t.Errorf("fa+fatha caret stops %v, want 3 5", got)
	}
	ain := clusters[5]
	if ain.End != 8 {
		t.Fatalf("ain with fatha and shadda: cluster %+v, want 5-8", ain)
	}
	if got, _ := l.HitTest(ain.X+ain.Advance*0.55, l.Lines()[0].TextTop()+5); got != 5 && got != 8 {
		t.Errorf("hit inside ain+harakat = %d, want 5 or 8", got)
	}
}

// caretXs returns every x at which the caret for off may be drawn on line
// ln (a check for TestCaretRoundTrip): where two runs of different directions meet, or a line's end touches
// the next run, one offset has two visual positions.
func (l *Layout) caretXs(ln *Line, off int) []float32 {
	var xs []float32
	for ri := range ln.Runs {
		r := &ln.Runs[ri]
		for _, c := range r.Clusters {
			if c.Start == off {
				xs = append(xs, stopX(c, 0, 1, r.RTL))
			}
			if c.End == off {
				xs = append(xs, stopX(c, 1, 1, r.RTL))
			}
			if c.Start < off && off < c.End {
				stops := clusterStops(nil, c, l.edges(ln))
				for j, s := range stops {
					if s == off {
						xs = append(xs, stopX(c, j, len(stops)-1, r.RTL))
					}
				}
			}
		}
	}
	if len(xs) == 0 {
		xs = append(xs, l.Caret(off).X)
	}
	return xs
}
