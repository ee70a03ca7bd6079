// Package textfield is the app's text field: a Fyne widget for one line or
// several that shows Arabic, Hebrew and mixed text the way a browser does —
// each paragraph in its own direction, right-to-left lines right-aligned,
// numbers and Latin words in FriBidi's visual order — because Fyne's
// Fyne's Entry shapes but never reorders. It is a thin widget over
// package field (the caret, selection, editing and undo, tested without a
// window) and measures and draws with app/layout, the article view's
// engine, so the caret and the selection sit exactly on the glyphs.
//
// Its API follows Fyne's Entry (Text, SetText, OnChanged, OnSubmitted,
// PlaceHolder, MultiLine, Validator, Disable), so replacing an Entry is a
// change of constructor.
//
// Keys: ←/→ move visually (in a right-to-left run ← goes forward through
// the text), Ctrl+←/→ by word in the paragraph's reading direction,
// Home/End to the ends of the visual line, Ctrl+Home/End to the ends of the
// text, ↑/↓ between lines of a multi-line field; Shift extends the
// selection with any of them. Backspace/Delete remove one caret unit
// (a grapheme cluster; lam-alef is one), Ctrl+Backspace a word. Ctrl+A,
// Ctrl+C/X/V (and Shift+Insert, Shift+Delete), Ctrl+Z, Ctrl+Y and
// Ctrl+Shift+Z as everywhere. Enter submits a single-line field and starts
// a new line in a multi-line one (Shift+Enter submits it). Tab and
// Shift+Tab move the focus; Escape goes to the window's key handler (the
// canvas's OnTypedKey), as if nothing had the focus, so it closes the
// dialog the field is in or does what the window does with it. A right
// click opens a Cut / Copy / Paste / Select all menu.
package textfield

import (
	"image"
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/app/field"
	"github.com/hamesh-app/hamesh/app/layout"
)

// Field is a bidirectional text field. Create it with New or NewMultiLine,
// or embed it and call ExtendBaseWidget.
type Field struct {
	widget.DisableableWidget

	// Text is the field's text. Read it freely; after assigning it, call
	// Refresh (or use SetText, which also resets the caret and undo).
	Text string
	// PlaceHolder is shown, faded, while the field is empty.
	PlaceHolder string
	// MultiLine makes Enter start a new line and the text wrap at the
	// field's width; set it before the field is shown.
	MultiLine bool
	// Wrapping is accepted for compatibility with Fyne's Entry: a multi-line
	// field always wraps at word boundaries, a single-line one scrolls.
	Wrapping fyne.TextWrap
	// ReadOnly lets the text be selected and copied but not changed.
	ReadOnly bool
	// Validator checks the text after every change; an error, once the
	// user has edited the field, turns the border red and shows an error
	// icon at its right, and is reported to a form (fyne.Validatable).
	Validator fyne.StringValidator
	// OnChanged is called after every change of the text by the user.
	OnChanged func(string)
	// OnSubmitted is called on Enter (Shift+Enter in a multi-line field).
	OnSubmitted func(string)

	model     *field.Model
	self      fyne.Widget
	focused   bool
	minRows   int
	maxRows   int
	scroll    fyne.Position // of the text area's content
	dragging  bool
	shift     bool
	validErr  error
	dirty     bool // edited by the user: validation errors are shown
	onValid   func(error)
	direction layout.Direction
	synced    string // the Text the model was last given or gave
}

var (
	_ fyne.Widget            = (*Field)(nil)
	_ fyne.Focusable         = (*Field)(nil)
	_ fyne.Tabbable          = (*Field)(nil)
	_ fyne.Shortcutable      = (*Field)(nil)
	_ fyne.Draggable         = (*Field)(nil)
	_ fyne.DoubleTappable    = (*Field)(nil)
	_ fyne.Tappable          = (*Field)(nil)
	_ fyne.SecondaryTappable = (*Field)(nil)
	_ fyne.Scrollable        = (*Field)(nil)
	_ fyne.Validatable       = (*Field)(nil)
	_ fyne.Disableable       = (*Field)(nil)
	_ desktop.Mouseable      = (*Field)(nil)
	_ desktop.Keyable        = (*Field)(nil)
	_ desktop.Cursorable     = (*Field)(nil)
)

