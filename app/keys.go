package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// shortcutHelp lists every shortcut for the F1 overlay, in groups.
var shortcutHelp = [][2]string{
	{"Selecting (article view)", ""},
	{"Drag / double click", "select whole words (Arabic clitics included); Alt+drag: letter by letter"},
	{"Shift+← / Shift+→", "extend the selection by a word (in reading direction)"},
	{"← / →, ↑ ↓, Page Up/Down", "move the caret by a word; scroll"},
	{"Labelling", ""},
	{"1 – 9, c (or the palette)", "label the selection; with no selection, relabel the selected span"},
	{"Delete / Backspace", "delete the selected span"},
	{"R, then click a span", "relate the selected span to it: pick a relation type its kinds allow (R again cancels)"},
	{"Shift+← / Shift+→", "on a selected span: move its end edge by a word (Shift+click: to a point)"},
	{"Alt+← / Alt+→", "move the selected span's start edge by a word (Alt+Ctrl: by a letter)"},
	{"Alt+Shift+← / Alt+Shift+→", "move the selected span's end edge by a word (Alt+Shift+Ctrl: by a letter)"},
	{"Alt+↓ / Alt+↑", "select the next / previous span"},
	{"Ctrl+Shift+L", "label all occurrences of the selection with the current label"},
	{"Ctrl+Z", "undo"},
	{"Ctrl+Shift+Z, Ctrl+Y", "redo"},
	{"Escape", "clear the selection and the selected span"},
	{"Moving around", ""},
	{"Ctrl+L", "library filter (↑ ↓ Page Up/Down choose, Enter opens)"},
	{"Ctrl+PageDown / Ctrl+PageUp", "next / previous article"},
	{"Ctrl+J", "article view"},
	{"Ctrl+I", "inspector (Tab moves between its fields)"},
	{"Ctrl+D", "mark the article done (again: in progress)"},
	{"Ctrl+Shift+B", "blind: show only your own layer (again: every annotator's)"},
	{"Curation", ""},
	{"Ctrl+Shift+K", "curate the article into the gold layer (again: stop); label keys then edit gold"},
	{"Ctrl+Shift+A", "agreement between the annotators: tables, F1 per label, articles worst first (click one to curate it)"},
	{"Ctrl+Shift+D", "in curation: mark the article curated, by you, now (again: unmark)"},
	{"n / p", "next / previous disagreement between the annotators"},
	{"a", "accept the selected span's version into gold"},
	{"Shift+A", "accept every span all annotators agree on"},
	{"x", "reject every version of the selected disagreement"},
	{"Tab / Shift+Tab", "next / previous control; the focused one is outlined"},
	{"Find", ""},
	{"Ctrl+F", "find in the article (Arabic-aware)"},
	{"Enter, F3, Ctrl+G / Shift+Enter, Ctrl+Shift+G", "next / previous match"},
	{"Escape", "close the find bar"},
	{"Files", ""},
	{"Ctrl+O", "import files (or drop them on the window)"},
	{"Ctrl+Shift+O", "import every file in a folder (a brat folder as one collection)"},
	{"Ctrl+U", "import a web page by URL"},
	{"Ctrl+Shift+V", "paste the clipboard as a new article"},
	{"Ctrl+E", "export"},
	{"Ctrl+K", "edit the label scheme"},
	{"Ctrl+,", "preferences (annotator, font size, theme)"},
	{"F1", "this help"},
}

// ctrl and friends build desktop shortcuts.
func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl}
}

func ctrlShift(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift}
}

func mod(k fyne.KeyName, m fyne.KeyModifier) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: m}
}

