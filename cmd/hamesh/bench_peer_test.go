package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCommandImportPeerPlain runs `hamesh import --db NEW --annotator
// bench docs-10000-plain.hamesh.jsonl` in-process on the bare peer corpus
// (10,000 Arabic documents of 3–6 KB, issue 16), so that the command can
// be profiled; it is skipped unless HAMESH_PEER_DIR names the directory
// scripts/peercorpus wrote:
//
//	go run ./scripts/peercorpus /tmp/peer
//	HAMESH_PEER_DIR=/tmp/peer go test ./cmd/hamesh -run '^$' -bench ImportPeerPlain -benchtime 4x -cpuprofile cpu.prof
func BenchmarkCommandImportPeerPlain(b *testing.B) {
	dir := os.Getenv("HAMESH_PEER_DIR")
	if dir == "" {
		b.Skip("HAMESH_PEER_DIR is not set (go run ./scripts/peercorpus DIR)")
	}
	src := filepath.Join(dir, "docs-10000-plain.hamesh.jsonl")
	if _, err := os.Stat(src); err != nil {
		b.Fatal(err)
	}
	tmp := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		out := runBench(b, "import", "--db", filepath.Join(tmp, fmt.Sprintf("peer-%d.db", i)), "--annotator", "bench", src)
		if !strings.Contains(out, "10000 new articles") {
			b.Fatalf("import said %q", out)
		}
	}
}
