package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	hlayout "github.com/hamesh-app/hamesh/app/layout"
)

// This file holds the widgets and helpers that mirror what Fyne 2.7.1
// draws left to right whatever the language: checks and radio groups (box
// at the left of the text), the dialogs' button rows and titles, rows of
// buttons in the panes. In the English interface each returns Fyne's own
// widget or order, so nothing changes there.

// inspectorTextWidth and registryTextWidth are the widths (in pixels at
// the UI's text size) at which visualLines breaks a message of the
// inspector (its pane at the window's default size) and of the registry
// dialogs.
const (
	inspectorTextWidth = 240
	registryTextWidth  = 1000
)

// inReadingOrder returns objs as they read: the same slice left to right,
// or reversed (the first at the right) in a right-to-left interface.
func inReadingOrder(objs []fyne.CanvasObject) []fyne.CanvasObject {
	if !RTL() {
		return objs
	}
	out := make([]fyne.CanvasObject, len(objs))
	for i, o := range objs {
		out[len(objs)-1-i] = o
	}
	return out
}

// readingRow is a row of objects in reading order: container.NewHBox left
// to right, or in a right-to-left interface from the right edge leftwards
// (a spacer first, then the objects reversed), so the first object is at
// the right where an Arabic reader starts.
func readingRow(objs ...fyne.CanvasObject) *fyne.Container {
	if !RTL() {
		return container.NewHBox(objs...)
	}
	return container.NewHBox(append([]fyne.CanvasObject{layout.NewSpacer()}, inReadingOrder(objs)...)...)
}

// readingGrid is container.NewGridWithColumns with its cells in reading
// order (the first cell at the right in a right-to-left interface).
func readingGrid(cols int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.NewGridWithColumns(cols, inReadingOrder(objs)...)
}

// addGridRow adds one row of cells to grid (a grid with as many columns)
// in reading order.
func addGridRow(grid *fyne.Container, cells ...fyne.CanvasObject) {
	for _, c := range inReadingOrder(cells) {
		grid.Add(c)
	}
}

// readingSplit is container.NewHSplit of first and second in reading
// order: first at the left taking offset of the width, or at the right in
// a right-to-left interface.
func readingSplit(first, second fyne.CanvasObject, offset float64) *container.Split {
	if RTL() {
		s := container.NewHSplit(second, first)
		s.Offset = 1 - offset
		return s
	}
	s := container.NewHSplit(first, second)
	s.Offset = offset
	return s
}

// atEnd lays out main with side at the end of the line: at its right, or
// at its left in a right-to-left interface (container.NewBorder's right or
// left).
func atEnd(main, side fyne.CanvasObject) *fyne.Container {
	if RTL() {
		return container.NewBorder(nil, nil, side, nil, main)
	}
	return container.NewBorder(nil, nil, nil, side, main)
}

// atStart lays out main with side at the start of the line: at its left,
// or at its right in a right-to-left interface.
func atStart(side, main fyne.CanvasObject) *fyne.Container {
	if RTL() {
		return container.NewBorder(nil, nil, nil, side, main)
	}
	return container.NewBorder(nil, nil, side, nil, main)
}

// newLeadingLabel is widget.NewLabel aligned where a line starts in the
// interface's direction (right in Arabic). text is already in visual
// order.
func newLeadingLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Alignment = alignLeading()
	return l
}

// mirrorIcon puts b's icon after its text in a right-to-left interface
// (Fyne puts it before, at the left); it returns b.
func mirrorIcon(b *widget.Button) *widget.Button {
	if RTL() && b.Text != "" {
		b.IconPlacement = widget.ButtonIconTrailingText
	}
	return b
}

// tapLabel is a label that runs a function when tapped: the text of a
// mirrored check or radio button, which Fyne's own widgets draw at the
// right of their box.
type tapLabel struct {
	widget.Label
	onTap func()
}

func newTapLabel(text string, onTap func()) *tapLabel {
	l := &tapLabel{onTap: onTap}
	l.Text = text
	l.Alignment = fyne.TextAlignTrailing
	l.ExtendBaseWidget(l)
	return l
}

// Tapped implements fyne.Tappable.
func (l *tapLabel) Tapped(*fyne.PointEvent) { l.onTap() }

// focusObject gives o the keyboard focus in the window it is shown in, as
// tapping Fyne's check or radio text does.
func focusObject(o interface {
	fyne.CanvasObject
	fyne.Focusable
}) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(o); c != nil {
		c.Focus(o)
	}
}

