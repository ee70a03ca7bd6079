package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/session"
	"github.com/hamesh-app/hamesh/app/textfield"
)

// libraryPageSize is how many library rows one store query fetches.
const libraryPageSize = 200

// statusChoices are the library's status filter options, in order.
var statusChoices = []struct {
	name   string
	status []annotations.Status
}{
	{K("All statuses"), nil},
	{K("To do"), []annotations.Status{annotations.StatusTodo}},
	{K("In progress"), []annotations.Status{annotations.StatusInProgress}},
	{K("Done"), []annotations.Status{annotations.StatusDone}},
	{K("Not done"), []annotations.Status{annotations.StatusTodo, annotations.StatusInProgress}},
}

// sortChoices are the library's sort orders, in order.
var sortChoices = []struct {
	name string
	by   annotations.SortKey
	desc bool
}{
	{K("Oldest first"), annotations.SortCreated, false},
	{K("Newest first"), annotations.SortCreated, true},
	{K("Title A–Z"), annotations.SortTitle, false},
	{K("Title Z–A"), annotations.SortTitle, true},
	{K("Recently edited"), annotations.SortUpdated, true},
	{K("By status"), annotations.SortStatus, false},
}

// articleLister is what the library reads: a page of library rows with
// the number of articles matching, from one read, so the two agree.
type articleLister interface {
	ArticlePage(ctx context.Context, f annotations.ArticleFilter) (annotations.ArticlePage, error)
}

// Library is the article list: a filter field, a status filter, a sort order
// and a virtualised list of rows fetched page by page from the store, so ten
// thousand articles cost only the rows on screen. The filter field drives the
// list from the keyboard: Up/Down/Page Up/Page Down move, Enter opens the
// article and gives the article view the focus.
//
// State in: SetOpened (the open article), Reload and Refresh (read the
// store again). Out: OnOpen when the user picks an article, OnDone when
// Enter or Escape leaves the filter, OnStatus for a failure to list.
type Library struct {
	store     articleLister
	ctx       context.Context
	container fyne.CanvasObject

	OnOpen   func(id string)
	OnDone   func()
	OnStatus func(msg string)

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
	// delay is how long filter typing waits before the reload; 0 reloads
	// on every key.
	delay time.Duration
}

// filterDelay is how long the library waits after a keystroke in the
// filter before it re-reads the store.
const filterDelay = 150 * time.Millisecond

// newLibrary makes the library on store. Filter typing waits for delay
// before reading the store again (0: at once, on every key).
func newLibrary(store articleLister, fwd entryForward, delay time.Duration) *Library {
	l := &Library{store: store, ctx: context.Background(), pages: map[int][]annotations.ArticleSummary{}, cursor: -1, delay: delay}
	l.Filter = newKeyEntry()
	l.Filter.fwd = fwd
	l.Filter.SetPlaceHolder(T("Filter titles (Ctrl+L)"))
	l.Filter.OnChanged = func(string) {
		if l.delay <= 0 {
			l.Reload()
			return
		}
		l.typing.schedule(l.delay, func() { l.Reload() })
	}
	l.Filter.onKey = l.filterKey
	names := make([]string, len(statusChoices))
	for i, c := range statusChoices {
		names[i] = visualString(TK(c.name))
	}
	l.StatusSel = newSelect(names, nil)
	l.StatusSel.SetSelectedIndex(0)
	sorts := make([]string, len(sortChoices))
	for i, c := range sortChoices {
		sorts[i] = visualString(TK(c.name))
	}
	l.SortSel = newSelect(sorts, nil)
	l.SortSel.SetSelectedIndex(0)
	l.StatusSel.OnChanged = func(string) { l.Reload() }
	l.SortSel.OnChanged = func(string) { l.Reload() }
	l.count = widget.NewLabel("")
	// Grey rather than italic: the italic style would make Fyne parse three
	// more faces (the UI face, its Noto Sans fallback and the emoji font,
	// about 12 MB of heap) for this one label (docs/PERFORMANCE.md, "Memory
	// of the window").
	l.count.Importance = widget.LowImportance
	if !RTL() {
		l.count.Wrapping = fyne.TextWrapWord // a wrapped line cannot be put in visual order
	} else {
		l.count.Truncation = fyne.TextTruncateEllipsis
		l.count.Alignment = fyne.TextAlignTrailing
	}

	l.List = widget.NewList(
		func() int { return l.total },
		func() fyne.CanvasObject {
			title := newBidiLabel(true)
			meta := widget.NewLabel(" ")
			meta.Importance = widget.LowImportance
			meta.Alignment = alignLeading()
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
			meta.SetText(visualString(rowMeta(row)))
		},
	)
	l.List.OnSelected = func(i widget.ListItemID) {
		l.cursor = i
		if l.quiet {
			return
		}
		if row, ok := l.Row(i); ok && row.ID != l.openedID {
			l.openedID = row.ID
			if l.OnOpen != nil {
				l.OnOpen(row.ID)
			}
		}
	}
	top := container.NewVBox(l.Filter, readingGrid(2, l.StatusSel, l.SortSel))
	l.container = container.NewBorder(top, l.count, nil, nil, l.List)
	return l
}

