package app

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/schedule"
	"github.com/hamesh-app/hamesh/app/textfield"
)

// sample is a short Arabic article: a person, an organisation written with
// and without the clitic و, a place.
const sample = "قال جوليان أسانج إن موقع وويكيليكس نشر الرسائل. وأكد ويكيليكس في لندن أن الرسائل صحيحة."

// newTestWorkspace builds a workspace on store in a test window.
func newTestWorkspace(t testing.TB, store annotations.Store) (*Workspace, fyne.Window) {
	t.Helper()
	return newTestWorkspaceWith(t, store, testOptions)
}

// newTestWorkspaceWith builds a workspace on store with options opt.
func newTestWorkspaceWith(t testing.TB, store annotations.Store, opt Options) (*Workspace, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1300, 820))
	ws, err := NewWorkspace(a, w, store, opt)
	if err != nil {
		t.Fatalf("NewWorkspace: %v", err)
	}
	return ws, w
}

// rangeOf returns the code-point range of the n-th (0-based) occurrence of
// sub in text.
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
	t.Fatalf("%q not found in %q", sub, text)
	return annotations.Range{}
}

// openSample returns a workspace with the sample article open.
func openSample(t *testing.T) (*Workspace, fyne.Window, *fakeStore, string) {
	t.Helper()
	st := newFakeStore()
	id := st.addArticle("ويكيليكس وترامب", sample, annotations.StatusTodo)
	ws, w := newTestWorkspace(t, st)
	if err := ws.sess.Open(id); err != nil {
		t.Fatal(err)
	}
	return ws, w, st, id
}