// newCheck is a check box for text (already in visual order) and the
// object to place. In a right-to-left interface the box is at the right
// of its right-aligned text: a Fyne check without text (so it keeps the
// keyboard focus and Space) beside a label that toggles it when tapped.
// Elsewhere both are the same widget.Check.
func newCheck(text string, changed func(bool)) (*widget.Check, fyne.CanvasObject) {
	if !RTL() {
		c := widget.NewCheck(text, changed)
		return c, c
	}
	c := widget.NewCheck("", changed)
	l := newTapLabel(text, func() {
		if c.Disabled() {
			return
		}
		focusObject(c)
		c.SetChecked(!c.Checked)
	})
	return c, readingRow(c, l)
}

// radioChoice is a group of radio buttons, one of which is chosen. In the
// English interface it is a widget.RadioGroup; in the Arabic one each
// option is a one-button Fyne radio group (so each keeps the keyboard
// focus and Space) at the right of its tappable, right-aligned text, the
// first option at the right (or at the top).
type radioChoice struct {
	widget.BaseWidget
	options []string
	group   *widget.RadioGroup   // left to right
	buttons []*widget.RadioGroup // right to left: one per option
	labels  []*tapLabel
	content fyne.CanvasObject
	chosen  string
	// OnChanged is called with the option chosen.
	OnChanged func(string)
}

// radioMark is the one option of each mirrored radio button: never shown
// (a space), only told apart from "" (none chosen).
const radioMark = " "

// newRadioChoice makes a radio group of options (already in visual
// order), laid out in a row when horizontal, else one under the other.
func newRadioChoice(options []string, horizontal bool) *radioChoice {
	r := &radioChoice{options: options}
	r.ExtendBaseWidget(r)
	if !RTL() {
		r.group = widget.NewRadioGroup(options, func(s string) {
			r.chosen = s
			if r.OnChanged != nil {
				r.OnChanged(s)
			}
		})
		r.group.Required = true
		r.group.Horizontal = horizontal
		r.content = r.group
		return r
	}
	rows := make([]fyne.CanvasObject, len(options))
	for i, o := range options {
		g := widget.NewRadioGroup([]string{radioMark}, nil)
		g.Required = true
		g.OnChanged = func(s string) {
			if s == radioMark {
				r.choose(o)
			}
		}
		l := newTapLabel(o, func() {
			if g.Disabled() {
				return
			}
			r.choose(o) // the focus stays: Fyne's radio item is not reachable to focus
		})
		r.buttons = append(r.buttons, g)
		r.labels = append(r.labels, l)
		rows[i] = container.NewHBox(l, g)
	}
	if horizontal {
		r.content = readingRow(rows...)
	} else {
		for i, row := range rows {
			rows[i] = container.NewHBox(layout.NewSpacer(), row)
		}
		r.content = container.NewVBox(rows...)
	}
	return r
}

// choose makes option the chosen one and tells OnChanged.
func (r *radioChoice) choose(option string) {
	if r.chosen == option {
		return
	}
	r.SetSelected(option)
	if r.OnChanged != nil {
		r.OnChanged(option)
	}
}

// SetSelected chooses option without calling OnChanged; an option not
// offered chooses none.
func (r *radioChoice) SetSelected(option string) {
	r.chosen = option
	if r.group != nil {
		f := r.group.OnChanged
		r.group.OnChanged = nil
		r.group.SetSelected(option)
		r.group.OnChanged = f
		return
	}
	for i, o := range r.options {
		g := r.buttons[i]
		f := g.OnChanged
		g.OnChanged = nil
		if o == option {
			g.SetSelected(radioMark)
		} else {
			g.SetSelected("")
		}
		g.OnChanged = f
	}
}

// Selected is the option chosen, or "".
func (r *radioChoice) Selected() string { return r.chosen }

// Options are the options offered, in their order.
func (r *radioChoice) Options() []string { return r.options }

// CreateRenderer implements fyne.Widget.
func (r *radioChoice) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.content)
}

// submitDialog is a dialog that can be confirmed from the keyboard (Enter
// in a field): Fyne's *dialog.FormDialog, or a mirrored one.
type submitDialog interface {
	dialog.Dialog
	Submit()
}