// displayTitle returns a title for one library line.
func displayTitle(t string) string {
	t = strings.Join(strings.Fields(t), " ")
	if t == "" {
		return T("(untitled)")
	}
	return t
}

// statusName returns a status as the library shows it.
func statusName(s annotations.Status) string { return TK(session.StatusName(s)) }

// The status names session.StatusName gives, translated by statusName.
var _ = []string{K("○ to do"), K("◐ in progress"), K("● done")}

// rowMeta is the second line of a library row.
func rowMeta(r annotations.ArticleSummary) string {
	lang := r.Lang
	if lang == "" {
		lang = "?"
	}
	meta := T("%s · %s · %s · %s", lang, statusName(r.Status), TN("%d entities", r.Entities), TN("%d claims", r.Claims))
	if r.Suggestions > 0 {
		meta += T(" · %s", TN("%d suggestions pending", r.Suggestions))
	}
	if r.CuratedBy != "" {
		meta += T(" · ✔ curated by %s", session.Isolate(r.CuratedBy))
	}
	return meta
}

// articleCount says how many articles the library lists.
func articleCount(n int) string {
	if n == 0 {
		return T("No articles: import with Ctrl+O, paste with Ctrl+Shift+V, or drop files here")
	}
	return TN("%d articles", n)
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
		page, err := l.fetch(p)
		if err != nil {
			return annotations.ArticleSummary{}, false
		}
		rows = page.Articles
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
	old := l.filter
	l.filter = f
	l.pages = map[int][]annotations.ArticleSummary{}
	if _, err := l.fetch(0); err != nil {
		l.filter = old
		return err
	}
	l.count.SetText(visualString(articleCount(l.total)))
	l.List.Refresh()
	l.reselect()
	return nil
}

// fetch reads page p of the listing and the total with it, and caches the
// page.
func (l *Library) fetch(p int) (annotations.ArticlePage, error) {
	f := l.filter
	f.Offset, f.Limit = p*libraryPageSize, libraryPageSize
	page, err := l.store.ArticlePage(l.ctx, f)
	if err != nil {
		l.status("list articles: %v", err)
		return page, fmt.Errorf("list articles: %w", err)
	}
	l.pages[p] = page.Articles
	l.total = page.Total
	return page, nil
}

// Refresh re-reads the cached pages (span counts and statuses change with
// edits) without recounting.
func (l *Library) Refresh() {
	l.pages = map[int][]annotations.ArticleSummary{}
	if _, err := l.fetch(0); err == nil {
		l.count.SetText(visualString(articleCount(l.total)))
	}
	l.List.Refresh()
	l.reselect()
}

// SetOpened tells the library which article is open ("" for none), so it
// keeps that row selected.
func (l *Library) SetOpened(id string) {
	if l.openedID == id {
		return
	}
	l.openedID = id
	l.reselect()
}

func (l *Library) status(format string, args ...any) {
	if l.OnStatus != nil {
		l.OnStatus(tr(format, args...))
	}
}

// CurrentFilter returns the filter the library lists with (Offset and
// Limit unset), after any filter typing still held back.
func (l *Library) CurrentFilter() annotations.ArticleFilter {
	l.typing.fire()
	return l.filter
}

// reselect keeps the list's selection on the open article: within the
// loaded pages around the cursor, else none.
func (l *Library) reselect() {
	if l.openedID == "" {
		l.quiet = true
		l.List.UnselectAll()
		l.quiet = false
		l.cursor = -1
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
		l.done()
	case fyne.KeyEscape:
		l.done()
	default:
		return false
	}
	return true
}

func (l *Library) done() {
	if l.OnDone != nil {
		l.OnDone()
	}
}

// keyEntry is a single-line bidi text field that lets its owner handle
// keys first and knows whether Shift is held.
type keyEntry struct {
	textfield.Field
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
	if e.onKey != nil && e.onKey(ev) || e.fwd.passKey(ev) {
		return
	}
	e.Field.TypedKey(ev)
}

// KeyDown tracks Shift.
func (e *keyEntry) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Field.KeyDown(ev)
}

// KeyUp tracks Shift.
func (e *keyEntry) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Field.KeyUp(ev)
}
