package data_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// Benchmarks run on real files on the machine's disk (synchronous=FULL, so
// every commit is an fsync). Run them with
//
//	go test -run '^$' -bench . -benchtime 2000x ./data

const (
	libraryArticles = 10_000
	spansPerArticle = 30
)

var words = strings.Fields(`the minister said on tuesday that the talks in geneva would resume next week
after a pause of three months while the opposition rejected the claim and called for an inquiry into
the spending of the ministry of finance during the last election campaign across the northern provinces`)

// benchDoc makes a document of about 3,000 characters (a news article's
// length) whose text is unique to n, with spansPerArticle word-aligned spans
// spread over it (every tenth a claim over three words).
func benchDoc(n int) annotations.Document {
	const wordsPerDoc = 430
	const stride = wordsPerDoc / spansPerArticle
	var b strings.Builder
	fmt.Fprintf(&b, "Report %d: ", n)
	var starts, ends []int
	pos := len([]rune(b.String()))
	for i := range wordsPerDoc {
		w := words[(n+i)%len(words)]
		starts, ends = append(starts, pos), append(ends, pos+len(w))
		b.WriteString(w + " ")
		pos += len(w) + 1
	}
	doc := annotations.Document{Article: annotations.Article{
		Title: fmt.Sprintf("Article %05d about %s", n, words[n%len(words)]), Text: b.String(), Lang: "en",
	}}
	labels := []string{"PERS", "ORG", "GPE", "DATE", "EVENT"}
	for i := range spansPerArticle {
		w := stride*i + 2
		s := annotations.Span{Label: labels[i%len(labels)], Start: starts[w], End: ends[w]}
		if i%10 == 9 {
			s = annotations.Span{Label: "CLAIM", Start: starts[w-2], End: ends[w]}
		}
		doc.Spans = append(doc.Spans, s)
	}
	return doc
}

var library struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// libraryPath returns a database of libraryArticles articles with
// spansPerArticle spans each, built once per test binary.
func libraryPath(b *testing.B) string {
	library.once.Do(func() {
		library.dir, library.err = os.MkdirTemp("", "hamesh-bench-")
		if library.err != nil {
			return
		}
		library.path = filepath.Join(library.dir, "library.db")
		db, err := data.Open(library.path)
		if err != nil {
			library.err = err
			return
		}
		defer db.Close()
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		n := 0
		db.Now = func() time.Time { n++; return t0.Add(time.Duration(n) * time.Second) }
		for batch := 0; batch < libraryArticles/1000; batch++ {
			docs := make([]annotations.Document, 1000)
			for i := range docs {
				docs[i] = benchDoc(batch*1000 + i)
				docs[i].Article.Status = []annotations.Status{annotations.StatusTodo, annotations.StatusInProgress, annotations.StatusDone}[i%3]
			}
			if _, err := db.ImportDocuments(ctx, docs); err != nil {
				library.err = err
				return
			}
		}
	})
	if library.err != nil {
		b.Fatal(library.err)
	}
	return library.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if library.dir != "" {
		os.RemoveAll(library.dir)
	}
	os.Exit(code)
}

