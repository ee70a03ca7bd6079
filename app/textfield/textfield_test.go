package textfield

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/hamesh-app/hamesh/app/layout"
)

const note = "قال ترامب 2017 وفق BBC"

func show(t *testing.T, f *Field, w, h float32) fyne.Window {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, container.NewStack(f))
	win.Resize(fyne.NewSize(w, h))
	return win
}

func TestTypingStoresTextAndCaret(t *testing.T) {
	f := New()
	var changes []string
	f.OnChanged = func(s string) { changes = append(changes, s) }
	win := show(t, f, 400, 60)
	win.Canvas().Focus(f)
	test.Type(f, note)
	if f.Text != note {
		t.Fatalf("Text %q", f.Text)
	}
	if f.CursorOffset() != len([]rune(note)) {
		t.Errorf("caret %d", f.CursorOffset())
	}
	if len(changes) != len([]rune(note)) || changes[len(changes)-1] != note {
		t.Errorf("%d OnChanged calls, last %q", len(changes), changes[len(changes)-1])
	}
	// The paragraph is RTL: its first word is at the right; the caret
	// after BBC (the logical end) is at BBC's right edge, where the next
	// Latin letter goes (as in Chromium).
	m := f.Model()
	ln := m.Layout().Lines()[0]
	if !ln.RTL {
		t.Fatalf("line not RTL")
	}
	first := m.Layout().Rects(0, 3)[0]
	if first.X+first.W < ln.X+ln.Width-1 {
		t.Errorf("قال at x %v..%v, want at the right end %v", first.X, first.X+first.W, ln.X+ln.Width)
	}
	bbc := m.Layout().Rects(19, 22)[0]
	if c := m.CaretRect(); c.X < bbc.X+bbc.W-0.5 || c.X > bbc.X+bbc.W+0.5 {
		t.Errorf("caret at %v, want BBC's right edge %v", c.X, bbc.X+bbc.W)
	}
}

func TestKeysClipboardUndo(t *testing.T) {
	f := New()
	win := show(t, f, 400, 60)
	win.Canvas().Focus(f)
	f.SetText("abc عربي")
	f.Select(0, 0)
	right := &fyne.KeyEvent{Name: fyne.KeyRight}
	for range 4 {
		f.TypedKey(right)
	}
	f.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	f.TypedKey(right) // crosses ي, the logical end, right of the space
	f.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if got := f.SelectedText(); got != "ي" {
		t.Errorf("Shift+→ after the space selected %q, want ي", got)
	}
	clip := test.NewClipboard()
	f.TypedShortcut(&fyne.ShortcutCut{Clipboard: clip})
	if clip.Content() != "ي" || f.Text != "abc عرب" {
		t.Errorf("cut: clipboard %q text %q", clip.Content(), f.Text)
	}
	f.TypedShortcut(&fyne.ShortcutSelectAll{})
	f.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
	if f.Text != "ي" {
		t.Errorf("paste over all: %q", f.Text)
	}
	f.TypedShortcut(&fyne.ShortcutUndo{})
	if f.Text != "abc عرب" {
		t.Errorf("undo: %q", f.Text)
	}
	f.TypedShortcut(&fyne.ShortcutRedo{})
	if f.Text != "ي" {
		t.Errorf("redo: %q", f.Text)
	}
	f.ReadOnly = true
	test.Type(f, "x")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if f.Text != "ي" {
		t.Errorf("read-only field changed: %q", f.Text)
	}
	f.ReadOnly = false
	// Ctrl+← in an RTL paragraph goes forward by word.
	f.SetText("قال ترامب")
	f.Select(0, 0)
	f.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierControl})
	if f.CursorOffset() != 3 {
		t.Errorf("Ctrl+← from the start of an RTL line: %d", f.CursorOffset())
	}
}