// New returns a single-line field whose empty or all-neutral text is laid
// out left to right (the UI's direction; see SetDirection).
func New() *Field {
	f := &Field{}
	f.ExtendBaseWidget(f)
	return f
}

// NewMultiLine returns a multi-line field.
func NewMultiLine() *Field {
	f := &Field{MultiLine: true}
	f.ExtendBaseWidget(f)
	return f
}

// ExtendBaseWidget is called by an embedding widget's constructor with
// itself, so that focus and refreshes go to the outer widget.
func (f *Field) ExtendBaseWidget(w fyne.Widget) {
	f.self = w
	f.DisableableWidget.ExtendBaseWidget(w)
}

func (f *Field) m() *field.Model {
	if f.model == nil {
		f.model = field.New(f.direction)
		f.model.SetMultiLine(f.MultiLine)
		f.model.SetText(f.Text)
		f.synced = f.Text
	}
	if f.model.MultiLine() != f.MultiLine {
		f.model.SetMultiLine(f.MultiLine)
	}
	if f.synced != f.Text { // Text assigned directly
		f.model.SetText(f.Text)
		f.Text = f.model.Text()
		f.synced = f.Text
	}
	return f.model
}

func (f *Field) outer() fyne.Widget {
	if f.self != nil {
		return f.self
	}
	return f
}

// SetText replaces the text, puts the caret at its end and clears the
// undo history. As with Fyne's Entry, OnChanged is called when the text
// differs.
func (f *Field) SetText(s string) {
	m := f.m()
	old := f.Text
	m.SetText(s)
	f.Text = m.Text()
	f.synced = f.Text
	f.validate()
	f.ensureVisible()
	f.outer().Refresh()
	if f.Text != old && f.OnChanged != nil {
		f.OnChanged(f.Text)
	}
}

// SetPlaceHolder sets the text shown while the field is empty.
func (f *Field) SetPlaceHolder(s string) {
	f.PlaceHolder = s
	f.outer().Refresh()
}

// SetMaxRowsVisible sets how many lines a multi-line field grows to as its
// text gets longer (default 8, and never fewer than the minimum rows);
// a longer text scrolls.
func (f *Field) SetMaxRowsVisible(n int) {
	f.maxRows = n
	f.outer().Refresh()
}

// SetMinRowsVisible sets how many lines a multi-line field shows at least
// (default 3); it grows with its text up to SetMaxRowsVisible, then
// scrolls.
func (f *Field) SetMinRowsVisible(n int) {
	f.minRows = n
	f.outer().Refresh()
}

// SetDirection sets the direction of the field's empty and all-neutral
// paragraphs: the UI's (LTR) by default, an article's for its notes.
func (f *Field) SetDirection(d layout.Direction) {
	if d != layout.RTL {
		d = layout.LTR
	}
	if f.model != nil && f.direction == d {
		return
	}
	f.direction = d
	f.m().SetDirection(d)
	f.outer().Refresh()
}

// CursorOffset returns the caret's code-point offset in Text.
func (f *Field) CursorOffset() int { return f.m().Caret().Offset }

// SelectedText returns the selected text.
func (f *Field) SelectedText() string { return f.m().SelectedText() }

// Select selects [anchor, caret) (code points), caret being the end that
// moves.
func (f *Field) Select(anchor, caret int) {
	f.m().Select(anchor, caret)
	f.ensureVisible()
	f.outer().Refresh()
}

// Model returns the field's model, for tests and for callers that need the
// caret's geometry.
func (f *Field) Model() *field.Model { return f.m() }

// AcceptsTab implements fyne.Tabbable: Tab always moves the focus.
func (f *Field) AcceptsTab() bool { return false }

