package app

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// welcomeLines are what the middle pane says while no article is open:
// what to do next, with the keys. Each is one line, so that an Arabic line
// can be put in visual order (Fyne does not reorder wrapped text).
var welcomeLines = []string{
	K("No article is open."),
	"",
	K("Pick one in the library: Ctrl+L, then ↑ ↓ and Enter."),
	K("Import files (text, Markdown, web pages, JSONL, exports): Ctrl+O,"),
	K("or drop them on the window."),
	K("Paste an article from the clipboard: Ctrl+Shift+V."),
	K("Import a web page by its address: Ctrl+U."),
	"",
	K("Then select words and press a label's key (1–9, c for a claim)."),
	K("F1 lists every key."),
}

// welcomeText is the first-run message in the interface language.
func welcomeText() string {
	lines := make([]string, len(welcomeLines))
	for i, l := range welcomeLines {
		if l != "" {
			lines[i] = TK(l)
		}
	}
	return strings.Join(lines, "\n")
}

// newWelcome builds the middle pane's first-run message.
func newWelcome() fyne.CanvasObject {
	box := container.NewVBox()
	for _, line := range strings.Split(welcomeText(), "\n") {
		l := widget.NewLabel(visualString(line))
		l.Alignment = fyne.TextAlignCenter
		box.Add(l)
	}
	return container.NewCenter(box)
}

// showWelcome shows the first-run message over the empty article view, or
// hides it.
func (ws *Workspace) showWelcome(on bool) {
	if ws.welcome == nil {
		return
	}
	// Only the message comes and goes: the (empty) view stays laid out
	// under it, so its place on screen is always known (the end-to-end
	// tests read it to drag over words).
	if on {
		ws.welcome.Show()
	} else {
		ws.welcome.Hide()
	}
}

// pather is a store that knows its file (data.DB does).
type pather interface{ Path() string }

// lastArticleKey is the preference that holds, for the store's file, the
// article open when the window closed and where it was read: "ID@OFFSET".
func (ws *Workspace) lastArticleKey() string {
	p, ok := ws.sess.Store().(pather)
	if !ok {
		return ""
	}
	return "last_article:" + p.Path()
}

// rememberPosition records the open article and the offset of the line the
// user was reading, for the next start.
func (ws *Workspace) rememberPosition() {
	key := ws.lastArticleKey()
	d := ws.sess.Document()
	if key == "" || d == nil {
		return
	}
	ws.app.Preferences().SetString(key, fmt.Sprintf("%s@%d", d.Article.ID, ws.view.ReadingOffset()))
}

// reopen opens the article id given on the command line, else the one open
// when the window last closed on this database, scrolled to where it was
// read; an article since deleted is forgotten quietly.
func (ws *Workspace) reopen(id string) {
	offset := 0
	if id == "" {
		key := ws.lastArticleKey()
		if key == "" {
			return
		}
		last := ws.app.Preferences().String(key)
		i := strings.LastIndexByte(last, '@')
		if i <= 0 {
			return
		}
		id = last[:i]
		offset, _ = strconv.Atoi(last[i+1:])
		if err := ws.sess.Open(id); err != nil {
			ws.app.Preferences().RemoveValue(key)
			return
		}
	} else if err := ws.sess.Open(id); err != nil {
		ws.showError(T("open article %s", id), err)
		return
	}
	if offset > 0 {
		ws.view.ScrollTo(offset)
	}
	// Keys (Page Down, a label's key) go to the article opened at start,
	// as after opening one from the library; not while the window asks for
	// the annotator's name.
	if ws.annotator() != "" {
		ws.win.Canvas().Focus(ws.view)
	}
}
