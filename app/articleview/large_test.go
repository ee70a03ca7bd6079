package articleview

import (
	"image"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/schedule"
	"github.com/hamesh-app/hamesh/scripts/benchtool/corpus"
)

// TestSetTextLargeReturnsAtOnce holds every background job in a Manual
// scheduler: SetText on a 1 MB article must return with nothing laid out,
// and the view fill in once the jobs run.
func TestSetTextLargeReturnsAtOnce(t *testing.T) {
	text := strings.Repeat(seedText(t), 170)
	test.NewTempApp(t)
	jobs := &schedule.Manual{}
	v := New(jobs)
	win := test.NewTempWindow(t, v)
	win.Resize(fyne.NewSize(800, 600))
	v.SetText(text, annotations.RTL)
	if v.Text() != text {
		t.Fatal("Text() differs from the text set")
	}
	if v.lay != nil || v.doc != nil || len(v.page.rows) != 0 {
		t.Fatalf("SetText laid out synchronously: layout %v, %d rows", v.lay != nil, len(v.page.rows))
	}
	jobs.Drain()
	if v.lay == nil || !v.lay.Done() {
		t.Fatal("layout not complete after the background jobs ran")
	}
	if n := len(v.page.rows); n == 0 || n > 60 {
		t.Fatalf("%d rows built for a 600 px view, want the visible lines only", n)
	}
	if _, ok := v.page.rows[rowKey{0, 0}]; !ok {
		t.Error("the first line has no row at the top of the article")
	}
	// Jump near the end: the rows there are built, the first ones dropped.
	end := v.doc.Len() - 50
	v.ScrollTo(end)
	v.waitIdle()
	p := v.doc.ParagraphAt(end)
	found := false
	for k, r := range v.page.rows {
		if k.para == p && r.line.Start <= end && end < r.line.End {
			found = true
		}
	}
	if !found {
		t.Errorf("no row for offset %d (paragraph %d) after ScrollTo", end, p)
	}
	if _, ok := v.page.rows[rowKey{0, 0}]; ok {
		t.Error("the first line still has a row after scrolling to the end")
	}
	if n := len(v.page.rows); n > 60 {
		t.Errorf("%d rows after scrolling, want the visible lines only", n)
	}
}

// TestResizeKeepsTextInPlace narrows the window: the line at the top of the
// view still holds the text that was there.
func TestResizeKeepsTextInPlace(t *testing.T) {
	text := strings.Repeat(seedText(t), 3)
	v, win := newTestView(t, text, annotations.RTL, 800, 400)
	off, _ := cpIndex(t, text, "غوتشيفر", 1)
	v.ScrollTo(off)
	v.waitIdle()
	a := v.captureAnchor()
	if a.off < len([]rune(seedText(t))) || v.scroll.Offset.Y < 1000 {
		t.Fatalf("ScrollTo(%d) left the view at %v, top line at %d", off, v.scroll.Offset.Y, a.off)
	}
	before := v.width
	win.Resize(fyne.NewSize(520, 400))
	v.waitIdle()
	if v.width == before {
		t.Fatal("width unchanged after resize")
	}
	b := v.captureAnchor()
	ln, _ := lineOf(t, v, b.off)
	if a.off < ln.Start || a.off >= ln.End {
		t.Errorf("top line after resize is [%d,%d), want the one holding %d", ln.Start, ln.End, a.off)
	}
	if d := b.dy - a.dy; d > 1 || d < -1 {
		t.Errorf("offset within the top line moved from %v to %v", a.dy, b.dy)
	}
	// Font size too.
	v.SetFontSize(24)
	v.waitIdle()
	c := v.captureAnchor()
	ln, _ = lineOf(t, v, c.off)
	if a.off < ln.Start || a.off >= ln.End {
		t.Errorf("top line after a font change is [%d,%d), want the one holding %d", ln.Start, ln.End, a.off)
	}
}

