package layout

// Line is one visual line of a laid-out paragraph.
type Line struct {
	Paragraph  int     // index of its paragraph
	Start, End int     // code points of the whole text; End excludes the paragraph's '\n'
	RTL        bool    // the paragraph's direction: right-aligned when true
	Y          float32 // top of the line box (badge band included)
	Height     float32 // height of the line box: Band + the text line
	Band       float32 // height of the band reserved above the text for span labels
	Baseline   float32 // y of the baseline
	Ascent     float32 // strut ascent above the baseline
	Descent    float32 // strut descent below the baseline
	X, Width   float32 // horizontal extent of the content (collapsed trailing space excluded)
	Runs       []Run   // visual order, left to right
}

// TextTop returns the top of the text line, below the badge band.
func (l *Line) TextTop() float32 { return l.Y + l.Band }

// Run is a maximal piece of a line at one bidi embedding level: all its
// text goes one direction.
type Run struct {
	Start, End int       // code points of the whole text (logical: Start < End)
	RTL        bool      // drawn right to left
	Level      int       // resolved bidi embedding level
	X, Width   float32   // from the left edge of the text area
	Clusters   []Cluster // glyph clusters in visual order, left to right
	frags      []frag
}

// Cluster is a glyph cluster: the smallest unit the shaper draws — a
// letter with its harakat, a ligature such as lam-alef, an emoji
// sequence. White space collapsed at the end of a line has zero advance.
type Cluster struct {
	Start, End int     // code points of the whole text
	X, Advance float32 // from the left edge of the text area
}

// frag is a contiguous range of one shaped piece's clusters drawn in a run.
type frag struct {
	sh     *shaped
	c0, c1 int32   // clusters sh.clusters[c0:c1]
	x      float32 // left edge, in the text area
	zero   bool    // collapsed trailing white space
}

// lineFrag is a fragment of a line being built, in logical order.
type lineFrag struct {
	piece     int // index of its piece: one shaping may serve several pieces
	sh        *shaped
	c0, c1    int32 // cluster index range (visual order within sh)
	start     int32 // paragraph-relative logical range
	end       int32
	level     uint8
	collapsed bool
	width     float32
}

// lineBuilder holds scratch buffers for building lines.
type lineBuilder struct {
	levels []uint8
	frags  []lineFrag
	flev   []uint8
	order  []int
	firsts []int
}

// metrics are the vertical metrics shared by every line of a layout.
type metrics struct {
	width       float32
	lineHeight  float32 // text line, without band
	band        float32
	ascent      float32
	descent     float32
	baselineOff float32 // from the top of the text line
	paraSpacing float32
}

// buildLines lays out the lines of a paragraph; y of the lines is relative
// to the top of the paragraph.
func (b *lineBuilder) buildLines(sp *shapedPara, index int, spans []lineSpan, m *metrics) []Line {
	p := sp.text
	rtl := p.paraLevel == 1
	lines := make([]Line, len(spans))
	// One backing array for all clusters of the paragraph.
	clusters := make([]Cluster, 0, len(p.runes))
	y := float32(0)
	for li, span := range spans {
		l := &lines[li]
		l.Paragraph = index
		l.Start, l.End = p.start+int(span.start), p.start+int(span.end)
		l.RTL = rtl
		l.Y = y
		l.Band = m.band
		l.Height = m.band + m.lineHeight
		l.Ascent, l.Descent = m.ascent, m.descent
		l.Baseline = y + m.band + m.baselineOff
		y += l.Height
		var runs []Run
		runs, clusters = b.buildRuns(sp, span, m.width, clusters, l)
		l.Runs = runs
	}
	return lines
}

