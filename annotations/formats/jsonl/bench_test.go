package jsonl_test

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/hamesh-app/hamesh/annotations/formats/jsonl"
	"github.com/hamesh-app/hamesh/scripts/benchtool/corpus"
)

// BenchmarkEncodeCorpus encodes the 3,000 documents of the benchmark
// corpus (scripts/benchtool/corpus) to io.Discard: the encoder alone,
// without the store or the file.
//
//	go test ./annotations/formats/jsonl -run '^$' -bench EncodeCorpus
func BenchmarkEncodeCorpus(b *testing.B) {
	path, err := corpus.JSONLFile(corpus.Articles)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	docs, err := jsonl.Decode(bytes.NewReader(raw), path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	var cpu corpus.CPUMeter
	for b.Loop() {
		cpu.Start()
		enc := jsonl.NewEncoder(io.Discard)
		for i := range docs {
			if err := enc.Encode(&docs[i]); err != nil {
				b.Fatal(err)
			}
		}
		cpu.Stop()
	}
	cpu.Report(b)
}

// BenchmarkDecodeCorpus decodes the benchmark corpus's native JSONL (read
// into memory first): the decoder alone, validation included.
//
//	go test ./annotations/formats/jsonl -run '^$' -bench DecodeCorpus
func BenchmarkDecodeCorpus(b *testing.B) {
	path, err := corpus.JSONLFile(corpus.Articles)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	var cpu corpus.CPUMeter
	for b.Loop() {
		cpu.Start()
		docs, err := jsonl.Decode(bytes.NewReader(raw), path)
		cpu.Stop()
		if err != nil || len(docs) != corpus.Articles {
			b.Fatal(err)
		}
	}
	cpu.Report(b)
}