// TestGlyphsWhereMeasured draws every visible line at scales 1 and 2 and
// checks the ink stays within the line's measured content and covers each
// letter's cluster.
func TestGlyphsWhereMeasured(t *testing.T) {
	text := seedText(t) + "\n" + mixed
	v, _ := newTestView(t, text, annotations.RTL, 640, 3000)
	checked := 0
	for _, r := range v.page.rows {
		ln := &r.line
		if len(ln.Runs) == 0 {
			continue
		}
		for _, scale := range []float32{1, 2} {
			w, h := int(v.width*scale), int(ln.Height*scale)
			img := rasterLine(v.lay, ln, v.width, w, h, nil).(*image.RGBA)
			ink := make([]bool, w)
			for x := 0; x < w; x++ {
				for y := 0; y < h; y++ {
					if img.RGBAAt(x, y).A > 0x40 {
						ink[x] = true
						break
					}
				}
			}
			lo, hi := int((ln.X-3)*scale), int((ln.X+ln.Width+3)*scale)
			for x, on := range ink {
				if on && (x < lo || x > hi) {
					t.Fatalf("line [%d,%d) at scale %v: ink at x=%d outside its content [%d,%d]", ln.Start, ln.End, scale, x, lo, hi)
				}
			}
			runes := []rune(v.ix.Slice(ln.Start, ln.End))
			for _, run := range ln.Runs {
				for _, c := range run.Clusters {
					rr := runes[c.Start-ln.Start]
					if c.Advance < 4 || !isLetterOrDigit(rr) {
						continue
					}
					any := false
					for x := int(c.X * scale); x < int((c.X+c.Advance)*scale) && x < w; x++ {
						any = any || ink[x]
					}
					if !any {
						t.Fatalf("line [%d,%d) at scale %v: no ink under cluster %q at x %.1f+%.1f", ln.Start, ln.End, scale, string(rr), c.X, c.Advance)
					}
				}
			}
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d lines checked", checked)
	}
}

func isLetterOrDigit(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || (r >= 0x0621 && r <= 0x064A)
}

func BenchmarkOpen1MB(b *testing.B) {
	text := strings.Repeat(seedText(b), 170)
	test.NewTempApp(b)
	v := New(newAsync())
	win := test.NewTempWindow(b, v)
	win.Resize(fyne.NewSize(800, 600))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		v.SetText(text, annotations.RTL)
		v.waitIdle()
		// A new text each time so the document's layout cache does not help.
		v.SetText("", annotations.RTL)
		v.waitIdle()
	}
}

// BenchmarkScroll1MB scrolls a laid-out 1 MB article under a claim
// spanning it all: per op, one screen down, rows built, decorated and the
// new rows' rasters drawn.
func BenchmarkScroll1MB(b *testing.B) { benchScroll(b, 1) }

// BenchmarkWheel1MB is BenchmarkScroll1MB by a mouse-wheel notch (a tenth
// of a screen).
func BenchmarkWheel1MB(b *testing.B) { benchScroll(b, 0.1) }

func benchScroll(b *testing.B, screens float32) {
	text := strings.Repeat(seedText(b), 170)
	v, _ := newTestView(b, text, annotations.RTL, 800, 600)
	v.SetHighlights([]Highlight{{ID: "a", Start: 100, End: 900000, Label: "CLAIM", Claim: true}})
	step := v.scroll.Size().Height * screens
	y := float32(0)
	had := map[rowKey]bool{}
	var cpu corpus.CPUMeter
	b.ResetTimer()
	for b.Loop() {
		cpu.Start()
		y += step
		if y > v.contentHeight()-v.scroll.Size().Height {
			y = 0
		}
		v.setScrollY(y)
		v.page.update()
		v.waitIdle() // the paragraphs laid out in the background count too
		for k, r := range v.page.rows {
			if !had[k] {
				rasterLine(v.lay, &r.line, v.width, int(v.width), int(r.line.Height), nil)
			}
		}
		clear(had)
		for k := range v.page.rows {
			had[k] = true
		}
		cpu.Stop()
	}
	cpu.Report(b)
}

