package app

import (
	"context"
	"fmt"
	"image/color"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/articleview"
)

// Workspace is the annotation window's content and behaviour: the library on
// the left, the article view in the centre with the find bar above it, the
// inspector on the right, the label palette on top and a status bar with a
// progress bar below. Every edit goes straight to the store, one transaction
// each, and the open document is reloaded from the store afterwards, so what
// is shown is what is stored.
type Workspace struct {
	store annotations.Store
	app   fyne.App
	win   fyne.Window
	ctx   context.Context

	labels  []annotations.Label
	doc     *annotations.Document // the open article, nil if none
	selSpan string                // id of the selected span, "" if none
	current string                // the current label (last applied or picked)

	library    *Library
	view       *articleview.View
	inspector  *Inspector
	palette    *Palette
	find       *FindBar
	jobs       *jobBar
	centre     *fyne.Container // the find bar over the view
	status     *widget.Label
	statusText string
	lastSel    annotations.Range // the view's selection as last reported
	// ix indexes the open document's text (code point offsets to bytes,
	// snapping, word and grapheme edges), built once per text by index.
	ix    *annotations.TextIndex
	ixDoc *annotations.Document // the document ix was checked against
	// shiftOverride stands in for the view's Shift state in tests.
	shiftOverride *bool

	shortcuts map[string]func() // by fyne.Shortcut.ShortcutName()
	modal     dialog.Dialog     // the dialog open, if any

	pollMu      sync.Mutex
	pollStop    chan struct{}
	lastVersion int64
}

// NewWorkspace builds the workspace into w (setting its content, main menu,
// shortcuts and drop handler) on store, and loads the label scheme and the
// library. It does not show the window.
func NewWorkspace(a fyne.App, w fyne.Window, store annotations.Store) (*Workspace, error) {
	ws := &Workspace{store: store, app: a, win: w, ctx: context.Background()}
	labels, err := store.Labels(ws.ctx)
	if err != nil {
		return nil, fmt.Errorf("load the label scheme: %w", err)
	}
	ws.labels = labels
	ws.applyTheme()

	ws.status = widget.NewLabel("")
	ws.status.Truncation = fyne.TextTruncateEllipsis
	ws.jobs = newJobBar()
	ws.view = articleview.New()
	ws.view.SetFontSize(ws.fontSize())
	ws.view.OnSelectionChanged = ws.onSelectionChanged
	ws.view.OnSpanTapped = func(id string) { ws.SelectSpan(id, false) }
	ws.view.OnTypedKey = func(ev *fyne.KeyEvent) { ws.handleKey(ev) }
	ws.view.OnTypedRune = func(r rune) { ws.handleRune(r) }
	ws.view.OnShortcut = func(s fyne.Shortcut) { ws.handleShortcut(s) }

	ws.library = newLibrary(ws)
	ws.inspector = newInspector(ws)
	ws.palette = newPalette(ws)
	ws.find = newFindBar(ws)

	centre := container.NewBorder(ws.find.container, nil, nil, nil, ws.view)
	ws.centre = centre
	right := container.NewHSplit(centre, ws.inspector.container)
	right.Offset = 0.72
	main := container.NewHSplit(ws.library.container, right)
	main.Offset = 0.24
	bottom := container.NewBorder(nil, nil, nil, ws.jobs.container, ws.status)
	ws.jobs.relayout = bottom.Refresh
	w.SetContent(container.NewBorder(ws.palette.container, bottom, nil, nil, main))
	w.SetMainMenu(ws.mainMenu())
	ws.registerShortcuts()
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { ws.handleKey(ev) })
	w.Canvas().SetOnTypedRune(func(r rune) { ws.handleRune(r) })
	w.SetOnDropped(ws.onDropped)
	// Notes typed in the last moments before closing are saved, not lost.
	w.SetOnClosed(ws.flushPending)
	ws.updateTitle()

	if err := ws.library.Reload(); err != nil {
		return nil, err
	}
	ws.lastVersion, _ = ws.dataVersion()
	return ws, nil
}

