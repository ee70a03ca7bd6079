package field

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/app/layout"
)

const mixedLTR = "abc عربي 123 xyz" // an LTR paragraph with an Arabic word and a number
const mixedRTL = "عربي abc 123"     // an RTL paragraph with a Latin word and a number

func newField(t *testing.T, text string, dir layout.Direction) *Model {
	t.Helper()
	m := New(dir)
	m.SetGeometry(400, 16)
	m.SetText(text)
	return m
}

func TestParagraphDirection(t *testing.T) {
	cases := []struct {
		text string
		dir  layout.Direction
		rtl  bool
	}{
		{"", layout.RTL, true},
		{"", layout.LTR, false},
		{"123 !", layout.RTL, true}, // no strong character: the default
		{"123 !", layout.LTR, false},
		{mixedLTR, layout.RTL, false}, // first strong is Latin
		{mixedRTL, layout.LTR, true},  // first strong is Arabic
		{"שלום world", layout.LTR, true},
	}
	for _, c := range cases {
		m := newField(t, c.text, c.dir)
		if got := m.RTL(); got != c.rtl {
			t.Errorf("%q (default %s): RTL = %v, want %v", c.text, c.dir, got, c.rtl)
		}
	}
}

func TestAlignment(t *testing.T) {
	m := newField(t, "عربي", layout.LTR)
	ln := m.Layout().Lines()[0]
	if d := 400 - (ln.X + ln.Width); d > 0.5 || d < -0.5 {
		t.Errorf("RTL line ends at %v, want the right edge 400", ln.X+ln.Width)
	}
	m = newField(t, "abc", layout.RTL)
	if ln := m.Layout().Lines()[0]; ln.X != 0 {
		t.Errorf("LTR line starts at %v, want 0", ln.X)
	}
	// An empty RTL field puts its caret at the right edge.
	m = newField(t, "", layout.RTL)
	if c := m.CaretRect(); c.X < 399 {
		t.Errorf("caret of an empty RTL field at x=%v, want the right edge", c.X)
	}
	m = newField(t, "", layout.LTR)
	if c := m.CaretRect(); c.X != 0 {
		t.Errorf("caret of an empty LTR field at x=%v, want 0", c.X)
	}
}

// presses applies move n times and records the caret offsets and x.
func presses(m *Model, n int, move func()) (offs []int, xs []float32) {
	for range n {
		move()
		offs = append(offs, m.Caret().Offset)
		xs = append(xs, m.CaretRect().X)
	}
	return offs, xs
}

func TestVisualMovesLTRParagraph(t *testing.T) {
	m := newField(t, mixedLTR, layout.LTR)
	m.SetCaret(Position{Offset: 0}, false)
	offs, xs := presses(m, 17, func() { m.MoveRight(false) })
	// Visually: a b c ␠ 1 2 3 ␠ ي ب ر ع ␠ x y z — inside the Arabic run →
	// goes backward through the text (8, 7, 6, 5, 4).
	want := []int{1, 2, 3, 4, 10, 11, 12, 8, 7, 6, 5, 4, 13, 14, 15, 16, 16}
	if fmt.Sprint(offs) != fmt.Sprint(want) {
		t.Errorf("→ over %q: offsets %v\n want %v", mixedLTR, offs, want)
	}
	for i := 1; i < 16; i++ {
		if xs[i] <= xs[i-1] {
			t.Errorf("→ press %d: x %v not right of %v", i+1, xs[i], xs[i-1])
		}
	}
	// And back with ←: the same places in reverse.
	back, bxs := presses(m, 16, func() { m.MoveLeft(false) })
	wantBack := []int{15, 14, 13, 12, 5, 6, 7, 8, 9, 11, 10, 9, 3, 2, 1, 0}
	if fmt.Sprint(back) != fmt.Sprint(wantBack) {
		t.Errorf("← over %q: offsets %v\n want %v", mixedLTR, back, wantBack)
	}
	for i := range 15 {
		if d := bxs[i] - xs[14-i]; d > 0.01 || d < -0.01 {
			t.Errorf("← press %d at x=%v, → came through %v", i+1, bxs[i], xs[14-i])
		}
	}
}

