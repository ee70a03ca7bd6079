package layout

// Line-break opportunities (UAX #14). This is the line-breaking part of
// go-text's segmenter (github.com/go-text/typesetting/segmenter, Unlicense
// OR BSD-3-Clause, the rules of unicode14_rules.go), ported to work on line
// break classes looked up once per 256-rune block: the segmenter also
// computes grapheme and word boundaries and looks each class up by scanning
// forty range tables, which made it half the cost of a layout.
// TestLineBreaksMatchSegmenter checks that both give the same breaks.

import (
	"sync"
	"unicode"

	ucd "github.com/go-text/typesetting/unicodedata"
)

type lbClass uint8

const (
	lbXX lbClass = iota
	lbBK
	lbCR
	lbLF
	lbNL
	lbSP
	lbNU
	lbAL
	lbIS
	lbPR
	lbPO
	lbOP
	lbCL
	lbCP
	lbQU
	lbHY
	lbSG
	lbGL
	lbNS
	lbEX
	lbSY
	lbHL
	lbID
	lbIN
	lbBA
	lbBB
	lbB2
	lbZW
	lbCM
	lbEB
	lbEM
	lbWJ
	lbZWJ
	lbH2
	lbH3
	lbJL
	lbJV
	lbJT
	lbRI
	lbCB
	lbAI
	lbCJ
	lbSA
)

var lbTables = [...]struct {
	t *unicode.RangeTable
	c lbClass
}{
	{ucd.BreakBK, lbBK}, {ucd.BreakCR, lbCR}, {ucd.BreakLF, lbLF}, {ucd.BreakNL, lbNL},
	{ucd.BreakSP, lbSP}, {ucd.BreakNU, lbNU}, {ucd.BreakAL, lbAL}, {ucd.BreakIS, lbIS},
	{ucd.BreakPR, lbPR}, {ucd.BreakPO, lbPO}, {ucd.BreakOP, lbOP}, {ucd.BreakCL, lbCL},
	{ucd.BreakCP, lbCP}, {ucd.BreakQU, lbQU}, {ucd.BreakHY, lbHY}, {ucd.BreakSG, lbSG},
	{ucd.BreakGL, lbGL}, {ucd.BreakNS, lbNS}, {ucd.BreakEX, lbEX}, {ucd.BreakSY, lbSY},
	{ucd.BreakHL, lbHL}, {ucd.BreakID, lbID}, {ucd.BreakIN, lbIN}, {ucd.BreakBA, lbBA},
	{ucd.BreakBB, lbBB}, {ucd.BreakB2, lbB2}, {ucd.BreakZW, lbZW}, {ucd.BreakCM, lbCM},
	{ucd.BreakEB, lbEB}, {ucd.BreakEM, lbEM}, {ucd.BreakWJ, lbWJ}, {ucd.BreakZWJ, lbZWJ},
	{ucd.BreakH2, lbH2}, {ucd.BreakH3, lbH3}, {ucd.BreakJL, lbJL}, {ucd.BreakJV, lbJV},
	{ucd.BreakJT, lbJT}, {ucd.BreakRI, lbRI}, {ucd.BreakCB, lbCB}, {ucd.BreakAI, lbAI},
	{ucd.BreakCJ, lbCJ}, {ucd.BreakSA, lbSA},
}

// lbLookup returns the line break class of r as go-text's unicodedata
// gives it (the first table holding r).
func lbLookup(r rune) lbClass {
	for _, t := range lbTables {
		if unicode.Is(t.t, r) {
			return t.c
		}
	}
	return lbXX
}

// The class of every code point, computed per block of 256 on first use.
var (
	lbBlocks    [0x110000 >> 8]*[256]lbClass
	lbBlockOnce [0x110000 >> 8]sync.Once
)

func lbClassOf(r rune) lbClass {
	if r < 0 || r >= 0x110000 {
		return lbXX
	}
	b := r >> 8
	lbBlockOnce[b].Do(func() {
		var t [256]lbClass
		for i := range t {
			t[i] = lbLookup(b<<8 | rune(i))
		}
		lbBlocks[b] = &t
	})
	return lbBlocks[b][r&0xFF]
}