// Cursor implements desktop.Cursorable.
func (f *Field) Cursor() desktop.Cursor { return desktop.TextCursor }

// --- validation ---

// Validate implements fyne.Validatable.
func (f *Field) Validate() error {
	if f.Validator == nil {
		return nil
	}
	return f.Validator(f.Text)
}

// SetOnValidationChanged implements fyne.Validatable.
// The current state is taken as known to the caller (a form asks Validate
// first), so fn hears of the next change.
func (f *Field) SetOnValidationChanged(fn func(error)) {
	f.onValid = fn
	f.validErr = f.Validate()
}

func (f *Field) validate() {
	err := f.Validate()
	changed := (err == nil) != (f.validErr == nil)
	f.validErr = err
	if changed && f.onValid != nil {
		f.onValid(err)
	}
}

// ValidationError returns the error of the last validation, or nil.
func (f *Field) ValidationError() error { return f.validErr }

// --- focus and input ---

// FocusGained implements fyne.Focusable.
func (f *Field) FocusGained() {
	f.focused = true
	f.outer().Refresh()
}

// FocusLost implements fyne.Focusable.
func (f *Field) FocusLost() {
	f.focused = false
	f.dirty = true
	f.outer().Refresh()
}

// Focused reports whether the field has the keyboard focus.
func (f *Field) Focused() bool { return f.focused }

// TypedRune implements fyne.Focusable: the rune replaces the selection.
func (f *Field) TypedRune(r rune) {
	if f.Disabled() || f.ReadOnly {
		return
	}
	f.m().TypeRune(r)
	f.changed()
}

// changed reports an edit: Text, validation, OnChanged, redraw.
func (f *Field) changed() {
	m := f.m()
	if m.Text() == f.Text {
		f.ensureVisible()
		f.outer().Refresh()
		return
	}
	f.Text = m.Text()
	f.synced = f.Text
	f.dirty = true
	f.validate()
	f.ensureVisible()
	f.outer().Refresh()
	if f.OnChanged != nil {
		f.OnChanged(f.Text)
	}
}

// moved redraws after a caret move.
func (f *Field) moved() {
	f.ensureVisible()
	f.outer().Refresh()
}

func (f *Field) shiftHeld() bool {
	if f.shift {
		return true
	}
	if a := fyne.CurrentApp(); a != nil {
		if d, ok := a.Driver().(desktop.Driver); ok {
			return d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
		}
	}
	return false
}

// KeyDown implements desktop.Keyable (it tracks Shift).
func (f *Field) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		f.shift = true
	}
}

// KeyUp implements desktop.Keyable.
func (f *Field) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		f.shift = false
	}
}

// TypedKey implements fyne.Focusable: movement, deletion and Enter.
func (f *Field) TypedKey(ev *fyne.KeyEvent) {
	if f.Disabled() {
		return
	}
	m := f.m()
	shift := f.shiftHeld()
	edit := !f.ReadOnly
	switch ev.Name {
	case fyne.KeyLeft:
		m.MoveLeft(shift)
	case fyne.KeyRight:
		m.MoveRight(shift)
	case fyne.KeyUp:
		if !f.MultiLine {
			return
		}
		m.Up(shift)
	case fyne.KeyDown:
		if !f.MultiLine {
			return
		}
		m.Down(shift)
	case fyne.KeyHome:
		m.Home(shift)
	case fyne.KeyEnd:
		m.End(shift)
	case fyne.KeyPageUp, fyne.KeyPageDown:
		if !f.MultiLine {
			return
		}
		for range max(1, f.rows()-1) {
			if ev.Name == fyne.KeyPageUp {
				m.Up(shift)
			} else {
				m.Down(shift)
			}
		}
	case fyne.KeyBackspace:
		if edit {
			m.Backspace()
			f.changed()
		}
		return
	case fyne.KeyDelete:
		if edit {
			m.Delete()
			f.changed()
		}
		return
	case fyne.KeyEscape:
		f.passOn(ev)
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		if f.MultiLine && !shift {
			if edit {
				m.TypeRune('\n')
				f.changed()
			}
			return
		}
		if f.OnSubmitted != nil {
			f.OnSubmitted(f.Text)
		}
		return
	default:
		return
	}
	f.moved()
}

