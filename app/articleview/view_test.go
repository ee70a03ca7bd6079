package articleview

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
	"github.com/hamesh-app/hamesh/app/schedule"
)

// mixed is a hand-written paragraph: a clitic word, a number, brackets and a
// Latin name inside Arabic, then an English paragraph quoting Arabic.
const mixed = "ونقلت صحيفة نيويورك تايمز عن وويكيليكس أمس أن عام 2024 جديد (مثال) وقال Donald Trump Jr. إن «الكرملين» لم يتصل به.\n" +
	"The Guardian quoted \"ويكيليكس\" twice."

func TestDragSnapsToWholeWordWithClitic(t *testing.T) {
	v, _ := newTestView(t, mixed, annotations.RTL, 700, 400)
	s, e := cpIndex(t, mixed, "وويكيليكس", 0)
	var got []annotations.Range
	v.OnSelectionChanged = func(r annotations.Range) { got = append(got, r) }
	// From the middle of the third letter to the middle of the sixth.
	drag(v, charPos(t, v, s+2, 0.5), charPos(t, v, s+5, 0.5), 0)
	want := annotations.Range{Start: s, End: e}
	if v.Selection() != want {
		t.Fatalf("selection %v %q, want %v %q", v.Selection(), v.substr(v.Selection()), want, "وويكيليكس")
	}
	if len(got) != 1 || got[0] != want {
		t.Errorf("OnSelectionChanged got %v, want one call with %v", got, want)
	}
}

func TestAltDragIsGraphemePrecise(t *testing.T) {
	v, _ := newTestView(t, mixed, annotations.RTL, 700, 400)
	s, e := cpIndex(t, mixed, "وويكيليكس", 0)
	// Leave out the proclitic و: from the start edge of the second letter
	// (its right side, the text being RTL) to the end edge of the last.
	from := charPos(t, v, s+1, 0.1)
	to := charPos(t, v, e-1, 0.9)
	drag(v, from, to, fyne.KeyModifierAlt)
	want := annotations.Range{Start: s + 1, End: e}
	if v.Selection() != want {
		t.Fatalf("Alt-drag selection %v %q, want %v %q", v.Selection(), v.substr(v.Selection()), want, "ويكيليكس")
	}
	// Without Alt the same drag takes the whole word.
	drag(v, from, to, 0)
	if want := (annotations.Range{Start: s, End: e}); v.Selection() != want {
		t.Errorf("plain drag selection %v, want %v", v.Selection(), want)
	}
	// Alt held through KeyDown (not in the mouse event) counts as well.
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
	drag(v, from, to, 0)
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
	if v.Selection() != want {
		t.Errorf("drag with Alt key down: selection %v, want %v", v.Selection(), want)
	}
}

func TestDragDirectionDoesNotMatter(t *testing.T) {
	v, _ := newTestView(t, mixed, annotations.RTL, 700, 400)
	s, _ := cpIndex(t, mixed, "صحيفة", 0)
	_, e := cpIndex(t, mixed, "تايمز", 0)
	a, b := charPos(t, v, s+1, 0.5), charPos(t, v, e-2, 0.5)
	if a.X <= b.X {
		t.Fatalf("in an RTL line the earlier word should be on the right: %v vs %v", a, b)
	}
	drag(v, a, b, 0) // right to left
	rl := v.Selection()
	drag(v, b, a, 0) // left to right
	lr := v.Selection()
	want := annotations.Range{Start: s, End: e}
	if rl != want || lr != want {
		t.Errorf("right-to-left drag %v %q, left-to-right %v %q; want both %v", rl, v.substr(rl), lr, v.substr(lr), want)
	}
}

