package layout

import (
	"image"
	"image/color"
	"testing"
)

// TestEmojiFontParsedOnFirstUse checks that the emoji face, the largest
// bundled font, is parsed only when a text needs it, and that it then
// shapes and draws emoji as before: the Arabic seed article leaves it
// unparsed, a paragraph with 😀 parses it and gets the emoji font's own
// glyph and coloured pixels.
func TestEmojiFontParsedOnFirstUse(t *testing.T) {
	fs, err := readFonts()
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{fs: fs}
	layoutWith := func(text string) *Layout {
		t.Helper()
		doc, err := e.NewDocument(text, RTL)
		if err != nil {
			t.Fatal(err)
		}
		l, err := doc.Layout(Options{Width: 640})
		if err != nil {
			t.Fatal(err)
		}
		l.Lines()
		return l
	}
	layoutWith(seedText(t))
	if fs.emoji.parsed() {
		t.Fatal("laying out the Arabic seed article parsed the emoji font")
	}
	if !fs.has(FaceEmoji, '😀') || fs.has(FaceEmoji, 'ع') {
		t.Errorf("emoji coverage before parsing: has 😀 %v, has ع %v; want true, false", fs.has(FaceEmoji, '😀'), fs.has(FaceEmoji, 'ع'))
	}
	l := layoutWith("نعم 😀")
	if !fs.emoji.parsed() {
		t.Fatal("laying out 😀 did not parse the emoji font")
	}
	want, ok := fs.font(FaceEmoji).NominalGlyph('😀')
	if !ok || want == 0 {
		t.Fatalf("the parsed emoji font has no glyph for 😀 (%d, %v)", want, ok)
	}
	found := false
	for _, ln := range l.Lines() {
		for _, r := range ln.Runs {
			for _, fr := range r.frags {
				if fr.sh.face == FaceEmoji {
					for _, g := range fr.sh.glyphs {
						found = found || g.GlyphID == want
					}
				}
			}
		}
	}
	if !found {
		t.Errorf("no run of %q shaped with the emoji font's glyph %d", "نعم 😀", want)
	}
	ln := &l.Lines()[0]
	img := image.NewRGBA(image.Rect(0, 0, 640, int(ln.Height)+1))
	DrawLine(img, l, ln, 0, 0, 1, color.Black)
	coloured := 0
	for i := 0; i < len(img.Pix); i += 4 {
		r, g, b, a := img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3]
		if a > 0 && (r != g || g != b) {
			coloured++
		}
	}
	if coloured == 0 {
		t.Error("the emoji drew no coloured pixel")
	}
}
