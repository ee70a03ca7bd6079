package annotations

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// TestAlwaysBreaksPairs: uniseg puts a grapheme cluster boundary between
// every two characters edgeOK's fast path trusts (alwaysBreaks).
func TestAlwaysBreaksPairs(t *testing.T) {
	var set []rune
	for r := rune(0); r < 0x3000; r++ {
		if alwaysBreaks(r) {
			set = append(set, r)
		}
	}
	// What Arabic news is made of must take the fast path: letters,
	// digits both ways, its comma, semicolon and question mark, guillemets,
	// tatweel, dashes and curly quotes.
	for _, r := range "aZ09 \n\"ابتثيىة٠٩،؛؟«»ـ–—“”‘’…پچگ" {
		if !alwaysBreaks(r) {
			t.Errorf("alwaysBreaks(%q) is false", r)
		}
	}
	// and never a mark, a control or a prepended sign.
	for _, r := range "\u064e\u0651\u0670\u0610\u06d6\u0600\u06dd\u061c\u00ad\u200c\u200d\u0301\r\t" {
		if alwaysBreaks(r) {
			t.Errorf("alwaysBreaks(%U) is true", r)
		}
	}
	// After a mark, too: it closes its cluster before any of them.
	var marks []rune
	for r := rune(0); r < 0x3000; r++ {
		if isMark(r) {
			marks = append(marks, r)
		}
	}
	for _, m := range marks {
		// a mark really extends: "a"+m is one cluster
		if c, _, _, _ := uniseg.FirstGraphemeClusterInString("a"+string(m), -1); c != "a"+string(m) {
			t.Fatalf("%U is not an extending mark", m)
		}
		for _, b := range set {
			s := "a" + string(m) + string(b)
			if c, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1); c != "a"+string(m) {
				t.Fatalf("no grapheme boundary after the mark in %q", s)
			}
		}
	}
	for _, a := range set {
		for _, b := range set {
			s := string(a) + string(b)
			if c, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1); c != string(a) {
				t.Fatalf("no grapheme boundary in %q", s)
			}
		}
	}
}

// edgeOKSlow is edgeOK without its fast path.
func edgeOKSlow(v textView, cp int) bool {
	if cp < 0 {
		return false
	}
	b, c := v.byteOf(cp)
	if c != cp {
		return false
	}
	if b == 0 || b == len(v.text) {
		return true
	}
	w := v.window(b, b, b, cp)
	runes := []rune(w.text)
	for _, x := range w.clusters() {
		if x.Start < cp && cp < x.End {
			return okInCluster(runes[x.Start-w.base:x.End-w.base], cp-x.Start)
		}
	}
	return true
}

// TestEdgeOKFastPath: edgeOK answers as without its fast path at every
// offset of the seed article and of random texts mixing Arabic letters and
// marks, ASCII, CR LF, joiners, emoji and regional indicators.
func TestEdgeOKFastPath(t *testing.T) {
	texts := []string{seedText(t), "a\r\nb", "بِسْمِ اللّهِ\u200c\u200dـكـ 👍🏽 🇸🇦🇪🇬 x\u0301 #️⃣ ١٢٣ \u0600١ क्षि"}
	pool := []rune("ابتثجحخدذرسشصضطظعغفقكلمنهوي ءآأؤإئـًٌٍَُِّْٰ abcXYZ019 .,;:!?'\"()-\n\r\t\u200c\u200d\u200e\u200f\u061c\u0600\u06dd👍🏽🇸🇦\u0301क्ष")
	rng := rand.New(rand.NewSource(7))
	for range 300 {
		var b strings.Builder
		for range 1 + rng.Intn(40) {
			b.WriteRune(pool[rng.Intn(len(pool))])
		}
		texts = append(texts, b.String())
	}
	checked := 0
	for _, text := range texts {
		n := utf8.RuneCountInString(text)
		for _, v := range []textView{{text: text}, {text: text, off: NewOffsets(text)}} {
			for cp := -1; cp <= n+1; cp++ {
				if got, want := v.edgeOK(cp), edgeOKSlow(v, cp); got != want {
					t.Fatalf("edgeOK(%q, %d) = %v, without the fast path %v", text, cp, got, want)
				}
				checked++
			}
		}
	}
	if checked < 10000 {
		t.Fatalf("only %d offsets checked", checked)
	}
}
