package layout

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/internal/golden"
)

func mustLayout(t testing.TB, text string, dir Direction, opts Options) *Layout {
	t.Helper()
	l, err := New(text, dir, opts)
	if err != nil {
		t.Fatalf("New(%q): %v", text, err)
	}
	return l
}

// runTexts returns the text of each run of each line, runs in visual order.
func runTexts(l *Layout) [][]string {
	r := []rune(l.Document().Text())
	var out [][]string
	for _, ln := range l.Lines() {
		var runs []string
		for _, run := range ln.Runs {
			runs = append(runs, string(r[run.Start:run.End]))
		}
		out = append(out, runs)
	}
	return out
}

// visualRunes returns the code point offsets of a line in visual order, left
// to right: the clusters in order, the code points of an RTL cluster reversed.
func visualRunes(ln Line) []int {
	var out []int
	for _, run := range ln.Runs {
		for _, c := range run.Clusters {
			if run.RTL {
				for i := c.End - 1; i >= c.Start; i-- {
					out = append(out, i)
				}
			} else {
				for i := c.Start; i < c.End; i++ {
					out = append(out, i)
				}
			}
		}
	}
	return out
}

// Paragraphs with known visual orders (runs in visual order, left to right).
var visualCases = []struct {
	name string
	dir  Direction
	text string
	rtl  bool
	runs []string
}{
	{"number in Arabic", "rtl", "عام 2024 جديد", true, []string{" جديد", "2024", "عام "}},
	{"brackets", "rtl", "(مثال)", true, []string{"(مثال)"}},
	{"bracketed Latin in Arabic", "rtl", "الكشف الثاني (ريك ويلكينغ) من Reuters", true, []string{"Reuters", "الكشف الثاني (ريك ويلكينغ) من "}},
	{"Latin name in Arabic", "rtl", "قال Donald Trump إن", true, []string{" إن", "Donald Trump", "قال "}},
	{"quotes in Arabic", "rtl", `صحيفة "نيويورك تايمز" الأميركية`, true, []string{`صحيفة "نيويورك تايمز" الأميركية`}},
	{"date", "rtl", "14 نوفمبر 2017", true, []string{"2017", " نوفمبر ", "14"}},
	{"English quoting Arabic", "ltr", `He said "مرحبا بكم" today.`, false, []string{`He said "`, "مرحبا بكم", `" today.`}},
	{"Arabic quoted in English at the end", "ltr", `The paper wrote «الكشف الثاني».`, false, []string{"The paper wrote «", "الكشف الثاني", "»."}},
	{"neutral paragraph in an RTL article", "rtl", "2017", true, []string{"2017"}},
	{"neutral paragraph in an LTR article", "ltr", "2017", false, []string{"2017"}},
	{"isolate", "rtl", "قال \u2066Hello, world\u2069 أمس", true, []string{"\u2069 أمس", "Hello, world", "قال \u2066"}},
}

func TestVisualOrder(t *testing.T) {
	for _, c := range visualCases {
		t.Run(c.name, func(t *testing.T) {
			l := mustLayout(t, c.text, c.dir, Options{Width: 2000})
			lines := l.Lines()
			if len(lines) != 1 {
				t.Fatalf("%d lines, want 1", len(lines))
			}
			if lines[0].RTL != c.rtl {
				t.Errorf("rtl = %v, want %v", lines[0].RTL, c.rtl)
			}
			got := runTexts(l)[0]
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", c.runs) {
				t.Errorf("runs (visual order) = %q\nwant %q", got, c.runs)
			}
			// Runs tile the line from left to right.
			ln := lines[0]
			x := ln.X
			for _, r := range ln.Runs {
				if math.Abs(float64(r.X-x)) > 0.01 {
					t.Errorf("run %d-%d starts at x=%v, want %v", r.Start, r.End, r.X, x)
				}
				x += r.Width
			}
			if c.rtl && math.Abs(float64(x-2000)) > 0.01 {
				t.Errorf("RTL line ends at %v, want 2000", x)
			}
			if !c.rtl && ln.X != 0 {
				t.Errorf("LTR line starts at %v, want 0", ln.X)
			}
		})
	}
}