// Document returns the open document (nil if none). Callers must not modify it.
func (ws *Workspace) Document() *annotations.Document { return ws.doc }

// SelectedSpan returns the id of the selected span, "" if none.
func (ws *Workspace) SelectedSpan() string { return ws.selSpan }

// View returns the article view.
func (ws *Workspace) View() *articleview.View { return ws.view }

// StatusText returns the status bar's message.
func (ws *Workspace) StatusText() string { return ws.statusText }

// setStatus shows a one-line message in the status bar.
func (ws *Workspace) setStatus(format string, args ...any) {
	ws.statusText = fmt.Sprintf(format, args...)
	ws.status.SetText(visualString(ws.statusText))
}

// showError reports err in the status bar and, for failures the user must
// see, in a dialog.
func (ws *Workspace) showError(what string, err error) {
	ws.setStatus("%s: %v", what, err)
	dialog.ShowError(fmt.Errorf("%s: %w", what, err), ws.win)
}

func (ws *Workspace) updateTitle() {
	if ws.doc == nil {
		ws.win.SetTitle("Hamesh")
		return
	}
	title := ws.doc.Article.Title
	if title == "" {
		title = "(untitled)"
	}
	ws.win.SetTitle("Hamesh — " + title)
}

// OpenArticle loads the article with id from the store and shows it.
func (ws *Workspace) OpenArticle(id string) error {
	ws.flushPending()
	d, err := ws.store.Document(ws.ctx, id)
	if err != nil {
		ws.showError("open article "+id, err)
		return err
	}
	ws.doc = d
	ws.selSpan = ""
	ws.view.SetText(d.Article.Text, d.Article.Direction)
	ws.refreshHighlights()
	ws.inspector.Update()
	ws.find.onDocument()
	ws.updateTitle()
	ws.setStatus("opened “%s”: %d spans", iso(ellipsize(d.Article.Title, 80)), len(d.Spans))
	ws.writeGeometry()
	return nil
}

// reload re-reads the open document after an edit (or a change made by
// another process) and redraws the highlights and the inspector, keeping the
// text, scroll position and the selected span if it still exists.
func (ws *Workspace) reload() {
	if ws.doc == nil {
		ws.library.Refresh()
		return
	}
	d, err := ws.store.Document(ws.ctx, ws.doc.Article.ID)
	if err != nil {
		if annotations.ErrorCode(err) == annotations.ENOTFOUND {
			ws.doc, ws.selSpan = nil, ""
			ws.view.SetText("", annotations.LTR)
			ws.inspector.Update()
			ws.updateTitle()
			ws.library.Reload()
			return
		}
		ws.showError("reload the article", err)
		return
	}
	if d.Article.Text != ws.doc.Article.Text {
		ws.view.SetText(d.Article.Text, d.Article.Direction)
	}
	if old := ws.spanByID(ws.selSpan); old != nil && ws.spanIsSelection() {
		// The selection mirrors the selected span: it goes if the span goes.
		gone := true
		for _, s := range d.Spans {
			if s.ID == old.ID {
				gone = false
			}
		}
		if gone {
			ws.setViewSelection(rangeNone)
			ws.lastSel = rangeNone
		}
	}
	ws.doc = d
	if ws.spanByID(ws.selSpan) == nil {
		ws.selSpan = ""
	}
	ws.refreshHighlights()
	ws.inspector.Update()
	ws.updateTitle()
	ws.library.Refresh()
}

// afterEdit reloads after one of our own edits and remembers the store's
// data version so the poller does not reload again for it.
func (ws *Workspace) afterEdit() {
	ws.reload()
	if v, ok := ws.dataVersion(); ok {
		ws.pollMu.Lock()
		ws.lastVersion = v
		ws.pollMu.Unlock()
	}
}

// labelByName returns the label named name, or nil.
func (ws *Workspace) labelByName(name string) *annotations.Label {
	for i := range ws.labels {
		if ws.labels[i].Name == name {
			return &ws.labels[i]
		}
	}
	return nil
}

