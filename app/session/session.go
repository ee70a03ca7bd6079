// Package session is Hamesh's editing session: the open article, the text
// selection and the selected span, the current label, the find state, the
// running background job, and every operation a user performs on them
// (open, select, label, claim, claimant, relabel, move an edge, delete,
// notes and attributes, status, undo and redo, find, label all).
//
// It has no Fyne in it. The widgets in package app turn input into calls on
// a Session and redraw from its state when it tells its listeners what
// changed (Event). Every write goes to the store as one whole operation
// (one transaction, one undo step), and the open document is re-read
// afterwards, so what the session holds is what is stored. Background work
// runs through an injected schedule.Scheduler, so tests run it inline and
// the app on goroutines. Tests run without a window or display.
package session

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/schedule"
)

// Change says which parts of a session's state an Event changed; listeners
// redraw only those.
type Change uint

// The parts of the state an Event can change.
const (
	// ChangedDocument: an article was opened or closed, or its text changed.
	ChangedDocument Change = 1 << iota
	// ChangedSpans: the open article's spans, relations, status or note.
	ChangedSpans
	// ChangedSelection: the text selection or the selected span.
	ChangedSelection
	// ChangedLabels: the label scheme.
	ChangedLabels
	// ChangedCurrentLabel: the current label (last applied or picked).
	ChangedCurrentLabel
	// ChangedFind: the find query, its matches or the current match.
	ChangedFind
	// ChangedLibrary: articles were added or their rows changed (counts,
	// status), so an article list should be read again.
	ChangedLibrary
	// ChangedJob: a background job started, progressed or ended.
	ChangedJob
	// ChangedScroll: the offset in Event.ScrollTo should be brought into view.
	ChangedScroll
	// ChangedWriting: a write started or ended, or an edit joined the queue
	// behind it (Writing, WriteQueue).
	ChangedWriting
)

// Has reports whether c includes every part in p.
func (c Change) Has(p Change) bool { return c&p == p }

// Event tells listeners what an operation changed and what to say about it.
type Event struct {
	Changed Change
	// Status is a one-line message for the status bar ("" leaves it).
	Status string
	// Msg is Status as its English format and arguments, for the app to
	// translate (app.TMsg); its Format is "" when Status was made without
	// one.
	Msg Message
	// Err is a failure the user must see (a dialog); Status names it too.
	Err error
	// ScrollTo is the code-point offset to bring into view, with
	// ChangedScroll.
	ScrollTo int
}

// DataVersioner is implemented by stores that can tell when another process
// changed the database (data.DB: SQLite's data_version).
type DataVersioner interface {
	DataVersion(ctx context.Context) (int64, error)
}

// Options configure a Session.
type Options struct {
	// Scheduler runs background jobs; nil runs them inline.
	Scheduler schedule.Scheduler
	// Annotator returns the name stamped on new spans; nil stamps none.
	Annotator func() string
}

// Session is one window's editing session on a store. Its methods must be
// called from one goroutine (the UI's); background jobs report back through
// the scheduler's Do.
type Session struct {
	store     annotations.Store
	reg       *regCache // the entity registry as last read (registry.go); nil: read it again
	sched     schedule.Scheduler
	annotator func() string
	ctx       context.Context

	listeners []func(Event)

	labels  []annotations.Label
	current string

	doc     *annotations.Document
	ix      *annotations.TextIndex
	ixDoc   *annotations.Document
	indexer func() *annotations.TextIndex // an index built elsewhere (the view's)
	sel     annotations.Range
	span    string

	find   findState
	job    jobState
	wr     writer
	blind  bool // show only the current annotator's layer
	sug    suggestState
	curate struct {
		on       bool
		rejected map[string]bool   // units rejected in this session (article id, NUL, Unit.Key), when the store keeps none
		current  string            // the Unit.Key of the disagreement n / p selected last
		at       annotations.Range // the selection they made
	}

	versionMu   sync.Mutex
	lastVersion int64
}

// None is the empty selection.
var None = annotations.Range{}