// BenchmarkFirstScreen1MB measures SetText on a 1 MB article until the rows
// of the first screen exist (the rest of the layout still running). The
// engine's shaping cache is warm after the first iteration.
func BenchmarkFirstScreen1MB(b *testing.B) {
	text := strings.Repeat(seedText(b), 170)
	test.NewTempApp(b)
	jobs := newAsync()
	v := New(jobs)
	win := test.NewTempWindow(b, v)
	win.Resize(fyne.NewSize(800, 600))
	for b.Loop() {
		v.SetText(text, annotations.RTL)
		for len(v.page.rows) == 0 {
			jobs.step()
		}
		b.StopTimer()
		v.waitIdle()
		v.SetText("", annotations.RTL)
		v.waitIdle()
		b.StartTimer()
	}
}

// counted counts the jobs a scheduler was given whose UI half has not run
// yet (every job of the view ends with one Do).
type counted struct {
	schedule.Scheduler
	started, applied atomic.Int32
}

func (c *counted) Go(work func()) {
	c.started.Add(1)
	c.Scheduler.Go(work)
}

func (c *counted) Do(f func()) {
	c.Scheduler.Do(func() {
		defer c.applied.Add(1)
		f()
	})
}

func (c *counted) pending() int32 { return c.started.Load() - c.applied.Load() }

// TestInlineScheduler: with schedule.Inline, as other packages' tests pass,
// the jobs run at once, so SetText leaves the view complete.
func TestInlineScheduler(t *testing.T) {
	test.NewTempApp(t)
	jobs := &counted{Scheduler: schedule.Inline{}}
	v := New(jobs)
	win := test.NewTempWindow(t, v)
	win.Resize(fyne.NewSize(600, 400))
	text := strings.Repeat(seedText(t), 2)
	v.SetText(text, annotations.RTL)
	if v.lay == nil || !v.lay.Done() || len(v.page.rows) == 0 || jobs.pending() != 0 || jobs.started.Load() == 0 {
		t.Fatalf("after SetText with the inline scheduler: layout %v, %d rows, %d of %d jobs pending", v.lay != nil, len(v.page.rows), jobs.pending(), jobs.started.Load())
	}
	off := cpIndexOf(t, text, "غوتشيفر")
	v.SetSelection(annotations.Range{Start: off, End: off + 7})
	found := false
	for _, r := range v.page.rows {
		found = found || (r.line.Start <= off && off < r.line.End)
	}
	if !found {
		t.Error("SetSelection did not scroll the selection into view")
	}
}

// TestResizeBackCompletes resizes away and back before the layout finishes:
// the cached layout of the first width, whose completion was cancelled,
// still gets completed.
func TestResizeBackCompletes(t *testing.T) {
	text := strings.Repeat(seedText(t), 20)
	test.NewTempApp(t)
	jobs := &schedule.Manual{}
	v := New(jobs)
	win := test.NewTempWindow(t, v)
	win.Resize(fyne.NewSize(700, 400))
	v.SetText(text, annotations.RTL)
	// Run the jobs until the one that completes the layout is queued, and
	// hold it there.
	for v.completing == nil || v.completing != v.lay {
		if jobs.RunWork()+jobs.RunUI() == 0 {
			t.Fatal("no job left and the layout's completion not started")
		}
	}
	if len(v.page.rows) == 0 || v.lay.Done() {
		t.Fatalf("%d rows, done %v: want the first screen only", len(v.page.rows), v.lay.Done())
	}
	first := v.lay
	win.Resize(fyne.NewSize(500, 400)) // cancels the first completion
	win.Resize(fyne.NewSize(700, 400))
	jobs.Drain()
	if v.lay != first {
		t.Fatal("resizing back did not reuse the cached layout")
	}
	if !v.lay.Done() {
		t.Error("the layout was not completed after resizing back")
	}
}
