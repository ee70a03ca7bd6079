package layout

// This file implements the Unicode Bidirectional Algorithm (UAX #9, Unicode
// 15.0) through rule L2: paragraph level (P2, P3), explicit levels and
// directions (X1–X10), weak types (W1–W7), paired brackets (N0), neutrals
// (N1, N2), implicit levels (I1, I2), and per line the whitespace reset (L1)
// and the reordering (L2). Mirroring (L4) is left to the shaper: runs at odd
// levels are shaped right to left and HarfBuzz mirrors their brackets.
//
// golang.org/x/text/unicode/bidi (which go-text's shaping.Segmenter uses)
// supplies the Bidi_Class data through bidi.LookupRune, but its Paragraph API
// exposes only run directions in logical order, not levels, and does not
// reorder; see bidi_test.go for how it fares against BidiCharacterTest.txt.

import (
	"github.com/go-text/typesetting/unicodedata"
	"golang.org/x/text/unicode/bidi"
)

// bidiClass is a Bidi_Class value, numbered as golang.org/x/text/unicode/bidi.
type bidiClass uint8

// Bidi classes, with the values of bidi.Class.
const (
	clsL   = bidiClass(bidi.L)
	clsR   = bidiClass(bidi.R)
	clsEN  = bidiClass(bidi.EN)
	clsES  = bidiClass(bidi.ES)
	clsET  = bidiClass(bidi.ET)
	clsAN  = bidiClass(bidi.AN)
	clsCS  = bidiClass(bidi.CS)
	clsB   = bidiClass(bidi.B)
	clsS   = bidiClass(bidi.S)
	clsWS  = bidiClass(bidi.WS)
	clsON  = bidiClass(bidi.ON)
	clsBN  = bidiClass(bidi.BN)
	clsNSM = bidiClass(bidi.NSM)
	clsAL  = bidiClass(bidi.AL)
	clsLRO = bidiClass(bidi.LRO)
	clsRLO = bidiClass(bidi.RLO)
	clsLRE = bidiClass(bidi.LRE)
	clsRLE = bidiClass(bidi.RLE)
	clsPDF = bidiClass(bidi.PDF)
	clsLRI = bidiClass(bidi.LRI)
	clsRLI = bidiClass(bidi.RLI)
	clsFSI = bidiClass(bidi.FSI)
	clsPDI = bidiClass(bidi.PDI)
)

// maxDepth is the deepest explicit embedding level (BD2).
const maxDepth = 125

// maxBracketPairs is the size of the bracket stack of BD16.
const maxBracketPairs = 63

var asciiClass [128]bidiClass

func init() {
	for r := range asciiClass {
		p, _ := bidi.LookupRune(rune(r))
		asciiClass[r] = bidiClass(p.Class())
	}
}

// classOf returns the Bidi_Class of r.
func classOf(r rune) bidiClass {
	if r >= 0 && r < 0x80 {
		return asciiClass[r]
	}
	p, _ := bidi.LookupRune(r)
	return bidiClass(p.Class())
}

func (c bidiClass) isIsolateInitiator() bool { return c == clsLRI || c == clsRLI || c == clsFSI }

// removedByX9 reports whether rule X9 removes characters of class c.
func (c bidiClass) removedByX9() bool {
	switch c {
	case clsRLE, clsLRE, clsRLO, clsLRO, clsPDF, clsBN:
		return true
	}
	return false
}

// isNI reports whether c is a neutral or isolate formatting class (N1).
func (c bidiClass) isNI() bool {
	switch c {
	case clsB, clsS, clsWS, clsON, clsLRI, clsRLI, clsFSI, clsPDI:
		return true
	}
	return false
}

// canonicalBracket maps the two brackets that have canonical equivalents
// (U+2329, U+232A) onto them, as BD16 requires.
func canonicalBracket(r rune) rune {
	switch r {
	case 0x2329:
		return 0x3008
	case 0x232A:
		return 0x3009
	}
	return r
}

