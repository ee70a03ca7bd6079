package layout

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/go-text/render"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

var contextBackground = context.Background()

// Span is a highlighted range for Render: a code-point range [Start, End)
// with a label and its colour ("#rrggbb"). Claims are drawn outlined and
// underlined, entities filled.
type Span struct {
	Start, End int
	Label      string
	Color      string
	Claim      bool
}

// RenderOptions control Render and RenderPNG. Zero values take defaults.
type RenderOptions struct {
	// Padding around the text area in pixels (default 8, as the Chromium
	// reference page; negative for none).
	Padding float32
	// Scale multiplies every length, for sharper figures (default 1).
	Scale float32
	// Background and Text colours (default white and #111111).
	Background, Text color.Color
	// NoBadges leaves out the label badges.
	NoBadges bool
}

func (o RenderOptions) normalize() RenderOptions {
	if o.Padding == 0 {
		o.Padding = 8
	} else if o.Padding < 0 {
		o.Padding = 0
	}
	if o.Scale <= 0 || math.IsNaN(float64(o.Scale)) {
		o.Scale = 1
	}
	if o.Background == nil {
		o.Background = color.White
	}
	if o.Text == nil {
		o.Text = color.RGBA{0x11, 0x11, 0x11, 0xff}
	}
	return o
}

// BadgeBand returns a badge band height that suits a font size: room for
// a label in type 0.6 times as large.
func BadgeBand(fontSize float32) float32 {
	if fontSize <= 0 {
		fontSize = 16
	}
	return float32(math.Ceil(float64(fontSize) * 0.8))
}

