package annotations

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Snapping turns the two code-point offsets of a mouse drag into span edges
// (see arabic-text.md): by default whole UAX #29 words, clitics included; with
// a modifier, grapheme clusters. Either way a span edge never falls inside a
// grapheme cluster and never sits on whitespace or an invisible control.
//
// Every function here looks only at a window of the text around the offsets
// it is given, bounded by "safe points" where the word and grapheme
// segmentation of the whole text is known to restart: just after a newline,
// just before a newline, or just before an ASCII space that follows a
// character which breaks before a space (not another space, a mark or
// format character, or a grapheme Prepend character such as U+0600). The
// segmentation of a window between two safe points is exactly the
// segmentation of the whole text there (TestSafePoints checks it), so the
// answers do not depend on the window. A window is usually one word and its
// neighbours; only a text with neither spaces nor newlines for a long stretch
// makes it long.
//
// The package-level functions take a string and must find the byte offset of
// a code point by scanning from the start of the text (fast, but linear). A
// view that calls them per drag event on long articles should hold a
// TextIndex, built once per article, whose lookups are O(1).

// TextIndex answers snapping questions about one text in time proportional
// to the words involved, not the text's length. Build it once per article
// with NewTextIndex (O(n) time, 8 bytes per code point) and keep it while the
// article is shown; it is safe for concurrent use since it never changes.
type TextIndex struct {
	text string
	off  *Offsets
}

// NewTextIndex indexes text for snapping.
func NewTextIndex(text string) *TextIndex {
	return &TextIndex{text: text, off: NewOffsets(text)}
}

// Text returns the indexed text.
func (ix *TextIndex) Text() string { return ix.text }

// Len returns the text's length in code points.
func (ix *TextIndex) Len() int { return ix.off.Len() }

// Offsets returns the code point / UTF-16 / byte conversion table of the text.
func (ix *TextIndex) Offsets() *Offsets { return ix.off }

// SnapWord expands r to the whole words it touches; see the function SnapWord.
func (ix *TextIndex) SnapWord(r Range) Range { return ix.view().snapWord(r) }

// SnapGrapheme moves r's edges to grapheme boundaries; see the function
// SnapGrapheme.
func (ix *TextIndex) SnapGrapheme(r Range) Range { return ix.view().snapGrapheme(r) }

// WordAt returns the word at cp; see the function WordAt.
func (ix *TextIndex) WordAt(cp int) Range { return ix.view().wordAt(cp) }

// NextWordEdge returns the next word end after cp; see the function
// NextWordEdge.
func (ix *TextIndex) NextWordEdge(cp int) int { return ix.view().nextWordEdge(cp) }

// PrevWordEdge returns the previous word start before cp; see the function
// PrevWordEdge.
func (ix *TextIndex) PrevWordEdge(cp int) int { return ix.view().prevWordEdge(cp) }

// GraphemeAt returns the grapheme cluster holding code point cp, or the empty
// range at the end of the text when cp is at or after it.
func (ix *TextIndex) GraphemeAt(cp int) Range { return ix.view().graphemeAt(cp) }

// EdgeOK reports whether a span may start or end at code point offset cp; see
// the function EdgeOK.
func (ix *TextIndex) EdgeOK(cp int) bool { return ix.view().edgeOK(cp) }

func (ix *TextIndex) view() textView { return textView{text: ix.text, off: ix.off} }

// SnapWord expands r so that it covers whole words: it runs from the start of
// the first word (as Words segments the text: UAX #29, Arabic clitics
// included) that overlaps r to the end of the last one, so whitespace and
// punctuation outside those words (quotes around a name, a final full stop)
// are left out. If r overlaps no word, the result is SnapGrapheme(text, r).
// An empty r (a click, not a drag) stays empty, at the start of the grapheme
// cluster holding it. The
// result's edges are grapheme boundaries, trimmed of whitespace and invisible
// controls.
func SnapWord(text string, r Range) Range { return textView{text: text}.snapWord(r) }

// SnapGrapheme moves r's start back and its end forward to grapheme cluster
// boundaries (a letter with its harakat, a lam-alef, an emoji sequence or a
// flag stay whole), then trims whitespace and invisible controls from both
// ends. An empty r stays empty, at the start of the cluster holding it. If
// nothing but whitespace and controls is selected, the result is empty.
func SnapGrapheme(text string, r Range) Range { return textView{text: text}.snapGrapheme(r) }

// WordAt returns the word holding code point cp (Start ≤ cp < End), for a
// double click. Off a word it returns the grapheme cluster at cp when that is
// punctuation or a symbol, and the empty range at cp on whitespace or past the
// end.
func WordAt(text string, cp int) Range { return textView{text: text}.wordAt(cp) }

