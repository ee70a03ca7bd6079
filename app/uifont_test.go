package app

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/assets"
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
	texts = append(texts, guiStringLiterals(t)...)
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}} {
		res := th.Font(style)
		face, err := font.ParseTTF(bytes.NewReader(res.Content()))
		if err != nil {
			t.Fatalf("%+v: %s: %v", style, res.Name(), err)
		}
		for _, s := range texts {
			for _, r := range s {
				if r == ' ' || r < 0x20 || annotations.IsInvisibleControl(r) {
					continue
				}
				if _, ok := face.NominalGlyph(r); !ok {
					t.Errorf("%+v: %s has no glyph for %q (U+%04X)", style, res.Name(), r, r)
				}
			}
		}
	}
}

// guiStringLiterals returns every string literal with a character beyond
// ASCII in the package's non-test sources: the key help, the first-run pane,
// the agreement view's κ and α, arrows and dashes. A character added there
// that the bundled UI faces lack would show as a box on a machine with no
// fonts installed, which is how a fresh Debian showed "↑ ↓" before.
func guiStringLiterals(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		fs := token.NewFileSet()
		f, err := parser.ParseFile(fs, name, nil, 0)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, r := range s {
				if r > 0x7e {
					out = append(out, s)
					break
				}
			}
			return true
		})
	}
	if len(out) == 0 {
		t.Fatal("found no string literal beyond ASCII in the package; the scan is broken")
	}
	// The translations are shown with the same faces: every Arabic string.
	tr, err := filepath.Glob("translations/*.json")
	if err != nil || len(tr) == 0 {
		t.Fatalf("no translation files (%v)", err)
	}
	for _, name := range tr {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// TestUIFontShapesRightToLeftScripts shapes a line of each bundled
// right-to-left script with the theme's faces, as Fyne does for labels,
// list rows, dialogs and menus, and checks that no glyph is .notdef (the
// empty box Hebrew was before the script faces were merged into Hamesh
// UI) and that every glyph and advance is what the script's own bundled
// face gives: so the merge kept the joining and mark positioning of
// Syriac, N'Ko and Adlam, not only their glyphs. (Spaces differ: the merged
// face keeps Noto Sans's.)
func TestUIFontShapesRightToLeftScripts(t *testing.T) {
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
	th := &variantTheme{variant: "light"}
	ui, err := font.ParseTTF(bytes.NewReader(th.Font(fyne.TextStyle{}).Content()))
	if err != nil {
		t.Fatal(err)
	}
	var sh shaping.HarfbuzzShaper
	shape := func(face *font.Face, text string, script language.Script) shaping.Output {
		rs := []rune(text)
		return sh.Shape(shaping.Input{Text: rs, RunEnd: len(rs), Direction: di.DirectionRTL, Face: face, Size: fixed.I(16), Script: script})
	}
	for _, sf := range assets.ScriptFonts() {
		l, ok := lines[sf.Script]
		if !ok {
			t.Fatalf("no sample line for %s", sf.Script)
		}
		own, err := font.ParseTTF(bytes.NewReader(sf.Data))
		if err != nil {
			t.Fatal(err)
		}
		got, want := shape(ui, l.text, l.script), shape(own, l.text, l.script)
		if len(got.Glyphs) != len(want.Glyphs) {
			t.Errorf("%s %q: %d glyphs in Hamesh UI, %d in %s", sf.Script, l.text, len(got.Glyphs), len(want.Glyphs), sf.Family)
			continue
		}
		for i, g := range got.Glyphs {
			if g.GlyphID == 0 {
				t.Errorf("%s %q: .notdef for %q in Hamesh UI", sf.Script, l.text, []rune(l.text)[g.ClusterIndex])
			}
			w := want.Glyphs[i]
			if []rune(l.text)[g.ClusterIndex] == ' ' {
				continue // the merged face has Noto Sans's space, the first face's
			}
			if g.XAdvance != w.XAdvance || g.XOffset != w.XOffset || g.YOffset != w.YOffset || g.ClusterIndex != w.ClusterIndex {
				t.Errorf("%s %q glyph %d: Hamesh UI advance %v offset (%v,%v) cluster %d, %s %v (%v,%v) %d",
					sf.Script, l.text, i, g.XAdvance, g.XOffset, g.YOffset, g.ClusterIndex, sf.Family, w.XAdvance, w.XOffset, w.YOffset, w.ClusterIndex)
			}
		}
	}
}