func TestVisualMovesRTLParagraph(t *testing.T) {
	m := newField(t, mixedRTL, layout.LTR)
	m.SetCaret(Position{Offset: 0}, false)
	if c := m.CaretRect(); c.X < 399 {
		t.Fatalf("caret at the start of an RTL line at x=%v, want the right edge", c.X)
	}
	// Visually: a b c ␠ 1 2 3 ␠ ي ب ر ع; ← from the start moves forward
	// through the Arabic word, then backward through "abc 123".
	offs, xs := presses(m, 13, func() { m.MoveLeft(false) })
	want := []int{1, 2, 3, 4, 5, 11, 10, 9, 8, 7, 6, 5, 5}
	if fmt.Sprint(offs) != fmt.Sprint(want) {
		t.Errorf("← over %q: offsets %v\n want %v", mixedRTL, offs, want)
	}
	for i := 1; i < 12; i++ {
		if xs[i] >= xs[i-1] {
			t.Errorf("← press %d: x %v not left of %v", i+1, xs[i], xs[i-1])
		}
	}
	// → from the start of an RTL line does not move: it is its right end.
	m.SetCaret(Position{Offset: 0}, false)
	m.MoveRight(false)
	if got := m.Caret().Offset; got != 0 {
		t.Errorf("→ at the right end moved to %d", got)
	}
}

func TestCaretWhereTextAppears(t *testing.T) {
	// The caret is drawn where the next typed character will appear: type a
	// letter, and its glyph's leading edge is where the caret was.
	for _, c := range []struct {
		text string
		r    rune
		dir  layout.Direction
	}{{"", 'ع', layout.RTL}, {"عربو", 'ع', layout.LTR}, {"عربو ", 'ع', layout.LTR}, {"abc", 'x', layout.RTL}, {"abc ", 'x', layout.RTL}, {"", 'x', layout.LTR}} {
		m := newField(t, c.text, c.dir)
		before := m.CaretRect().X
		m.TypeRune(c.r)
		rects := m.Layout().Rects(len([]rune(c.text)), len([]rune(c.text))+1)
		if len(rects) != 1 {
			t.Fatalf("%q+%q: %d rects", c.text, c.r, len(rects))
		}
		edge := rects[0].X
		if c.r == 'ع' {
			edge = rects[0].X + rects[0].W
		}
		if d := edge - before; d > 0.5 || d < -0.5 {
			t.Errorf("%q then %q: caret was at %v, the new glyph's leading edge at %v", c.text, string(c.r), before, edge)
		}
	}
}

func TestCaretStopsAndDeletion(t *testing.T) {
	// لا is one glyph: no caret between lam and alef; harakat stay with
	// their letter.
	m := newField(t, "سلام فّ", layout.RTL)
	var stops []int
	for off := 0; off <= m.Len(); off++ {
		if m.IsCaretStop(off) {
			stops = append(stops, off)
		}
	}
	if fmt.Sprint(stops) != fmt.Sprint([]int{0, 1, 3, 4, 5, 7}) {
		t.Errorf("caret stops %v", stops)
	}
	m.SetCaret(Position{Offset: 3}, false)
	m.Backspace()
	if m.Text() != "سم فّ" || m.Caret().Offset != 1 {
		t.Errorf("Backspace after لا: %q caret %d", m.Text(), m.Caret().Offset)
	}
	m.SetText("سلام فّ")
	m.SetCaret(Position{Offset: 1}, false)
	m.Delete()
	if m.Text() != "سم فّ" {
		t.Errorf("Delete before لا: %q", m.Text())
	}
	m.SetText("سلام فّ")
	m.Backspace()
	if m.Text() != "سلام " {
		t.Errorf("Backspace after فّ: %q", m.Text())
	}
	// SetCaret snaps into a stop.
	m.SetText("سلام")
	m.SetCaret(Position{Offset: 2}, false)
	if m.Caret().Offset != 1 {
		t.Errorf("SetCaret(2) inside لا gave %d", m.Caret().Offset)
	}
}

