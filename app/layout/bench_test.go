package layout

import (
	"context"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/assets"
)

func seedText(tb testing.TB) string {
	tb.Helper()
	for _, s := range assets.Samples() {
		if strings.HasPrefix(s.Name, "alaraby-") {
			return s.Text
		}
	}
	tb.Fatal("seed article missing from assets")
	return ""
}

// megabyte returns the seed article repeated 170 times (about 1 MB).
func megabyte(tb testing.TB) string { return strings.Repeat(seedText(tb), 170) }

// layoutCold lays text out completely with a new engine (empty shaping
// cache), as when the first article of a session is opened.
func layoutCold(b *testing.B, text string, serial bool) *Layout {
	e, err := NewEngine()
	if err != nil {
		b.Fatal(err)
	}
	d, err := e.NewDocument(text, RTL)
	if err != nil {
		b.Fatal(err)
	}
	l, err := d.Layout(Options{Width: 640})
	if err != nil {
		b.Fatal(err)
	}
	if serial {
		l.LayoutParagraphs(0, d.NumParagraphs())
	}
	if err := l.Complete(context.Background()); err != nil {
		b.Fatal(err)
	}
	return l
}

// BenchmarkLayoutSeed lays the seed article (6 KB) out at 640 px.
func BenchmarkLayoutSeed(b *testing.B) {
	text := seedText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		layoutCold(b, text, false)
	}
}

// BenchmarkLayout1MB lays the seed repeated 170 times (1 MB) out at 640 px,
// on GOMAXPROCS goroutines (Layout.Complete).
func BenchmarkLayout1MB(b *testing.B) {
	text := megabyte(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		layoutCold(b, text, false)
	}
}

// BenchmarkLayout1MBSerial is BenchmarkLayout1MB on one goroutine.
func BenchmarkLayout1MBSerial(b *testing.B) {
	text := megabyte(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		layoutCold(b, text, true)
	}
}

// BenchmarkReflow1MB re-wraps the 1 MB article at a new width, its shaping
// cached (a window resize).
func BenchmarkReflow1MB(b *testing.B) {
	text := megabyte(b)
	e, _ := NewEngine()
	d, _ := e.NewDocument(text, RTL)
	l, _ := d.Layout(Options{Width: 640})
	l.Complete(context.Background())
	w := float32(500)
	for b.Loop() {
		w++
		l, _ := d.Layout(Options{Width: w})
		l.Complete(context.Background())
	}
}

// BenchmarkFirstScreen1MB opens the 1 MB article and lays out its first 40
// lines, with a new engine each time.
func BenchmarkFirstScreen1MB(b *testing.B) {
	text := megabyte(b)
	for b.Loop() {
		e, _ := NewEngine()
		d, _ := e.NewDocument(text, RTL)
		l, _ := d.Layout(Options{Width: 640})
		if n := l.LayoutLines(40); n < 40 {
			b.Fatalf("%d lines", n)
		}
	}
}

// BenchmarkHitTest hit-tests points spread over the seed article.
func BenchmarkHitTest(b *testing.B) {
	l := layoutCold(b, seedText(b), false)
	h := l.Height()
	i := 0
	for b.Loop() {
		i++
		x := float32(i*37%640) + 0.5
		y := float32(i*101) - float32(int(float32(i*101)/h))*h
		l.HitTest(x, y)
	}
}

// BenchmarkRects10000Spans computes the highlight rectangles of 10,000
// word spans spread over the 1 MB article.
func BenchmarkRects10000Spans(b *testing.B) {
	text := megabyte(b)
	l := layoutCold(b, text, false)
	words := annotations.Words(text)
	step := len(words) / 10000
	var spans []annotations.Range
	for i := 0; i < 10000; i++ {
		w := words[i*step]
		if i%3 == 0 && i*step+2 < len(words) { // some spans of three words
			w.End = words[i*step+2].End
		}
		spans = append(spans, w)
	}
	var rects []Rect
	for b.Loop() {
		for _, s := range spans {
			rects = l.AppendRects(rects[:0], s.Start, s.End)
		}
	}
}
