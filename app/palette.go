package app

import (
	"fmt"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// Palette is the toolbar of labels: one coloured button per label showing
// its hotkey, the current label emphasised, and a button that opens the
// scheme editor. State in: SetLabels, SetCurrent; out: OnApply when a
// label's button is pressed, OnEditScheme.
type Palette struct {
	container *fyne.Container
	buttons   map[string]*widget.Button
	current   string

	OnApply      func(name string)
	OnEditScheme func()
}

func newPalette() *Palette {
	return &Palette{container: container.NewStack(), buttons: map[string]*widget.Button{}}
}

// SetLabels makes one button per label, coloured by colour.
func (p *Palette) SetLabels(labels []annotations.Label, colour func(name string) color.Color) {
	p.buttons = map[string]*widget.Button{}
	setLabelNames(labels)
	var objs []fyne.CanvasObject
	for _, l := range labels {
		name := l.Name
		text := LabelDisplay(l) // the Arabic name in the Arabic interface; spans keep the code
		if l.Hotkey != "" {
			text = l.Hotkey + "  " + text
		}
		b := widget.NewButton(visualString(text), func() {
			if p.OnApply != nil {
				p.OnApply(name)
			}
		})
		b.Importance = widget.LowImportance
		p.buttons[name] = b
		sw := canvas.NewRectangle(withAlpha(colour(name), 0xd0))
		sw.CornerRadius = 4
		if l.Kind == annotations.KindClaim {
			sw.StrokeColor = color.NRGBA{0x90, 0x10, 0x30, 0xff}
			sw.StrokeWidth = 2
		}
		objs = append(objs, container.NewStack(sw, b))
	}
	edit := mirrorIcon(widget.NewButtonWithIcon(TV("Scheme…"), theme.SettingsIcon(), func() {
		if p.OnEditScheme != nil {
			p.OnEditScheme()
		}
	}))
	objs = append(objs, widget.NewSeparator(), edit)
	if RTL() { // right to left: the first label at the right
		slices.Reverse(objs)
		objs = append([]fyne.CanvasObject{layout.NewSpacer()}, objs...)
	}
	p.container.Objects = []fyne.CanvasObject{container.NewHScroll(container.NewHBox(objs...))}
	p.container.Refresh()
	p.SetCurrent(p.current)
}

// SetCurrent emphasises the current label's button.
func (p *Palette) SetCurrent(name string) {
	p.current = name
	for n, b := range p.buttons {
		imp := widget.LowImportance
		if n == name {
			imp = widget.HighImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
}

// Button returns the palette button of label name, or nil.
func (p *Palette) Button(name string) *widget.Button { return p.buttons[name] }

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
