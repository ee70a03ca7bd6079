package layout

import (
	"context"
	"os"
	"strings"
	"testing"

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

func BenchmarkLayoutSeed(b *testing.B) {
	e, err := NewEngine()
	if err != nil {
		b.Fatal(err)
	}
	text := seedText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		d, _ := e.NewDocument(text, "rtl")
		l, _ := d.Layout(Options{Width: 640})
		if err := l.Complete(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLayout1MB(b *testing.B) {
	e, err := NewEngine()
	if err != nil {
		b.Fatal(err)
	}
	text := megabyte(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		d, _ := e.NewDocument(text, "rtl")
		l, _ := d.Layout(Options{Width: 640})
		if err := l.Complete(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

var _ = os.Stdout
