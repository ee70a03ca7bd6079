package data_test

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// TestFailingMigrationReusesCopy: a migration that fails names itself, the
// version the database was left at and the copy saved before it; the next
// tries reuse that copy instead of saving one more per try (issue 11,
// point 10: there were five copies after five tries). Once the database
// changes, the next try saves a fresh copy in place of the old one, and a
// migration that then succeeds keeps that one copy.
func TestFailingMigrationReusesCopy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "h.db")
	fillSeed(t)(dir)
	old := data.SchemaVersion()
	pattern := path + ".bak-v" + strconv.Itoa(old) + "-*"
	copies := func() []string {
		m, _ := filepath.Glob(pattern)
		return m
	}
	// File modification times come from a clock with a tick of a few
	// milliseconds; let the last write fall in an earlier tick than the copy.
	time.Sleep(20 * time.Millisecond)

	restore := data.AddTestMigration("CREATE TABLE extra (x INTEGER) STRICT; INSERT INTO nosuch VALUES (1);")
	var first []string
	for try := range 3 {
		_, err := data.Open(path)
		if err == nil {
			t.Fatalf("try %d: Open succeeded with a failing migration", try)
		}
		got := copies()
		if len(got) != 1 {
			t.Fatalf("try %d: copies %v, want one %s", try, got, pattern)
		}
		if try == 0 {
			first = got
		} else if !slices.Equal(got, first) {
			t.Errorf("try %d: copy %v, want the first try's %v reused", try, got, first)
		}
		for _, want := range []string{
			"migration " + strconv.Itoa(old+1) + " (test) failed",
			"no such table: nosuch",
			"left at schema version " + strconv.Itoa(old),
			got[0], "the next try reuses it",
		} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("try %d: message %q does not contain %q", try, err, want)
			}
		}
	}
	restore()

	// The database changes (an older Hamesh edits it): the next try saves
	// a new copy, holding the change, and removes the stale one.
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := seedDoc(t)
	if _, err := db.AddSpan(ctx, annotations.Span{ArticleID: doc.Article.ID, Kind: annotations.KindEntity, Label: "LOC", Start: 0, End: 2}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	time.Sleep(20 * time.Millisecond)
	restore = data.AddTestMigration("INSERT INTO nosuch VALUES (1);")
	if _, err := data.Open(path); err == nil {
		t.Fatal("Open succeeded with a failing migration")
	}
	restore()
	second := copies()
	if len(second) != 1 || slices.Equal(second, first) {
		t.Fatalf("after a change: copies %v, want one new copy in place of %v", second, first)
	}
	if n := queryInt(t, rawDB(t, second[0]), "SELECT count(*) FROM spans"); n != int64(len(doc.Spans)+1) {
		t.Errorf("the new copy holds %d spans, want %d", n, len(doc.Spans)+1)
	}

	// Fixed: the upgrade succeeds and reuses the copy.
	restore = data.AddTestMigration("CREATE TABLE extra (x INTEGER) STRICT;")
	defer restore()
	MustOpenPath(t, path)
	if got := copies(); !slices.Equal(got, second) {
		t.Errorf("after the successful upgrade: copies %v, want %v", got, second)
	}
}