// New starts a session on store and loads the label scheme.
func New(ctx context.Context, store annotations.Store, opt Options) (*Session, error) {
	s := &Session{store: store, sched: opt.Scheduler, annotator: opt.Annotator, ctx: ctx}
	if s.sched == nil {
		s.sched = schedule.Inline{}
	}
	if s.annotator == nil {
		s.annotator = func() string { return "" }
	}
	s.find.index = -1
	labels, err := store.Labels(ctx)
	if err != nil {
		return nil, wrapf("load the label scheme", err)
	}
	s.labels = labels
	s.lastVersion, _ = s.dataVersion()
	return s, nil
}

// Subscribe adds a listener called after every operation with what it
// changed. Listeners run on the caller's goroutine.
func (s *Session) Subscribe(f func(Event)) { s.listeners = append(s.listeners, f) }

// Store returns the session's store.
func (s *Session) Store() annotations.Store { return s.store }

// Context returns the session's context.
func (s *Session) Context() context.Context { return s.ctx }

// Message is a message for the user as its English fmt format, which is
// also its translation id in app/translations, and its arguments. The
// session stays free of Fyne and of translation: the app translates
// messages (app.TMsg), and a Message among Args is translated too.
type Message struct {
	Format string
	Args   []any
}

// LabelRef is a label's code among a message's arguments: the app names
// the label as its interface does (by its Arabic name in the Arabic
// interface); in English, and in Status, it is the code.
type LabelRef string

// StatusRef is an article status among a message's arguments: the app
// names it in the interface's language; in English, and in Status, it is
// StatusName's.
type StatusRef annotations.Status

// String returns the status's English name.
func (r StatusRef) String() string { return StatusName(annotations.Status(r)) }

// Msgf returns the message of format and args.
func Msgf(format string, args ...any) Message { return Message{Format: format, Args: args} }

// String returns the message in English.
func (m Message) String() string {
	if len(m.Args) == 0 {
		return m.Format
	}
	return fmt.Sprintf(m.Format, m.Args...)
}

// say sets e's status message to format and args.
func (e *Event) say(format string, args ...any) {
	e.Msg = Msgf(format, args...)
	e.Status = e.Msg.String()
}

// sayFailure sets e's status message to the failure of what with err.
func (e *Event) sayFailure(what string, err error) {
	e.say("%s: %v", Msgf(what), err)
}

func (s *Session) emit(e Event) {
	for _, f := range s.listeners {
		f(e)
	}
}

// status emits a status message with changes c.
func (s *Session) status(c Change, format string, args ...any) {
	e := Event{Changed: c}
	e.say(format, args...)
	s.emit(e)
}

// Failure is an error the session wraps with what failed: What, a
// message the app translates, then Err's text ("delete span: …"). Err
// may be nil, for a failure that is only What.
type Failure struct {
	What Message
	Err  error
}

// Error returns the failure in English: "what: err".
func (f *Failure) Error() string {
	if f.Err == nil {
		return f.What.String()
	}
	return f.What.String() + ": " + f.Err.Error()
}

// Unwrap returns the error that failed.
func (f *Failure) Unwrap() error { return f.Err }

// wrapf wraps err with what failed, what being a translation id.
func wrapf(what string, err error) error { return &Failure{Msgf(what), err} }

// wrapMsg wraps err with what failed.
func wrapMsg(what Message, err error) error { return &Failure{what, err} }

// fail emits a failure of what with err and returns err.
func (s *Session) fail(c Change, what string, err error) error {
	e := Event{Changed: c, Err: wrapf(what, err)}
	e.sayFailure(what, err)
	s.emit(e)
	return err
}

// Document returns the open article (nil if none). Callers must not
// modify it.
func (s *Session) Document() *annotations.Document { return s.doc }

// SetIndexSource gives the session a function returning a TextIndex built
// elsewhere (the article view builds one while laying out); the session
// uses it when it indexes the open text, instead of building its own.
func (s *Session) SetIndexSource(f func() *annotations.TextIndex) { s.indexer = f }

