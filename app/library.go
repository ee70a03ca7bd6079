package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// libraryPageSize is how many library rows one store query fetches.
const libraryPageSize = 200

// statusChoices are the library's status filter options, in order.
var statusChoices = []struct {
	name   string
	status []annotations.Status
}{
	{"All statuses", nil},
	{"To do", []annotations.Status{annotations.StatusTodo}},
	{"In progress", []annotations.Status{annotations.StatusInProgress}},
	{"Done", []annotations.Status{annotations.StatusDone}},
	{"Not done", []annotations.Status{annotations.StatusTodo, annotations.StatusInProgress}},
}

// sortChoices are the library's sort orders, in order.
var sortChoices = []struct {
	name string
	by   string
	desc bool
}{
	{"Oldest first", "created", false},
	{"Newest first", "created", true},
	{"Title A–Z", "title", false},
	{"Title Z–A", "title", true},
	{"Recently edited", "updated", true},
	{"By status", "status", false},
}

// Library is the article list: a filter field, a status filter, a sort order
// and a virtualised list of rows fetched page by page from the store, so ten
// thousand articles cost only the rows on screen. The filter field drives the
// list from the keyboard: Up/Down/Page Up/Page Down move, Enter opens the
// article and gives the article view the focus.
type Library struct {
	ws        *Workspace
	container fyne.CanvasObject

	Filter    *keyEntry
	StatusSel *widget.Select
	SortSel   *widget.Select
	List      *widget.List
	count     *widget.Label

	filter   annotations.ArticleFilter
	total    int
	pages    map[int][]annotations.ArticleSummary
	cursor   int // selected row, -1 if none
	openedID string
	quiet    bool // selecting programmatically: do not open

	// typing holds back the reload while the filter is being typed in, so a
	// burst of keystrokes costs one count and one page, not one per key.
	typing debounce
	// debounced is whether filter typing waits for filterDelay (off under
	// Fyne's test driver, whose fyne.Do would run on the timer goroutine).
	debounced bool
}

// filterDelay is how long the library waits after a keystroke in the
// filter before it re-reads the store.
const filterDelay = 150 * time.Millisecond

func newLibrary(ws *Workspace) *Library {
	l := &Library{ws: ws, pages: map[int][]annotations.ArticleSummary{}, cursor: -1}
	l.Filter = newKeyEntry()
	l.Filter.fwd.ws = ws
	l.Filter.SetPlaceHolder("Filter titles (Ctrl+L)")
	l.debounced = !inlineJobs()
	l.Filter.OnChanged = func(string) {
		if !l.debounced {
			l.Reload()
			return
		}
		l.typing.schedule(filterDelay, func() { l.Reload() })
	}
	l.Filter.onKey = l.filterKey
	names := make([]string, len(statusChoices))
	for i, c := range statusChoices {
		names[i] = c.name
	}
	l.StatusSel = widget.NewSelect(names, nil)
	l.StatusSel.SetSelectedIndex(0)
	sorts := make([]string, len(sortChoices))
	for i, c := range sortChoices {
		sorts[i] = c.name
	}
	l.SortSel = widget.NewSelect(sorts, nil)
	l.SortSel.SetSelectedIndex(0)
	l.StatusSel.OnChanged = func(string) { l.Reload() }
	l.SortSel.OnChanged = func(string) { l.Reload() }
	l.count = widget.NewLabel("")
	l.count.TextStyle.Italic = true
	l.count.Wrapping = fyne.TextWrapWord

	l.List = widget.NewList(
		func() int { return l.total },
		func() fyne.CanvasObject {
			title := newBidiLabel(true)
			meta := widget.NewLabel("meta")
			meta.Importance = widget.LowImportance
			meta.Truncation = fyne.TextTruncateClip // an ellipsis makes Fyne re-shape the line on every scroll step
			return container.NewVBox(title, meta)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			title, meta := box.Objects[0].(*bidiLabel), box.Objects[1].(*widget.Label)
			row, ok := l.Row(i)
			if !ok {
				title.SetText("…")
				meta.SetText("")
				return
			}
			title.SetText(displayTitle(row.Title))
			meta.SetText(rowMeta(row))
		},
	)
	l.List.OnSelected = func(i widget.ListItemID) {
		l.cursor = i
		if l.quiet {
			return
		}
		if row, ok := l.Row(i); ok && row.ID != l.openedID {
			l.openedID = row.ID
			ws.OpenArticle(row.ID)
		}
	}
	top := container.NewVBox(l.Filter, container.NewGridWithColumns(2, l.StatusSel, l.SortSel))
	l.container = container.NewBorder(top, l.count, nil, nil, l.List)
	return l
}

// displayTitle returns a title for one library line.
func displayTitle(t string) string {
	t = strings.Join(strings.Fields(t), " ")
	if t == "" {
		return "(untitled)"
	}
	return t
}

// statusName returns a status as the library shows it.
func statusName(s annotations.Status) string {
	switch s {
	case annotations.StatusTodo:
		return "○ to do"
	case annotations.StatusInProgress:
		return "◐ in progress"
	case annotations.StatusDone:
		return "● done"
	}
	return string(s)
}

// rowMeta is the second line of a library row.
func rowMeta(r annotations.ArticleSummary) string {
	lang := r.Lang
	if lang == "" {
		lang = "?"
	}
	return fmt.Sprintf("%s · %s · %d entities · %d claims", lang, statusName(r.Status), r.Entities, r.Claims)
}