// labelColor returns a label's colour, grey for labels not in the scheme.
func (ws *Workspace) labelColor(name string) color.Color {
	if l := ws.labelByName(name); l != nil {
		if c, ok := parseHexColor(l.Color); ok {
			return c
		}
	}
	return color.NRGBA{0xbb, 0xbb, 0xbb, 0xff}
}

// spanByID returns the open document's span with id, or nil.
func (ws *Workspace) spanByID(id string) *annotations.Span {
	if ws.doc == nil || id == "" {
		return nil
	}
	for i := range ws.doc.Spans {
		if ws.doc.Spans[i].ID == id {
			return &ws.doc.Spans[i]
		}
	}
	return nil
}

// spanText returns the text a span covers.
func (ws *Workspace) spanText(s annotations.Span) string {
	if ws.doc == nil {
		return ""
	}
	return ws.textRange(s.Start, s.End)
}

// index returns the TextIndex of the open document's text: the article
// view's once it has built it, else one built here the first time it is
// asked for after the text changed (O(n) once; lookups and slices are then
// O(1)). It returns nil when no article is open.
func (ws *Workspace) index() *annotations.TextIndex {
	if ws.doc == nil {
		return nil
	}
	if ws.doc == ws.ixDoc && ws.ix != nil {
		return ws.ix
	}
	text := ws.doc.Article.Text
	if ws.ix == nil || ws.ix.Text() != text {
		if vi := ws.view.TextIndex(); vi != nil && vi.Text() == text {
			ws.ix = vi
		} else {
			ws.ix = annotations.NewTextIndex(text)
		}
	}
	ws.ixDoc = ws.doc
	return ws.ix
}

// textRange returns the open document's code points [start, end), clamped
// to the text, in O(1) using the document's offset table.
func (ws *Workspace) textRange(start, end int) string {
	ix := ws.index()
	if ix == nil {
		return ""
	}
	start, end = max(start, 0), min(end, ix.Len())
	if start >= end {
		return ""
	}
	return ix.Offsets().Slice(ix.Text(), start, end)
}

// refreshHighlights gives the view the open document's spans (and the find
// matches).
func (ws *Workspace) refreshHighlights() {
	if ws.doc == nil {
		ws.view.SetHighlights(nil)
		return
	}
	hs := make([]articleview.Highlight, 0, len(ws.doc.Spans)+len(ws.find.matches))
	for _, m := range ws.find.matches {
		hs = append(hs, articleview.Highlight{ID: findHighlightPrefix, Start: m.Start, End: m.End, Color: findColor})
	}
	for _, s := range ws.doc.Spans {
		hs = append(hs, articleview.Highlight{
			ID: s.ID, Start: s.Start, End: s.End, Label: s.Label,
			Color: withAlpha(ws.labelColor(s.Label), 0xb0), Claim: s.Kind == annotations.KindClaim,
			Selected: s.ID == ws.selSpan,
		})
	}
	ws.view.SetHighlights(hs)
}

// SelectSpan makes the span with id the selected one: highlighted, shown in
// the inspector, and scrolled into view when scroll is true.
func (ws *Workspace) SelectSpan(id string, scroll bool) {
	if id == findHighlightPrefix {
		return
	}
	ws.flushPending()
	s := ws.spanByID(id)
	if s == nil {
		if ws.spanIsSelection() {
			ws.setViewSelection(rangeNone)
		}
		ws.selSpan = ""
		ws.lastSel = ws.view.Selection()
	} else {
		ws.selSpan = id
		// The span's range becomes the selection: Shift+arrows then move
		// its end edge (see onSelectionChanged).
		ws.view.SetSelection(annotations.Range{Start: s.Start, End: s.End}) // not setViewSelection: s is becoming the selected span
		ws.lastSel = ws.view.Selection()
		if scroll {
			ws.view.ScrollTo(s.Start)
		}
		ws.setStatus("%s “%s” [%d, %d)", s.Label, iso(ellipsize(ws.spanText(*s), 60)), s.Start, s.End)
	}
	ws.refreshHighlights()
	ws.inspector.Update()
}

