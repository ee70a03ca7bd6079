package app

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// inLanguage sets the interface language for the test, English after it.
func inLanguage(t *testing.T, code string) {
	t.Helper()
	SetLanguage(code)
	t.Cleanup(func() { SetLanguage(LangEnglish) })
}

// xOf is o's x position in its window.
func xOf(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X
}

// buttonsIn returns the buttons laid out under o by their text.
func buttonsIn(o fyne.CanvasObject) map[string]*widget.Button {
	out := map[string]*widget.Button{}
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok {
			out[b.Text] = b
		}
	}
	return out
}

// TestMirroredCheck: in Arabic a check's box is at the right of its
// right-aligned text, a tap on the text toggles it and focuses the box,
// and Space toggles the focused box; in English it is Fyne's check, text
// and all.
func TestMirroredCheck(t *testing.T) {
	test.NewTempApp(t)
	inLanguage(t, LangArabic)
	var got []bool
	c, obj := newCheck(TV("Follow redirects to other hosts"), func(b bool) { got = append(got, b) })
	w := test.NewTempWindow(t, container.NewVBox(obj))
	w.Resize(fyne.NewSize(500, 100))
	if c.Text != "" {
		t.Fatalf("the Arabic check draws its own text %q (at the right of the box)", c.Text)
	}
	var label *tapLabel
	for _, o := range test.LaidOutObjects(obj) {
		if l, ok := o.(*tapLabel); ok {
			label = l
		}
	}
	if label == nil || label.Text != TV("Follow redirects to other hosts") {
		t.Fatalf("no label beside the box: %+v", label)
	}
	if bx, lx := xOf(c), xOf(label); bx <= lx {
		t.Errorf("box at x=%v is not right of its text at %v", bx, lx)
	}
	if label.Alignment != fyne.TextAlignTrailing {
		t.Error("the text is not right-aligned")
	}
	test.Tap(label)
	if !c.Checked || w.Canvas().Focused() != c {
		t.Errorf("a tap on the text: checked %v, focus %v; want checked and the box focused", c.Checked, w.Canvas().Focused())
	}
	test.Type(c, " ")
	if c.Checked || len(got) != 2 || got[0] != true || got[1] != false {
		t.Errorf("Space on the box: checked %v, changes %v", c.Checked, got)
	}

	SetLanguage(LangEnglish)
	en, enObj := newCheck("Follow", nil)
	if enObj != fyne.CanvasObject(en) || en.Text != "Follow" {
		t.Errorf("English: %T with text %q, want Fyne's check with its text", enObj, en.Text)
	}
}

// TestMirroredRadio: in Arabic the first option is at the right, each
// button at the right of its text; a tap on a text chooses that option
// (and only it) and tells OnChanged, SetSelected does not; in English it
// is Fyne's radio group.
func TestMirroredRadio(t *testing.T) {
	test.NewTempApp(t)
	inLanguage(t, LangArabic)
	opts := []string{"أول", "ثان", "ثالث"}
	r := newRadioChoice(opts, true)
	var changed []string
	r.OnChanged = func(s string) { changed = append(changed, s) }
	r.SetSelected(opts[0])
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(600, 80))
	if len(changed) != 0 {
		t.Errorf("SetSelected told OnChanged %v", changed)
	}
	for i := range opts {
		if bx, lx := xOf(r.buttons[i]), xOf(r.labels[i]); bx <= lx {
			t.Errorf("option %d: button at x=%v is not right of its text at %v", i, bx, lx)
		}
		if i > 0 && xOf(r.labels[i]) >= xOf(r.buttons[i-1]) {
			t.Errorf("option %d is not left of option %d", i, i-1)
		}
	}
	if r.buttons[0].Selected != radioMark || r.Selected() != opts[0] {
		t.Errorf("chosen %q, first button %q", r.Selected(), r.buttons[0].Selected)
	}
	test.Tap(r.labels[2])
	if r.Selected() != opts[2] || r.buttons[2].Selected != radioMark || r.buttons[0].Selected != "" {
		t.Errorf("after a tap on the third text: chosen %q, buttons %q %q %q", r.Selected(), r.buttons[0].Selected, r.buttons[1].Selected, r.buttons[2].Selected)
	}
	if len(changed) != 1 || changed[0] != opts[2] {
		t.Errorf("OnChanged got %v", changed)
	}
	test.Tap(r.labels[2]) // the chosen one again: stays chosen
	if r.Selected() != opts[2] || len(changed) != 1 {
		t.Errorf("a second tap: chosen %q, changes %v", r.Selected(), changed)
	}

	vertical := newRadioChoice(opts, false)
	w.SetContent(vertical)
	w.Resize(fyne.NewSize(600, 300))
	if fyne.CurrentApp().Driver().AbsolutePositionForObject(vertical.labels[1]).Y <= fyne.CurrentApp().Driver().AbsolutePositionForObject(vertical.labels[0]).Y {
		t.Error("a vertical group does not put the second option under the first")
	}
	if bx := xOf(vertical.buttons[0]) + vertical.buttons[0].Size().Width; bx < 600-50 {
		t.Errorf("a vertical group's buttons end at x=%v, not at the right edge", bx)
	}

	SetLanguage(LangEnglish)
	en := newRadioChoice(opts, true)
	if en.group == nil || len(en.group.Options) != 3 || !en.group.Horizontal {
		t.Errorf("English: %+v, want Fyne's horizontal radio group", en.group)
	}
	en.SetSelected(opts[1])
	if en.group.Selected != opts[1] || en.Selected() != opts[1] {
		t.Errorf("English SetSelected: %q", en.group.Selected)
	}
}

