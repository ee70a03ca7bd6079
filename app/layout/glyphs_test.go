package layout

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"

	"github.com/go-text/render"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// drawLineDirect is how lines were drawn before the glyph cache: every
// glyph's outline rasterised by go-text/render, one pass per face over a
// line-sized buffer. TestGlyphCacheMatchesRender compares the two.
func drawLineDirect(w *worker, dst draw.Image, ln *Line, ox, oy, scale float32, col color.Color, size float32) {
	db := dst.Bounds()
	top := int(math.Floor(float64(oy + (ln.Baseline-size*1.4)*scale)))
	bottom := int(math.Ceil(float64(oy + (ln.Baseline+size*0.9)*scale)))
	area := image.Rect(db.Min.X, top, db.Max.X, bottom).Intersect(db)
	if area.Empty() {
		return
	}
	buf := image.NewRGBA(image.Rect(0, 0, area.Dx(), area.Dy()))
	r := render.Renderer{FontSize: size, PixScale: scale, Color: col}
	baseY := oy + ln.Baseline*scale - float32(area.Min.Y)
	x0 := ox - float32(area.Min.X)
	ix := float32(math.Floor(float64(x0)))
	frac := (x0 - ix) / scale
	var perFace [numFaces][]shaping.Glyph
	var cum [numFaces]float32
	for ri := range ln.Runs {
		for _, f := range ln.Runs[ri].frags {
			if f.zero || f.c0 >= f.c1 {
				continue
			}
			sh := f.sh
			base := sh.clusters[f.c0].x
			for ci := f.c0; ci < f.c1; ci++ {
				c := sh.clusters[ci]
				within := float32(0)
				for gi := c.g0; gi < c.g1; gi++ {
					g := sh.glyphs[gi]
					want := frac + f.x + c.x - base + within
					g.XOffset += fixed.Int26_6(math.Round(float64((want - cum[sh.face]) * 64)))
					adv := float32(g.XAdvance) / 64
					within += adv
					cum[sh.face] += adv
					perFace[sh.face] = append(perFace[sh.face], g)
				}
			}
		}
	}
	for face, glyphs := range perFace {
		if len(glyphs) > 0 {
			out := shaping.Output{Glyphs: glyphs, Face: w.faces[face], Size: fixed.I(int(size))}
			r.DrawShapedRunAt(out, buf, int(ix), int(math.Round(float64(baseY))))
		}
	}
	draw.Draw(dst, area, buf, image.Point{}, draw.Over)
}

// TestGlyphCacheMatchesRender draws every line of the seed article and of
// the mixed-script golden text, at scales 1, 1.5 and 2 and at a fractional
// x origin, from the glyph cache and directly with go-text/render, and
// bounds the difference: glyphs sit within 1/32 pixel of where the
// rasteriser puts them and overlapping coverage adds up as in one
// rasteriser pass, so no pixel differs by more than 24 levels (of 255; 16
// was the worst seen) and at least 98% of those that differ do by at most
// 8. Without the summed coverage
// (masks laid one over the other) some hundred pixels differed by 33-72.
func TestGlyphCacheMatchesRender(t *testing.T) {
	texts := map[string]string{"seed": seedText(t), "mixed": goldenCases(t)[1].text}
	for name, text := range texts {
		l := mustLayout(t, text, RTL, Options{Width: 500})
		w := l.doc.engine.getWorker()
		for _, scale := range []float32{1, 1.5, 2} {
			for _, ox := range []float32{0, 0.37} {
				wpx := int(math.Ceil(float64(500*scale + 1)))
				var pixels, ink, small, large, worst int
				hist := map[int]int{}
				for _, ln := range l.Lines() {
					h := int(math.Ceil(float64(ln.Height * scale)))
					a := image.NewRGBA(image.Rect(0, 0, wpx, h))
					b := image.NewRGBA(image.Rect(0, 0, wpx, h))
					col := color.RGBA{0x11, 0x11, 0x11, 0xff}
					drawLineAt(w, a, &ln, ox, -ln.Y*scale, scale, col, float32(l.size))
					drawLineDirect(w, b, &ln, ox, -ln.Y*scale, scale, col, float32(l.size))
					for i := 3; i < len(a.Pix); i += 4 {
						pixels++
						if a.Pix[i] != 0 || b.Pix[i] != 0 {
							ink++
						}
						d := int(a.Pix[i]) - int(b.Pix[i])
						if d < 0 {
							d = -d
						}
						worst = max(worst, d)
						if d > 0 {
							hist[(d+7)/8*8]++
						}
						if d > 24 {
							large++
						} else if d > 0 {
							small++
						}
					}
				}
				t.Logf("%s, scale %v, x %v: %d pixels, %d inked, %d differ by 1-24 levels, %d by more (worst %d); by up to N levels: %v",
					name, scale, ox, pixels, ink, small, large, worst, hist)
				if ink < pixels/50 {
					t.Errorf("%s scale %v: only %d of %d pixels inked", name, scale, ink, pixels)
				}
				if large > 0 {
					t.Errorf("%s scale %v x %v: %d of %d inked pixels differ by more than 24 levels", name, scale, ox, large, ink)
				}
				if hist[16]+hist[24] > ink/50 {
					t.Errorf("%s scale %v x %v: %d of %d inked pixels differ by 9-16 levels", name, scale, ox, hist[16], ink)
				}
			}
		}
		l.doc.engine.putWorker(w)
	}
}
