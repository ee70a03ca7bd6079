package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The Arabic interface mirrors what Fyne 2.7.1 lets an app mirror: Fyne
// has no right-to-left layout (fyne-io/fyne#90 is open), so the window's
// panes are put in the other order here (panes), forms get their labels on
// the right (mirrorItems), and mirror.go mirrors checks, radio buttons,
// the dialogs' button rows and titles, and the rows of the panes. What
// Fyne decides and offers no way to change (the menu bar's anchoring at
// the left, a menu item's text alignment, where a submenu opens) is in
// docs/ARCHITECTURE.md, "The Arabic interface".

// mirrorItems returns form items with each label right-aligned at the
// right of its field, all labels as wide as the widest, when the interface
// is right to left (Fyne's Form always puts labels on the left); in a
// left-to-right interface it returns items.
func mirrorItems(items []*widget.FormItem) []*widget.FormItem {
	if !RTL() {
		return items
	}
	labels := make([]*widget.Label, len(items))
	width := float32(0)
	for i, it := range items {
		l := widget.NewLabel(it.Text) // already in visual order (TV)
		l.Alignment = fyne.TextAlignTrailing
		l.TextStyle.Bold = true
		labels[i] = l
		width = max(width, l.MinSize().Width)
	}
	out := make([]*widget.FormItem, len(items))
	for i, it := range items {
		var label fyne.CanvasObject = container.New(&minWidthLayout{width}, labels[i])
		if it.Text == "" {
			label = container.New(&minWidthLayout{width})
		}
		row := &rtlRow{c: container.NewBorder(nil, nil, nil, label, it.Widget)}
		row.v, _ = it.Widget.(fyne.Validatable)
		row.ExtendBaseWidget(row)
		out[i] = &widget.FormItem{Widget: row, HintText: it.HintText}
	}
	return out
}

// rtlRow is a mirrored form row: its field and its label, passing the
// field's validation on so a form dialog still refuses invalid input.
type rtlRow struct {
	widget.BaseWidget
	c *fyne.Container
	v fyne.Validatable
}

var _ fyne.Validatable = (*rtlRow)(nil)

// CreateRenderer implements fyne.Widget.
func (r *rtlRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.c) }

// Validate implements fyne.Validatable: the field's validation.
func (r *rtlRow) Validate() error {
	if r.v == nil {
		return nil
	}
	return r.v.Validate()
}

// SetOnValidationChanged implements fyne.Validatable.
func (r *rtlRow) SetOnValidationChanged(f func(error)) {
	if r.v != nil {
		r.v.SetOnValidationChanged(f)
	}
}

// minWidthLayout stacks its objects at least w wide.
type minWidthLayout struct{ w float32 }

// Layout implements fyne.Layout.
func (m *minWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (m *minWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(m.w, 0)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// panes lays out the window's three panes: library, article, inspector
// from left to right, or the other way round in a right-to-left interface
// (library on the right, inspector on the left).
func panes(library, centre, inspector fyne.CanvasObject) fyne.CanvasObject {
	if RTL() {
		left := container.NewHSplit(inspector, centre)
		left.Offset = 0.28
		main := container.NewHSplit(left, library)
		main.Offset = 0.76
		return main
	}
	right := container.NewHSplit(centre, inspector)
	right.Offset = 0.72
	main := container.NewHSplit(library, right)
	main.Offset = 0.24
	return main
}

// newSelect is widget.NewSelect with its placeholder translated (Fyne's
// "(Select one)" is no translation id of Fyne's).
func newSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = TV("(Select one)")
	s.Alignment = alignLeading() // the text and the list of options at the right in Arabic
	return s
}

// alignLeading is where a line starts in the interface's direction: at the
// left, or at the right in the Arabic interface (Fyne's TextAlignLeading is
// always the left).
func alignLeading() fyne.TextAlign {
	if RTL() {
		return fyne.TextAlignTrailing
	}
	return fyne.TextAlignLeading
}