// formDialogOn shows a form dialog with one required field on a new
// window and returns it, the field and what its callback was told.
func formDialogOn(t *testing.T) (submitDialog, *widget.Entry, fyne.Window, *[]bool) {
	t.Helper()
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(900, 600))
	e := widget.NewEntry()
	e.Validator = func(s string) error {
		if s == "" {
			return errors.New("empty")
		}
		return nil
	}
	var got []bool
	d := newFormDialog(TV("Who is annotating?"), TV("Start"), TV("Later"),
		[]*widget.FormItem{widget.NewFormItem(TV("Your name"), e)}, func(ok bool) { got = append(got, ok) }, w)
	d.Resize(fyne.NewSize(500, 200))
	d.Show()
	mirrorDialog(w.Canvas())
	return d, e, w, &got
}

// TestMirroredFormDialog: in Arabic the confirming button is at the left
// of Cancel and the title at the right; the button is disabled while the
// field is invalid, Submit (Enter) confirms once it is valid, Cancel
// tells the callback false. In English Fyne's order stays: Cancel, then
// the confirming button.
func TestMirroredFormDialog(t *testing.T) {
	test.NewTempApp(t)
	inLanguage(t, LangArabic)
	d, e, w, got := formDialogOn(t)
	top := w.Canvas().Overlays().Top()
	bs := buttonsIn(top)
	ok, cancel := bs[TV("Start")], bs[TV("Later")]
	if ok == nil || cancel == nil {
		t.Fatalf("buttons %v", bs)
	}
	if xOf(ok) >= xOf(cancel) {
		t.Errorf("Arabic: the confirming button at x=%v is not left of Cancel at %v", xOf(ok), xOf(cancel))
	}
	if ok.IconPlacement != widget.ButtonIconTrailingText {
		t.Error("the button's icon is not after its text")
	}
	box := top.(*widget.PopUp).Content.(*fyne.Container)
	title := box.Objects[4].(*widget.Label)
	if title.Alignment != fyne.TextAlignTrailing || title.Size().Width < box.Size().Width/2 {
		t.Errorf("title alignment %v, width %v of %v: not at the right", title.Alignment, title.Size().Width, box.Size().Width)
	}
	if !ok.Disabled() {
		t.Error("the confirming button is enabled with the required field empty")
	}
	d.Submit()
	if len(*got) != 0 || w.Canvas().Overlays().Top() == nil {
		t.Fatalf("Submit with an invalid field closed the dialog: %v", *got)
	}
	test.Type(e, "hala")
	if ok.Disabled() {
		t.Fatal("the confirming button stays disabled with a valid field")
	}
	d.Submit()
	if len(*got) != 1 || !(*got)[0] {
		t.Errorf("Submit: callback told %v, want [true]", *got)
	}

	_, _, w2, got2 := formDialogOn(t)
	test.Tap(buttonsIn(w2.Canvas().Overlays().Top())[TV("Later")])
	if len(*got2) != 1 || (*got2)[0] {
		t.Errorf("Cancel: callback told %v, want [false]", *got2)
	}

	SetLanguage(LangEnglish)
	_, _, w3, _ := formDialogOn(t)
	bs = buttonsIn(w3.Canvas().Overlays().Top())
	if ok, cancel := bs["Start"], bs["Later"]; ok == nil || cancel == nil || xOf(ok) <= xOf(cancel) {
		t.Errorf("English: want Later left of Start, got %v", bs)
	}
}