func TestDeletionAtDirectionBoundary(t *testing.T) {
	// Offset 4 of "abc عربي" has two places: after the space (upstream) and
	// at the right end of the Arabic word (downstream). Either way,
	// Backspace deletes the space and Delete the first Arabic letter.
	for _, up := range []bool{false, true} {
		m := newField(t, "abc عربي", layout.LTR)
		m.SetCaret(Position{Offset: 4, Upstream: up}, false)
		m.Backspace()
		if m.Text() != "abcعربي" || m.Caret().Offset != 3 {
			t.Errorf("upstream=%v Backspace: %q caret %d", up, m.Text(), m.Caret().Offset)
		}
		m = newField(t, "abc عربي", layout.LTR)
		m.SetCaret(Position{Offset: 4, Upstream: up}, false)
		m.Delete()
		if m.Text() != "abc ربي" || m.Caret().Offset != 4 {
			t.Errorf("upstream=%v Delete: %q caret %d", up, m.Text(), m.Caret().Offset)
		}
	}
	// The two places are really different x.
	m := newField(t, "abc عربي", layout.LTR)
	m.SetCaret(Position{Offset: 4, Upstream: true}, false)
	up := m.CaretRect().X
	m.SetCaret(Position{Offset: 4}, false)
	down := m.CaretRect().X
	if down-up < 20 {
		t.Errorf("offset 4: upstream x %v, downstream x %v; want the Arabic word between", up, down)
	}
	// At a direction boundary inside an RTL paragraph, Backspace at the end
	// of "abc" (drawn at its right) deletes c.
	m = newField(t, "عربي abc", layout.LTR)
	m.SetCaret(Position{Offset: 8, Upstream: true}, false)
	m.Backspace()
	if m.Text() != "عربي ab" {
		t.Errorf("Backspace in the LTR run of an RTL paragraph: %q", m.Text())
	}
}

func TestSelectionRects(t *testing.T) {
	m := newField(t, mixedLTR, layout.LTR)
	// [2, 6) is "c␠" (LTR, left) and "عر" (the right end of the Arabic
	// word): two rectangles with "123 يب" between them.
	m.Select(2, 6)
	rs := m.SelectionRects()
	if len(rs) != 2 {
		t.Fatalf("selection [2,6) of %q: %d rects %v, want 2", mixedLTR, len(rs), rs)
	}
	if rs[0].X >= rs[1].X {
		t.Errorf("rects not left to right: %v", rs)
	}
	lay := m.Layout()
	spaceEnd := lay.Rects(3, 4)[0]
	arabicRight := lay.Rects(4, 5)[0]
	if d := rs[0].X + rs[0].W - (spaceEnd.X + spaceEnd.W); d > 0.01 || d < -0.01 {
		t.Errorf("first rect ends at %v, the space at %v", rs[0].X+rs[0].W, spaceEnd.X+spaceEnd.W)
	}
	if d := rs[1].X + rs[1].W - (arabicRight.X + arabicRight.W); d > 0.01 || d < -0.01 {
		t.Errorf("second rect ends at %v, ع at %v", rs[1].X+rs[1].W, arabicRight.X+arabicRight.W)
	}
	// Shift+→ from 2 four times selects c, ␠, 1, 2 visually: [2,4) and
	// [9,11) — two rectangles side by side merge into one piece? No: the
	// selection is logical [2, 11), which covers the Arabic word too.
	m.SetCaret(Position{Offset: 2}, false)
	for range 4 {
		m.MoveRight(true)
	}
	if a, b := m.Selection(); a != 2 || b != 11 {
		t.Errorf("Shift+→ ×4 from 2: selection [%d,%d), want [2,11)", a, b)
	}
	// A whole-text selection is one rectangle.
	m.SelectAll()
	if rs := m.SelectionRects(); len(rs) != 1 {
		t.Errorf("select all: %d rects", len(rs))
	}
}

func TestTypingReplacesSelectionAndUndo(t *testing.T) {
	m := newField(t, "", layout.RTL)
	for _, r := range "قال ترامب" {
		m.TypeRune(r)
	}
	if m.Text() != "قال ترامب" || m.Caret().Offset != 9 {
		t.Fatalf("typed %q caret %d", m.Text(), m.Caret().Offset)
	}
	m.Select(4, 9)
	for _, r := range "BBC" {
		m.TypeRune(r)
	}
	if m.Text() != "قال BBC" {
		t.Errorf("typing over a selection: %q", m.Text())
	}
	m.Undo()
	if m.Text() != "قال ترامب" {
		t.Errorf("undo of the replacement: %q", m.Text())
	}
	if a, b := m.Selection(); a != 4 || b != 9 {
		t.Errorf("undo restores the selection [%d,%d)", a, b)
	}
	m.Undo() // the word ترامب
	if m.Text() != "قال " {
		t.Errorf("second undo: %q", m.Text())
	}
	m.Undo()
	if m.Text() != "" || m.Undo() {
		t.Errorf("third undo: %q", m.Text())
	}
	m.Redo()
	m.Redo()
	if m.Text() != "قال ترامب" {
		t.Errorf("redo twice: %q", m.Text())
	}
	// Backspaces coalesce too; a new edit drops the redo.
	m.SetCaret(Position{Offset: 9}, false)
	m.Backspace()
	m.Backspace()
	m.Undo()
	if m.Text() != "قال ترامب" {
		t.Errorf("undo of two backspaces: %q", m.Text())
	}
	m.TypeRune('x')
	if m.Redo() {
		t.Errorf("redo after a new edit")
	}
	// Paste is one step and replaces the selection.
	m.SelectAll()
	m.Insert("a\nb")
	if m.Text() != "a b" {
		t.Errorf("paste into a single-line field: %q", m.Text())
	}
}

