package layout

import (
	"bytes"
	"image"
	"image/color"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-text/typesetting/font"
)

// glyphsOf returns every glyph of l's lines with its face, in visual order.
func glyphsOf(l *Layout) (ids []uint32, faces []FaceID) {
	for _, ln := range l.Lines() {
		for _, r := range ln.Runs {
			for _, f := range r.frags {
				for ci := f.c0; ci < f.c1; ci++ {
					c := f.sh.clusters[ci]
					for gi := c.g0; gi < c.g1; gi++ {
						ids = append(ids, uint32(f.sh.glyphs[gi].GlyphID))
						faces = append(faces, f.sh.face)
					}
				}
			}
		}
	}
	return ids, faces
}

// inkIn counts the pixels of img darker than mid-grey inside r.
func inkIn(img *image.RGBA, r image.Rectangle) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if int(c.R)+int(c.G)+int(c.B) < 3*128 {
				n++
			}
		}
	}
	return n
}

// drawn renders l (no padding, white ground, black text) and returns the
// image and the pixel box of the code points [start, end).
func drawn(t *testing.T, l *Layout, start, end int) (*image.RGBA, image.Rectangle) {
	t.Helper()
	img, err := RenderImage(l, nil, RenderOptions{Padding: -1, Text: color.Black})
	if err != nil {
		t.Fatal(err)
	}
	rects := l.Rects(start, end)
	if len(rects) != 1 {
		t.Fatalf("code points %d-%d: %d rectangles, want 1", start, end, len(rects))
	}
	r := rects[0]
	return img, image.Rect(int(r.X), int(r.Y), int(r.X+r.W+0.999), int(r.Y+r.H+0.999))
}

// TestMissingGlyphIsABox lays out Devanagari and CJK with an engine that
// has no font to fall back on (as a machine with no fonts installed): each
// character is Noto Sans's .notdef glyph — a box with an advance, never
// nothing — and the box is drawn inside the rectangle a highlight of that
// character covers, while the space beside it stays blank.
func TestMissingGlyphIsABox(t *testing.T) {
	e, err := NewEngineWithFontDirs()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"क", "中", "ab 中 cd", "قال 中 ترامب"} {
		d, err := e.NewDocument(text, LTR)
		if err != nil {
			t.Fatal(err)
		}
		l, err := d.Layout(Options{Width: 400, FontSize: 24})
		if err != nil {
			t.Fatal(err)
		}
		rs := []rune(text)
		i := strings.IndexFunc(text, func(r rune) bool { return r == 'क' || r == '中' })
		at := len([]rune(text[:i]))
		if rects := l.Rects(at, at+1); len(rects) != 1 || rects[0].W < 8 {
			t.Errorf("%q: the missing glyph %q covers %v, want one box at least 8 px wide", text, rs[at], rects)
		}
		ids, faces := glyphsOf(l)
		notdef := 0
		for k, id := range ids {
			if id == 0 {
				notdef++
				if faces[k] != FaceLatin {
					t.Errorf("%q: .notdef from %s, want Noto Sans (its .notdef is a box)", text, faces[k])
				}
			}
		}
		if notdef != 1 {
			t.Errorf("%q: %d .notdef glyphs, want 1", text, notdef)
		}
		img, box := drawn(t, l, at, at+1)
		if n := inkIn(img, box); n < 20 {
			t.Errorf("%q: %d dark pixels where %q is (%v), want a drawn box", text, n, rs[at], box)
		}
		if at > 0 && rs[at-1] == ' ' {
			_, sp := drawn(t, l, at-1, at)
			if n := inkIn(img, sp); n > 0 {
				t.Errorf("%q: %d dark pixels in the space before the box", text, n)
			}
		}
	}
}

// findSystemFont returns a font file among the system's (or under
// $HAMESH_TEST_FONTS) with a glyph for every rune of sample, or "".
func findSystemFont(sample string) string {
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if d := os.Getenv("HAMESH_TEST_FONTS"); d != "" {
		dirs = append([]string{d}, dirs...)
	}
	found := ""
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if found != "" || err != nil || e.IsDir() {
				return nil
			}
			if ext := strings.ToLower(filepath.Ext(path)); ext != ".ttf" && ext != ".otf" {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			f, err := font.ParseTTF(bytes.NewReader(data))
			if err != nil {
				return nil
			}
			for _, r := range sample {
				if _, ok := f.NominalGlyph(r); !ok && r != ' ' {
					return nil
				}
			}
			found = path
			return nil
		})
		if found != "" {
			break
		}
	}
	return found
}

