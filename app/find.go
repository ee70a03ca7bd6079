package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// findHighlightPrefix is the highlight id of find matches (not spans).
const findHighlightPrefix = "find:"

// findColor is the background of find matches.
var findColor = color.NRGBA{0xff, 0xee, 0x58, 0x90}

// FindBar is the find bar above the article view (Ctrl+F). It holds the
// query field and shows the match count it is given (SetCount); it reports
// through callbacks: OnQuery as the query is typed, OnNext for Enter, F3
// and the arrows (Shift+Enter: previous), OnClose for Escape and the close
// button, OnLabelAll for "Label all".
type FindBar struct {
	container *fyne.Container

	Entry *keyEntry
	count *widget.Label

	OnQuery    func(q string)
	OnNext     func(forward bool)
	OnClose    func()
	OnLabelAll func()
}

func newFindBar(fwd entryForward) *FindBar {
	f := &FindBar{}
	f.Entry = newKeyEntry()
	f.Entry.fwd = fwd
	f.Entry.SetPlaceHolder(T("Find (Arabic-aware: ignores harakat, tatweel, alef forms, clitics)"))
	f.Entry.OnChanged = func(q string) {
		if f.OnQuery != nil {
			f.OnQuery(q)
		}
	}
	f.Entry.onKey = func(ev *fyne.KeyEvent) bool {
		switch ev.Name {
		case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyF3:
			f.next(!f.Entry.shift)
		case fyne.KeyEscape:
			f.close()
		case fyne.KeyDown:
			f.next(true)
		case fyne.KeyUp:
			f.next(false)
		default:
			return false
		}
		return true
	}
	f.count = widget.NewLabel("")
	prev := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { f.next(false) })
	next := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { f.next(true) })
	all := widget.NewButton(TV("Label all (Ctrl+Shift+L)"), func() {
		if f.OnLabelAll != nil {
			f.OnLabelAll()
		}
	})
	closeB := widget.NewButtonWithIcon("", theme.CancelIcon(), f.close)
	f.container = atEnd(f.Entry, container.NewHBox(inReadingOrder([]fyne.CanvasObject{f.count, prev, next, all, closeB})...))
	f.container.Hide()
	return f
}

func (f *FindBar) next(forward bool) {
	if f.OnNext != nil {
		f.OnNext(forward)
	}
}

func (f *FindBar) close() {
	if f.OnClose != nil {
		f.OnClose()
	}
}

// Visible reports whether the bar is shown.
func (f *FindBar) Visible() bool { return f.container.Visible() }

// Show shows the bar with query q in its field (OnQuery is not called).
func (f *FindBar) Show(q string) {
	if f.Entry.Text != q {
		on := f.Entry.OnChanged
		f.Entry.OnChanged = nil
		f.Entry.SetText(q)
		f.Entry.OnChanged = on
	}
	f.container.Show()
}

// Hide hides the bar.
func (f *FindBar) Hide() { f.container.Hide() }

// SetCount shows where find stands ("2 of 5", "no match", "").
func (f *FindBar) SetCount(text string) {
	if f.count.Text != text {
		f.count.SetText(text)
	}
}

// openFind shows the find bar and focuses it; the selection, if short,
// becomes the query.
func (ws *Workspace) openFind() {
	q := ws.sess.OpenFind()
	ws.find.Show(q)
	ws.centre.Refresh()
	ws.win.Canvas().Focus(ws.find.Entry)
}

// closeFind hides the find bar, drops the match highlights and gives the
// view the focus.
func (ws *Workspace) closeFind() {
	ws.find.Hide()
	ws.centre.Refresh()
	ws.sess.CloseFind()
	ws.focusView()
}

// findNext moves to the next find match, opening the find bar if needed.
func (ws *Workspace) findNext(forward bool) {
	if !ws.find.Visible() {
		ws.openFind()
		return
	}
	ws.sess.FindNext(forward)
}
