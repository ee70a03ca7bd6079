package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// walk calls f for o and every object inside it.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, f)
		}
	}
}

// TestAgreementView: Ctrl+Shift+A measures agreement in the background and
// shows the figures `hamesh agreement` gives (annotators, pair, per label,
// articles worst first); clicking an article opens it in curation.
func TestAgreementView(t *testing.T) {
	st := newFakeStore()
	good := st.addArticle("متفق", sample, annotations.StatusTodo)
	bad := st.addArticle("مختلف عليه", sample, annotations.StatusTodo)
	add := func(id, who, label, sub string) {
		t.Helper()
		r := rangeOf(t, sample, sub, 0)
		if _, err := st.AddSpan(t.Context(), annotations.Span{ArticleID: id, Kind: annotations.KindEntity, Label: label, Start: r.Start, End: r.End, Annotator: who}); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []string{"mona", "sara"} {
		add(good, who, "PERS", "جوليان أسانج")
		add(good, who, "GPE", "لندن")
	}
	add(bad, "mona", "PERS", "جوليان أسانج")
	add(bad, "sara", "ORG", "جوليان أسانج")
	ws, w := newTestWorkspace(t, st)
	if !ws.handleShortcut(ctrlShift(fyne.KeyA)) {
		t.Fatal("Ctrl+Shift+A is not bound")
	}
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no agreement dialog; status %q", ws.StatusText())
	}
	var texts []string
	var list *widget.List
	walk(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			texts = append(texts, x.Text)
		case *bidiLabel:
			texts = append(texts, x.text)
		case *widget.List:
			list = x
		}
	})
	all := strings.Join(texts, "\n")
	for _, want := range []string{"2 annotators (mona, sara) over 2 articles", "mona", "sara", "PERS",
		"exact 0.67, overlap 0.67 (A 2, B 1 spans)", "مختلف عليه"} {
		if !strings.Contains(all, want) {
			t.Errorf("the agreement dialog lacks %q:\n%s", want, all)
		}
	}
	if list == nil {
		t.Fatal("no article list")
	}
	list.Select(0) // worst first: the article they disagree on
	if d := ws.sess.Document(); d == nil || d.Article.ID != bad {
		t.Fatalf("clicking the worst article opened %v, want %s", d, bad)
	}
	if !ws.sess.Curating() {
		t.Error("the article did not open in curation")
	}
}

// TestUndefinedFigureReasonTranslated: an undefined figure's reason, which
// the agreement package gives in English (as `hamesh agreement` prints
// it), is shown in the interface's language.
func TestUndefinedFigureReasonTranslated(t *testing.T) {
	if got := figureOr(nil, "no spans on either side"); got != "— (no spans on either side)" {
		t.Errorf("English: %q", got)
	}
	withLanguage(t, LangArabic, DigitsWestern, func() {
		if got, want := figureOr(nil, "no spans on either side"), "— (لا مقاطع لدى أيّ من الطرفين)"; got != want {
			t.Errorf("Arabic: %q, want %q", got, want)
		}
	})
}
