package articleview

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"sync"
	"unicode"

	"github.com/go-text/render"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"github.com/go-text/typesetting/unicodedata"
	"golang.org/x/image/math/fixed"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
	"github.com/hamesh-app/hamesh/assets"
)

// Drawing glyphs.
//
// app/layout measures every glyph cluster (its code points, x and advance)
// but does not export the glyphs themselves. The view therefore shapes each
// visual run of a line again, with the same bundled fonts, the same HarfBuzz
// port and the same face choice rules as the layout, and draws every glyph
// cluster at the x the layout measured for it (go-text/render, as Fyne's own
// painter does). A glyph can thus never drift from its highlight or from the
// point a mouse hit maps to, whatever small differences the two shapings
// might have.

// faceID indexes the bundled faces, in the order of app/layout's FaceID.
type faceID uint8

const (
	faceArabic faceID = iota
	faceLatin
	faceEmoji
	numFaces
)

// glyphDrawer shapes and rasterises lines. go-text faces, shapers and
// renderers are not safe for concurrent use: a mutex guards them.
type glyphDrawer struct {
	mu     sync.Mutex
	faces  [numFaces]*font.Face
	shaper shaping.HarfbuzzShaper
	rend   render.Renderer
	runes  []rune
	fid    []faceID
	script []language.Script
	glyphs [numFaces][]shaping.Glyph
}

var (
	drawerOnce sync.Once
	drawer     *glyphDrawer
	drawerErr  error
)

// theDrawer returns the process-wide drawer over the bundled fonts.
func theDrawer() (*glyphDrawer, error) {
	drawerOnce.Do(func() {
		d := &glyphDrawer{}
		for i, data := range [numFaces][]byte{assets.FontArabic(), assets.FontLatin(), assets.FontEmoji()} {
			f, err := font.ParseTTF(bytes.NewReader(data))
			if err != nil {
				drawerErr = annotations.Errorf(annotations.EINTERNAL, "articleview: parsing bundled font %d: %v", i, err)
				return
			}
			d.faces[i] = f
		}
		drawer = d
	})
	return drawer, drawerErr
}

func (d *glyphDrawer) has(f faceID, r rune) bool {
	_, ok := d.faces[f].NominalGlyph(r)
	return ok
}

// kind of a rune for face choice (as app/layout's chooseFaces).
type runeKind uint8

const (
	kindCommon runeKind = iota
	kindMark
	kindArabic
	kindEmoji
	kindOther
)

func isEmojiComponent(r rune) bool {
	return r == 0x200D || r == 0xFE0F || r == 0x20E3 || (r >= 0x1F3FB && r <= 0x1F3FF) ||
		(r >= 0xE0020 && r <= 0xE007F) || (r >= 0x1F1E6 && r <= 0x1F1FF)
}

func isDefaultIgnorable(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x061C, r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E,
		r >= 0x2060 && r <= 0x206F, r == 0xFEFF, r >= 0xFE00 && r <= 0xFE0F:
		return true
	}
	return false
}

func kindOf(r, next rune) (runeKind, language.Script) {
	if r < 0x80 {
		if (next == 0xFE0F || next == 0x20E3) && (r == '#' || r == '*' || (r >= '0' && r <= '9')) {
			return kindEmoji, language.Common
		}
		if unicode.IsLetter(r) {
			return kindOther, language.Latin
		}
		return kindCommon, language.Latin
	}
	if r >= 0x0600 && r <= 0x06FF {
		return kindArabic, language.Arabic
	}
	if unicode.Is(unicodedata.Extended_Pictographic, r) && (r >= 0x1F000 || next == 0xFE0F) {
		return kindEmoji, language.Common
	}
	if r >= 0x1F1E6 && r <= 0x1F1FF {
		return kindEmoji, language.Common
	}
	s := language.LookupScript(r)
	switch s {
	case language.Arabic:
		return kindArabic, s
	case language.Inherited:
		return kindMark, s
	case language.Common, language.Unknown:
		if unicode.In(r, unicode.Mn, unicode.Me) {
			return kindMark, s
		}
		return kindCommon, s
	}
	return kindOther, s
}

// chooseFaces picks a face and a script for each rune of a run, following
// the rules of app/layout: Arabic script from the Arabic face, emoji from
// the emoji face, other scripts from the Latin face; neutrals from the face
// of the text around them when it has the glyph.
func (d *glyphDrawer) chooseFaces(runes []rune, rtl bool) {
	d.fid = d.fid[:0]
	d.script = d.script[:0]
	cur, curScript := faceLatin, language.Latin
	if rtl {
		cur, curScript = faceArabic, language.Arabic
	}
	for i, r := range runes {
		next := rune(0)
		if i+1 < len(runes) {
			next = runes[i+1]
		}
		k, s := kindOf(r, next)
		if k == kindArabic {
			cur, curScript = faceArabic, language.Arabic
			break
		} else if k == kindEmoji {
			cur, curScript = faceEmoji, language.Common
			break
		} else if k == kindOther {
			cur, curScript = faceLatin, s
			break
		}
	}
	textFace, textScript := cur, curScript
	if cur == faceEmoji {
		textFace, textScript = faceLatin, language.Latin
		if rtl {
			textFace, textScript = faceArabic, language.Arabic
		}
	}
	for i, r := range runes {
		next := rune(0)
		if i+1 < len(runes) {
			next = runes[i+1]
		}
		k, s := kindOf(r, next)
		var f faceID
		switch k {
		case kindArabic:
			f, cur, curScript = faceArabic, faceArabic, language.Arabic
			textFace, textScript = cur, curScript
		case kindEmoji:
			f, cur, curScript = faceEmoji, faceEmoji, language.Common
		case kindOther:
			f, cur, curScript = faceLatin, faceLatin, s
			textFace, textScript = cur, curScript
			if !d.has(faceLatin, r) && d.has(faceArabic, r) {
				f = faceArabic
			}
		case kindMark:
			f, s = cur, curScript
			if i > 0 {
				f, s = d.fid[i-1], d.script[i-1]
			}
		default:
			f, s = cur, curScript
			if cur == faceEmoji && !isEmojiComponent(r) {
				f, s = textFace, textScript
			}
		}
		if !d.has(f, r) && !isDefaultIgnorable(r) {
			for _, alt := range [...]faceID{faceLatin, faceArabic, faceEmoji} {
				if d.has(alt, r) {
					f = alt
					break
				}
			}
			if f == faceArabic {
				s = language.Arabic
			} else if f == faceLatin && s == language.Arabic {
				s = language.Latin
			}
		}
		d.fid = append(d.fid, f)
		d.script = append(d.script, s)
	}
}