// passOn gives ev to the key handler of the canvas the field is on, if it
// has one: a focused widget receives every key, and Fyne hands the canvas
// none of them, so without this Escape in a dialog's field would close
// nothing.
func (f *Field) passOn(ev *fyne.KeyEvent) {
	app := fyne.CurrentApp()
	if app == nil {
		return
	}
	if c := app.Driver().CanvasForObject(f.self); c != nil {
		if h := c.OnTypedKey(); h != nil {
			h(ev)
		}
	}
}

// TypedShortcut implements fyne.Shortcutable: clipboard, undo, select all
// and the Ctrl+key moves.
func (f *Field) TypedShortcut(s fyne.Shortcut) {
	if f.Disabled() {
		return
	}
	m := f.m()
	edit := !f.ReadOnly
	clip := func(c fyne.Clipboard) fyne.Clipboard {
		if c == nil && fyne.CurrentApp() != nil {
			c = fyne.CurrentApp().Clipboard()
		}
		return c
	}
	switch sc := s.(type) {
	case *fyne.ShortcutCopy:
		if t := m.SelectedText(); t != "" {
			if c := clip(sc.Clipboard); c != nil {
				c.SetContent(t)
			}
		}
		return
	case *fyne.ShortcutCut:
		if t := m.SelectedText(); t != "" && edit {
			if c := clip(sc.Clipboard); c != nil {
				c.SetContent(t)
			}
			m.Cut()
			f.changed()
		}
		return
	case *fyne.ShortcutPaste:
		if c := clip(sc.Clipboard); c != nil && edit {
			m.Insert(c.Content())
			f.changed()
		}
		return
	case *fyne.ShortcutSelectAll:
		m.SelectAll()
	case *fyne.ShortcutUndo:
		if edit && m.Undo() {
			f.changed()
		}
		return
	case *fyne.ShortcutRedo:
		if edit && m.Redo() {
			f.changed()
		}
		return
	case *desktop.CustomShortcut:
		shift := sc.Modifier&fyne.KeyModifierShift != 0
		ctrl := sc.Modifier&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
		if !ctrl {
			return
		}
		switch sc.KeyName {
		case fyne.KeyLeft:
			m.MoveWord(false, shift)
		case fyne.KeyRight:
			m.MoveWord(true, shift)
		case fyne.KeyHome:
			m.SetCaret(field.Position{Offset: 0}, shift)
		case fyne.KeyEnd:
			m.SetCaret(field.Position{Offset: m.Len(), Upstream: m.Len() > 0}, shift)
		case fyne.KeyBackspace:
			if edit {
				m.DeleteWordBack()
				f.changed()
			}
			return
		case fyne.KeyZ:
			if shift && edit && m.Redo() {
				f.changed()
			}
			return
		default:
			return
		}
	default:
		return
	}
	f.moved()
}

// --- mouse ---

// textPos converts a point of the widget to the text area's content.
func (f *Field) textPos(p fyne.Position) (x, y float32) {
	pad := theme.InnerPadding()
	return p.X - pad + f.scroll.X, p.Y - pad + f.scroll.Y
}

