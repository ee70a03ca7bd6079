package app

import (
	"fmt"
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
	item := func(label string, f func()) *fyne.MenuItem { return fyne.NewMenuItem(label, f) }
	s := ws.sess
	return fyne.NewMenu("Suggestions",
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
	verb := "Reject"
	if accept {
		verb = "Accept"
	}
	where := "in this article"
	if everywhere {
		where = "in every article"
	}
	all := session.SuggestionScope{Everywhere: everywhere}
	scopes := map[string]session.SuggestionScope{"every pending suggestion": all}
	options := []string{"every pending suggestion"}
	var extra []string
	for _, l := range s.Labels() {
		opt := "label " + l.Name
		scopes[opt] = session.SuggestionScope{Everywhere: everywhere, Label: l.Name}
		extra = append(extra, opt)
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
		opt := "source " + src
		scopes[opt] = session.SuggestionScope{Everywhere: everywhere, Source: src}
		extra = append(extra, opt)
	}
	options = append(options, extra...)
	count := widget.NewLabel("")
	var chosen session.SuggestionScope
	var n int
	var confirm *widget.Button
	pick := widget.NewSelect(options, func(opt string) {
		chosen = scopes[opt]
		var err error
		if n, err = s.CountSuggestions(chosen); err != nil {
			count.SetText(err.Error())
			return
		}
		count.SetText(fmt.Sprintf("%d pending suggestions %s", n, where))
		if confirm != nil {
			confirm.SetText(fmt.Sprintf("%s %d", verb, n))
		}
	})
	var d dialog.Dialog
	confirm = widget.NewButton(verb, func() {
		if n > 0 {
			s.ReviewAll(chosen, accept)
		}
		d.Hide()
	})
	confirm.Importance = widget.HighImportance
	pick.SetSelected(options[0])
	body := container.NewVBox(widget.NewLabel(verb+" which suggestions "+where+"? One undo step (Ctrl+Z) takes it back."), pick, count, confirm)
	d = dialog.NewCustom(verb+" suggestions", "Cancel", body, ws.win)
	ws.showModal(d)
}