// NextWordEdge returns where a selection edge at cp moves when extended one
// word forward in logical order (Shift+arrow): the end of the word holding cp
// or, between words, of the next word; the text's length when there is none.
func NextWordEdge(text string, cp int) int { return textView{text: text}.nextWordEdge(cp) }

// PrevWordEdge returns where a selection edge at cp moves when extended one
// word backward in logical order: the start of the word holding cp (when cp
// is inside it) or of the previous word; 0 when there is none.
func PrevWordEdge(text string, cp int) int { return textView{text: text}.prevWordEdge(cp) }

// EdgeOK reports whether a span may start or end at code point offset cp:
// cp is within [0, len] and is a grapheme cluster boundary, or it separates a
// cluster's visible part from invisible controls UAX #29 attached to it (the
// trailing ZWNJ or ZWJ that Words and the snapping functions trim off).
func EdgeOK(text string, cp int) bool { return textView{text: text}.edgeOK(cp) }

// IsBlank reports whether r is whitespace or an invisible control: the
// characters a span edge is trimmed of.
func IsBlank(r rune) bool { return unicode.IsSpace(r) || IsInvisibleControl(r) }

// textView is a text with an optional offset table; without one, code point
// offsets are found by scanning.
type textView struct {
	text string
	off  *Offsets
	// edge, when set, gives the byte offset of some code points (a
	// document's span edges, found by the caller in one pass), so that
	// checking those edges needs no index of the whole text; ok is false
	// for any other code point, which is then counted.
	edge func(cp int) (b int, ok bool)
	// inside is set when every span checked against the view is known to
	// end within the text, so the length need not be counted.
	inside bool
}

// byteOf returns the byte offset of code point cp, with cp clamped to
// [0, length]; c is the clamped code point.
func (v textView) byteOf(cp int) (b, c int) {
	if cp <= 0 {
		return 0, 0
	}
	if v.off != nil {
		if cp > v.off.Len() {
			cp = v.off.Len()
		}
		return v.off.Byte(cp), cp
	}
	if v.edge != nil {
		if b, ok := v.edge(cp); ok {
			return b, cp
		}
	}
	// Count character starts: the same as ranging over the string for valid
	// UTF-8, several times faster.
	t := v.text
	n := 0
	for i := 0; i < len(t); i++ {
		if t[i] < 0x80 || t[i] >= 0xC0 {
			if n == cp {
				return i, n
			}
			n++
		}
	}
	return len(t), n
}

// safe reports whether byte offset p is a safe point (see the comment at the
// top of this file): both a word and a grapheme boundary after which the
// segmentation does not depend on what comes before.
func (v textView) safe(p int) bool {
	t := v.text
	if p <= 0 || p >= len(t) {
		return true
	}
	switch t[p] {
	case '\n':
		return t[p-1] != '\r'
	case ' ':
		r, _ := utf8.DecodeLastRuneInString(t[:p])
		return breaksBeforeSpace(r)
	}
	return t[p-1] == '\n'
}

// breaksBeforeSpace reports whether both a word and a grapheme boundary fall
// between r and a following U+0020, asking uniseg so that its tables decide.
func breaksBeforeSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r != ' '
	}
	// Marks, format characters and emoji modifiers are transparent to word
	// breaking (rule WB4): what decides is the character before them.
	if unicode.In(r, unicode.M, unicode.Cf) || (r >= 0x1F3FB && r <= 0x1F3FF) {
		return false
	}
	s := string(r) + " "
	w, _, _ := uniseg.FirstWordInString(s, -1)
	g, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
	return len(w) == len(s)-1 && len(g) == len(s)-1
}

func (v textView) safeBefore(b int) int {
	for p := b; p > 0; p-- {
		if v.safe(p) {
			return p
		}
	}
	return 0
}

func (v textView) safeAfter(b int) int {
	for p := b; p < len(v.text); p++ {
		if v.safe(p) {
			return p
		}
	}
	return len(v.text)
}

// window is the part of a text between two safe points, with the code point
// offset of its start.
type window struct {
	lo, hi int // bytes
	base   int // code point offset of lo
	text   string
}

// window returns the window from the last safe point at or before byte lo to
// the first at or after byte hi. Byte offset ab ≥ lo, at code point acp,
// anchors the window's code point offsets.
func (v textView) window(lo, hi, ab, acp int) window {
	lo, hi = v.safeBefore(lo), v.safeAfter(hi)
	base := acp - utf8.RuneCountInString(v.text[lo:ab])
	return window{lo: lo, hi: hi, base: base, text: v.text[lo:hi]}
}

// words returns the window's words (see Words) in text code points.
func (w window) words() []Range {
	ws := Words(w.text)
	for i := range ws {
		ws[i].Start += w.base
		ws[i].End += w.base
	}
	return ws
}

