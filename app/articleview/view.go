// Package articleview is the Fyne widget that shows an article's text laid
// out right (bidi, shaping, wrapping by app/layout), draws span highlights
// under the glyphs, and lets the user select code-point ranges with the mouse
// and keyboard.
//
// PLACEHOLDER: this file fixes the widget's API so the workspace can be built
// against it; the layout-based implementation replaces its internals.
package articleview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// Highlight is one span drawn in the view.
type Highlight struct {
	ID         string      // span id, passed back by OnSpanTapped
	Start, End int         // code points
	Label      string      // shown in the badge
	Color      color.Color // background colour
	Claim      bool        // claims are drawn distinct from entities
	Selected   bool        // the span selected in the inspector
}

// View shows one article. Create it with New. The zero Range selection means
// nothing is selected.
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
	sel        annotations.Range
	fontSize   float32
	label      *widget.Label
}

var _ fyne.Widget = (*View)(nil)

// New returns an empty view.
func New() *View {
	v := &View{fontSize: 18, label: widget.NewLabel("")}
	v.label.Wrapping = fyne.TextWrapWord
	v.ExtendBaseWidget(v)
	return v
}

// SetText shows a new article text with base direction dir (the direction of
// all-neutral paragraphs); it clears the selection and highlights.
func (v *View) SetText(text string, dir annotations.Direction) {
	v.text, v.dir, v.highlights, v.sel = text, dir, nil, annotations.Range{}
	v.label.SetText(text)
	v.Refresh()
}

// Text returns the text shown.
func (v *View) Text() string { return v.text }

// SetHighlights replaces the spans drawn.
func (v *View) SetHighlights(h []Highlight) { v.highlights = h; v.Refresh() }

// Selection returns the current selection in code points.
func (v *View) Selection() annotations.Range { return v.sel }

// SetSelection selects r (clamped to the text) without calling
// OnSelectionChanged, and scrolls it into view.
func (v *View) SetSelection(r annotations.Range) { v.sel = r; v.Refresh() }

// ScrollTo scrolls so the code-point offset is visible.
func (v *View) ScrollTo(offset int) {}

// SetFontSize sets the text size in points and reflows.
func (v *View) SetFontSize(size float32) { v.fontSize = size; v.Refresh() }

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVScroll(v.label))
}