func spansOf(t *testing.T, st *fakeStore, id string) []annotations.Span {
	t.Helper()
	d, err := st.Document(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Spans
}

func TestLibraryPagingFilterSort(t *testing.T) {
	st := newFakeStore()
	for i := 0; i < 1000; i++ {
		status := annotations.StatusTodo
		if i%10 == 0 {
			status = annotations.StatusDone
		}
		st.addArticle(fmt.Sprintf("مقال %04d", i), fmt.Sprintf("نص المقال رقم %d", i), status)
	}
	ws, w := newTestWorkspace(t, st)
	lib := ws.library
	if lib.Total() != 1000 {
		t.Fatalf("Total = %d, want 1000", lib.Total())
	}
	// Only the pages on screen are fetched, never the whole library.
	if n := lib.PagesLoaded(); n > 1 {
		t.Errorf("after showing the top, %d pages loaded, want 1", n)
	}
	row, ok := lib.Row(999)
	if !ok || row.Title != "مقال 0999" {
		t.Errorf("Row(999) = %q, %v", row.Title, ok)
	}
	if n := lib.PagesLoaded(); n != 2 {
		t.Errorf("after Row(999), %d pages loaded, want 2", n)
	}

	t.Run("filter", func(t *testing.T) {
		test.Type(lib.Filter, "099")
		if lib.Total() != 11 { // 0099 and 0990–0999
			t.Errorf("filter 099: Total = %d, want 11", lib.Total())
		}
		lib.Filter.SetText("")
		lib.StatusSel.SetSelectedIndex(3) // Done
		if lib.Total() != 100 {
			t.Errorf("status done: Total = %d, want 100", lib.Total())
		}
		lib.StatusSel.SetSelectedIndex(0)
	})
	t.Run("sort", func(t *testing.T) {
		lib.SortSel.SetSelectedIndex(3) // Title Z–A
		if row, _ := lib.Row(0); row.Title != "مقال 0999" {
			t.Errorf("Z–A first row = %q", row.Title)
		}
		lib.SortSel.SetSelectedIndex(0)
		if row, _ := lib.Row(0); row.Title != "مقال 0000" {
			t.Errorf("oldest first row = %q", row.Title)
		}
	})
	t.Run("keyboard", func(t *testing.T) {
		w.Canvas().Focus(lib.Filter)
		test.TypeOnCanvas(w.Canvas(), "") // nothing
		lib.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
		if ws.sess.Document() == nil || ws.sess.Document().Article.Title != "مقال 0000" {
			t.Fatalf("Down did not open the first article")
		}
		lib.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
		if got := ws.sess.Document().Article.Title; got != "مقال 0010" {
			t.Errorf("Page Down opened %q, want مقال 0010", got)
		}
		if got := w.Title(); got != "Hamesh — مقال 0010" {
			t.Errorf("window title %q", got)
		}
		lib.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
		if got := ws.sess.Document().Article.Title; got != "مقال 0009" {
			t.Errorf("Up opened %q, want مقال 0009", got)
		}
	})
}

func TestPaletteHotkeyLabelsSelection(t *testing.T) {
	ws, w, st, id := openSample(t)
	// A drag that stops inside the word labels the whole word.
	r := rangeOf(t, sample, "جوليان أسانج", 0)
	userSelect(ws, annotations.Range{Start: r.Start + 1, End: r.End - 2})
	test.TypeOnCanvas(w.Canvas(), "1")
	spans := spansOf(t, st, id)
	if len(spans) != 1 {
		t.Fatalf("after typing 1: %d spans, want 1", len(spans))
	}
	s := spans[0]
	if s.Label != "PERS" || s.Kind != annotations.KindEntity || s.Start != r.Start || s.End != r.End {
		t.Errorf("span = %s %s [%d, %d), want PERS entity [%d, %d)", s.Label, s.Kind, s.Start, s.End, r.Start, r.End)
	}
	if ws.sess.SelectedSpan() != s.ID {
		t.Errorf("the new span is not selected")
	}
	if d := ws.sess.Document(); d.Article.Status != annotations.StatusInProgress {
		t.Errorf("status after first edit = %s, want in_progress", d.Article.Status)
	}

	// Clicking a palette button labels a selection too.
	r2 := rangeOf(t, sample, "لندن", 0)
	userSelect(ws, r2)
	test.Tap(ws.palette.Button("GPE"))
	spans = spansOf(t, st, id)
	if len(spans) != 2 || spans[1].Label != "GPE" || spans[1].Start != r2.Start {
		t.Fatalf("after GPE button: %+v", spans)
	}

	// With no selection, a hotkey relabels the selected span.
	test.TypeOnCanvas(w.Canvas(), "4")
	spans = spansOf(t, st, id)
	if spans[1].Label != "LOC" {
		t.Errorf("relabel by hotkey: %s, want LOC", spans[1].Label)
	}

	// c marks a claim, snapped to graphemes only (the full stop stays).
	r3 := rangeOf(t, sample, "وأكد ويكيليكس في لندن أن الرسائل صحيحة.", 0)
	userSelect(ws, annotations.Range{Start: r3.Start - 1, End: r3.End})
	test.TypeOnCanvas(w.Canvas(), "c")
	spans = spansOf(t, st, id)
	c := spans[len(spans)-1]
	if c.Kind != annotations.KindClaim || c.Start != r3.Start || c.End != r3.End {
		t.Errorf("claim = %s [%d, %d), want claim [%d, %d)", c.Kind, c.Start, c.End, r3.Start, r3.End)
	}
}

func TestDeleteKeyAndUndoRedoStack(t *testing.T) {
	ws, w, st, id := openSample(t)
	for _, word := range []string{"جوليان", "أسانج", "لندن"} {
		userSelect(ws, rangeOf(t, sample, word, 0))
		if err := ws.sess.ApplyLabel("PERS"); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(spansOf(t, st, id)); n != 3 {
		t.Fatalf("%d spans, want 3", n)
	}
	// Delete the selected span (لندن) with the Delete key.
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if n := len(spansOf(t, st, id)); n != 2 {
		t.Fatalf("after Delete: %d spans, want 2", n)
	}
	if len(ws.sess.Document().Spans) != 2 {
		t.Errorf("the view's document was not reloaded after delete")
	}
	// Ctrl+Z three times: the delete, then two adds are undone.
	for i, want := range []int{3, 2, 1} {
		ws.handleShortcut(&fyne.ShortcutUndo{})
		if n := len(spansOf(t, st, id)); n != want {
			t.Fatalf("undo %d: %d spans, want %d", i+1, n, want)
		}
		if n := len(ws.sess.Document().Spans); n != want {
			t.Fatalf("undo %d: document shows %d spans, want %d", i+1, n, want)
		}
	}
	// Ctrl+Shift+Z and Ctrl+Y redo.
	ws.handleShortcut(ctrlShift(fyne.KeyZ))
	ws.handleShortcut(&fyne.ShortcutRedo{})
	if n := len(ws.sess.Document().Spans); n != 3 {
		t.Fatalf("after two redos: %d spans, want 3", n)
	}
	if sel := ws.sess.Span(ws.sess.SelectedSpan()); sel == nil || ws.sess.SpanText(*sel) != "لندن" {
		t.Errorf("redo did not select the span it brought back: %+v", sel)
	}
	ws.sess.Redo()
	if n := len(ws.sess.Document().Spans); n != 2 {
		t.Fatalf("after the third redo (the delete): %d spans, want 2", n)
	}
	if ws.sess.Redo(); !strings.Contains(ws.StatusText(), "nothing to redo") {
		t.Errorf("status after redo at the end: %q", ws.StatusText())
	}
}

func TestMoveEdges(t *testing.T) {
	ws, _, st, id := openSample(t)
	r := rangeOf(t, sample, "جوليان", 0)
	userSelect(ws, r)
	ws.sess.ApplyLabel("PERS")
	// Alt+Shift+← in a right-to-left article moves the end edge forward
	// (leftwards is later in Arabic) by a word.
	ws.handleShortcut(mod(fyne.KeyLeft, fyne.KeyModifierAlt|fyne.KeyModifierShift))
	want := rangeOf(t, sample, "جوليان أسانج", 0)
	s := spansOf(t, st, id)[0]
	if s.Start != want.Start || s.End != want.End {
		t.Fatalf("after moving the end edge: [%d, %d), want [%d, %d)", s.Start, s.End, want.Start, want.End)
	}
	// Alt+Ctrl+Shift+→ takes one letter back from the end.
	ws.handleShortcut(mod(fyne.KeyRight, fyne.KeyModifierAlt|fyne.KeyModifierShift|fyne.KeyModifierControl))
	if s := spansOf(t, st, id)[0]; s.End != want.End-1 {
		t.Errorf("fine move: end %d, want %d", s.End, want.End-1)
	}
	// Alt+← moves the start edge to the next word start.
	ws.handleShortcut(mod(fyne.KeyLeft, fyne.KeyModifierAlt))
	if s := spansOf(t, st, id)[0]; s.Start != rangeOf(t, sample, "أسانج", 0).Start {
		t.Errorf("start edge: %d", s.Start)
	}
	ws.sess.Undo()
	ws.sess.Undo()
	ws.sess.Undo()
	if s := spansOf(t, st, id)[0]; s.Start != r.Start || s.End != r.End {
		t.Errorf("three undos: [%d, %d), want [%d, %d)", s.Start, s.End, r.Start, r.End)
	}
}

func TestInspector(t *testing.T) {
	ws, _, st, id := openSample(t)
	userSelect(ws, rangeOf(t, sample, "جوليان أسانج", 0))
	pers, _ := applyLabel(ws, "PERS")
	userSelect(ws, rangeOf(t, sample, "ويكيليكس", 1))
	org, _ := applyLabel(ws, "ORG")
	userSelect(ws, rangeOf(t, sample, "قال جوليان أسانج إن موقع وويكيليكس نشر الرسائل.", 0))
	claim, _ := applyLabel(ws, "CLAIM")
	in := ws.inspector

	if got := in.childUIDs(""); strings.Join(got, ",") != "k:entity,k:claim" {
		t.Errorf("kinds: %v", got)
	}
	if got := in.childUIDs("k:entity"); strings.Join(got, ",") != "l:entity:PERS,l:entity:ORG" {
		t.Errorf("entity labels in scheme order: %v", got)
	}
	if got := in.nodeText("l:entity:PERS"); got != "PERS (1)" {
		t.Errorf("label node %q", got)
	}
	if got := in.nodeText("s:" + pers.ID); got != "جوليان أسانج" {
		t.Errorf("span node %q", got)
	}

	// Selecting a span in the tree selects it in the workspace.
	in.Tree.Select("s:" + org.ID)
	if ws.sess.SelectedSpan() != org.ID {
		t.Fatalf("tree selection did not select the span")
	}
	if in.claimBox.Visible() {
		t.Errorf("claim fields shown for an entity")
	}
	// Changing the label in the inspector relabels it.
	in.SpanLabel.SetSelected("WEBSITE")
	if s := spansOf(t, st, id)[1]; s.Label != "WEBSITE" {
		t.Errorf("label after inspector change: %s", s.Label)
	}
	// A note is saved as it is typed.
	test.Type(in.SpanNote, "the site")
	if s := spansOf(t, st, id)[1]; s.Note != "the site" {
		t.Errorf("note = %q", s.Note)
	}

	// The claim: claimant and attributes.
	in.Tree.Select("s:" + claim.ID)
	if !in.claimBox.Visible() {
		t.Fatalf("claim fields hidden for a claim")
	}
	if len(in.Claimant.Options) != 3 { // none + two entities
		t.Fatalf("claimant options %v", in.Claimant.Options)
	}
	in.Claimant.SetSelectedIndex(1) // جوليان أسانج
	d, _ := st.Document(t.Context(), id)
	if len(d.Relations) != 1 || d.Relations[0].Type != annotations.RelClaimant || d.Relations[0].From != claim.ID || d.Relations[0].To != pers.ID {
		t.Fatalf("relations = %+v", d.Relations)
	}
	in.Attr[annotations.AttrVerdict].SetSelected("partly_false")
	in.Attr[annotations.AttrCheckWorthy].SetSelected("yes")
	test.Type(in.Normalized, "Assange said WikiLeaks published the messages")
	var c annotations.Span
	for _, s := range spansOf(t, st, id) {
		if s.ID == claim.ID {
			c = s
		}
	}
	want := map[string]string{"verdict": "partly_false", "check_worthy": "yes", "normalized_claim": "Assange said WikiLeaks published the messages"}
	if !maps.Equal(c.Attributes, want) {
		t.Errorf("claim attributes = %v, want %v", c.Attributes, want)
	}
	// Another claimant replaces the first.
	in.Claimant.SetSelectedIndex(2)
	d, _ = st.Document(t.Context(), id)
	if len(d.Relations) != 1 || d.Relations[0].To != org.ID {
		t.Errorf("after changing the claimant: %+v", d.Relations)
	}

	// Article status and note.
	in.Status.SetSelectedIndex(2)
	if d, _ := st.Document(t.Context(), id); d.Article.Status != annotations.StatusDone {
		t.Errorf("status = %s", d.Article.Status)
	}
	test.Type(in.ArticleNote, "checked")
	if d, _ := st.Document(t.Context(), id); d.Article.Note != "checked" {
		t.Errorf("article note = %q", d.Article.Note)
	}
}

func TestFindAndLabelAll(t *testing.T) {
	ws, w, st, id := openSample(t)
	ws.handleShortcut(ctrl(fyne.KeyF))
	if !ws.find.Visible() {
		t.Fatal("find bar hidden after Ctrl+F")
	}
	test.Type(ws.find.Entry, "ويكيليكس")
	m := ws.sess.FindMatches()
	// وويكيليكس (with the clitic و) matches too, clitic included.
	want := []annotations.Range{rangeOf(t, sample, "وويكيليكس", 0), rangeOf(t, sample, "ويكيليكس", 1)}
	if len(m) != 2 || m[0] != want[0] || m[1] != want[1] {
		t.Fatalf("matches %v, want %v", m, want)
	}
	if ws.View().Selection() != m[0] || ws.sess.FindCurrent() != 0 {
		t.Errorf("the first match is not selected")
	}
	ws.find.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if ws.View().Selection() != m[1] {
		t.Errorf("Enter did not go to the next match")
	}
	ws.find.Entry.shift = true
	ws.find.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	ws.find.Entry.shift = false
	if ws.View().Selection() != m[0] {
		t.Errorf("Shift+Enter did not go back")
	}

	// Label one occurrence, then label all: only the other is added.
	userSelect(ws, m[1])
	test.TypeOnCanvas(w.Canvas(), "2")
	userSelect(ws, m[1])
	ws.sess.LabelAll()
	if !strings.Contains(ws.StatusText(), "labelled 1 occurrences") {
		t.Fatalf("status after Label all: %q; want 1 labelled", ws.StatusText())
	}
	var orgs []annotations.Range
	for _, s := range spansOf(t, st, id) {
		if s.Label == "ORG" {
			orgs = append(orgs, annotations.Range{Start: s.Start, End: s.End})
		}
	}
	if len(orgs) != 2 {
		t.Fatalf("ORG spans %v, want 2", orgs)
	}
	userSelect(ws, m[0])
	ws.sess.LabelAll()
	if n := len(spansOf(t, st, id)); n != 2 || !strings.Contains(ws.StatusText(), "labelled 0 occurrences") {
		t.Errorf("second Label all: %d spans, status %q; want 2 and none added", n, ws.StatusText())
	}
	ws.find.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ws.find.Visible() || len(ws.sess.FindMatches()) != 0 {
		t.Errorf("Escape did not close the find bar")
	}
}

func TestSchemeEditingAndPreferences(t *testing.T) {
	ws, w, st, id := openSample(t)
	err := ws.sess.SaveLabel("", annotations.Label{Name: "PRODUCT", Kind: annotations.KindEntity, Color: "#123456", Hotkey: "1"})
	if err == nil || !strings.Contains(err.Error(), "already used by PERS") {
		t.Errorf("duplicate hotkey: err = %v", err)
	}
	// p steps through suggestions (and disagreements): reserved, refused
	// with the reason.
	err = ws.sess.SaveLabel("", annotations.Label{Name: "PRODUCT", Kind: annotations.KindEntity, Color: "#123456", Hotkey: "p"})
	if err == nil || !strings.Contains(err.Error(), "reserved for review") {
		t.Errorf("reserved hotkey p: err = %v", err)
	}
	if err := ws.sess.SaveLabel("", annotations.Label{Name: "PRODUCT", Kind: annotations.KindEntity, Color: "#123456", Hotkey: "z"}); err != nil {
		t.Fatal(err)
	}
	if ws.palette.Button("PRODUCT") == nil {
		t.Fatalf("no palette button for the new label")
	}
	if err := ws.setPreferences("Nour", 24, "dark"); err != nil {
		t.Fatal(err)
	}
	userSelect(ws, rangeOf(t, sample, "الرسائل", 0))
	test.TypeOnCanvas(w.Canvas(), "z")
	spans := spansOf(t, st, id)
	if len(spans) != 1 || spans[0].Label != "PRODUCT" || spans[0].Annotator != "Nour" {
		t.Fatalf("spans %+v", spans)
	}
	// Renaming a label relabels its spans.
	if err := ws.sess.SaveLabel("PRODUCT", annotations.Label{Name: "WORK", Kind: annotations.KindEntity, Color: "#654321", Hotkey: "z"}); err != nil {
		t.Fatal(err)
	}
	if got := ws.sess.Document().Spans[0].Label; got != "WORK" {
		t.Errorf("span label after rename: %s", got)
	}
	if err := ws.setPreferences("", 4, "dark"); err == nil {
		t.Errorf("font size 4 accepted")
	}
}

func TestExternalChangesReload(t *testing.T) {
	ws, _, st, id := openSample(t)
	if ws.sess.CheckExternalChanges() {
		t.Errorf("reloaded with no change")
	}
	// Another process adds a span.
	st.AddSpan(t.Context(), annotations.Span{ArticleID: id, Kind: annotations.KindEntity, Label: "GPE", Start: 0, End: 3})
	if !ws.sess.CheckExternalChanges() {
		t.Fatalf("no reload after an external change")
	}
	if len(ws.sess.Document().Spans) != 1 {
		t.Errorf("document not reloaded")
	}
	// Our own edits do not count as external.
	userSelect(ws, rangeOf(t, sample, "لندن", 0))
	ws.sess.ApplyLabel("GPE")
	if ws.sess.CheckExternalChanges() {
		t.Errorf("own edit taken for an external change")
	}
}

func TestDialogsTakeKeysAndCloseOnEscape(t *testing.T) {
	ws, w, st, id := openSample(t)
	userSelect(ws, rangeOf(t, sample, "لندن", 0))
	ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyF1})
	if ws.modal == nil {
		t.Fatal("F1 opened no dialog")
	}
	// A label key typed while the help is open does not label the article.
	test.TypeOnCanvas(w.Canvas(), "1")
	if n := len(spansOf(t, st, id)); n != 0 {
		t.Errorf("a key under the help dialog added %d spans", n)
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ws.modal != nil {
		t.Fatal("Escape did not close the help")
	}
	test.TypeOnCanvas(w.Canvas(), "1")
	if n := len(spansOf(t, st, id)); n != 1 {
		t.Errorf("after closing the help, 1 added %d spans, want 1", n)
	}
	ws.showSchemeEditor()
	ws.showPreferences()
	ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ws.modal != nil {
		t.Errorf("two Escapes left a dialog open")
	}
}

// TestShiftArrowsMoveSelectedSpan: selecting a span makes its range the
// view's selection; a change of that selection with Shift held (the view's
// Shift+arrows or Shift+click) moves the span's edge, without Shift it is a
// new selection.
func TestShiftArrowsMoveSelectedSpan(t *testing.T) {
	ws, _, st, id := openSample(t)
	r := rangeOf(t, sample, "جوليان", 0)
	userSelect(ws, r)
	ws.sess.ApplyLabel("PERS")
	if ws.View().Selection() != r {
		t.Fatalf("the new span's range is not the selection: %v", ws.View().Selection())
	}
	shift := true
	ws.shiftOverride = &shift
	grown := rangeOf(t, sample, "جوليان أسانج", 0)
	ws.View().SetSelection(grown) // what the view does on Shift+←
	ws.view.OnSelectionChanged(grown)
	if s := spansOf(t, st, id); len(s) != 1 || s[0].Start != grown.Start || s[0].End != grown.End {
		t.Fatalf("Shift+arrow did not move the span's edge: %+v", s)
	}
	if ws.sess.SelectedSpan() == "" || ws.View().Selection() != grown {
		t.Errorf("the moved span is not selected")
	}
	// Without Shift a new selection leaves the span alone.
	shift = false
	other := rangeOf(t, sample, "لندن", 0)
	ws.View().SetSelection(other)
	ws.view.OnSelectionChanged(other)
	if s := spansOf(t, st, id); s[0].End != grown.End || ws.sess.SelectedSpan() != "" {
		t.Errorf("a plain selection changed the span or kept it selected: %+v", s)
	}
	// A selection made by find leaves the span: Shift then extends the
	// found text, it does not move the span.
	ws.sess.SelectSpan(spansOf(t, st, id)[0].ID, false)
	ws.openFind()
	ws.find.Entry.SetText("لندن")
	if ws.sess.SelectedSpan() != "" {
		t.Errorf("find's selection kept the span selected")
	}
	shift = true
	ws.View().SetSelection(annotations.Range{Start: other.Start, End: other.End + 3})
	ws.view.OnSelectionChanged(annotations.Range{Start: other.Start, End: other.End + 3})
	if s := spansOf(t, st, id); s[0].Start != grown.Start || s[0].End != grown.End {
		t.Errorf("Shift after a find moved the span: %+v", s[0])
	}
	shift = false
	ws.closeFind()

	// Deleting the selected span clears the selection that mirrored it.
	ws.sess.SelectSpan(spansOf(t, st, id)[0].ID, false)
	ws.deleteSelectedSpan()
	if r := ws.View().Selection(); r.End > r.Start {
		t.Errorf("selection %v left after deleting its span", r)
	}
}

// testOptions run background jobs inline and the library filter on every
// key, so a test sees a job's result when the call that started it returns.
var testOptions = Options{Scheduler: schedule.Inline{}, FilterDelay: -1, WaitingDelay: -1, Annotator: "tester"}

// userSelect selects r in the article view as the user's drag does: the
// view takes the selection and reports it to the workspace.
func userSelect(ws *Workspace, r annotations.Range) {
	ws.view.SetSelection(r)
	ws.view.OnSelectionChanged(ws.view.Selection())
}

// TestKeysBehindErrorDialogDoNothing checks that an error dialog is modal
// for keys: a label key typed while it is open labels nothing, and Escape
// closes it (issue 11, point 12).
func TestKeysBehindErrorDialogDoNothing(t *testing.T) {
	ws, w, st, id := openSample(t)
	if err := ws.sess.Open("no-such-article"); err == nil {
		t.Fatal("opening an unknown article did not fail")
	}
	if ws.modal == nil {
		t.Fatal("the failure showed no dialog the workspace knows of")
	}
	userSelect(ws, rangeOf(t, sample, "لندن", 0))
	test.TypeOnCanvas(w.Canvas(), "3")
	if n := len(spansOf(t, st, id)); n != 0 {
		t.Fatalf("a label key behind the error dialog added %d spans", n)
	}
	ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ws.modal != nil {
		t.Fatal("Escape did not close the error dialog")
	}
	test.TypeOnCanvas(w.Canvas(), "3")
	if n := len(spansOf(t, st, id)); n != 1 {
		t.Fatalf("after the dialog closed the label key added %d spans, want 1", n)
	}
}

// applyLabel applies the label named name to the selection and returns the
// span then selected (nil if none).
func applyLabel(ws *Workspace, name string) (*annotations.Span, error) {
	if err := ws.sess.ApplyLabel(name); err != nil {
		return nil, err
	}
	return ws.sess.Span(ws.sess.SelectedSpan()), nil
}

// TestFirstStartAsksWhoAnnotates: with no name given or stored, the window
// asks for one, offering the login name, and stores the answer in the
// preferences and in the database's settings; spans then carry it. No
// placeholder name is stamped meanwhile.
func TestFirstStartAsksWhoAnnotates(t *testing.T) {
	db := openDB(t)
	opt := testOptions
	opt.Annotator = ""
	ws, w := newTestWorkspaceWith(t, db, opt)
	if ws.modal == nil {
		t.Fatal("the first start did not ask who annotates")
	}
	if ws.annotator() != "" {
		t.Fatalf("annotator %q before the user answered, want none", ws.annotator())
	}
	var name *textfield.Field
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if e, ok := o.(*textfield.Field); ok {
			name = e
		}
	}
	if name == nil || name.Text != osUserName() {
		t.Fatalf("the name field offers %v, want the login name %q", name, osUserName())
	}
	name.SetText("منى")
	var start *widget.Button
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Start" {
			start = b
		}
	}
	if start == nil {
		t.Fatal("no Start button")
	}
	test.Tap(start)
	if got := ws.app.Preferences().String(PrefAnnotator); got != "منى" || ws.annotator() != "منى" {
		t.Fatalf("preference %q, annotator %q; want منى", got, ws.annotator())
	}
	if got, err := db.Setting(t.Context(), settingAnnotator); err != nil || got != "منى" {
		t.Fatalf("database setting %q, %v; want منى", got, err)
	}
	// A start with other preferences (another machine) finds the name in
	// the database and asks nothing.
	ws2, _ := newTestWorkspaceWith(t, db, opt)
	if ws2.modal != nil || ws2.annotator() != "منى" {
		t.Fatalf("second start: dialog %v, annotator %q; want none and منى", ws2.modal != nil, ws2.annotator())
	}
}