func TestDragAcrossLatinRunAndLines(t *testing.T) {
	seed := seedText(t)
	v, _ := newTestView(t, seed, annotations.RTL, 600, 500)
	// A wrapped paragraph: from inside the last word of its first line to
	// inside the first word of its second line.
	para := v.lay.Paragraph(v.doc.ParagraphAt(cpIndexOf(t, seed, "ونقلت صحيفة")))
	if len(para.Lines) < 2 {
		t.Fatalf("paragraph not wrapped at width %v", v.width)
	}
	l0, l1 := para.Lines[0], para.Lines[1]
	from := charPos(t, v, l0.End-3, 0.5)
	to := charPos(t, v, l1.Start+2, 0.5)
	drag(v, from, to, 0)
	want := v.ix.SnapWord(annotations.Range{Start: l0.End - 3, End: l1.Start + 3})
	got := v.Selection()
	if got != want || got.Start >= l0.End || got.End <= l1.Start {
		t.Errorf("drag across a line break selected %v %q, want %v across lines [%d,%d) and [%d,%d)", got, v.substr(got), want, l0.Start, l0.End, l1.Start, l1.End)
	}
	// Across a paragraph break (the '\n' is inside the selection).
	p1 := v.doc.ParagraphAt(cpIndexOf(t, seed, "14 نوفمبر"))
	s1, e1 := v.doc.ParagraphRange(p1)
	s2, _ := v.doc.ParagraphRange(p1 + 1)
	drag(v, charPos(t, v, s1+4, 0.5), charPos(t, v, s2+1, 0.5), 0)
	got = v.Selection()
	if got.Start != cpIndexOf(t, seed, "نوفمبر") || got.End <= e1 || !strings.Contains(v.substr(got), "\n") {
		t.Errorf("drag across paragraphs selected %v %q", got, v.substr(got))
	}
}

func cpIndexOf(t testing.TB, text, sub string) int {
	s, _ := cpIndex(t, text, sub, 0)
	return s
}

func TestDoubleClickSelectsWord(t *testing.T) {
	seed := seedText(t)
	v, _ := newTestView(t, seed, annotations.RTL, 700, 500)
	s, e := cpIndex(t, seed, "بروسيا", 0)
	v.page.DoubleTapped(&fyne.PointEvent{Position: charPos(t, v, s+3, 0.5)})
	if want := (annotations.Range{Start: s, End: e}); v.Selection() != want {
		t.Errorf("double click selected %v %q, want %v", v.Selection(), v.substr(v.Selection()), want)
	}
	// A Latin word in an RTL paragraph.
	v.SetText(mixed, annotations.RTL)
	v.waitIdle()
	s, e = cpIndex(t, mixed, "Trump", 0)
	v.page.DoubleTapped(&fyne.PointEvent{Position: charPos(t, v, s+1, 0.5)})
	if want := (annotations.Range{Start: s, End: e}); v.Selection() != want {
		t.Errorf("double click selected %v %q, want %v", v.Selection(), v.substr(v.Selection()), want)
	}
}

func TestClickSelectsInnermostSpan(t *testing.T) {
	seed := seedText(t)
	v, _ := newTestView(t, seed, annotations.RTL, 700, 500)
	rs, re := cpIndex(t, seed, "نجل الرئيس الأميركي، دونالد ترامب", 0)
	ps, pe := cpIndex(t, seed, "دونالد ترامب", 1)
	if ps < rs || pe > re {
		t.Fatalf("test spans not nested: role [%d,%d) person [%d,%d)", rs, re, ps, pe)
	}
	v.SetHighlights([]Highlight{
		{ID: "role", Start: rs, End: re, Label: "ROLE"},
		{ID: "pers", Start: ps, End: pe, Label: "PERS"},
	})
	var tapped []string
	v.OnSpanTapped = func(id string) { tapped = append(tapped, id) }
	v.SetSelection(annotations.Range{Start: 3, End: 8})
	v.page.Tapped(&fyne.PointEvent{Position: charPos(t, v, ps+2, 0.5)})
	v.page.Tapped(&fyne.PointEvent{Position: charPos(t, v, rs+1, 0.5)})
	if strings.Join(tapped, ",") != "pers,role" {
		t.Errorf("tapped %v, want [pers role]", tapped)
	}
	if v.Selection().End > v.Selection().Start {
		t.Errorf("selection after clicking a span = %v, want empty", v.Selection())
	}
	// A search match (no label) inside the person does not hide it.
	v.SetHighlights([]Highlight{
		{ID: "role", Start: rs, End: re, Label: "ROLE"},
		{ID: "pers", Start: ps, End: pe, Label: "PERS"},
		{ID: "find", Start: ps + 1, End: ps + 4},
	})
	tapped = nil
	v.page.Tapped(&fyne.PointEvent{Position: charPos(t, v, ps+2, 0.5)})
	v.page.Tapped(&fyne.PointEvent{Position: charPos(t, v, rs+1, 0.5)})
	if strings.Join(tapped, ",") != "pers,role" {
		t.Errorf("with a search match: tapped %v, want [pers role]", tapped)
	}
	// Outside any span nothing is tapped.
	v.page.Tapped(&fyne.PointEvent{Position: charPos(t, v, re+3, 0.5)})
	if len(tapped) != 2 {
		t.Errorf("a click off the spans tapped %v", tapped[2:])
	}
}

