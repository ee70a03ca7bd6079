package data

import "math/bits"

// runeCount is utf8.RuneCountInString for valid UTF-8, such as an article
// text that has passed annotations.ValidateDocument (importer.prepare runs
// it before importer.add stores the text's length): the bytes that do not
// continue a sequence (10xxxxxx), counted eight at a time. For invalid
// UTF-8 it may differ from utf8.RuneCountInString, which counts each bad
// byte as one.
func runeCount(s string) int {
	cont := 0
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		// Bit 7 of each byte set and bit 6 clear: a continuation byte.
		cont += bits.OnesCount64(x &^ (x << 1) & 0x8080808080808080)
	}
	for ; i < len(s); i++ {
		if s[i]&0xC0 == 0x80 {
			cont++
		}
	}
	return len(s) - cont
}
