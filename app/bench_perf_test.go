package app

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
	"github.com/hamesh-app/hamesh/scripts/benchtool/corpus"
)

// The benchmarks of issue 7 ("Fast at every size") that go through the
// workspace; scripts/bench.sh runs them and docs/PERFORMANCE.md records
// them. They run on the real SQLite store (data.DB, synchronous=FULL: every
// commit is synced to disk) holding the benchmark library of 10,000 Arabic
// articles with 30 spans each (scripts/benchtool/corpus).
//
//	go test ./app -run '^$' -bench 'KeyPress|OpenLibrary|ScrollLibrary' -benchtime 300x

// timedStore records when AddSpan returned: the transaction is committed
// and synced then.
type timedStore struct {
	*data.DB
	called, committed time.Time
}

func (s *timedStore) AddSpan(ctx context.Context, sp annotations.Span) (annotations.Span, error) {
	s.called = time.Now()
	r, err := s.DB.AddSpan(ctx, sp)
	s.committed = time.Now()
	return r, err
}

// libraryCopy returns a copy of the benchmark library, so benchmarks that
// write leave the shared one as made.
func libraryCopy(b *testing.B) *data.DB {
	b.Helper()
	path, err := corpus.LibraryFile()
	if err != nil {
		b.Fatal(err)
	}
	src, err := data.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	cp := filepath.Join(b.TempDir(), "library.db")
	err = src.Backup(context.Background(), cp)
	src.Close()
	if err != nil {
		b.Fatal(err)
	}
	db, err := data.Open(cp)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkKeyPressAddSpan measures adding a span the way a user does: a
// word is selected in the article view, the label's hotkey ("9", OCC: a label the corpus does not use, so no word is
// already labelled with it) is
// typed on the window, and the workspace snaps the selection, adds the span
// to the store, reloads the document and redraws. Reported: the time from
// the key press until AddSpan returned, its transaction committed and synced
// (commit-p50-ms, commit-p99-ms; store-… is the AddSpan call alone), and
// until the key's handler returned with the screen updated (shown-p50-ms,
// shown-p99-ms). Each span is undone
// (untimed) so the article keeps its 30 spans.
func BenchmarkKeyPressAddSpan(b *testing.B) {
	st := &timedStore{DB: libraryCopy(b)}
	list, err := st.ListArticles(context.Background(), annotations.ArticleFilter{Offset: 4321, Limit: 1})
	if err != nil || len(list) != 1 {
		b.Fatal(list, err)
	}
	a := test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(1300, 820))
	ws, err := NewWorkspace(a, w, st, testOptions)
	if err != nil {
		b.Fatal(err)
	}
	if err := ws.sess.Open(list[0].ID); err != nil {
		b.Fatal(err)
	}
	text := ws.sess.Document().Article.Text
	var words []annotations.Range
	for _, r := range annotations.Words(text) {
		if r.End-r.Start >= 4 {
			words = append(words, r)
		}
	}
	var commit, shown, store []time.Duration
	i := 0
	for b.Loop() {
		b.StopTimer()
		r := words[i*7%len(words)]
		i++
		userSelect(ws, r)
		st.committed = time.Time{}
		before := len(ws.sess.Document().Spans)
		b.StartTimer()
		t0 := time.Now()
		test.TypeOnCanvas(w.Canvas(), "9")
		t1 := time.Now()
		b.StopTimer()
		if st.committed.IsZero() || len(ws.sess.Document().Spans) != before+1 {
			b.Fatalf("typing 9 over %v added no span (status %q)", r, ws.StatusText())
		}
		commit = append(commit, st.committed.Sub(t0))
		store = append(store, st.committed.Sub(st.called))
		shown = append(shown, t1.Sub(t0))
		if err := ws.sess.Undo(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	reportMs(b, "commit", commit)
	reportMs(b, "store", store)
	reportMs(b, "shown", shown)
}

// BenchmarkOpenLibrary10k measures opening the workspace on the library of
// 10,000 articles: NewWorkspace (label scheme, the library's count and
// first page of rows) and showing the window, its list rows built.
func BenchmarkOpenLibrary10k(b *testing.B) {
	st := libraryCopy(b)
	a := test.NewTempApp(b)
	for b.Loop() {
		w := a.NewWindow("bench")
		w.Resize(fyne.NewSize(1300, 820))
		ws, err := NewWorkspace(a, w, st, testOptions)
		if err != nil {
			b.Fatal(err)
		}
		w.Show()
		b.StopTimer()
		if ws.library.Total() != corpus.LibraryArticles {
			b.Fatalf("library lists %d articles", ws.library.Total())
		}
		if _, ok := ws.library.Row(0); !ok {
			b.Fatal("the first row is not loaded")
		}
		w.Close()
		b.StartTimer()
	}
}

// BenchmarkScrollLibrary10k scrolls the library of 10,000 articles from top
// to bottom a screen at a time (rows fetched from the store a page of 200
// at a time as they come into view) and reports the median and 99th
// percentile of one step (step-p50-ms, step-p99-ms); a step over 16 ms
// would miss a frame at 60 Hz.
func BenchmarkScrollLibrary10k(b *testing.B) {
	st := libraryCopy(b)
	a := test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(1300, 820))
	ws, err := NewWorkspace(a, w, st, testOptions)
	if err != nil {
		b.Fatal(err)
	}
	w.Show()
	list := ws.library.List
	screen := list.Size().Height
	if screen <= 0 {
		b.Fatal("the library list has no height")
	}
	rows := max(1, int(screen/list.CreateItem().MinSize().Height)) // rows on one screen, about
	var steps []time.Duration
	id := 0
	for b.Loop() {
		id += rows
		if id >= corpus.LibraryArticles {
			b.StopTimer()
			id = 0
			list.ScrollToTop()
			ws.library.pages = map[int][]annotations.ArticleSummary{} // nothing cached: from the store again
			b.StartTimer()
		}
		t0 := time.Now()
		list.ScrollTo(id)
		steps = append(steps, time.Since(t0))
	}
	if _, ok := ws.library.Row(id); !ok {
		b.Fatalf("row %d not loaded after scrolling to it", id)
	}
	reportMs(b, "step", steps)
}

func reportMs(b *testing.B, name string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	at := func(p float64) float64 { return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.5), name+"-p50-ms")
	b.ReportMetric(at(0.99), name+"-p99-ms")
}
