package app

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/articleview"
	"github.com/hamesh-app/hamesh/app/schedule"
	"github.com/hamesh-app/hamesh/app/session"
)

// Workspace is the annotation window: the library on the left, the article
// view in the centre with the find bar above it, the inspector on the
// right, the label palette on top and a status bar with the job bar below.
// It only wires: the widgets report input through their On* callbacks,
// the workspace hands it to the editing session (package session), and
// redraws the widgets from the session's state when the session says what
// changed.
type Workspace struct {
	sess *session.Session
	app  fyne.App
	win  fyne.Window

	relateFrom string // the source span of a relation being made (relate.go), or ""
	// relatePick maps the relation types' hotkeys to adding that relation
	// while relatePop offers the types (relate.go); nil otherwise.
	relatePick map[rune]func()
	relatePop  *widget.PopUp

	fieldDump sync.Once // starts the end-to-end tests' field state dump (FieldsEnv)

	library *Library
	view    *articleview.View
	welcome fyne.CanvasObject // the middle pane while no article is open

	waitingDelay time.Duration // see Options.WaitingDelay
	inspector    *Inspector
	palette      *Palette
	find         *FindBar
	jobs         *jobBar
	centre       *fyne.Container // the find bar over the view
	status       *widget.Label

	statusText    string
	readOnly      string // why the store refuses edits, "" when it accepts them
	annotatorName string // Options.Annotator
	// waiting shows "waiting for the database" when a write takes longer
	// than waitingDelay.
	waiting debounce
	// shiftOverride stands in for the view's Shift state in tests.
	shiftOverride *bool

	shortcuts map[string]func() // by fyne.Shortcut.ShortcutName()
	modal     dialog.Dialog     // the dialog open, if any

	pollMu   sync.Mutex
	pollStop chan struct{}
}

// Options configure a workspace.
type Options struct {
	// Scheduler runs background jobs and layout; nil means goroutines with
	// fyne.Do. Tests pass schedule.Inline{}.
	Scheduler schedule.Scheduler
	// FilterDelay is how long the library waits after a keystroke in its
	// filter before it reads the store again: 0 means 150 ms, a negative
	// value reads at once on every key.
	FilterDelay time.Duration
	// Annotator, when set, is who annotates (the command line's
	// --annotator); else the preference, asked for on the first start.
	Annotator string
	// WaitingDelay is how long a write may take before the status bar
	// says the window is waiting for the database: 0 means 300 ms, a
	// negative value never says it (tests whose writes run inline, where
	// the timer would touch the widgets from another goroutine).
	WaitingDelay time.Duration
	// Article, when set, is opened at start (`hamesh gui --article ID`);
	// else the article open when the window last closed on this database.
	Article string
	// OpenError, when set, is why the files the window was asked to open
	// (`hamesh gui FILE…`, a file opened from the desktop) could not be
	// imported; the window opens all the same and shows it in a dialog,
	// so a user who double-clicked a bad file learns what is wrong with it.
	OpenError error
}