func TestShiftArrowsExtendByWord(t *testing.T) {
	v, _ := newTestView(t, mixed, annotations.RTL, 700, 400)
	s, e := cpIndex(t, mixed, "صحيفة", 0)
	_, e2 := cpIndex(t, mixed, "نيويورك", 0)
	v.page.DoubleTapped(&fyne.PointEvent{Position: charPos(t, v, s+1, 0.5)})
	if want := (annotations.Range{Start: s, End: e}); v.Selection() != want {
		t.Fatalf("double click selected %v", v.Selection())
	}
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	v.KeyDown(shift)
	// RTL paragraph: Shift+Left goes forward in the text.
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if want := (annotations.Range{Start: s, End: e2}); v.Selection() != want {
		t.Errorf("Shift+Left selected %v %q, want %v", v.Selection(), v.substr(v.Selection()), want)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if want := (annotations.Range{Start: s, End: e}); v.Selection() != want {
		t.Errorf("Shift+Right selected %v %q, want %v", v.Selection(), v.substr(v.Selection()), want)
	}
	// Past the anchor: the selection turns to the word before.
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	ws, _ := cpIndex(t, mixed, "ونقلت", 0)
	if want := (annotations.Range{Start: ws, End: ws + 5}); v.Selection() != want {
		t.Errorf("Shift+Right past the anchor selected %v %q", v.Selection(), v.substr(v.Selection()))
	}
	v.KeyUp(shift)
	// LTR paragraph: Shift+Right goes forward.
	gs, ge := cpIndex(t, mixed, "Guardian", 0)
	_, qe := cpIndex(t, mixed, "quoted", 0)
	v.page.DoubleTapped(&fyne.PointEvent{Position: charPos(t, v, gs+1, 0.5)})
	if want := (annotations.Range{Start: gs, End: ge}); v.Selection() != want {
		t.Fatalf("double click selected %v", v.Selection())
	}
	v.KeyDown(shift)
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if want := (annotations.Range{Start: gs, End: qe}); v.Selection() != want {
		t.Errorf("Shift+Right in LTR selected %v %q, want %v", v.Selection(), v.substr(v.Selection()), want)
	}
	v.KeyUp(shift)
	// Escape clears and is passed on.
	var keys []fyne.KeyName
	v.OnTypedKey = func(ev *fyne.KeyEvent) { keys = append(keys, ev.Name) }
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if v.Selection().End > v.Selection().Start {
		t.Errorf("Escape left selection %v", v.Selection())
	}
	if len(keys) != 2 || keys[0] != fyne.KeyEscape || keys[1] != fyne.KeyDelete {
		t.Errorf("keys passed on %v, want [Escape Delete]", keys)
	}
}

func TestSelectionEdgesTrimmed(t *testing.T) {
	text := "قال \u200fأسانج\u200c، ثم"
	v, _ := newTestView(t, text, annotations.RTL, 500, 200)
	s, _ := cpIndex(t, text, "أسانج", 0)
	// Alt drag from the space before the word to the comma after it.
	drag(v, charPos(t, v, s-2, 0.5), charPos(t, v, s+5, 0.9), fyne.KeyModifierAlt)
	got := v.Selection()
	if v.substr(got) != "أسانج" {
		t.Errorf("selection %v %q, want the bare word without space, RLM or ZWNJ", got, v.substr(got))
	}
}

func TestInvalidTextShowsError(t *testing.T) {
	test.NewTempApp(t)
	v := New(newAsync())
	win := test.NewTempWindow(t, v)
	win.Resize(fyne.NewSize(400, 200))
	v.SetText("abc\xffdef", annotations.LTR)
	v.waitIdle()
	if le := (*layout.Error)(nil); !errors.As(v.docErr, &le) || le.Kind != layout.Invalid {
		t.Fatalf("error %v, want the layout's Invalid", v.docErr)
	}
	objs := v.page.objects()
	if len(objs) != 1 || !strings.Contains(objs[0].(*canvas.Text).Text, "UTF-8") {
		t.Errorf("page shows %v, want the error message", objs)
	}
	// Events on a view without a layout do nothing (and do not panic).
	drag(v, fyne.NewPos(10, 10), fyne.NewPos(50, 10), 0)
	v.page.Tapped(&fyne.PointEvent{Position: fyne.NewPos(10, 10)})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	v.ScrollTo(5)
	if v.Selection() != (annotations.Range{}) {
		t.Errorf("selection %v on an unshowable text", v.Selection())
	}
	// A good text afterwards shows normally.
	v.SetText("مرحبا", annotations.RTL)
	v.waitIdle()
	if v.docErr != nil || len(v.page.rows) != 1 {
		t.Errorf("after a valid text: error %v, %d rows", v.docErr, len(v.page.rows))
	}
}

func TestHoverShowsLabelsAndKeysScroll(t *testing.T) {
	seed := seedText(t)
	v, _ := newTestView(t, strings.Repeat(seed, 2), annotations.RTL, 640, 400)
	hs := seedSpans(t, seed)
	v.SetHighlights(hs)
	org := hs[4]
	v.page.MouseMoved(mouse(charPos(t, v, org.Start+2, 0.5), 0))
	if !v.page.tip.Visible() || v.page.tipTxt.Text != "CLAIM › ORG" {
		t.Errorf("hover label %q (shown %v), want %q", v.page.tipTxt.Text, v.page.tip.Visible(), "CLAIM › ORG")
	}
	v.page.MouseMoved(mouse(fyne.NewPos(5, 5), 0))
	if v.page.tip.Visible() {
		t.Error("hover label still shown off the spans")
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	y1 := v.scroll.Offset.Y
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	y2 := v.scroll.Offset.Y
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	if y1 < 300 || y2 <= y1 || v.scroll.Offset.Y != 0 {
		t.Errorf("Page Down scrolled to %v, Down to %v, Home to %v", y1, y2, v.scroll.Offset.Y)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if want := v.contentHeight() - v.scroll.Size().Height; v.scroll.Offset.Y != want {
		t.Errorf("End scrolled to %v, want %v", v.scroll.Offset.Y, want)
	}
	// Focus: a mouse press takes it, and the border shows it.
	c := fyne.CurrentApp().Driver().CanvasForObject(v)
	v.page.MouseDown(mouse(charPos(t, v, v.doc.Len()-5, 0.5), 0))
	if c.Focused() != v || !v.border.Visible() {
		t.Errorf("after a press: focused %v, border shown %v", c.Focused() == v, v.border.Visible())
	}
}

func TestDragPastBottomScrolls(t *testing.T) {
	seed := seedText(t)
	v, _ := newTestView(t, seed, annotations.RTL, 640, 300)
	s, _ := cpIndex(t, seed, "تواصل نجل", 0)
	from := charPos(t, v, s+2, 0.5)
	v.page.MouseDown(mouse(from, 0))
	below := fyne.NewPos(300, v.scroll.Offset.Y+v.scroll.Size().Height+60)
	v.page.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: below}, Dragged: fyne.NewDelta(below.X-from.X, below.Y-from.Y)})
	v.page.DragEnd()
	if v.scroll.Offset.Y <= 0 {
		t.Fatal("dragging past the bottom did not scroll")
	}
	// The selection reaches the text now under the pointer.
	ln, _, _ := v.page.lineAt(fyne.NewPos(300, v.scroll.Offset.Y+v.scroll.Size().Height+60))
	if got := v.Selection(); got.Start != s || got.End < ln.Start {
		t.Errorf("selection %v after dragging past the bottom, want from %d to the line at the pointer [%d,%d)", got, s, ln.Start, ln.End)
	}
}

