package app

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
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

// syriacSamples returns Syriac text that exercises what a label's shaping
// needs from the face: the sample words with Eastern and Western vowel
// points and other marks, Alaph's final forms after a joining letter, after
// Dalath or Rish and after a non-joining letter (fin2, fin3), Lamadh–Alaph
// (rlig), the abbreviation mark (stch), and then every letter of the Syriac
// blocks alone, initial, medial and final, every pair of letters, and
// every mark on a joining letter and on a final one: those of them the face
// at hand maps.
func syriacSamples(face *font.Face) []string {
	out := []string{
		"ܫܠܡܐ ܥܠܡܐ ܟܬܒܐ",
		"ܫܠܵܡܵܐ ܥܵܠܡܵܐ",    // Eastern vowels (zqapha)
		"ܫܠܳܡܳܐ ܥܳܠܡܳܐ",    // Western vowels (zqapha)
		"ܟܬ݂ܳܒ݂ܳܐ ܕܡܰܪܝܳܐ", // rukkakha, pthaha
		"ܡܶܠܬ݂ܳܐ ܐܺܝܬ݂ܰܘܗ݈ܝ ܗ̤ܘܳܐ",
		"ܐܠܗܐ ܕܐ ܪܐ ܘܐ ܒܐ ܠܐ ܐ",
		"܏ܡܪܝ ܏ܩܕܫ",
		"ܣܘܪܝܝܐ ܒܝܬ ܢܗܪܝܢ ܀ ܁",
	}
	var letters, marks []rune
	for r := rune(0x0700); r <= 0x086f; r++ {
		if r == 0x0750 {
			r = 0x0860 // the Syriac Supplement
		}
		if _, ok := face.NominalGlyph(r); !ok {
			continue
		}
		if r >= 0x0730 && r <= 0x074a {
			marks = append(marks, r)
		} else {
			letters = append(letters, r)
		}
	}
	if len(letters) < 40 || len(marks) < 20 {
		panic(fmt.Sprintf("the Syriac face maps only %d letters and %d marks", len(letters), len(marks)))
	}
	const beth = 'ܒ'
	for _, l := range letters {
		out = append(out, string(l), string([]rune{l, beth}), string([]rune{beth, l, beth}), string([]rune{beth, l}),
			string([]rune{'ܕ', l}), string([]rune{'ܪ', l}), string([]rune{'ܘ', l}))
	}
	for _, a := range letters { // every pair, for the contextual kerning
		for _, b := range letters {
			out = append(out, string([]rune{a, b}))
		}
	}
	for _, m := range marks {
		for _, l := range []rune{'ܐ', beth, 'ܠ', 'ܢ', 'ܬ', 'ܝ'} {
			out = append(out, string([]rune{beth, l, m, beth}), string([]rune{beth, l, m}), string([]rune{l, m, 0x0307}))
		}
	}
	return out
}

// TestUIFontShapesSyriacAsNotoSansSyriac shapes the Syriac samples with
// each style of the UI face and with the bundled, unmodified Noto Sans
// Syriac, and checks that both give the same glyphs (same outlines: glyph
// ids differ between the faces), advances, offsets and clusters. The UI
// faces keep only the part of the Syriac face's layout a label applies
// (scripts/make-ui-fonts.py: the default language system, the features
// HarfBuzz turns on, the kerning's single adjustments folded into one
// subtable per lookup), so this is what says that the cut lost nothing.
func TestUIFontShapesSyriacAsNotoSansSyriac(t *testing.T) {
	var own *font.Face
	for _, sf := range assets.ScriptFonts() {
		if sf.Script == "Syrc" {
			f, err := font.ParseTTF(bytes.NewReader(sf.Data))
			if err != nil {
				t.Fatal(err)
			}
			own = f
		}
	}
	if own == nil {
		t.Fatal("no bundled Syriac face")
	}
	th := &variantTheme{variant: "light"}
	var shUI, shOwn shaping.HarfbuzzShaper
	shape := func(sh *shaping.HarfbuzzShaper, face *font.Face, rs []rune) shaping.Output {
		return sh.Shape(shaping.Input{Text: rs, RunEnd: len(rs), Direction: di.DirectionRTL, Face: face, Size: fixed.I(16), Script: language.Syriac})
	}
	samples := syriacSamples(own)
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}} {
		res := th.Font(style)
		ui, err := font.ParseTTF(bytes.NewReader(res.Content()))
		if err != nil {
			t.Fatalf("%+v: %s: %v", style, res.Name(), err)
		}
		bad := 0
		for _, s := range samples {
			rs := []rune(s)
			got, want := shape(&shUI, ui, rs), shape(&shOwn, own, rs)
			if msg := sameShaping(ui, own, rs, got, want); msg != "" {
				t.Errorf("%s %q: %s", res.Name(), s, msg)
				if bad++; bad > 10 {
					t.Fatalf("%s: too many differences", res.Name())
				}
			}
		}
	}
}

