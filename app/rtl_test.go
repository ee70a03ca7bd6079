package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// arabicWorkspace opens the sample article in a workspace whose
// preferences choose the Arabic interface; English comes back after the
// test.
func arabicWorkspace(t *testing.T, digits string) (*Workspace, fyne.Window) {
	t.Helper()
	st := newFakeStore()
	id := st.addArticle("ويكيليكس وترامب", sample, annotations.StatusTodo)
	a := test.NewTempApp(t)
	a.Preferences().SetString(PrefLanguage, LangArabic)
	a.Preferences().SetString(PrefDigits, digits)
	t.Cleanup(func() { SetLanguage(LangEnglish); SetDigits(DigitsWestern) })
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1300, 820))
	ws, err := NewWorkspace(a, w, st, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.sess.Open(id); err != nil {
		t.Fatal(err)
	}
	return ws, w
}

// TestArabicWorkspaceMirrors checks the Arabic interface's layout: the
// library at the right, the inspector at the left, the palette's first
// label at the right, labels named in Arabic, counts in the chosen digits;
// and the English one's the other way round.
func TestArabicWorkspaceMirrors(t *testing.T) {
	ws, w := arabicWorkspace(t, DigitsArabicIndic)
	d := fyne.CurrentApp().Driver()
	lib := d.AbsolutePositionForObject(ws.library.container)
	insp := d.AbsolutePositionForObject(ws.inspector.container)
	view := d.AbsolutePositionForObject(ws.view)
	if !(insp.X < view.X && view.X < lib.X) {
		t.Errorf("Arabic: inspector at x=%v, article at %v, library at %v; want inspector, article, library from the left", insp.X, view.X, lib.X)
	}
	pers, org := ws.palette.Button("PERS"), ws.palette.Button("ORG")
	if pers == nil || org == nil {
		t.Fatal("no PERS or ORG button")
	}
	if px, ox := d.AbsolutePositionForObject(pers).X, d.AbsolutePositionForObject(org).X; px <= ox {
		t.Errorf("Arabic palette: PERS at x=%v is not right of ORG at %v", px, ox)
	}
	if !strings.Contains(pers.Text, "شخص") {
		t.Errorf("PERS button reads %q, want its Arabic name", pers.Text)
	}
	if got := ws.library.count.Text; !strings.Contains(got, "١") || strings.ContainsAny(got, "0123456789") {
		t.Errorf("library count %q is not in Arabic-Indic digits", got)
	}
	if ws.sess.Document().Article.Text != sample {
		t.Error("the article text changed")
	}
	if got := w.Title(); !strings.HasPrefix(got, "هامش") {
		t.Errorf("window title %q", got)
	}

	// Shortcuts stay the same keys.
	userSelect(ws, rangeOf(t, sample, "جوليان أسانج", 0))
	ws.handleRune('1')
	if spans := ws.sess.Document().Spans; len(spans) != 1 || spans[0].Label != "PERS" {
		t.Fatalf("key 1 in the Arabic interface made %+v, want one PERS span", spans)
	}
	if got := ws.StatusText(); !strings.Contains(got, "شخص") {
		t.Errorf("status %q does not name the label in Arabic", got)
	}

	SetLanguage(LangEnglish)
	SetDigits(DigitsWestern)
	en, _ := newTestWorkspace(t, newFakeStore())
	d = fyne.CurrentApp().Driver()
	lib = d.AbsolutePositionForObject(en.library.container)
	insp = d.AbsolutePositionForObject(en.inspector.container)
	if lib.X >= insp.X {
		t.Errorf("English: library at x=%v, inspector at %v; want the library at the left", lib.X, insp.X)
	}
}

// TestArabicFormsMirror checks that a form in the Arabic interface puts
// each label at the right of its field, right-aligned, and keeps the
// field's validation.
func TestArabicFormsMirror(t *testing.T) {
	SetLanguage(LangArabic)
	defer SetLanguage(LangEnglish)
	e := widget.NewEntry()
	e.Validator = func(s string) error {
		if s == "" {
			return annotations.Errorf(annotations.EINVALID, "empty")
		}
		return nil
	}
	items := mirrorItems([]*widget.FormItem{widget.NewFormItem(TV("Your name"), e), widget.NewFormItem("", widget.NewCheck("x", nil))})
	if items[0].Text != "" {
		t.Errorf("the form keeps its own label column: %q", items[0].Text)
	}
	f := widget.NewForm(items...)
	w := test.NewTempWindow(t, f)
	w.Resize(fyne.NewSize(500, 200))
	row := items[0].Widget.(*rtlRow)
	if row.Validate() == nil {
		t.Error("the mirrored row lost the entry's validation")
	}
	label := row.c.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
	d := fyne.CurrentApp().Driver()
	if lx, ex := d.AbsolutePositionForObject(label).X, d.AbsolutePositionForObject(e).X; lx <= ex {
		t.Errorf("label at x=%v is not right of its field at %v", lx, ex)
	}
	if label.Alignment != fyne.TextAlignTrailing {
		t.Error("the label is not right-aligned")
	}
}

