package annotations

import (
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// offsetTables: for each text, the (code point, UTF-16, byte) offset of
// every code point boundary, worked out by hand.
var offsetTables = []struct {
	name string
	text string
	at   [][3]int // {cp, utf16, byte}
}{
	{"Latin", "abc", [][3]int{{0, 0, 0}, {1, 1, 1}, {2, 2, 2}, {3, 3, 3}}},
	// ف fatha shadda: three code points of two bytes each, one UTF-16 unit each.
	{"Arabic with harakat", "فَّ", [][3]int{{0, 0, 0}, {1, 1, 2}, {2, 2, 4}, {3, 3, 6}}},
	// 👨 ZWJ 👩 ZWJ 👧: emoji are 4 bytes and 2 UTF-16 units, ZWJ 3 bytes and 1 unit.
	{"ZWJ family", "👨‍👩‍👧", [][3]int{{0, 0, 0}, {1, 2, 4}, {2, 3, 7}, {3, 5, 11}, {4, 6, 14}, {5, 8, 18}}},
	// Two regional indicators make one flag.
	{"Flag", "🇸🇦", [][3]int{{0, 0, 0}, {1, 2, 4}, {2, 4, 8}}},
	// Mixed: an emoji before an Arabic word shifts UTF-16 by one more than code points.
	{"Emoji before Arabic", "👍 قال", [][3]int{{0, 0, 0}, {1, 2, 4}, {2, 3, 5}, {3, 4, 7}, {4, 5, 9}, {5, 6, 11}}},
	{"Empty", "", [][3]int{{0, 0, 0}}},
	// é as e + combining acute, then a CJK character (3 bytes, 1 unit).
	{"Combining and CJK", "e\u0301中", [][3]int{{0, 0, 0}, {1, 1, 1}, {2, 2, 3}, {3, 3, 6}}},
}

func TestOffsetsTables(t *testing.T) {
	for _, c := range offsetTables {
		t.Run(c.name, func(t *testing.T) {
			o := NewOffsets(c.text)
			last := c.at[len(c.at)-1]
			if o.Len() != last[0] || o.LenUTF16() != last[1] || CodePoints(c.text) != last[0] {
				t.Errorf("Len %d LenUTF16 %d, want %d %d", o.Len(), o.LenUTF16(), last[0], last[1])
			}
			for _, a := range c.at {
				cp, u, b := a[0], a[1], a[2]
				if got := o.UTF16(cp); got != u {
					t.Errorf("UTF16(%d) = %d, want %d", cp, got, u)
				}
				if got := o.Byte(cp); got != b {
					t.Errorf("Byte(%d) = %d, want %d", cp, got, b)
				}
				if got, ok := o.FromUTF16(u); !ok || got != cp {
					t.Errorf("FromUTF16(%d) = %d, %v, want %d", u, got, ok, cp)
				}
				if got, ok := o.FromByte(b); !ok || got != cp {
					t.Errorf("FromByte(%d) = %d, %v, want %d", b, got, ok, cp)
				}
			}
		})
	}
}

func TestOffsetsBetweenUnits(t *testing.T) {
	o := NewOffsets("👨‍👩‍👧 فَّ")
	// Between the two halves of 👨's surrogate pair.
	if _, ok := o.FromUTF16(1); ok {
		t.Error("FromUTF16 inside a surrogate pair says ok")
	}
	// Inside 👨's four bytes, and inside ف's two.
	for _, b := range []int{1, 2, 3, 20} {
		if _, ok := o.FromByte(b); ok {
			t.Errorf("FromByte(%d) inside a character says ok", b)
		}
	}
	for _, x := range []int{-1, 100} {
		if _, ok := o.FromByte(x); ok {
			t.Errorf("FromByte(%d) out of range says ok", x)
		}
		if _, ok := o.FromUTF16(x); ok {
			t.Errorf("FromUTF16(%d) out of range says ok", x)
		}
	}
	if got := o.Slice("👨‍👩‍👧 فَّ", 6, 9); got != "فَّ" {
		t.Errorf("Slice = %q", got)
	}
}

// FuzzOffsets checks every boundary of any text against conversions done
// independently with unicode/utf16 and Go's own rune iteration.
func FuzzOffsets(f *testing.F) {
	for _, c := range offsetTables {
		f.Add(c.text)
	}
	f.Add("\xff\xfe invalid \xc3")
	f.Fuzz(func(t *testing.T, text string) {
		o := NewOffsets(text)
		runes := []rune(text) // invalid bytes become one U+FFFD each, as in NewOffsets
		if o.Len() != len(runes) {
			t.Fatalf("Len %d, want %d", o.Len(), len(runes))
		}
		if o.LenUTF16() != len(utf16.Encode(runes)) {
			t.Fatalf("LenUTF16 %d, want %d", o.LenUTF16(), len(utf16.Encode(runes)))
		}
		b := 0
		for cp := 0; cp <= len(runes); cp++ {
			if got := o.Byte(cp); got != b {
				t.Fatalf("Byte(%d) = %d, want %d", cp, got, b)
			}
			u := len(utf16.Encode(runes[:cp]))
			if got := o.UTF16(cp); got != u {
				t.Fatalf("UTF16(%d) = %d, want %d", cp, got, u)
			}
			if back, ok := o.FromByte(b); !ok || back != cp {
				t.Fatalf("FromByte(Byte(%d)) = %d, %v", cp, back, ok)
			}
			if back, ok := o.FromUTF16(u); !ok || back != cp {
				t.Fatalf("FromUTF16(UTF16(%d)) = %d, %v", cp, back, ok)
			}
			if cp < len(runes) {
				_, n := utf8.DecodeRuneInString(text[b:])
				b += n
			}
		}
		if utf8.ValidString(text) && len(runes) > 0 {
			if got := o.Slice(text, 0, len(runes)); got != text {
				t.Fatalf("Slice of everything = %q", got)
			}
		}
	})
}