// NewWorkspace builds the workspace into w (setting its content, main
// menu, shortcuts and drop handler) on store, and loads the label scheme
// and the library. It does not show the window.
func NewWorkspace(a fyne.App, w fyne.Window, store annotations.Store, opt Options) (*Workspace, error) {
	sched := opt.Scheduler
	if sched == nil {
		sched = schedule.Background{UI: fyne.Do}
	}
	ws := &Workspace{app: a, win: w, annotatorName: strings.TrimSpace(opt.Annotator)}
	sess, err := session.New(context.Background(), store, session.Options{Scheduler: sched, Annotator: ws.annotator})
	if err != nil {
		return nil, err
	}
	ws.sess = sess
	applyInterfacePrefs(a.Preferences())
	ws.applyTheme()

	ws.status = widget.NewLabel("")
	ws.status.Truncation = fyne.TextTruncateEllipsis
	ws.jobs = newJobBar()
	ws.jobs.OnCancel = sess.CancelJob
	ws.view = articleview.New(sched)
	ws.view.SetFontSize(ws.fontSize())
	ws.view.OnSelectionChanged = func(r annotations.Range) { sess.UserSelected(r, ws.shiftHeld()) }
	ws.view.OnSpanTapped = func(id string) {
		switch {
		case strings.HasPrefix(id, suggestionHighlightPrefix):
			sess.ReviewSuggestion(strings.TrimPrefix(id, suggestionHighlightPrefix))
		case id != findHighlightPrefix && ws.finishRelation(id):
			// the target of a relation begun with R
		case id != findHighlightPrefix:
			sess.SelectSpan(id, false)
		}
	}
	ws.view.OnTypedKey = func(ev *fyne.KeyEvent) { ws.handleKey(ev) }
	ws.view.OnTypedRune = func(r rune) { ws.handleRune(r) }
	ws.view.OnShortcut = func(s fyne.Shortcut) { ws.handleShortcut(s) }
	sess.SetIndexSource(ws.view.TextIndex)

	ws.waitingDelay = opt.WaitingDelay
	if ws.waitingDelay == 0 {
		ws.waitingDelay = waitingDelay
	}
	fwd := ws.entryForward()
	delay := opt.FilterDelay
	if delay == 0 {
		delay = filterDelay
	}
	ws.library = newLibrary(store, fwd, delay)
	ws.library.OnOpen = func(id string) { sess.Open(id) }
	ws.library.OnStatus = func(msg string) { ws.setStatus("%s", msg) }
	ws.library.OnDone = func() {
		if sess.Document() != nil {
			ws.focusView()
		}
	}
	ws.inspector = newInspector(fwd)
	ws.wireInspector()
	ws.palette = newPalette()
	ws.palette.OnApply = func(name string) { sess.ApplyLabel(name) }
	ws.palette.OnEditScheme = ws.showSchemeEditor
	ws.find = newFindBar(fwd)
	ws.find.OnQuery = sess.SetFindQuery
	ws.find.OnNext = sess.FindNext
	ws.find.OnClose = ws.closeFind
	ws.find.OnLabelAll = sess.LabelAll
	sess.Subscribe(ws.onEvent)

	ws.welcome = newWelcome()
	centre := container.NewBorder(ws.find.container, nil, nil, nil, container.NewStack(ws.view, ws.welcome))
	ws.showWelcome(true)
	ws.centre = centre
	main := panes(ws.library.container, centre, ws.inspector.container)
	bottom := container.NewBorder(nil, nil, nil, ws.jobs.container, ws.status)
	if RTL() {
		ws.status.Alignment = fyne.TextAlignTrailing
		bottom = container.NewBorder(nil, nil, ws.jobs.container, nil, ws.status)
	}
	ws.jobs.relayout = bottom.Refresh
	var top fyne.CanvasObject = ws.palette.container
	if RTL() { // Fyne's menu bar is always at the left: Hamesh's own, at the right
		top = container.NewVBox(readingMenuBar(ws.mainMenu(), ws.app.Quit), ws.palette.container)
	} else {
		w.SetMainMenu(ws.mainMenu())
	}
	content := container.NewBorder(top, bottom, nil, nil, main)
	mirrorLabels(content)
	w.SetContent(content)
	ws.registerShortcuts()
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { ws.handleKey(ev) })
	w.Canvas().SetOnTypedRune(func(r rune) { ws.handleRune(r) })
	w.SetOnDropped(ws.onDropped)

	ws.palette.SetLabels(sess.Labels(), ws.labelColor)
	ws.inspector.Show(ws.inspectorState())
	if ro, ok := store.(annotations.ReadOnlyReporter); ok {
		ws.readOnly = ro.ReadOnlyReason()
	}
	ws.updateTitle()
	if ws.readOnly != "" {
		ws.setStatus("read-only: %s; reading and exporting work, edits are refused", ws.readOnly)
	}
	sess.SetBlind(a.Preferences().Bool(PrefBlind))
	if ws.annotator() == "" {
		// A database carried to another machine still knows its annotator.
		ws.annotatorName = ws.storedAnnotator()
	}
	if ws.annotator() == "" && ws.readOnly == "" {
		ws.askAnnotator()
	}
	if err := ws.library.Reload(); err != nil {
		return nil, err
	}
	ws.reopen(opt.Article)
	if opt.OpenError != nil {
		ws.showError("import", opt.OpenError)
	}
	return ws, nil
}

// Session returns the workspace's editing session.
func (ws *Workspace) Session() *session.Session { return ws.sess }

// View returns the article view.
func (ws *Workspace) View() *articleview.View { return ws.view }

// StatusText returns the status bar's message.
func (ws *Workspace) StatusText() string { return ws.statusText }

