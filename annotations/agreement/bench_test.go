package agreement_test

import (
	"context"
	"path/filepath"
	"sort"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/agreement"
	"github.com/hamesh-app/hamesh/data"
	"github.com/hamesh-app/hamesh/scripts/benchtool/corpus"
)

// twoLayers returns the benchmark corpus's first n articles
// (scripts/benchtool/corpus, 30 spans each) annotated twice: A's spans are
// the corpus's, B's 30 are A's each changed one way — every third
// relabelled, every third extended by a word, every third starting a word
// earlier, and every other claim given another verdict — so no span of B
// equals one of A's and a store keeps all 60.
func twoLayers(b *testing.B, n int) []annotations.Document {
	docs, err := corpus.Documents(0, n, corpus.SpansPerArticle)
	if err != nil {
		b.Fatal(err)
	}
	for d := range docs {
		doc := &docs[d]
		words := annotations.Words(doc.Article.Text)
		starts := map[int]int{}
		for i, w := range words {
			starts[w.Start] = i
		}
		doc.Relations = nil
		var theirs []annotations.Span
		for i := range doc.Spans {
			s := &doc.Spans[i]
			s.Annotator = "A"
			t := *s
			t.ID = ""
			t.Annotator = "B"
			t.Attributes = nil
			if s.Attributes != nil {
				t.Attributes = map[string]string{}
				for k, v := range s.Attributes {
					t.Attributes[k] = v
				}
				if i%20 == 19 {
					t.Attributes[annotations.AttrVerdict] = "false"
				}
			}
			w := starts[s.Start]
			switch {
			case i%3 == 0 && s.Kind == annotations.KindEntity:
				t.Label = map[bool]string{true: "ORG", false: "PERS"}[s.Label == "PERS"]
			case i%3 == 2 && w > 0:
				t.Start = words[w-1].Start
			default:
				e := sort.Search(len(words), func(k int) bool { return words[k].End >= s.End })
				if e+1 < len(words) {
					t.End = words[e+1].End
				} else {
					t.Start = words[w-1].Start
				}
			}
			theirs = append(theirs, t)
		}
		doc.Spans = append(doc.Spans, theirs...)
	}
	return docs
}

// BenchmarkAgreementCorpus measures the agreement of two annotators over
// 3,000 articles with 30 spans each (issue 14: under 2 s). "memory" times
// package agreement alone on documents in memory (word segmentation
// included); "store" times what `hamesh agreement` does, reading the
// documents from a database with data.DB.ExportDocuments as well.
//
//	go test ./annotations/agreement -run '^$' -bench AgreementCorpus -benchtime 3x
func BenchmarkAgreementCorpus(b *testing.B) {
	docs := twoLayers(b, corpus.Articles)
	check := func(b *testing.B, r *agreement.Report) {
		if r.Articles != corpus.Articles || len(r.Pairs) != 1 ||
			r.Pairs[0].ASpans != corpus.Articles*corpus.SpansPerArticle || r.Pairs[0].BSpans != corpus.Articles*corpus.SpansPerArticle {
			b.Fatalf("report of %d articles, pairs %+v; want %d articles, 1 pair of %d spans a side",
				r.Articles, r.Pairs, corpus.Articles, corpus.Articles*corpus.SpansPerArticle)
		}
	}
	b.Run("memory", func(b *testing.B) {
		var cpu corpus.CPUMeter
		for b.Loop() {
			cpu.Start()
			r, err := agreement.Compute(docs, agreement.Options{})
			cpu.Stop()
			if err != nil {
				b.Fatal(err)
			}
			check(b, r)
		}
		cpu.Report(b)
	})
	b.Run("store", func(b *testing.B) {
		db, err := data.Open(filepath.Join(b.TempDir(), "two-layers.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		ctx := context.Background()
		if _, err := db.ImportDocuments(ctx, docs); err != nil {
			b.Fatal(err)
		}
		var cpu corpus.CPUMeter
		for b.Loop() {
			cpu.Start()
			c, err := agreement.New(agreement.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, c.Add); err != nil {
				b.Fatal(err)
			}
			r, err := c.Report()
			cpu.Stop()
			if err != nil {
				b.Fatal(err)
			}
			check(b, r)
		}
		cpu.Report(b)
	})
}