// TestAutoScrollWhilePointerStill holds the pointer below the view during a
// drag, with a Manual scheduler: with no more drag events the view goes on
// scrolling, one step after each pause, and stops when the drag ends. With
// schedule.Inline, whose pauses would hold the UI goroutine, it scrolls on
// drag events only.
func TestAutoScrollWhilePointerStill(t *testing.T) {
	seed := strings.Repeat(seedText(t), 2)
	test.NewTempApp(t)
	jobs := &schedule.Manual{}
	v := New(jobs)
	win := test.NewTempWindow(t, v)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(640, 300))
	v.SetText(seed, annotations.RTL)
	jobs.Drain()
	if v.lay == nil || !v.lay.Done() {
		t.Fatal("no complete layout after the jobs ran")
	}
	s, _ := cpIndex(t, seed, "تواصل نجل", 0)
	from := charPos(t, v, s+2, 0.5)
	v.page.MouseDown(mouse(from, 0))
	below := fyne.NewPos(300, v.scroll.Offset.Y+v.scroll.Size().Height+60)
	v.page.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: below}, Dragged: fyne.NewDelta(below.X-from.X, below.Y-from.Y)})
	y0 := v.scroll.Offset.Y
	if y0 <= 0 || !v.autoScrolling {
		t.Fatalf("after the drag past the bottom: offset %v, auto-scrolling %v", y0, v.autoScrolling)
	}
	// The first job only finds that the scheduler runs it later: no step yet.
	jobs.RunWork()
	jobs.RunUI()
	if v.scroll.Offset.Y != y0 {
		t.Fatalf("scrolled to %v before the first pause", v.scroll.Offset.Y)
	}
	prev := y0
	for step := 1; step <= 2; step++ {
		if jobs.RunWork() != 1 || jobs.RunUI() != 1 {
			t.Fatalf("step %d: no pause and step queued", step)
		}
		if y := v.scroll.Offset.Y; y <= prev {
			t.Fatalf("step %d: offset %v, want below %v", step, y, prev)
		}
		prev = v.scroll.Offset.Y
	}
	if got := v.Selection(); got.Start != s || got.End <= s {
		t.Errorf("selection %v while auto-scrolling, want from %d onwards", got, s)
	}
	v.page.DragEnd()
	jobs.Drain()
	if w, u := jobs.Pending(); w != 0 || u != 0 || v.autoScrolling {
		t.Errorf("after the drag ended: %d jobs, %d UI updates queued, auto-scrolling %v", w, u, v.autoScrolling)
	}
	if v.scroll.Offset.Y != prev {
		t.Errorf("scrolled on to %v after the drag ended", v.scroll.Offset.Y)
	}

	// Inline: the drag events scroll, nothing repeats.
	vi, _ := newTestViewWith(t, schedule.Inline{}, seed, annotations.RTL, 640, 300)
	from = charPos(t, vi, s+2, 0.5)
	vi.page.MouseDown(mouse(from, 0))
	below = fyne.NewPos(300, vi.scroll.Offset.Y+vi.scroll.Size().Height+60)
	vi.page.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: below}, Dragged: fyne.NewDelta(below.X-from.X, below.Y-from.Y)})
	if vi.scroll.Offset.Y <= 0 || vi.autoScrolling {
		t.Errorf("inline: offset %v, auto-scrolling %v; want scrolled once and no repetition", vi.scroll.Offset.Y, vi.autoScrolling)
	}
	vi.page.DragEnd()
}

