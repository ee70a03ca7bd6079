package annotations

import (
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// DetectDirection returns a text's base direction by the rule of the
// Unicode Bidirectional Algorithm (UAX #9, rules P2 and P3): the first
// character of bidi class L gives LTR, of class R or AL gives RTL; characters
// between an isolate initiator (LRI, RLI, FSI) and its matching PDI are
// skipped. A text with no strong character outside isolates is LTR.
//
// It is Hamesh's one direction rule: every importer and the store use it, so
// a text gets the same direction whichever way it came in.
func DetectDirection(text string) Direction {
	depth := 0 // isolate nesting
	for _, r := range text {
		switch r {
		case '\u2066', '\u2067', '\u2068': // LRI, RLI, FSI
			depth++
			continue
		case '\u2069': // PDI
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth > 0 {
			continue
		}
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return LTR
		case bidi.R, bidi.AL:
			return RTL
		}
	}
	return LTR
}

// DetectLanguage guesses a text's language and base direction. lang is "ar"
// when Arabic-script letters outnumber Latin ones, "en" when Latin letters
// are at least as many, and "" when there are letters of neither; dir is
// DetectDirection(text).
func DetectLanguage(text string) (lang string, dir Direction) {
	arabic, latin := 0, 0
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		switch {
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	switch {
	case arabic > latin:
		lang = "ar"
	case latin > 0:
		lang = "en"
	}
	return lang, DetectDirection(text)
}