// bracketOf returns r's Bidi_Paired_Bracket (canonicalised) and whether r is
// an opening bracket; ok is false when r is not a paired bracket.
func bracketOf(r rune) (pair rune, opening, ok bool) {
	if r < 0x80 {
		switch r {
		case '(':
			return ')', true, true
		case ')':
			return '(', false, true
		case '[':
			return ']', true, true
		case ']':
			return '[', false, true
		case '{':
			return '}', true, true
		case '}':
			return '{', false, true
		}
		return 0, false, false
	}
	p, _ := bidi.LookupRune(r)
	if !p.IsBracket() {
		return 0, false, false
	}
	m, found := unicodedata.LookupMirrorChar(r)
	if !found {
		return 0, false, false
	}
	return canonicalBracket(m), p.IsOpeningBracket(), true
}

// firstStrong returns 0 or 1 for the first L or R/AL character of
// classes[start:end] outside isolates (rules P2, P3), or -1 if there is
// none. An isolate initiator without a matching PDI hides the rest.
func firstStrong(classes []bidiClass, start, end int) int {
	depth := 0
	for i := start; i < end; i++ {
		switch c := classes[i]; c {
		case clsL:
			if depth == 0 {
				return 0
			}
		case clsR, clsAL:
			if depth == 0 {
				return 1
			}
		case clsLRI, clsRLI, clsFSI:
			depth++
		case clsPDI:
			if depth > 0 {
				depth--
			}
		case clsB:
			return -1
		}
	}
	return -1
}

// paragraphLevel returns the paragraph embedding level of a paragraph by
// rules P2 and P3, or def if it holds no strong character outside isolates.
func paragraphLevel(classes []bidiClass, def uint8) uint8 {
	switch firstStrong(classes, 0, len(classes)) {
	case 0:
		return 0
	case 1:
		return 1
	}
	return def
}

// bidiResolver resolves embedding levels; its buffers are reused between
// paragraphs, so one resolver must not be used by two goroutines at once.
type bidiResolver struct {
	runes     []rune
	classes   []bidiClass // original classes
	types     []bidiClass // working classes
	levels    []uint8     // resolved levels
	elevels   []uint8     // explicit embedding levels (X1–X8), read by X10
	paraLevel uint8

	matchingPDI  []int32 // for isolate initiators: index of the matching PDI, or -1
	matchingInit []int32 // for PDIs: index of the matching initiator, or -1

	// scratch
	runOf  []int32
	runs   []levelRun
	seqIdx []int
	seqT   []bidiClass
	stack  []bracketEntry
	pairs  []bracketPair
	dstack []dirStatus
}

type levelRun struct{ start, end int32 } // indexes into the non-removed index list

type bracketEntry struct {
	pair rune
	pos  int
}

type bracketPair struct{ open, close int }

type dirStatus struct {
	level    uint8
	override bidiClass // clsON for neutral
	isolate  bool
}

func growClasses(s []bidiClass, n int) []bidiClass {
	if cap(s) < n {
		return make([]bidiClass, n, n+n/4)
	}
	return s[:n]
}

func growInt32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, n+n/4)
	}
	return s[:n]
}

