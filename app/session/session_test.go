package session_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/schedule"
	"github.com/hamesh-app/hamesh/app/session"
	"github.com/hamesh-app/hamesh/data"
)

// sample is a short Arabic article: a person, an organisation written with
// and without the clitic و, a place.
const sample = "قال جوليان أسانج إن موقع وويكيليكس نشر الرسائل. وأكد ويكيليكس في لندن أن الرسائل صحيحة."

// fixture is a session on a real temporary database with the sample open,
// recording every event it emits.
type fixture struct {
	t      *testing.T
	db     *data.DB
	s      *session.Session
	id     string
	events []session.Event
}

func newFixture(t *testing.T, sched schedule.Scheduler) *fixture {
	t.Helper()
	db, err := data.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	res, err := db.ImportDocuments(ctx, []annotations.Document{{Article: annotations.Article{
		Title: "ويكيليكس", Text: sample, Lang: "ar", Direction: annotations.RTL, Status: annotations.StatusTodo}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 1 {
		t.Fatalf("imported %d articles", res.Articles)
	}
	rows, err := db.ListArticles(ctx, annotations.ArticleFilter{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("list: %v %v", rows, err)
	}
	s, err := session.New(ctx, db, session.Options{Scheduler: sched, Annotator: func() string { return "mona" }})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: db, s: s, id: rows[0].ID}
	s.Subscribe(func(e session.Event) { f.events = append(f.events, e) })
	if err := s.Open(f.id); err != nil {
		t.Fatal(err)
	}
	return f
}

// rangeOf returns the code-point range of the n-th occurrence of sub.
func rangeOf(t *testing.T, text, sub string, n int) annotations.Range {
	t.Helper()
	rs, q := []rune(text), []rune(sub)
	for i := 0; i+len(q) <= len(rs); i++ {
		if string(rs[i:i+len(q)]) == sub {
			if n == 0 {
				return annotations.Range{Start: i, End: i + len(q)}
			}
			n--
		}
	}
	t.Fatalf("%q not found", sub)
	return annotations.Range{}
}

// stored returns the article's spans as the store has them.
func (f *fixture) stored() []annotations.Span {
	f.t.Helper()
	d, err := f.db.Document(context.Background(), f.id)
	if err != nil {
		f.t.Fatal(err)
	}
	return d.Spans
}

func (f *fixture) history() int {
	f.t.Helper()
	n := 0
	for {
		ok, err := f.db.Undo(context.Background(), f.id)
		if err != nil {
			f.t.Fatal(err)
		}
		if !ok {
			break
		}
		n++
	}
	for i := 0; i < n; i++ {
		if _, err := f.db.Redo(context.Background(), f.id); err != nil {
			f.t.Fatal(err)
		}
	}
	f.s.Reload()
	return n
}

// label applies the label named name to the selection and returns the
// span then selected (nil if none).
func (f *fixture) label(name string) (*annotations.Span, error) {
	if err := f.s.ApplyLabel(name); err != nil {
		return nil, err
	}
	return f.s.Span(f.s.SelectedSpan()), nil
}

func (f *fixture) lastStatus() string {
	for i := len(f.events) - 1; i >= 0; i-- {
		if f.events[i].Status != "" {
			return f.events[i].Status
		}
	}
	return ""
}

func TestLabelSnapsToWordAndSelectsSpan(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	r := rangeOf(t, sample, "جوليان أسانج", 0)
	// A drag that stops mid-word labels the whole word.
	f.s.UserSelected(annotations.Range{Start: r.Start + 2, End: r.End - 1}, false)
	sp, err := f.label("PERS")
	if err != nil || sp == nil {
		t.Fatalf("ApplyLabel: %v, %v", sp, err)
	}
	if sp.Start != r.Start || sp.End != r.End || sp.Annotator != "mona" {
		t.Fatalf("span %+v, want [%d,%d) by mona", sp, r.Start, r.End)
	}
	if got := f.stored(); len(got) != 1 || got[0].ID != sp.ID {
		t.Fatalf("stored %+v", got)
	}
	if f.s.SelectedSpan() != sp.ID || f.s.Selection() != r {
		t.Fatalf("selected %q %v", f.s.SelectedSpan(), f.s.Selection())
	}
	if f.s.CurrentLabel() != "PERS" {
		t.Fatalf("current label %q", f.s.CurrentLabel())
	}
	if !strings.Contains(f.lastStatus(), "labelled") {
		t.Fatalf("status %q", f.lastStatus())
	}
	// The same label on the same range again adds nothing.
	f.s.UserSelected(r, false)
	if _, err := f.label("PERS"); err != nil {
		t.Fatal(err)
	}
	if got := f.stored(); len(got) != 1 {
		t.Fatalf("duplicate stored: %+v", got)
	}
	if _, err := f.label("NOPE"); annotations.ErrorCode(err) != annotations.ENOTFOUND {
		t.Fatalf("unknown label: %v", err)
	}
}

func TestClaimAndClaimant(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	per := rangeOf(t, sample, "جوليان أسانج", 0)
	f.s.UserSelected(per, false)
	ent, err := f.label("PERS")
	if err != nil {
		t.Fatal(err)
	}
	claimR := rangeOf(t, sample, "موقع وويكيليكس نشر الرسائل", 0)
	f.s.UserSelected(claimR, false)
	claim, err := f.label("CLAIM")
	if err != nil || claim.Kind != annotations.KindClaim {
		t.Fatalf("claim %+v %v", claim, err)
	}
	before := f.history()
	if err := f.s.SetClaimant(claim.ID, ent.ID); err != nil {
		t.Fatal(err)
	}
	if f.s.Claimant(claim.ID) != ent.ID {
		t.Fatalf("claimant %q, want %q", f.s.Claimant(claim.ID), ent.ID)
	}
	// A second entity replaces the first: still one claimant.
	f.s.UserSelected(rangeOf(t, sample, "لندن", 0), false)
	loc, err := f.label("LOC")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetClaimant(claim.ID, loc.ID); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range f.s.Document().Relations {
		if r.From == claim.ID {
			n++
		}
	}
	if n != 1 || f.s.Claimant(claim.ID) != loc.ID {
		t.Fatalf("%d claimant relations, claimant %q", n, f.s.Claimant(claim.ID))
	}
	// Undo of the replacement brings the first claimant back.
	if err := f.s.Undo(); err != nil {
		t.Fatal(err)
	}
	if f.s.Claimant(claim.ID) != ent.ID {
		t.Fatalf("after undo claimant %q, want %q", f.s.Claimant(claim.ID), ent.ID)
	}
	if err := f.s.Redo(); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetClaimant(claim.ID, ""); err != nil {
		t.Fatal(err)
	}
	if f.s.Claimant(claim.ID) != "" {
		t.Fatal("claimant not cleared")
	}
	// set, add LOC, replace, clear: four undo steps after the two labels.
	if got := f.history() - before; got != 4 {
		t.Fatalf("%d history entries for set, add, replace, clear; want 4", got)
	}
}

func TestRelabelDropsClaimAttributesAndUndoRestores(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	f.s.UserSelected(rangeOf(t, sample, "موقع وويكيليكس نشر الرسائل", 0), false)
	claim, err := f.label("CLAIM")
	if err != nil {
		t.Fatal(err)
	}
	attrs := map[string]string{annotations.AttrVerdict: annotations.ClaimAttributes[annotations.AttrVerdict][0], annotations.AttrNormalizedClaim: "ويكيليكس نشرت"}
	if err := f.s.SetSpanFields(claim.ID, "ملاحظة", attrs); err != nil {
		t.Fatal(err)
	}
	before := f.history()
	// With the span's range as the selection, a label key relabels it.
	sp, err := f.label("ORG")
	if err != nil {
		t.Fatal(err)
	}
	if sp.ID != claim.ID || sp.Kind != annotations.KindEntity || sp.Label != "ORG" || len(sp.Attributes) != 0 {
		t.Fatalf("relabelled %+v", sp)
	}
	if sp.Note != "ملاحظة" {
		t.Fatalf("note lost: %q", sp.Note)
	}
	if got := f.history() - before; got != 1 {
		t.Fatalf("relabel made %d history entries, want 1", got)
	}
	if err := f.s.Undo(); err != nil {
		t.Fatal(err)
	}
	back := f.s.Span(claim.ID)
	if back == nil || back.Label != "CLAIM" || back.Kind != annotations.KindClaim || back.Attributes[annotations.AttrNormalizedClaim] != "ويكيليكس نشرت" {
		t.Fatalf("after undo %+v", back)
	}
	if f.s.SelectedSpan() != claim.ID {
		t.Fatalf("undo selected %q, want the restored span", f.s.SelectedSpan())
	}
}

func TestDeleteMoveEdgeAndExtend(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	r := rangeOf(t, sample, "جوليان", 0)
	f.s.UserSelected(r, false)
	sp, err := f.label("PERS")
	if err != nil {
		t.Fatal(err)
	}
	// Alt+Shift+← in an RTL article moves the end edge forward by a word.
	if err := f.s.MoveEdgeVisual(false, false, false); err != nil {
		t.Fatal(err)
	}
	want := rangeOf(t, sample, "جوليان أسانج", 0)
	if got := f.s.Span(sp.ID); got.Start != want.Start || got.End != want.End {
		t.Fatalf("moved to [%d,%d), want %v", got.Start, got.End, want)
	}
	// Shift+arrow on the selected span (its range is the selection) makes
	// the span follow the selection.
	f.s.SelectSpan(sp.ID, false)
	f.s.UserSelected(r, true)
	if got := f.s.Span(sp.ID); got.End != r.End {
		t.Fatalf("extend: span ends at %d, want %d", got.End, r.End)
	}
	// A selection made without Shift leaves the span.
	f.s.UserSelected(rangeOf(t, sample, "لندن", 0), false)
	if f.s.SelectedSpan() != "" {
		t.Fatal("a new selection kept the selected span")
	}
	f.s.SelectSpan(sp.ID, true)
	if err := f.s.DeleteSelected(); err != nil {
		t.Fatal(err)
	}
	if len(f.stored()) != 0 || f.s.SelectedSpan() != "" || f.s.Selection() != session.None {
		t.Fatalf("after delete: %v %q %v", f.stored(), f.s.SelectedSpan(), f.s.Selection())
	}
	if err := f.s.Undo(); err != nil {
		t.Fatal(err)
	}
	if len(f.stored()) != 1 || f.s.SelectedSpan() == "" {
		t.Fatal("undo did not bring the span back selected")
	}
}

func TestFindNextWrapsAndSelects(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	f.s.OpenFind()
	f.s.SetFindQuery("ويكيليكس")
	m := f.s.FindMatches()
	if len(m) != 2 {
		t.Fatalf("%d matches of ويكيليكس (with and without و), want 2", len(m))
	}
	if f.s.FindCurrent() != 0 || f.s.Selection() != m[0] || f.s.FindCount() != "1 of 2" {
		t.Fatalf("current %d sel %v count %q", f.s.FindCurrent(), f.s.Selection(), f.s.FindCount())
	}
	f.s.FindNext(true)
	f.s.FindNext(true)
	if f.s.FindCurrent() != 0 {
		t.Fatalf("did not wrap: %d", f.s.FindCurrent())
	}
	f.s.FindNext(false)
	if f.s.FindCurrent() != 1 || f.s.Selection() != m[1] {
		t.Fatalf("previous: %d %v", f.s.FindCurrent(), f.s.Selection())
	}
	f.s.CloseFind()
	if len(f.s.FindMatches()) != 0 {
		t.Fatal("matches kept after close")
	}
}

func TestLabelAllAndCancel(t *testing.T) {
	var m schedule.Manual
	f := newFixture(t, &m)
	f.s.UserSelected(rangeOf(t, sample, "الرسائل", 0), false)
	if err := f.s.ApplyLabel("DATE"); err != nil {
		t.Fatal(err)
	}
	if f.s.Writing() == "" || len(f.stored()) != 0 {
		t.Fatalf("the label was written before the scheduler ran it (writing %q)", f.s.Writing())
	}
	if n := m.Drain(); n == 0 || f.s.Writing() != "" || len(f.stored()) != 1 {
		t.Fatalf("after the scheduler ran %d functions: writing %q, %d spans", n, f.s.Writing(), len(f.stored()))
	}
	// Cancel before the job gets to run: nothing is added.
	f.s.LabelAll()
	if !f.s.JobRunning() {
		t.Fatal("label all did not start a job")
	}
	f.s.CancelJob()
	m.Drain()
	if f.s.JobRunning() || len(f.stored()) != 1 {
		t.Fatalf("after cancel: running %v, %d spans", f.s.JobRunning(), len(f.stored()))
	}
	if !strings.Contains(f.lastStatus(), "cancelled") {
		t.Fatalf("status %q", f.lastStatus())
	}
	// Run to the end: the second occurrence is labelled, the first skipped.
	f.s.SelectSpan(f.stored()[0].ID, false)
	f.s.LabelAll()
	m.Drain()
	if got := f.stored(); len(got) != 2 {
		t.Fatalf("%d spans after label all, want 2", len(got))
	}
	if !strings.Contains(f.lastStatus(), "labelled 1 occurrences") {
		t.Fatalf("status %q", f.lastStatus())
	}
	if len(f.s.Document().Spans) != 2 {
		t.Fatal("the session did not re-read the article after the job")
	}
}

func TestExternalChangeWhileJobRunsWaitsForIt(t *testing.T) {
	var m schedule.Manual
	f := newFixture(t, &m)
	f.s.UserSelected(rangeOf(t, sample, "الرسائل", 0), false)
	if err := f.s.ApplyLabel("DATE"); err != nil {
		t.Fatal(err)
	}
	if f.s.Writing() == "" || len(f.stored()) != 0 {
		t.Fatalf("the label was written before the scheduler ran it (writing %q)", f.s.Writing())
	}
	if n := m.Drain(); n == 0 || f.s.Writing() != "" || len(f.stored()) != 1 {
		t.Fatalf("after the scheduler ran %d functions: writing %q, %d spans", n, f.s.Writing(), len(f.stored()))
	}
	// Another process adds a span while label all is under way.
	other, err := data.Open(f.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	f.s.LabelAll()
	lon := rangeOf(t, sample, "لندن", 0)
	if _, err := other.AddSpan(context.Background(), annotations.Span{ArticleID: f.id, Kind: annotations.KindEntity, Label: "LOC", Start: lon.Start, End: lon.End}); err != nil {
		t.Fatal(err)
	}
	if f.s.CheckExternalChanges() {
		t.Fatal("reloaded while a job was writing")
	}
	m.Drain()
	// The job's end re-reads the article: both its span and the other's.
	if got := len(f.s.Document().Spans); got != 3 {
		t.Fatalf("%d spans after the job, want 3 (one, label all's, the other process's)", got)
	}
	f.s.CheckExternalChanges() // the version moved before the job's re-read: no harm in looking
	if got := len(f.s.Document().Spans); got != 3 {
		t.Fatalf("%d spans, want 3", got)
	}
}

func TestExternalChangeReloads(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	other, err := data.Open(f.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if f.s.CheckExternalChanges() {
		t.Fatal("reloaded with no change")
	}
	lon := rangeOf(t, sample, "لندن", 0)
	if _, err := other.AddSpan(context.Background(), annotations.Span{ArticleID: f.id, Kind: annotations.KindEntity, Label: "LOC", Start: lon.Start, End: lon.End}); err != nil {
		t.Fatal(err)
	}
	if !f.s.CheckExternalChanges() {
		t.Fatal("did not see the other process's span")
	}
	if len(f.s.Document().Spans) != 1 || !strings.Contains(f.lastStatus(), "changed elsewhere") {
		t.Fatalf("spans %d, status %q", len(f.s.Document().Spans), f.lastStatus())
	}
}

func TestStatusAndToggleDone(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	if err := f.s.SetArticleMeta(annotations.StatusInProgress, "مراجعة"); err != nil {
		t.Fatal(err)
	}
	if a := f.s.Document().Article; a.Status != annotations.StatusInProgress || a.Note != "مراجعة" {
		t.Fatalf("meta %q %q", a.Status, a.Note)
	}
	if err := f.s.ToggleDone(); err != nil || f.s.Document().Article.Status != annotations.StatusDone {
		t.Fatalf("toggle: %v %q", err, f.s.Document().Article.Status)
	}
	if err := f.s.ToggleDone(); err != nil || f.s.Document().Article.Status != annotations.StatusInProgress {
		t.Fatalf("toggle back: %v %q", err, f.s.Document().Article.Status)
	}
}

func TestOpenUnknownFailsAndKeepsState(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	err := f.s.Open("no-such-id")
	if annotations.ErrorCode(err) != annotations.ENOTFOUND {
		t.Fatalf("open unknown: %v", err)
	}
	if f.s.Document() == nil || f.s.Document().Article.ID != f.id {
		t.Fatal("a failed open closed the article")
	}
	last := f.events[len(f.events)-1]
	if last.Err == nil || !errors.Is(last.Err, err) {
		t.Fatalf("the failure was not told: %+v", last)
	}
	f.s.UserSelected(rangeOf(t, sample, "لندن", 0), false)
	f.s.Close()
	last = f.events[len(f.events)-1]
	if f.s.Document() != nil || f.s.Selection() != session.None || !last.Changed.Has(session.ChangedDocument|session.ChangedSelection) {
		t.Fatalf("after Close: %v %v %+v", f.s.Document(), f.s.Selection(), last)
	}
	if _, err := f.label("GPE"); err != nil || !strings.Contains(f.lastStatus(), "open an article first") {
		t.Fatalf("label with no article: %v, %q", err, f.lastStatus())
	}
}

func TestSaveLabelValidates(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	bad := []annotations.Label{
		{Name: "has space", Kind: annotations.KindEntity, Color: "#112233"},
		{Name: "X", Kind: "thing", Color: "#112233"},
		{Name: "X", Kind: annotations.KindEntity, Color: "red"},
		{Name: "X", Kind: annotations.KindEntity, Color: "#112233", Hotkey: "ab"},
		{Name: "PERS", Kind: annotations.KindEntity, Color: "#112233"},
	}
	for _, l := range bad {
		if err := f.s.SaveLabel("", l); annotations.ErrorCode(err) != annotations.EINVALID {
			t.Errorf("SaveLabel(%+v) = %v, want EINVALID", l, err)
		}
	}
	if err := f.s.SaveLabel("", annotations.Label{Name: "TOPIC", Kind: annotations.KindEntity, Color: "#123456", Hotkey: "t"}); err != nil {
		t.Fatal(err)
	}
	if f.s.LabelForKey('T') == nil || f.s.LabelForKey('T').Name != "TOPIC" {
		t.Fatal("new label's hotkey unknown")
	}
}

// TestEditsQueueBehindASlowWrite makes two edits while the first is still
// being written (the scheduler holds it, as a locked database would): the
// second waits in the writer's queue with the selection it was made on, and
// both land in order once the writes run.
func TestEditsQueueBehindASlowWrite(t *testing.T) {
	var m schedule.Manual
	f := newFixture(t, &m)
	per := rangeOf(t, sample, "جوليان أسانج", 0)
	gpe := rangeOf(t, sample, "لندن", 0)
	f.s.UserSelected(per, false)
	if err := f.s.ApplyLabel("PERS"); err != nil {
		t.Fatal(err)
	}
	f.s.UserSelected(gpe, false) // the user goes on while the first write waits
	if err := f.s.ApplyLabel("GPE"); err != nil {
		t.Fatal(err)
	}
	if f.s.Writing() == "" || f.s.WriteQueue() != 1 {
		t.Fatalf("writing %q with %d queued; want the first under way and one waiting", f.s.Writing(), f.s.WriteQueue())
	}
	if f.s.CheckExternalChanges() {
		t.Fatal("reloaded while our own write was under way")
	}
	m.Drain()
	got := f.stored()
	if len(got) != 2 {
		t.Fatalf("%d spans stored, want 2", len(got))
	}
	byLabel := map[string]annotations.Range{}
	for _, sp := range got {
		byLabel[sp.Label] = annotations.Range{Start: sp.Start, End: sp.End}
	}
	if byLabel["PERS"] != per || byLabel["GPE"] != gpe {
		t.Fatalf("spans %v; want PERS on %v and GPE on %v (each on the selection it was pressed on)", byLabel, per, gpe)
	}
	if sp := f.s.Span(f.s.SelectedSpan()); sp == nil || sp.Label != "GPE" {
		t.Fatalf("selected %+v, want the last span labelled", sp)
	}
	if f.s.Writing() != "" || f.s.WriteQueue() != 0 {
		t.Fatal("the writer is not idle after the writes")
	}
}

// TestNoteBurstCoalescesBehindSlowWrite types a note key by key while an
// earlier write is held: the saves waiting behind it collapse into one, and
// what is stored in the end is the whole note.
func TestNoteBurstCoalescesBehindSlowWrite(t *testing.T) {
	var m schedule.Manual
	f := newFixture(t, &m)
	f.s.UserSelected(rangeOf(t, sample, "لندن", 0), false)
	if err := f.s.ApplyLabel("GPE"); err != nil {
		t.Fatal(err)
	}
	m.Drain()
	id := f.s.SelectedSpan()
	if err := f.s.SetArticleMeta(annotations.StatusInProgress, "م"); err != nil { // a write to hold
		t.Fatal(err)
	}
	note := ""
	for _, r := range "عاصمة" {
		note += string(r)
		if err := f.s.SetSpanFields(id, note, nil); err != nil {
			t.Fatal(err)
		}
	}
	if f.s.WriteQueue() != 1 {
		t.Fatalf("%d edits queued behind the held write, want the note's saves as one", f.s.WriteQueue())
	}
	m.Drain()
	for _, sp := range f.stored() {
		if sp.ID == id && sp.Note != "عاصمة" {
			t.Fatalf("stored note %q, want عاصمة", sp.Note)
		}
	}
}

// lostUI runs background work on goroutines and drops UI updates, as after
// the window's loop has ended.
type lostUI struct{}

func (lostUI) Go(work func()) { go work() }
func (lostUI) Do(func())      {}

// TestFinishStoresWhatTheWriterHolds: when the window goes while a write is
// under way and a note waits behind it, Finish waits for the one and
// stores the other.
func TestFinishStoresWhatTheWriterHolds(t *testing.T) {
	f := newFixture(t, lostUI{})
	f.s.UserSelected(rangeOf(t, sample, "لندن", 0), false)
	if err := f.s.ApplyLabel("GPE"); err != nil { // under way; its UI half never runs
		t.Fatal(err)
	}
	if err := f.s.SetArticleMeta(annotations.StatusInProgress, "كُتبت قبل الإغلاق"); err != nil { // waits behind it
		t.Fatal(err)
	}
	f.s.Finish()
	d, err := f.db.Document(context.Background(), f.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Spans) != 1 || d.Article.Note != "كُتبت قبل الإغلاق" {
		t.Fatalf("after Finish: %d spans, note %q; want the span and the note stored", len(d.Spans), d.Article.Note)
	}
}

// TestLayersBlindModeAndOwnEdits puts a colleague's span beside the
// annotator's: both show, the colleague's cannot be edited, an identical
// span of one's own is still added (agreement is made of such pairs), and
// blind mode shows only one's own layer.
func TestLayersBlindModeAndOwnEdits(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	r := rangeOf(t, sample, "لندن", 0)
	theirs, err := f.db.AddSpan(context.Background(), annotations.Span{ArticleID: f.id, Kind: annotations.KindEntity, Label: "GPE", Start: r.Start, End: r.End, Annotator: "sara"})
	if err != nil {
		t.Fatal(err)
	}
	f.s.Reload()
	if got := f.s.Annotators(); len(got) != 1 || got[0] != "sara" {
		t.Fatalf("annotators %v, want [sara]", got)
	}
	// The colleague's span cannot be deleted, relabelled or noted.
	f.s.SelectSpan(theirs.ID, false)
	if err := f.s.DeleteSelected(); err != nil {
		t.Fatal(err)
	}
	if len(f.stored()) != 1 || !strings.Contains(f.lastStatus(), "sara's layer") {
		t.Fatalf("delete of another layer's span: %d spans, status %q", len(f.stored()), f.lastStatus())
	}
	if err := f.s.Relabel(theirs.ID, "LOC"); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetSpanFields(theirs.ID, "مدينة", nil); err != nil {
		t.Fatal(err)
	}
	if got := f.stored()[0]; got.Label != "GPE" || got.Note != "" {
		t.Fatalf("another layer's span was edited: %+v", got)
	}
	// Labelling the same word adds the annotator's own span.
	f.s.SelectText(session.None)
	f.s.UserSelected(r, false)
	mine, err := f.label("GPE")
	if err != nil || mine == nil || mine.ID == theirs.ID || mine.Annotator != "mona" {
		t.Fatalf("own span on the same word: %+v, %v", mine, err)
	}
	if n := len(f.stored()); n != 2 {
		t.Fatalf("%d spans stored, want both layers' GPE", n)
	}
	// Blind: only one's own layer.
	f.s.SetBlind(true)
	if d := f.s.Document(); len(d.Spans) != 1 || d.Spans[0].ID != mine.ID {
		t.Fatalf("blind mode shows %+v, want only mona's span", d.Spans)
	}
	if got := f.s.Annotators(); len(got) != 1 || got[0] != "mona" {
		t.Fatalf("blind annotators %v", got)
	}
	if f.s.Span(theirs.ID) != nil {
		t.Fatal("blind mode still finds the colleague's span")
	}
	f.s.SetBlind(false)
	if len(f.s.Document().Spans) != 2 {
		t.Fatal("leaving blind mode did not show both layers")
	}
}

// TestCurationStepsAcceptsAndRejects curates an article two annotators
// labelled: one span they agree on, one they label differently, one only
// one of them has. The curator steps through the two disagreements, accepts
// a version (gold names whose it was), takes the agreeing span in one step,
// rejects the last, and undo takes the rejection, then a gold span back.
func TestCurationStepsAcceptsAndRejects(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	add := func(who, label, word string) annotations.Span {
		r := rangeOf(t, sample, word, 0)
		sp, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: f.id, Kind: annotations.KindEntity, Label: label, Start: r.Start, End: r.End, Annotator: who})
		if err != nil {
			t.Fatal(err)
		}
		return sp
	}
	add("mona", "PERS", "جوليان أسانج")
	add("sara", "PERS", "جوليان أسانج") // agreed
	add("mona", "ORG", "وويكيليكس")
	saraOrg := add("sara", "WEBSITE", "وويكيليكس") // labels differ
	add("mona", "GPE", "لندن")                     // only mona
	f.s.Reload()
	f.s.SetCurating(true)
	if n := len(f.s.Disagreements()); n != 2 {
		t.Fatalf("%d disagreements, want 2 (different labels, one-sided)", n)
	}
	f.s.NextDisagreement(true)
	if got := f.s.TextRange(f.s.Selection().Start, f.s.Selection().End); got != "وويكيليكس" {
		t.Fatalf("first disagreement selects %q", got)
	}
	if st := f.lastStatus(); !strings.Contains(st, "mona: ORG") || !strings.Contains(st, "sara: WEBSITE") {
		t.Fatalf("status does not say what each has: %q", st)
	}
	// Accept sara's version.
	f.s.SelectSpan(saraOrg.ID, false)
	f.s.AcceptSelected()
	gold := func() []annotations.Span {
		var g []annotations.Span
		for _, sp := range f.stored() {
			if sp.Annotator == annotations.GoldLayer {
				g = append(g, sp)
			}
		}
		return g
	}
	if g := gold(); len(g) != 1 || g[0].Label != "WEBSITE" || g[0].Attributes[annotations.AttrGoldFrom] != "sara" {
		t.Fatalf("gold after accepting sara's version: %+v", g)
	}
	// The agreeing span in one step: gold names both.
	f.s.AcceptAgreeing()
	g := gold()
	if len(g) != 2 {
		t.Fatalf("gold after accepting the agreeing spans: %+v", g)
	}
	for _, sp := range g {
		if sp.Label == "PERS" && sp.Attributes[annotations.AttrGoldFrom] != "mona,sara" {
			t.Fatalf("agreed gold span names %q, want mona,sara", sp.Attributes[annotations.AttrGoldFrom])
		}
	}
	// One disagreement left: London, only mona's. Reject it.
	if n := len(f.s.Disagreements()); n != 1 {
		t.Fatalf("%d disagreements left, want 1", n)
	}
	f.s.NextDisagreement(true)
	f.s.RejectSelected()
	if n := len(f.s.Disagreements()); n != 0 {
		t.Fatalf("%d disagreements after rejecting, want 0", n)
	}
	// Edits in curation touch the gold layer only.
	f.s.SelectSpan(saraOrg.ID, false)
	if err := f.s.DeleteSelected(); err != nil {
		t.Fatal(err)
	}
	if f.s.Span(saraOrg.ID) == nil {
		t.Fatal("curation deleted an annotator's span")
	}
	// Undo takes the rejection back (it is stored, one step), then the
	// last gold span.
	if err := f.s.Undo(); err != nil {
		t.Fatal(err)
	}
	if n, g := len(f.s.Disagreements()), len(gold()); n != 1 || g != 2 {
		t.Fatalf("after one undo: %d disagreements, %d gold spans; want the rejection undone, 1 and 2", n, g)
	}
	if err := f.s.Undo(); err != nil {
		t.Fatal(err)
	}
	if n := len(gold()); n != 1 {
		t.Fatalf("%d gold spans after a second undo, want 1", n)
	}
}

// TestCurationOfClaimsAndClaimants: claims that differ only in a verdict or
// in their claimant are disagreements, described with the attribute and
// the claimant; accepting a claim and its claimant into gold, in either
// order, gives the gold claim the gold claimant.
func TestCurationOfClaimsAndClaimants(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	add := func(who, label string, kind annotations.Kind, text string, attrs map[string]string) annotations.Span {
		t.Helper()
		r := rangeOf(t, sample, text, 0)
		sp, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: f.id, Kind: kind, Label: label, Start: r.Start, End: r.End, Annotator: who, Attributes: attrs})
		if err != nil {
			t.Fatal(err)
		}
		return sp
	}
	claim := "وويكيليكس نشر الرسائل"
	var claims, persons []annotations.Span
	for _, who := range []string{"mona", "sara"} {
		p := add(who, "PERS", annotations.KindEntity, "جوليان أسانج", nil)
		c := add(who, "CLAIM", annotations.KindClaim, claim, map[string]string{annotations.AttrVerdict: "false"})
		if err := f.db.SetClaimant(ctx, c.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		claims, persons = append(claims, c), append(persons, p)
	}
	f.s.Reload()
	f.s.SetCurating(true)
	if n := len(f.s.Disagreements()); n != 0 {
		t.Fatalf("%d disagreements where both agree on claim, verdict and claimant", n)
	}
	// Accept the claim first, then the claimant: the relation follows.
	f.s.SelectSpan(claims[1].ID, false)
	f.s.AcceptSelected()
	f.s.SelectSpan(persons[1].ID, false)
	f.s.AcceptSelected()
	d, err := f.db.Document(ctx, f.id)
	if err != nil {
		t.Fatal(err)
	}
	goldClaim, goldPerson := "", ""
	for _, sp := range d.Spans {
		if sp.Annotator == annotations.GoldLayer {
			if sp.Kind == annotations.KindClaim {
				goldClaim = sp.ID
				if sp.Attributes[annotations.AttrVerdict] != "false" {
					t.Errorf("gold claim lost its verdict: %v", sp.Attributes)
				}
			} else {
				goldPerson = sp.ID
			}
		}
	}
	linked := false
	for _, r := range d.Relations {
		if r.Type == annotations.RelClaimant && r.From == goldClaim && r.To == goldPerson {
			linked = true
		}
	}
	if goldClaim == "" || goldPerson == "" || !linked {
		t.Fatalf("gold claim %q, gold claimant %q, linked %v; relations %+v", goldClaim, goldPerson, linked, d.Relations)
	}

	// Now sara changes her verdict and drops her claimant: a disagreement,
	// described with both.
	sara := claims[1]
	sara.Attributes = map[string]string{annotations.AttrVerdict: "true"}
	if _, err := f.db.UpdateSpan(ctx, sara); err != nil {
		t.Fatal(err)
	}
	f.s.SetCurating(false)
	for _, sp := range d.Spans {
		if sp.Annotator == annotations.GoldLayer {
			if err := f.db.DeleteSpan(ctx, sp.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.s.Reload()
	f.s.SetCurating(true)
	f.s.NextDisagreement(true)
	st := f.lastStatus()
	if !strings.Contains(st, "verdict=\u2068false") || !strings.Contains(st, "verdict=\u2068true") || !strings.Contains(st, "claimant") {
		t.Fatalf("the disagreement is not described with verdicts and claimant: %q", st)
	}
	if err := f.db.SetClaimant(ctx, sara.ID, ""); err != nil {
		t.Fatal(err)
	}
	sara.Attributes = map[string]string{annotations.AttrVerdict: "false"}
	if _, err := f.db.UpdateSpan(ctx, sara); err != nil {
		t.Fatal(err)
	}
	f.s.Reload()
	found := false
	for _, u := range f.s.Disagreements() {
		if f.s.TextRange(u.Range.Start, u.Range.End) == claim {
			found = true
		}
	}
	if !found {
		t.Fatal("claims with the same verdict but different claimants are not a disagreement")
	}
}

// TestNestedAgreementIsAgreed: two annotators who marked the same nested
// spans (an organisation inside a longer occupation span) agree; one who
// nested something else does not.
func TestNestedAgreementIsAgreed(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	add := func(who, label, text string) {
		t.Helper()
		r := rangeOf(t, sample, text, 0)
		if _, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: f.id, Kind: annotations.KindEntity, Label: label, Start: r.Start, End: r.End, Annotator: who}); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []string{"mona", "sara"} {
		add(who, "OCC", "موقع وويكيليكس")
		add(who, "ORG", "وويكيليكس")
	}
	f.s.Reload()
	f.s.SetCurating(true)
	if n := len(f.s.Disagreements()); n != 0 {
		t.Fatalf("%d disagreements where both marked the same nested spans", n)
	}
	add("sara", "GPE", "موقع")
	f.s.Reload()
	if n := len(f.s.Disagreements()); n != 1 {
		t.Fatalf("%d disagreements after sara nests one more span, want 1", n)
	}
	f.s.AcceptAgreeing()
}

// TestAcceptLoneVersion: a disagreement that only one annotator has is
// accepted with a alone, right after n selected it, without picking the
// span first.
func TestAcceptLoneVersion(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	r := rangeOf(t, sample, "لندن", 0)
	if _, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: f.id, Kind: annotations.KindEntity, Label: "GPE", Start: r.Start, End: r.End, Annotator: "mona"}); err != nil {
		t.Fatal(err)
	}
	p := rangeOf(t, sample, "جوليان أسانج", 0)
	if _, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: f.id, Kind: annotations.KindEntity, Label: "PERS", Start: p.Start, End: p.End, Annotator: "sara"}); err != nil {
		t.Fatal(err)
	}
	f.s.Reload()
	f.s.SetCurating(true)
	f.s.NextDisagreement(true)
	f.s.AcceptSelected()
	var gold []annotations.Span
	for _, sp := range f.stored() {
		if sp.Annotator == annotations.GoldLayer {
			gold = append(gold, sp)
		}
	}
	if len(gold) != 1 || gold[0].Label != "PERS" || gold[0].Attributes[annotations.AttrGoldFrom] != "sara" {
		t.Fatalf("gold after n, a: %+v", gold)
	}
}