// lineText gives the code points of a text by code-point offsets.
type lineText interface {
	runesOf(start, end int) []rune
}

// drawLine draws the glyphs of ln into img (pixels), whose left edge is the
// text area's left edge; baseline is the baseline's y in img pixels and
// scale the number of pixels per layout unit.
func (d *glyphDrawer) drawLine(img draw.Image, txt lineText, ln *layout.Line, fontSize, scale, baseline float32, col color.Color) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for f := range d.glyphs {
		d.glyphs[f] = d.glyphs[f][:0]
	}
	for ri := range ln.Runs {
		d.placeRun(txt, &ln.Runs[ri], fontSize)
	}
	d.rend.FontSize = fontSize
	d.rend.PixScale = scale
	d.rend.Color = col
	for f, gs := range d.glyphs {
		if len(gs) == 0 {
			continue
		}
		out := shaping.Output{Glyphs: gs, Face: d.faces[f], Size: fixed.I(int(fontSize)), Direction: di.DirectionLTR}
		d.rend.DrawShapedRunAt(out, img, 0, int(baseline+0.5))
	}
}

// placeRun shapes one visual run and appends its glyphs, positioned at the
// layout's cluster x (as an XOffset from 0, advance 0), to d.glyphs.
func (d *glyphDrawer) placeRun(txt lineText, r *layout.Run, fontSize float32) {
	if len(r.Clusters) == 0 || r.End <= r.Start {
		return
	}
	runes := append(d.runes[:0], txt.runesOf(r.Start, r.End)...)
	d.runes = runes
	if len(runes) == 0 {
		return
	}
	d.chooseFaces(runes, r.RTL)
	for i, c := range runes {
		if c < 0x20 || (c >= 0x7F && c < 0xA0) {
			runes[i] = ' '
		}
	}
	// x of the left edge of the layout cluster holding each code point.
	xs := make([]float32, len(runes))
	adv := make([]float32, len(runes))
	for i := range xs {
		xs[i] = -1
	}
	for _, c := range r.Clusters {
		for cp := c.Start; cp < c.End; cp++ {
			if i := cp - r.Start; i >= 0 && i < len(xs) {
				xs[i], adv[i] = c.X, c.Advance
			}
		}
	}
	dir := di.DirectionLTR
	if r.RTL {
		dir = di.DirectionRTL
	}
	for s := 0; s < len(runes); {
		e := s + 1
		for e < len(runes) && d.fid[e] == d.fid[s] && d.script[e] == d.script[s] {
			e++
		}
		f := d.fid[s]
		out := d.shaper.Shape(shaping.Input{
			Text: runes, RunStart: s, RunEnd: e, Direction: dir, Face: d.faces[f],
			Size: fixed.I(int(fontSize)), Script: d.script[s], Language: "",
		})
		// Glyphs are in visual order; those of one cluster share
		// ClusterIndex. Each cluster starts at the layout's x for it.
		pen := float32(0)
		clusterPen := float32(0)
		cur := -1
		for _, g := range out.Glyphs {
			ci := g.ClusterIndex
			if ci != cur {
				cur = ci
				clusterPen = pen
			}
			x := float32(0)
			if ci >= 0 && ci < len(xs) && xs[ci] >= 0 {
				if adv[ci] == 0 && g.XAdvance > 0 {
					// White space collapsed at a line end: nothing to draw.
					pen += float32(g.XAdvance) / 64
					continue
				}
				x = xs[ci] + (pen - clusterPen)
			} else {
				x = r.X + pen
			}
			g2 := g
			g2.XOffset = g.XOffset + fixed.Int26_6(x*64+0.5)
			g2.XAdvance = 0
			d.glyphs[f] = append(d.glyphs[f], g2)
			pen += float32(g.XAdvance) / 64
		}
		s = e
	}
}

// rasterLine renders ln into a transparent image of w×h pixels covering the
// line box (w pixels for width layout units).
func rasterLine(txt lineText, ln *layout.Line, fontSize, width float32, w, h int, col color.Color) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	d, err := theDrawer()
	if err != nil || width <= 0 {
		return img
	}
	scale := float32(w) / width
	d.drawLine(img, txt, ln, fontSize, scale, (ln.Baseline-ln.Y)*scale, col)
	return img
}