func TestSubmitMultiLineValidation(t *testing.T) {
	f := New()
	submitted := ""
	f.OnSubmitted = func(s string) { submitted = s }
	f.Validator = func(s string) error {
		if s == "" {
			return errors.New("empty")
		}
		return nil
	}
	var states []bool
	f.SetOnValidationChanged(func(err error) { states = append(states, err == nil) })
	win := show(t, f, 300, 60)
	win.Canvas().Focus(f)
	test.Type(f, "a")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if submitted != "a" {
		t.Errorf("Enter submitted %q", submitted)
	}
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if f.Validate() == nil || f.ValidationError() == nil {
		t.Errorf("empty text validated")
	}
	if len(states) != 2 || states[0] != true || states[1] != false {
		t.Errorf("validation changes %v", states)
	}
	icon := false
	for _, o := range test.WidgetRenderer(f).Objects() {
		if _, ok := o.(*canvas.Image); ok && o.Visible() {
			icon = true
		}
	}
	if !icon {
		t.Errorf("no error icon on an invalid, edited field")
	}
	// Multi-line: Enter is a newline; the text wraps; Down moves a line.
	ml := NewMultiLine()
	ml.SetDirection(layout.RTL)
	show(t, ml, 160, 120)
	ml.SetText("")
	test.Type(ml, note+"\n"+note)
	if ml.Text != note+"\n"+note {
		t.Errorf("multi-line text %q", ml.Text)
	}
	if n := len(ml.Model().Layout().Lines()); n < 4 {
		t.Errorf("%d lines at width 160, want wrapping", n)
	}
	if !ml.AcceptsTab() == false {
		t.Errorf("a field takes Tab")
	}
}

func TestDragAndDoubleTap(t *testing.T) {
	f := New()
	win := show(t, f, 400, 60)
	win.Canvas().Focus(f)
	f.SetText("abc عربي xyz")
	m := f.Model()
	r := m.Layout().Rects(4, 8)[0] // the Arabic word
	pad := theme.InnerPadding()    // widget coordinates = pad + layout coordinates (no scroll)
	f.DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(pad+r.X+r.W/2, pad+r.Y+r.H/2)})
	if got := f.SelectedText(); got != "عربي" {
		t.Errorf("double click on the Arabic word selected %q", got)
	}
	// Drag from the right end of the Arabic word leftwards over two letters.
	from := fyne.NewPos(pad+r.X+r.W-0.5, pad+r.Y+r.H/2)
	ra := m.Layout().Rects(4, 6)[0]
	to := fyne.NewPos(pad+ra.X+0.5, from.Y)
	f.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, 0)})
	f.DragEnd()
	if got := f.SelectedText(); got != "عر" {
		t.Errorf("drag over عر selected %q", got)
	}
}

// TestRender draws the note field with its caret and a selection and
// writes it to the folder $TEXTFIELD_SHOTS, if set, to look at.
func TestRender(t *testing.T) {
	f := New()
	win := show(t, f, 360, 50)
	win.Canvas().Focus(f)
	test.Type(f, note)
	f.Select(12, 17) // "17 وف": two pieces, "20" between them
	img := win.Canvas().Capture()
	if os.Getenv("TEXTFIELD_SHOTS") != "" {
		dir := os.Getenv("TEXTFIELD_SHOTS")
		os.MkdirAll(dir, 0o755)
		out, _ := os.Create(filepath.Join(dir, "note.png"))
		png.Encode(out, img)
		out.Close()
	}
	if rs := f.Model().SelectionRects(); len(rs) < 2 {
		t.Errorf("selection over a direction change: %d rects", len(rs))
	}
	if inked(img) < 100 {
		t.Errorf("nothing drawn")
	}
}

func inked(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0x8000 && g < 0x8000 && bl < 0x8000 {
				n++
			}
		}
	}
	return n
}

func TestContextMenu(t *testing.T) {
	f := New()
	win := show(t, f, 300, 60)
	f.SetText("نص")
	f.TappedSecondary(&fyne.PointEvent{Position: fyne.NewPos(10, 10), AbsolutePosition: fyne.NewPos(10, 10)})
	over := win.Canvas().Overlays().Top()
	if over == nil {
		t.Fatal("no menu shown")
	}
	var items []string
	for _, o := range test.LaidOutObjects(over) {
		if tx, ok := o.(*canvas.Text); ok && tx.Text != "" {
			items = append(items, tx.Text)
		}
	}
	if fmt.Sprint(items) != "[Cut Copy Paste Select all]" {
		t.Errorf("menu items %v", items)
	}
}