// sameShaping says how got (shaped with face a) differs from want (face
// b), or "" when both have the same glyph outlines, advances, offsets and
// clusters, spaces aside (the UI face has Noto Sans's space).
func sameShaping(a, b *font.Face, rs []rune, got, want shaping.Output) string {
	if len(got.Glyphs) != len(want.Glyphs) {
		return fmt.Sprintf("%d glyphs, want %d", len(got.Glyphs), len(want.Glyphs))
	}
	for i, g := range got.Glyphs {
		w := want.Glyphs[i]
		if g.GlyphID == 0 || w.GlyphID == 0 {
			return fmt.Sprintf("glyph %d: .notdef (ids %d, %d)", i, g.GlyphID, w.GlyphID)
		}
		if g.ClusterIndex != w.ClusterIndex {
			return fmt.Sprintf("glyph %d: cluster %d, want %d", i, g.ClusterIndex, w.ClusterIndex)
		}
		if rs[g.ClusterIndex] == ' ' {
			continue
		}
		if g.XAdvance != w.XAdvance || g.XOffset != w.XOffset || g.YOffset != w.YOffset {
			return fmt.Sprintf("glyph %d: advance %v offset (%v,%v), want %v (%v,%v)", i, g.XAdvance, g.XOffset, g.YOffset, w.XAdvance, w.XOffset, w.YOffset)
		}
		if !reflect.DeepEqual(a.GlyphData(g.GlyphID), b.GlyphData(w.GlyphID)) {
			return fmt.Sprintf("glyph %d: outline of glyph %d differs from glyph %d", i, g.GlyphID, w.GlyphID)
		}
	}
	return ""
}

// BenchmarkUIFontLabelShaper is what Fyne pays for each label text it has
// not measured before: painter.walkString makes a new HarfBuzz shaper per
// string, so every new text builds the face's lookup accelerators again
// (harfbuzz.NewFont, a cost per GSUB/GPOS subtable) before shaping it. The
// faces are parsed once, as Fyne caches them. Fyne's own Noto Sans is the
// floor to compare with.
//
//	go test ./app -run '^$' -bench UIFontLabelShaper -benchtime 2000x -count 3
func BenchmarkUIFontLabelShaper(b *testing.B) {
	th := &variantTheme{variant: "light"}
	faces := []struct {
		name string
		res  fyne.Resource
	}{
		{"HameshUI-Regular", th.Font(fyne.TextStyle{})},
		{"HameshUI-Bold", th.Font(fyne.TextStyle{Bold: true})},
		{"FyneNotoSans", theme.DefaultTextFont()},
	}
	labels := []struct {
		name string
		text string
		dir  di.Direction
		sc   language.Script
	}{
		{"Latin", "Import articles…", di.DirectionLTR, language.Latin},
		{"Arabic", "استيراد المقالات", di.DirectionRTL, language.Arabic},
	}
	for _, f := range faces {
		face, err := font.ParseTTF(bytes.NewReader(f.res.Content()))
		if err != nil {
			b.Fatalf("%s: %v", f.name, err)
		}
		for _, l := range labels {
			rs := []rune(l.text)
			in := shaping.Input{Text: rs, RunEnd: len(rs), Direction: l.dir, Face: face, Size: fixed.I(14), Script: l.sc}
			b.Run(f.name+"/"+l.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					var sh shaping.HarfbuzzShaper
					if out := sh.Shape(in); len(out.Glyphs) == 0 {
						b.Fatal("no glyphs")
					}
				}
			})
		}
	}
}
