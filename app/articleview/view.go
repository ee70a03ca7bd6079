// Package articleview is the Fyne widget that shows an article's text laid
// out right (bidi, shaping, wrapping by app/layout), draws span highlights
// under the glyphs, and lets the user select code-point ranges with the mouse
// and keyboard.
//
// The view is virtualised: only the rows of the visual lines on screen (and
// half a screen around) exist as canvas objects. Each row is a container of
// rectangles (highlights, selection, label badges) under a raster into which
// the line's glyphs are drawn with go-text/render at exactly the x that
// app/layout measured for each glyph cluster, and hit tests and highlight
// extents are app/layout's queries on that one line (Line.HitTest,
// Line.AppendRects), so highlights, hit tests and glyphs always agree.
// Layout runs off the UI goroutine: the paragraphs on screen first, then
// the whole article; the jobs run through the scheduler given to New
// (goroutines, results back through fyne.Do, in the app), and the scroll
// position stays anchored on the same text while paragraphs above it get
// their real heights or the width changes.
//
// Geometry (relied on by end-to-end tests that compute where to click): the
// text area's top left is at (m, m) in the view, m = theme.InnerPadding(),
// scrolled by the view's vertical offset; its width is floor(view width −
// 2m); the layout is app/layout's with Options{Width: that width, FontSize:
// FontSize(), BadgeBand: layout.BadgeBand(FontSize())} and default line
// height and paragraph spacing.
//
// The UI goroutine never lays out more than one paragraph at a time: the one
// under the pointer for a hit test, or the one ScrollTo must reach, when the
// background has not got to it yet.
//
// Selection: a mouse drag snaps to whole words, Arabic clitics included
// (annotations.TextIndex.SnapWord); with Alt held at the press it is
// grapheme-precise (SnapGrapheme). A double click selects the word under
// the pointer. Shift+Left and Shift+Right move the selection's moving edge
// by a word in logical order; in a right-to-left paragraph Shift+Left goes
// forward in reading order (visually leftwards) and Shift+Right backward.
// Escape clears the selection (and is passed on to OnTypedKey too). A click
// on a highlighted span clears the text selection and calls OnSpanTapped
// with the innermost span under the pointer.
package articleview

import (
	"context"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
	"github.com/hamesh-app/hamesh/app/schedule"
)

// Highlight is one span drawn in the view.
type Highlight struct {
	ID         string      // span id, passed back by OnSpanTapped
	Start, End int         // code points
	Label      string      // shown in the badge (no badge when empty)
	Color      color.Color // background colour
	Claim      bool        // claims are drawn distinct from entities
	Selected   bool        // the span selected in the inspector
	// Suggested marks a pending suggestion, not a span: a dashed outline
	// in its colour with no fill (see deco.go).
	Suggested bool
}

// View shows one article. Create it with New. The zero Range selection means
// nothing is selected. Its methods must be called on the UI goroutine.
type View struct {
	widget.BaseWidget

	// OnSelectionChanged is called (on the UI goroutine) when the user
	// changes the selection; r is a code-point [Start, End), empty if none.
	OnSelectionChanged func(r annotations.Range)
	// OnSpanTapped is called when the user clicks a highlighted span.
	OnSpanTapped func(spanID string)
	// OnTypedKey and OnTypedRune receive keys the view does not use itself
	// (label hotkeys, Delete...), since the view holds the focus.
	OnTypedKey  func(*fyne.KeyEvent)
	OnTypedRune func(rune)
	// OnShortcut receives shortcuts the view does not use itself.
	OnShortcut func(fyne.Shortcut)

	text       string
	dir        annotations.Direction
	highlights []Highlight
	links      []Link  // relations drawn (SetLinks)
	hlevel     []int   // nesting level of each highlight (0 = outermost)
	hindex     hlIndex // highlights by start, to find those on a line
	sel        annotations.Range
	fontSize   float32

	// selection edges: anchor stays, focus moves with Shift+arrows.
	selAnchor, selFocus int
	caret               int // where a click last put the caret

	// Layout state; see model.go.
	doc    *layout.Document
	ix     *textIndex
	fullIx *annotations.TextIndex // made by TextIndex, for callers that want one
	docErr error
	lay    *layout.Layout
	width  float32   // text area width of lay
	tops   []float32 // tops[i]: y of paragraph i in text coordinates; len = paragraphs+1
	gen    int       // bumped by SetText and every relayout
	cancel context.CancelFunc
	// completeCtx is cancelled when the layout is replaced; completing is
	// the layout whose Complete job has started.
	completeCtx context.Context
	completing  *layout.Layout
	reqs        map[[2]int]bool    // visible-paragraph jobs in flight
	anchor      *anchor            // scroll anchor still to restore
	scrollTo    int                // offset to scroll to once laid out (-1: none)
	sched       schedule.Scheduler // runs the background jobs; see New

	// Interaction state.
	focused    bool
	shift, alt bool
	press      int  // caret offset at mouse down (-1: none)
	pressAlt   bool // Alt held at mouse down
	skipTap    bool // a Shift+click extended the selection: its tap does not clear it
	dragging   bool
	// pointer of the current drag, in viewport coordinates
	dragVX, dragVY float32
	autoScrolling  bool
	settingY       bool
	// shownY and shownH are the scroll offset and page height of the last
	// refresh of the scroll container (setScrollY skips a refresh that
	// would change neither).
	shownY, shownH float32

	scroll *container.Scroll
	page   *page
	border *canvas.Rectangle
}

var (
	_ fyne.Widget       = (*View)(nil)
	_ fyne.Focusable    = (*View)(nil)
	_ fyne.Shortcutable = (*View)(nil)
)

