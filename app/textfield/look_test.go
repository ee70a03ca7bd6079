package textfield

import (
	"errors"
	"image/png"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestLookDialog draws a form of fields (a validation error, a placeholder,
// Hebrew, a wrapped multi-line note) to $TEXTFIELD_SHOTS/dialog.png, to look
// at; it checks nothing and skips without the variable.
func TestLookDialog(t *testing.T) {
	dir := os.Getenv("TEXTFIELD_SHOTS")
	if dir == "" {
		t.Skip()
	}
	test.NewTempApp(t)
	win := test.NewTempWindow(t, container.NewStack(widget.NewLabel("")))
	win.Resize(fyne.NewSize(600, 400))
	name := New()
	name.Validator = func(s string) error {
		if s == "" {
			return errors.New("give a name")
		}
		return nil
	}
	ph := New()
	ph.SetPlaceHolder("https://…")
	heb := New()
	heb.SetText("שלום עולם 2024 abc")
	ml := NewMultiLine()
	ml.SetText("ملاحظة طويلة عن المقال تلتف على عدة أسطر، مع رقم 2017 وكلمة BBC.\nسطر ثان")
	items := []*widget.FormItem{widget.NewFormItem("Your name", name), widget.NewFormItem("URL", ph),
		widget.NewFormItem("Hebrew", heb), widget.NewFormItem("Note", ml)}
	d := dialog.NewForm("Who?", "Start", "Later", items, func(bool) {}, win)
	d.Resize(fyne.NewSize(500, 330))
	d.Show()
	win.Canvas().Capture()
	test.Type(name, "x")
	name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	name.FocusLost()
	img := win.Canvas().Capture()
	f, _ := os.Create(dir + "/dialog.png")
	png.Encode(f, img)
	f.Close()
}
