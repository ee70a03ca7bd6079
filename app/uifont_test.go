package app

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/font"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestUIFontCoversWhatTheGUIShows checks that the theme's own faces hold
// every character the GUI shows outside the article view — Arabic titles,
// Latin, digits, the library's status marks — so nothing depends on fonts
// installed on the machine (Fyne would otherwise fall back to system fonts).
func TestUIFontCoversWhatTheGUIShows(t *testing.T) {
	th := &variantTheme{variant: "dark"}
	texts := []string{
		"دونالد ترامب الابن تواصل مع \"ويكيليكس\" خلال حملة الانتخابات الرئاسية، لـ «تويتر» ٢٠١٦ ؟",
		"ادّعى مؤسس موقع ويكيليكس، جوليان أسانج", // shadda
		"Fact-checkers in Amman (12%) — 3,000 articles…",
		statusName(annotations.StatusTodo) + statusName(annotations.StatusInProgress) + statusName(annotations.StatusDone),
	}
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}} {
		res := th.Font(style)
		face, err := font.ParseTTF(bytes.NewReader(res.Content()))
		if err != nil {
			t.Fatalf("%+v: %s: %v", style, res.Name(), err)
		}
		for _, s := range texts {
			for _, r := range s {
				if r == ' ' || annotations.IsInvisibleControl(r) {
					continue
				}
				if _, ok := face.NominalGlyph(r); !ok {
					t.Errorf("%+v: %s has no glyph for %q (U+%04X)", style, res.Name(), r, r)
				}
			}
		}
	}
}