func TestWordMoves(t *testing.T) {
	// Ctrl+← in an RTL paragraph goes forward word by word, clitics kept.
	m := newField(t, "قال وويكيليكس للمغرب", layout.RTL)
	m.SetCaret(Position{Offset: 0}, false)
	var offs []int
	for range 3 {
		m.MoveWord(false, false)
		offs = append(offs, m.Caret().Offset)
	}
	if fmt.Sprint(offs) != "[3 13 20]" {
		t.Errorf("Ctrl+← in RTL: %v", offs)
	}
	m.MoveWord(true, true)
	if a, b := m.Selection(); a != 14 || b != 20 {
		t.Errorf("Ctrl+Shift+→ back: [%d,%d)", a, b)
	}
	// In an LTR paragraph Ctrl+→ goes forward.
	m = newField(t, mixedLTR, layout.LTR)
	m.SetCaret(Position{Offset: 0}, false)
	m.MoveWord(true, false)
	if m.Caret().Offset != 3 {
		t.Errorf("Ctrl+→ in LTR: %d", m.Caret().Offset)
	}
}

func TestHomeEndUpDown(t *testing.T) {
	m := New(layout.RTL)
	m.SetMultiLine(true)
	m.SetGeometry(120, 16)
	m.SetText("قال ترامب 2017 وفق BBC\nabc def")
	lines := m.Layout().Lines()
	if len(lines) < 3 {
		t.Fatalf("%d lines at width 120, want a wrap", len(lines))
	}
	m.SetCaret(Position{Offset: 1}, false)
	m.End(false)
	if got := m.Caret().Offset; got != lines[0].End {
		t.Errorf("End: %d, want the first line's end %d", got, lines[0].End)
	}
	if c := m.CaretRect(); c.Line != 0 {
		t.Errorf("End of a wrapped line: caret drawn on line %d", c.Line)
	}
	m.Home(false)
	if m.Caret().Offset != 0 {
		t.Errorf("Home: %d", m.Caret().Offset)
	}
	if c := m.CaretRect(); c.X < 119 {
		t.Errorf("Home of an RTL line at x=%v, want its right end", c.X)
	}
	// Down keeps the x and goes through every line, then to the end.
	y := m.CaretRect().Y
	for i := 1; i < len(lines); i++ {
		m.Down(false)
		c := m.CaretRect()
		if c.Y <= y {
			t.Errorf("Down %d: y %v not below %v", i, c.Y, y)
		}
		y = c.Y
	}
	m.Down(false)
	if m.Caret().Offset != m.Len() {
		t.Errorf("Down on the last line: %d", m.Caret().Offset)
	}
	m.Up(true)
	if a, b := m.Selection(); b != m.Len() || a >= b {
		t.Errorf("Shift+Up: [%d,%d)", a, b)
	}
	// Enter is a newline in a multi-line field.
	m.SetText("ab")
	m.TypeRune('\n')
	if m.Text() != "ab\n" {
		t.Errorf("newline: %q", m.Text())
	}
}

func TestHitTestAndWord(t *testing.T) {
	m := newField(t, mixedLTR, layout.LTR)
	// Clicking each cell edge puts the caret there.
	for off := 0; off <= m.Len(); off++ {
		m.SetCaret(Position{Offset: off}, false)
		c := m.CaretRect()
		p := m.HitTest(c.X, c.Y+c.H/2)
		m.SetCaret(p, false)
		if got := m.CaretRect().X; got-c.X > 0.01 || c.X-got > 0.01 {
			t.Errorf("offset %d at x=%v: click there gives %d at x=%v", off, c.X, p.Offset, got)
		}
	}
	m.SelectWordAt(5)
	if m.SelectedText() != "عربي" {
		t.Errorf("double click on the Arabic word: %q", m.SelectedText())
	}
}

