package layout

import (
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzLayout lays out arbitrary text at arbitrary widths and checks that
// nothing panics and that lines and clusters cover the text exactly.
func FuzzLayout(f *testing.F) {
	for _, s := range []string{
		"عام 2024 جديد", "(مثال)", "\u202eabc\u202c \u2067x\u2069", "\u064b\u0651", "\t\t a", "👨‍👩‍👧 🇸🇦 1️⃣",
		"\n\n", "a\u2028b\u2029c\rd", "\u200f\u200e\u061c", "x\u00ad" + "y", "لا\u200dا", "\x00\x01",
	} {
		f.Add(s, float32(100), true)
	}
	f.Fuzz(func(t *testing.T, s string, w float32, rtl bool) {
		if !utf8.ValidString(s) || len(s) > 2000 {
			return
		}
		if math.IsNaN(float64(w)) || w < 1 || w > 5000 {
			w = 100
		}
		dir := LTR
		if rtl {
			dir = RTL
		}
		l, err := New(s, dir, Options{Width: w})
		if err != nil {
			t.Fatal(err)
		}
		n := utf8.RuneCountInString(s)
		covered := make([]int, n)
		for _, ln := range l.Lines() {
			for _, r := range ln.Runs {
				for _, c := range r.Clusters {
					if c.Start < ln.Start || c.End > ln.End || c.Start >= c.End {
						t.Fatalf("cluster %d-%d outside line %d-%d", c.Start, c.End, ln.Start, ln.End)
					}
					for k := c.Start; k < c.End; k++ {
						covered[k]++
					}
				}
			}
		}
		for k, r := range []rune(s) {
			if r != '\n' && covered[k] != 1 {
				t.Fatalf("code point %d (%U) in %d clusters", k, r, covered[k])
			}
		}
		for k := 0; k <= n; k++ {
			c := l.Caret(k)
			l.HitTest(c.X, c.Y+1)
			l.Rects(k, k+3)
		}
	})
}
