package annotations

import (
	"sort"
	"unicode/utf8"
)

// Offsets converts positions in one text between Unicode code points (the unit
// Hamesh stores), UTF-16 code units (JavaScript tools) and UTF-8 bytes (Go).
// Build it once per text with NewOffsets; lookups are O(1) from code points and
// O(log n) to code points.
type Offsets struct {
	bytes []int32 // bytes[i] = UTF-8 byte offset of code point i; len = n+1
	u16   []int32 // u16[i] = UTF-16 offset of code point i; len = n+1
}

// NewOffsets indexes text. Invalid UTF-8 bytes count as one code point each
// (U+FFFD), as Go's range loop does; callers validate text before indexing.
func NewOffsets(text string) *Offsets {
	n := utf8.RuneCountInString(text)
	o := &Offsets{bytes: make([]int32, 0, n+1), u16: make([]int32, 0, n+1)}
	u := int32(0)
	for i, r := range text {
		o.bytes = append(o.bytes, int32(i))
		o.u16 = append(o.u16, u)
		if r >= 0x10000 {
			u += 2
		} else {
			u++
		}
	}
	o.bytes = append(o.bytes, int32(len(text)))
	o.u16 = append(o.u16, u)
	return o
}

// Len is the text's length in code points.
func (o *Offsets) Len() int { return len(o.bytes) - 1 }

// LenUTF16 is the text's length in UTF-16 code units.
func (o *Offsets) LenUTF16() int { return int(o.u16[len(o.u16)-1]) }

// Byte returns the UTF-8 byte offset of code point offset cp (0 ≤ cp ≤ Len).
func (o *Offsets) Byte(cp int) int { return int(o.bytes[cp]) }

// UTF16 returns the UTF-16 offset of code point offset cp (0 ≤ cp ≤ Len).
func (o *Offsets) UTF16(cp int) int { return int(o.u16[cp]) }

// FromByte returns the code point offset at UTF-8 byte offset b; ok is false
// when b is out of range or falls inside a multi-byte character.
func (o *Offsets) FromByte(b int) (cp int, ok bool) { return search(o.bytes, b) }

// FromUTF16 returns the code point offset at UTF-16 offset u; ok is false when
// u is out of range or falls between the two halves of a surrogate pair.
func (o *Offsets) FromUTF16(u int) (cp int, ok bool) { return search(o.u16, u) }

func search(table []int32, v int) (int, bool) {
	i := sort.Search(len(table), func(i int) bool { return int(table[i]) >= v })
	if i == len(table) || int(table[i]) != v {
		return 0, false
	}
	return i, true
}

// Slice returns text[start:end] in code points (0 ≤ start ≤ end ≤ Len).
func (o *Offsets) Slice(text string, start, end int) string {
	return text[o.bytes[start]:o.bytes[end]]
}

// CodePoints returns the length of s in Unicode code points.
func CodePoints(s string) int { return utf8.RuneCountInString(s) }
