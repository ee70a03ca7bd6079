package layout

import (
	"context"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Engine holds the bundled fonts and the caches shared by every document:
// shaped words and per-goroutine shapers. It is safe for concurrent use.
type Engine struct {
	fs     *fontSet
	shapes shapeCache
}

// workers hold shapers and faces; they do not depend on the engine, so all
// engines share them (a HarfBuzz font is costly to set up).
var workers sync.Pool

var (
	defaultEngineOnce sync.Once
	defaultEngine     *Engine
	defaultEngineErr  error
)

// NewEngine returns an engine over the fonts bundled in package assets
// that, for a character none of them has (CJK, Devanagari, …), falls back
// on the system's fonts, found through go-text's fontscan on the first
// such character; with none, the character is drawn as a missing-glyph
// box.
func NewEngine() (*Engine, error) {
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	return &Engine{fs: fs}, nil
}

// NewEngineWithFontDirs returns an engine over the bundled fonts that
// falls back on the font files under dirs instead of the system's fonts;
// with no dirs, it never falls back (every character the bundled faces
// lack is a missing-glyph box), whatever the machine has installed.
func NewEngineWithFontDirs(dirs ...string) (*Engine, error) {
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	return &Engine{fs: fs.withFallback(dirFallback(dirs))}, nil
}

// DefaultEngine returns an engine shared by the whole process, so that
// every document benefits from the same shaping cache.
func DefaultEngine() (*Engine, error) {
	defaultEngineOnce.Do(func() { defaultEngine, defaultEngineErr = NewEngine() })
	return defaultEngine, defaultEngineErr
}

func (e *Engine) getWorker() *worker {
	if w, ok := workers.Get().(*worker); ok && w.fs == e.fs {
		return w
	}
	return newWorker(e.fs)
}

func (e *Engine) putWorker(w *worker) { workers.Put(w) }

// Document is an article's text split into paragraphs (on '\n'), ready to
// be laid out at any width. It is immutable and safe for concurrent use;
// the width-independent analysis of each paragraph (bidi levels, faces,
// break opportunities) and its shaping at each font size are computed on
// first use and cached, the most recently used paragraphs only (a bounded
// amount of text, see retainBudget): the rest is recomputed when needed.
type Document struct {
	engine *Engine
	text   string
	rtl    bool // article direction, for paragraphs without strong characters
	paras  []paraSlot
	length int // code points
	texts  *retained[paraText]

	mu      sync.Mutex
	shaped  map[int32]*retained[shapedPara]
	layouts map[Options]*Layout
}

// paraSlot is where a paragraph is in the text: 16 bytes a paragraph.
type paraSlot struct {
	start, end         int32 // code points
	byteStart, byteEnd int32
}

// NewDocument prepares text for layout. dir is the article's direction,
// used for paragraphs without a strong character (empty, digits,
// punctuation); "" counts as RTL. text must be valid UTF-8.
func (e *Engine) NewDocument(text string, dir Direction) (*Document, error) {
	if !utf8.ValidString(text) {
		return nil, errorf(Invalid, "layout: text of %d bytes is not valid UTF-8", len(text))
	}
	if dir != "" && !dir.valid() {
		return nil, errorf(Invalid, "layout: unknown direction %q (want ltr or rtl)", dir)
	}
	if len(text) > math.MaxInt32 {
		return nil, errorf(Invalid, "layout: text of %d bytes is too long (at most 2 GB)", len(text))
	}
	d := &Document{engine: e, text: text, rtl: dir != LTR,
		shaped: make(map[int32]*retained[shapedPara]), layouts: make(map[Options]*Layout)}
	n := strings.Count(text, "\n") + 1
	d.paras = make([]paraSlot, n)
	cp, b := 0, 0
	for i := range d.paras {
		end := strings.IndexByte(text[b:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += b
		}
		l := utf8.RuneCountInString(text[b:end])
		d.paras[i].start, d.paras[i].end = int32(cp), int32(cp+l)
		d.paras[i].byteStart, d.paras[i].byteEnd = int32(b), int32(end)
		cp += l + 1
		b = end + 1
	}
	d.length = cp - 1
	d.texts = newRetained[paraText](n, retainBudget)
	return d, nil
}

// Text returns the document's text.
func (d *Document) Text() string { return d.text }

// Len returns the length of the text in code points.
func (d *Document) Len() int { return d.length }

// NumParagraphs returns the number of paragraphs (one more than the number
// of '\n' in the text).
func (d *Document) NumParagraphs() int { return len(d.paras) }

// ParagraphRange returns the code-point range of paragraph i, without its
// '\n'.
func (d *Document) ParagraphRange(i int) (start, end int) {
	return int(d.paras[i].start), int(d.paras[i].end)
}

// ParagraphBytes returns the byte range of paragraph i in the text,
// without its '\n'.
func (d *Document) ParagraphBytes(i int) (start, end int) {
	return int(d.paras[i].byteStart), int(d.paras[i].byteEnd)
}

// ByteOffset returns the byte offset in the text of code-point offset off
// (clamped to [0, Len]), counting from the start of its paragraph: no
// table of the whole text's offsets is kept.
func (d *Document) ByteOffset(off int) int {
	off = max(0, min(off, d.length))
	s := &d.paras[d.ParagraphAt(off)]
	b, n := int(s.byteStart), off-int(s.start)
	for ; n > 0 && b < int(s.byteEnd); n-- {
		_, size := utf8.DecodeRuneInString(d.text[b:])
		b += size
	}
	return b
}

// ParagraphAt returns the paragraph holding code-point offset off (a
// '\n' belongs to the paragraph it ends); offsets out of range are clamped.
func (d *Document) ParagraphAt(off int) int {
	i := sort.Search(len(d.paras), func(i int) bool { return int(d.paras[i].end) >= off })
	return min(i, len(d.paras)-1)
}

// ParagraphRTL reports whether paragraph i is right to left (rules P2/P3,
// or the article's direction when it has no strong character).
func (d *Document) ParagraphRTL(i int) bool {
	w := d.engine.getWorker()
	defer d.engine.putWorker(w)
	return d.paraText(w, i, true).paraLevel == 1
}

// paraText returns the analysis of paragraph i, cached; keep says whether
// to cache it when it is computed (not when a paragraph is only measured).
func (d *Document) paraText(w *worker, i int, keep bool) *paraText {
	if p := d.texts.get(i); p != nil {
		return p
	}
	s := &d.paras[i]
	runes := []rune(d.text[s.byteStart:s.byteEnd])
	p := w.analyse(runes, int(s.start), d.rtl)
	if !keep {
		return p
	}
	return d.texts.put(i, p, entryWeight(len(runes)))
}

func (d *Document) shapedSlots(size int32) *retained[shapedPara] {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.shaped[size]
	if !ok {
		s = newRetained[shapedPara](len(d.paras), retainBudget)
		d.shaped[size] = s
	}
	return s
}

// Options set the geometry of a layout. The zero value of every field but
// Width takes the default given.
type Options struct {
	// Width of the text area in pixels; lines are wrapped to it, RTL lines
	// end at it and LTR lines start at 0. Required, > 0.
	Width float32
	// FontSize in pixels (default 16). Shaping uses whole pixels, as Fyne's
	// shaper does: the size is rounded up.
	FontSize float32
	// LineHeight is the height of a text line as a multiple of FontSize
	// (default 1.5, as a browser with line-height: 1.5).
	LineHeight float32
	// ParagraphSpacing is the space after each paragraph in pixels
	// (default FontSize/2; a negative value means none).
	ParagraphSpacing float32
	// BadgeBand is the height in pixels of a band reserved above every
	// line for span label badges (default 0: none).
	BadgeBand float32
}

func (o Options) normalize() (Options, error) {
	bad := func(v float32) bool { return math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) }
	if bad(o.Width) || o.Width <= 0 {
		return o, errorf(Invalid, "layout: width %v must be a positive number of pixels", o.Width)
	}
	if bad(o.FontSize) || o.FontSize < 0 || o.FontSize > 1000 {
		return o, errorf(Invalid, "layout: font size %v out of range (0, 1000]", o.FontSize)
	}
	if bad(o.LineHeight) || o.LineHeight < 0 || bad(o.ParagraphSpacing) || bad(o.BadgeBand) || o.BadgeBand < 0 {
		return o, errorf(Invalid, "layout: bad line height %v, paragraph spacing %v or badge band %v",
			o.LineHeight, o.ParagraphSpacing, o.BadgeBand)
	}
	if o.FontSize == 0 {
		o.FontSize = 16
	}
	o.FontSize = float32(math.Ceil(float64(o.FontSize)))
	if o.LineHeight == 0 {
		o.LineHeight = 1.5
	}
	if o.ParagraphSpacing == 0 {
		o.ParagraphSpacing = o.FontSize / 2
	} else if o.ParagraphSpacing < 0 {
		o.ParagraphSpacing = 0
	}
	return o, nil
}

// Layout is a document laid out at one width and font size. Paragraphs are
// laid out on demand, each independently: ask for the visible ones first
// (LayoutParagraphs, LayoutLines), then call Complete — from a background
// goroutine if you like; every method is safe for concurrent use.
//
// A layout keeps every paragraph's number of lines, hence its height, once
// known, but the lines themselves only for the most recently used
// paragraphs (a bounded amount of text, see retainBudget); Paragraph lays
// an evicted one out again. Complete measures the paragraphs it lays out
// without keeping their lines, so a window on a long article holds the
// heights of all its paragraphs and the lines of those on screen. Queries
// over the whole text that need vertical positions (Lines, HitTest, Caret,
// Rects, WriteJSON) lay out the paragraphs above the point they need and
// keep all their lines, as they hand them out.
type Layout struct {
	doc    *Document
	opts   Options
	size   int32
	m      metrics
	shaped *retained[shapedPara]
	paras  *retained[Paragraph]
	nlines []atomic.Int32 // nlines[i]: paragraph i's number of lines, 0 until known

	mu         sync.Mutex
	prefix     int       // paragraphs [0, prefix) are placed: their tops are known
	tops       []float32 // tops[i]: y of paragraph i, for i <= prefix
	firstLine  []int     // firstLine[i]: index of paragraph i's first line, for i <= prefix
	lines      []Line    // lines of paragraphs [0, linePrefix), y absolute, once asked for
	linePrefix int
}

// Paragraph is one laid-out paragraph. Its lines' Y are relative to the
// paragraph's top.
type Paragraph struct {
	Index      int     // its index in the document
	Start, End int     // code points, without the '\n'
	RTL        bool    // base direction
	Lines      []Line  // top to bottom
	Height     float32 // lines plus paragraph spacing
}

// Layout returns the document laid out with opts; layouts are cached per
// options, so asking again (after a resize back, say) is free.
func (d *Document) Layout(opts Options) (*Layout, error) {
	o, err := opts.normalize()
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	if l, ok := d.layouts[o]; ok {
		d.mu.Unlock()
		return l, nil
	}
	d.mu.Unlock()
	fs := d.engine.fs
	size := int32(o.FontSize)
	l := &Layout{doc: d, opts: o, size: size, shaped: d.shapedSlots(size),
		paras: newRetained[Paragraph](len(d.paras), retainBudget), nlines: make([]atomic.Int32, len(d.paras)),
		tops: []float32{0}, firstLine: []int{0}}
	lh := o.LineHeight * o.FontSize
	l.m = metrics{
		width:       o.Width,
		lineHeight:  lh,
		band:        o.BadgeBand,
		ascent:      fs.ascent * o.FontSize,
		descent:     fs.descent * o.FontSize,
		paraSpacing: o.ParagraphSpacing,
	}
	l.m.baselineOff = (lh-(l.m.ascent+l.m.descent))/2 + l.m.ascent
	d.mu.Lock()
	defer d.mu.Unlock()
	if old, ok := d.layouts[o]; ok {
		return old, nil
	}
	if len(d.layouts) >= 8 { // keep a few widths, not every step of a resize
		clear(d.layouts)
	}
	d.layouts[o] = l
	return l, nil
}

// New lays out text with the default engine: a shortcut for
// DefaultEngine, NewDocument and Document.Layout.
func New(text string, dir Direction, opts Options) (*Layout, error) {
	e, err := DefaultEngine()
	if err != nil {
		return nil, err
	}
	d, err := e.NewDocument(text, dir)
	if err != nil {
		return nil, err
	}
	return d.Layout(opts)
}

// Document returns the laid-out document.
func (l *Layout) Document() *Document { return l.doc }

// Options returns the layout's options with defaults filled in.
func (l *Layout) Options() Options { return l.opts }

// Width returns the width of the text area.
func (l *Layout) Width() float32 { return l.opts.Width }

// Paragraph returns paragraph i laid out, computing it if needed (again,
// when its lines were released).
func (l *Layout) Paragraph(i int) *Paragraph {
	if p := l.paras.get(i); p != nil {
		return p
	}
	w := l.doc.engine.getWorker()
	defer l.doc.engine.putWorker(w)
	return l.paragraph(w, i)
}

// CachedParagraph returns paragraph i if its lines are held, else nil; it
// never lays anything out, so a caller on the UI goroutine can ask for
// what is missing in the background instead.
func (l *Layout) CachedParagraph(i int) *Paragraph { return l.paras.get(i) }

// shapedPara returns paragraph i shaped at the layout's size; keep says
// whether to cache what it computes.
func (l *Layout) shapedPara(w *worker, i int, keep bool) *shapedPara {
	if sp := l.shaped.get(i); sp != nil {
		return sp
	}
	pt := l.doc.paraText(w, i, keep)
	sp := l.doc.engine.shapeParagraph(w, pt, l.size)
	if !keep {
		return sp
	}
	return l.shaped.put(i, sp, entryWeight(len(pt.runes)))
}

func (l *Layout) paragraph(w *worker, i int) *Paragraph {
	if p := l.paras.get(i); p != nil {
		return p
	}
	sp := l.shapedPara(w, i, true)
	spans := sp.wrap(l.opts.Width, w.spans[:0])
	w.spans = spans[:0]
	var b lineBuilder
	lines := b.buildLines(sp, i, spans, &l.m)
	s := &l.doc.paras[i]
	p := &Paragraph{Index: i, Start: int(s.start), End: int(s.end), RTL: sp.text.paraLevel == 1, Lines: lines}
	p.Height = l.height(len(lines))
	l.nlines[i].Store(int32(len(lines)))
	return l.paras.put(i, p, entryWeight(len(sp.text.runes)))
}

// measure finds paragraph i's number of lines, when not known yet,
// without keeping its analysis, shaping or lines.
func (l *Layout) measure(w *worker, i int) {
	if l.nlines[i].Load() != 0 {
		return
	}
	sp := l.shapedPara(w, i, false)
	spans := sp.wrap(l.opts.Width, w.spans[:0])
	w.spans = spans[:0]
	l.nlines[i].Store(int32(len(spans)))
}

// height returns the height of a paragraph of n lines.
func (l *Layout) height(n int) float32 {
	return float32(n)*(l.m.band+l.m.lineHeight) + l.m.paraSpacing
}

// IsLaidOut reports whether paragraph i has been laid out (or measured):
// its height is known. Its lines may have been released since, in which
// case Paragraph lays it out again; CachedParagraph tells.
func (l *Layout) IsLaidOut(i int) bool { return l.nlines[i].Load() != 0 }

// LayoutParagraphs lays out paragraphs [from, to) (clamped), e.g. the
// visible ones, before the rest.
func (l *Layout) LayoutParagraphs(from, to int) {
	from, to = max(from, 0), min(to, len(l.nlines))
	if from >= to {
		return
	}
	w := l.doc.engine.getWorker()
	defer l.doc.engine.putWorker(w)
	for i := from; i < to; i++ {
		l.paragraph(w, i)
	}
}

// LayoutLines lays out paragraphs from the top until at least n lines are
// known (or the document ends) and returns how many lines are placed.
// The first screen of a long article needs only this.
func (l *Layout) LayoutLines(n int) int {
	l.mu.Lock()
	l.extendLocked()
	have, prefix := l.firstLine[l.prefix], l.prefix
	l.mu.Unlock()
	if have < n && prefix < len(l.nlines) {
		w := l.doc.engine.getWorker()
		for i := prefix; i < len(l.nlines) && have < n; i++ {
			have += len(l.paragraph(w, i).Lines)
		}
		l.doc.engine.putWorker(w)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.extendLocked()
	// The lines of the paragraphs holding the first n lines.
	k := sort.Search(l.prefix, func(i int) bool { return l.firstLine[i+1] >= n })
	l.linesLocked(min(k+1, l.prefix))
	return l.firstLine[l.prefix]
}

// Complete measures every paragraph not laid out yet, on as many
// goroutines as GOMAXPROCS, and places all of them: afterwards every
// paragraph's height and top are known (their lines are not kept, see
// Layout). It stops early, with ctx's error, when ctx is cancelled.
func (l *Layout) Complete(ctx context.Context) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := max(1, min(runtime.GOMAXPROCS(0), len(l.nlines)/8))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := l.doc.engine.getWorker()
			defer l.doc.engine.putWorker(w)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(l.nlines) || ctx.Err() != nil {
					return
				}
				l.measure(w, i)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	l.extendLocked()
	l.mu.Unlock()
	return nil
}

// Done reports whether every paragraph is laid out (or measured) and
// placed.
func (l *Layout) Done() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.extendLocked()
	return l.prefix == len(l.nlines)
}

