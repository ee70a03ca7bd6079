package articleview

import (
	"image"
	"image/color"

	"github.com/hamesh-app/hamesh/app/layout"
)

// rasterLine draws the glyphs of ln (a line of l, with paragraph-relative
// or absolute y) into a transparent image of w×h pixels covering the line
// box, w pixels for width layout units: app/layout's DrawLine, the same
// go-text/render code that draws its PNGs, puts every glyph at the x the
// layout measured for its cluster, so glyphs, highlights and hit tests
// agree at any canvas scale.
func rasterLine(l *layout.Layout, ln *layout.Line, width float32, w, h int, col color.Color) image.Image {
	return rasterLineInto(nil, l, ln, width, w, h, col)
}

// rasterLineInto is rasterLine into img's buffer when it is large enough
// (cleared first), else into a new image.
func rasterLineInto(img *image.RGBA, l *layout.Layout, ln *layout.Line, width float32, w, h int, col color.Color) *image.RGBA {
	r := image.Rect(0, 0, max(w, 1), max(h, 1))
	if n := 4 * r.Dx() * r.Dy(); img != nil && cap(img.Pix) >= n {
		img.Pix = img.Pix[:n]
		clear(img.Pix)
		img.Stride, img.Rect = 4*r.Dx(), r
	} else {
		img = image.NewRGBA(r)
	}
	if l == nil || width <= 0 || w <= 0 {
		return img
	}
	scale := float32(w) / width
	layout.DrawLine(img, l, ln, 0, -ln.Y*scale, scale, col)
	return img
}
