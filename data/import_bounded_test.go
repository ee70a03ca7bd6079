package data_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// smallDocs returns n small articles (one line and one span each), all
// with different texts.
func smallDocs(n int) []annotations.Document {
	docs := make([]annotations.Document, n)
	for i := range docs {
		docs[i] = annotations.Document{
			Article: annotations.Article{Title: fmt.Sprintf("wire %d", i), Text: fmt.Sprintf("Wire %07d: Amman said the turnout rose.", i)},
			Spans:   []annotations.Span{{Label: "GPE", Start: 14, End: 19}},
		}
	}
	return docs
}

// latencies records how long calls took.
type latencies []time.Duration

func (l latencies) max() time.Duration { return slices.Max(l) }
func (l latencies) median() time.Duration {
	s := slices.Clone(l)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestImportDoesNotBlockOthers (issue 11, point 2): while one file of many
// small articles imports, the library's list query answers and an edit
// (AddSpan on a stored article, as the window makes it) commits in under
// a second each, through a second handle on the file (another process, as
// the window is to `hamesh import`) and through the importing one. The
// listed articles stay the stored one until the file appears whole.
// HAMESH_SOAK=1 imports 1,000,000 articles instead of 40,000.
func TestImportDoesNotBlockOthers(t *testing.T) {
	n := 40000
	if os.Getenv("HAMESH_SOAK") == "1" {
		n = 1000000
	}
	if testing.Short() {
		n = 10000
	}
	path := filepath.Join(t.TempDir(), "h.db")
	db := MustOpenPath(t, path)
	if _, err := db.ImportDocuments(ctx, []annotations.Document{{
		Article: annotations.Article{ID: "stored", Text: "Alice met Bob in Amman."},
	}}); err != nil {
		t.Fatal(err)
	}
	other := MustOpenPath(t, path)
	docs := smallDocs(n)

	done := make(chan error, 1)
	start := time.Now()
	var took time.Duration
	go func() {
		res, err := db.ImportFile(ctx, "wire.jsonl", docs)
		took = time.Since(start)
		if err == nil && res.Articles != n {
			err = fmt.Errorf("imported %+v, want %d articles", res, n)
		}
		done <- err
	}()
	var list, edit, ownEdit latencies
	spans := 0
	running := true
	for running {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			running = false
			continue
		case <-time.After(100 * time.Millisecond):
		}
		t0 := time.Now()
		rows, err := other.ListArticles(ctx, annotations.ArticleFilter{})
		list = append(list, time.Since(t0))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 && len(rows) != n+1 { // n+1: it has just finished
			t.Fatalf("during the import the list shows %d articles, want the stored one alone", len(rows))
		}
		for _, h := range []struct {
			db  *data.DB
			lat *latencies
		}{{other, &edit}, {db, &ownEdit}} {
			t0 = time.Now()
			_, err := h.db.AddSpan(ctx, annotations.Span{ArticleID: "stored", Label: "PERS", Start: 10, End: 13})
			*h.lat = append(*h.lat, time.Since(t0))
			if err != nil {
				t.Fatal(err)
			}
			spans++
		}
	}
	if len(list) < 3 {
		t.Fatalf("the import of %d articles took %v, too short to measure others (%d rounds)", n, took, len(list))
	}
	t.Logf("imported %d small articles in %v (%.0f a second); during it %d lists: median %v, max %v; %d edits from another handle: median %v, max %v; %d from the importing one: median %v, max %v",
		n, took.Round(time.Millisecond), float64(n)/took.Seconds(), len(list), list.median(), list.max(),
		len(edit), edit.median(), edit.max(), len(ownEdit), ownEdit.median(), ownEdit.max())
	for name, l := range map[string]latencies{"a list": list, "an edit from another handle": edit, "an edit from the importing handle": ownEdit} {
		if l.max() >= time.Second {
			t.Errorf("%s took %v during the import, want under 1 s", name, l.max())
		}
	}
	got, err := other.CountArticles(ctx, annotations.ArticleFilter{})
	if err != nil || got != n+1 {
		t.Fatalf("after the import %d articles are listed (%v), want %d", got, err, n+1)
	}
	doc, err := other.Document(ctx, "stored")
	if err != nil || len(doc.Spans) != spans {
		t.Fatalf("the stored article has %d spans after the import (%v), want the %d edits'", len(doc.Spans), err, spans)
	}
}