// articleCount says how many articles the library lists.
func articleCount(n int) string {
	switch n {
	case 0:
		return "No articles: import with Ctrl+O, paste with Ctrl+Shift+V, or drop files here"
	case 1:
		return "1 article"
	}
	return fmt.Sprintf("%d articles", n)
}

// Row returns row i of the current listing, fetching its page from the
// store if needed; ok is false when i is out of range or the query failed.
func (l *Library) Row(i int) (annotations.ArticleSummary, bool) {
	if i < 0 || i >= l.total {
		return annotations.ArticleSummary{}, false
	}
	p := i / libraryPageSize
	rows, ok := l.pages[p]
	if !ok {
		f := l.filter
		f.Offset, f.Limit = p*libraryPageSize, libraryPageSize
		var err error
		rows, err = l.ws.store.ListArticles(l.ws.ctx, f)
		if err != nil {
			l.ws.setStatus("list articles: %v", err)
			return annotations.ArticleSummary{}, false
		}
		l.pages[p] = rows
	}
	if k := i - p*libraryPageSize; k < len(rows) {
		return rows[k], true
	}
	return annotations.ArticleSummary{}, false
}

// PagesLoaded returns how many pages of rows have been fetched since the
// last reload (for tests: only what is shown is fetched).
func (l *Library) PagesLoaded() int { return len(l.pages) }

// Total returns how many articles match the filter.
func (l *Library) Total() int { return l.total }

// Reload re-reads the filter widgets, counts the matching articles and
// drops every cached page; the open article stays selected if it matches.
func (l *Library) Reload() error {
	f := annotations.ArticleFilter{Query: strings.TrimSpace(l.Filter.Text)}
	if i := l.StatusSel.SelectedIndex(); i >= 0 {
		f.Status = statusChoices[i].status
	}
	if i := l.SortSel.SelectedIndex(); i >= 0 {
		f.SortBy, f.Desc = sortChoices[i].by, sortChoices[i].desc
	}
	n, err := l.ws.store.CountArticles(l.ws.ctx, f)
	if err != nil {
		l.ws.setStatus("count articles: %v", err)
		return fmt.Errorf("count articles: %w", err)
	}
	l.filter, l.total = f, n
	l.pages = map[int][]annotations.ArticleSummary{}
	l.count.SetText(articleCount(n))
	l.List.Refresh()
	l.reselect()
	return nil
}

// Refresh re-reads the cached pages (span counts and statuses change with
// edits) without recounting.
func (l *Library) Refresh() {
	n, err := l.ws.store.CountArticles(l.ws.ctx, l.filter)
	if err == nil {
		l.total = n
		l.count.SetText(articleCount(n))
	}
	l.pages = map[int][]annotations.ArticleSummary{}
	l.List.Refresh()
	l.reselect()
}

// reselect keeps the list's selection on the open article: within the
// loaded pages around the cursor, else none.
func (l *Library) reselect() {
	if l.openedID == "" {
		return
	}
	if l.cursor >= 0 {
		if row, ok := l.Row(l.cursor); ok && row.ID == l.openedID {
			return
		}
	}
	for p, rows := range l.pages {
		for k, r := range rows {
			if r.ID == l.openedID {
				l.selectQuiet(p*libraryPageSize + k)
				return
			}
		}
	}
	l.quiet = true
	l.List.UnselectAll()
	l.quiet = false
	l.cursor = -1
}

func (l *Library) selectQuiet(i int) {
	l.quiet = true
	l.List.Select(i)
	l.quiet = false
	l.cursor = i
}

// Move moves the selection by delta rows (clamped) and opens that article.
func (l *Library) Move(delta int) {
	if l.total == 0 {
		return
	}
	i := l.cursor + delta
	if l.cursor < 0 {
		i = 0
		if delta < 0 {
			i = l.total - 1
		}
	}
	if i < 0 {
		i = 0
	}
	if i >= l.total {
		i = l.total - 1
	}
	l.List.Select(i)
	l.List.ScrollTo(i)
}

// filterKey handles navigation keys typed in the filter field.
func (l *Library) filterKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyDown, fyne.KeyUp, fyne.KeyPageDown, fyne.KeyPageUp, fyne.KeyReturn, fyne.KeyEnter:
		l.typing.fire() // act on the list for the text typed so far
	}
	switch ev.Name {
	case fyne.KeyDown:
		l.Move(1)
	case fyne.KeyUp:
		l.Move(-1)
	case fyne.KeyPageDown:
		l.Move(10)
	case fyne.KeyPageUp:
		l.Move(-10)
	case fyne.KeyReturn, fyne.KeyEnter:
		if l.cursor < 0 {
			l.Move(1)
		}
		if l.ws.doc != nil {
			l.ws.FocusView()
		}
	case fyne.KeyEscape:
		if l.ws.doc != nil {
			l.ws.FocusView()
		}
	default:
		return false
	}
	return true
}

// keyEntry is a single-line entry that lets its owner handle keys first
// and knows whether Shift is held.
type keyEntry struct {
	widget.Entry
	onKey func(*fyne.KeyEvent) bool
	shift bool
	fwd   entryForward // keys and shortcuts the owner does not take
}

func newKeyEntry() *keyEntry {
	e := &keyEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey gives the owner the first look at a key.
func (e *keyEntry) TypedKey(ev *fyne.KeyEvent) {
	if e.onKey != nil && e.onKey(ev) || e.fwd.key(ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

// KeyDown tracks Shift.
func (e *keyEntry) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(ev)
}

// KeyUp tracks Shift.
func (e *keyEntry) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(ev)
}