// onEvent redraws what a session event changed.
func (ws *Workspace) onEvent(e session.Event) {
	s := ws.sess
	c := e.Changed
	if c.Has(session.ChangedLabels) {
		ws.palette.SetLabels(s.Labels(), ws.labelColor)
	}
	if c.Has(session.ChangedLabels) || c.Has(session.ChangedCurrentLabel) {
		ws.palette.SetCurrent(s.CurrentLabel())
	}
	if c.Has(session.ChangedDocument) {
		if d := s.Document(); d != nil {
			tuneMemoryForText(len(d.Article.Text))
			ws.view.SetText(d.Article.Text, d.Article.Direction)
			ws.showWelcome(false)
			ws.library.SetOpened(d.Article.ID)
			ws.writeGeometry()
		} else {
			tuneMemoryForText(0)
			ws.view.SetText("", annotations.LTR)
			ws.showWelcome(true)
			ws.library.SetOpened("")
		}
		ws.updateTitle()
	}
	if c.Has(session.ChangedSelection) {
		if r := s.Selection(); r != ws.view.Selection() {
			ws.view.SetSelection(r)
		}
	}
	if c&(session.ChangedDocument|session.ChangedSpans|session.ChangedSelection|session.ChangedFind|session.ChangedLabels) != 0 {
		ws.refreshHighlights()
	}
	if c&(session.ChangedDocument|session.ChangedSpans|session.ChangedSelection|session.ChangedLabels) != 0 {
		ws.inspector.Show(ws.inspectorState())
		ws.updateTitle()
	}
	if c.Has(session.ChangedFind) {
		ws.find.SetCount(visualString(TMsg(s.FindCountMsg())))
	}
	if c.Has(session.ChangedScroll) {
		ws.view.ScrollTo(e.ScrollTo)
	}
	if c.Has(session.ChangedJob) {
		ws.jobs.Show(s.Job())
	}
	if c.Has(session.ChangedWriting) {
		ws.showWriting()
	}
	if c.Has(session.ChangedLibrary) {
		ws.library.Refresh()
	}
	if e.Msg.Format != "" {
		ws.setStatus("%s", TMsg(e.Msg))
	} else if e.Status != "" {
		ws.setStatus("%s", e.Status)
	}
	if e.Err != nil {
		ws.showModal(dialog.NewError(visualError(e.Err), ws.win))
	}
}

// waitingDelay is how long a write may take before the status bar says the
// window is waiting for the database.
const waitingDelay = 300 * time.Millisecond

// showWriting says, once a write has taken longer than waitingDelay, what
// the window is waiting for; edits go on queueing behind it meanwhile.
func (ws *Workspace) showWriting() {
	if ws.sess.Writing() == "" {
		ws.waiting.stop()
		return
	}
	if ws.sess.WriteQueue() > 0 {
		ws.setStatus("%s", ws.waitingText())
	}
	if !ws.waiting.pending() && ws.waitingDelay >= 0 {
		ws.waiting.schedule(ws.waitingDelay, func() {
			if ws.sess.Writing() != "" {
				ws.setStatus("%s", ws.waitingText())
			}
		})
	}
}

func (ws *Workspace) waitingText() string {
	msg := T("waiting for the database to %s…", TK(ws.sess.Writing()))
	if n := ws.sess.WriteQueue(); n > 0 {
		msg += T(" (%d more edits queued)", n)
	}
	return msg
}

// setStatus shows a one-line message in the status bar: format, an
// English fmt format, translated (T) and formatted with args.
func (ws *Workspace) setStatus(format string, args ...any) {
	ws.statusText = tr(format, args...)
	ws.status.SetText(visualString(ws.statusText))
}

// showError reports err in the status bar and, for failures the user must
// see, in a dialog.
func (ws *Workspace) showError(what string, err error) {
	what = TK(what)
	ws.setStatus("%s: %v", what, err) // setStatus translates err (TErr)
	ws.showModal(dialog.NewError(visualErrorText(T("%s: %v", what, err), fmt.Errorf("%s: %w", what, err)), ws.win))
}

func (ws *Workspace) updateTitle() {
	suffix := ""
	if ws.sess.Curating() {
		suffix += T(" — curating into gold")
	}
	if ws.readOnly != "" {
		suffix += T(" (read-only)")
	}
	d := ws.sess.Document()
	if d == nil {
		ws.win.SetTitle(T("Hamesh") + suffix)
		return
	}
	title := d.Article.Title
	if title == "" {
		title = T("(untitled)")
	}
	ws.win.SetTitle(T("Hamesh — %s", title) + suffix)
}

// labelColor returns a label's colour, grey for labels not in the scheme.
func (ws *Workspace) labelColor(name string) color.Color {
	if l := ws.sess.Label(name); l != nil {
		if c, ok := parseHexColor(l.Color); ok {
			return c
		}
	}
	return color.NRGBA{0xbb, 0xbb, 0xbb, 0xff}
}

// refreshHighlights gives the view the open article's spans and the find
// matches.
func (ws *Workspace) refreshHighlights() {
	ws.view.SetHighlights(ws.highlights())
	if d := ws.sess.Document(); d != nil {
		ws.view.SetLinks(selectedLinks(d, ws.sess.SelectedSpan()))
	} else {
		ws.view.SetLinks(nil)
	}
}

