package articleview

import (
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
	"github.com/hamesh-app/hamesh/app/schedule"
	"github.com/hamesh-app/hamesh/assets"
)

func seedText(tb testing.TB) string {
	tb.Helper()
	for _, s := range assets.Samples() {
		if strings.HasPrefix(s.Name, "alaraby-") {
			return s.Text
		}
	}
	tb.Fatal("seed article missing from assets")
	return ""
}

// async is the app's scheduler with the UI queue held for the test: work
// runs on new goroutines, as in the app, and each UI half waits in a queue
// until the test runs it on its own goroutine (step, waitIdle), as Fyne's
// main loop would. Fyne's test driver runs fyne.Do at once on the calling
// goroutine, so schedule.Background{UI: fyne.Do} would touch the view from
// the job's goroutine while the test drives it from its own.
type async struct {
	ui               chan func()
	started, applied atomic.Int32
}

func newAsync() *async { return &async{ui: make(chan func(), 64)} }

// Go runs work on a new goroutine.
func (a *async) Go(work func()) {
	a.started.Add(1)
	go work()
}

// Do queues f for the test.
func (a *async) Do(f func()) {
	a.ui <- func() {
		defer a.applied.Add(1)
		f()
	}
}

// pending is the number of jobs started whose UI half has not run yet
// (every job of the view ends with one Do).
func (a *async) pending() int32 { return a.started.Load() - a.applied.Load() }

// step waits for the next UI half and runs it.
func (a *async) step() { (<-a.ui)() }

// waitIdle runs the UI halves of background jobs until none is left: with
// the async scheduler, as they come; with a Manual one, by draining it.
func (v *View) waitIdle() {
	switch s := v.sched.(type) {
	case *async:
		for s.pending() > 0 {
			s.step()
		}
	case *schedule.Manual:
		s.Drain()
	}
}

// newTestView shows text in a test window of the given size and waits for
// the layout, the jobs on goroutines (async).
func newTestView(t testing.TB, text string, dir annotations.Direction, w, h float32) (*View, fyne.Window) {
	t.Helper()
	return newTestViewWith(t, newAsync(), text, dir, w, h)
}

// newTestViewWith is newTestView with the jobs run by s.
func newTestViewWith(t testing.TB, s schedule.Scheduler, text string, dir annotations.Direction, w, h float32) (*View, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := New(s)
	v.SetFontSize(18)
	win := test.NewTempWindow(t, v)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	v.SetText(text, dir)
	v.waitIdle()
	if v.lay == nil {
		t.Fatalf("no layout after SetText (err %v)", v.docErr)
	}
	return v, win
}

// cpIndex returns the code-point offset of the n-th occurrence of sub.
func cpIndex(t testing.TB, text, sub string, n int) (int, int) {
	t.Helper()
	b := 0
	for ; n >= 0; n-- {
		i := strings.Index(text[b:], sub)
		if i < 0 {
			t.Fatalf("%q not found in the text", sub)
		}
		b += i
		if n > 0 {
			b += len(sub)
		}
	}
	s := utf8.RuneCountInString(text[:b])
	return s, s + utf8.RuneCountInString(sub)
}

// lineOf returns the line holding code point off and the text y of its
// paragraph.
func lineOf(t testing.TB, v *View, off int) (*layout.Line, float32) {
	t.Helper()
	p := v.doc.ParagraphAt(off)
	para := v.lay.Paragraph(p)
	for i := range para.Lines {
		ln := &para.Lines[i]
		if ln.Start <= off && off < ln.End {
			return ln, v.tops[p]
		}
	}
	t.Fatalf("offset %d on no line", off)
	return nil, 0
}

// charPos returns the page point over code point off; frac is where across
// its cluster in reading order (0: its start edge, 1: its end edge).
func charPos(t testing.TB, v *View, off int, frac float32) fyne.Position {
	t.Helper()
	ln, top := lineOf(t, v, off)
	m := v.margin()
	y := m + top + ln.Y + ln.Band + (ln.Height-ln.Band)/2
	for _, r := range ln.Runs {
		for _, c := range r.Clusters {
			if c.Start <= off && off < c.End {
				f := frac
				if r.RTL {
					f = 1 - frac
				}
				return fyne.NewPos(m+c.X+c.Advance*f, y)
			}
		}
	}
	t.Fatalf("offset %d has no cluster", off)
	return fyne.Position{}
}

func mouse(pos fyne.Position, mod fyne.KeyModifier) *desktop.MouseEvent {
	return &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}, Button: desktop.MouseButtonPrimary, Modifier: mod}
}

// drag presses at from, drags to to and releases.
func drag(v *View, from, to fyne.Position, mod fyne.KeyModifier) {
	v.page.MouseDown(mouse(from, mod))
	mid := fyne.NewPos((from.X+to.X)/2, (from.Y+to.Y)/2)
	v.page.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: mid}, Dragged: fyne.NewDelta(mid.X-from.X, mid.Y-from.Y)})
	v.page.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-mid.X, to.Y-mid.Y)})
	v.page.DragEnd()
	v.page.MouseUp(mouse(to, mod))
}

func (v *View) substr(r annotations.Range) string {
	return v.ix.Slice(r.Start, r.End)
}
