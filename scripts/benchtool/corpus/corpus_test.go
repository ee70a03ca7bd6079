package corpus

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
)

// TestDocument: every corpus article is valid, unique to its number, the
// same on every call, and carries the promised spans and relations.
func TestDocument(t *testing.T) {
	seen := map[string]int{}
	for n := range 50 {
		d, err := Document(n, SpansPerArticle)
		if err != nil {
			t.Fatal(err)
		}
		if err := annotations.ValidateDocument(&d); err != nil {
			t.Fatalf("article %d: %v", n, err)
		}
		if len(d.Spans) != SpansPerArticle || len(d.Relations) != SpansPerArticle/10 {
			t.Fatalf("article %d: %d spans, %d relations", n, len(d.Spans), len(d.Relations))
		}
		claims := 0
		for _, s := range d.Spans {
			if s.Kind == annotations.KindClaim {
				claims++
			}
		}
		if claims != SpansPerArticle/10 {
			t.Errorf("article %d: %d claims", n, claims)
		}
		if c := utf8.RuneCountInString(d.Article.Text); c < 1800 || c > 3000 {
			t.Errorf("article %d: %d characters, want a news article's 1,800–3,000", n, c)
		}
		h := d.Article.TextSHA256()
		if m, ok := seen[h]; ok {
			t.Fatalf("articles %d and %d have the same text", m, n)
		}
		seen[h] = n
		again, _ := Document(n, SpansPerArticle)
		if again.Article.Text != d.Article.Text || again.Spans[7].ID != d.Spans[7].ID || again.Spans[7].Start != d.Spans[7].Start {
			t.Fatalf("article %d differs between calls", n)
		}
	}
}

// TestJSONLFile: the file reads back through formats.Read as the same
// articles, and a second call reuses it.
func TestJSONLFile(t *testing.T) {
	t.Setenv(DirEnv, t.TempDir())
	path, err := JSONLFile(20)
	if err != nil {
		t.Fatal(err)
	}
	in, err := formats.Read(context.Background(), path, "auto", nil)
	if err != nil {
		t.Fatal(err)
	}
	if in.Format != "jsonl" || len(in.Documents) != 20 {
		t.Fatalf("read %s: format %s, %d documents", path, in.Format, len(in.Documents))
	}
	want, _ := Document(13, SpansPerArticle)
	if got := in.Documents[13]; got.Article.Text != want.Article.Text || len(got.Spans) != len(want.Spans) || got.Spans[29].ID != want.Spans[29].ID {
		t.Errorf("article 13 read back differs")
	}
	st, _ := os.Stat(path)
	again, err := JSONLFile(20)
	if err != nil || again != path {
		t.Fatalf("second call: %s, %v", again, err)
	}
	if st2, _ := os.Stat(path); !st2.ModTime().Equal(st.ModTime()) {
		t.Errorf("the second call rewrote %s", path)
	}
	if files, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tmp")); len(files) > 0 {
		t.Errorf("temporary files left: %v", files)
	}
}

// TestMegabyte: the 1 MB article is the seed 170 times, 1,041,420 bytes.
func TestMegabyte(t *testing.T) {
	s, err := Megabyte(MegabyteCopies)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 1041420 {
		t.Errorf("%d bytes, want 1,041,420", len(s))
	}
}