// onSelectionChanged is the view's callback. With Shift held on a selected
// span whose range is the selection (Shift+arrows, Shift+click), the span
// follows the selection's moving edge; any other new selection leaves the
// selected span.
func (ws *Workspace) onSelectionChanged(r annotations.Range) {
	prev := ws.lastSel
	ws.lastSel = r
	if s := ws.spanByID(ws.selSpan); s != nil && r.End > r.Start && ws.shiftHeld() &&
		prev == (annotations.Range{Start: s.Start, End: s.End}) {
		n := *s
		n.Start, n.End = r.Start, r.End
		if ws.UpdateSpan(n) == nil {
			ws.SelectSpan(n.ID, false)
			if ns := ws.spanByID(n.ID); ns != nil {
				ws.setStatus("%s now “%s” [%d, %d)", ns.Label, iso(ellipsize(ws.spanText(*ns), 60)), ns.Start, ns.End)
			}
		}
		return
	}
	if r.End > r.Start && ws.selSpan != "" {
		ws.flushPending()
		ws.selSpan = ""
		ws.refreshHighlights()
		ws.inspector.Update()
	}
	if r.End > r.Start && ws.doc != nil {
		ws.setStatus("selected “%s” [%d, %d)", iso(ellipsize(ws.textRange(r.Start, r.End), 60)), r.Start, r.End)
	}
}

// setViewSelection sets the view's selection from the workspace (find,
// Escape, after an edit). A text selection that is not the selected span's
// range leaves that span, as one made with the mouse does.
func (ws *Workspace) setViewSelection(r annotations.Range) {
	ws.view.SetSelection(r)
	ws.lastSel = ws.view.Selection()
	if r.End > r.Start && ws.selSpan != "" && !ws.spanIsSelection() {
		ws.flushPending()
		ws.selSpan = ""
		ws.refreshHighlights()
		ws.inspector.Update()
	}
}

// shiftHeld reports whether Shift is down in the article view.
func (ws *Workspace) shiftHeld() bool {
	if ws.shiftOverride != nil {
		return *ws.shiftOverride
	}
	return ws.view.ShiftHeld()
}

// spanIsSelection reports whether the view's selection is exactly the
// selected span's range (SelectSpan puts it there).
func (ws *Workspace) spanIsSelection() bool {
	s := ws.spanByID(ws.selSpan)
	return s != nil && ws.view.Selection() == annotations.Range{Start: s.Start, End: s.End}
}

// ApplyLabel labels the view's selection with the label named name; with no
// selection it relabels the selected span instead. It returns the span
// created or changed.
func (ws *Workspace) ApplyLabel(name string) (*annotations.Span, error) {
	l := ws.labelByName(name)
	if l == nil {
		return nil, annotations.Errorf(annotations.ENOTFOUND, "no label %q in the scheme", name)
	}
	ws.current = name
	ws.palette.Refresh()
	if ws.doc == nil {
		ws.setStatus("open an article first")
		return nil, nil
	}
	r := ws.view.Selection()
	if r.End <= r.Start || ws.spanIsSelection() {
		if s := ws.spanByID(ws.selSpan); s != nil {
			return ws.relabel(*s, *l)
		}
		ws.setStatus("select some text first, then press a label key")
		return nil, nil
	}
	r = snapRange(ws.index(), r, l.Kind == annotations.KindEntity)
	if r.End <= r.Start {
		ws.setStatus("the selection holds no word to label")
		return nil, nil
	}
	for _, s := range ws.doc.Spans {
		if s.Label == name && s.Start == r.Start && s.End == r.End {
			ws.setViewSelection(rangeNone)
			ws.SelectSpan(s.ID, false)
			ws.setStatus("already labelled %s", name)
			return &s, nil
		}
	}
	s, err := ws.store.AddSpan(ws.ctx, annotations.Span{
		ArticleID: ws.doc.Article.ID, Kind: l.Kind, Label: name,
		Start: r.Start, End: r.End, Annotator: ws.annotator(),
	})
	if err != nil {
		ws.showError("add a "+name+" span", err)
		return nil, err
	}
	ws.afterEdit()
	ws.SelectSpan(s.ID, false)
	ws.setStatus("labelled “%s” %s", iso(ellipsize(ws.spanText(s), 60)), name)
	return &s, nil
}