func BenchmarkListArticles(b *testing.B) {
	path := libraryPath(b)
	db := MustOpenPath(b, path)
	for _, bm := range []struct {
		name string
		f    annotations.ArticleFilter
		want int
	}{
		{"Page100", annotations.ArticleFilter{Limit: 100, Offset: 5000}, 100},
		{"Page100ByUpdatedDesc", annotations.ArticleFilter{SortBy: "updated", Desc: true, Limit: 100, Offset: 5000}, 100},
		{"Page100ByTitle", annotations.ArticleFilter{SortBy: "title", Limit: 100}, 100},
		{"Page100Status", annotations.ArticleFilter{Status: []annotations.Status{annotations.StatusDone}, Limit: 100}, 100},
		{"Query", annotations.ArticleFilter{Query: "ARTICLE 0999", Limit: 100}, 10},
		{"All10000", annotations.ArticleFilter{}, libraryArticles},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				list, err := db.ListArticles(ctx, bm.f)
				if err != nil {
					b.Fatal(err)
				}
				if len(list) != bm.want {
					b.Fatalf("%d rows, want %d", len(list), bm.want)
				}
				if list[0].Entities+list[0].Claims != spansPerArticle {
					b.Fatalf("counts %+v", list[0])
				}
			}
		})
	}
	b.Run("Count", func(b *testing.B) {
		for b.Loop() {
			if n, err := db.CountArticles(ctx, annotations.ArticleFilter{Query: "about"}); err != nil || n != libraryArticles {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("Document", func(b *testing.B) {
		list, _ := db.ListArticles(ctx, annotations.ArticleFilter{Limit: 1, Offset: 7777})
		for b.Loop() {
			if d, err := db.Document(ctx, list[0].ID); err != nil || len(d.Spans) != spansPerArticle {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAddSpan measures one AddSpan (a write transaction with its
// history row, synced to disk) on an article of the 10,000-article library,
// reporting the median and 99th percentile latency.
func BenchmarkAddSpan(b *testing.B) {
	path := libraryPath(b)
	// A copy, so the shared library keeps 30 spans per article.
	cp := filepath.Join(b.TempDir(), "copy.db")
	src := MustOpenPath(b, path)
	if err := src.Backup(ctx, cp); err != nil {
		b.Fatal(err)
	}
	db := MustOpenPath(b, cp)
	list, err := db.ListArticles(ctx, annotations.ArticleFilter{Limit: 1, Offset: 4321})
	if err != nil {
		b.Fatal(err)
	}
	id := list[0].ID
	times := make([]time.Duration, 0, b.N)
	i := 0
	for b.Loop() {
		start := i % (list[0].Chars - 10)
		t0 := time.Now()
		if _, err := db.AddSpan(ctx, annotations.Span{ArticleID: id, Label: "CARDINAL", Start: start, End: start + 5}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		i++
	}
	reportPercentiles(b, times)
}

// BenchmarkUndo measures undoing then redoing an AddSpan.
func BenchmarkUndoRedo(b *testing.B) {
	db := MustOpen(b)
	if _, err := db.ImportDocuments(ctx, []annotations.Document{benchDoc(1)}); err != nil {
		b.Fatal(err)
	}
	list, _ := db.ListArticles(ctx, annotations.ArticleFilter{})
	id := list[0].ID
	if _, err := db.AddSpan(ctx, annotations.Span{ArticleID: id, Label: "PERS", Start: 0, End: 6}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, err := db.Undo(ctx, id); !ok || err != nil {
			b.Fatal(ok, err)
		}
		if ok, err := db.Redo(ctx, id); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkImportDocuments imports batches of 200 new documents with 30
// spans each, one transaction per batch, reporting the cost per document.
func BenchmarkImportDocuments(b *testing.B) {
	const batch = 200
	db := MustOpen(b)
	n := 0
	for b.Loop() {
		b.StopTimer()
		docs := make([]annotations.Document, batch)
		for i := range docs {
			docs[i] = benchDoc(n)
			n++
		}
		b.StartTimer()
		res, err := db.ImportDocuments(ctx, docs)
		if err != nil {
			b.Fatal(err)
		}
		if res.Articles != batch {
			b.Fatalf("result %+v", res)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/doc")
}

// BenchmarkExportDocuments streams the 10,000-article library.
func BenchmarkExportDocuments(b *testing.B) {
	db := MustOpenPath(b, libraryPath(b))
	for b.Loop() {
		n := 0
		err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(d *annotations.Document) error {
			n += len(d.Spans)
			return nil
		})
		if err != nil || n != libraryArticles*spansPerArticle {
			b.Fatal(n, err)
		}
	}
}

func reportPercentiles(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	at := func(p float64) float64 {
		return float64(times[int(p*float64(len(times)-1))].Microseconds())
	}
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}

// BenchmarkAcceptSuggestion measures one AcceptSuggestion on the same
// article of the same library as BenchmarkAddSpan (a copy), so the two
// compare: accepting is AddSpan plus reading and marking the suggestion in
// the same transaction. It reports the median and 99th percentile latency.
func BenchmarkAcceptSuggestion(b *testing.B) {
	path := libraryPath(b)
	cp := filepath.Join(b.TempDir(), "copy.db")
	src := MustOpenPath(b, path)
	if err := src.Backup(ctx, cp); err != nil {
		b.Fatal(err)
	}
	db := MustOpenPath(b, cp)
	list, err := db.ListArticles(ctx, annotations.ArticleFilter{Limit: 1, Offset: 4321})
	if err != nil {
		b.Fatal(err)
	}
	id := list[0].ID
	var pending []string
	times := make([]time.Duration, 0, b.N)
	next := 0
	for b.Loop() {
		if len(pending) == 0 {
			b.StopTimer()
			var batch []annotations.Suggestion
			for k := 0; k < 1000; k++ {
				start := next % (list[0].Chars - 10)
				batch = append(batch, annotations.Suggestion{ArticleID: id, Label: "CARDINAL", Start: start, End: start + 5, Source: fmt.Sprintf("bench-%d", next)})
				next++
			}
			if _, err := db.AddSuggestions(ctx, batch); err != nil {
				b.Fatal(err)
			}
			sugs, err := db.Suggestions(ctx, annotations.SuggestionFilter{ArticleIDs: []string{id}, Status: annotations.SuggestionPending})
			if err != nil {
				b.Fatal(err)
			}
			for _, s := range sugs {
				pending = append(pending, s.ID)
			}
			b.StartTimer()
		}
		t0 := time.Now()
		if _, err := db.AcceptSuggestion(ctx, annotations.Acceptance{ID: pending[0]}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		pending = pending[1:]
	}
	reportPercentiles(b, times)
}
