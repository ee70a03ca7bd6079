package data

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestRuneCount compares runeCount with utf8.RuneCountInString on valid
// UTF-8 of every width (ASCII, Arabic, CJK, emoji, U+FFFD itself), at
// every length up to 70 bytes and at every start within an 8-byte word.
func TestRuneCount(t *testing.T) {
	pieces := []string{"a", " ", "\n", "é", "ع", "ّ", "€", "中", "\ufffd", "😀", "\u200d", "\x7f", "\u0000"}
	rng := rand.New(rand.NewSource(8))
	for range 3000 {
		var b strings.Builder
		for n := rng.Intn(40); n > 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		for start := 0; start < len(s) && start < 8; start++ {
			if !utf8.RuneStart(s[start]) {
				continue
			}
			if got, want := runeCount(s[start:]), utf8.RuneCountInString(s[start:]); got != want {
				t.Fatalf("runeCount(%q) = %d, want %d", s[start:], got, want)
			}
		}
	}
	long := strings.Repeat("تقرير رقم 0 عن ويكيليكس 😀 café\n", 200)
	if got, want := runeCount(long), utf8.RuneCountInString(long); got != want {
		t.Fatalf("runeCount of a %d-byte text = %d, want %d", len(long), got, want)
	}
}

// BenchmarkRuneCount counts the code points of a 4 KB Arabic text, as the
// import does for every article.
//
//	go test ./data -run '^$' -bench RuneCount
func BenchmarkRuneCount(b *testing.B) {
	s := strings.Repeat("تواصل نجل الرئيس الأميركي، دونالد ترامب، ", 60)
	b.SetBytes(int64(len(s)))
	b.Run("runeCount", func(b *testing.B) {
		for b.Loop() {
			runeCount(s)
		}
	})
	b.Run("utf8", func(b *testing.B) {
		for b.Loop() {
			utf8.RuneCountInString(s)
		}
	})
}