func (ws *Workspace) relabel(s annotations.Span, l annotations.Label) (*annotations.Span, error) {
	if s.Label == l.Name {
		return &s, nil
	}
	s.Label, s.Kind = l.Name, l.Kind
	if s.Kind == annotations.KindEntity {
		s.Attributes = nil
	}
	u, err := ws.store.UpdateSpan(ws.ctx, s)
	if err != nil {
		ws.showError("relabel span", err)
		return nil, err
	}
	ws.afterEdit()
	ws.setStatus("relabelled as %s", l.Name)
	return &u, nil
}

// DeleteSelectedSpan deletes the selected span.
func (ws *Workspace) DeleteSelectedSpan() error {
	s := ws.spanByID(ws.selSpan)
	if s == nil {
		ws.setStatus("no span selected: pick one in the inspector or click it")
		return nil
	}
	ws.cancelPending()
	if ws.spanIsSelection() {
		ws.setViewSelection(rangeNone)
		ws.lastSel = rangeNone
	}
	label, text := s.Label, ws.spanText(*s)
	if err := ws.store.DeleteSpan(ws.ctx, s.ID); err != nil {
		ws.showError("delete span", err)
		return err
	}
	ws.selSpan = ""
	ws.afterEdit()
	ws.setStatus("deleted %s “%s” (Ctrl+Z to undo)", label, iso(ellipsize(text, 60)))
	return nil
}

// UpdateSpan stores a changed span (label, range, attributes, note).
func (ws *Workspace) UpdateSpan(s annotations.Span) error {
	if _, err := ws.store.UpdateSpan(ws.ctx, s); err != nil {
		ws.showError("update span", err)
		return err
	}
	ws.afterEdit()
	return nil
}

// MoveEdge moves one edge of the selected span by a word (or by a grapheme
// when fine is true): start edge when start is true, else the end edge;
// forward means later in the text.
func (ws *Workspace) MoveEdge(start, forward, fine bool) error {
	s := ws.spanByID(ws.selSpan)
	if s == nil {
		ws.setStatus("no span selected")
		return nil
	}
	ws.flushPending()
	n := *s
	ix := ws.index()
	if start {
		n.Start = stepOffset(ix, n.Start, forward, fine, true)
	} else {
		n.End = stepOffset(ix, n.End, forward, fine, false)
	}
	if n.End <= n.Start || (n.Start == s.Start && n.End == s.End) {
		return nil
	}
	if _, err := ws.store.UpdateSpan(ws.ctx, n); err != nil {
		ws.showError("move span edge", err)
		return err
	}
	ws.afterEdit()
	if ns := ws.spanByID(n.ID); ns != nil {
		ws.setStatus("%s now “%s”", ns.Label, iso(ellipsize(ws.spanText(*ns), 60)))
	}
	return nil
}

// SetClaimant makes entity span entityID the claimant of claim span claimID,
// replacing any previous claimant; an empty entityID removes it.
func (ws *Workspace) SetClaimant(claimID, entityID string) error {
	if ws.doc == nil {
		return nil
	}
	for _, r := range ws.doc.Relations {
		if r.Type == annotations.RelClaimant && r.From == claimID {
			if r.To == entityID {
				return nil
			}
			if err := ws.store.DeleteRelation(ws.ctx, r.ID); err != nil {
				ws.showError("remove the old claimant", err)
				return err
			}
		}
	}
	if entityID != "" {
		if _, err := ws.store.AddRelation(ws.ctx, annotations.Relation{
			ArticleID: ws.doc.Article.ID, Type: annotations.RelClaimant, From: claimID, To: entityID,
		}); err != nil {
			ws.showError("set the claimant", err)
			ws.afterEdit()
			return err
		}
	}
	ws.afterEdit()
	return nil
}

