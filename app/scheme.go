package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/textfield"
)

// schemeEditor is the label scheme editor's content: the labels on the
// left (pick one, or "New label"), its name, kind, colour, hotkey and
// description on the right, and Save. State in: SetLabels; out: OnSave,
// whose error is shown under the form; OnPickColour opens a colour picker
// and hands its choice back.
type schemeEditor struct {
	content fyne.CanvasObject
	labels  []annotations.Label
	colour  func(name string) color.Color
	cur     int // index into labels, -1 for a new label

	list   *widget.List
	name   *textfield.Field
	arabic *textfield.Field // the Arabic display name (Label.Arabic)
	kind   *widget.Select
	hex    *textfield.Field
	swatch *canvas.Rectangle
	hotkey *textfield.Field
	desc   *noteEntry
	msg    *widget.Label

	OnSave       func(oldName string, l annotations.Label) error
	OnPickColour func(set func(color.Color))
	OnFocus      func(fyne.Focusable)
}

func newSchemeEditor(fwd entryForward, colour func(string) color.Color) *schemeEditor {
	e := &schemeEditor{colour: colour, cur: -1}
	e.name = textfield.New()
	e.arabic = textfield.New()
	e.arabic.SetPlaceHolder(T("shown in the Arabic interface, e.g. شخص"))
	e.kind = newSelect([]string{visualString(kindName(annotations.KindEntity)), visualString(kindName(annotations.KindClaim))}, nil)
	e.hex = textfield.New()
	e.swatch = canvas.NewRectangle(color.Transparent)
	e.swatch.SetMinSize(fyne.NewSize(28, 28))
	e.swatch.CornerRadius = 4
	e.hex.OnChanged = func(s string) {
		if c, ok := parseHexColor(s); ok {
			e.swatch.FillColor = c
			e.swatch.Refresh()
		}
	}
	pick := widget.NewButton(TV("Pick…"), func() {
		if e.OnPickColour != nil {
			e.OnPickColour(func(c color.Color) { e.hex.SetText(hexColor(c)) })
		}
	})
	e.hotkey = textfield.New()
	e.hotkey.SetPlaceHolder(T("one key, e.g. 1 or c"))
	e.desc = newNoteEntry()
	e.desc.fwd = fwd
	e.desc.Wrapping = fyne.TextWrapWord
	e.desc.SetMinRowsVisible(3)
	e.msg = widget.NewLabel("")
	e.msg.Wrapping = fyne.TextWrapWord

	e.list = widget.NewList(func() int { return len(e.labels) }, newSchemeRow, e.updateRow)
	e.list.OnSelected = func(i widget.ListItemID) { e.show(i) }
	save := widget.NewButtonWithIcon(TV("Save label"), theme.DocumentSaveIcon(), e.save)
	save.Importance = widget.HighImportance
	add := widget.NewButtonWithIcon(TV("New label"), theme.ContentAddIcon(), func() {
		e.list.UnselectAll()
		e.show(-1)
		if e.OnFocus != nil {
			e.OnFocus(e.name)
		}
	})
	form := widget.NewForm(mirrorItems([]*widget.FormItem{
		widget.NewFormItem(TV("Name"), e.name),
		widget.NewFormItem(TV("Arabic name"), e.arabic),
		widget.NewFormItem(TV("Kind"), e.kind),
		widget.NewFormItem(TV("Colour"), atEnd(atStart(e.swatch, e.hex), pick)),
		widget.NewFormItem(TV("Hotkey"), e.hotkey),
		widget.NewFormItem(TV("What it marks"), e.desc), // not "Description": go-i18n reserves that id,
	})...)
	buttons := container.NewHBox(add, save)
	if RTL() {
		buttons = container.NewHBox(layout.NewSpacer(), save, add)
		e.msg.Alignment = fyne.TextAlignTrailing
	}
	right := container.NewVBox(form, buttons, e.msg)
	split := container.NewHSplit(e.list, right)
	split.Offset = 0.3
	if RTL() { // the labels on the right
		split = container.NewHSplit(right, e.list)
		split.Offset = 0.7
	}
	e.content = split
	return e
}

