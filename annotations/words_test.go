package annotations

import (
	"strings"
	"testing"
	"unicode"
)

func texts(text string, rs []Range) string {
	var s []string
	for _, r := range rs {
		s = append(s, slice(text, r))
	}
	return strings.Join(s, "|")
}

var wordCases = []struct {
	name, text, words, tokens string
}{
	{"clitics stay with the word", "قال وويكيليكس، إن", "قال|وويكيليكس|إن", "قال|وويكيليكس|،|إن"},
	{"contraction", "للمغرب ولروسيا", "للمغرب|ولروسيا", "للمغرب|ولروسيا"},
	{"harakat", "ادّعى مُؤَسِّسُ", "ادّعى|مُؤَسِّسُ", "ادّعى|مُؤَسِّسُ"},
	{"quotes and brackets", `مع "ويكيليكس" (ريك)`, "مع|ويكيليكس|ريك", `مع|"|ويكيليكس|"|(|ريك|)`},
	{"trailing RLM trimmed", "أسانج\u200f، قال", "أسانج|قال", "أسانج|،|قال"},
	{"trailing ZWNJ trimmed", "می\u200cخواهم کتاب\u200c", "می\u200cخواهم|کتاب", "می\u200cخواهم|کتاب"},
	{"numbers", "غوتشيفر 2.0 عام ٢٠١٧ و3,000", "غوتشيفر|2.0|عام|٢٠١٧|و3,000", "غوتشيفر|2.0|عام|٢٠١٧|و3,000"},
	{"slash", "سبتمبر/أيلول", "سبتمبر|أيلول", "سبتمبر|/|أيلول"},
	{"Latin", "Trump Jr. and Wiki-Leaks' U.S. site", "Trump|Jr|and|Wiki|Leaks|U.S|site", "Trump|Jr|.|and|Wiki|-|Leaks|'|U.S|.|site"},
	{"emoji are words", "رائع 👍🏽 👨‍👩‍👧", "رائع|👍🏽|👨‍👩‍👧", "رائع|👍🏽|👨‍👩‍👧"},
	{"newlines and NBSP", "سطر\n\nآخر\u00a0هنا", "سطر|آخر|هنا", "سطر|آخر|هنا"},
	{"empty", "", "", ""},
	{"only punctuation", "، ... !", "", "،|.|.|.|!"},
}

func TestWordsAndTokens(t *testing.T) {
	for _, c := range wordCases {
		t.Run(c.name, func(t *testing.T) {
			if got := texts(c.text, Words(c.text)); got != c.words {
				t.Errorf("Words = %q, want %q", got, c.words)
			}
			if got := texts(c.text, Tokens(c.text)); got != c.tokens {
				t.Errorf("Tokens = %q, want %q", got, c.tokens)
			}
		})
	}
}

// TestWordsSeed checks invariants over the seed article: ranges sorted,
// disjoint, non-empty, never starting or ending with whitespace or a control,
// valid as span edges; every word is also a token.
func TestWordsSeed(t *testing.T) {
	text := seedText(t)
	words, tokens := Words(text), Tokens(text)
	if len(words) < 400 || len(tokens) <= len(words) {
		t.Fatalf("%d words, %d tokens", len(words), len(tokens))
	}
	isToken := map[Range]bool{}
	for _, r := range tokens {
		isToken[r] = true
	}
	for _, rs := range [][]Range{words, tokens} {
		for i, r := range rs {
			if r.Start >= r.End || (i > 0 && rs[i-1].End > r.Start) {
				t.Fatalf("range %v after %v", r, rs[max(i-1, 0)])
			}
			s := []rune(slice(text, r))
			if IsBlank(s[0]) || IsBlank(s[len(s)-1]) {
				t.Fatalf("range %v %q has blank edges", r, string(s))
			}
			if !EdgeOK(text, r.Start) || !EdgeOK(text, r.End) {
				t.Fatalf("range %v splits a cluster", r)
			}
		}
	}
	for _, w := range words {
		if !isToken[w] {
			t.Fatalf("word %v %q is not a token", w, slice(text, w))
		}
		hasLetter := false
		for _, r := range slice(text, w) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSymbol(r) {
				hasLetter = true
			}
		}
		if !hasLetter {
			t.Fatalf("word %q has no letter, digit or symbol", slice(text, w))
		}
	}
}

func TestIsInvisibleControl(t *testing.T) {
	for _, r := range []rune{0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x202A, 0x202E, 0x2066, 0x2069, 0xFEFF, 0x200B} {
		if !IsInvisibleControl(r) {
			t.Errorf("IsInvisibleControl(%U) = false", r)
		}
	}
	for _, r := range []rune{' ', 'a', 'ب', 0x064E, 0x0640, 0x00A0} {
		if IsInvisibleControl(r) {
			t.Errorf("IsInvisibleControl(%U) = true", r)
		}
	}
}
