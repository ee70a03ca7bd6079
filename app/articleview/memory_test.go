package articleview

import (
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/hamesh-app/hamesh/annotations"
)

// bigArticle returns the seed article repeated to at least n bytes.
func bigArticle(tb testing.TB, n int) string {
	seed := seedText(tb)
	return strings.Repeat(seed, (n+len(seed)-1)/len(seed))
}

// heapSampler records the largest live heap (runtime.MemStats.HeapInuse)
// seen every few milliseconds while it runs.
type heapSampler struct {
	stop chan struct{}
	wg   sync.WaitGroup
	peak uint64
}

func startHeapSampler() *heapSampler {
	s := &heapSampler{stop: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			s.peak = max(s.peak, ms.HeapInuse)
			select {
			case <-s.stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return s
}

func (s *heapSampler) end() uint64 {
	close(s.stop)
	s.wg.Wait()
	return s.peak
}

// retainedHeap returns the live heap after a full collection.
func retainedHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// openLarge makes the seed article repeated to n bytes, opens it in an
// 800×600 view, lets the background layout finish, scrolls to the end and
// back to the middle, and returns the view and its text, with the heap
// retained after a collection and the peak live heap seen meanwhile, both
// relative to the heap before the text was made (so both include it).
func openLarge(tb testing.TB, n int) (v *View, text string, retained, peak uint64) {
	base := retainedHeap()
	s := startHeapSampler()
	text = bigArticle(tb, n)
	v, _ = newTestView(tb, text, annotations.RTL, 800, 600)
	v.ScrollTo(v.doc.Len())
	v.waitIdle()
	v.ScrollTo(v.doc.Len() / 2)
	v.waitIdle()
	p := s.end()
	r := retainedHeap()
	runtime.KeepAlive(v)
	return v, text, r - min(r, base), p - min(p, base)
}

// The bounds of TestRetainedHeap12MB, in bytes of heap per byte of text.
// Before the layout kept only a bounded amount of lines, and the view a
// per-code-point offsets table, it retained 41.6× and peaked at 52.5×;
// after, 1.9× and about 4×.
const (
	maxRetainedPerByte = 4
	maxPeakPerByte     = 10
)

// TestRetainedHeap12MB opens a 12 MB article, lets it lay out completely,
// jumps to its end and to its middle, and checks the heap the view retains
// after a collection, text included, and the largest live heap seen
// meanwhile, against multiples of the text's bytes (issue 11: the window's
// memory bounded to a stated multiple of the text).
func TestRetainedHeap12MB(t *testing.T) {
	if testing.Short() {
		t.Skip("12 MB article")
	}
	v, text, retained, peak := openLarge(t, 12<<20)
	ratio := float64(retained) / float64(len(text))
	t.Logf("text %d bytes; retained heap %d MB (%.1f× the text); peak live heap %d MB (%.1f×)",
		len(text), retained>>20, ratio, peak>>20, float64(peak)/float64(len(text)))
	if os.Getenv("HAMESH_MEMPROFILE") != "" {
		f, err := os.Create(os.Getenv("HAMESH_MEMPROFILE"))
		if err == nil {
			runtime.GC()
			_ = writeHeapProfile(f)
			f.Close()
		}
	}
	if !v.Settled() {
		t.Error("the view is not settled after the jobs ran")
	}
	if ratio > maxRetainedPerByte {
		t.Errorf("retained heap %.1f× the text, want at most %d×", ratio, maxRetainedPerByte)
	}
	if p := float64(peak) / float64(len(text)); p > maxPeakPerByte {
		t.Errorf("peak live heap %.1f× the text, want at most %d×", p, maxPeakPerByte)
	}
	// What the bound must not cost: the rows at the middle are there, and
	// a hit test at the end of the text lands on its last line.
	if len(v.page.rows) == 0 {
		t.Fatal("no rows after scrolling to the middle")
	}
	v.ScrollTo(v.doc.Len())
	v.waitIdle()
	ln, _ := lineOf(t, v, v.doc.Len()-1)
	if ln.End != v.doc.Len() {
		t.Errorf("the line holding the last code point ends at %d, want %d", ln.End, v.doc.Len())
	}
	runtime.KeepAlive(v)
}

func writeHeapProfile(f *os.File) error { return pprof.WriteHeapProfile(f) }

// TestPageDownFindsLinesReady: once the whole article is laid out (which
// keeps only heights), the view lays out a screen and a half beyond its
// rows in the background, so Page Down shows the next screen at once,
// before any background job has run.
func TestPageDownFindsLinesReady(t *testing.T) {
	text := strings.Repeat(seedText(t), 170)
	v, _ := newTestView(t, text, annotations.RTL, 800, 600)
	v.ScrollTo(v.doc.Len() / 2)
	v.waitIdle()
	if !v.Settled() {
		t.Fatal("not settled after scrolling to the middle")
	}
	for k := range 5 {
		v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
		// No job run: what is on screen must be there already.
		m := v.margin()
		top := v.scroll.Offset.Y - m
		bottom := top + v.scroll.Size().Height
		for i := v.paraAtY(top); i <= v.paraAtY(bottom); i++ {
			if v.page.held[i] == nil {
				t.Fatalf("page down %d: paragraph %d on screen has no lines yet", k+1, i)
			}
		}
		covered := false
		for _, r := range v.page.rows {
			covered = covered || (r.top <= bottom && r.top+r.line.Height >= bottom-2*r.line.Height)
		}
		if !covered {
			t.Fatalf("page down %d: no row near the bottom of the viewport", k+1)
		}
		v.waitIdle()
	}
}