func (f *Field) focusSelf() {
	if f.Disabled() {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(f.outer()); c != nil {
		if fo, ok := f.outer().(fyne.Focusable); ok && c.Focused() != fo {
			c.Focus(fo)
		}
	}
}

// MouseDown implements desktop.Mouseable: it focuses the field and puts
// the caret at the point (Shift extends the selection).
func (f *Field) MouseDown(ev *desktop.MouseEvent) {
	if f.Disabled() || ev.Button != desktop.MouseButtonPrimary {
		return
	}
	f.focusSelf()
	x, y := f.textPos(ev.Position)
	f.m().SetCaret(f.m().HitTest(x, y), ev.Modifier&fyne.KeyModifierShift != 0)
	f.moved()
}

// MouseUp implements desktop.Mouseable.
func (f *Field) MouseUp(*desktop.MouseEvent) {}

// Tapped implements fyne.Tappable (the caret is placed on mouse down; a
// touch device has no mouse down).
func (f *Field) Tapped(ev *fyne.PointEvent) {
	if f.Disabled() || f.focused {
		return
	}
	f.focusSelf()
	x, y := f.textPos(ev.Position)
	f.m().SetCaret(f.m().HitTest(x, y), false)
	f.moved()
}

// TappedSecondary implements fyne.SecondaryTappable: a menu of Cut, Copy,
// Paste and Select all, as Fyne's Entry has.
func (f *Field) TappedSecondary(ev *fyne.PointEvent) {
	if f.Disabled() {
		return
	}
	f.focusSelf()
	c := fyne.CurrentApp().Driver().CanvasForObject(f.outer())
	if c == nil {
		return
	}
	clip := fyne.CurrentApp().Clipboard()
	do := func(s fyne.Shortcut) func() { return func() { f.TypedShortcut(s) } }
	cut := fyne.NewMenuItem("Cut", do(&fyne.ShortcutCut{Clipboard: clip}))
	cp := fyne.NewMenuItem("Copy", do(&fyne.ShortcutCopy{Clipboard: clip}))
	paste := fyne.NewMenuItem("Paste", do(&fyne.ShortcutPaste{Clipboard: clip}))
	all := fyne.NewMenuItem("Select all", do(&fyne.ShortcutSelectAll{}))
	none := f.m().SelectedText() == ""
	cut.Disabled, cp.Disabled = none || f.ReadOnly, none
	paste.Disabled = f.ReadOnly
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", cut, cp, paste, all), c, ev.AbsolutePosition)
}

// DoubleTapped implements fyne.DoubleTappable: it selects the word.
func (f *Field) DoubleTapped(ev *fyne.PointEvent) {
	if f.Disabled() {
		return
	}
	x, y := f.textPos(ev.Position)
	m := f.m()
	m.SelectWordAt(m.OffsetAt(x, y))
	f.moved()
}

// Dragged implements fyne.Draggable: it extends the selection to the
// point.
func (f *Field) Dragged(ev *fyne.DragEvent) {
	if f.Disabled() {
		return
	}
	m := f.m()
	if !f.dragging {
		f.dragging = true
		x, y := f.textPos(ev.Position.Subtract(ev.Dragged))
		m.SetCaret(m.HitTest(x, y), false)
	}
	x, y := f.textPos(ev.Position)
	m.SetCaret(m.HitTest(x, y), true)
	f.moved()
}

// DragEnd implements fyne.Draggable.
func (f *Field) DragEnd() { f.dragging = false }

// Scrolled implements fyne.Scrollable: a multi-line field scrolls its
// lines.
func (f *Field) Scrolled(ev *fyne.ScrollEvent) {
	if !f.MultiLine {
		return
	}
	f.scroll.Y -= ev.Scrolled.DY
	f.clampScroll()
	f.outer().Refresh()
}

// --- geometry ---

func textSize() float32 { return theme.TextSize() }

const lineHeight = 1.4 // as field.Model lays out

func (f *Field) lineH() float32 {
	return float32(math.Ceil(float64(textSize()))) * lineHeight
}

// defaultMaxRows is how far a multi-line field grows by default.
const defaultMaxRows = 8

func (f *Field) rows() int {
	if !f.MultiLine {
		return 1
	}
	if f.minRows > 0 {
		return f.minRows
	}
	return 3
}

// maxRowsVisible is how many lines a multi-line field grows to.
func (f *Field) maxRowsVisible() int {
	n := f.maxRows
	if n <= 0 {
		n = defaultMaxRows
	}
	return max(n, f.rows())
}

// textHeight is the height of the text area a field asks for: one line,
// or for a multi-line field its text's height at its present width,
// between its minimum and maximum rows.
func (f *Field) textHeight() float32 {
	lo := float32(f.rows()) * f.lineH()
	if !f.MultiLine || f.Size().Width <= 0 {
		return lo
	}
	m := f.m()
	m.SetGeometry(f.viewSize().Width, textSize())
	hi := float32(f.maxRowsVisible()) * f.lineH()
	return min(max(m.ContentHeight(), lo), hi)
}

// iconSpace is the width kept at the right for the validation icon of a
// field with a Validator, as Fyne's Entry keeps it.
func (f *Field) iconSpace() float32 {
	if f.Validator == nil {
		return 0
	}
	return theme.IconInlineSize() + theme.Padding()
}

func (f *Field) viewSize() fyne.Size {
	pad := theme.InnerPadding()
	s := f.Size()
	return fyne.NewSize(max(1, s.Width-2*pad-f.iconSpace()), max(1, s.Height-2*pad))
}

func (f *Field) clampScroll() {
	m := f.m()
	v := f.viewSize()
	f.scroll.X = max(0, min(f.scroll.X, m.ContentWidth()-v.Width))
	f.scroll.Y = max(0, min(f.scroll.Y, m.ContentHeight()-v.Height))
}

// ensureVisible scrolls so the caret is in view.
func (f *Field) ensureVisible() {
	if f.Size().Width <= 0 {
		return
	}
	m := f.m()
	v := f.viewSize()
	m.SetGeometry(v.Width, textSize())
	c := m.CaretRect()
	if c.X < f.scroll.X {
		f.scroll.X = c.X
	} else if c.X+c.W > f.scroll.X+v.Width {
		f.scroll.X = c.X + c.W - v.Width
	}
	if c.Y < f.scroll.Y {
		f.scroll.Y = c.Y
	} else if c.Y+c.H > f.scroll.Y+v.Height {
		f.scroll.Y = c.Y + c.H - v.Height
	}
	f.clampScroll()
}

// CreateRenderer implements fyne.Widget.
func (f *Field) CreateRenderer() fyne.WidgetRenderer {
	r := &renderer{f: f}
	r.bg = canvas.NewRectangle(color.Transparent)
	r.border = canvas.NewRectangle(color.Transparent)
	r.caret = canvas.NewRectangle(color.Transparent)
	r.raster = canvas.NewRaster(r.draw)
	r.icon = canvas.NewImageFromResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
	r.icon.FillMode = canvas.ImageFillContain
	r.Refresh()
	return r
}

type renderer struct {
	f      *Field
	bg     *canvas.Rectangle
	border *canvas.Rectangle
	sel    []*canvas.Rectangle
	raster *canvas.Raster
	caret  *canvas.Rectangle
	icon   *canvas.Image // shown while the text is invalid
	objs   []fyne.CanvasObject
}

func (r *renderer) Destroy() {}

func (r *renderer) MinSize() fyne.Size {
	pad := theme.InnerPadding()
	return fyne.NewSize(4*textSize()+2*pad, r.f.textHeight()+2*pad)
}

func (r *renderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *renderer) Layout(size fyne.Size) {
	pad := theme.InnerPadding()
	r.bg.Resize(size)
	r.border.Resize(size)
	r.raster.Move(fyne.NewPos(pad, pad))
	v := r.f.viewSize()
	r.raster.Resize(v)
	r.f.m().SetGeometry(v.Width, textSize())
	is := theme.IconInlineSize()
	r.icon.Resize(fyne.NewSquareSize(is))
	r.icon.Move(fyne.NewPos(size.Width-pad-is, (size.Height-is)/2))
	r.f.clampScroll()
	r.place()
}

func (r *renderer) Refresh() {
	f := r.f
	th := f.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.border.FillColor = color.Transparent
	r.border.StrokeWidth = th.Size(theme.SizeNameInputBorder)
	r.border.CornerRadius = r.bg.CornerRadius
	switch {
	case f.validErr != nil && f.dirty:
		r.border.StrokeColor = th.Color(theme.ColorNameError, v)
	case f.focused:
		r.border.StrokeColor = th.Color(theme.ColorNamePrimary, v)
	default:
		r.border.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	}
	r.caret.FillColor = th.Color(theme.ColorNamePrimary, v)
	r.Layout(f.Size())
	r.bg.Refresh()
	r.border.Refresh()
	r.raster.Refresh()
}

// place positions the selection rectangles and the caret.
func (r *renderer) place() {
	f := r.f
	m := f.m()
	pad := theme.InnerPadding()
	v := f.viewSize()
	th := f.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	rects := m.SelectionRects()
	for len(r.sel) < len(rects) {
		r.sel = append(r.sel, canvas.NewRectangle(color.Transparent))
	}
	r.sel = r.sel[:len(rects)]
	for i, rc := range rects {
		s := r.sel[i]
		s.FillColor = th.Color(theme.ColorNameSelection, variant)
		// Clip to the view.
		x0 := max(rc.X-f.scroll.X, 0)
		x1 := min(rc.X+rc.W-f.scroll.X, v.Width)
		y0 := max(rc.Y-f.scroll.Y, 0)
		y1 := min(rc.Y+rc.H-f.scroll.Y, v.Height)
		if x1 <= x0 || y1 <= y0 {
			s.Hide()
			continue
		}
		s.Show()
		s.Move(fyne.NewPos(pad+x0, pad+y0))
		s.Resize(fyne.NewSize(x1-x0, y1-y0))
		s.Refresh()
	}
	c := m.CaretRect()
	cx, cy := c.X-f.scroll.X, c.Y-f.scroll.Y
	if f.focused && !f.Disabled() && cx >= -1 && cx <= v.Width+1 {
		w := max(th.Size(theme.SizeNameInputBorder), 1.5)
		r.caret.Move(fyne.NewPos(pad+min(max(cx-w/2, 0), v.Width-w), pad+max(cy, 0)))
		r.caret.Resize(fyne.NewSize(w, min(c.H, v.Height)))
		r.caret.Show()
	} else {
		r.caret.Hide()
	}
	r.caret.Refresh()
	r.objs = r.objs[:0]
	r.objs = append(r.objs, r.bg, r.border)
	for _, s := range r.sel {
		r.objs = append(r.objs, s)
	}
	r.objs = append(r.objs, r.raster, r.caret)
	if f.validErr != nil && f.dirty {
		r.objs = append(r.objs, r.icon)
	}
}

// draw rasterises the visible lines (or the placeholder) with app/layout,
// at the positions the caret and selection are computed from.
func (r *renderer) draw(w, h int) image.Image {
	f := r.f
	img := image.NewNRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	v := f.viewSize()
	scale := float32(w) / v.Width
	th := f.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	m := f.m()
	col := th.Color(theme.ColorNameForeground, variant)
	if f.Disabled() {
		col = th.Color(theme.ColorNameDisabled, variant)
	}
	lay := m.Layout()
	if m.Len() == 0 && f.PlaceHolder != "" {
		ph := field.New(m.Direction())
		ph.SetMultiLine(f.MultiLine)
		ph.SetGeometry(v.Width, textSize())
		ph.SetText(strings.ReplaceAll(f.PlaceHolder, "\n", " "))
		lay = ph.Layout()
		col = th.Color(theme.ColorNamePlaceHolder, variant)
	}
	lines := lay.Lines()
	for i := range lines {
		ln := &lines[i]
		if ln.Y+ln.Height < f.scroll.Y || ln.Y > f.scroll.Y+v.Height {
			continue
		}
		layout.DrawLine(img, lay, ln, -f.scroll.X*scale, -f.scroll.Y*scale, scale, col)
	}
	return img
}
