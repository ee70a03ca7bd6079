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

// NewEngine returns an engine over the fonts bundled in package assets.
func NewEngine() (*Engine, error) {
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	return &Engine{fs: fs}, nil
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
// first use and cached.
type Document struct {
	engine *Engine
	text   string
	rtl    bool // article direction, for paragraphs without strong characters
	paras  []paraSlot
	length int // code points

	mu      sync.Mutex
	shaped  map[int32][]atomic.Pointer[shapedPara]
	layouts map[Options]*Layout
}

type paraSlot struct {
	start, end         int // code points
	byteStart, byteEnd int
	text               atomic.Pointer[paraText]
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
	d := &Document{engine: e, text: text, rtl: dir != LTR,
		shaped: make(map[int32][]atomic.Pointer[shapedPara]), layouts: make(map[Options]*Layout)}
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
		d.paras[i].start, d.paras[i].end = cp, cp+l
		d.paras[i].byteStart, d.paras[i].byteEnd = b, end
		cp += l + 1
		b = end + 1
	}
	d.length = cp - 1
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
	return d.paras[i].start, d.paras[i].end
}

// ParagraphAt returns the paragraph holding code-point offset off (a
// '\n' belongs to the paragraph it ends); offsets out of range are clamped.
func (d *Document) ParagraphAt(off int) int {
	i := sort.Search(len(d.paras), func(i int) bool { return d.paras[i].end >= off })
	return min(i, len(d.paras)-1)
}

// ParagraphRTL reports whether paragraph i is right to left (rules P2/P3,
// or the article's direction when it has no strong character).
func (d *Document) ParagraphRTL(i int) bool {
	w := d.engine.getWorker()
	defer d.engine.putWorker(w)
	return d.paraText(w, i).paraLevel == 1
}

func (d *Document) paraText(w *worker, i int) *paraText {
	s := &d.paras[i]
	if p := s.text.Load(); p != nil {
		return p
	}
	runes := []rune(d.text[s.byteStart:s.byteEnd])
	p := w.analyse(runes, s.start, d.rtl)
	if !s.text.CompareAndSwap(nil, p) {
		return s.text.Load()
	}
	return p
}

