package interchange

import "unicode/utf8"

// LoneSurrogate finds in JSON text b a \uXXXX escape of a UTF-16 surrogate
// that is not part of a high+low pair ("\udc00", or "\ud83d" not followed
// by a low surrogate escape). encoding/json silently turns such an escape
// into U+FFFD, changing the text and every offset counted in UTF-16 after
// it, so importers refuse it instead (Lines here, Label Studio's JSON, and
// the native JSON Lines reader, package jsonl). It returns the escape's
// byte offset and text, or -1 and "" when there is none.
func LoneSurrogate(b []byte) (int, string) {
	hex4 := func(i int) (rune, bool) {
		if i < 0 || i+6 > len(b) || b[i] != '\\' || b[i+1] != 'u' {
			return 0, false
		}
		var r rune
		for _, c := range b[i+2 : i+6] {
			switch {
			case c >= '0' && c <= '9':
				r = r<<4 | rune(c-'0')
			case c >= 'a' && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case c >= 'A' && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				return 0, false
			}
		}
		return r, true
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		if i+1 < len(b) && b[i+1] != 'u' {
			i++ // an escaped character such as \\ or \"
			continue
		}
		r, ok := hex4(i)
		if !ok {
			continue // malformed: the JSON decoder will say so
		}
		switch {
		case r >= 0xD800 && r <= 0xDBFF:
			if lo, ok := hex4(i + 6); ok && lo >= 0xDC00 && lo <= 0xDFFF {
				i += 11
				continue
			}
			return i, string(b[i : i+6])
		case r >= 0xDC00 && r <= 0xDFFF:
			return i, string(b[i : i+6])
		}
		i += 5
	}
	return -1, ""
}

// FirstInvalidUTF8 returns the offset of the first byte of b that is not
// part of valid UTF-8, or len(b) when b is valid: where an importer's message
// points for a file that is not UTF-8.
func FirstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