// TestInterfacePrefs checks that the preferences refuse an unknown
// language or digit style and change nothing, and that digits apply at
// once.
func TestInterfacePrefs(t *testing.T) {
	ws, _ := newTestWorkspace(t, newFakeStore())
	defer SetDigits(DigitsWestern)
	p := ws.app.Preferences()
	if _, err := ws.setInterfacePrefs("fr", DigitsWestern); annotations.ErrorCode(err) != annotations.EINVALID || p.String(PrefLanguage) != "" {
		t.Errorf("language fr: %v, preference %q", err, p.String(PrefLanguage))
	}
	if _, err := ws.setInterfacePrefs("", "roman"); annotations.ErrorCode(err) != annotations.EINVALID || p.String(PrefDigits) != "" {
		t.Errorf("digits roman: %v, preference %q", err, p.String(PrefDigits))
	}
	changed, err := ws.setInterfacePrefs(LangArabic, DigitsArabicIndic)
	if err != nil || !changed || p.String(PrefLanguage) != LangArabic {
		t.Fatalf("setInterfacePrefs(ar): changed %v, %v", changed, err)
	}
	if Num(12) != "١٢" {
		t.Errorf("digits did not apply at once: %q", Num(12))
	}
	if RTL() {
		t.Error("the language changed before a restart")
	}
}

// TestArabicClaimAttributes checks that the Arabic inspector names a
// claim's attribute values in Arabic and stores their codes.
func TestArabicClaimAttributes(t *testing.T) {
	ws, _ := arabicWorkspace(t, DigitsWestern)
	userSelect(ws, rangeOf(t, sample, "موقع وويكيليكس نشر الرسائل", 0))
	ws.handleRune('c')
	spans := ws.sess.Document().Spans
	if len(spans) != 1 || spans[0].Kind != annotations.KindClaim {
		t.Fatalf("spans %+v, want one claim", spans)
	}
	ws.sess.SelectSpan(spans[0].ID, false)
	sel := ws.inspector.Attr[annotations.AttrVerdict]
	if !strings.Contains(strings.Join(sel.Options, " "), "جزئياً") {
		t.Fatalf("verdict options %q are not in Arabic", sel.Options)
	}
	sel.SetSelectedIndex(3) // partly_false
	if got := ws.sess.Document().Spans[0].Attributes[annotations.AttrVerdict]; got != "partly_false" {
		t.Errorf("stored verdict %q, want the code partly_false", got)
	}
}

// TestArabicBadges: in the Arabic interface a span's badge in the article
// view names its label as the palette does (شخص for PERS), a pending
// suggestion's too; in English it is the code. The span keeps its code.
func TestArabicBadges(t *testing.T) {
	ws, _ := arabicWorkspace(t, DigitsWestern)
	id := ws.sess.Document().Article.ID
	r := rangeOf(t, sample, "جوليان أسانج", 0)
	if _, err := ws.sess.Store().AddSpan(t.Context(), annotations.Span{ArticleID: id, Kind: annotations.KindEntity, Label: "PERS", Start: r.Start, End: r.End}); err != nil {
		t.Fatal(err)
	}
	ws.sess.Reload()
	badge := func() string {
		for _, h := range ws.highlights() {
			if h.Start == r.Start && h.End == r.End {
				return h.Label
			}
		}
		return ""
	}
	if got := badge(); got != "شخص" {
		t.Errorf("Arabic interface: the PERS span's badge says %q, want شخص", got)
	}
	if got := ws.sess.Document().Spans[0].Label; got != "PERS" {
		t.Errorf("the span's label became %q", got)
	}
	SetLanguage(LangEnglish)
	if got := badge(); got != "PERS" {
		t.Errorf("English interface: the badge says %q, want PERS", got)
	}
}
