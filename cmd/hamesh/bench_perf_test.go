package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/scripts/benchtool/corpus"
)

// runBench runs one hamesh command line in-process, as main does, failing
// the benchmark on a non-zero exit.
func runBench(b *testing.B, args ...string) string {
	var out, errb bytes.Buffer
	if code := run(args, strings.NewReader(""), &out, &errb); code != 0 {
		b.Fatalf("hamesh %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// BenchmarkCommandImport runs `hamesh import --db NEW corpus-3000.jsonl`
// (3,000 articles, 90,000 spans; scripts/benchtool/corpus) in-process: the
// command as a user runs it, opening and migrating a new database included.
//
//	go test ./cmd/hamesh -run '^$' -bench Command -benchtime 3x
func BenchmarkCommandImport(b *testing.B) {
	src, err := corpus.JSONLFile(corpus.Articles)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	var cpu corpus.CPUMeter
	i := 0
	for b.Loop() {
		i++
		cpu.Start()
		out := runBench(b, "import", "--db", filepath.Join(dir, fmt.Sprintf("import-%d.db", i)), src)
		cpu.Stop()
		if !strings.Contains(out, fmt.Sprintf("%d new articles", corpus.Articles)) {
			b.Fatalf("import said %q", out)
		}
	}
	cpu.Report(b)
}

// BenchmarkCommandExport runs `hamesh export --db corpus-3000.db --format
// jsonl -o FILE` in-process and checks that the export is byte-identical
// to the imported file.
func BenchmarkCommandExport(b *testing.B) {
	db, err := corpus.DBFile(corpus.Articles)
	if err != nil {
		b.Fatal(err)
	}
	src, err := corpus.JSONLFile(corpus.Articles)
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "export.jsonl")
	var cpu corpus.CPUMeter
	for b.Loop() {
		cpu.Start()
		runBench(b, "export", "--db", db, "--format", "jsonl", "-o", out)
		cpu.Stop()
	}
	b.StopTimer()
	cpu.Report(b)
	if !sameFile(b, src, out) {
		b.Errorf("the export of %s differs from the file imported, %s", db, src)
	}
}

func sameFile(b *testing.B, p, q string) bool {
	x, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	y, err := os.ReadFile(q)
	if err != nil {
		b.Fatal(err)
	}
	return bytes.Equal(x, y)
}