// Index returns the TextIndex of the open article's text (nil if none):
// the index source's when it has one for this text, else one built here
// once per text.
func (s *Session) Index() *annotations.TextIndex {
	if s.doc == nil {
		return nil
	}
	if s.doc == s.ixDoc && s.ix != nil {
		return s.ix
	}
	text := s.doc.Article.Text
	if s.ix == nil || s.ix.Text() != text {
		if s.indexer != nil {
			if vi := s.indexer(); vi != nil && vi.Text() == text {
				s.ix = vi
			}
		}
		if s.ix == nil || s.ix.Text() != text {
			s.ix = annotations.NewTextIndex(text)
		}
	}
	s.ixDoc = s.doc
	return s.ix
}

// TextRange returns the open article's code points [start, end), clamped,
// in O(1).
func (s *Session) TextRange(start, end int) string {
	ix := s.Index()
	if ix == nil {
		return ""
	}
	start, end = max(start, 0), min(end, ix.Len())
	if start >= end {
		return ""
	}
	return ix.Offsets().Slice(ix.Text(), start, end)
}

// SpanText returns the text a span of the open article covers.
func (s *Session) SpanText(sp annotations.Span) string { return s.TextRange(sp.Start, sp.End) }

// Span returns the open article's span with id, or nil.
func (s *Session) Span(id string) *annotations.Span {
	if s.doc == nil || id == "" {
		return nil
	}
	for i := range s.doc.Spans {
		if s.doc.Spans[i].ID == id {
			return &s.doc.Spans[i]
		}
	}
	return nil
}

// Claimant returns the id of the entity span that is claim claimID's
// claimant, "" if none.
func (s *Session) Claimant(claimID string) string {
	if s.doc == nil {
		return ""
	}
	for _, r := range s.doc.Relations {
		if r.Type == annotations.RelClaimant && r.From == claimID {
			return r.To
		}
	}
	return ""
}

// Open loads the article with id and makes it the open one, with nothing
// selected.
func (s *Session) Open(id string) error {
	d, err := s.store.Document(s.ctx, id)
	if err == nil {
		err = s.loadSuggestions(s.ctx, d)
	}
	if err != nil {
		return s.fail(0, "open article "+id, err)
	}
	s.doc, s.span, s.sel = s.visible(d), "", None
	s.refind()
	s.status(ChangedDocument|ChangedSpans|ChangedSelection|ChangedFind,
		"opened “%s”: %d spans", Isolate(Ellipsize(d.Article.Title, 80)), len(d.Spans))
	return nil
}

// Close closes the open article.
func (s *Session) Close() {
	if s.doc == nil {
		return
	}
	s.doc, s.span, s.sel = nil, "", None
	s.refind()
	s.emit(Event{Changed: ChangedDocument | ChangedSpans | ChangedSelection | ChangedFind})
}

// Reload re-reads the open article from the store (after an edit, or a
// change made elsewhere), keeping the selected span if it still exists;
// the selection goes with the selected span when it mirrored it. An
// article deleted elsewhere is closed.
func (s *Session) Reload() {
	s.emit(s.reload())
}

// reload re-reads the open article and returns the event to tell.
func (s *Session) reload() Event {
	if s.doc == nil {
		return Event{Changed: ChangedLibrary}
	}
	return s.applyFetched(s.fetch(s.doc.Article.ID))
}

// fetched is an article read back from the store, with the store's data
// version read after it.
type fetched struct {
	id         string // "" when no article was open
	doc        *annotations.Document
	err        error
	version    int64
	hasVersion bool
}

// fetch reads article id (none for "") and the data version. It touches
// only the store, so a write's background half can call it.
func (s *Session) fetch(id string) fetched {
	f := fetched{id: id}
	if id != "" {
		f.doc, f.err = s.store.Document(s.ctx, id)
		if f.err == nil {
			f.err = s.loadSuggestions(s.ctx, f.doc)
		}
	}
	f.version, f.hasVersion = s.dataVersion()
	return f
}