func TestShortcuts(t *testing.T) {
	v, _ := newTestView(t, mixed, annotations.RTL, 700, 400)
	s, e := cpIndex(t, mixed, "وويكيليكس", 0)
	v.SetSelection(annotations.Range{Start: s, End: e})
	cb := fyne.CurrentApp().Clipboard()
	v.TypedShortcut(&fyne.ShortcutCopy{Clipboard: cb})
	if got := cb.Content(); got != "وويكيليكس" {
		t.Errorf("copied %q, want the selected word", got)
	}
	var passed []string
	v.OnShortcut = func(s fyne.Shortcut) { passed = append(passed, s.ShortcutName()) }
	v.TypedShortcut(&fyne.ShortcutUndo{})
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt})
	if len(passed) != 2 {
		t.Errorf("shortcuts passed on: %v, want Undo and Alt+Left", passed)
	}
	var changed []annotations.Range
	v.OnSelectionChanged = func(r annotations.Range) { changed = append(changed, r) }
	v.TypedShortcut(&fyne.ShortcutSelectAll{})
	want := annotations.Range{Start: 0, End: v.ix.Len()}
	if v.Selection() != want || len(changed) != 1 {
		t.Errorf("select all: %v (reported %v), want %v", v.Selection(), changed, want)
	}
	// Typed runes go on (label hotkeys).
	var runes []rune
	v.OnTypedRune = func(r rune) { runes = append(runes, r) }
	v.TypedRune('1')
	if len(runes) != 1 || runes[0] != '1' {
		t.Errorf("runes passed on: %q", runes)
	}
}

