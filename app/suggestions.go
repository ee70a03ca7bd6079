package app

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/app/session"
)

// Suggestions in the window (issue 15): the Suggestions menu runs the
// sources and the bulk reviews; the review keys (n, p, Enter, x or
// Backspace, a label key, Alt+arrows) are in keys.go; pending suggestions
// are drawn as dashed outlines (articleview) and listed in the inspector.

// suggestionsMenu is the window's Suggestions menu.
func (ws *Workspace) suggestionsMenu() *fyne.Menu {
	item := func(label string, f func()) *fyne.MenuItem { return fyne.NewMenuItem(visualString(TK(label)), f) }
	s := ws.sess
	return fyne.NewMenu(TV("Suggestions"),
		item("Run the built-in patterns on this article", func() { s.RunSuggestions(session.Sources{Patterns: true}) }),
		item("Suggest from your labels in this article", func() { s.RunSuggestions(session.Sources{YourLabels: true}) }),
		item("Suggest from your labels in every article", func() { s.RunSuggestions(session.Sources{YourLabels: true, Everywhere: true}) }),
		item("Run a gazetteer on every article…", ws.showGazetteer),
		item("Ask the model backend about this article (URL in Preferences)", func() {
			u := ws.app.Preferences().String(PrefBackendURL)
			if u == "" {
				ws.setStatus("set the model backend's URL in Preferences (Ctrl+,) first")
				return
			}
			s.RunSuggestions(session.Sources{Backend: u})
		}),
		fyne.NewMenuItemSeparator(),
		item("Next suggestion (n)", func() { s.NextSuggestion(true) }),
		item("Previous suggestion (p)", func() { s.NextSuggestion(false) }),
		item("Accept (Enter)", s.AcceptSuggestion),
		item("Reject (x, Backspace)", s.RejectSuggestion),
		fyne.NewMenuItemSeparator(),
		item("Accept in this article…", func() { ws.showBulkReview(true, false) }),
		item("Reject in this article…", func() { ws.showBulkReview(false, false) }),
		item("Accept everywhere…", func() { ws.showBulkReview(true, true) }),
		item("Reject everywhere…", func() { ws.showBulkReview(false, true) }))
}

// showGazetteer asks for a gazetteer file and runs it over every article.
func (ws *Workspace) showGazetteer() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			ws.showError("open the gazetteer", err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		ws.sess.RunSuggestions(session.Sources{Gazetteers: []string{path}, Everywhere: true})
	}, ws.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".tsv", ".txt", ".csv", ".jsonl", ".json", ".ndjson"}))
	d.Resize(fyne.NewSize(900, 600))
	ws.showModal(d)
}

// showBulkReview asks which pending suggestions to accept or reject (all,
// one label's or one source's; in this article or everywhere), shows how
// many that is, and acts on confirmation as one undo step.
func (ws *Workspace) showBulkReview(accept, everywhere bool) {
	s := ws.sess
	if !everywhere && s.Document() == nil {
		ws.setStatus("open an article first")
		return
	}
	all := session.SuggestionScope{Everywhere: everywhere}
	// scopes[i] is what options[i] (shown in visual order) selects.
	scopes := []session.SuggestionScope{all}
	options := []string{TV("every pending suggestion")}
	for _, l := range s.Labels() {
		scopes = append(scopes, session.SuggestionScope{Everywhere: everywhere, Label: l.Name})
		options = append(options, TV("label %s", LabelDisplay(l)))
	}
	sources := map[string]bool{}
	for _, sg := range s.Suggestions() {
		sources[sg.Source] = true
	}
	var srcs []string
	for src := range sources {
		srcs = append(srcs, src)
	}
	sort.Strings(srcs)
	for _, src := range srcs {
		scopes = append(scopes, session.SuggestionScope{Everywhere: everywhere, Source: src})
		options = append(options, TV("source %s", src))
	}
	count := widget.NewLabel("")
	var chosen session.SuggestionScope
	var n int
	var confirm *widget.Button
	var pick *widget.Select
	pick = newSelect(options, func(string) {
		i := pick.SelectedIndex()
		if i < 0 || i >= len(scopes) {
			return
		}
		chosen = scopes[i]
		var err error
		if n, err = s.CountSuggestions(chosen); err != nil {
			count.SetText(visualString(TErr(err)))
			return
		}
		switch {
		case everywhere:
			count.SetText(TV("%d pending suggestions in every article", n))
		default:
			count.SetText(TV("%d pending suggestions in this article", n))
		}
		if confirm != nil {
			if accept {
				confirm.SetText(TV("Accept %d", n))
			} else {
				confirm.SetText(TV("Reject %d", n))
			}
		}
	})
	var d dialog.Dialog
	verb, question, title := TV("Reject"), TV("Reject which suggestions in this article? One undo step (Ctrl+Z) takes it back."), TV("Reject suggestions")
	switch {
	case accept && everywhere:
		verb, question, title = TV("Accept"), TV("Accept which suggestions in every article? One undo step (Ctrl+Z) takes it back."), TV("Accept suggestions")
	case accept:
		verb, question, title = TV("Accept"), TV("Accept which suggestions in this article? One undo step (Ctrl+Z) takes it back."), TV("Accept suggestions")
	case everywhere:
		question = TV("Reject which suggestions in every article? One undo step (Ctrl+Z) takes it back.")
	}
	confirm = widget.NewButton(verb, func() {
		if n > 0 {
			s.ReviewAll(chosen, accept)
		}
		d.Hide()
	})
	confirm.Importance = widget.HighImportance
	pick.SetSelectedIndex(0)
	body := container.NewVBox(widget.NewLabel(question), pick, count, confirm)
	d = dialog.NewCustom(title, TV("Cancel"), body, ws.win)
	ws.showModal(d)
}
