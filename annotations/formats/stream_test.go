package formats

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// drain reads every document of a stream opened on path.
func drain(path, format string, opts ReadOptions) (string, []annotations.Document, error) {
	s, err := OpenStream(context.Background(), path, format, nil, opts)
	if err != nil {
		return "", nil, err
	}
	defer s.Close()
	var docs []annotations.Document
	for {
		d, err := s.Next()
		if errors.Is(err, io.EOF) {
			return s.Format, docs, nil
		}
		if err != nil {
			return s.Format, nil, err
		}
		docs = append(docs, *d)
	}
}

// TestStreamReadsAsReadWith checks that every JSON lines fixture, good and
// hostile, streams to exactly what ReadWith reads, or to the same error:
// the streamed import checks and says what the whole read does.
func TestStreamReadsAsReadWith(t *testing.T) {
	var files []string
	for _, g := range []string{"testdata/hostile/*.jsonl", "jsonl/testdata/*.jsonl", "jsonl/testdata/bad/*.jsonl", "prodigy/testdata/*.jsonl", "doccano/testdata/*.jsonl"} {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("found only %d fixtures", len(files))
	}
	streamed := 0
	for _, f := range files {
		want, werr := ReadWith(context.Background(), f, "auto", nil, ReadOptions{})
		format, got, gerr := drain(f, "auto", ReadOptions{})
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%s: ReadWith error %v, stream error %v", f, werr, gerr)
			continue
		}
		if werr != nil {
			if werr.Error() != gerr.Error() {
				t.Errorf("%s: ReadWith says\n  %v\nthe stream says\n  %v", f, werr, gerr)
			}
			continue
		}
		if format != want.Format || !reflect.DeepEqual(got, want.Documents) {
			t.Errorf("%s: streamed %d documents as %s, ReadWith %d as %s, or they differ", f, len(got), format, len(want.Documents), want.Format)
		}
		if format == "jsonl" {
			streamed++
		}
	}
	if streamed == 0 {
		t.Error("no fixture was streamed as native JSONL")
	}
}

// TestStreamLimits checks the line and article limits of a streamed file:
// the message names the line, as ReadWith's does, and the first article is
// handed out before the later one is refused.
func TestStreamLimits(t *testing.T) {
	dir := t.TempDir()
	small := `{"title":"a","text":"نص قصير"}`
	big := `{"title":"b","text":"` + strings.Repeat("ن", 1500) + `"}`
	p := filepath.Join(dir, "two.jsonl")
	if err := os.WriteFile(p, []byte(small+"\n\n"+big+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := ReadOptions{MaxArticleBytes: 2048}
	_, _, err := drain(p, "auto", opts)
	want := p + `:3: article 2 ("b") has 2.9 KB of text, more than the 2 KB limit per article`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("article limit: got %v, want %q", err, want)
	}
	if _, werr := ReadWith(context.Background(), p, "auto", nil, opts); werr == nil || werr.Error() != err.Error() {
		t.Errorf("ReadWith says %v, the stream %v", werr, err)
	}
	opts.MaxArticleBytes = 1024 // line limit 2 KB < the second line
	_, _, err = drain(p, "auto", opts)
	if err == nil || !strings.Contains(err.Error(), p+":3: the line is longer than the 2 KB limit per line") {
		t.Errorf("line limit: got %v", err)
	}
	empty := filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(empty, []byte("\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := drain(empty, "jsonl", ReadOptions{}); err == nil || !strings.Contains(err.Error(), "holds no articles") {
		t.Errorf("empty file: got %v", err)
	}
}

// TestStreamProgress checks that a streamed file's progress runs in bytes
// to its size, and a whole-read input's in documents.
func TestStreamProgress(t *testing.T) {
	p := filepath.Join(t.TempDir(), "three.jsonl")
	line := `{"title":"t","text":"` + strings.Repeat("ن", 40000) + `"}` + "\n"
	if err := os.WriteFile(p, []byte(line+line+line), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := OpenStream(context.Background(), p, "auto", nil, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var seen []int64
	for {
		if _, err := s.Next(); err != nil {
			break
		}
		done, total := s.Progress()
		if total != int64(3*len(line)) {
			t.Fatalf("total %d, want the file's %d bytes", total, 3*len(line))
		}
		seen = append(seen, done)
	}
	if len(seen) != 3 || seen[0] >= seen[2] || seen[2] != int64(3*len(line)) {
		t.Errorf("progress after each document %v: want it rising to %d", seen, 3*len(line))
	}
	w, err := OpenStream(context.Background(), "prodigy/testdata/fixture.jsonl", "auto", nil, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Next(); err != nil {
		t.Fatal(err)
	}
	if done, total := w.Progress(); w.Format != "prodigy" || done != 1 || total < 1 {
		t.Errorf("whole-read prodigy input: format %s, progress %d of %d", w.Format, done, total)
	}
}
