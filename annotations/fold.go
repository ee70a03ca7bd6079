package annotations

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Matching Arabic (arabic-text.md): search, label-all-occurrences and
// gazetteers compare folded copies of the text and the query, never the
// stored text itself, and report ranges in the original code points.

// FoldRune appends to dst what r becomes in a folded copy: nothing for
// harakat (U+064B–U+0652), the superscript alef U+0670, tatweel U+0640 and
// bidi and other format controls (category Cf); ا for إ أ آ ٱ; ي for ى and
// Persian ی; ه for ة; ك for Persian ک; ASCII digits for Arabic-Indic and
// Persian digits; the NFKC decomposition, itself folded, for Arabic
// presentation forms (ﻻ → لا); the lower case for every other letter.
func FoldRune(dst []rune, r rune) []rune {
	switch {
	case r >= 0x064B && r <= 0x0652, r == 0x0670, r == 0x0640:
		return dst
	case IsInvisibleControl(r), unicode.Is(unicode.Cf, r):
		return dst
	case r == 'إ', r == 'أ', r == 'آ', r == 'ٱ':
		return append(dst, 'ا')
	case r == 'ى', r == 'ی':
		return append(dst, 'ي')
	case r == 'ة':
		return append(dst, 'ه')
	case r == 'ک':
		return append(dst, 'ك')
	case r >= 0x0660 && r <= 0x0669:
		return append(dst, '0'+r-0x0660)
	case r >= 0x06F0 && r <= 0x06F9:
		return append(dst, '0'+r-0x06F0)
	case r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFE:
		for _, x := range norm.NFKC.String(string(r)) {
			if x >= 0xFB50 && x <= 0xFDFF || x >= 0xFE70 && x <= 0xFEFE {
				dst = append(dst, x) // no decomposition: keep as is
				continue
			}
			dst = FoldRune(dst, x)
		}
		return dst
	}
	return append(dst, unicode.ToLower(r))
}

// Fold returns the folded copy of text (see FoldRune) and a map back to the
// original: origin[i] is the code point offset in text of the character
// that folded rune i came from, and origin[len] is text's length in code
// points. A folded range [i, j) covers original code points
// [origin[i], origin[j-1]+1), plus any characters folding removed after it.
func Fold(text string) (folded string, origin []int) {
	out := make([]rune, 0, len(text))
	origin = make([]int, 0, len(text)/2+1)
	cp := 0
	for _, r := range text {
		n := len(out)
		out = FoldRune(out, r)
		for ; n < len(out); n++ {
			origin = append(origin, cp)
		}
		cp++
	}
	origin = append(origin, cp)
	return string(out), origin
}

// FoldString returns s folded (see FoldRune), for queries and gazetteer
// keys.
func FoldString(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		out = FoldRune(out, r)
	}
	return string(out)
}

// Find returns the whole-word occurrences of query in text, in original code
// points, matched on folded copies (see Matcher.Find). It indexes text on
// every call: hold a Matcher to search one text repeatedly.
func Find(text, query string) []Range { return NewMatcher(text).Find(query) }

// Matcher finds words and phrases in one text. Build it once per text with
// NewMatcher (it segments and folds every word); Find is then proportional
// to the number of candidate occurrences.
type Matcher struct {
	words  []Range
	folded []string         // folded text of each word
	gaps   []string         // normalised folded text between word i and i+1
	index  map[string][]int // folded form, with proclitics taken off, → words
}

// NewMatcher indexes text's words (Words) for Find.
func NewMatcher(text string) *Matcher {
	m := &Matcher{words: Words(text), index: make(map[string][]int)}
	m.folded = make([]string, len(m.words))
	m.gaps = make([]string, len(m.words))
	off := NewOffsets(text)
	for i, w := range m.words {
		f := FoldString(off.Slice(text, w.Start, w.End))
		m.folded[i] = f
		for _, v := range cores(f) {
			m.index[v] = append(m.index[v], i)
		}
		if i+1 < len(m.words) {
			m.gaps[i] = normGap(FoldString(off.Slice(text, w.End, m.words[i+1].Start)))
		}
	}
	return m
}

// Proclitics: conjunctions و ف, then prepositions ب ك ل.
func isConj(r rune) bool { return r == 'و' || r == 'ف' }
func isPrep(r rune) bool { return r == 'ب' || r == 'ك' || r == 'ل' }

// cores returns the forms a folded word can match a query as: itself; with
// a proclitic prefix (و|ف)?(ب|ك|ل)? taken off; and, when ل + ال contracted
// to لل, the form with ال restored (للمغرب → المغرب). A core keeps at least
// two letters.
func cores(f string) []string {
	r := []rune(f)
	out := []string{f}
	add := func(s []rune) {
		if len(s) >= 2 {
			c := string(s)
			for _, x := range out {
				if x == c {
					return
				}
			}
			out = append(out, c)
		}
	}
	rest := r
	if len(r) > 0 && isConj(r[0]) {
		rest = r[1:]
		add(rest)
	}
	if len(rest) > 0 && isPrep(rest[0]) {
		add(rest[1:])
	}
	if len(rest) >= 3 && rest[0] == 'ل' && rest[1] == 'ل' {
		add(append([]rune{'ا'}, rest[1:]...))
	}
	return out
}

// normGap folds the text between two words for comparison: runs of
// whitespace become one space.
func normGap(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Find returns the occurrences of query in the text, left to right and not
// overlapping. The query is folded and split into words like the text;
// an occurrence is a run of whole words of the text whose folded forms equal
// the query's, separated by the same punctuation (any whitespace matching
// any whitespace). The first word may carry a proclitic prefix
// (و|ف)?(ب|ك|ل)? and ال may appear contracted as لل (and a query spelled
// with لل also finds ال), so ويكيليكس finds وويكيليكس and المغرب finds
// للمغرب, والمغرب, بالمغرب. Latin letters match regardless of case.
//
// Each range covers whole words of the original text, prefix included, as
// ANERcorp and Wojood tag them: [start of the first word, end of the last).
func (m *Matcher) Find(query string) []Range {
	fq := FoldString(query)
	qw := Words(fq)
	if len(qw) == 0 {
		return nil
	}
	qr := []rune(fq)
	q := make([]string, len(qw))
	qgaps := make([]string, len(qw))
	for i, w := range qw {
		q[i] = string(qr[w.Start:w.End])
		if i+1 < len(qw) {
			qgaps[i] = normGap(string(qr[w.End:qw[i+1].Start]))
		}
	}
	cand := append([]int(nil), m.index[q[0]]...)
	if first := []rune(q[0]); len(first) >= 3 && first[0] == 'ل' && first[1] == 'ل' {
		cand = append(cand, m.index[string(append([]rune{'ا'}, first[1:]...))]...)
	}
	sort.Ints(cand)
	var out []Range
	next := 0 // first word a new occurrence may start at
	for i, k := range cand {
		if k < next || (i > 0 && cand[i-1] == k) || k+len(q) > len(m.words) {
			continue
		}
		ok := true
		for j := 1; j < len(q) && ok; j++ {
			ok = m.folded[k+j] == q[j] && m.gaps[k+j-1] == qgaps[j-1]
		}
		if ok {
			out = append(out, Range{m.words[k].Start, m.words[k+len(q)-1].End})
			next = k + len(q)
		}
	}
	return out
}

// Len returns the number of words indexed.
func (m *Matcher) Len() int { return len(m.words) }
