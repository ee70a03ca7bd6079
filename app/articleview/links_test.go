package articleview

import (
	"image/color"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestLinks: a relation between two spans on screen is a line from the
// start edge of one to the start edge of the other, in the band above
// their lines, with a dot at the target; one whose end is far off screen
// is not drawn; SetLinks(nil) removes them.
func TestLinks(t *testing.T) {
	text := seedText(t)
	v, _ := newTestView(t, text, annotations.RTL, 700, 500)
	fs, fe := cpIndex(t, text, "نيويورك تايمز", 0)
	ts, te := cpIndex(t, text, "ترامب جونيور", 0)
	far := len([]rune(text)) - 3
	teal := color.NRGBA{0x2a, 0x9d, 0x8f, 0xff}
	v.SetLinks([]Link{
		{From: annotations.Range{Start: fs, End: fe}, To: annotations.Range{Start: ts, End: te}, Color: teal},
		{From: annotations.Range{Start: fs, End: fe}, To: annotations.Range{Start: far, End: far + 1}, Color: teal},
	})
	objs := v.page.linkObjs
	if len(objs) != 2 {
		t.Fatalf("%d link objects", len(objs))
	}
	m := v.margin()
	want := func(off int) (float32, float32) {
		ln, top := lineOf(t, v, off)
		x, _, ok := startEdge(ln, off)
		if !ok {
			t.Fatalf("offset %d not on its line", off)
		}
		return m + x, m + top + ln.Y + 2
	}
	l := objs[0].line
	if !l.Visible() || !objs[0].dot.Visible() {
		t.Fatal("the on-screen link is hidden")
	}
	if x, y := want(fs); l.Position1.X != x || l.Position1.Y != y {
		t.Errorf("line starts at %v, want (%v, %v)", l.Position1, x, y)
	}
	if x, y := want(ts); l.Position2.X != x || l.Position2.Y != y {
		t.Errorf("line ends at %v, want (%v, %v)", l.Position2, x, y)
	}
	if l.StrokeColor != teal {
		t.Errorf("colour %v", l.StrokeColor)
	}
	if objs[1].line.Visible() {
		t.Error("a link to the end of the article, far off screen, is drawn")
	}
	found := false
	for _, o := range v.page.objects() {
		found = found || o == l
	}
	if !found {
		t.Error("the line is not among the page's objects")
	}
	v.SetLinks(nil)
	if len(v.page.linkObjs) != 0 {
		t.Error("SetLinks(nil) left lines")
	}
}