// TestMirroredBrackets checks that brackets in RTL text are drawn mirrored:
// in (مثال) the leftmost glyph is the ')' of the text, drawn as '('.
func TestMirroredBrackets(t *testing.T) {
	l := mustLayout(t, "(مثال)", "rtl", Options{Width: 400})
	run := l.Lines()[0].Runs[0]
	left, right := run.frags[0], run.frags[len(run.frags)-1]
	if run.Clusters[0].Start != 5 || run.Clusters[len(run.Clusters)-1].Start != 0 {
		t.Fatalf("clusters %v: want ')' (5) leftmost and '(' (0) rightmost", run.Clusters)
	}
	open, _ := l.doc.engine.fs.fonts[FaceLatin].NominalGlyph('(')
	close, _ := l.doc.engine.fs.fonts[FaceLatin].NominalGlyph(')')
	gl := left.sh.glyphs[left.sh.clusters[left.c0].g0].GlyphID
	gr := right.sh.glyphs[right.sh.clusters[right.c1-1].g0].GlyphID
	if gl != open || gr != close {
		t.Errorf("leftmost glyph %d, rightmost %d; want '(' %d and ')' %d", gl, gr, open, close)
	}
}

// TestFaces checks the face chosen for common characters.
func TestFaces(t *testing.T) {
	e, err := DefaultEngine()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		text  string
		faces string // one letter per rune: A Arabic, L Latin, E emoji
	}{
		{"قال، «نعم» 2017", "AAAAAAAAAAAAAAA"},
		{"(مثال)", "LAAAAL"},
		{`"ويكيليكس"`, "LAAAAAAAAL"},
		{"Trump 2017", "LLLLLLLLLL"},
		{"مع Trump، و", "AAALLLLLAAA"},
		{"فّ ok 😀!", "AAALLLEL"},
		{"2017 عام", "AAAAAAAA"},
	}
	letters := [...]byte{FaceArabic: 'A', FaceLatin: 'L', FaceEmoji: 'E'}
	for _, c := range cases {
		runes := []rune(c.text)
		w := e.getWorker()
		p := w.analyse(runes, 0, true)
		e.putWorker(w)
		got := make([]byte, len(runes))
		for i, f := range p.faces {
			got[i] = letters[f]
		}
		if string(got) != c.faces {
			t.Errorf("faces of %q = %s, want %s", c.text, got, c.faces)
		}
	}
}

// TestAgainstFribidi compares the visual order of every paragraph of the
// seed article and of the mixed cases with GNU FriBidi's (fribidi --vtol).
func TestAgainstFribidi(t *testing.T) {
	if _, err := exec.LookPath("fribidi"); err != nil {
		t.Skip("fribidi not installed (Debian package libfribidi-bin)")
	}
	var paras []string
	for _, c := range visualCases {
		if c.dir == "rtl" || c.rtl == false && c.runs[0] != "2017" {
			paras = append(paras, c.text)
		}
	}
	paras = append(paras, strings.Split(mixedParagraphs, "\n")...)
	paras = append(paras, strings.Split(seedText(t), "\n")...)
	text := strings.Join(paras, "\n")
	cmd := exec.Command("fribidi", "--wrtl", "--nobreak", "--novisual", "--vtol")
	cmd.Stdin = strings.NewReader(text + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("fribidi: %v", err)
	}
	maps := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(maps) != len(paras) {
		t.Fatalf("fribidi gave %d lines for %d paragraphs", len(maps), len(paras))
	}
	l := mustLayout(t, text, "rtl", Options{Width: 1e6})
	lines := l.Lines()
	for i := range paras {
		p := l.Paragraph(i)
		if len(p.Lines) != 1 {
			t.Fatalf("paragraph %d: %d lines at width 1e6", i, len(p.Lines))
		}
		var want []int
		for _, f := range strings.Fields(maps[i]) {
			v, _ := strconv.Atoi(f)
			want = append(want, p.Start+v)
		}
		// Compare cluster by cluster: FriBidi puts harakat after their letter
		// (its NSM reordering), the shaper keeps them in one cluster.
		ln := lines[l.firstLine[i]]
		got, wantc := clusterSeq(ln, visualRunes(ln)), clusterSeq(ln, want)
		if fmt.Sprint(got) != fmt.Sprint(wantc) {
			t.Errorf("paragraph %d %q:\n ours    %v\n fribidi %v", i, paras[i], got, wantc)
		}
	}
}