// applyFetched makes a fetched article the open one, if it still is open,
// keeping the selected span if it still exists (the selection goes with the
// selected span when it mirrored it); an article deleted elsewhere is
// closed. It returns the event to tell.
func (s *Session) applyFetched(f fetched) Event {
	if s.doc == nil || f.id != s.doc.Article.ID {
		return Event{Changed: ChangedLibrary}
	}
	if f.err != nil {
		if annotations.ErrorCode(f.err) == annotations.ENOTFOUND {
			s.doc, s.span, s.sel = nil, "", None
			s.refind()
			return Event{Changed: ChangedDocument | ChangedSpans | ChangedSelection | ChangedFind | ChangedLibrary}
		}
		e := Event{Err: wrapf("reload the article", f.err)}
		e.say("reload the article: %v", f.err)
		return e
	}
	d := s.visible(f.doc)
	c := ChangedSpans | ChangedLibrary
	if d.Article.Text != s.doc.Article.Text {
		c |= ChangedDocument
	}
	if old := s.Span(s.span); old != nil && s.spanIsSelection() {
		gone := true
		for _, sp := range d.Spans {
			if sp.ID == old.ID {
				gone = false
			}
		}
		if gone {
			s.sel = None
			c |= ChangedSelection
		}
	}
	s.doc = d
	if s.Span(s.span) == nil && s.span != "" {
		s.span = ""
		c |= ChangedSelection
	}
	if c.Has(ChangedDocument) {
		s.refind()
		c |= ChangedFind
	}
	return Event{Changed: c}
}

// afterEdit re-reads the article after one of the session's own writes and
// records the store's data version, so the change is not taken for one
// made elsewhere.
func (s *Session) afterEdit() Event {
	e := s.reload()
	s.recordVersion()
	return e
}

func (s *Session) dataVersion() (int64, bool) {
	dv, ok := s.store.(DataVersioner)
	if !ok {
		return 0, false
	}
	v, err := dv.DataVersion(s.ctx)
	if err != nil {
		return 0, false
	}
	return v, true
}

func (s *Session) recordVersion() {
	if v, ok := s.dataVersion(); ok {
		s.versionMu.Lock()
		s.lastVersion = v
		s.versionMu.Unlock()
	}
}

// CanWatch reports whether the store can tell changes made elsewhere.
func (s *Session) CanWatch() bool {
	_, ok := s.store.(DataVersioner)
	return ok
}

// CheckExternalChanges reloads the label scheme and the open article when
// the store's data version moved since the session last looked (another
// process wrote). While a job runs the version is left alone, so the
// change is picked up once the job ends; so it is while an edit of the
// session's is being written. It reports whether it reloaded.
func (s *Session) CheckExternalChanges() bool {
	v, ok := s.dataVersion()
	if !ok {
		return false
	}
	s.versionMu.Lock()
	changed := v != s.lastVersion
	s.versionMu.Unlock()
	if !changed || s.JobRunning() || s.wr.writing != "" {
		return false
	}
	e := Event{}
	if err := s.loadLabels(); err != nil {
		e.say("reload the label scheme: %v", err)
	} else {
		e.Changed |= ChangedLabels | ChangedCurrentLabel
	}
	r := s.reload()
	e.Changed |= r.Changed | ChangedLibrary
	if r.Err != nil {
		e.Err, e.Status, e.Msg = r.Err, r.Status, r.Msg
	}
	s.recordVersion()
	if e.Status == "" {
		e.say("reloaded: the database was changed elsewhere")
	}
	s.emit(e)
	return true
}

// Ellipsize shortens text to at most n code points, on one line.
func Ellipsize(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	rs := []rune(text)
	if len(rs) <= n {
		return text
	}
	return string(rs[:n-1]) + "…"
}

// Isolate wraps text in a first-strong isolate (FSI … PDI), so quoted
// Arabic inside an English message keeps its own direction.
func Isolate(text string) string { return "\u2068" + text + "\u2069" }