// TestDragInMixedLine drags inside a Latin run of an Arabic line and from
// an Arabic word into it: the selection is the logical range between the
// two points, whatever their visual order.
func TestDragInMixedLine(t *testing.T) {
	v, _ := newTestView(t, mixed, annotations.RTL, 900, 400)
	ds, _ := cpIndex(t, mixed, "Donald", 0)
	js, je := cpIndex(t, mixed, "Jr", 0)
	a, b := charPos(t, v, ds+2, 0.5), charPos(t, v, js+1, 0.5)
	if a.X >= b.X {
		t.Fatalf("Latin run not left to right: Donald at %v, Jr at %v", a, b)
	}
	drag(v, b, a, 0)
	if want := (annotations.Range{Start: ds, End: je}); v.Selection() != want {
		t.Errorf("drag in the Latin run selected %v %q, want %v", v.Selection(), v.substr(v.Selection()), want)
	}
	qs, _ := cpIndex(t, mixed, "وقال", 0)
	_, te := cpIndex(t, mixed, "Trump", 0)
	c := charPos(t, v, qs+1, 0.5)
	d := charPos(t, v, te-2, 0.5)
	if c.X <= d.X {
		t.Fatalf("وقال should be right of Trump: %v vs %v", c, d)
	}
	drag(v, c, d, 0)
	if want := (annotations.Range{Start: qs, End: te}); v.Selection() != want {
		t.Errorf("drag from Arabic into Latin selected %v %q, want %v", v.Selection(), v.substr(v.Selection()), want)
	}
	// Drawn in two pieces: "Donald Trump" at the left of the Latin run and
	// "وقال " at its right, with "Jr" between them not selected.
	ln, _ := lineOf(t, v, qs)
	xs := ln.AppendRects(nil, v.Selection().Start, v.Selection().End, v.ix.EdgeOK)
	m := v.margin()
	jr := charPos(t, v, js, 0.5).X - m
	if len(xs) != 2 || xs[0].X+xs[0].W > jr || xs[1].X < jr || xs[0].X > a.X-m || xs[1].X+xs[1].W < c.X-m {
		t.Errorf("selection pieces %v, want two either side of Jr at x %v", xs, jr)
	}
}