// resolve computes r.levels for the paragraph runes with original classes.
// forced is 0 or 1 to impose a paragraph level, -1 to apply P2/P3 with def
// as the level of a paragraph without strong characters. classes must hold
// no paragraph separator except possibly as its last element. The result
// levels of characters removed by X9 are those of the preceding character
// (the paragraph level at the start), which is what drawing needs.
func (r *bidiResolver) resolve(runes []rune, classes []bidiClass, forced int, def uint8) []uint8 {
	n := len(classes)
	r.runes = runes
	r.classes = classes
	r.types = growClasses(r.types, n)
	copy(r.types, classes)
	if cap(r.levels) < n {
		r.levels = make([]uint8, n, n+n/4)
	}
	r.levels = r.levels[:n]

	// Quick scan: what kinds of characters are present?
	hasRTL, hasExplicit, hasIsolate := false, false, false
	for _, c := range classes {
		switch c {
		case clsR, clsAL, clsAN:
			hasRTL = true
		case clsLRE, clsRLE, clsLRO, clsRLO, clsPDF:
			hasExplicit = true
		case clsLRI, clsRLI, clsFSI, clsPDI:
			hasIsolate = true
		}
	}
	if forced >= 0 {
		r.paraLevel = uint8(forced)
	} else {
		r.paraLevel = paragraphLevel(classes, def)
	}
	// Fast path: plain left-to-right text in a left-to-right paragraph.
	if !hasRTL && !hasExplicit && !hasIsolate && r.paraLevel == 0 {
		for i := range r.levels {
			r.levels[i] = 0
		}
		return r.levels
	}
	if hasIsolate {
		r.matchIsolates()
	} else {
		r.matchingPDI = r.matchingPDI[:0]
		r.matchingInit = r.matchingInit[:0]
	}
	r.explicitLevels(hasIsolate)
	if cap(r.elevels) < n {
		r.elevels = make([]uint8, n, n+n/4)
	}
	r.elevels = r.elevels[:n]
	copy(r.elevels, r.levels)
	r.resolveSequences(hasIsolate)
	// Characters removed by X9 take the level of the preceding character.
	prev := r.paraLevel
	for i, c := range classes {
		if c.removedByX9() {
			r.levels[i] = prev
		} else {
			prev = r.levels[i]
		}
	}
	return r.levels
}

// matchIsolates pairs isolate initiators with PDIs (BD9).
func (r *bidiResolver) matchIsolates() {
	n := len(r.classes)
	r.matchingPDI = growInt32(r.matchingPDI, n)
	r.matchingInit = growInt32(r.matchingInit, n)
	var open []int32
	for i, c := range r.classes {
		r.matchingPDI[i] = -1
		r.matchingInit[i] = -1
		switch {
		case c.isIsolateInitiator():
			open = append(open, int32(i))
		case c == clsPDI:
			if len(open) > 0 {
				j := open[len(open)-1]
				open = open[:len(open)-1]
				r.matchingPDI[j] = int32(i)
				r.matchingInit[i] = j
			}
		case c == clsB:
			open = open[:0]
		}
	}
}

func (r *bidiResolver) pdiOf(i int) int {
	if len(r.matchingPDI) == 0 {
		return -1
	}
	return int(r.matchingPDI[i])
}

func (r *bidiResolver) initOf(i int) int {
	if len(r.matchingInit) == 0 {
		return -1
	}
	return int(r.matchingInit[i])
}

func leastOdd(l uint8) uint8  { return (l + 1) | 1 }
func leastEven(l uint8) uint8 { return (l + 2) &^ 1 }