// clusterSeq maps a visual sequence of code points to the sequence of the
// clusters (by start) they belong to, merging repeats.
func clusterSeq(ln Line, offsets []int) []int {
	clusterOf := make(map[int]int)
	for _, r := range ln.Runs {
		for _, c := range r.Clusters {
			for k := c.Start; k < c.End; k++ {
				clusterOf[k] = c.Start
			}
		}
	}
	var out []int
	for _, o := range offsets {
		c, ok := clusterOf[o]
		if !ok {
			c = -1 - o
		}
		if len(out) == 0 || out[len(out)-1] != c {
			out = append(out, c)
		}
	}
	return out
}

// checkLines checks the invariants of a layout of text at width w.
func checkLines(t *testing.T, l *Layout, w float32) {
	t.Helper()
	runes := []rune(l.Document().Text())
	lines := l.Lines()
	prevY := float32(-1)
	for i, ln := range lines {
		ps, pe := l.Document().ParagraphRange(ln.Paragraph)
		switch {
		case i == 0:
			if ln.Start != 0 || ln.Paragraph != 0 {
				t.Fatalf("first line starts at %d in paragraph %d", ln.Start, ln.Paragraph)
			}
		case ln.Paragraph == lines[i-1].Paragraph:
			if ln.Start != lines[i-1].End {
				t.Fatalf("line %d starts at %d, the previous ended at %d", i, ln.Start, lines[i-1].End)
			}
		default:
			_, prevEnd := l.Document().ParagraphRange(lines[i-1].Paragraph)
			if ln.Paragraph != lines[i-1].Paragraph+1 || ln.Start != ps || lines[i-1].End != prevEnd {
				t.Fatalf("line %d: paragraph %d at %d follows a line ending at %d", i, ln.Paragraph, ln.Start, lines[i-1].End)
			}
		}
		if ln.End > pe {
			t.Fatalf("line %d ends at %d after its paragraph (%d)", i, ln.End, pe)
		}
		if ln.Y <= prevY {
			t.Fatalf("line %d at y=%v not below the previous one (%v)", i, ln.Y, prevY)
		}
		prevY = ln.Y
		// Content fits unless a single cluster is wider than the line.
		if ln.Width > w+0.01 {
			t.Errorf("line %d is %v wide, more than %v", i, ln.Width, w)
		}
		end := ln.X + ln.Width
		if ln.RTL && math.Abs(float64(end-w)) > 0.01 {
			t.Errorf("RTL line %d ends at %v, want %v", i, end, w)
		}
		if !ln.RTL && ln.X != 0 {
			t.Errorf("LTR line %d starts at %v, want 0", i, ln.X)
		}
		// A line never starts between two joined Arabic letters.
		if ln.Start > ps {
			a, b := runes[ln.Start-1], runes[ln.Start]
			k1, _ := kindOf(a, b)
			k2, _ := kindOf(b, 0)
			if k1 == kindArabic && k2 == kindArabic && isLetter(a) && isLetter(b) {
				t.Errorf("line %d breaks the word joining %q|%q", i, string(a), string(b))
			}
		}
		// Runs and clusters tile the line and cover its code points once.
		seen := make(map[int]bool)
		x := ln.X
		for _, r := range ln.Runs {
			for _, c := range r.Clusters {
				if math.Abs(float64(c.X-x)) > 0.01 {
					t.Fatalf("line %d: cluster %d-%d at x=%v, want %v", i, c.Start, c.End, c.X, x)
				}
				x += c.Advance
				for k := c.Start; k < c.End; k++ {
					if seen[k] {
						t.Fatalf("line %d: code point %d in two clusters", i, k)
					}
					seen[k] = true
				}
			}
		}
		if len(seen) != ln.End-ln.Start {
			t.Errorf("line %d: clusters cover %d code points of %d", i, len(seen), ln.End-ln.Start)
		}
	}
}