// clusters returns the window's grapheme clusters in text code points.
func (w window) clusters() []Range {
	var out []Range
	cp := w.base
	rest := w.text
	state := -1
	for len(rest) > 0 {
		var c string
		c, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		n := utf8.RuneCountInString(c)
		out = append(out, Range{cp, cp + n})
		cp += n
	}
	return out
}

// clamp orders r and clamps it to the text, returning its byte offsets too.
func (v textView) clamp(r Range) (Range, int, int) {
	if r.End < r.Start {
		r.Start, r.End = r.End, r.Start
	}
	bs, s := v.byteOf(r.Start)
	be, e := bs, s
	if r.End > r.Start {
		if v.off != nil {
			be, e = v.byteOf(r.End)
		} else {
			// Continue the scan from the start edge.
			be, e = textView{text: v.text[bs:]}.byteOf(r.End - s)
			be, e = be+bs, e+s
		}
	}
	return Range{s, e}, bs, be
}

func (v textView) snapWord(r Range) Range {
	r, bs, be := v.clamp(r)
	w := v.window(bs, be, bs, r.Start)
	if r.Start == r.End {
		return v.snapGraphemeIn(w, r)
	}
	first, last := -1, -1
	for _, x := range w.words() {
		if x.Start < r.End && r.Start < x.End {
			if first < 0 {
				first = x.Start
			}
			last = x.End
		}
	}
	if first < 0 {
		return v.snapGraphemeIn(w, r)
	}
	return edgesOK(w, Range{first, last})
}

func (v textView) snapGrapheme(r Range) Range {
	r, bs, be := v.clamp(r)
	return v.snapGraphemeIn(v.window(bs, be, bs, r.Start), r)
}

// snapGraphemeIn snaps r, which lies inside w, to grapheme boundaries and
// trims it.
func (v textView) snapGraphemeIn(w window, r Range) Range {
	cs := w.clusters()
	s, e := r.Start, r.End
	for _, c := range cs {
		if c.Start <= s && s < c.End {
			s = c.Start
		}
		if c.Start < e && e < c.End {
			e = c.End
		}
	}
	if r.Start == r.End {
		return Range{s, s}
	}
	// Drop whole clusters of whitespace and controls at both ends.
	runes := []rune(w.text)
	rs := func(c Range) []rune { return runes[c.Start-w.base : c.End-w.base] }
	blank := func(c Range) bool {
		for _, x := range rs(c) {
			if !IsBlank(x) {
				return false
			}
		}
		return true
	}
	i, j := 0, len(cs)
	for i < j && (cs[i].End <= s || blank(cs[i])) {
		i++
	}
	for j > i && (cs[j-1].Start >= e || blank(cs[j-1])) {
		j--
	}
	if i == j {
		return Range{s, s}
	}
	s, e = cs[i].Start, cs[j-1].End
	// Then invisible controls inside the first and last clusters.
	for s < cs[i].End && IsInvisibleControl(runes[s-w.base]) {
		s++
	}
	for e > cs[j-1].Start && IsInvisibleControl(runes[e-1-w.base]) {
		e--
	}
	if s >= e {
		return Range{cs[i].Start, cs[j-1].End}
	}
	return Range{s, e}
}

// edgesOK moves r's edges outward to the nearest acceptable span edges, for
// degenerate words whose trimmed edge splits a cluster (a space carrying a
// combining mark).
func edgesOK(w window, r Range) Range {
	cs := w.clusters()
	runes := []rune(w.text)
	for _, c := range cs {
		if c.Start < r.Start && r.Start < c.End && !okInCluster(runes[c.Start-w.base:c.End-w.base], r.Start-c.Start) {
			r.Start = c.Start
		}
		if c.Start < r.End && r.End < c.End && !okInCluster(runes[c.Start-w.base:c.End-w.base], r.End-c.Start) {
			r.End = c.End
		}
	}
	return r
}

// okInCluster reports whether a span edge may split cluster c at index i:
// only between its visible part and invisible controls at either end.
func okInCluster(c []rune, i int) bool {
	all := func(rs []rune) bool {
		for _, r := range rs {
			if !IsInvisibleControl(r) {
				return false
			}
		}
		return true
	}
	return all(c[i:]) || all(c[:i])
}