// explicitLevels applies rules X1–X8.
func (r *bidiResolver) explicitLevels(hasIsolate bool) {
	classes, types, levels := r.classes, r.types, r.levels
	if !hasIsolate {
		// Without isolates or embeddings (the usual case) every level is the
		// paragraph level and X1–X8 change nothing else.
		explicit := false
		for _, c := range classes {
			if c >= clsLRO {
				explicit = true
				break
			}
		}
		if !explicit {
			for i := range levels {
				levels[i] = r.paraLevel
			}
			return
		}
	}
	stack := r.dstack[:0]
	stack = append(stack, dirStatus{level: r.paraLevel, override: clsON})
	overflowIsolates, overflowEmbeddings, validIsolates := 0, 0, 0
	for i, c := range classes {
		top := stack[len(stack)-1]
		switch c {
		case clsRLE, clsLRE, clsRLO, clsLRO:
			var nl uint8
			if c == clsRLE || c == clsRLO {
				nl = leastOdd(top.level)
			} else {
				nl = leastEven(top.level)
			}
			levels[i] = top.level
			if nl <= maxDepth && overflowIsolates == 0 && overflowEmbeddings == 0 {
				ov := clsON
				if c == clsRLO {
					ov = clsR
				} else if c == clsLRO {
					ov = clsL
				}
				stack = append(stack, dirStatus{level: nl, override: ov})
			} else if overflowIsolates == 0 {
				overflowEmbeddings++
			}
		case clsRLI, clsLRI, clsFSI:
			levels[i] = top.level
			if top.override != clsON {
				types[i] = top.override
			}
			isRTL := c == clsRLI
			if c == clsFSI {
				end := r.pdiOf(i)
				if end < 0 {
					end = len(classes)
				}
				isRTL = firstStrong(classes, i+1, end) == 1
			}
			var nl uint8
			if isRTL {
				nl = leastOdd(top.level)
			} else {
				nl = leastEven(top.level)
			}
			if nl <= maxDepth && overflowIsolates == 0 && overflowEmbeddings == 0 {
				validIsolates++
				stack = append(stack, dirStatus{level: nl, override: clsON, isolate: true})
			} else {
				overflowIsolates++
			}
		case clsPDI:
			if overflowIsolates > 0 {
				overflowIsolates--
			} else if validIsolates > 0 {
				overflowEmbeddings = 0
				for !stack[len(stack)-1].isolate {
					stack = stack[:len(stack)-1]
				}
				stack = stack[:len(stack)-1]
				validIsolates--
			}
			top = stack[len(stack)-1]
			levels[i] = top.level
			if top.override != clsON {
				types[i] = top.override
			}
		case clsPDF:
			levels[i] = top.level
			if overflowIsolates > 0 {
			} else if overflowEmbeddings > 0 {
				overflowEmbeddings--
			} else if !top.isolate && len(stack) >= 2 {
				stack = stack[:len(stack)-1]
			}
		case clsB:
			levels[i] = r.paraLevel
		case clsBN:
			levels[i] = top.level
		default:
			levels[i] = top.level
			if top.override != clsON {
				types[i] = top.override
			}
		}
	}
	r.dstack = stack
}

// resolveSequences applies X10 and, per isolating run sequence, W1–W7,
// N0–N2 and I1–I2.
func (r *bidiResolver) resolveSequences(hasIsolate bool) {
	classes, levels := r.classes, r.levels
	n := len(classes)
	// Level runs over the characters X9 keeps.
	r.runs = r.runs[:0]
	r.runOf = growInt32(r.runOf, n)
	idx := r.seqIdx[:0]
	for i, c := range classes {
		r.runOf[i] = -1
		if c.removedByX9() {
			continue
		}
		if len(idx) == 0 || levels[idx[len(idx)-1]] != levels[i] {
			if len(r.runs) > 0 {
				r.runs[len(r.runs)-1].end = int32(len(idx))
			}
			r.runs = append(r.runs, levelRun{start: int32(len(idx))})
		}
		r.runOf[i] = int32(len(r.runs) - 1)
		idx = append(idx, i)
	}
	if len(r.runs) > 0 {
		r.runs[len(r.runs)-1].end = int32(len(idx))
	}
	all := idx
	r.seqIdx = idx
	var seq []int
	for ri, run := range r.runs {
		first := all[run.start]
		if hasIsolate && classes[first] == clsPDI && r.initOf(first) >= 0 {
			continue // continues the sequence of its initiator
		}
		seq = seq[:0]
		cur := ri
		for {
			rr := r.runs[cur]
			seq = append(seq, all[rr.start:rr.end]...)
			last := all[rr.end-1]
			if !hasIsolate || !classes[last].isIsolateInitiator() {
				break
			}
			pdi := r.pdiOf(last)
			if pdi < 0 {
				break
			}
			cur = int(r.runOf[pdi])
		}
		r.resolveSequence(seq)
	}
}

func dirOfLevel(l uint8) bidiClass {
	if l&1 == 1 {
		return clsR
	}
	return clsL
}

