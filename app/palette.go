package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// Palette is the toolbar of labels: one coloured button per label showing
// its hotkey; clicking one (or typing its hotkey in the article view)
// applies it to the selection. The current label is emphasised. A button at
// the end opens the scheme editor.
type Palette struct {
	ws        *Workspace
	container *fyne.Container
	buttons   map[string]*widget.Button
}

func newPalette(ws *Workspace) *Palette {
	p := &Palette{ws: ws, container: container.NewStack()}
	p.rebuild()
	return p
}

// rebuild makes one button per label of the scheme.
func (p *Palette) rebuild() {
	p.buttons = map[string]*widget.Button{}
	var objs []fyne.CanvasObject
	for _, l := range p.ws.labels {
		name := l.Name
		text := name
		if l.Hotkey != "" {
			text = l.Hotkey + "  " + name
		}
		b := widget.NewButton(text, func() { p.ws.ApplyLabel(name) })
		b.Importance = widget.LowImportance
		p.buttons[name] = b
		sw := canvas.NewRectangle(withAlpha(p.ws.labelColor(name), 0xd0))
		sw.CornerRadius = 4
		if l.Kind == annotations.KindClaim {
			sw.StrokeColor = color.NRGBA{0x90, 0x10, 0x30, 0xff}
			sw.StrokeWidth = 2
		}
		objs = append(objs, container.NewStack(sw, b))
	}
	edit := widget.NewButtonWithIcon("Scheme…", theme.SettingsIcon(), p.ws.ShowSchemeEditor)
	objs = append(objs, widget.NewSeparator(), edit)
	p.container.Objects = []fyne.CanvasObject{container.NewHScroll(container.NewHBox(objs...))}
	p.container.Refresh()
	p.Refresh()
}

