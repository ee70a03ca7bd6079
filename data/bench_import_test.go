package data_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// BenchmarkImport10k imports one file of 10,000 documents (benchDoc: 430
// words and 30 spans each) into a new database in one ImportDocuments call,
// the way `hamesh import` stores one file. It is the figure issue 11's
// bounded import must not make more than about 10 % slower.
//
//	go test ./data -run '^$' -bench Import10k -benchtime 3x -count 3
func BenchmarkImport10k(b *testing.B) {
	const n = 10000
	docs := make([]annotations.Document, n)
	for i := range docs {
		docs[i] = benchDoc(i)
	}
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		db, err := data.Open(filepath.Join(dir, fmt.Sprintf("import-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := db.ImportDocuments(ctx, docs)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if res.Articles != n {
			b.Fatalf("imported %+v, want %d articles", res, n)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N), "ns/doc")
}