// TestAgainstFribidi compares the field's rendered order with GNU
// FriBidi's, cluster by cluster, as app/layout does for the article view.
func TestAgainstFribidi(t *testing.T) {
	if _, err := exec.LookPath("fribidi"); err != nil {
		t.Skip("fribidi not installed (Debian package libfribidi-bin)")
	}
	texts := []string{mixedLTR, mixedRTL, "قال ترامب 2017 وفق BBC", "(مثال) [a] «نص»", "BBC قال 3.5% من",
		"שלום world 12", "فّ ok لا", "123"}
	for _, dir := range []layout.Direction{layout.LTR, layout.RTL} {
		flag := "--wltr"
		if dir == layout.RTL {
			flag = "--wrtl"
		}
		cmd := exec.Command("fribidi", flag, "--nobreak", "--novisual", "--vtol")
		cmd.Stdin = strings.NewReader(strings.Join(texts, "\n") + "\n")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("fribidi: %v", err)
		}
		maps := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
		for i, text := range texts {
			m := newField(t, text, dir)
			var want []int
			for _, f := range strings.Fields(maps[i]) {
				v, _ := strconv.Atoi(f)
				want = append(want, v)
			}
			got := m.VisualOrder()
			if len(got) != 1 {
				t.Fatalf("%q: %d lines", text, len(got))
			}
			ln := m.Layout().Lines()[0]
			if g, w := clusterSeq(ln, got[0]), clusterSeq(ln, want); fmt.Sprint(g) != fmt.Sprint(w) {
				t.Errorf("%q (%s):\n field   %v\n fribidi %v", text, dir, g, w)
			}
		}
	}
}

// clusterSeq maps a visual sequence of code points to the clusters (by
// start) they belong to, merging repeats: FriBidi puts harakat after their
// letter, the shaper keeps them in one cluster.
func clusterSeq(ln layout.Line, offsets []int) []int {
	clusterOf := map[int]int{}
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

func TestShiftArrowAtBoundarySelectsCrossedGlyph(t *testing.T) {
	// After "abc " the caret's x holds offset 4 (after the space) and 8
	// (the end, left of ي). Shift+→ crosses ي: it selects ي, not عرب.
	m := newField(t, "abc عربي", layout.LTR)
	m.SetCaret(Position{Offset: 4, Upstream: true}, false)
	m.MoveRight(true)
	if got := m.SelectedText(); got != "ي" {
		t.Errorf("Shift+→ at the boundary selected %q, want ي", got)
	}
	m.MoveRight(true)
	if got := m.SelectedText(); got != "بي" {
		t.Errorf("Shift+→ twice selected %q, want بي", got)
	}
	if rs := m.SelectionRects(); len(rs) != 1 {
		t.Errorf("%d rects for بي", len(rs))
	}
}

func TestCaretStopsInEmojiSequences(t *testing.T) {
	// A family emoji (7 code points joined by ZWJ) and a flag are one caret
	// unit each: Backspace removes them whole.
	family := "👨\u200d👩\u200d👧\u200d👦"
	m := newField(t, "a"+family+"🇸🇦", layout.LTR)
	var stops []int
	for off := 0; off <= m.Len(); off++ {
		if m.IsCaretStop(off) {
			stops = append(stops, off)
		}
	}
	if fmt.Sprint(stops) != "[0 1 8 10]" {
		t.Errorf("caret stops %v, want [0 1 8 10]", stops)
	}
	m.Backspace()
	m.Backspace()
	if m.Text() != "a" {
		t.Errorf("two Backspaces left %q", m.Text())
	}
}

func TestCaretAfterTypingAtBoundary(t *testing.T) {
	// x typed after "abc" in "abc عربي" shows after c; the caret follows
	// it, not the far end of the Arabic word that also starts at its offset.
	m := newField(t, "abcعربي", layout.LTR)
	m.SetCaret(Position{Offset: 3, Upstream: true}, false)
	m.TypeRune('x')
	x := m.Layout().Rects(3, 4)[0]
	if c := m.CaretRect(); c.X < x.X+x.W-0.5 || c.X > x.X+x.W+0.5 {
		t.Errorf("caret at %v after typing x, want x's right edge %v", c.X, x.X+x.W)
	}
	// And Backspace puts it back after c.
	m.Backspace()
	c3 := m.Layout().Rects(2, 3)[0]
	if c := m.CaretRect(); c.X < c3.X+c3.W-0.5 || c.X > c3.X+c3.W+0.5 {
		t.Errorf("caret at %v after Backspace, want c's right edge %v", c.X, c3.X+c3.W)
	}
}