// claimant returns the entity span id that is claim claimID's claimant.
func (ws *Workspace) claimant(claimID string) string {
	if ws.doc == nil {
		return ""
	}
	for _, r := range ws.doc.Relations {
		if r.Type == annotations.RelClaimant && r.From == claimID {
			return r.To
		}
	}
	return ""
}

// SetArticleMeta stores the open article's status and note.
func (ws *Workspace) SetArticleMeta(status annotations.Status, note string) error {
	if ws.doc == nil {
		return nil
	}
	if status == ws.doc.Article.Status && note == ws.doc.Article.Note {
		return nil
	}
	if err := ws.store.SetArticleMeta(ws.ctx, ws.doc.Article.ID, status, note); err != nil {
		ws.showError("save the article's status", err)
		return err
	}
	ws.doc.Article.Status, ws.doc.Article.Note = status, note
	ws.afterEdit()
	return nil
}

// Undo reverts the open article's last edit.
func (ws *Workspace) Undo() error { return ws.undoRedo(true) }

// Redo re-applies the open article's last undone edit.
func (ws *Workspace) Redo() error { return ws.undoRedo(false) }

func (ws *Workspace) undoRedo(undo bool) error {
	if ws.doc == nil {
		return nil
	}
	ws.flushPending()
	op, f := "undo", ws.store.Undo
	if !undo {
		op, f = "redo", ws.store.Redo
	}
	before := map[string]annotations.Span{}
	for _, s := range ws.doc.Spans {
		before[s.ID] = s
	}
	ok, err := f(ws.ctx, ws.doc.Article.ID)
	if err != nil {
		ws.showError(op, err)
		return err
	}
	if !ok {
		ws.setStatus("nothing to %s", op)
		return nil
	}
	ws.afterEdit()
	// Select the span the undo or redo brought back or changed, so the
	// user sees what happened (and Delete or a label key acts on it).
	for _, s := range ws.doc.Spans {
		if b, had := before[s.ID]; !had || b.Start != s.Start || b.End != s.End || b.Label != s.Label || b.Note != s.Note || !equalAttrs(b.Attributes, s.Attributes) {
			ws.setViewSelection(rangeNone)
			ws.SelectSpan(s.ID, true)
			break
		}
	}
	ws.setStatus("%s done", op)
	return nil
}

// SelectNextSpan selects the span after (or before) the selected one in text
// order.
func (ws *Workspace) SelectNextSpan(forward bool) {
	if ws.doc == nil || len(ws.doc.Spans) == 0 {
		return
	}
	spans := append([]annotations.Span(nil), ws.doc.Spans...)
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End < spans[j].End
	})
	idx := -1
	for i, s := range spans {
		if s.ID == ws.selSpan {
			idx = i
		}
	}
	switch {
	case idx < 0 && forward:
		idx = 0
	case idx < 0:
		idx = len(spans) - 1
	case forward:
		idx = (idx + 1) % len(spans)
	default:
		idx = (idx - 1 + len(spans)) % len(spans)
	}
	ws.setViewSelection(rangeNone)
	ws.SelectSpan(spans[idx].ID, true)
}

// flushPending saves edits the inspector holds back while typing.
func (ws *Workspace) flushPending() {
	if ws.inspector != nil {
		ws.inspector.flush()
	}
}

// cancelPending drops edits the inspector holds back (the span is going).
func (ws *Workspace) cancelPending() {
	if ws.inspector != nil {
		ws.inspector.cancel()
	}
}

// substring returns text's code points [start, end), clamped. It walks the
// text up to end without copying it; for the open document use
// Workspace.textRange, which is O(1).
func substring(text string, start, end int) string {
	start = max(start, 0)
	if start >= end {
		return ""
	}
	b0, b1, cp := len(text), len(text), 0
	for i := range text {
		if cp == start {
			b0 = i
		}
		if cp == end {
			b1 = i
			break
		}
		cp++
	}
	return text[b0:b1]
}

// ellipsize shortens s to at most n code points, on one line.
func ellipsize(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
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
