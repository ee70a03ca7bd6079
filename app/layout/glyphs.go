package layout

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"
)

// The glyph cache: every glyph outline is rasterised once per (face, glyph,
// size, scale, sub-pixel position) into an alpha mask, and lines are drawn
// by compositing those masks. Rasterising outlines was 84% of the CPU of a
// Page Down in the 1 MB article (docs/PERFORMANCE.md, issue 16); a line of
// Arabic news text has a few dozen distinct glyphs, which recur on every
// line.
//
// A glyph's pen position is kept to 1/subpixel of a pixel on each axis, so
// a glyph lands at most half of that from where go-text/render would put
// it: the anti-aliased edges differ from a direct rasterisation by a few
// levels at most (TestGlyphCacheMatchesRender measures it).

// subpixel is the number of sub-pixel positions a glyph is cached at, per
// axis and pixel.
const subpixel = 16

// glyphCacheBytes bounds the masks the cache holds. The seed article at one
// size and scale needs about 1 MB; when the bound is passed (many sizes,
// scales or scripts) the cache starts afresh.
const glyphCacheBytes = 8 << 20

type glyphKey struct {
	// font is the face's font: the cache is shared by every engine, and a
	// fallback face's FaceID names different fonts in engines with
	// different font folders.
	font   *font.Font
	gid    font.GID
	size   float32 // font size in layout units
	scale  float32 // pixels per layout unit
	fx, fy uint8   // sub-pixel position, in 1/subpixel of a pixel
}

// glyphMask is a glyph's coverage, its top left at (dx, dy) from the
// integer pen position. A nil img is a glyph with no ink (a space). ok is
// false for a glyph that is not an outline (a bitmap or SVG glyph), which
// is drawn by go-text/render instead.
type glyphMask struct {
	img    *image.Alpha
	dx, dy int
	ok     bool
}

var glyphCache = struct {
	sync.Mutex
	m     map[glyphKey]glyphMask
	bytes int
}{m: map[glyphKey]glyphMask{}}

// cachedGlyph returns the mask of glyph gid of face at pen position (x, y)
// in pixels, and the integer pen position its offsets are relative to. The
// face is the worker's (rasterising reads its outlines).
func cachedGlyph(w *worker, face FaceID, gid font.GID, size, scale, x, y float32) (glyphMask, int, int) {
	// The nearest sub-pixel position: x and y in 1/subpixel of a pixel.
	qx, qy := math.Round(float64(x)*subpixel), math.Round(float64(y)*subpixel)
	ix, iy := math.Floor(qx/subpixel), math.Floor(qy/subpixel)
	fx, fy := uint8(qx-ix*subpixel), uint8(qy-iy*subpixel)
	k := glyphKey{font: w.fs.font(face), gid: gid, size: size, scale: scale, fx: fx, fy: fy}
	glyphCache.Lock()
	g, hit := glyphCache.m[k]
	glyphCache.Unlock()
	if !hit {
		g = rasteriseGlyph(w.face(face), gid, size*scale, float32(fx)/subpixel, float32(fy)/subpixel)
		n := 64
		if g.img != nil {
			n += len(g.img.Pix)
		}
		glyphCache.Lock()
		if glyphCache.bytes+n > glyphCacheBytes {
			clear(glyphCache.m)
			glyphCache.bytes = 0
		}
		glyphCache.m[k] = g
		glyphCache.bytes += n
		glyphCache.Unlock()
	}
	return g, int(ix), int(iy)
}