// TestWrapSeed lays the seed article out at two widths.
func TestWrapSeed(t *testing.T) {
	text := seedText(t)
	var counts []int
	for _, w := range []float32{640, 320} {
		l := mustLayout(t, text, "rtl", Options{Width: w})
		checkLines(t, l, w)
		counts = append(counts, len(l.Lines()))
		// Every line but a paragraph's last is full enough that the next
		// word would not have fitted.
		lines := l.Lines()
		for i := 0; i+1 < len(lines); i++ {
			if lines[i].Paragraph != lines[i+1].Paragraph {
				continue
			}
			next := lines[i+1].Runs
			var firstWord float32
			for _, r := range next {
				for _, c := range r.Clusters {
					if c.Start < lines[i+1].Start+nextWordLen(text, lines[i+1].Start) {
						firstWord += c.Advance
					}
				}
			}
			if lines[i].Width+spaceWidth(l, lines[i])+firstWord <= w-0.5 {
				t.Errorf("width %v: line %d (%v wide) could have taken the next word (%v wide)", w, i, lines[i].Width, firstWord)
			}
		}
	}
	if counts[1] <= counts[0] {
		t.Errorf("%d lines at 320 px, %d at 640 px", counts[1], counts[0])
	}
	t.Logf("seed article: %d lines at 640 px, %d at 320 px", counts[0], counts[1])
}

func nextWordLen(text string, start int) int {
	r := []rune(text)
	n := 0
	for start+n < len(r) && r[start+n] != ' ' && r[start+n] != '\n' {
		n++
	}
	return n
}

// spaceWidth returns the width of the collapsed trailing space of a line.
func spaceWidth(l *Layout, ln Line) float32 {
	for _, r := range ln.Runs {
		for _, f := range r.frags {
			if f.zero {
				w := float32(0)
				for ci := f.c0; ci < f.c1; ci++ {
					w += f.sh.clusters[ci].adv
				}
				return w
			}
		}
	}
	return 0
}

// TestReflow checks that a layout at a new width reuses the shaping and gives
// the same lines as a fresh document.
func TestReflow(t *testing.T) {
	text := seedText(t)
	e, _ := DefaultEngine()
	d, _ := e.NewDocument(text, "rtl")
	a, _ := d.Layout(Options{Width: 640})
	b, _ := d.Layout(Options{Width: 300})
	a2, _ := d.Layout(Options{Width: 640})
	if a != a2 {
		t.Error("the layout at 640 px was not cached")
	}
	fresh := mustLayout(t, text, "rtl", Options{Width: 300})
	var j1, j2 bytes.Buffer
	b.WriteJSON(&j1)
	fresh.WriteJSON(&j2)
	if j1.String() != j2.String() {
		t.Error("reflowed layout differs from a fresh one")
	}
	if len(a.Lines()) >= len(b.Lines()) {
		t.Errorf("%d lines at 640 px, %d at 300 px", len(a.Lines()), len(b.Lines()))
	}
}