// resolveSequence resolves one isolating run sequence given as indexes.
func (r *bidiResolver) resolveSequence(seq []int) {
	classes, levels, elevels := r.classes, r.levels, r.elevels
	level := elevels[seq[0]]
	// sos and eos (X10).
	prevLevel := r.paraLevel
	for j := seq[0] - 1; j >= 0; j-- {
		if !classes[j].removedByX9() {
			prevLevel = elevels[j]
			break
		}
	}
	last := seq[len(seq)-1]
	nextLevel := r.paraLevel
	if !(classes[last].isIsolateInitiator()) {
		for j := last + 1; j < len(classes); j++ {
			if !classes[j].removedByX9() {
				nextLevel = elevels[j]
				break
			}
		}
	}
	sos := dirOfLevel(max(prevLevel, level))
	eos := dirOfLevel(max(nextLevel, level))

	t := growClasses(r.seqT, len(seq))
	r.seqT = t
	for k, i := range seq {
		t[k] = r.types[i]
	}

	// Skip the weak-type rules when the sequence holds only strong and
	// neutral characters (the usual case in prose).
	weak := false
	for _, c := range t {
		switch c {
		case clsNSM, clsEN, clsAN, clsES, clsET, clsCS, clsAL:
			weak = true
		}
		if weak {
			break
		}
	}
	if weak {
		r.weakTypes(t, sos)
	}
	r.brackets(seq, t, sos, level)
	neutralTypes(t, sos, eos, level)

	// I1, I2.
	for k, i := range seq {
		c := t[k]
		if level&1 == 0 {
			if c == clsR {
				levels[i] = level + 1
			} else if c == clsAN || c == clsEN {
				levels[i] = level + 2
			}
		} else if c == clsL || c == clsEN || c == clsAN {
			levels[i] = level + 1
		}
	}
}

// weakTypes applies W1–W7 to the sequence types t.
func (r *bidiResolver) weakTypes(t []bidiClass, sos bidiClass) {
	// W1.
	for k, c := range t {
		if c != clsNSM {
			continue
		}
		if k == 0 {
			t[k] = sos
		} else if p := t[k-1]; p.isIsolateInitiator() || p == clsPDI {
			t[k] = clsON
		} else {
			t[k] = p
		}
	}
	// W2, W3.
	strong := sos
	for k, c := range t {
		switch c {
		case clsL, clsR:
			strong = c
		case clsAL:
			strong = c
			t[k] = clsR
		case clsEN:
			if strong == clsAL {
				t[k] = clsAN
			}
		}
	}
	// W4.
	for k := 1; k+1 < len(t); k++ {
		c := t[k]
		if c == clsES && t[k-1] == clsEN && t[k+1] == clsEN {
			t[k] = clsEN
		} else if c == clsCS {
			if t[k-1] == clsEN && t[k+1] == clsEN {
				t[k] = clsEN
			} else if t[k-1] == clsAN && t[k+1] == clsAN {
				t[k] = clsAN
			}
		}
	}
	// W5.
	for k := 0; k < len(t); k++ {
		if t[k] != clsET {
			continue
		}
		end := k
		for end < len(t) && t[end] == clsET {
			end++
		}
		if (k > 0 && t[k-1] == clsEN) || (end < len(t) && t[end] == clsEN) {
			for j := k; j < end; j++ {
				t[j] = clsEN
			}
		}
		k = end - 1
	}
	// W6.
	for k, c := range t {
		if c == clsES || c == clsET || c == clsCS {
			t[k] = clsON
		}
	}
	// W7.
	strong = sos
	for k, c := range t {
		switch c {
		case clsL, clsR:
			strong = c
		case clsEN:
			if strong == clsL {
				t[k] = clsL
			}
		}
	}
}

// strongOf maps a resolved type onto L or R for N0 and N1 (EN and AN count
// as R); other types give clsON.
func strongOf(c bidiClass) bidiClass {
	switch c {
	case clsL:
		return clsL
	case clsR, clsAL, clsEN, clsAN:
		return clsR
	}
	return clsON
}

