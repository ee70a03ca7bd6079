package annotations

import (
	"unicode"

	"github.com/rivo/uniseg"
)

// Range is a half-open range [Start, End) of code points.
type Range struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Words segments text into words by UAX #29 word boundaries (rivo/uniseg),
// keeping only segments that hold a letter, a digit or a symbol: whitespace and
// punctuation between words are left out. Arabic clitics stay with their word
// (وويكيليكس is one word). Offsets are code points. This is the segmentation
// the article view snaps to and the Prodigy and CoNLL exports use as tokens.
func Words(text string) []Range {
	var out []Range
	cp := 0
	state := -1
	rest := text
	for len(rest) > 0 {
		var word string
		word, rest, state = uniseg.FirstWordInString(rest, state)
		n := 0
		keep := false
		for _, r := range word {
			n++
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSymbol(r) || unicode.IsMark(r) {
				keep = true
			}
		}
		if keep {
			out = append(out, trimControls(word, Range{cp, cp + n}))
		}
		cp += n
	}
	return out
}

// Tokens is like Words but also keeps each punctuation character as a token
// of its own, as NER tokenisers do; whitespace and invisible controls are
// dropped.
func Tokens(text string) []Range {
	var out []Range
	cp := 0
	state := -1
	rest := text
	for len(rest) > 0 {
		var word string
		word, rest, state = uniseg.FirstWordInString(rest, state)
		n := 0
		keep := false
		for _, r := range word {
			n++
			if !unicode.IsSpace(r) && !IsInvisibleControl(r) {
				keep = true
			}
		}
		if keep {
			r := trimControls(word, Range{cp, cp + n})
			if r.End > r.Start {
				out = append(out, r)
			}
		}
		cp += n
	}
	return out
}

// IsInvisibleControl reports whether r is a zero-width or bidi control that a
// span edge must never include: ZWNJ, ZWJ, LRM, RLM, ALM, the embedding,
// override and isolate controls, and the BOM.
func IsInvisibleControl(r rune) bool {
	switch {
	case r == 0x200C, r == 0x200D, r == 0x200E, r == 0x200F, r == 0x061C,
		r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0xFEFF, r == 0x200B:
		return true
	}
	return false
}

// trimControls shrinks r, the range of segment seg, so it neither starts nor
// ends with whitespace or an invisible control (UAX #29 attaches a trailing
// RLM or ZWNJ to the word before it).
func trimControls(seg string, r Range) Range {
	runes := []rune(seg)
	i, j := 0, len(runes)
	for i < j && (unicode.IsSpace(runes[i]) || IsInvisibleControl(runes[i])) {
		i++
	}
	for j > i && (unicode.IsSpace(runes[j-1]) || IsInvisibleControl(runes[j-1])) {
		j--
	}
	return Range{r.Start + i, r.Start + j}
}
