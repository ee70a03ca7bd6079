package articleview

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2/canvas"
)

// TestDashedOutlineHasNoFill: a suggestion's outline is dashes along the
// four edges of its box, none inside it, with gaps between them.
func TestDashedOutlineHasNoFill(t *testing.T) {
	c := color.NRGBA{0x2a, 0x9d, 0x8f, 0xff}
	objs := appendDashed(nil, 10, 20, 60, 18, c, false)
	if len(objs) < 20 {
		t.Fatalf("%d dashes for a 60×18 box", len(objs))
	}
	var top float32
	for _, o := range objs {
		r := o.(*canvas.Rectangle)
		p, s := r.Position(), r.Size()
		if r.FillColor != c {
			t.Errorf("dash colour %v, want the label's %v", r.FillColor, c)
		}
		onEdge := p.Y == 20 || p.Y+s.Height == 38 || p.X == 10 || p.X+s.Width == 70
		if !onEdge || p.X < 10 || p.Y < 20 || p.X+s.Width > 70.01 || p.Y+s.Height > 38.01 {
			t.Errorf("dash at %v size %v is not on the box's edge", p, s)
		}
		if s.Width > dashLen && s.Height > dashLen {
			t.Errorf("dash %v is a fill, not a dash", s)
		}
		if p.Y == 20 && s.Height < s.Width {
			top += s.Width
		}
	}
	if top >= 60 || top < 30 {
		t.Errorf("the top edge is %v px of dashes over 60 px: want gaps", top)
	}
}