// TestLazy checks that the first lines come without laying out the rest, and
// that a later Complete gives the same lines as laying out in one go.
func TestLazy(t *testing.T) {
	text := strings.Repeat(seedText(t)+"\n", 20)
	l := mustLayout(t, text, "rtl", Options{Width: 640})
	n := l.LayoutLines(40)
	if n < 40 {
		t.Fatalf("LayoutLines(40) placed %d lines", n)
	}
	laid := 0
	for i := range l.doc.paras {
		if l.IsLaidOut(i) {
			laid++
		}
	}
	if laid > l.Document().NumParagraphs()/4 {
		t.Errorf("%d of %d paragraphs laid out for the first 40 lines", laid, l.Document().NumParagraphs())
	}
	if l.Done() {
		t.Error("Done before Complete")
	}
	y, exact := l.ParagraphTop(l.Document().NumParagraphs() - 1)
	if exact || y <= 0 {
		t.Errorf("estimated top of the last paragraph: %v, exact %v", y, exact)
	}
	// A paragraph in the middle first, then the rest in the background.
	mid := l.Document().NumParagraphs() / 2
	l.LayoutParagraphs(mid, mid+3)
	done := make(chan error)
	go func() { done <- l.Complete(context.Background()) }()
	_ = l.Rects(10, 50) // concurrent queries are safe
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !l.Done() {
		t.Error("not Done after Complete")
	}
	y2, exact := l.ParagraphTop(l.Document().NumParagraphs() - 1)
	if !exact {
		t.Error("top not exact after Complete")
	}
	t.Logf("last paragraph top: estimated %v, laid out %v", y, y2)
	whole := mustLayout(t, text, "rtl", Options{Width: 640, FontSize: 16.0})
	var j1, j2 bytes.Buffer
	l.WriteJSON(&j1)
	whole.WriteJSON(&j2)
	if j1.String() != j2.String() {
		t.Error("lazy layout differs from a whole one")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l3 := mustLayout(t, text, "rtl", Options{Width: 500})
	if err := l3.Complete(ctx); err == nil {
		t.Error("Complete with a cancelled context returned nil")
	}
}

func TestOptionsErrors(t *testing.T) {
	for _, o := range []Options{{}, {Width: -1}, {Width: float32(math.NaN())}, {Width: 100, FontSize: -2}, {Width: 100, BadgeBand: -1}} {
		if _, err := New("x", "rtl", o); !isInvalid(err) {
			t.Errorf("New with %+v: error %v, want code invalid", o, err)
		}
	}
	if _, err := New("\xff", "rtl", Options{Width: 100}); !isInvalid(err) {
		t.Errorf("invalid UTF-8: error %v, want code invalid", err)
	}
	if _, err := New("x", "up", Options{Width: 100}); !isInvalid(err) {
		t.Errorf("bad direction: error %v, want code invalid", err)
	}
}

// TestJSONGolden compares the JSON dump of the seed article at 640 px with
// testdata/seed-640.json (rewrite with -update).
func TestJSONGolden(t *testing.T) {
	l := mustLayout(t, seedText(t), "rtl", Options{Width: 640})
	var buf bytes.Buffer
	if err := l.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	// The format: exactly these keys, in this order.
	var generic struct {
		Width float64 `json:"width"`
		Lines []map[string]json.RawMessage
	}
	if err := json.Unmarshal(buf.Bytes(), &generic); err != nil {
		t.Fatal(err)
	}
	if generic.Width != 640 || len(generic.Lines) == 0 {
		t.Fatalf("width %v, %d lines", generic.Width, len(generic.Lines))
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte(`{"width":640,"lines":[{"paragraph":0,"start":0,"end":`)) {
		t.Errorf("unexpected start: %.80s", buf.String())
	}
	if !strings.Contains(buf.String(), `"rtl":true,"y":0,"height":24,"runs":[{"start":`) {
		t.Errorf("line keys not in the documented order: %.200s", buf.String())
	}
	golden.Assert(t, filepath.Join("testdata", "seed-640.json"), buf.Bytes())
}