// buildRuns computes the runs of one line and their clusters, appending
// clusters to buf.
func (b *lineBuilder) buildRuns(sp *shapedPara, span lineSpan, width float32, buf []Cluster, l *Line) ([]Run, []Cluster) {
	p := sp.text
	ls, le := int(span.start), int(span.end)
	if ls == le {
		if l.RTL {
			l.X = width
		}
		return nil, buf
	}
	b.levels = lineLevels(b.levels, p.classes, p.levels, ls, le, p.paraLevel)
	tc := le
	for tc > ls && collapsible(p.classes[tc-1]) {
		tc--
	}
	// Fragments in logical order, split where the line level or the
	// collapsing changes.
	b.frags = b.frags[:0]
	pi := pieceAt(sp.pieces, int32(ls))
	for ; pi < len(sp.pieces) && int(sp.pieces[pi].start) < le; pi++ {
		pc := &sp.pieces[pi]
		cs := pc.sh.clusters
		nc := int32(len(cs))
		for k := int32(0); k < nc; k++ {
			ci := k // logical k-th cluster
			if pc.sh.rtl {
				ci = nc - 1 - k
			}
			c := cs[ci]
			pos := int(pc.start + c.start)
			if pos < ls || pos >= le {
				continue
			}
			lev := b.levels[pos-ls]
			col := pos >= tc
			end := pc.start + c.end
			if nf := len(b.frags); nf > 0 {
				f := &b.frags[nf-1]
				if f.piece == pi && f.level == lev && f.collapsed == col && f.end == pc.start+c.start {
					if pc.sh.rtl {
						f.c0 = ci
					} else {
						f.c1 = ci + 1
					}
					f.end = end
					if !col {
						f.width += c.adv
					}
					continue
				}
			}
			f := lineFrag{piece: pi, sh: pc.sh, c0: ci, c1: ci + 1, start: pc.start + c.start, end: end, level: lev, collapsed: col}
			if !col {
				f.width = c.adv
			}
			b.frags = append(b.frags, f)
		}
	}
	// Visual order (L2).
	b.flev = b.flev[:0]
	for _, f := range b.frags {
		b.flev = append(b.flev, f.level)
	}
	b.order = visualOrder(b.order, b.flev)
	content := float32(0)
	for _, f := range b.frags {
		content += f.width
	}
	x := float32(0)
	if l.RTL {
		x = width - content
	}
	l.X, l.Width = x, content
	var runs []Run
	firsts := b.firsts[:0]
	for _, fi := range b.order {
		f := &b.frags[fi]
		rtl := f.level&1 == 1
		// Merge with the previous run when it continues it logically.
		merge := false
		if nr := len(runs); nr > 0 {
			r := &runs[nr-1]
			merge = r.Level == int(f.level) && ((!rtl && r.End == p.start+int(f.start)) || (rtl && r.Start == p.start+int(f.end)))
		}
		if !merge {
			runs = append(runs, Run{Start: p.start + int(f.start), End: p.start + int(f.end), RTL: rtl, Level: int(f.level), X: x})
			firsts = append(firsts, len(buf))
		}
		r := &runs[len(runs)-1]
		r.frags = append(r.frags, frag{sh: f.sh, c0: f.c0, c1: f.c1, x: x, zero: f.collapsed})
		base := p.start + pieceBase(f)
		for ci := f.c0; ci < f.c1; ci++ {
			c := f.sh.clusters[ci]
			adv := c.adv
			if f.collapsed {
				adv = 0
			}
			buf = append(buf, Cluster{Start: base + int(c.start), End: base + int(c.end), X: x, Advance: adv})
			x += adv
		}
		r.Width = x - r.X
		r.Start = min(r.Start, p.start+int(f.start))
		r.End = max(r.End, p.start+int(f.end))
	}
	firsts = append(firsts, len(buf))
	for i := range runs {
		runs[i].Clusters = buf[firsts[i]:firsts[i+1]:firsts[i+1]]
	}
	b.firsts = firsts
	return runs, buf
}

// pieceBase returns the paragraph-relative start of the piece f belongs
// to: the logical start of its clusters minus their piece-relative start.
func pieceBase(f *lineFrag) int {
	// f.start is the start of the logically first cluster of f.
	first := f.c0
	if f.sh.rtl {
		first = f.c1 - 1
	}
	return int(f.start) - int(f.sh.clusters[first].start)
}

// pieceAt returns the index of the piece containing rune pos.
func pieceAt(pieces []piece, pos int32) int {
	lo, hi := 0, len(pieces)
	for lo < hi {
		m := (lo + hi) / 2
		if pieces[m].end <= pos {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