// Refresh marks the current label.
func (p *Palette) Refresh() {
	for name, b := range p.buttons {
		imp := widget.LowImportance
		if name == p.ws.current {
			imp = widget.HighImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
}

// Button returns the palette button of label name (for tests), or nil.
func (p *Palette) Button(name string) *widget.Button { return p.buttons[name] }

// labelForKey returns the label whose hotkey is r, or nil.
func (ws *Workspace) labelForKey(r rune) *annotations.Label {
	k := strings.ToLower(string(r))
	for i := range ws.labels {
		if ws.labels[i].Hotkey != "" && strings.ToLower(ws.labels[i].Hotkey) == k {
			return &ws.labels[i]
		}
	}
	return nil
}

// reloadLabels re-reads the scheme and redraws what depends on it.
func (ws *Workspace) reloadLabels() error {
	labels, err := ws.store.Labels(ws.ctx)
	if err != nil {
		return err
	}
	ws.labels = labels
	if ws.labelByName(ws.current) == nil {
		ws.current = ""
	}
	ws.palette.rebuild()
	ws.reload()
	return nil
}

// SaveLabel validates a label edited in the scheme editor and stores it
// (renaming oldName when it differs), then reloads the scheme.
func (ws *Workspace) SaveLabel(oldName string, l annotations.Label) error {
	l.Name = strings.TrimSpace(l.Name)
	l.Hotkey = strings.TrimSpace(l.Hotkey)
	if err := validateLabel(ws.labels, oldName, l); err != nil {
		return err
	}
	if err := ws.store.SaveLabel(ws.ctx, oldName, l); err != nil {
		return err
	}
	if ws.current == oldName {
		ws.current = l.Name
	}
	if err := ws.reloadLabels(); err != nil {
		return err
	}
	ws.setStatus("label %s saved", l.Name)
	return nil
}

// validateLabel checks a label against the rest of the scheme: a name with
// no spaces, a known kind, a #rrggbb colour, a single-character hotkey that
// no other label uses.
func validateLabel(scheme []annotations.Label, oldName string, l annotations.Label) error {
	if l.Name == "" || strings.ContainsAny(l.Name, " \t\n") {
		return annotations.Errorf(annotations.EINVALID, "label name %q: give a name without spaces", l.Name)
	}
	if !l.Kind.Valid() {
		return annotations.Errorf(annotations.EINVALID, "label %s: kind %q is not entity or claim", l.Name, l.Kind)
	}
	if _, ok := parseHexColor(l.Color); !ok {
		return annotations.Errorf(annotations.EINVALID, "label %s: colour %q is not #rrggbb", l.Name, l.Color)
	}
	if len([]rune(l.Hotkey)) > 1 {
		return annotations.Errorf(annotations.EINVALID, "label %s: hotkey %q must be one key", l.Name, l.Hotkey)
	}
	for _, o := range scheme {
		if o.Name == oldName {
			continue
		}
		if o.Name == l.Name {
			return annotations.Errorf(annotations.EINVALID, "label %s already exists", l.Name)
		}
		if l.Hotkey != "" && strings.EqualFold(o.Hotkey, l.Hotkey) {
			return annotations.Errorf(annotations.EINVALID, "hotkey %q is already used by %s", l.Hotkey, o.Name)
		}
	}
	return nil
}

// ShowSchemeEditor opens the label scheme editor: pick a label (or "New
// label"), change its name, kind, colour, hotkey and description, Save.
func (ws *Workspace) ShowSchemeEditor() {
	var d dialog.Dialog
	cur := -1 // index into ws.labels, -1 for a new label
	name := widget.NewEntry()
	kind := widget.NewSelect([]string{string(annotations.KindEntity), string(annotations.KindClaim)}, nil)
	colour := widget.NewEntry()
	swatch := canvas.NewRectangle(color.Transparent)
	swatch.SetMinSize(fyne.NewSize(28, 28))
	swatch.CornerRadius = 4
	colour.OnChanged = func(s string) {
		if c, ok := parseHexColor(s); ok {
			swatch.FillColor = c
			swatch.Refresh()
		}
	}
	pick := widget.NewButton("Pick…", func() {
		dialog.NewColorPicker("Label colour", "", func(c color.Color) { colour.SetText(hexColor(c)) }, ws.win).Show()
	})
	hotkey := widget.NewEntry()
	hotkey.SetPlaceHolder("one key, e.g. 1 or c")
	desc := newNoteEntry()
	desc.fwd.ws = ws
	desc.Wrapping = fyne.TextWrapWord
	desc.SetMinRowsVisible(3)
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord

	show := func(i int) {
		cur = i
		l := annotations.Label{Kind: annotations.KindEntity, Color: annotations.NewLabelColor(fmt.Sprint(len(ws.labels)))}
		if i >= 0 && i < len(ws.labels) {
			l = ws.labels[i]
		}
		name.SetText(l.Name)
		kind.SetSelected(string(l.Kind))
		colour.SetText(l.Color)
		hotkey.SetText(l.Hotkey)
		desc.SetText(l.Description)
		msg.SetText("")
	}
	list := widget.NewList(
		func() int { return len(ws.labels) },
		func() fyne.CanvasObject {
			r := canvas.NewRectangle(color.Transparent)
			r.SetMinSize(fyne.NewSize(14, 14))
			return container.NewHBox(container.NewCenter(r), widget.NewLabel("LABEL"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := ws.labels[i]
			box := o.(*fyne.Container)
			r := box.Objects[0].(*fyne.Container).Objects[0].(*canvas.Rectangle)
			r.FillColor = ws.labelColor(l.Name)
			r.Refresh()
			t := l.Name
			if l.Hotkey != "" {
				t = l.Hotkey + "  " + t
			}
			box.Objects[1].(*widget.Label).SetText(t)
		})
	list.OnSelected = func(i widget.ListItemID) { show(i) }
	save := widget.NewButtonWithIcon("Save label", theme.DocumentSaveIcon(), func() {
		old := ""
		if cur >= 0 && cur < len(ws.labels) {
			old = ws.labels[cur].Name
		}
		l := annotations.Label{Name: name.Text, Kind: annotations.Kind(kind.Selected), Color: strings.TrimSpace(colour.Text), Hotkey: hotkey.Text, Description: desc.Text}
		if err := ws.SaveLabel(old, l); err != nil {
			msg.SetText(err.Error())
			return
		}
		list.Refresh()
		for i, x := range ws.labels {
			if x.Name == strings.TrimSpace(l.Name) {
				list.Select(i)
			}
		}
		msg.SetText("saved")
	})
	save.Importance = widget.HighImportance
	add := widget.NewButtonWithIcon("New label", theme.ContentAddIcon(), func() {
		list.UnselectAll()
		show(-1)
		ws.win.Canvas().Focus(name)
	})
	form := widget.NewForm(
		widget.NewFormItem("Name", name),
		widget.NewFormItem("Kind", kind),
		widget.NewFormItem("Colour", container.NewBorder(nil, nil, swatch, pick, colour)),
		widget.NewFormItem("Hotkey", hotkey),
		widget.NewFormItem("Description", desc),
	)
	right := container.NewVBox(form, container.NewHBox(add, save), msg)
	split := container.NewHSplit(list, right)
	split.Offset = 0.3
	d = dialog.NewCustom("Label scheme", "Close", split, ws.win)
	d.Resize(fyne.NewSize(720, 480))
	ws.showModal(d)
	if len(ws.labels) > 0 {
		list.Select(0)
	}
}

// parseHexColor parses "#rrggbb".
func parseHexColor(s string) (color.NRGBA, bool) {
	var r, g, b uint8
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{}, false
	}
	if n, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b); err != nil || n != 3 {
		return color.NRGBA{}, false
	}
	return color.NRGBA{r, g, b, 0xff}, true
}

// hexColor formats a colour as "#rrggbb".
func hexColor(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02x%02x%02x", n.R, n.G, n.B)
}

// withAlpha returns c with alpha a.
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
