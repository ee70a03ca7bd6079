package app

import (
	"fmt"
	"image/color"
	"os"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/assets"
)

// Preference keys (Fyne preferences of the app id).
const (
	PrefAnnotator = "annotator"
	PrefFontSize  = "font_size"
	PrefTheme     = "theme" // "system", "light" or "dark"
)

const (
	defaultFontSize = 20
	minFontSize     = 10
	maxFontSize     = 48
)

// annotator returns the annotator name stored on new spans: the
// preference, else the login name.
func (ws *Workspace) annotator() string {
	if a := ws.app.Preferences().String(PrefAnnotator); a != "" {
		return a
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return ""
}

// fontSize returns the article text size preference.
func (ws *Workspace) fontSize() float32 {
	s := ws.app.Preferences().FloatWithFallback(PrefFontSize, defaultFontSize)
	if s < minFontSize || s > maxFontSize {
		s = defaultFontSize
	}
	return float32(s)
}

// applyTheme sets the light/dark preference on the app.
func (ws *Workspace) applyTheme() {
	ws.app.Settings().SetTheme(&variantTheme{variant: ws.app.Preferences().StringWithFallback(PrefTheme, "system")})
}

// variantTheme is Fyne's default theme forced to light or dark ("system"
// follows the desktop).
type variantTheme struct{ variant string }

var _ fyne.Theme = (*variantTheme)(nil)

// Color returns the default theme's colour for the chosen variant.
func (t *variantTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.variant {
	case "light":
		v = theme.VariantLight
	case "dark":
		v = theme.VariantDark
	}
	return theme.DefaultTheme().Color(n, v)
}

// The GUI's faces: Noto Sans merged with Noto Naskh Arabic (package assets).
var (
	uiRegular = fyne.NewStaticResource("HameshUI-Regular.ttf", assets.FontUI(false, false))
	uiBold    = fyne.NewStaticResource("HameshUI-Bold.ttf", assets.FontUI(true, false))
	uiItalic  = fyne.NewStaticResource("HameshUI-Italic.ttf", assets.FontUI(false, true))
)

// Font returns the bundled UI face for proportional text, so labels, lists
// and entries outside the article view show Arabic on a machine with no
// fonts installed (Fyne's own Noto Sans has none and it would otherwise look
// for a system font). Monospace and symbol text keep the default fonts.
func (t *variantTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace || s.Symbol:
		return theme.DefaultTheme().Font(s)
	case s.Bold:
		return uiBold
	case s.Italic:
		return uiItalic
	}
	return uiRegular
}

// Icon returns the default theme's icon.
func (t *variantTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size returns the default theme's size.
func (t *variantTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }

// setPreferences stores the annotator name, font size and theme ("system",
// "light" or "dark") and applies them.
func (ws *Workspace) setPreferences(annotator string, fontSize float32, themeName string) error {
	if fontSize < minFontSize || fontSize > maxFontSize {
		return annotations.Errorf(annotations.EINVALID, "font size %g: want %d to %d", fontSize, minFontSize, maxFontSize)
	}
	switch themeName {
	case "system", "light", "dark":
	default:
		return annotations.Errorf(annotations.EINVALID, "theme %q: want system, light or dark", themeName)
	}
	p := ws.app.Preferences()
	p.SetString(PrefAnnotator, annotator)
	p.SetFloat(PrefFontSize, float64(fontSize))
	p.SetString(PrefTheme, themeName)
	ws.view.SetFontSize(fontSize)
	ws.applyTheme()
	return nil
}

// showPreferences opens the preferences dialog.
func (ws *Workspace) showPreferences() {
	p := ws.app.Preferences()
	name := widget.NewEntry()
	name.SetText(ws.annotator())
	name.SetPlaceHolder("stored on every span you make")
	var sizes []string
	for s := 12; s <= 36; s += 2 {
		sizes = append(sizes, strconv.Itoa(s))
	}
	size := widget.NewSelectEntry(sizes)
	size.SetText(fmt.Sprint(ws.fontSize()))
	themes := widget.NewRadioGroup([]string{"system", "light", "dark"}, nil)
	themes.Horizontal = true
	themes.SetSelected(p.StringWithFallback(PrefTheme, "system"))
	items := []*widget.FormItem{
		widget.NewFormItem("Annotator", name),
		widget.NewFormItem("Text size", size),
		widget.NewFormItem("Theme", themes),
	}
	d := dialog.NewForm("Preferences", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		fs, err := strconv.ParseFloat(size.Text, 32)
		if err != nil {
			ws.showError("preferences", annotations.Errorf(annotations.EINVALID, "text size %q is not a number", size.Text))
			return
		}
		if err := ws.setPreferences(name.Text, float32(fs), themes.Selected); err != nil {
			ws.showError("preferences", err)
			return
		}
		ws.setStatus("preferences saved")
	}, ws.win)
	d.Resize(fyne.NewSize(480, 260))
	ws.showModal(d)
	ws.win.Canvas().Focus(name)
}
