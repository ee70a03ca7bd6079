package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
)

// TestImportOneStreams imports native JSONL into the database as the
// window does: line by line through data.DB's ImportStream, the spans
// stamped with the importer's name, progress told in bytes up to the
// file's size; a bad last line imports nothing and names the file and
// line as reading it whole would.
func TestImportOneStreams(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if _, ok := annotations.Store(db).(annotations.StreamImporter); !ok {
		t.Fatal("data.DB is not a StreamImporter: the window would read files whole")
	}
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < 30; i++ {
		b.WriteString(`{"title":"مقال ` + strings.Repeat("ب", i+1) + `","text":"قال محمد إن القاهرة ` + strings.Repeat("ن", i+1) + `","spans":[{"kind":"entity","label":"PERS","start":4,"end":8}]}` + "\n")
	}
	good := filepath.Join(dir, "good.jsonl")
	if err := os.WriteFile(good, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(b.String()+`{"title":"x","text":"قصير","spans":[{"kind":"entity","label":"PERS","start":0,"end":99}]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	_, _, err := importOne(ctx, db, bad, nil, formats.ReadOptions{}, "mona", nil)
	if err == nil || !strings.Contains(err.Error(), bad+":31:") {
		t.Fatalf("bad file: got %v, want its line 31 named", err)
	}
	if n, err := db.CountArticles(ctx, annotations.ArticleFilter{}); err != nil || n != 0 {
		t.Fatalf("after the bad file %d articles (err %v), want none", n, err)
	}

	var last, size int64
	res, _, err := importOne(ctx, db, good, nil, formats.ReadOptions{}, "mona", func(done, total int64) { last, size = done, total })
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 30 || res.Spans != 30 || len(res.ArticleIDs) != 30 {
		t.Fatalf("result %+v", res)
	}
	if st, _ := os.Stat(good); size != st.Size() || last != size {
		t.Errorf("progress ended at %d of %d, want the file's %d bytes", last, size, st.Size())
	}
	doc, err := db.Document(ctx, res.ArticleIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Spans) != 1 || doc.Spans[0].Annotator != "mona" {
		t.Errorf("spans %+v: want one, in mona's layer", doc.Spans)
	}
}