// lineBreaks appends to dst the positions 0 < i < len(text) before which a
// line may break, and to hard those where it must.
func lineBreaks(text []rune, dst, hard []int32) ([]int32, []int32) {
	n := len(text)
	if n < 2 {
		return dst, hard
	}
	const (
		noNum = iota
		inNum
		closeNum
	)
	var (
		prevPrevLine = lbXX
		prevLine     = lbXX
		line         lbClass
		nextLine     = lbClassOf(text[0])
		beforeSpaces lbClass
		riOdd        bool
		numSeq       = noNum
		prev, r      rune
	)
	for i := 0; i < n; i++ {
		prev = r
		r = text[i]
		line = nextLine
		if i+1 < n {
			nextLine = lbClassOf(text[i+1])
		} else {
			nextLine = lbBK // a paragraph separator after the end
		}
		// LB1.
		switch line {
		case lbAI, lbSG, lbXX:
			line = lbAL
		case lbSA:
			if unicode.In(r, unicode.Mn, unicode.Mc) {
				line = lbCM
			} else {
				line = lbAL
			}
		case lbCJ:
			line = lbNS
		}
		// LB25 numeric sequences (the tailoring of Example 7).
		numTrigger := false
		if line != lbCM && line != lbZWJ {
			switch numSeq {
			case noNum:
				if line == lbNU {
					numSeq = inNum
				}
			case inNum:
				switch line {
				case lbNU, lbSY, lbIS:
					numTrigger = true
				case lbCL, lbCP:
					numSeq = closeNum
					numTrigger = true
				case lbPO, lbPR:
					numSeq = noNum
					numTrigger = true
				default:
					numSeq = noNum
				}
			case closeNum:
				numSeq = noNum
				numTrigger = line == lbPO || line == lbPR
			}
		}
		op := lbRules(prevPrevLine, prevLine, line, nextLine, beforeSpaces, riOdd, numTrigger, prev, r)
		if i > 0 {
			switch op {
			case breakEmptyOp, breakAllowedOp:
				dst = append(dst, int32(i))
			case breakMandatoryOp:
				dst = append(dst, int32(i))
				hard = append(hard, int32(i))
			}
		}
		// LB9, LB10 and the state for the next rune.
		if line == lbCM || line == lbZWJ {
			if i == 0 || prevLine == lbBK || prevLine == lbCR || prevLine == lbLF ||
				prevLine == lbNL || prevLine == lbSP || prevLine == lbZW {
				prevLine = lbAL
			}
		} else {
			prevPrevLine = prevLine
			prevLine = line
		}
		if prevLine != lbSP {
			beforeSpaces = prevLine
		}
		if line == lbRI {
			riOdd = !riOdd
		} else if line != lbCM && line != lbZWJ {
			riOdd = false
		}
	}
	return dst, hard
}

const (
	breakEmptyOp = iota
	breakProhibitedOp
	breakAllowedOp
	breakMandatoryOp
)