// brackets applies N0.
func (r *bidiResolver) brackets(seq []int, t []bidiClass, sos bidiClass, level uint8) {
	// BD16: locate bracket pairs.
	stack := r.stack[:0]
	pairs := r.pairs[:0]
	for k, i := range seq {
		if t[k] != clsON {
			continue
		}
		ch := r.runes[i]
		pair, opening, ok := bracketOf(ch)
		if !ok {
			continue
		}
		if opening {
			if len(stack) == maxBracketPairs {
				break
			}
			stack = append(stack, bracketEntry{pair: pair, pos: k})
			continue
		}
		ch = canonicalBracket(ch)
		for s := len(stack) - 1; s >= 0; s-- {
			if stack[s].pair == ch {
				pairs = append(pairs, bracketPair{open: stack[s].pos, close: k})
				stack = stack[:s]
				break
			}
		}
	}
	r.stack = stack
	r.pairs = pairs
	if len(pairs) == 0 {
		return
	}
	// Sort by opening position (insertion sort: pairs are few and nearly sorted).
	for a := 1; a < len(pairs); a++ {
		for b := a; b > 0 && pairs[b].open < pairs[b-1].open; b-- {
			pairs[b], pairs[b-1] = pairs[b-1], pairs[b]
		}
	}
	e := dirOfLevel(level)
	for _, p := range pairs {
		found := clsON
		for k := p.open + 1; k < p.close; k++ {
			s := strongOf(t[k])
			if s == clsON {
				continue
			}
			if s == e {
				found = e
				break
			}
			found = s
		}
		if found == clsON {
			continue
		}
		dir := e
		if found != e {
			ctx := sos
			for k := p.open - 1; k >= 0; k-- {
				if s := strongOf(t[k]); s != clsON {
					ctx = s
					break
				}
			}
			if ctx == found {
				dir = found
			}
		}
		t[p.open], t[p.close] = dir, dir
		// NSMs following a bracket take its new type.
		for _, b := range [2]int{p.open, p.close} {
			for k := b + 1; k < len(seq) && r.classes[seq[k]] == clsNSM; k++ {
				t[k] = dir
			}
		}
	}
}

// neutralTypes applies N1 and N2.
func neutralTypes(t []bidiClass, sos, eos bidiClass, level uint8) {
	e := dirOfLevel(level)
	for k := 0; k < len(t); k++ {
		if !t[k].isNI() {
			continue
		}
		end := k
		for end < len(t) && t[end].isNI() {
			end++
		}
		before := sos
		if k > 0 {
			before = strongOf(t[k-1])
		}
		after := eos
		if end < len(t) {
			after = strongOf(t[end])
		}
		dir := e
		if before == after && before != clsON {
			dir = before
		}
		for j := k; j < end; j++ {
			t[j] = dir
		}
		k = end - 1
	}
}

// lineLevels returns the levels of the line [start, end) of a resolved
// paragraph after rule L1, in dst (reallocated if too small): segment and
// paragraph separators, and any whitespace or isolate formatting characters
// before them or at the end of the line, take the paragraph level.
// Characters removed by X9 inside such sequences go along with them.
func lineLevels(dst []uint8, classes []bidiClass, levels []uint8, start, end int, paraLevel uint8) []uint8 {
	n := end - start
	if cap(dst) < n {
		dst = make([]uint8, n)
	}
	dst = dst[:n]
	copy(dst, levels[start:end])
	trailing := true // inside a sequence that reaches a separator or the end
	for i := end - 1; i >= start; i-- {
		c := classes[i]
		switch {
		case c == clsS || c == clsB:
			dst[i-start] = paraLevel
			trailing = true
		case trailing && (c == clsWS || c.isIsolateInitiator() || c == clsPDI || c.removedByX9()):
			dst[i-start] = paraLevel
		default:
			trailing = false
		}
	}
	return dst
}

// visualOrder returns, for levels of one line, the logical indexes in
// visual order from left to right (rule L2), in dst.
func visualOrder(dst []int, levels []uint8) []int {
	n := len(levels)
	if cap(dst) < n {
		dst = make([]int, n)
	}
	dst = dst[:n]
	var hi, lo uint8 = 0, 255
	for i, l := range levels {
		dst[i] = i
		hi = max(hi, l)
		lo = min(lo, l)
	}
	lo |= 1 // the lowest odd level on the line
	for lvl := hi; lvl >= lo && lvl > 0; lvl-- {
		for i := 0; i < n; {
			if levels[dst[i]] < lvl {
				i++
				continue
			}
			j := i
			for j < n && levels[dst[j]] >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				dst[a], dst[b] = dst[b], dst[a]
			}
			i = j
		}
	}
	return dst
}
