package layout

import (
	"github.com/go-text/typesetting/language"
)

// paraText is the width- and size-independent analysis of one paragraph:
// bidi levels, faces and line-break opportunities.
type paraText struct {
	start     int // code point offset of the paragraph in the document
	runes     []rune
	classes   []bidiClass
	levels    []uint8 // resolved paragraph levels (before L1)
	paraLevel uint8
	faces     []FaceID
	scripts   []language.Script
	// breaks lists the positions (relative rune indexes, 0 < b < len) before
	// which a line may break; mandatory ones are also in hard.
	breaks []int32
	hard   []int32
}

func (w *worker) analyse(runes []rune, start int, articleRTL bool) *paraText {
	n := len(runes)
	p := &paraText{start: start, runes: runes, classes: make([]bidiClass, n), faces: make([]FaceID, n)}
	for i, r := range runes {
		p.classes[i] = classOf(r)
	}
	def := uint8(0)
	if articleRTL {
		def = 1
	}
	if n > 0 {
		levels := w.bidi.resolve(runes, p.classes, -1, def)
		p.levels = append([]uint8(nil), levels...)
		p.paraLevel = w.bidi.paraLevel
	} else {
		p.paraLevel = def
	}
	p.scripts = make([]language.Script, n)
	w.fs.chooseFaces(runes, p.faces, p.scripts, p.paraLevel == 1)
	p.breaks, p.hard = lineBreaks(runes, nil, nil)
	return p
}

// piece is a run of text shaped as one: same level, face and script, and
// no line-break opportunity inside (except between joining letters).
type piece struct {
	start, end int32 // relative to the paragraph
	level      uint8
	sh         *shaped
}

// segment is the text between two consecutive line-break opportunities.
type segment struct {
	start, end int32   // relative to the paragraph
	p0, p1     int32   // its pieces
	width      float32 // advance of the whole segment
	trail      float32 // advance of its trailing whitespace
	hard       bool    // a mandatory break follows
}

// shapedPara is the shaping of one paragraph at one font size.
type shapedPara struct {
	text   *paraText
	pieces []piece
	segs   []segment
}

func joins(k runeKind) bool { return k == kindArabic }

func (e *Engine) shapeParagraph(w *worker, p *paraText, size int32) *shapedPara {
	sp := &shapedPara{text: p}
	n := len(p.runes)
	if n == 0 {
		return sp
	}
	// Piece boundaries: level, face or script changes, and break
	// opportunities not between two Arabic letters.
	bi := 0
	start := 0
	isBreak := func(i int) bool {
		for bi < len(p.breaks) && int(p.breaks[bi]) < i {
			bi++
		}
		return bi < len(p.breaks) && int(p.breaks[bi]) == i
	}
	for i := 1; i <= n; i++ {
		cut := i == n
		if !cut {
			cut = p.levels[i] != p.levels[start] || p.faces[i] != p.faces[start] || p.scripts[i] != p.scripts[start]
			if !cut && isBreak(i) {
				k1, _ := kindOf(p.runes[i-1], p.runes[i])
				k2, _ := kindOf(p.runes[i], 0)
				cut = !(joins(k1) && joins(k2) && isLetter(p.runes[i-1]) && isLetter(p.runes[i]))
			}
		}
		if !cut {
			continue
		}
		f := p.faces[start]
		sh := e.shape(w, p.runes[start:i], f, p.levels[start]&1 == 1, p.scripts[start], size)
		sp.pieces = append(sp.pieces, piece{start: int32(start), end: int32(i), level: p.levels[start], sh: sh})
		start = i
	}
	// Segments: between break opportunities that fall on piece boundaries.
	hi := 0
	segStart, p0 := 0, 0
	width := float32(0)
	for pi, pc := range sp.pieces {
		width += pc.sh.advance
		end := int(pc.end)
		atBreak := end == n
		if !atBreak {
			atBreak = containsInt32(p.breaks, int32(end))
		}
		if !atBreak {
			continue
		}
		seg := segment{start: int32(segStart), end: int32(end), p0: int32(p0), p1: int32(pi + 1), width: width}
		for hi < len(p.hard) && int(p.hard[hi]) < end {
			hi++
		}
		seg.hard = hi < len(p.hard) && int(p.hard[hi]) == end
		seg.trail = sp.trailingWhitespace(seg)
		sp.segs = append(sp.segs, seg)
		segStart, p0, width = end, pi+1, 0
	}
	return sp
}