// extendLocked places the laid-out paragraphs that follow the placed
// prefix. l.mu must be held.
func (l *Layout) extendLocked() {
	for l.prefix < len(l.nlines) {
		n := int(l.nlines[l.prefix].Load())
		if n == 0 {
			return
		}
		l.prefix++
		l.tops = append(l.tops, l.tops[l.prefix-1]+l.height(n))
		l.firstLine = append(l.firstLine, l.firstLine[l.prefix-1]+n)
	}
}

// linesLocked makes l.lines hold the lines of paragraphs [0, n) (n at
// most l.prefix), laying out those whose lines were released. l.mu must be
// held.
func (l *Layout) linesLocked(n int) {
	if l.linePrefix >= n {
		return
	}
	w := l.doc.engine.getWorker()
	defer l.doc.engine.putWorker(w)
	for ; l.linePrefix < n; l.linePrefix++ {
		i := l.linePrefix
		top := l.tops[i]
		for _, ln := range l.paragraph(w, i).Lines {
			ln.Y += top
			ln.Baseline += top
			l.lines = append(l.lines, ln)
		}
	}
}

// ensurePrefix lays out and places paragraphs [0, n).
func (l *Layout) ensurePrefix(n int) {
	n = min(n, len(l.nlines))
	l.mu.Lock()
	prefix := l.prefix
	l.mu.Unlock()
	if prefix >= n {
		return
	}
	l.LayoutParagraphs(prefix, n)
	l.mu.Lock()
	l.extendLocked()
	l.mu.Unlock()
}

