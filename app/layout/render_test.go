package layout

import (
	"bytes"
	"image"
	"image/color"
	"path/filepath"
	"testing"

	"github.com/hamesh-app/hamesh/internal/golden"
)

// spanOf returns a Span over the first occurrence of sub in text (at or
// after code point from).
func spanOf(t testing.TB, text, sub string, from int, label, col string, claim bool) Span {
	t.Helper()
	r := []rune(text)
	s := []rune(sub)
	for i := from; i+len(s) <= len(r); i++ {
		if string(r[i:i+len(s)]) == sub {
			return Span{Start: i, End: i + len(s), Label: label, Color: col, Claim: claim}
		}
	}
	t.Fatalf("%q not found in the text", sub)
	return Span{}
}

const (
	colPERS  = "#e6194b"
	colORG   = "#4363d8"
	colGPE   = "#3cb44b"
	colCLAIM = "#f58231"
)

// goldenCases are the paragraphs drawn to testdata/*.png.
func goldenCases(t testing.TB) []struct {
	name  string
	text  string
	dir   Direction
	width float32
	spans []Span
} {
	claim := "ادّعى مؤسس موقع \"ويكيليكس\"، جوليان أسانج، أنه تواصل مع نجل الرئيس الأميركي دونالد ترامب، دونالد ترامب جونيور، وحاول إقناعه بنشر رسائل إلكترونية."
	mixed := "عام 2024 جديد\n(مثال) قال Donald Trump إن \"ويكيليكس\" نشرت 30 ألف رسالة في 14 نوفمبر 2017.\nHe said \"مرحبا بكم\" today, and «الكشف الثاني» (2017) followed. 😀"
	return []struct {
		name  string
		text  string
		dir   Direction
		width float32
		spans []Span
	}{
		{"claim-nested", claim, RTL, 420, []Span{
			{Start: 0, End: len([]rune(claim)) - 1, Label: "CLAIM", Color: colCLAIM, Claim: true},
			spanOf(t, claim, "مؤسس موقع \"ويكيليكس\"", 0, "OCC", "#911eb4", false),
			spanOf(t, claim, "ويكيليكس", 0, "ORG", colORG, false),
			spanOf(t, claim, "جوليان أسانج", 0, "PERS", colPERS, false),
			spanOf(t, claim, "دونالد ترامب جونيور", 0, "PERS", colPERS, false),
			spanOf(t, claim, "الأميركي", 0, "NORP", "#42d4f4", false),
		}},
		{"mixed", mixed, RTL, 460, []Span{
			spanOf(t, mixed, "2024", 0, "DATE", "#808000", false),
			spanOf(t, mixed, "Donald Trump", 0, "PERS", colPERS, false),
			spanOf(t, mixed, "ويكيليكس", 0, "ORG", colORG, false),
			spanOf(t, mixed, "14 نوفمبر 2017", 0, "DATE", "#808000", false),
			spanOf(t, mixed, "مرحبا بكم", 0, "QUOTE", "#911eb4", false),
			spanOf(t, mixed, "الكشف الثاني", 0, "EVENT", colGPE, false),
		}},
	}
}

// TestRenderGolden draws a few paragraphs with spans and compares them with
// testdata/<name>.png (rewrite with -update, then look at them).
func TestRenderGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			l := mustLayout(t, c.text, c.dir, Options{Width: c.width, BadgeBand: BadgeBand(16)})
			var buf bytes.Buffer
			if err := RenderPNG(&buf, l, c.spans, RenderOptions{}); err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, filepath.Join("testdata", c.name+".png"), buf.Bytes())
		})
	}
}

// TestRenderHighlightsUnderGlyphs checks the pixels: a filled span colours
// exactly the columns of its rectangles, and text is drawn in them.
func TestRenderHighlightsUnderGlyphs(t *testing.T) {
	text := "عام 2024 جديد"
	l := mustLayout(t, text, RTL, Options{Width: 300})
	sp := Span{Start: 4, End: 8, Label: "", Color: "#ff0000"}
	img, err := RenderImage(l, []Span{sp}, RenderOptions{Padding: -1})
	if err != nil {
		t.Fatal(err)
	}
	rs := l.Rects(4, 8)
	if len(rs) != 1 {
		t.Fatalf("rects %v", rs)
	}
	r := rs[0]
	y := int(r.Y + 2)
	isRed := func(c color.Color) bool {
		cr, cg, cb, _ := c.RGBA()
		return cr > 0xe000 && cg < 0xd000 && cg > 0x8000 && cb < 0xd000
	}
	for x := 0; x < 300; x++ {
		in := float32(x) >= r.X+1 && float32(x) < r.X+r.W-1
		out := float32(x) < r.X-1 || float32(x) > r.X+r.W+1
		red := isRed(img.At(x, y))
		if in && !red {
			t.Errorf("x=%d inside the highlight %v is %v", x, r, img.At(x, y))
		}
		if out && red {
			t.Errorf("x=%d outside the highlight %v is red", x, r)
		}
	}
	// Glyph ink: dark pixels on the baseline row of every run.
	ln := l.Lines()[0]
	for _, run := range ln.Runs {
		dark := 0
		for x := int(run.X); x < int(run.X+run.Width); x++ {
			for y := int(ln.Baseline) - 8; y < int(ln.Baseline); y++ {
				if cr, _, _, _ := img.At(x, y).RGBA(); cr < 0x6000 {
					dark++
				}
			}
		}
		if dark < 10 {
			t.Errorf("run %d-%d: no glyph drawn at x %v..%v", run.Start, run.End, run.X, run.X+run.Width)
		}
	}
	if _, err := RenderImage(l, []Span{{Start: 0, End: 2, Color: "red"}}, RenderOptions{}); !isInvalid(err) {
		t.Errorf("bad colour: error %v", err)
	}
}

// TestDrawLineRaster draws one line into its own small raster, as the
// article view does, and checks it matches the same line in a full render.
func TestDrawLineRaster(t *testing.T) {
	l := mustLayout(t, seedText(t), RTL, Options{Width: 500})
	full, err := RenderImage(l, nil, RenderOptions{Padding: -1})
	if err != nil {
		t.Fatal(err)
	}
	ln, _ := l.Line(5)
	row := image.NewRGBA(image.Rect(0, 0, 500, int(ln.Height)))
	for i := range row.Pix {
		row.Pix[i] = 0xff
	}
	DrawLine(row, l, &ln, 0, -ln.Y, 1, color.RGBA{0x11, 0x11, 0x11, 0xff})
	diff := 0
	for y := 0; y < int(ln.Height); y++ {
		for x := 0; x < 500; x++ {
			a, _, _, _ := row.At(x, y).RGBA()
			b, _, _, _ := full.At(x, y+int(ln.Y)).RGBA()
			if a>>8 != b>>8 && (a>>8 > b>>8+8 || b>>8 > a>>8+8) {
				diff++
			}
		}
	}
	// Pixels of descenders from the line above may differ; glyphs must not.
	if diff > 50 {
		t.Errorf("%d pixels differ between the line raster and the full render", diff)
	}
}