// registerShortcuts binds the workspace's shortcuts on the canvas (used when
// the focused widget does not take shortcuts) and remembers them for the
// article view, which forwards the shortcuts it does not use itself.
func (ws *Workspace) registerShortcuts() {
	ws.shortcuts = map[string]func(){}
	add := func(s fyne.Shortcut, f func()) {
		ws.shortcuts[s.ShortcutName()] = f
		ws.win.Canvas().AddShortcut(s, func(fyne.Shortcut) { f() })
	}
	ss := ws.sess
	add(&fyne.ShortcutUndo{}, func() { ss.Undo() })
	add(&fyne.ShortcutRedo{}, func() { ss.Redo() })
	add(ctrl(fyne.KeyZ), func() { ss.Undo() })
	add(ctrl(fyne.KeyY), func() { ss.Redo() })
	add(ctrlShift(fyne.KeyZ), func() { ss.Redo() })
	add(ctrl(fyne.KeyG), func() { ws.findNext(true) })
	add(ctrlShift(fyne.KeyG), func() { ws.findNext(false) })
	add(ctrl(fyne.KeyJ), ws.focusView)
	add(ctrl(fyne.KeyI), ws.focusInspector)
	add(ctrl(fyne.KeyD), func() { ss.ToggleDone() })
	add(ctrl(fyne.KeyPageDown), func() { ws.library.Move(1) })
	add(ctrl(fyne.KeyPageUp), func() { ws.library.Move(-1) })
	add(ctrlShift(fyne.KeyL), ss.LabelAll)
	add(ctrlShift(fyne.KeyB), ws.toggleBlind)
	add(ctrlShift(fyne.KeyK), ws.toggleCurating)
	add(ctrlShift(fyne.KeyA), ws.showAgreement)
	add(ctrlShift(fyne.KeyD), ss.ToggleCurated)
	for _, alt := range []fyne.KeyModifier{fyne.KeyModifierAlt, fyne.KeyModifierAlt | fyne.KeyModifierControl} {
		fine := alt&fyne.KeyModifierControl != 0
		add(mod(fyne.KeyLeft, alt), func() { ss.MoveEdgeVisual(true, false, fine) })
		add(mod(fyne.KeyRight, alt), func() { ss.MoveEdgeVisual(true, true, fine) })
		add(mod(fyne.KeyLeft, alt|fyne.KeyModifierShift), func() { ss.MoveEdgeVisual(false, false, fine) })
		add(mod(fyne.KeyRight, alt|fyne.KeyModifierShift), func() { ss.MoveEdgeVisual(false, true, fine) })
	}
	add(mod(fyne.KeyDown, fyne.KeyModifierAlt), func() { ss.SelectNextSpan(true) })
	add(mod(fyne.KeyUp, fyne.KeyModifierAlt), func() { ss.SelectNextSpan(false) })
	// Menu shortcuts work from anywhere (the window gives them to the menu
	// first); they are listed here too for the test driver, which has no menu.
	for _, m := range ws.menuShortcuts() {
		m := m
		ws.shortcuts[m.s.ShortcutName()] = m.f
	}
}

type menuShortcut struct {
	label string
	s     fyne.Shortcut
	f     func()
}

// menuShortcuts are the main menu's items with shortcuts.
func (ws *Workspace) menuShortcuts() []menuShortcut {
	return []menuShortcut{
		{"Import files…", ctrl(fyne.KeyO), ws.showImport},
		{"Import folder…", ctrlShift(fyne.KeyO), ws.showImportFolder},
		{"Import web page…", ctrl(fyne.KeyU), ws.showImportURL},
		{"Paste as new article…", ctrlShift(fyne.KeyV), ws.showPasteArticle},
		{"Export…", ctrl(fyne.KeyE), ws.showExport},
		{"Preferences…", ctrl(fyne.KeyComma), ws.showPreferences},
		{"Find…", ctrl(fyne.KeyF), ws.openFind},
		{"Filter library", ctrl(fyne.KeyL), ws.focusLibrary},
		{"Label scheme…", ctrl(fyne.KeyK), ws.showSchemeEditor},
	}
}

// mainMenu builds the window's menu bar.
func (ws *Workspace) mainMenu() *fyne.MainMenu {
	item := func(label string, f func()) *fyne.MenuItem { return fyne.NewMenuItem(label, f) }
	byLabel := map[string]*fyne.MenuItem{}
	for _, m := range ws.menuShortcuts() {
		it := fyne.NewMenuItem(m.label, m.f)
		it.Shortcut = m.s
		byLabel[m.label] = it
	}
	file := fyne.NewMenu("File",
		byLabel["Import files…"], byLabel["Import folder…"], byLabel["Import web page…"], byLabel["Paste as new article…"],
		item("Bring in a colleague's work…", ws.showBringIn),
		fyne.NewMenuItemSeparator(), byLabel["Export…"],
		fyne.NewMenuItemSeparator(), byLabel["Preferences…"])
	edit := fyne.NewMenu("Edit",
		item("Undo (Ctrl+Z)", func() { ws.sess.Undo() }),
		item("Redo (Ctrl+Shift+Z)", func() { ws.sess.Redo() }),
		fyne.NewMenuItemSeparator(),
		byLabel["Find…"],
		item("Label all occurrences (Ctrl+Shift+L)", ws.sess.LabelAll),
		item("Delete span (Delete)", ws.deleteSelectedSpan),
		fyne.NewMenuItemSeparator(),
		byLabel["Label scheme…"])
	view := fyne.NewMenu("Go",
		byLabel["Filter library"],
		item("Article view (Ctrl+J)", ws.focusView),
		item("Inspector (Ctrl+I)", ws.focusInspector),
		item("Next article (Ctrl+PageDown)", func() { ws.library.Move(1) }),
		item("Previous article (Ctrl+PageUp)", func() { ws.library.Move(-1) }),
		item("Mark article done (Ctrl+D)", func() { ws.sess.ToggleDone() }),
		fyne.NewMenuItemSeparator(),
		item("Only my layer / every layer (Ctrl+Shift+B)", ws.toggleBlind),
		item("Curate this article into gold (Ctrl+Shift+K)", ws.toggleCurating),
		item("Agreement between annotators… (Ctrl+Shift+A)", ws.showAgreement),
		item("Entity registry…", ws.showRegistry),
		item("Claim clusters…", ws.showClusters),
		item("Mark article curated (Ctrl+Shift+D, in curation)", ws.sess.ToggleCurated))
	help := fyne.NewMenu("Help", item("Keyboard shortcuts (F1)", ws.showHelp))
	return fyne.NewMainMenu(file, edit, view, help)
}