// highlights returns what the view draws over the open article: find
// matches, spans and pending suggestions.
func (ws *Workspace) highlights() []articleview.Highlight {
	d := ws.sess.Document()
	if d == nil {
		return nil
	}
	matches := ws.sess.FindMatches()
	hs := make([]articleview.Highlight, 0, len(d.Spans)+len(matches))
	for _, m := range matches {
		hs = append(hs, articleview.Highlight{ID: findHighlightPrefix, Start: m.Start, End: m.End, Color: findColor})
	}
	sel := ws.sess.SelectedSpan()
	layers := len(ws.sess.Annotators()) > 1
	for _, s := range d.Spans {
		label := labelName(s.Label) // the badge names the label as the palette does: شخص in Arabic
		if layers {
			// Several layers shown: each badge says whose span it is.
			label += " · " + initials(s.Annotator)
		}
		hs = append(hs, articleview.Highlight{
			ID: s.ID, Start: s.Start, End: s.End, Label: label,
			Color: withAlpha(ws.labelColor(s.Label), 0xb0), Claim: s.Kind == annotations.KindClaim,
			Selected: s.ID == sel,
		})
	}
	cur, _ := ws.sess.CurrentSuggestion()
	for _, sg := range d.Suggestions {
		hs = append(hs, articleview.Highlight{
			ID: suggestionHighlightPrefix + sg.ID, Start: sg.Start, End: sg.End, Label: labelName(sg.Label) + "?",
			Color: ws.labelColor(sg.Label), Suggested: true, Selected: cur != nil && cur.ID == sg.ID,
		})
	}
	return hs
}

// relationColors are the default relation types' colours
// (annotations.DefaultRelationTypes); other types are drawn grey.
var relationColors = func() map[string]color.Color {
	m := map[string]color.Color{}
	for _, t := range annotations.DefaultRelationTypes() {
		var r, g, b uint8
		fmt.Sscanf(t.Color, "#%02x%02x%02x", &r, &g, &b)
		m[t.Name] = color.NRGBA{r, g, b, 0xff}
	}
	return m
}()

// selectedLinks returns the relations of the selected span sel, drawn as
// lines between their spans (issue 17).
func selectedLinks(d *annotations.Document, sel string) []articleview.Link {
	if sel == "" || len(d.Relations) == 0 {
		return nil
	}
	at := map[string]annotations.Range{}
	for _, s := range d.Spans {
		at[s.ID] = annotations.Range{Start: s.Start, End: s.End}
	}
	var out []articleview.Link
	for _, r := range d.Relations {
		if r.From != sel && r.To != sel {
			continue
		}
		c, ok := relationColors[r.Type]
		if !ok {
			c = color.NRGBA{0x8d, 0x99, 0xae, 0xff}
		}
		out = append(out, articleview.Link{From: at[r.From], To: at[r.To], Color: c})
	}
	return out
}

// suggestionHighlightPrefix starts the highlight id of a pending suggestion
// (the suggestion's id follows), so a click on it reviews it.
const suggestionHighlightPrefix = "suggestion:"

// initials returns the initials of an annotator's name ("Mona Saleh" →
// "MS", "mona" → "MO"), "?" for none.
func initials(name string) string {
	f := strings.Fields(name)
	switch {
	case len(f) == 0:
		return "?"
	case len(f) == 1:
		r := []rune(f[0])
		return strings.ToUpper(string(r[:min(2, len(r))]))
	}
	return strings.ToUpper(string([]rune(f[0])[:1]) + string([]rune(f[len(f)-1])[:1]))
}

// toggleCurating starts or stops curating the open article into gold.
func (ws *Workspace) toggleCurating() {
	ws.sess.SetCurating(!ws.sess.Curating())
	ws.updateTitle()
}

// toggleBlind shows only the user's own layer, or every layer again.
func (ws *Workspace) toggleBlind() {
	blind := !ws.sess.Blind()
	ws.app.Preferences().SetBool(PrefBlind, blind)
	ws.sess.SetBlind(blind)
	if blind {
		ws.setStatus("blind: only your own layer is shown (Ctrl+Shift+B shows every layer)")
	} else {
		ws.setStatus("every layer is shown; badges carry each annotator's initials")
	}
}

// shiftHeld reports whether Shift is down in the article view.
func (ws *Workspace) shiftHeld() bool {
	if ws.shiftOverride != nil {
		return *ws.shiftOverride
	}
	return ws.view.ShiftHeld()
}

// debounce runs f on the UI goroutine after d unless reset first.
type debounce struct {
	mu    sync.Mutex
	timer *time.Timer
	f     func()
}

func (d *debounce) schedule(after time.Duration, f func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.f = f
	d.timer = time.AfterFunc(after, func() { fyne.Do(d.fire) })
}

// pending reports whether a function is scheduled and has not run yet.
func (d *debounce) pending() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.f != nil
}

// fire runs the pending function now, if any.
func (d *debounce) fire() {
	d.mu.Lock()
	f := d.f
	d.f = nil
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	d.mu.Unlock()
	if f != nil {
		f()
	}
}

// stop drops the pending function.
func (d *debounce) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	d.f = nil
}

// ellipsize shortens s to at most n code points, on one line.
var ellipsize = session.Ellipsize
