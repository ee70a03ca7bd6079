package app

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// TestStampSeesOtherProcessWrites checks the poll's cheap test: the
// database files' stamp stays put while nobody writes, and moves when
// another connection (as another process would) commits.
func TestStampSeesOtherProcessWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before := stampOf(path)
	if again := stampOf(path); again != before {
		t.Fatalf("stamp moved without a write: %v then %v", before, again)
	}
	other, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.ImportDocuments(context.Background(), []annotations.Document{{Article: annotations.Article{
		Title: "t", Text: "نص", Lang: "ar", Direction: annotations.RTL,
	}}}); err != nil {
		t.Fatal(err)
	}
	if after := stampOf(path); after == before {
		t.Errorf("stamp unchanged after another connection wrote: %v", after)
	}
	if st := stampOf(filepath.Join(t.TempDir(), "none.db")); st != (fileStamp{}) {
		t.Errorf("stamp of a missing file: %v", st)
	}
}
