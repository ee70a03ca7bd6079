package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// shortcutHelp lists every shortcut for the F1 overlay, in groups.
var shortcutHelp = [][2]string{
	{K("Selecting (article view)"), ""},
	{K("Drag / double click"), K("select whole words (Arabic clitics included); Alt+drag: letter by letter")},
	{K("Shift+← / Shift+→"), K("extend the selection by a word (in reading direction)")},
	{K("← / →, ↑ ↓, Page Up/Down"), K("move the caret by a word; scroll")},
	{K("Labelling"), ""},
	{K("1 – 9, c (or the palette)"), K("label the selection; with no selection, relabel the selected span")},
	{K("Delete / Backspace"), K("delete the selected span")},
	{K("R, then click a span"), K("relate the selected span to it, then press the hotkey of a relation type its kinds allow, or click one (Escape cancels)")},
	{K("Shift+← / Shift+→"), K("on a selected span: move its end edge by a word (Shift+click: to a point)")},
	{K("Alt+← / Alt+→"), K("move the selected span's start edge by a word (Alt+Ctrl: by a letter)")},
	{K("Alt+Shift+← / Alt+Shift+→"), K("move the selected span's end edge by a word (Alt+Shift+Ctrl: by a letter)")},
	{K("Alt+↓ / Alt+↑"), K("select the next / previous span")},
	{K("Ctrl+Shift+L"), K("label all occurrences of the selection with the current label")},
	{K("Ctrl+Z"), K("undo")},
	{K("Ctrl+Shift+Z, Ctrl+Y"), K("redo")},
	{K("Escape"), K("clear the selection and the selected span")},
	{K("Moving around"), ""},
	{K("Ctrl+L"), K("library filter (↑ ↓ Page Up/Down choose, Enter opens)")},
	{K("Ctrl+PageDown / Ctrl+PageUp"), K("next / previous article")},
	{K("Ctrl+J"), K("article view")},
	{K("Ctrl+I"), K("inspector (Tab moves between its fields)")},
	{K("Ctrl+D"), K("mark the article done (again: in progress)")},
	{K("Ctrl+Shift+B"), K("blind: show only your own layer (again: every annotator's)")},
	{K("Curation"), ""},
	{K("Ctrl+Shift+K"), K("curate the article into the gold layer (again: stop); label keys then edit gold")},
	{K("Ctrl+Shift+A"), K("agreement between the annotators: tables, F1 per label, articles worst first (click one to curate it)")},
	{K("Ctrl+Shift+D"), K("in curation: mark the article curated, by you, now (again: unmark)")},
	{K("n / p"), K("next / previous disagreement between the annotators")},
	{K("a"), K("accept the selected span's version into gold")},
	{K("Shift+A"), K("accept every span all annotators agree on")},
	{K("x"), K("reject every version of the selected disagreement")},
	{K("Tab / Shift+Tab"), K("next / previous control; the focused one is outlined")},
	{K("Suggestions (dashed outlines)"), ""},
	{K("n / p"), K("next / previous pending suggestion (outside curation)")},
	{K("Enter"), K("accept the suggestion under review as a span")},
	{K("x / Backspace"), K("reject it (your labels then stop suggesting that text with that label here)")},
	{K("1 – 9, c"), K("accept it with that label instead")},
	{K("Alt+← / Alt+→, Alt+Shift+← / →"), K("move its start / end edge before accepting")},
	{K("Find"), ""},
	{K("Ctrl+F"), K("find in the article (Arabic-aware)")},
	{K("Enter, F3, Ctrl+G / Shift+Enter, Ctrl+Shift+G"), K("next / previous match")},
	{K("Escape"), K("close the find bar")},
	{K("Files"), ""},
	{K("Ctrl+O"), K("import files (or drop them on the window)")},
	{K("Ctrl+Shift+O"), K("import every file in a folder (a brat folder as one collection)")},
	{K("Ctrl+U"), K("import a web page by URL")},
	{K("Ctrl+Shift+V"), K("paste the clipboard as a new article")},
	{K("Ctrl+E"), K("export")},
	{K("Ctrl+K"), K("edit the label scheme")},
	{K("Ctrl+,"), K("preferences (annotator, font size, theme)")},
	{K("F1"), K("this help")},
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
		// Under review, a suggestion's edges move first (nothing is
		// written until Enter); else the selected span's.
		edge := func(start, right bool) func() {
			return func() {
				if !ss.MoveSuggestionEdgeVisual(start, right, fine) {
					ss.MoveEdgeVisual(start, right, fine)
				}
			}
		}
		add(mod(fyne.KeyLeft, alt), edge(true, false))
		add(mod(fyne.KeyRight, alt), edge(true, true))
		add(mod(fyne.KeyLeft, alt|fyne.KeyModifierShift), edge(false, false))
		add(mod(fyne.KeyRight, alt|fyne.KeyModifierShift), edge(false, true))
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
		{K("Import files…"), ctrl(fyne.KeyO), ws.showImport},
		{K("Import folder…"), ctrlShift(fyne.KeyO), ws.showImportFolder},
		{K("Import web page…"), ctrl(fyne.KeyU), ws.showImportURL},
		{K("Paste as new article…"), ctrlShift(fyne.KeyV), ws.showPasteArticle},
		{K("Export…"), ctrl(fyne.KeyE), ws.showExport},
		{K("Preferences…"), ctrl(fyne.KeyComma), ws.showPreferences},
		{K("Find…"), ctrl(fyne.KeyF), ws.openFind},
		{K("Filter library"), ctrl(fyne.KeyL), ws.focusLibrary},
		{K("Label scheme…"), ctrl(fyne.KeyK), ws.showSchemeEditor},
	}
}