// placed returns the placed lines and paragraph tables after making sure
// paragraphs [0, n) are placed.
func (l *Layout) placed(n int) (lines []Line, firstLine []int, tops []float32) {
	l.ensurePrefix(n)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.linesLocked(min(n, l.prefix))
	return l.lines, l.firstLine, l.tops
}

// Lines returns every line, top to bottom, with absolute y (laying out
// whatever is not laid out yet). The slice must not be modified.
func (l *Layout) Lines() []Line {
	lines, _, _ := l.placed(len(l.nlines))
	return lines
}

// ParagraphTop returns the y of paragraph i's top and whether it is exact:
// when a paragraph above is not laid out yet, the height of each such
// paragraph is estimated from its length.
func (l *Layout) ParagraphTop(i int) (y float32, exact bool) {
	l.mu.Lock()
	l.extendLocked()
	if i <= l.prefix {
		y := l.tops[i]
		l.mu.Unlock()
		return y, true
	}
	y = l.tops[l.prefix]
	from := l.prefix
	l.mu.Unlock()
	for j := from; j < i && j < len(l.nlines); j++ {
		y += l.paragraphHeight(j)
	}
	return y, false
}

// ParagraphHeight returns paragraph i's height (its lines and the
// paragraph spacing) and whether it is exact: for a paragraph not laid out
// yet it is estimated from its length. It never lays anything out.
func (l *Layout) ParagraphHeight(i int) (h float32, exact bool) {
	return l.paragraphHeight(i), l.IsLaidOut(i)
}

// paragraphHeight returns paragraph j's height, or an estimate.
func (l *Layout) paragraphHeight(j int) float32 {
	if n := l.nlines[j].Load(); n != 0 {
		return l.height(int(n))
	}
	s := &l.doc.paras[j]
	// About half an em per code point, as in Arabic and Latin prose.
	n := max(1, int(math.Ceil(float64(float32(s.end-s.start)*l.opts.FontSize*0.45/l.opts.Width))))
	return float32(n)*(l.m.band+l.m.lineHeight) + l.m.paraSpacing
}

// Height returns the height of the whole layout: exact when Done, else
// estimated for the paragraphs not laid out.
func (l *Layout) Height() float32 {
	y, _ := l.ParagraphTop(len(l.nlines))
	return y - l.m.paraSpacing
}
