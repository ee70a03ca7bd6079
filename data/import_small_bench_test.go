package data_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hamesh-app/hamesh/data"
)

// BenchmarkImportSmall imports one file of 60,000 small articles (one line
// and one span each: smallDocs) into a new database, the shape of the
// issue's 1M-article import.
func BenchmarkImportSmall(b *testing.B) {
	const n = 60000
	docs := smallDocs(n)
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
		if _, err := db.ImportDocuments(ctx, docs); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N), "ns/doc")
}
