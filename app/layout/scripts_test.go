package layout

import (
	"testing"
)

// TestRightToLeftScriptsHaveGlyphs lays out a line of every right-to-left
// script Hamesh's users write (Hebrew, Persian, Urdu, Syriac, Thaana, N'Ko,
// Adlam, beside Arabic) with an engine that has only the bundled faces (no
// fallback on the system's fonts, NewEngineWithFontDirs with no
// directory: what a machine with /usr/share/fonts absent has) and finds no
// .notdef glyph (glyph 0, the empty box). Before the script faces were
// bundled, Hebrew was all boxes.
func TestRightToLeftScriptsHaveGlyphs(t *testing.T) {
	lines := map[string]string{
		"Hebrew":  "שלום עולם, זהו מבחן 2024",
		"Persian": "این یک آزمایش است ۱۴۰۳ گچپژ",
		"Urdu":    "یہ ایک امتحان ہے ٹھیک ڈاک",
		"Syriac":  "ܫܠܡܐ ܥܠܡܐ",
		"Thaana":  "ދިވެހިރާއްޖެ",
		"NKo":     "ߒߞߏ ߞߊ߲",
		"Adlam":   "𞤀𞤣𞤤𞤢𞤥",
		"Arabic":  "قال ترامب 2017 وفق BBC",
	}
	e, err := NewEngineWithFontDirs()
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range lines {
		d, err := e.NewDocument(text, RTL)
		if err != nil {
			t.Fatal(err)
		}
		l, err := d.Layout(Options{Width: 600})
		if err != nil {
			t.Fatal(err)
		}
		glyphs, notdef := 0, 0
		faces := map[FaceID]bool{}
		for _, ln := range l.Lines() {
			for _, r := range ln.Runs {
				for _, f := range r.frags {
					for ci := f.c0; ci < f.c1; ci++ {
						c := f.sh.clusters[ci]
						for gi := c.g0; gi < c.g1; gi++ {
							glyphs++
							if f.sh.glyphs[gi].GlyphID == 0 {
								notdef++
							}
						}
					}
					faces[f.sh.face] = true
				}
			}
		}
		if glyphs == 0 || notdef > 0 {
			t.Errorf("%s %q: %d of %d glyphs are .notdef (faces %v)", name, text, notdef, glyphs, faces)
		}
	}
}
