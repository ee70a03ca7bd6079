package app

import (
	"strings"
	"unicode"

	"github.com/hamesh-app/hamesh/annotations"
)

// findMatches returns the ranges of text matching query.
// TEMPORARY: a plain case-insensitive match until annotations.Find lands.
func findMatches(text, query string) []annotations.Range {
	q := []rune(strings.ToLower(query))
	if len(q) == 0 {
		return nil
	}
	t := []rune(text)
	var out []annotations.Range
	for i := 0; i+len(q) <= len(t); i++ {
		ok := true
		for j := range q {
			if unicode.ToLower(t[i+j]) != q[j] {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, annotations.Range{Start: i, End: i + len(q)})
			i += len(q) - 1
		}
	}
	return out
}