// New returns an empty view whose background work (layout, the pauses of
// auto-scrolling) runs through s: nil means schedule.Background{UI:
// fyne.Do}, goroutines with results brought back through fyne.Do, which is
// what the app wants. Tests pass schedule.Inline{}, with which every job
// is done, UI half included, when the call that started it returns, or a
// *schedule.Manual to hold jobs and release them.
func New(s schedule.Scheduler) *View {
	if s == nil {
		s = schedule.Background{UI: fyne.Do}
	}
	v := &View{fontSize: 18, press: -1, scrollTo: -1, reqs: map[[2]int]bool{}, sched: s}
	v.page = newPage(v)
	v.scroll = container.NewVScroll(v.page)
	v.scroll.OnScrolled = func(fyne.Position) { v.onScrolled() }
	v.border = canvas.NewRectangle(color.Transparent)
	v.border.StrokeWidth = 1
	v.border.Hide()
	v.ExtendBaseWidget(v)
	return v
}

// SetText shows a new article text with base direction dir (the direction of
// all-neutral paragraphs); it clears the selection and highlights. It returns
// at once: the text is analysed and laid out in the background.
func (v *View) SetText(text string, dir annotations.Direction) {
	v.text, v.dir = text, dir
	v.highlights, v.hlevel, v.hindex = nil, nil, hlIndex{}
	v.sel, v.selAnchor, v.selFocus, v.caret = annotations.Range{}, 0, 0, 0
	v.resetLayout()
	v.loadDocument(text, dir)
	v.Refresh()
}

// Text returns the text shown.
func (v *View) Text() string { return v.text }

// SetHighlights replaces the spans drawn.
func (v *View) SetHighlights(h []Highlight) {
	v.highlights = append([]Highlight(nil), h...)
	v.hlevel = nestingLevels(v.highlights)
	v.hindex = newHLIndex(v.highlights)
	v.page.redecorate()
}

// Selection returns the current selection in code points.
func (v *View) Selection() annotations.Range { return v.sel }

// SetSelection selects r (clamped to the text) without calling
// OnSelectionChanged, and scrolls it into view.
func (v *View) SetSelection(r annotations.Range) {
	r = v.clampRange(r)
	v.sel, v.selAnchor, v.selFocus = r, r.Start, r.End
	v.page.redecorate()
	if r.End > r.Start {
		v.ScrollTo(r.Start)
	}
}

// ScrollTo scrolls so the code-point offset is visible.
func (v *View) ScrollTo(offset int) {
	if v.lay == nil {
		v.scrollTo = offset
		return
	}
	v.scrollToOffset(offset)
}

// SetFontSize sets the text size (in Fyne units, as canvas.Text sizes) and
// reflows, keeping the same text at the top of the view.
func (v *View) SetFontSize(size float32) {
	if size <= 0 || size > 400 || size == v.fontSize {
		return
	}
	v.fontSize = size
	if v.doc != nil && v.width > 0 {
		v.relayout(v.captureAnchor())
	}
}

// Settled reports whether the view has nothing left to lay out: the whole
// article is laid out (every paragraph's height known) and no paragraph
// around the viewport is waiting for its lines. Benchmarks and tests poll
// it to know when a scroll or an open has been dealt with.
func (v *View) Settled() bool {
	return v.lay != nil && v.lay.Done() && len(v.reqs) == 0
}

// FontSize returns the text size.
func (v *View) FontSize() float32 { return v.fontSize }

// clampRange orders r and clamps it to the text.
func (v *View) clampRange(r annotations.Range) annotations.Range {
	if r.End < r.Start {
		r.Start, r.End = r.End, r.Start
	}
	n := v.textLen()
	r.Start = max(0, min(r.Start, n))
	r.End = max(r.Start, min(r.End, n))
	return r
}

// textLen returns the text's length in code points.
func (v *View) textLen() int {
	if v.ix != nil {
		return v.ix.Len()
	}
	return annotations.CodePoints(v.text)
}

// setSelection changes the selection from user input and reports it.
func (v *View) setSelection(r annotations.Range, anchor, focus int, notify bool) {
	changed := r != v.sel
	v.sel, v.selAnchor, v.selFocus = r, anchor, focus
	if changed {
		v.page.redecorate()
	}
	if notify && v.OnSelectionChanged != nil {
		v.OnSelectionChanged(r)
	}
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	return &viewRenderer{v: v, objs: []fyne.CanvasObject{v.scroll, v.page.tip, v.border}}
}

// viewRenderer holds the scroller, the hover label and the focus border;
// its methods implement fyne.WidgetRenderer.
type viewRenderer struct {
	v    *View
	objs []fyne.CanvasObject
}

func (r *viewRenderer) Destroy() {}

func (r *viewRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *viewRenderer) MinSize() fyne.Size {
	return fyne.NewSize(10*r.v.fontSize, 3*r.v.fontSize)
}

func (r *viewRenderer) Layout(size fyne.Size) {
	v := r.v
	v.scroll.Move(fyne.NewPos(0, 0))
	v.scroll.Resize(size)
	v.border.Move(fyne.NewPos(0, 0))
	v.border.Resize(size)
	v.resized(size)
}

func (r *viewRenderer) Refresh() {
	v := r.v
	v.border.StrokeColor = v.color(theme.ColorNameFocus)
	if v.focused {
		v.border.Show()
	} else {
		v.border.Hide()
	}
	v.border.Refresh()
	v.page.refreshAll()
}

// color looks a theme colour up for the view (honouring a theme override
// around it).
func (v *View) color(name fyne.ThemeColorName) color.Color {
	return theme.ColorForWidget(name, v)
}