func containsInt32(s []int32, v int32) bool {
	lo, hi := 0, len(s)
	for lo < hi {
		m := (lo + hi) / 2
		if s[m] < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(s) && s[lo] == v
}

func isLetter(r rune) bool {
	k, _ := kindOf(r, 0)
	if k == kindMark {
		return true
	}
	return r >= 0x0620 && r <= 0x064A || r >= 0x066E && r <= 0x06D3 || r == 0x0640 || r == 0x200D ||
		r >= 0x06FA && r <= 0x06FC || r >= 0x0750 && r <= 0x077F || r >= 0x08A0 && r <= 0x08C9
}

// collapsible reports the classes of trailing characters that collapse to
// zero width at the end of a line: white space, invisible boundary
// neutrals and explicit directional formatting characters.
func collapsible(c bidiClass) bool {
	return c == clsWS || c.removedByX9() || c.isIsolateInitiator() || c == clsPDI
}

// trailingWhitespace returns the advance of the collapsible characters at
// the end of seg.
func (sp *shapedPara) trailingWhitespace(seg segment) float32 {
	p := sp.text
	t := int(seg.end)
	for t > int(seg.start) && collapsible(p.classes[t-1]) {
		t--
	}
	if t == int(seg.end) {
		return 0
	}
	w := float32(0)
	for pi := seg.p0; pi < seg.p1; pi++ {
		pc := sp.pieces[pi]
		if pc.end <= int32(t) {
			continue
		}
		for _, c := range pc.sh.clusters {
			if pc.start+c.start >= int32(t) {
				w += c.adv
			}
		}
	}
	return w
}

// lineSpan is a line's range within its paragraph, found by wrapping.
type lineSpan struct{ start, end int32 }

// wrap breaks the paragraph into lines at most width wide (greedy, at
// line-break opportunities; trailing white space hangs). A segment wider
// than a whole line is cut between glyph clusters.
func (sp *shapedPara) wrap(width float32, dst []lineSpan) []lineSpan {
	n := int32(len(sp.text.runes))
	if n == 0 || len(sp.segs) == 0 {
		return append(dst, lineSpan{0, n})
	}
	const eps = 1.0 / 128
	lineStart := int32(0)
	lineW := float32(0)
	empty := true
	for _, s := range sp.segs {
		if !empty && lineW+s.width-s.trail > width+eps {
			dst = append(dst, lineSpan{lineStart, s.start})
			lineStart, lineW, empty = s.start, 0, true
		}
		if empty && s.width-s.trail > width+eps {
			// Emergency: cut the segment between clusters.
			var cuts []int32
			cuts, lineW = sp.cutSegment(s, width)
			for _, c := range cuts {
				dst = append(dst, lineSpan{lineStart, c})
				lineStart = c
			}
		} else {
			lineW += s.width
		}
		empty = false
		if s.hard {
			dst = append(dst, lineSpan{lineStart, s.end})
			lineStart, lineW, empty = s.end, 0, true
		}
	}
	if lineStart < n || empty {
		dst = append(dst, lineSpan{lineStart, n})
	}
	return dst
}

// cutSegment returns where to cut a segment too wide for a line, and the
// width left on its last line.
func (sp *shapedPara) cutSegment(s segment, width float32) (cuts []int32, rest float32) {
	type cl struct {
		start int32
		adv   float32
	}
	var cls []cl
	for pi := s.p0; pi < s.p1; pi++ {
		pc := sp.pieces[pi]
		cs := pc.sh.clusters
		if pc.sh.rtl {
			for i := len(cs) - 1; i >= 0; i-- {
				cls = append(cls, cl{pc.start + cs[i].start, cs[i].adv})
			}
		} else {
			for _, c := range cs {
				cls = append(cls, cl{pc.start + c.start, c.adv})
			}
		}
	}
	w := float32(0)
	for i, c := range cls {
		if i > 0 && w+c.adv > width && !collapsible(sp.text.classes[c.start]) {
			cuts = append(cuts, c.start)
			w = 0
		}
		w += c.adv
	}
	return cuts, w
}
