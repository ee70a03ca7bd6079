package formats_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/data"
	"github.com/hamesh-app/hamesh/scripts/benchtool/corpus"
)

// BenchmarkExportCorpus exports the benchmark corpus (3,000 articles, 90,000
// spans, 9,000 relations; scripts/benchtool/corpus) from its database to a
// file or directory, the way `hamesh export` does it: formats.Write fed by
// data.DB.ExportDocuments, written to a temporary name, synced and renamed.
// Every export format is measured on all 3,000 articles; native JSONL also
// on a third and two thirds of them, to show how the cost grows.
// scripts/bench.sh compares jsonl/3000 with `sqlite3 DB .dump` on the same
// database.
//
//	go test ./annotations/formats -run '^$' -bench ExportCorpus -benchtime 3x
func BenchmarkExportCorpus(b *testing.B) {
	ctx := context.Background()
	type run struct {
		format string
		n      int
	}
	var runs []run
	for _, n := range corpus.Sizes[:len(corpus.Sizes)-1] {
		runs = append(runs, run{"jsonl", n})
	}
	for _, f := range formats.ExportFormats() {
		runs = append(runs, run{f, corpus.Articles})
	}
	for _, r := range runs {
		path, err := corpus.DBFile(r.n)
		if err != nil {
			b.Fatal(err)
		}
		db, err := data.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		scheme, err := db.Labels(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%s/%d", r.format, r.n), func(b *testing.B) {
			dir := b.TempDir()
			var cpu corpus.CPUMeter
			i := 0
			for b.Loop() {
				cpu.Start()
				i++
				out := filepath.Join(dir, fmt.Sprintf("out-%d", i))
				spans := 0
				err := formats.Write(r.format, out, nil, formats.Options{Scheme: scheme, Split: "80/10/10", Seed: 1},
					func(fn func(*annotations.Document) error) error {
						return db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(d *annotations.Document) error {
							spans += len(d.Spans)
							return fn(d)
						})
					})
				if err != nil {
					b.Fatal(err)
				}
				cpu.Stop()
				b.StopTimer()
				if spans != r.n*corpus.SpansPerArticle {
					b.Fatalf("exported %d spans, want %d", spans, r.n*corpus.SpansPerArticle)
				}
				if _, err := os.Stat(out); err != nil {
					b.Fatalf("no output: %v", err)
				}
				os.RemoveAll(out)
				b.StartTimer()
			}
			cpu.Report(b)
		})
		db.Close()
	}
}
