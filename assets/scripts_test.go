package assets

import (
	"bytes"
	"testing"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// TestScriptFontsShapeWithoutNotdef shapes a line of each right-to-left
// script with its bundled face alone (no system font is ever consulted)
// and checks that every glyph is a real one, not .notdef (glyph 0, the
// empty box).
func TestScriptFontsShapeWithoutNotdef(t *testing.T) {
	lines := map[string]struct {
		text   string
		script language.Script
	}{
		"Hebr": {"שלום עולם זהו מבחן", language.Hebrew},
		"Syrc": {"ܫܠܡܐ ܥܠܡܐ ܟܬܒܐ", language.Syriac},
		"Thaa": {"ދިވެހި ބަސް", language.Thaana},
		"Nkoo": {"ߒߞߏ ߞߊ߲", language.Nko},
		"Adlm": {"𞤀𞤣𞤤𞤢𞤥 𞤆𞤵𞤤𞤢𞤪", language.Adlam},
	}
	fonts := ScriptFonts()
	if len(fonts) != len(lines) {
		t.Fatalf("%d script fonts, want %d", len(fonts), len(lines))
	}
	var sh shaping.HarfbuzzShaper
	for _, f := range fonts {
		face, err := font.ParseTTF(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatalf("%s: %v", f.Family, err)
		}
		l, ok := lines[f.Script]
		if !ok {
			t.Fatalf("%s: no sample line for script %s", f.Family, f.Script)
		}
		runes := []rune(l.text)
		out := sh.Shape(shaping.Input{Text: runes, RunEnd: len(runes), Direction: di.DirectionRTL,
			Face: face, Size: fixed.I(16), Script: l.script})
		if len(out.Glyphs) == 0 {
			t.Errorf("%s: no glyphs", f.Family)
		}
		for _, g := range out.Glyphs {
			if g.GlyphID == 0 {
				t.Errorf("%s: .notdef for %q in %q", f.Family, runes[g.ClusterIndex], l.text)
			}
		}
	}
	// The check can fail: Hebrew in the Thaana face is all .notdef.
	thaana, _ := font.ParseTTF(bytes.NewReader(fontThaana))
	heb := []rune(lines["Hebr"].text)
	out := sh.Shape(shaping.Input{Text: heb, RunEnd: len(heb), Direction: di.DirectionRTL, Face: thaana, Size: fixed.I(16), Script: language.Hebrew})
	if len(out.Glyphs) == 0 || out.Glyphs[0].GlyphID != 0 {
		t.Errorf("Hebrew in the Thaana face did not give .notdef: the check sees nothing")
	}
}