// TestCurationKeys drives curation from the keyboard: Ctrl+Shift+K starts
// it, n selects the disagreement, a accepts the selected span's version,
// and the gold span is stored.
func TestCurationKeys(t *testing.T) {
	ws, w, st, id := openSample(t)
	r := rangeOf(t, sample, "لندن", 0)
	for _, who := range []string{"mona", "sara"} {
		label := "GPE"
		if who == "sara" {
			label = "LOC"
		}
		if _, err := st.AddSpan(t.Context(), annotations.Span{ArticleID: id, Kind: annotations.KindEntity, Label: label, Start: r.Start, End: r.End, Annotator: who}); err != nil {
			t.Fatal(err)
		}
	}
	ws.sess.Reload()
	if !ws.handleShortcut(ctrlShift(fyne.KeyK)) || !ws.sess.Curating() {
		t.Fatal("Ctrl+Shift+K did not start curation")
	}
	if !strings.Contains(w.Title(), "curating") {
		t.Errorf("title %q does not say curating", w.Title())
	}
	test.TypeOnCanvas(w.Canvas(), "n")
	if ws.View().Selection() != r {
		t.Fatalf("n selected %v, want the disagreement %v", ws.View().Selection(), r)
	}
	var sara string
	for _, sp := range spansOf(t, st, id) {
		if sp.Annotator == "sara" {
			sara = sp.ID
		}
	}
	ws.sess.SelectSpan(sara, false)
	test.TypeOnCanvas(w.Canvas(), "a")
	var gold []annotations.Span
	for _, sp := range spansOf(t, st, id) {
		if sp.Annotator == annotations.GoldLayer {
			gold = append(gold, sp)
		}
	}
	if len(gold) != 1 || gold[0].Label != "LOC" {
		t.Fatalf("gold after a: %+v", gold)
	}
}
