package app

import (
	"context"
	"fmt"
	"image/color"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// findHighlightPrefix is the highlight id of find matches (not spans).
const findHighlightPrefix = "find:"

// findColor is the background of find matches.
var findColor = color.NRGBA{0xff, 0xee, 0x58, 0x90}

// FindBar is the find bar above the article view (Ctrl+F): matches follow
// Arabic folding (harakat, tatweel, alef forms, clitic prefixes) through
// annotations.Find; Enter and F3 go to the next match, Shift+Enter to the
// previous, Escape closes; "Label all" labels every occurrence.
type FindBar struct {
	ws        *Workspace
	container *fyne.Container

	Entry   *keyEntry
	count   *widget.Label
	matches []annotations.Range
	index   int // current match, -1 if none
}

func newFindBar(ws *Workspace) *FindBar {
	f := &FindBar{ws: ws, index: -1}
	f.Entry = newKeyEntry()
	f.Entry.fwd.ws = ws
	f.Entry.SetPlaceHolder("Find (Arabic-aware: ignores harakat, tatweel, alef forms, clitics)")
	f.Entry.OnChanged = func(string) { f.search() }
	f.Entry.onKey = func(ev *fyne.KeyEvent) bool {
		switch ev.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			f.Next(!f.Entry.shift)
		case fyne.KeyF3:
			f.Next(!f.Entry.shift)
		case fyne.KeyEscape:
			f.Close()
		case fyne.KeyDown:
			f.Next(true)
		case fyne.KeyUp:
			f.Next(false)
		default:
			return false
		}
		return true
	}
	f.count = widget.NewLabel("")
	prev := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { f.Next(false) })
	next := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { f.Next(true) })
	all := widget.NewButton("Label all (Ctrl+Shift+L)", func() { ws.LabelAllOccurrences() })
	closeB := widget.NewButtonWithIcon("", theme.CancelIcon(), f.Close)
	right := container.NewHBox(f.count, prev, next, all, closeB)
	f.container = container.NewBorder(nil, nil, nil, right, f.Entry)
	f.container.Hide()
	return f
}

// Open shows the find bar and focuses it; the view's selection, if any,
// becomes the query.
func (f *FindBar) Open() {
	if f.ws.doc != nil {
		if r := f.ws.view.Selection(); r.End > r.Start && r.End-r.Start < 200 {
			f.Entry.SetText(f.ws.textRange(r.Start, r.End))
		}
	}
	f.container.Show()
	f.ws.centre.Refresh()
	f.ws.win.Canvas().Focus(f.Entry)
	f.search()
}

// Close hides the find bar, drops the match highlights and gives the view
// the focus.
func (f *FindBar) Close() {
	f.container.Hide()
	f.ws.centre.Refresh()
	f.matches, f.index = nil, -1
	f.ws.refreshHighlights()
	f.ws.FocusView()
}

// Matches returns the current matches.
func (f *FindBar) Matches() []annotations.Range { return f.matches }

// Current returns the index of the current match, -1 if none.
func (f *FindBar) Current() int { return f.index }

// onDocument re-runs the search on a newly opened article.
func (f *FindBar) onDocument() {
	if f.container.Visible() {
		f.search()
	} else {
		f.matches, f.index = nil, -1
	}
}

// search finds the query in the open article and selects the first match.
func (f *FindBar) search() {
	f.matches, f.index = nil, -1
	if f.ws.doc != nil && f.Entry.Text != "" {
		f.matches = findMatches(f.ws.doc.Article.Text, f.Entry.Text)
	}
	f.ws.refreshHighlights()
	if len(f.matches) > 0 {
		f.Next(true)
		return
	}
	f.showCount()
}

// Next moves to the next (forward) or previous match, wrapping, and
// selects it in the view.
func (f *FindBar) Next(forward bool) {
	if len(f.matches) == 0 {
		f.showCount()
		return
	}
	switch {
	case f.index < 0:
		f.index = 0
		if !forward {
			f.index = len(f.matches) - 1
		}
	case forward:
		f.index = (f.index + 1) % len(f.matches)
	default:
		f.index = (f.index - 1 + len(f.matches)) % len(f.matches)
	}
	m := f.matches[f.index]
	f.ws.setViewSelection(m)
	f.ws.view.ScrollTo(m.Start)
	f.showCount()
}