// ParseColor parses "#rrggbb" (or "#rgb").
func ParseColor(s string) (color.RGBA, error) {
	h := strings.TrimPrefix(s, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if len(h) != 6 || err != nil {
		return color.RGBA{}, errorf(Invalid, "layout: colour %q is not #rrggbb", s)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, nil
}

// ImageSize returns the size in pixels of the image Render draws for l.
func ImageSize(l *Layout, opts RenderOptions) image.Point {
	o := opts.normalize()
	l.Complete(contextBackground)
	w := (l.Width() + 2*o.Padding) * o.Scale
	h := (max(l.Height(), 1) + 2*o.Padding) * o.Scale
	return image.Pt(int(math.Ceil(float64(w))), int(math.Ceil(float64(h))))
}

// RenderPNG draws l with spans (see Render) into a new image of
// ImageSize and writes it as PNG.
func RenderPNG(w io.Writer, l *Layout, spans []Span, opts RenderOptions) error {
	img, err := RenderImage(l, spans, opts)
	if err != nil {
		return err
	}
	if err := png.Encode(w, img); err != nil {
		return errorf(Internal, "layout: writing PNG: %v", err)
	}
	return nil
}

// RenderImage draws l with spans into a new image of ImageSize.
func RenderImage(l *Layout, spans []Span, opts RenderOptions) (*image.RGBA, error) {
	img := image.NewRGBA(image.Rectangle{Max: ImageSize(l, opts)})
	if err := Render(img, l, spans, opts); err != nil {
		return nil, err
	}
	return img, nil
}

// spanPaint is a span with its parsed colour and nesting depth.
type spanPaint struct {
	Span
	col   color.RGBA
	depth int
}

// badge is a span's label tag, to be drawn in the band above a line.
type badge struct {
	line   int
	x      float32 // start edge of the span
	rtl    bool
	label  string
	col    color.RGBA
	claims bool
}

// Render draws the whole layout l into dst, the text area's top left at
// dst.Bounds().Min plus the padding: the background, then for every span
// its highlight under the glyphs, then the glyphs, then the label badges in
// each line's badge band (lay out with Options.BadgeBand = BadgeBand(size)
// to leave room for them). Entity spans are filled in a translucent label
// colour; a span nested in another is inset vertically by its depth, so
// every one of several overlapping spans stays visible. Claims get a light
// fill, an outline and a thick underline. Spans out of the text's range
// are clipped; a bad colour is an error.
func Render(dst draw.Image, l *Layout, spans []Span, opts RenderOptions) error {
	o := opts.normalize()
	paints, err := paintOrder(spans)
	if err != nil {
		return err
	}
	if err := l.Complete(contextBackground); err != nil {
		return err
	}
	b := dst.Bounds()
	draw.Draw(dst, b, image.NewUniform(o.Background), image.Point{}, draw.Src)
	f := frame{dst: dst, scale: o.Scale,
		ox: float32(b.Min.X) + o.Padding*o.Scale, oy: float32(b.Min.Y) + o.Padding*o.Scale}
	var badges []badge
	for _, p := range paints {
		rects := l.Rects(p.Start, p.End)
		f.highlight(l, p, rects)
		if len(rects) > 0 && !o.NoBadges && p.Label != "" {
			badges = append(badges, badgeOf(l, p, rects))
		}
	}
	w := l.doc.engine.getWorker()
	defer l.doc.engine.putWorker(w)
	for _, ln := range l.Lines() {
		drawLine(w, dst, l, &ln, f.ox, f.oy, f.scale, o.Text)
	}
	if o.NoBadges || len(badges) == 0 {
		return nil
	}
	return f.badges(w, l, badges)
}

// paintOrder parses the spans' colours, drops empty spans and returns the
// rest outer spans first, so that inner ones are drawn over them, each with
// its depth: how many other spans contain it (ties broken by order).
func paintOrder(spans []Span) ([]spanPaint, error) {
	paints := make([]spanPaint, 0, len(spans))
	for _, s := range spans {
		c, err := ParseColor(s.Color)
		if err != nil {
			return nil, errorf(Invalid, "layout: span %d-%d %q: colour %q is not #rrggbb", s.Start, s.End, s.Label, s.Color)
		}
		if s.End <= s.Start {
			continue
		}
		paints = append(paints, spanPaint{Span: s, col: c})
	}
	for i := range paints {
		for j := range paints {
			if i == j {
				continue
			}
			a, b := paints[i].Span, paints[j].Span
			if b.Start <= a.Start && a.End <= b.End && (b.End-b.Start > a.End-a.Start || j < i) {
				paints[i].depth++
			}
		}
	}
	sort.SliceStable(paints, func(i, j int) bool { return paints[i].depth < paints[j].depth })
	return paints, nil
}

// frame is where Render draws: dst, with the layout point (x, y) at
// (ox + x*scale, oy + y*scale).
type frame struct {
	dst           draw.Image
	ox, oy, scale float32
}

// fill composites colour c over the layout rectangle (x0, y0)-(x1, y1),
// rounded to whole pixels.
func (f *frame) fill(x0, y0, x1, y1 float32, c color.Color) {
	px := func(v float32) int { return int(math.Round(float64(v))) }
	r := image.Rect(px(f.ox+x0*f.scale), px(f.oy+y0*f.scale), px(f.ox+x1*f.scale), px(f.oy+y1*f.scale))
	draw.Draw(f.dst, r, image.NewUniform(c), image.Point{}, draw.Over)
}

// outline draws the border, t thick, of the layout rectangle (x0, y0)-(x1,
// y1): top, bottom, left, right.
func (f *frame) outline(x0, y0, x1, y1, t float32, c color.Color) {
	f.fill(x0, y0, x1, y0+t, c)
	f.fill(x0, y1-t, x1, y1, c)
	f.fill(x0, y0, x0+t, y1, c)
	f.fill(x1-t, y0, x1, y1, c)
}

// highlight draws span p's rectangles rects: an entity filled, a claim
// lightly filled, outlined and underlined, each inset vertically by the
// span's depth.
func (f *frame) highlight(l *Layout, p spanPaint, rects []Rect) {
	inset := max(1.5, l.opts.FontSize/8)
	d := float32(p.depth) * inset
	for _, r := range rects {
		y0, y1 := r.Y+min(d, r.H/3), r.Y+r.H-min(d, r.H/3)
		if !p.Claim {
			f.fill(r.X, y0, r.X+r.W, y1, withAlpha(p.col, 0x55))
			continue
		}
		f.fill(r.X, y0, r.X+r.W, y1, withAlpha(p.col, 0x22))
		t := max(1, l.opts.FontSize/16)
		f.outline(r.X, y0, r.X+r.W, y1, t, withAlpha(p.col, 0xcc))
		f.fill(r.X, y1-3*t, r.X+r.W, y1-t, withAlpha(p.col, 0xee))
	}
}

// badgeOf places span p's badge above its logical start: on the line of
// its first caret, at the start edge of the rectangle there.
func badgeOf(l *Layout, p spanPaint, rects []Rect) badge {
	ci := l.Caret(p.Start)
	bd := badge{line: ci.Line, x: ci.X, label: p.Label, col: p.col, claims: p.Claim}
	ln, _ := l.Line(ci.Line)
	bd.rtl = ln.RTL
	for _, r := range rects {
		if r.Line == ci.Line && ci.X >= r.X-0.5 && ci.X <= r.X+r.W+0.5 {
			bd.x = r.X
			if ln.RTL {
				bd.x = r.X + r.W
			}
			break
		}
	}
	return bd
}

// badges draws a small tag per span in the band above its line, each
// label laid out as a document of its own, pushed sideways so that tags
// of one line do not overlap. Claims' tags are outlined, as their
// highlight.
func (f *frame) badges(w *worker, l *Layout, badges []badge) error {
	size := max(6, float32(math.Round(float64(l.opts.FontSize*0.6))))
	e := l.doc.engine
	occupied := map[int][][2]float32{}
	for _, bd := range badges {
		ln, _ := l.Line(bd.line)
		d, err := e.NewDocument(bd.label, LTR)
		if err != nil {
			return err
		}
		bl, err := d.Layout(Options{Width: 1000, FontSize: size, LineHeight: 1.2, ParagraphSpacing: -1})
		if err != nil {
			return err
		}
		tl := bl.Lines()[0]
		padX := size * 0.3
		bw := tl.Width + 2*padX
		bh := min(bl.m.lineHeight, max(ln.Band, size*1.2))
		x0 := bd.x
		if bd.rtl {
			x0 = bd.x - bw
		}
		for _, iv := range occupied[bd.line] {
			if x0 < iv[1] && x0+bw > iv[0] {
				if bd.rtl {
					x0 = iv[0] - bw - 1
				} else {
					x0 = iv[1] + 1
				}
			}
		}
		occupied[bd.line] = append(occupied[bd.line], [2]float32{x0, x0 + bw})
		y0 := ln.Y + max(0, ln.Band-bh)
		bg := bd.col
		f.fill(x0, y0, x0+bw, y0+bh, bg)
		fg := color.Color(color.White)
		if luminance(bg) > 0.6 {
			fg = color.Black
		}
		if bd.claims {
			f.fill(x0, y0, x0+bw, y0+bh, color.White)
			f.outline(x0, y0, x0+bw, y0+bh, max(1, size/10), bg)
			fg = darker(bg)
		}
		tl.Baseline = y0 + (bh-bl.m.lineHeight)/2 + bl.m.baselineOff
		drawLineAt(w, f.dst, &tl, f.ox+(x0+padX-tl.X)*f.scale, f.oy, f.scale, fg, float32(bl.size))
	}
	return nil
}

func withAlpha(c color.RGBA, a uint8) color.NRGBA { return color.NRGBA{c.R, c.G, c.B, a} }

func luminance(c color.RGBA) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

func darker(c color.RGBA) color.RGBA {
	return color.RGBA{uint8(float64(c.R) * 0.6), uint8(float64(c.G) * 0.6), uint8(float64(c.B) * 0.6), 0xff}
}

// DrawLine draws the glyphs of line ln of l into dst with go-text/render:
// the layout point (x, y) lands on dst at (ox + x*scale, oy + y*scale), so
// to draw a line at the top of its own raster pass oy = -ln.Y*scale. It is
// safe to call from several goroutines with different dst.
func DrawLine(dst draw.Image, l *Layout, ln *Line, ox, oy, scale float32, col color.Color) {
	w := l.doc.engine.getWorker()
	defer l.doc.engine.putWorker(w)
	drawLine(w, dst, l, ln, ox, oy, scale, col)
}

func drawLine(w *worker, dst draw.Image, l *Layout, ln *Line, ox, oy, scale float32, col color.Color) {
	drawLineAt(w, dst, ln, ox, oy, scale, col, float32(l.size))
}

// drawLineAt draws the glyphs of ln from the glyph cache (glyphs.go): each
// glyph's mask composited where go-text/render would rasterise it, clipped
// to the line's glyph box (ascenders and descenders of Naskh reach beyond
// the line box) across the whole width of dst. Glyphs that are not
// outlines go through go-text/render, into a line-sized buffer (it
// rasterises over its whole destination) then composited.
func drawLineAt(w *worker, dst draw.Image, ln *Line, ox, oy, scale float32, col color.Color, size float32) {
	if len(ln.Runs) == 0 {
		return
	}
	db := dst.Bounds()
	top := int(math.Floor(float64(oy + (ln.Baseline-size*1.4)*scale)))
	bottom := int(math.Ceil(float64(oy + (ln.Baseline+size*0.9)*scale)))
	area := image.Rect(db.Min.X, top, db.Max.X, bottom).Intersect(db)
	if area.Empty() {
		return
	}
	if col == nil {
		col = color.Black
	}
	src := image.NewUniform(col)
	w.cov.reset(area)
	// Pen positions as go-text/render computes them, one pen per face (all
	// glyphs of a face used to go into one shaping.Output): positions come
	// from the layout through XOffset, measured from a common pen origin
	// ix.
	baseY := float32(math.Round(float64(oy + ln.Baseline*scale)))
	x0 := ox
	ix := float32(math.Floor(float64(x0)))
	frac := (x0 - ix) / scale
	var cum [maxFaces]float32 // where the pen is, per face, in layout units
	var pen [maxFaces]float32 // the same in pixels, as the renderer sums it
	for i := range pen {
		pen[i] = ix
	}
	var other [maxFaces][]shaping.Glyph // not outlines: for go-text/render
	for ri := range ln.Runs {
		run := &ln.Runs[ri]
		for _, f := range run.frags {
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
					xPos := pen[sh.face] + float32(g.XOffset)/64*scale
					yPos := baseY - float32(g.YOffset)/64*scale
					pen[sh.face] += float32(g.XAdvance) / 64 * scale
					m, px, py := cachedGlyph(w, sh.face, g.GlyphID, size, scale, xPos, yPos)
					if !m.ok {
						// Each at its own place from the pen origin.
						g.XOffset = fixed.Int26_6(math.Round(float64((xPos - ix) / scale * 64)))
						g.XAdvance = 0
						other[sh.face] = append(other[sh.face], g)
						continue
					}
					w.cov.add(m, px, py)
				}
			}
		}
	}
	w.cov.draw(dst, src)
	for face, glyphs := range other {
		if len(glyphs) == 0 {
			continue
		}
		buf := image.NewRGBA(image.Rect(0, 0, area.Dx(), area.Dy()))
		r := render.Renderer{FontSize: size, PixScale: scale, Color: col}
		out := shaping.Output{Glyphs: glyphs, Face: w.face(FaceID(face)), Size: fixed.I(int(size))}
		r.DrawShapedRunAt(out, buf, int(ix)-area.Min.X, int(baseY)-area.Min.Y)
		draw.Draw(dst, area, buf, image.Point{}, draw.Over)
	}
}