func (d *Document) shapedSlots(size int32) []atomic.Pointer[shapedPara] {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.shaped[size]
	if !ok {
		s = make([]atomic.Pointer[shapedPara], len(d.paras))
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
// laid out on demand, each independently, and cached: ask for the visible
// ones first (LayoutParagraphs, LayoutLines), then call Complete — from a
// background goroutine if you like; every method is safe for concurrent
// use. Queries that need vertical positions (Lines, HitTest, Caret, Rects,
// WriteJSON) lay out the paragraphs above the point they need first.
type Layout struct {
	doc    *Document
	opts   Options
	size   int32
	m      metrics
	shaped []atomic.Pointer[shapedPara]
	paras  []atomic.Pointer[Paragraph]

	mu        sync.Mutex
	prefix    int       // paragraphs [0, prefix) are placed in lines
	tops      []float32 // tops[i]: y of paragraph i, for i <= prefix
	firstLine []int     // firstLine[i]: index in lines of paragraph i's first line, for i <= prefix
	lines     []Line    // lines of paragraphs [0, prefix), y absolute
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
		paras: make([]atomic.Pointer[Paragraph], len(d.paras)), tops: []float32{0}, firstLine: []int{0}}
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

// Paragraph returns paragraph i laid out, computing it if needed.
func (l *Layout) Paragraph(i int) *Paragraph {
	if p := l.paras[i].Load(); p != nil {
		return p
	}
	w := l.doc.engine.getWorker()
	defer l.doc.engine.putWorker(w)
	return l.paragraph(w, i)
}

func (l *Layout) paragraph(w *worker, i int) *Paragraph {
	if p := l.paras[i].Load(); p != nil {
		return p
	}
	sp := l.shaped[i].Load()
	if sp == nil {
		pt := l.doc.paraText(w, i)
		sp = l.doc.engine.shapeParagraph(w, pt, l.size)
		if !l.shaped[i].CompareAndSwap(nil, sp) {
			sp = l.shaped[i].Load()
		}
	}
	spans := sp.wrap(l.opts.Width, nil)
	var b lineBuilder
	lines := b.buildLines(sp, i, spans, &l.m)
	s := &l.doc.paras[i]
	p := &Paragraph{Index: i, Start: s.start, End: s.end, RTL: sp.text.paraLevel == 1, Lines: lines}
	p.Height = float32(len(lines))*(l.m.band+l.m.lineHeight) + l.m.paraSpacing
	if !l.paras[i].CompareAndSwap(nil, p) {
		return l.paras[i].Load()
	}
	return p
}

// IsLaidOut reports whether paragraph i is laid out already.
func (l *Layout) IsLaidOut(i int) bool { return l.paras[i].Load() != nil }

// LayoutParagraphs lays out paragraphs [from, to) (clamped), e.g. the
// visible ones, before the rest.
func (l *Layout) LayoutParagraphs(from, to int) {
	from, to = max(from, 0), min(to, len(l.paras))
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
	have, prefix := len(l.lines), l.prefix
	l.mu.Unlock()
	if have >= n || prefix == len(l.paras) {
		return have
	}
	w := l.doc.engine.getWorker()
	for i := prefix; i < len(l.paras) && have < n; i++ {
		have += len(l.paragraph(w, i).Lines)
	}
	l.doc.engine.putWorker(w)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.extendLocked()
	return len(l.lines)
}

// Complete lays out every paragraph not laid out yet, on as many
// goroutines as GOMAXPROCS, and places all lines. It stops early, with
// ctx's error, when ctx is cancelled.
func (l *Layout) Complete(ctx context.Context) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := max(1, min(runtime.GOMAXPROCS(0), len(l.paras)/8))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := l.doc.engine.getWorker()
			defer l.doc.engine.putWorker(w)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(l.paras) || ctx.Err() != nil {
					return
				}
				l.paragraph(w, i)
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

// Done reports whether every paragraph is laid out and placed.
func (l *Layout) Done() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.prefix == len(l.paras)
}

// extendLocked places the laid-out paragraphs that follow the placed
// prefix. l.mu must be held.
func (l *Layout) extendLocked() {
	for l.prefix < len(l.paras) {
		p := l.paras[l.prefix].Load()
		if p == nil {
			return
		}
		top := l.tops[l.prefix]
		for _, ln := range p.Lines {
			ln.Y += top
			ln.Baseline += top
			l.lines = append(l.lines, ln)
		}
		l.prefix++
		l.tops = append(l.tops, top+p.Height)
		l.firstLine = append(l.firstLine, len(l.lines))
	}
}

// ensurePrefix lays out and places paragraphs [0, n).
func (l *Layout) ensurePrefix(n int) {
	n = min(n, len(l.paras))
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
	return l.lines, l.firstLine, l.tops
}

// Lines returns every line, top to bottom, with absolute y (laying out
// whatever is not laid out yet). The slice must not be modified.
func (l *Layout) Lines() []Line {
	lines, _, _ := l.placed(len(l.paras))
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
	for j := from; j < i && j < len(l.paras); j++ {
		y += l.paragraphHeight(j)
	}
	return y, false
}

// paragraphHeight returns paragraph j's height, or an estimate.
func (l *Layout) paragraphHeight(j int) float32 {
	if p := l.paras[j].Load(); p != nil {
		return p.Height
	}
	s := &l.doc.paras[j]
	// About half an em per code point, as in Arabic and Latin prose.
	n := max(1, int(math.Ceil(float64(float32(s.end-s.start)*l.opts.FontSize*0.45/l.opts.Width))))
	return float32(n)*(l.m.band+l.m.lineHeight) + l.m.paraSpacing
}

// Height returns the height of the whole layout: exact when Done, else
// estimated for the paragraphs not laid out.
func (l *Layout) Height() float32 {
	y, _ := l.ParagraphTop(len(l.paras))
	return y - l.m.paraSpacing
}