// TestFallbackToAFontOnTheSystem copies a Devanagari (or, failing that, a
// CJK) font installed on this machine into a directory of its own, and
// lays out a line of it with an engine that falls back on that directory:
// no glyph is .notdef, the script's conjuncts are formed (स्त is one
// glyph cluster, fewer glyphs than code points), the glyphs come from the
// fallback face, and they are drawn inside the rectangles that highlight
// them. It skips when the machine has neither (Debian: fonts-lohit-deva,
// fonts-noto-core or fonts-noto-cjk; or set HAMESH_TEST_FONTS to a
// directory holding one).
func TestFallbackToAFontOnTheSystem(t *testing.T) {
	samples := []string{"नमस्ते दुनिया", "你好世界"}
	var text, path string
	for _, s := range samples {
		if path = findSystemFont(s); path != "" {
			text = s
			break
		}
	}
	if path == "" {
		t.Skip("no Devanagari or CJK font on this machine (/usr/share/fonts, /usr/local/share/fonts, $HAMESH_TEST_FONTS): install fonts-lohit-deva or fonts-noto-cjk to run this test")
	}
	t.Logf("%q from %s", text, path)
	dir := t.TempDir()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(path)), data, 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := NewEngineWithFontDirs(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.NewDocument(text, LTR)
	if err != nil {
		t.Fatal(err)
	}
	l, err := d.Layout(Options{Width: 600, FontSize: 24})
	if err != nil {
		t.Fatal(err)
	}
	ids, faces := glyphsOf(l)
	for k, id := range ids {
		if id == 0 {
			t.Errorf("%q with %s: glyph %d is .notdef", text, path, k)
		}
	}
	fallbackGlyphs := 0
	for _, f := range faces {
		if f >= numFaces {
			fallbackGlyphs++
			if name := e.fs.faceName(f); name == "" || name == "unknown face" {
				t.Errorf("fallback face %d has no family name", f)
			}
		}
	}
	if fallbackGlyphs == 0 {
		t.Fatalf("%q: no glyph from the fallback font %s (faces %v)", text, path, faces)
	}
	rs := []rune(text)
	if text == samples[0] {
		if len(ids) >= len(rs) {
			t.Errorf("%q: %d glyphs for %d code points: the conjuncts were not formed", text, len(ids), len(rs))
		}
	}
	// Each word is drawn where its highlight is.
	words := strings.Fields(text)
	at := 0
	for _, w := range words {
		n := len([]rune(w))
		start := strings.Index(string(rs[at:]), w)
		s := at + len([]rune(string(rs[at:])[:start]))
		img, box := drawn(t, l, s, s+n)
		if ink := inkIn(img, box); ink < 30 {
			t.Errorf("%q: %d dark pixels under word %q (%v)", text, ink, w, box)
		}
		at = s + n
	}
	// The fallback is used only where the bundled faces lack a glyph: the
	// Latin and Arabic of a mixed line keep their faces.
	d2, _ := e.NewDocument("BBC "+text+" قال", LTR)
	l2, _ := d2.Layout(Options{Width: 600, FontSize: 24})
	got := map[FaceID]bool{}
	_, f2 := glyphsOf(l2)
	for _, f := range f2 {
		got[f] = true
	}
	if !got[FaceLatin] || !got[FaceArabic] {
		t.Errorf("mixed line: faces %v, want Noto Sans and Noto Naskh beside the fallback", got)
	}
}

// TestSystemFallbackCachesItsScanInTheUserCacheDir lays out Devanagari (or
// CJK) with the default engine, which falls back on the system's fonts: the
// glyphs come from a system face, and fontscan's index of the system fonts
// is written under the user's cache directory, in hamesh/fontscan (here
// $XDG_CACHE_HOME, a temporary directory, set in a child process: fontscan
// scans once per process, so the parent's first scan would decide).
func TestSystemFallbackCachesItsScanInTheUserCacheDir(t *testing.T) {
	if os.Getenv("HAMESH_FALLBACK_CHILD") == "" {
		var text string
		for _, s := range []string{"नमस्ते दुनिया", "你好世界"} {
			if findSystemFont(s) != "" {
				text = s
				break
			}
		}
		if text == "" {
			t.Skip("no Devanagari or CJK font on this machine: install fonts-lohit-deva or fonts-noto-cjk to run this test")
		}
		cache := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestSystemFallbackCachesItsScanInTheUserCacheDir$", "-test.v")
		cmd.Env = append(os.Environ(), "HAMESH_FALLBACK_CHILD="+text, "XDG_CACHE_HOME="+cache, "HOME="+cache)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		idx, _ := filepath.Glob(filepath.Join(cache, "hamesh", "fontscan", "font_index_v*.cache"))
		if len(idx) != 1 {
			t.Errorf("font index files under %s/hamesh/fontscan: %v, want one", cache, idx)
		}
		return
	}
	text := os.Getenv("HAMESH_FALLBACK_CHILD")
	l := mustLayout(t, text, LTR, Options{Width: 600, FontSize: 24})
	ids, faces := glyphsOf(l)
	for k, id := range ids {
		if id == 0 {
			t.Errorf("%q: glyph %d is .notdef", text, k)
		}
		if faces[k] < numFaces && []rune(text)[0] != ' ' && k == 0 {
			t.Errorf("%q: first glyph from bundled face %s, want a system one", text, faces[k])
		}
	}
}

// TestControlCharactersAreNotLookedUp lays out text with a tab and other
// control characters, which no face has a glyph for, with an engine whose
// fallback would find any font in a directory: none of them is looked up
// (looking up a tab would scan the system's fonts for every article with
// one), and the tab keeps the face of the text around it.
func TestControlCharactersAreNotLookedUp(t *testing.T) {
	e, err := NewEngineWithFontDirs(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.NewDocument("a\tb\x01c\u0085d قال\tترامب", LTR)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Layout(Options{Width: 600}); err != nil {
		t.Fatal(err)
	}
	fb := e.fs.fb
	fb.mu.Lock()
	defer fb.mu.Unlock()
	if len(fb.byRune) != 0 || fb.loaded {
		t.Errorf("control characters were looked up: %v (font map loaded: %v)", fb.byRune, fb.loaded)
	}
}