func (f *FindBar) showCount() {
	switch {
	case f.Entry.Text == "":
		f.count.SetText("")
	case len(f.matches) == 0:
		f.count.SetText("no match")
	default:
		f.count.SetText(fmt.Sprintf("%d of %d", f.index+1, len(f.matches)))
	}
}

// LabelAllOccurrences labels every occurrence of the selection's text (or,
// with no selection, of the find query) with the current label, skipping
// occurrences that a span with that label already overlaps. It runs as a
// background job (progress bar, Cancel); each span is still its own edit,
// so one undo step per span. The document is reloaded when it ends.
func (ws *Workspace) LabelAllOccurrences() {
	if ws.doc == nil {
		return
	}
	l := ws.labelByName(ws.current)
	if l == nil {
		ws.setStatus("pick a label first (a palette button or its key), then Label all")
		return
	}
	ix := ws.index()
	query := ""
	if r := ws.view.Selection(); r.End > r.Start {
		r = ix.SnapGrapheme(r) // whole clusters, no blanks at the ends
		query = ws.textRange(r.Start, r.End)
	} else if s := ws.spanByID(ws.selSpan); s != nil {
		query = ws.spanText(*s)
	} else {
		query = ws.find.Entry.Text
	}
	if query == "" {
		ws.setStatus("select the text to label everywhere, or type it in the find bar")
		return
	}
	ws.flushPending()
	label, kind, articleID, annotator := l.Name, l.Kind, ws.doc.Article.ID, ws.annotator()
	taken := newCoverage(ws.doc.Spans, label)
	added, skipped := 0, 0
	cancelled := false
	ws.runJob("Labelling all “"+ellipsize(query, 30)+"”", func(ctx context.Context, progress progressFunc) (string, error) {
		matches := findMatches(ix.Text(), query)
		lastEnd := -1 // matches come in text order; spans added here do not overlap
		for i, m := range matches {
			if ctx.Err() != nil {
				cancelled = true
				return "", ctx.Err()
			}
			progress(i, len(matches))
			m = ix.SnapGrapheme(m)
			if m.End <= m.Start {
				continue
			}
			if m.Start < lastEnd || taken.overlaps(m) {
				skipped++
				continue
			}
			if _, err := ws.store.AddSpan(ctx, annotations.Span{
				ArticleID: articleID, Kind: kind, Label: label,
				Start: m.Start, End: m.End, Annotator: annotator,
			}); err != nil {
				if ctx.Err() != nil {
					cancelled = true
					return "", ctx.Err()
				}
				return "", fmt.Errorf("label occurrence at %d: %w", m.Start, err)
			}
			lastEnd = m.End
			added++
		}
		return fmt.Sprintf("labelled %d occurrences of “%s” as %s (%d already labelled)", added, iso(ellipsize(query, 40)), label, skipped), nil
	}, func(msg string, err error) {
		ws.setViewSelection(rangeNone)
		ws.afterEdit()
		switch {
		case err != nil:
			ws.showError(fmt.Sprintf("label all (%d labelled before the failure)", added), err)
		case cancelled:
			ws.setStatus("label all cancelled after labelling %d occurrences as %s", added, label)
		case msg != "":
			ws.setStatus("%s", msg)
		}
	})
}

// coverage answers "does a span with this label overlap r" in O(log n):
// the label's spans sorted by start, with the largest end so far.
type coverage struct {
	starts, maxEnds []int
}

func newCoverage(spans []annotations.Span, label string) coverage {
	var rs []annotations.Range
	for _, s := range spans {
		if s.Label == label {
			rs = append(rs, annotations.Range{Start: s.Start, End: s.End})
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Start < rs[j].Start })
	c := coverage{starts: make([]int, len(rs)), maxEnds: make([]int, len(rs))}
	m := -1
	for i, r := range rs {
		m = max(m, r.End)
		c.starts[i], c.maxEnds[i] = r.Start, m
	}
	return c
}

// overlaps reports whether one of the spans overlaps r.
func (c coverage) overlaps(r annotations.Range) bool {
	// The spans starting before r.End; one of them overlaps r if the
	// largest end among them is after r.Start.
	i := sort.SearchInts(c.starts, r.End)
	return i > 0 && c.maxEnds[i-1] > r.Start
}