// mainMenu builds the window's menu bar.
func (ws *Workspace) mainMenu() *fyne.MainMenu {
	item := func(label string, f func()) *fyne.MenuItem { return fyne.NewMenuItem(visualString(TK(label)), f) }
	byLabel := map[string]*fyne.MenuItem{}
	for _, m := range ws.menuShortcuts() {
		it := fyne.NewMenuItem(visualString(TK(m.label)), m.f)
		it.Shortcut = m.s
		byLabel[m.label] = it
	}
	file := fyne.NewMenu(TV("File"),
		byLabel["Import files…"], byLabel["Import folder…"], byLabel["Import web page…"], byLabel["Paste as new article…"],
		item("Bring in a colleague's work…", ws.showBringIn),
		fyne.NewMenuItemSeparator(), byLabel["Export…"],
		fyne.NewMenuItemSeparator(), byLabel["Preferences…"])
	edit := fyne.NewMenu(TV("Edit"),
		item("Undo (Ctrl+Z)", func() { ws.sess.Undo() }),
		item("Redo (Ctrl+Shift+Z)", func() { ws.sess.Redo() }),
		fyne.NewMenuItemSeparator(),
		byLabel["Find…"],
		item("Label all occurrences (Ctrl+Shift+L)", ws.sess.LabelAll),
		item("Delete span (Delete)", ws.deleteSelectedSpan),
		fyne.NewMenuItemSeparator(),
		byLabel["Label scheme…"])
	view := fyne.NewMenu(TV("Go"),
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
	help := fyne.NewMenu(TV("Help"), item("Keyboard shortcuts (F1)", ws.showHelp))
	return fyne.NewMainMenu(file, edit, view, ws.suggestionsMenu(), help)
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
	mirrorDialog(ws.win.Canvas())
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
	case fyne.KeyReturn, fyne.KeyEnter:
		if !ws.sess.InReview() {
			return false
		}
		ws.sess.AcceptSuggestion()
	case fyne.KeyBackspace:
		if ws.sess.InReview() {
			ws.sess.RejectSuggestion()
		} else {
			ws.deleteSelectedSpan()
		}
	case fyne.KeyDelete:
		ws.deleteSelectedSpan()
	case fyne.KeyEscape:
		if ws.relatePick != nil || ws.relateFrom != "" {
			ws.endRelationPick()
			ws.relateFrom = ""
			ws.setStatus("relation cancelled")
			return true
		}
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
// and x step through and decide the disagreements first, outside it n, p
// and x review suggestions (and a label key accepts the one under review
// with that label). These keys are reserved: no label can take them
// (session.ReservedKey).
func (ws *Workspace) handleRune(r rune) bool {
	if ws.modal != nil {
		return false
	}
	if ws.relationKey(r) {
		return true
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
	if !ws.sess.Curating() {
		// Review of suggestions: n and p step, x rejects, a label key
		// accepts with that label.
		switch {
		case r == 'n':
			ws.sess.NextSuggestion(true)
			return true
		case r == 'p':
			ws.sess.NextSuggestion(false)
			return true
		case r == 'x' && ws.sess.InReview():
			ws.sess.RejectSuggestion()
			return true
		}
		if l := ws.sess.LabelForKey(r); l != nil && ws.sess.InReview() {
			ws.sess.AcceptSuggestionAs(l.Name)
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
	grid := container.New(newReadingFormLayout())
	for _, h := range shortcutHelp {
		if h[1] == "" {
			grid.Add(widget.NewLabelWithStyle(visualString(TK(h[0])), alignLeading(), fyne.TextStyle{Bold: true}))
			grid.Add(widget.NewLabel(""))
			continue
		}
		keys := TK(h[0])
		// Key names in the monospace face, which has no Arabic: a
		// translated description of keys ("سحب / نقر مزدوج") in the UI face.
		style := fyne.TextStyle{Monospace: strings.IndexFunc(keys, isStrongRTL) < 0}
		// Keys toward their description: right-aligned at its left, or
		// left-aligned at its right in the Arabic interface.
		align := fyne.TextAlignTrailing
		if RTL() {
			align = fyne.TextAlignLeading
		}
		grid.Add(widget.NewLabelWithStyle(visualString(keys), align, style))
		grid.Add(newLeadingLabel(visualString(TK(h[1]))))
	}
	d := dialog.NewCustom(TV("Keyboard shortcuts"), T("Close"), container.NewVScroll(grid), ws.win)
	d.Resize(fyne.NewSize(1000, 700))
	ws.showModal(d)
}