// alwaysBreaks reports whether r is printable ASCII, LF or a letter of the
// Arabic block (U+0621–U+064A): characters of Grapheme_Cluster_Break Other
// (or LF) that are not Prepend, Extended_Pictographic, Regional_Indicator,
// Hangul or Indic conjunct parts, so a grapheme cluster boundary always
// falls between two of them (UAX #29 GB4, GB5, GB999).
// isMark reports whether r is a combining mark that only ever extends the
// cluster before it (Grapheme_Cluster_Break Extend): the harakat and
// Quranic marks, and the Latin combining diacritics. Nothing joins the
// character after such a mark to it unless that character is itself an
// extender, so a mark followed by an alwaysBreaks character is a boundary.
func isMark(r rune) bool {
	return (r >= 0x0300 && r <= 0x036F) || (r >= 0x0610 && r <= 0x061A) || (r >= 0x064B && r <= 0x065F) ||
		r == 0x0670 || (r >= 0x06D6 && r <= 0x06DC) || (r >= 0x06DF && r <= 0x06E4) || r == 0x06E7 || r == 0x06E8 ||
		(r >= 0x06EA && r <= 0x06ED)
}

func alwaysBreaks(r rune) bool {
	switch {
	case r < 0x7F:
		return r >= 0x20 || r == '\n'
	case r < 0x0600:
		// Latin-1 letters and punctuation, but not the soft hyphen
		// (a Control) nor the combining marks from U+0300.
		return (r >= 0xA0 && r <= 0x2FF && r != 0xAD)
	case r <= 0x06FF:
		// Arabic letters, digits and punctuation; not the Prepend signs
		// (U+0600–0605, U+06DD) nor the harakat and other marks (Extend).
		return (r >= 0x0606 && r <= 0x060F) || r == 0x061B || (r >= 0x061D && r <= 0x064A) ||
			(r >= 0x0660 && r <= 0x066F) || (r >= 0x0671 && r <= 0x06D5) || r == 0x06E5 || r == 0x06E6 ||
			(r >= 0x06EE && r <= 0x06FF)
	default:
		// General punctuation: dashes, quotes, the ellipsis.
		return r >= 0x2010 && r <= 0x2027
	}
}

func (v textView) edgeOK(cp int) bool {
	if cp < 0 {
		return false
	}
	b, c := v.byteOf(cp)
	if c != cp {
		return false // past the end
	}
	if b == 0 || b == len(v.text) {
		return true
	}
	// Fast path: between two characters of Grapheme_Cluster_Break Other
	// (printable ASCII, Arabic letters) or LF, no UAX #29 rule joins them.
	prev, _ := utf8.DecodeLastRuneInString(v.text[:b])
	next, _ := utf8.DecodeRuneInString(v.text[b:])
	if alwaysBreaks(next) && (alwaysBreaks(prev) || isMark(prev)) {
		return true
	}
	w := v.window(b, b, b, cp)
	runes := []rune(w.text)
	for _, x := range w.clusters() {
		if x.Start < cp && cp < x.End {
			return okInCluster(runes[x.Start-w.base:x.End-w.base], cp-x.Start)
		}
	}
	return true
}

func (v textView) graphemeAt(cp int) Range {
	b, c := v.byteOf(cp)
	if c < cp || b == len(v.text) {
		return Range{c, c}
	}
	w := v.window(b, b+1, b, c)
	for _, x := range w.clusters() {
		if x.Start <= c && c < x.End {
			return x
		}
	}
	return Range{c, c}
}

func (v textView) wordAt(cp int) Range {
	b, c := v.byteOf(cp)
	if c < cp || b == len(v.text) || cp < 0 {
		return Range{c, c}
	}
	w := v.window(b, b+1, b, c)
	for _, x := range w.words() {
		if x.Start <= c && c < x.End {
			return x
		}
	}
	g := v.graphemeAt(c)
	r, _ := utf8.DecodeRuneInString(v.text[b:])
	if IsBlank(r) {
		return Range{c, c}
	}
	return g
}

// grow is how many bytes a word-edge search first widens its window by when
// it finds no word inside it; the step doubles each time, so a search over a
// long stretch without words stays linear.
const grow = 256

func (v textView) nextWordEdge(cp int) int {
	b, c := v.byteOf(cp)
	step := grow
	for hi := b; ; hi += step {
		step *= 2
		w := v.window(b, hi, b, c)
		for _, x := range w.words() {
			if x.End > c {
				return x.End
			}
		}
		if w.hi >= len(v.text) {
			return w.base + utf8.RuneCountInString(w.text)
		}
		hi = w.hi
	}
}

func (v textView) prevWordEdge(cp int) int {
	b, c := v.byteOf(cp)
	step := grow
	for lo := b; ; lo -= step {
		step *= 2
		w := v.window(max(lo, 0), b, b, c)
		ws := w.words()
		for i := len(ws) - 1; i >= 0; i-- {
			if ws[i].Start < c {
				return ws[i].Start
			}
		}
		if w.lo <= 0 {
			return 0
		}
		lo = w.lo
	}
}