// showModal shows a dialog and remembers it, so Escape closes it and keys
// typed while it is open do not reach the article.
func (ws *Workspace) showModal(d dialog.Dialog) {
	prev := ws.modal
	ws.modal = d
	d.SetOnClosed(func() {
		if ws.modal == d {
			ws.modal = prev
		}
	})
	d.Show()
}

// handleShortcut runs the workspace's action for a shortcut the focused
// widget passed on; it reports whether there was one.
func (ws *Workspace) handleShortcut(s fyne.Shortcut) bool {
	if ws.modal != nil {
		return false
	}
	if f, ok := ws.shortcuts[s.ShortcutName()]; ok {
		f()
		return true
	}
	return false
}

// handleKey handles keys the article view (or the canvas, with nothing
// focused) passed on.
func (ws *Workspace) handleKey(ev *fyne.KeyEvent) bool {
	if ws.modal != nil {
		if ev.Name == fyne.KeyEscape {
			ws.modal.Hide()
			return true
		}
		return false
	}
	switch ev.Name {
	case fyne.KeyF1:
		ws.showHelp()
	case fyne.KeyF3:
		ws.findNext(true)
	case fyne.KeyDelete, fyne.KeyBackspace:
		ws.deleteSelectedSpan()
	case fyne.KeyEscape:
		if ws.find.Visible() {
			ws.closeFind()
		}
		ws.sess.ClearSelection()
	default:
		return false
	}
	return true
}

// entryKey handles F1, F3 and Escape passed on by a focused entry: Escape
// closes the dialog the entry is in, else returns the focus to the view.
func (ws *Workspace) entryKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyF1, fyne.KeyF3:
		return ws.handleKey(ev)
	case fyne.KeyEscape:
		if ws.modal != nil {
			return ws.handleKey(ev)
		}
		ws.focusView()
		return true
	}
	return false
}

// entryForward is what the workspace's entries pass on to it.
func (ws *Workspace) entryForward() entryForward {
	return entryForward{shortcut: ws.handleShortcut, key: ws.entryKey}
}

// handleRune applies the label whose hotkey is r; in curation n, p, a, A
// and x step through and decide the disagreements first.
func (ws *Workspace) handleRune(r rune) bool {
	if ws.modal != nil {
		return false
	}
	if ws.sess.Curating() {
		switch r {
		case 'n':
			ws.sess.NextDisagreement(true)
			return true
		case 'p':
			ws.sess.NextDisagreement(false)
			return true
		case 'a':
			ws.sess.AcceptSelected()
			return true
		case 'A':
			ws.sess.AcceptAgreeing()
			return true
		case 'x':
			ws.sess.RejectSelected()
			return true
		}
	}
	if l := ws.sess.LabelForKey(r); l != nil {
		ws.sess.ApplyLabel(l.Name)
		return true
	}
	if r == 'r' || r == 'R' { // a relation from the selected span (relate.go)
		ws.startRelation()
		return true
	}
	return false
}

// deleteSelectedSpan deletes the selected span.
func (ws *Workspace) deleteSelectedSpan() { ws.sess.DeleteSelected() }

// focusView gives the article view the keyboard focus.
func (ws *Workspace) focusView() {
	if f, ok := any(ws.view).(fyne.Focusable); ok {
		ws.win.Canvas().Focus(f)
	}
}

// focusLibrary focuses the library's filter field.
func (ws *Workspace) focusLibrary() { ws.win.Canvas().Focus(ws.library.Filter) }

// focusInspector focuses the inspector's span list.
func (ws *Workspace) focusInspector() { ws.win.Canvas().Focus(ws.inspector.Tree) }

// showHelp shows the keyboard shortcuts.
func (ws *Workspace) showHelp() {
	grid := container.New(layout.NewFormLayout())
	for _, h := range shortcutHelp {
		if h[1] == "" {
			grid.Add(widget.NewLabelWithStyle(h[0], fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			grid.Add(widget.NewLabel(""))
			continue
		}
		grid.Add(widget.NewLabelWithStyle(h[0], fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}))
		grid.Add(widget.NewLabel(h[1]))
	}
	d := dialog.NewCustom("Keyboard shortcuts", "Close", container.NewVScroll(grid), ws.win)
	d.Resize(fyne.NewSize(1000, 700))
	ws.showModal(d)
}