func newSchemeRow() fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(14, 14))
	return atStart(container.NewCenter(r), newLeadingLabel(" ")) // the swatch where the line starts
}

func (e *schemeEditor) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	l := e.labels[i]
	box := o.(*fyne.Container)
	r := box.Objects[1].(*fyne.Container).Objects[0].(*canvas.Rectangle)
	r.FillColor = e.colour(l.Name)
	r.Refresh()
	t := l.Name
	if d := LabelDisplay(l); d != l.Name {
		t = d + " " + t
	}
	if l.Hotkey != "" {
		t = l.Hotkey + "  " + t
	}
	box.Objects[0].(*widget.Label).SetText(visualString(t))
}

// SetLabels shows the scheme's labels.
func (e *schemeEditor) SetLabels(labels []annotations.Label) {
	e.labels = labels
	e.list.Refresh()
}

// show fills the form with label i, or a new label for -1.
func (e *schemeEditor) show(i int) {
	e.cur = i
	l := annotations.Label{Kind: annotations.KindEntity, Color: annotations.NewLabelColor(fmt.Sprint(len(e.labels)))}
	if i >= 0 && i < len(e.labels) {
		l = e.labels[i]
	}
	e.name.SetText(l.Name)
	e.arabic.SetText(l.Arabic)
	e.kind.SetSelectedIndex(0)
	if l.Kind == annotations.KindClaim {
		e.kind.SetSelectedIndex(1)
	}
	e.hex.SetText(l.Color)
	e.hotkey.SetText(l.Hotkey)
	e.desc.SetText(l.Description)
	e.msg.SetText("")
}

// save hands the form to OnSave and selects the saved label.
func (e *schemeEditor) save() {
	old := ""
	if e.cur >= 0 && e.cur < len(e.labels) {
		old = e.labels[e.cur].Name
	}
	kind := annotations.KindEntity
	if e.kind.SelectedIndex() == 1 {
		kind = annotations.KindClaim
	}
	l := annotations.Label{Name: e.name.Text, Kind: kind, Color: strings.TrimSpace(e.hex.Text), Hotkey: e.hotkey.Text, Description: e.desc.Text, Arabic: strings.TrimSpace(e.arabic.Text)}
	if e.OnSave != nil {
		if err := e.OnSave(old, l); err != nil {
			e.msg.SetText(visualString(TErr(err)))
			return
		}
	}
	e.list.Refresh()
	for i, x := range e.labels {
		if x.Name == strings.TrimSpace(l.Name) {
			e.list.Select(i)
		}
	}
	e.msg.SetText(TV("saved"))
}

// showSchemeEditor opens the label scheme editor in a dialog.
func (ws *Workspace) showSchemeEditor() {
	e := newSchemeEditor(ws.entryForward(), ws.labelColor)
	e.SetLabels(ws.sess.Labels())
	e.OnSave = func(old string, l annotations.Label) error {
		if err := ws.sess.SaveLabel(old, l); err != nil {
			return err
		}
		e.SetLabels(ws.sess.Labels())
		return nil
	}
	e.OnPickColour = func(set func(color.Color)) {
		ws.showModal(dialog.NewColorPicker(TV("Label colour"), "", set, ws.win))
	}
	e.OnFocus = func(f fyne.Focusable) { ws.win.Canvas().Focus(f) }
	labelsTab := container.NewTabItem(TV("Labels"), e.content)
	tabs := newReadingTabs(labelsTab, container.NewTabItem(TV("Relation types"), ws.relationTypesEditor()))
	d := dialog.NewCustom(TV("Label scheme"), TV("Close"), tabs, ws.win)
	d.Resize(fyne.NewSize(720, 480))
	ws.showModal(d)
	if len(e.labels) > 0 {
		e.list.Select(0)
	}
}