// lbRules applies LB4–LB30b between prev (class b0) and r (class b1); the
// later rules are applied first so that earlier ones override them.
func lbRules(pp, b0, b1, next, beforeSpaces lbClass, riOdd, numTrigger bool, prev, r rune) int {
	op := breakEmptyOp
	isAL := func(c lbClass) bool { return c == lbAL || c == lbHL }
	// LB30.
	if (isAL(b0) || b0 == lbNU) && b1 == lbOP && !unicode.Is(ucd.LargeEastAsian, r) {
		op = breakProhibitedOp
	}
	if b0 == lbCP && !unicode.Is(ucd.LargeEastAsian, prev) && (isAL(b1) || b1 == lbNU) {
		op = breakProhibitedOp
	}
	// LB30a, LB30b.
	if riOdd && b1 == lbRI {
		op = breakProhibitedOp
	}
	if b0 == lbEB && b1 == lbEM {
		op = breakProhibitedOp
	}
	if b1 == lbEM && unicode.Is(ucd.Extended_Pictographic, prev) && ucd.LookupType(prev) == nil {
		op = breakProhibitedOp
	}
	// LB29, LB28.
	if b0 == lbIS && isAL(b1) {
		op = breakProhibitedOp
	}
	if isAL(b0) && isAL(b1) {
		op = breakProhibitedOp
	}
	// LB27, LB26.
	korean := func(c lbClass) bool { return c == lbJL || c == lbJV || c == lbJT || c == lbH2 || c == lbH3 }
	if korean(b0) && b1 == lbPO {
		op = breakProhibitedOp
	}
	if b0 == lbPR && korean(b1) {
		op = breakProhibitedOp
	}
	if b0 == lbJL && (b1 == lbJL || b1 == lbJV || b1 == lbH2 || b1 == lbH3) {
		op = breakProhibitedOp
	}
	if (b0 == lbJV || b0 == lbH2) && (b1 == lbJV || b1 == lbJT) {
		op = breakProhibitedOp
	}
	if (b0 == lbJT || b0 == lbH3) && b1 == lbJT {
		op = breakProhibitedOp
	}
	// LB25.
	if (b0 == lbPR || b0 == lbPO) && b1 == lbNU {
		op = breakProhibitedOp
	}
	if (b0 == lbPR || b0 == lbPO) && (b1 == lbOP || b1 == lbHY) && next == lbNU {
		op = breakProhibitedOp
	}
	if (b0 == lbOP || b0 == lbHY) && b1 == lbNU {
		op = breakProhibitedOp
	}
	if b0 == lbNU && (b1 == lbNU || b1 == lbSY || b1 == lbIS) {
		op = breakProhibitedOp
	}
	if numTrigger {
		op = breakProhibitedOp
	}
	// LB24, LB23, LB23a, LB22.
	if (b0 == lbPR || b0 == lbPO) && isAL(b1) {
		op = breakProhibitedOp
	}
	if isAL(b0) && (b1 == lbPR || b1 == lbPO) {
		op = breakProhibitedOp
	}
	if isAL(b0) && b1 == lbNU {
		op = breakProhibitedOp
	}
	if b0 == lbNU && isAL(b1) {
		op = breakProhibitedOp
	}
	if b0 == lbPR && (b1 == lbID || b1 == lbEB || b1 == lbEM) {
		op = breakProhibitedOp
	}
	if (b0 == lbID || b0 == lbEB || b0 == lbEM) && b1 == lbPO {
		op = breakProhibitedOp
	}
	if b1 == lbIN {
		op = breakProhibitedOp
	}
	// LB21 – LB9.
	if b1 == lbBA || b1 == lbHY || b1 == lbNS || b0 == lbBB {
		op = breakProhibitedOp
	}
	if pp == lbHL && (b0 == lbHY || b0 == lbBA) {
		op = breakProhibitedOp
	}
	if b0 == lbSY && b1 == lbHL {
		op = breakProhibitedOp
	}
	if b0 == lbCB || b1 == lbCB {
		op = breakAllowedOp
	}
	if b0 == lbQU || b1 == lbQU {
		op = breakProhibitedOp
	}
	if b0 == lbSP {
		op = breakAllowedOp
	}
	if beforeSpaces == lbB2 && b1 == lbB2 {
		op = breakProhibitedOp
	}
	if (beforeSpaces == lbCL || beforeSpaces == lbCP) && b1 == lbNS {
		op = breakProhibitedOp
	}
	if beforeSpaces == lbQU && b1 == lbOP {
		op = breakProhibitedOp
	}
	if beforeSpaces == lbOP {
		op = breakProhibitedOp
	}
	if b1 == lbEX {
		op = breakProhibitedOp
	}
	if b0 != lbNU && (b1 == lbCL || b1 == lbCP || b1 == lbIS || b1 == lbSY) {
		op = breakProhibitedOp
	}
	if b0 == lbGL {
		op = breakProhibitedOp
	}
	if b0 != lbSP && b0 != lbBA && b0 != lbHY && b1 == lbGL {
		op = breakProhibitedOp
	}
	if b0 == lbWJ || b1 == lbWJ {
		op = breakProhibitedOp
	}
	if b1 == lbCM || b1 == lbZWJ {
		if !(b0 == lbBK || b0 == lbCR || b0 == lbLF || b0 == lbNL || b0 == lbSP || b0 == lbZW) {
			op = breakProhibitedOp
		}
	}
	// LB8, LB8a.
	if beforeSpaces == lbZW {
		op = breakAllowedOp
	}
	if lbClassOf(prev) == lbZWJ {
		op = breakProhibitedOp
	}
	// LB7 – LB4.
	if b1 == lbSP || b1 == lbZW {
		op = breakProhibitedOp
	}
	if b1 == lbBK || b1 == lbCR || b1 == lbLF || b1 == lbNL {
		op = breakProhibitedOp
	}
	if b0 == lbBK || (b0 == lbCR && r != '\n') || b0 == lbLF || b0 == lbNL {
		op = breakMandatoryOp
	}
	return op
}