// mirroredDialog is a form dialog built by Hamesh, with its
// buttons in right-to-left order: the confirming one at the left, where
// an Arabic reader's eye ends the line, Cancel at the right, where it
// starts; each button's icon after its text.
type mirroredDialog struct {
	*dialog.CustomDialog
	confirm   *widget.Button
	confirmed bool
}

// Submit confirms the dialog unless its confirming button is disabled (a
// field is invalid), as dialog.FormDialog.Submit does.
func (d *mirroredDialog) Submit() {
	if d.confirm.Disabled() {
		return
	}
	d.confirmed = true
	d.Hide()
}

// newMirroredDialog makes the dialog of content with buttons confirm and
// dismiss in right-to-left order; callback is told, once, whether it was
// confirmed (Escape and Cancel hide it unconfirmed).
func newMirroredDialog(title, confirm, dismiss string, content fyne.CanvasObject, callback func(bool), parent fyne.Window) *mirroredDialog {
	d := &mirroredDialog{CustomDialog: dialog.NewCustomWithoutButtons(title, content, parent)}
	d.confirm = mirrorIcon(&widget.Button{Text: confirm, Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: d.Submit})
	cancel := mirrorIcon(&widget.Button{Text: dismiss, Icon: theme.CancelIcon(), OnTapped: d.Hide})
	d.SetButtons(inReadingOrder([]fyne.CanvasObject{cancel, d.confirm}))
	d.SetOnClosed(func() {
		if callback != nil {
			callback(d.confirmed)
		}
	})
	return d
}

// newFormDialog is dialog.NewForm, its items mirrored (mirrorItems) and,
// in a right-to-left interface, its buttons too: Fyne's form dialog puts
// Cancel at the left and the confirming button at the right whatever the
// language. The confirming button is disabled while a field is invalid.
func newFormDialog(title, confirm, dismiss string, items []*widget.FormItem, callback func(bool), parent fyne.Window) submitDialog {
	items = mirrorItems(items)
	if !RTL() {
		return dialog.NewForm(title, confirm, dismiss, items, callback, parent)
	}
	form := widget.NewForm(items...)
	d := newMirroredDialog(title, confirm, dismiss, form, callback, parent)
	state := func(err error) {
		if err != nil {
			d.confirm.Disable()
		} else {
			d.confirm.Enable()
		}
	}
	state(form.Validate())
	form.SetOnValidationChanged(state)
	return d
}

// mirrorDialog right-aligns the title of the dialog just shown on c, and
// the labels of its content (mirrorLabels), in a right-to-left interface.
// Fyne draws a dialog's title as a leading
// (left) label that its layout never moves (dialog/base.go, create and
// dialogLayout.Layout); the dialog is the top overlay, a pop-up whose
// content's fifth object is that label.
func mirrorDialog(c fyne.Canvas) {
	if !RTL() || c == nil {
		return
	}
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return
	}
	box, ok := pop.Content.(*fyne.Container)
	if !ok || len(box.Objects) != 5 {
		return
	}
	mirrorLabels(box.Objects[2])
	title, ok := box.Objects[4].(*widget.Label)
	if !ok {
		return
	}
	title.Alignment = fyne.TextAlignTrailing
	title.Move(fyne.NewPos(0, 0))
	title.Resize(fyne.NewSize(box.Size().Width-padDialogIcon(box), title.MinSize().Height))
	title.Refresh()
}

// padDialogIcon is how much of a dialog's top right its icon (an error's
// or a question's) takes, so a right-aligned title keeps clear of it.
func padDialogIcon(box *fyne.Container) float32 {
	if _, spacer := box.Objects[0].(*layout.Spacer); spacer {
		return theme.Padding() * 2
	}
	return box.Objects[0].Size().Width
}

// readingFormLayout lays out pairs of objects as layout.NewFormLayout
// does, the first of each pair in a column as wide as the widest of them
// and the second filling the rest, but in a right-to-left interface with
// the first column at the right.
type readingFormLayout struct {
	form fyne.Layout // Fyne's form layout, for left to right
}

func newReadingFormLayout() fyne.Layout { return &readingFormLayout{layout.NewFormLayout()} }

// columns returns the first column's width and each row's height.
func (l *readingFormLayout) columns(objs []fyne.CanvasObject) (float32, []float32) {
	first := float32(0)
	var rows []float32
	for i := 0; i+1 < len(objs); i += 2 {
		a, b := objs[i], objs[i+1]
		h := float32(0)
		if a.Visible() || b.Visible() {
			first = max(first, a.MinSize().Width)
			h = max(a.MinSize().Height, b.MinSize().Height)
		}
		rows = append(rows, h)
	}
	return first, rows
}

