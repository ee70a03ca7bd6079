package data_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/data"
	"github.com/hamesh-app/hamesh/scripts/benchtool/corpus"
)

// BenchmarkImportCorpus imports the benchmark corpus (scripts/benchtool/corpus:
// realistic Arabic articles of about 2,300 characters with 30 spans and 3
// claimant relations each) from native JSONL into a new database, the way
// `hamesh import` does it: formats.Read (read, decode, validate) then
// ImportDocuments (one transaction, synced). Sub-benchmarks are a third,
// two thirds and all of the 3,000 articles, to show how the cost grows.
// scripts/bench.sh compares the largest with Python's json.loads per line
// on the same file.
//
//	go test ./data -run '^$' -bench ImportCorpus -benchtime 3x
func BenchmarkImportCorpus(b *testing.B) {
	for _, n := range corpus.Sizes {
		path, err := corpus.JSONLFile(n)
		if err != nil {
			b.Fatal(err)
		}
		st, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			b.SetBytes(st.Size())
			dir := b.TempDir()
			var cpu corpus.CPUMeter
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				db, err := data.Open(filepath.Join(dir, fmt.Sprintf("import-%d.db", i)))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				cpu.Start()
				in, err := formats.Read(ctx, path, "jsonl", nil)
				if err != nil {
					b.Fatal(err)
				}
				res, err := db.ImportDocuments(ctx, in.Documents)
				if err != nil {
					b.Fatal(err)
				}
				cpu.Stop()
				b.StopTimer()
				if res.Articles != n || res.Spans != n*corpus.SpansPerArticle {
					b.Fatalf("imported %+v, want %d articles and %d spans", res, n, n*corpus.SpansPerArticle)
				}
				db.Close()
				b.StartTimer()
			}
			cpu.Report(b)
		})
	}
}

// BenchmarkReadCorpus is the reading half of BenchmarkImportCorpus alone
// (formats.Read of the native JSONL), to tell decoding from storing.
func BenchmarkReadCorpus(b *testing.B) {
	path, err := corpus.JSONLFile(corpus.Articles)
	if err != nil {
		b.Fatal(err)
	}
	var cpu corpus.CPUMeter
	for b.Loop() {
		cpu.Start()
		in, err := formats.Read(ctx, path, "jsonl", nil)
		cpu.Stop()
		if err != nil || len(in.Documents) != corpus.Articles {
			b.Fatal(err)
		}
	}
	cpu.Report(b)
}