// rasteriseGlyph draws glyph gid's outline at pixel size px, its pen at
// (fx, fy) within the pixel, into a mask as small as its ink, with the
// rasteriser go-text/render uses.
func rasteriseGlyph(face *font.Face, gid font.GID, px, fx, fy float32) glyphMask {
	data := face.GlyphData(gid)
	outline, ok := data.(font.GlyphOutline)
	if !ok {
		return glyphMask{}
	}
	if len(outline.Segments) == 0 {
		return glyphMask{ok: true}
	}
	s := px / float32(face.Upem())
	// The ink's box, from the segments' points (a curve stays inside the
	// hull of its control points).
	x0, y0 := float32(math.Inf(1)), float32(math.Inf(1))
	x1, y1 := float32(math.Inf(-1)), float32(math.Inf(-1))
	for _, seg := range outline.Segments {
		for _, p := range seg.ArgsSlice() {
			px, py := p.X*s+fx, -p.Y*s+fy
			x0, x1 = min(x0, px), max(x1, px)
			y0, y1 = min(y0, py), max(y1, py)
		}
	}
	dx, dy := int(math.Floor(float64(x0)))-1, int(math.Floor(float64(y0)))-1
	w, h := int(math.Ceil(float64(x1)))+1-dx, int(math.Ceil(float64(y1)))+1-dy
	if w <= 0 || h <= 0 {
		return glyphMask{ok: true}
	}
	img := image.NewAlpha(image.Rect(0, 0, w, h))
	scanner := rasterx.NewScannerGV(w, h, img, img.Bounds())
	f := rasterx.NewFiller(w, h, scanner)
	f.SetColor(color.Opaque)
	ox, oy := fx-float32(dx), fy-float32(dy)
	pt := func(p opentype.SegmentPoint) fixed.Point26_6 {
		return fixed.Point26_6{X: fixed.Int26_6(p.X*s*64 + ox*64), Y: fixed.Int26_6(-p.Y*s*64 + oy*64)}
	}
	for _, seg := range outline.Segments {
		switch seg.Op {
		case opentype.SegmentOpMoveTo:
			f.Start(pt(seg.Args[0]))
		case opentype.SegmentOpLineTo:
			f.Line(pt(seg.Args[0]))
		case opentype.SegmentOpQuadTo:
			f.QuadBezier(pt(seg.Args[0]), pt(seg.Args[1]))
		case opentype.SegmentOpCubeTo:
			f.CubeBezier(pt(seg.Args[0]), pt(seg.Args[1]), pt(seg.Args[2]))
		}
	}
	f.Stop(true)
	f.Draw()
	return glyphMask{img: img, dx: dx, dy: dy, ok: true}
}

// coverage sums glyph masks over a line's area before they are composited
// in one go, as one rasteriser pass over all the glyphs would: where two
// glyphs' anti-aliased edges overlap (a mark on its base, a joining
// stroke), their coverages add up rather than one being laid over the
// other, which would leave a lighter seam.
type coverage struct {
	img  image.Alpha
	ink  image.Rectangle // the part touched so far
	used bool
}

// reset makes c an empty coverage of area, reusing its buffer.
func (c *coverage) reset(area image.Rectangle) {
	n := area.Dx() * area.Dy()
	if cap(c.img.Pix) < n {
		c.img.Pix = make([]uint8, n)
	}
	c.img.Pix = c.img.Pix[:n]
	clear(c.img.Pix)
	c.img.Stride = area.Dx()
	c.img.Rect = area
	c.ink = image.Rectangle{}
	c.used = false
}

// add sums mask g, its origin at integer pen (px, py), into c (saturating).
func (c *coverage) add(g glyphMask, px, py int) {
	if g.img == nil {
		return
	}
	r := g.img.Rect.Add(image.Pt(px+g.dx, py+g.dy))
	rc := r.Intersect(c.img.Rect)
	if rc.Empty() {
		return
	}
	if c.used {
		c.ink = c.ink.Union(rc)
	} else {
		c.ink, c.used = rc, true
	}
	w := rc.Dx()
	for y := rc.Min.Y; y < rc.Max.Y; y++ {
		src := g.img.Pix[(y-r.Min.Y)*g.img.Stride+(rc.Min.X-r.Min.X):][:w]
		dst := c.img.Pix[(y-c.img.Rect.Min.Y)*c.img.Stride+(rc.Min.X-c.img.Rect.Min.X):][:w]
		for i, a := range src {
			if a == 0 {
				continue
			}
			if s := uint(dst[i]) + uint(a); s < 0xff {
				dst[i] = uint8(s)
			} else {
				dst[i] = 0xff
			}
		}
	}
}

// draw composites c onto dst in colour src.
func (c *coverage) draw(dst draw.Image, src image.Image) {
	if !c.used {
		return
	}
	draw.DrawMask(dst, c.ink, src, image.Point{}, &c.img, c.ink.Min, draw.Over)
}