// Layout implements fyne.Layout.
func (l *readingFormLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if !RTL() {
		l.form.Layout(objs, size)
		return
	}
	pad := theme.Padding()
	first, rows := l.columns(objs)
	y := float32(0)
	for r, h := range rows {
		a, b := objs[2*r], objs[2*r+1]
		a.Move(fyne.NewPos(size.Width-first, y))
		a.Resize(fyne.NewSize(first, h))
		b.Move(fyne.NewPos(0, y))
		b.Resize(fyne.NewSize(max(size.Width-first-pad, 0), h))
		if h > 0 {
			y += h + pad
		}
	}
}

// MinSize implements fyne.Layout.
func (l *readingFormLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return l.form.MinSize(objs)
}

// mirrorLabels right-aligns, in a right-to-left interface, every label
// under o that Fyne would draw at the left (TextAlignLeading): the
// labels of a dialog's content or of a pane. It goes through containers,
// scrolls, splits, tabs, forms and mirrored form rows, not into other
// widgets, whose labels are theirs to place.
func mirrorLabels(o fyne.CanvasObject) {
	if !RTL() {
		return
	}
	switch v := o.(type) {
	case *widget.Label:
		if v.Alignment == fyne.TextAlignLeading {
			v.Alignment = fyne.TextAlignTrailing
			v.Refresh()
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			mirrorLabels(c)
		}
	case *container.Scroll:
		mirrorLabels(v.Content)
	case *container.Split:
		mirrorLabels(v.Leading)
		mirrorLabels(v.Trailing)
	case *container.AppTabs:
		for _, it := range v.Items {
			mirrorLabels(it.Content)
		}
	case *widget.Form:
		for _, it := range v.Items {
			mirrorLabels(it.Widget)
		}
	case *rtlRow:
		mirrorLabels(v.c)
	case interface{ SetDirection(hlayout.Direction) }: // a textfield.Field, or a widget embedding one
		v.SetDirection(hlayout.RTL) // empty and all-neutral lines, and the placeholder, from the right
	}
}

// menuBelow shows menu under the object at, on canvas c: from its left
// edge upwards, or in a right-to-left interface with the menu's right
// edge under at's right edge.
func menuBelow(menu *fyne.Menu, c fyne.Canvas, at fyne.CanvasObject) {
	pop := widget.NewPopUpMenu(menu, c)
	x := float32(0)
	if RTL() {
		x = at.Size().Width - pop.MinSize().Width
	}
	pop.ShowAtRelativePosition(fyne.NewPos(x, at.Size().Height), at)
}

// readingMenuBar is the Arabic interface's menu bar: a row of the main
// menu's menus from the window's right edge leftwards, each opening under
// its button with the menus' right edges aligned, and Quit at the end of
// the first. Fyne's own bar (set with Window.SetMainMenu) is always laid
// out from the left edge (internal/driver/glfw/menu_bar.go).
func readingMenuBar(mm *fyne.MainMenu, quit func()) *fyne.Container {
	buttons := make([]fyne.CanvasObject, len(mm.Items))
	for i, m := range mm.Items {
		if i == 0 {
			q := fyne.NewMenuItem(visualString(lang.L("Quit")), quit) // Fyne's own id, as its bar adds it
			q.IsQuit = true
			m = fyne.NewMenu(m.Label, append(append([]*fyne.MenuItem{}, m.Items...), fyne.NewMenuItemSeparator(), q)...)
		}
		var b *widget.Button
		b = widget.NewButton(m.Label, func() {
			if c := fyne.CurrentApp().Driver().CanvasForObject(b); c != nil {
				menuBelow(m, c, b)
			}
		})
		b.Importance = widget.LowImportance
		buttons[i] = b
	}
	return readingRow(buttons...)
}

// newReadingTabs is container.NewAppTabs with its tabs in reading order
// (the first at the right of the others in a right-to-left interface;
// Fyne's tab bar itself always starts at the left), the first chosen.
func newReadingTabs(items ...*container.TabItem) *container.AppTabs {
	if !RTL() {
		return container.NewAppTabs(items...)
	}
	rev := make([]*container.TabItem, len(items))
	for i, it := range items {
		rev[len(items)-1-i] = it
	}
	t := container.NewAppTabs(rev...)
	t.Select(items[0])
	return t
}