// TestArabicRowsMirror checks the rows of the Arabic window: the menu bar
// from the right edge with File first, the library's status choice at the
// right of its sort order, the find bar's field at the right of its
// buttons; and the English window the other way round.
func TestArabicRowsMirror(t *testing.T) {
	ws, w := arabicWorkspace(t, DigitsWestern)
	bs := buttonsIn(w.Content())
	file, help := bs[TV("File")], bs[TV("Help")]
	if file == nil || help == nil {
		t.Fatalf("no menu bar in the Arabic window: %v", bs)
	}
	if xOf(file) <= xOf(help) || xOf(file)+file.Size().Width < w.Canvas().Size().Width-40 {
		t.Errorf("Arabic menu bar: File at x=%v, Help at %v, window %v wide", xOf(file), xOf(help), w.Canvas().Size().Width)
	}
	if w.MainMenu() != nil {
		t.Error("the Arabic window also has Fyne's left-to-right menu bar")
	}
	if xOf(ws.library.StatusSel) <= xOf(ws.library.SortSel) {
		t.Error("Arabic library: the status choice is not right of the sort order")
	}
	if ws.library.StatusSel.Alignment != fyne.TextAlignTrailing {
		t.Error("Arabic selects are not right-aligned")
	}
	ws.openFind()
	close := buttonsIn(ws.find.container)
	if xOf(ws.find.Entry) <= xOf(close[TV("Label all (Ctrl+Shift+L)")]) {
		t.Error("Arabic find bar: the field is not right of its buttons")
	}

	SetLanguage(LangEnglish)
	en, ew := newTestWorkspace(t, newFakeStore())
	if ew.MainMenu() == nil || ew.MainMenu().Items[0].Label != "File" {
		t.Error("English: no Fyne menu bar starting with File")
	}
	if xOf(en.library.StatusSel) >= xOf(en.library.SortSel) {
		t.Error("English library: the status choice is not left of the sort order")
	}
	en.openFind()
	if xOf(en.find.Entry) >= xOf(buttonsIn(en.find.container)["Label all (Ctrl+Shift+L)"]) {
		t.Error("English find bar: the field is not left of its buttons")
	}
}

// TestReadingFormLayout: the keyboard help's two columns, keys then
// descriptions, put the keys at the right in Arabic and at the left in
// English.
func TestReadingFormLayout(t *testing.T) {
	test.NewTempApp(t)
	for _, lang := range []string{LangArabic, LangEnglish} {
		inLanguage(t, lang)
		key, desc := widget.NewLabel("Ctrl+Z"), widget.NewLabel("undo the last change")
		w := test.NewTempWindow(t, container.New(newReadingFormLayout(), key, desc))
		w.Resize(fyne.NewSize(600, 100))
		if right := xOf(key) > xOf(desc); right != (lang == LangArabic) {
			t.Errorf("%s: key at x=%v, description at %v", lang, xOf(key), xOf(desc))
		}
	}
}

// TestArabicRelationRow: in the Arabic inspector a relation's other end is
// named by its label's Arabic name, as the palette names it; in English by
// the code.
func TestArabicRelationRow(t *testing.T) {
	ws, _ := arabicWorkspace(t, DigitsWestern)
	id := ws.sess.Document().Article.ID
	st := ws.sess.Store()
	var spans []annotations.Span
	for _, name := range []string{"جوليان أسانج", "ويكيليكس"} {
		r := rangeOf(t, sample, name, 0)
		sp, err := st.AddSpan(t.Context(), annotations.Span{ArticleID: id, Kind: annotations.KindEntity, Label: "PERS", Start: r.Start, End: r.End})
		if err != nil {
			t.Fatal(err)
		}
		spans = append(spans, sp)
	}
	if _, err := st.AddRelation(t.Context(), annotations.Relation{ArticleID: id, Type: "same_as", From: spans[0].ID, To: spans[1].ID}); err != nil {
		t.Fatal(err)
	}
	ws.sess.Reload()
	ws.sess.SelectSpan(spans[0].ID, false)
	row := func() string {
		rels := ws.inspectorState().rels
		if len(rels) != 1 {
			t.Fatalf("relation rows %+v, want one", rels)
		}
		return rels[0].text
	}
	if got := row(); !strings.Contains(got, "شخص") || strings.Contains(got, "PERS") {
		t.Errorf("Arabic relation row %q, want the other end named شخص", got)
	}
	SetLanguage(LangEnglish)
	if got := row(); !strings.Contains(got, "PERS") {
		t.Errorf("English relation row %q, want PERS", got)
	}
}