func TestScrollKeepsCaretInView(t *testing.T) {
	// A one-line field narrower than its text scrolls to the caret: Home
	// of an RTL text is its right end.
	f := New()
	show(t, f, 120, 50)
	f.SetText(note + " " + note)
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	v := f.viewSize()
	c := f.Model().CaretRect()
	if x := c.X - f.scroll.X; x < 0 || x > v.Width {
		t.Errorf("after Home the caret is at %v in a view %v wide", x, v.Width)
	}
	if f.scroll.X <= 0 {
		t.Errorf("Home of a long RTL line did not scroll to its right end")
	}
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	c = f.Model().CaretRect()
	if x := c.X - f.scroll.X; x < 0 || x > v.Width {
		t.Errorf("after End the caret is at %v in a view %v wide", x, v.Width)
	}
	// A multi-line field scrolls down to a caret below its rows.
	ml := NewMultiLine()
	show(t, ml, 200, 100)
	ml.SetText(strings.Repeat("سطر\n", 20))
	ml.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) // moves and scrolls
	c = ml.Model().CaretRect()
	mv := ml.viewSize()
	if y := c.Y - ml.scroll.Y; y < 0 || y+c.H > mv.Height+0.5 || ml.scroll.Y <= 0 {
		t.Errorf("multi-line caret at y %v (scroll %v) in a view %v high", y, ml.scroll.Y, mv.Height)
	}
	ml.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, 1e4)})
	if ml.scroll.Y != 0 {
		t.Errorf("wheel up to the top: scroll %v", ml.scroll.Y)
	}
}

// TestMultiLineGrowsThenScrolls types line after line into a multi-line
// field at the top of a box (which gives it its minimum height): it starts
// two rows high, grows a row per line typed up to its maximum of four,
// then stays four rows high and scrolls to keep the caret in view; deleting
// the lines shrinks it back. Wrapped Arabic counts as the lines it takes.
func TestMultiLineGrowsThenScrolls(t *testing.T) {
	f := NewMultiLine()
	f.SetMinRowsVisible(2)
	f.SetMaxRowsVisible(4)
	test.NewTempApp(t)
	box := container.NewVBox(f)
	win := test.NewTempWindow(t, box)
	win.Resize(fyne.NewSize(300, 600))
	win.Canvas().Focus(f)
	pad := theme.InnerPadding()
	rowsShown := func() float32 {
		// The GL driver lays a parent out again when a child's minimum
		// size changes (EnsureMinSize, every frame); the test driver
		// does not, so do it here.
		box.Refresh()
		return (f.Size().Height - 2*pad) / f.lineH()
	}
	if r := rowsShown(); r < 1.99 || r > 2.01 {
		t.Fatalf("empty field %.2f rows high, want 2", r)
	}
	heights := []float32{}
	for i := 0; i < 6; i++ {
		if i > 0 {
			f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}
		test.Type(f, fmt.Sprintf("سطر %d", i+1))
		heights = append(heights, rowsShown())
	}
	want := []float32{2, 2, 3, 4, 4, 4}
	for i, h := range heights {
		if h < want[i]-0.05 || h > want[i]+0.05 {
			t.Errorf("after %d lines: %.2f rows high, want %v (all: %v)", i+1, h, want[i], heights)
		}
	}
	if f.scroll.Y <= 0 {
		t.Errorf("six lines in four rows: not scrolled (scroll %v)", f.scroll)
	}
	// The caret (on the last line) is in view.
	c := f.Model().CaretRect()
	if v := f.viewSize(); c.Y+c.H > f.scroll.Y+v.Height+0.5 || c.Y < f.scroll.Y-0.5 {
		t.Errorf("caret %v out of view (scroll %v, view %v)", c, f.scroll, v)
	}
	f.SetText("")
	if r := rowsShown(); r < 1.99 || r > 2.01 {
		t.Errorf("emptied: %.2f rows high, want 2", r)
	}
	// One long Arabic paragraph wraps into several lines: it grows too.
	f.SetText(strings.Repeat("قال ترامب 2017 وفق BBC ", 4))
	if lines := len(f.Model().Layout().Lines()); lines < 3 {
		t.Fatalf("the long paragraph wrapped into %d lines at 300 px", lines)
	}
	if r := rowsShown(); r < 2.95 {
		t.Errorf("wrapped paragraph: %.2f rows high, want at least 3", r)
	}
}

// TestEscapeGoesToTheWindow: Escape in a focused field reaches the
// canvas's key handler (which closes a dialog in the app), and other keys
// the field uses do not.
func TestEscapeGoesToTheWindow(t *testing.T) {
	test.NewTempApp(t)
	f := New()
	win := test.NewTempWindow(t, f)
	var got []fyne.KeyName
	win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { got = append(got, ev.Name) })
	win.Canvas().Focus(f)
	test.Type(f, "ab")
	for _, k := range []fyne.KeyName{fyne.KeyLeft, fyne.KeyBackspace, fyne.KeyEscape} {
		win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k})
	}
	if len(got) != 1 || got[0] != fyne.KeyEscape {
		t.Fatalf("the window's key handler got %v, want only Escape", got)
	}
	if f.Text != "b" {
		t.Errorf("text %q after a, b, ←, Backspace: want %q", f.Text, "b")
	}
}
