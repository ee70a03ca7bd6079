package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/schedule"
	"github.com/hamesh-app/hamesh/app/textfield"
	"github.com/hamesh-app/hamesh/data"
)

// TestArticleNoteKeptWhileSpanNoteSaves types a span note and then an
// article note; the span note's save (which reloads the document and
// updates the inspector) must not replace the article note being typed with
// the stored one.
func TestArticleNoteKeptWhileSpanNoteSaves(t *testing.T) {
	ws, _, st, id := openSample(t)
	r := rangeOf(t, sample, "لندن", 0)
	ws.view.OnSelectionChanged(r)
	s, err := applyLabel(ws, "LOC")
	if err != nil || s == nil {
		t.Fatalf("ApplyLabel: %v", err)
	}
	in := ws.inspector
	test.Type(in.SpanNote, "span note")
	test.Type(in.ArticleNote, "article note")
	// Each keystroke was saved: the span note's saves (which reload the
	// document and update the inspector) did not replace the article note.
	if got := in.ArticleNote.Text; got != "article note" {
		t.Fatalf("article note after the span note's saves = %q, want the typed text", got)
	}
	d, err := st.Document(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Article.Note != "article note" {
		t.Fatalf("stored article note = %q, want %q", d.Article.Note, "article note")
	}
	for _, sp := range d.Spans {
		if sp.ID == s.ID && sp.Note != "span note" {
			t.Fatalf("stored span note = %q", sp.Note)
		}
	}
}

// TestExportDestIn checks the destination picked with the export dialog's
// folder chooser: the chosen folder with the entry's file name; nothing is
// opened or removed there.
func TestExportDestIn(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "data.jsonl")
	if err := os.WriteFile(keep, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := exportDestIn(dir, "/home/x/data.jsonl"); got != keep {
		t.Fatalf("exportDestIn = %q, want %q", got, keep)
	}
	if got := exportDestIn(dir, ""); got != filepath.Join(dir, "hamesh-export.jsonl") {
		t.Fatalf("exportDestIn with no name = %q", got)
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != "keep me" {
		t.Fatalf("existing file after choosing its folder: %q, %v", b, err)
	}
}

// TestEntriesPassWorkspaceKeysOn checks that with the find bar, the library
// filter or a note focused (Fyne then gives the entry every shortcut and
// key), the workspace's shortcuts and F1 still work, the entry keeps its own
// (undo of its text), and Escape returns to the article view.
func TestEntriesPassWorkspaceKeysOn(t *testing.T) {
	ws, w, st, id := openSample(t)
	status := func() annotations.Status {
		d, err := st.Document(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Article.Status
	}
	ws.openFind()
	for _, e := range []fyne.Focusable{ws.find.Entry, ws.library.Filter, ws.inspector.ArticleNote} {
		w.Canvas().Focus(e)
		before := status()
		e.(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyD))
		if status() == before {
			t.Errorf("%T: Ctrl+D left the article %s", e, before)
		}
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1})
		if ws.modal == nil {
			t.Errorf("%T: F1 showed no help", e)
		} else {
			ws.modal.Hide()
		}
		w.Canvas().Focus(e)
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		if w.Canvas().Focused() != fyne.Focusable(ws.view) {
			t.Errorf("%T: Escape left the focus on %T", e, w.Canvas().Focused())
		}
	}
	w.Canvas().Focus(ws.find.Entry)
	test.Type(ws.find.Entry, "x")
	ws.find.Entry.TypedShortcut(&fyne.ShortcutUndo{})
	if ws.find.Entry.Text == "x" {
		t.Error("Ctrl+Z in the find bar did not undo its typing")
	}
	ws.find.Entry.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift})
	if ws.find.Entry.Text != "x" {
		t.Errorf("Ctrl+Shift+Z in the find bar did not redo its typing: %q", ws.find.Entry.Text)
	}
}

