package articleview

import (
	"image"
	"image/color"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/canvas"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/internal/golden"
)

var (
	red    = color.NRGBA{0xe6, 0x19, 0x4b, 0xff}
	orange = color.NRGBA{0xf5, 0x82, 0x31, 0xff}
	blue   = color.NRGBA{0x43, 0x63, 0xd8, 0xff}
	green  = color.NRGBA{0x3c, 0xb4, 0x4b, 0xff}
	olive  = color.NRGBA{0x80, 0x80, 0x00, 0xff}
)

// seedSpans tags the seed article: a role holding a person (nested), two
// overlapping persons, an organisation, a place and a claim around them.
func seedSpans(t testing.TB, seed string) []Highlight {
	span := func(id, sub string, n int, label string, c color.Color, claim bool) Highlight {
		s, e := cpIndex(t, seed, sub, n)
		return Highlight{ID: id, Start: s, End: e, Label: label, Color: c, Claim: claim}
	}
	return []Highlight{
		span("claim", "تواصل نجل الرئيس الأميركي، دونالد ترامب، دونالد ترامب جونيور، مع \"ويكيليكس\"", 0, "CLAIM", olive, true),
		span("role", "نجل الرئيس الأميركي، دونالد ترامب", 0, "ROLE", orange, false),
		span("p1", "دونالد ترامب", 1, "PERS", red, false),
		span("p2", "ترامب، دونالد ترامب جونيور", 0, "PERS", red, false),
		span("org", "ويكيليكس", 1, "ORG", blue, false),
		span("gpe", "بروسيا", 0, "GPE", green, false),
		span("org2", "نيويورك تايمز", 0, "ORG", blue, false),
	}
}

// assertGolden compares img with testdata/name within a tolerance (anti-
// aliasing may differ by a few levels between machines), or writes it with
// -update.
func assertGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	golden.AssertImage(t, filepath.Join("testdata", name), img, golden.Tolerance{Level: 24, Share: 1.0 / 500})
}

func TestGoldenSeedWithSpans(t *testing.T) {
	seed := seedText(t)
	v, win := newTestView(t, seed, annotations.RTL, 640, 520)
	hs := seedSpans(t, seed)
	hs[5].Selected = true // بروسيا
	v.SetHighlights(hs)
	s, e := cpIndex(t, seed, "الكونغرس", 0)
	v.SetSelection(annotations.Range{Start: s, End: e})
	v.waitIdle()
	assertGolden(t, "seed-spans.png", win.Canvas().Capture())
}

func TestGoldenMixed(t *testing.T) {
	v, win := newTestView(t, mixed, annotations.RTL, 520, 260)
	s, e := cpIndex(t, mixed, "Donald Trump Jr.", 0)
	ks, ke := cpIndex(t, mixed, "الكرملين", 0)
	v.SetHighlights([]Highlight{
		{ID: "pers", Start: s, End: e - 1, Label: "PERS", Color: red},
		{ID: "org", Start: ks, End: ke, Label: "ORG", Color: blue},
		{ID: "claim", Start: s - 5, End: ke + 2, Label: "CLAIM", Color: olive, Claim: true},
	})
	v.waitIdle()
	assertGolden(t, "mixed-spans.png", win.Canvas().Capture())
}

// TestHighlightUnderGlyphs checks a span's rectangle spans exactly its
// clusters, and that a nested span is inset inside its parent.
func TestHighlightUnderGlyphs(t *testing.T) {
	seed := seedText(t)
	v, _ := newTestView(t, seed, annotations.RTL, 640, 520)
	hs := seedSpans(t, seed)
	v.SetHighlights(hs)
	rects := func(h Highlight) []*canvas.Rectangle {
		var out []*canvas.Rectangle
		for _, r := range v.page.rows {
			if h.Start >= r.line.End || h.End <= r.line.Start {
				continue
			}
			for _, o := range r.deco.Objects {
				if rc, ok := o.(*canvas.Rectangle); ok && rc.Position().Y >= r.line.Band && colorEq(rc.FillColor, h.Color, h.Claim) {
					out = append(out, rc)
				}
			}
		}
		return out
	}
	org := hs[4]
	rs := rects(org)
	if len(rs) != 1 {
		t.Fatalf("ORG span: %d fill rectangles, want 1", len(rs))
	}
	ln, _ := lineOf(t, v, org.Start)
	x0, x1 := float32(1e9), float32(-1e9)
	for _, r := range ln.Runs {
		for _, c := range r.Clusters {
			if c.Start >= org.Start && c.End <= org.End {
				x0, x1 = min(x0, c.X), max(x1, c.X+c.Advance)
			}
		}
	}
	if got := rs[0].Position().X; abs32(got-x0) > 0.01 || abs32(rs[0].Size().Width-(x1-x0)) > 0.01 {
		t.Errorf("ORG rectangle x %v width %v, clusters span %v..%v", got, rs[0].Size().Width, x0, x1)
	}
	// The person inside the role: inset, within the role's rectangle.
	role, pers := rects(hs[1]), rects(hs[2])
	if len(role) == 0 || len(pers) == 0 {
		t.Fatalf("role %d rectangles, person %d", len(role), len(pers))
	}
	if pers[0].Position().Y <= role[0].Position().Y || pers[0].Size().Height >= role[0].Size().Height {
		t.Errorf("nested span not inset: person at y %v h %v, role at y %v h %v",
			pers[0].Position().Y, pers[0].Size().Height, role[0].Position().Y, role[0].Size().Height)
	}
	if lv := nestingLevels(hs); lv[0] != 0 || lv[1] != 1 || lv[2] != 3 || lv[4] != 1 {
		t.Errorf("nesting levels %v, want claim 0, role 1, person in role and overlapped by a longer person 3, org in claim 1", lv)
	}
}

func colorEq(fill, c color.Color, claim bool) bool {
	a := uint8(fillAlpha)
	if claim {
		a = claimAlpha
	}
	return fill == withAlpha(c, a)
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}