// TestExternalChangeWhileJobRunsAndNewLabels checks that a change made by
// another process while a job runs is shown once the job ends (the poll
// must not record the version without reloading), and that labels added
// elsewhere reach the palette and the highlights.
func TestExternalChangeWhileJobRunsAndNewLabels(t *testing.T) {
	var sched schedule.Manual
	st := newFakeStore()
	id := st.addArticle("ويكيليكس وترامب", sample, annotations.StatusTodo)
	opt := testOptions
	opt.Scheduler = &sched
	ws, _ := newTestWorkspaceWith(t, st, opt)
	if err := ws.sess.Open(id); err != nil {
		t.Fatal(err)
	}
	// Another process adds a label and a span with it.
	if err := st.SaveLabel(t.Context(), "", annotations.Label{Name: "SHIP", Kind: annotations.KindEntity, Color: "#123456"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddSpan(t.Context(), annotations.Span{ArticleID: id, Kind: annotations.KindEntity, Label: "SHIP", Start: 0, End: 3}); err != nil {
		t.Fatal(err)
	}
	ws.sess.RunJob("a job", func(context.Context, func(int, int)) (string, error) { return "", nil }, nil)
	if !ws.sess.JobRunning() {
		t.Fatal("the job is not running")
	}
	if ws.sess.CheckExternalChanges() {
		t.Fatal("reloaded while a job runs")
	}
	sched.Drain()
	if !ws.sess.CheckExternalChanges() {
		t.Fatal("the change made while the job ran was never reloaded")
	}
	if len(ws.sess.Document().Spans) != 1 {
		t.Fatalf("document has %d spans after the reload, want 1", len(ws.sess.Document().Spans))
	}
	if ws.sess.Label("SHIP") == nil {
		t.Fatal("a label added elsewhere is not in the workspace's scheme")
	}
	if ws.sess.CheckExternalChanges() {
		t.Fatal("reloaded again with no new change")
	}
}

// TestPasteDialogPreviewAndMerge checks the paste dialog's preview (the start
// of a long clipboard, cut between code points, not the whole text in an
// editable field), that Import stores the whole clipboard in the background,
// and that pasting an article's text again says it was merged.
func TestPasteDialogPreviewAndMerge(t *testing.T) {
	long := strings.Repeat("قال المتحدث إن الخبر صحيح. ", 2000)
	head, cut := pastePreview(long)
	if !cut || len(head) > pastePreviewBytes || !utf8.ValidString(head) || !strings.HasPrefix(long, head) {
		t.Fatalf("pastePreview: %d bytes, cut %v, valid %v", len(head), cut, utf8.ValidString(head))
	}
	if h, cut := pastePreview("short"); h != "short" || cut {
		t.Fatalf("pastePreview(short) = %q, %v", h, cut)
	}

	db, err := data.Open(filepath.Join(t.TempDir(), "paste.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ws, w := newTestWorkspace(t, db)
	body := "عنوان\n\n" + long
	ws.app.Clipboard().SetContent(body)
	ws.showPasteArticle()
	if ws.modal == nil {
		t.Fatal("no paste dialog")
	}
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if e, ok := o.(*textfield.Field); ok && len(e.Text) > pastePreviewBytes {
			t.Fatalf("the dialog holds the whole clipboard (%d bytes) in an entry", len(e.Text))
		}
	}
	ws.modal.Hide()
	if err := ws.importText("", body); err != nil {
		t.Fatal(err)
	}
	if d := ws.sess.Document(); d == nil || d.Article.Title != "عنوان" || utf8.RuneCountInString(d.Article.Text) < utf8.RuneCountInString(long)-10 {
		t.Fatal("the pasted article is not open with the whole text")
	}
	if err := ws.importText("", body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ws.StatusText(), "merged into an existing article") {
		t.Fatalf("status after pasting the same text again: %q", ws.StatusText())
	}
}

// TestFirstEditMovesToInProgressInOneStep labels a word of a todo article
// in a real store: the store moves the article to in progress within the
// same edit, so it is shown in progress and one undo takes back both the
// span and the status.
func TestFirstEditMovesToInProgressInOneStep(t *testing.T) {
	db, err := data.Open(filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ws, _ := newTestWorkspace(t, db)
	if err := ws.importText("خبر", sample); err != nil {
		t.Fatal(err)
	}
	if ws.sess.Document() == nil || ws.sess.Document().Article.Status != annotations.StatusTodo {
		t.Fatal("the pasted article is not open as todo")
	}
	text := ws.sess.Document().Article.Text
	ws.view.OnSelectionChanged(rangeOf(t, text, "لندن", 0))
	if err := ws.sess.ApplyLabel("GPE"); err != nil {
		t.Fatal(err)
	}
	if st := ws.sess.Document().Article.Status; st != annotations.StatusInProgress {
		t.Fatalf("status after the first edit = %s, want in_progress", st)
	}
	if err := ws.sess.Undo(); err != nil {
		t.Fatal(err)
	}
	if d := ws.sess.Document(); len(d.Spans) != 0 || d.Article.Status != annotations.StatusTodo {
		t.Fatalf("after one undo: %d spans, status %s; want 0 and todo", len(d.Spans), d.Article.Status)
	}
}

// cancellingStore cancels the running job during its n-th import, as a user
// pressing Cancel would, and fails that import with the context's error.
type cancellingStore struct {
	*fakeStore
	ws    *Workspace
	calls int
	n     int
}

func (c *cancellingStore) ImportDocuments(ctx context.Context, docs []annotations.Document) (annotations.ImportResult, error) {
	c.calls++
	if c.calls == c.n {
		c.ws.sess.CancelJob()
		<-ctx.Done()
		return annotations.ImportResult{}, fmt.Errorf("store the documents: %w", ctx.Err())
	}
	return c.fakeStore.ImportDocuments(ctx, docs)
}

// TestCancelledImportSaysHowFar cancels an import of three files during the
// second: it is reported as cancelled (not as a failure) with the number of
// files already imported.
func TestCancelledImportSaysHowFar(t *testing.T) {
	st := &cancellingStore{fakeStore: newFakeStore(), n: 2}
	ws, _ := newTestWorkspace(t, st)
	st.ws = ws
	dir := t.TempDir()
	var paths []string
	for i, body := range []string{"الأول\n\nنص أول.", "الثاني\n\nنص ثان.", "الثالث\n\nنص ثالث."} {
		p := filepath.Join(dir, fmt.Sprintf("a%d.txt", i))
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	ws.importFiles(paths)
	status := ws.StatusText()
	if !strings.Contains(status, "cancelled") || !strings.Contains(status, "1 of 3 files") || strings.Contains(status, "failed") {
		t.Fatalf("status after cancelling = %q; want cancelled, 1 of 3 files imported", status)
	}
	if ws.library.Total() != 1 {
		t.Fatalf("library holds %d articles, want the 1 imported before the cancel", ws.library.Total())
	}
}

// TestLibraryFilterDebounced types into the library filter with the delay
// on: the store is not asked per keystroke; a navigation key acts on the
// text typed so far at once.
func TestLibraryFilterDebounced(t *testing.T) {
	st := newFakeStore()
	for i := 0; i < 30; i++ {
		st.addArticle(fmt.Sprintf("مقال %02d", i), "نص", annotations.StatusTodo)
	}
	ws, w := newTestWorkspace(t, st)
	lib := ws.library
	lib.delay = filterDelay
	defer lib.typing.stop()
	w.Canvas().Focus(lib.Filter)
	test.Type(lib.Filter, "07")
	if lib.Total() != 30 {
		t.Fatalf("the library reloaded while typing: %d articles", lib.Total())
	}
	lib.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if lib.Total() != 1 {
		t.Fatalf("after Down the filter %q matches %d articles, want 1", lib.Filter.Text, lib.Total())
	}
	if lib.typing.pending() {
		t.Fatal("a reload is still pending after Down")
	}
}
