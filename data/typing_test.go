package data_test

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// stepClock is a clock that moves only when told to.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *stepClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestTypingIsOneUndoStep: a note typed a character at a time, each
// keystroke saved at once, undoes as one step; a pause of two seconds or
// more, or an edit of another kind, starts a new one. The same holds for a
// span's note and its free-text normalized claim.
func TestTypingIsOneUndoStep(t *testing.T) {
	db := MustOpen(t)
	clk := &stepClock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	db.Now = clk.Now
	doc := mustImportSeed(t, db)
	typeNote := func(prefix, word string) {
		t.Helper()
		cur := prefix
		for _, r := range word {
			cur += string(r)
			clk.advance(300 * time.Millisecond)
			if err := db.SetArticleMeta(ctx, "a-seed", annotations.StatusInProgress, cur); err != nil {
				t.Fatal(err)
			}
		}
	}
	note := func() string {
		t.Helper()
		d, err := db.Document(ctx, "a-seed")
		if err != nil {
			t.Fatal(err)
		}
		return d.Article.Note
	}
	if err := db.SetArticleMeta(ctx, "a-seed", annotations.StatusInProgress, ""); err != nil {
		t.Fatal(err)
	}
	typeNote("", "قال ترامب")
	clk.advance(3 * time.Second)
	typeNote("قال ترامب", " 2017")
	if got := note(); got != "قال ترامب 2017" {
		t.Fatalf("note %q", got)
	}
	undo := func(want string) {
		t.Helper()
		if ok, err := db.Undo(ctx, "a-seed"); err != nil || !ok {
			t.Fatalf("undo: %v %v", ok, err)
		}
		if got := note(); got != want {
			t.Fatalf("after undo the note is %q, want %q", got, want)
		}
	}
	undo("قال ترامب") // the word typed after the pause
	undo("")          // the first burst, all of it
	if ok, _ := db.Redo(ctx, "a-seed"); !ok || note() != "قال ترامب" {
		t.Fatalf("redo gave %q", note())
	}

	// A span's normalized claim: typed, then a verdict picked from the
	// list within the window, which must stay a step of its own.
	s, e := find(t, doc.Article.Text, "ويكيليكس")
	clk.advance(5 * time.Second)
	sp, err := db.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "CLAIM", Start: s, End: e})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "تواصل" {
		clk.advance(200 * time.Millisecond)
		if sp.Attributes == nil {
			sp.Attributes = map[string]string{}
		}
		sp.Attributes[annotations.AttrNormalizedClaim] += string(r)
		if sp, err = db.UpdateSpan(ctx, sp); err != nil {
			t.Fatal(err)
		}
	}
	clk.advance(200 * time.Millisecond)
	sp.Attributes[annotations.AttrVerdict] = annotations.ClaimAttributes[annotations.AttrVerdict][0]
	if sp, err = db.UpdateSpan(ctx, sp); err != nil {
		t.Fatal(err)
	}
	attrs := func() map[string]string {
		t.Helper()
		d, err := db.Document(ctx, "a-seed")
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range d.Spans {
			if x.ID == sp.ID {
				return x.Attributes
			}
		}
		t.Fatalf("span %s is gone", sp.ID)
		return nil
	}
	db.Undo(ctx, "a-seed")
	if a := attrs(); a[annotations.AttrVerdict] != "" || a[annotations.AttrNormalizedClaim] != "تواصل" {
		t.Fatalf("undoing the verdict left %v", a)
	}
	db.Undo(ctx, "a-seed")
	if a := attrs(); a[annotations.AttrNormalizedClaim] != "" {
		t.Fatalf("undoing the typing left %v", a)
	}
}

// TestDamagedHistoryRow: undo over a history row whose fields were emptied
// by hand says the history is damaged, for which article, and that the
// article is unchanged, instead of a raw scan error.
func TestDamagedHistoryRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustImportSeed(t, db)
	if err := db.SetArticleMeta(ctx, "a-seed", annotations.StatusDone, "x"); err != nil {
		t.Fatal(err)
	}
	for _, tamper := range []string{`UPDATE history SET before = NULL`, `UPDATE history SET before = '{"span":5}'`} {
		if _, err := rawDB(t, path).Exec(tamper); err != nil {
			t.Fatal(err)
		}
		_, err := db.Undo(ctx, "a-seed")
		if err == nil || !strings.Contains(err.Error(), "undo history of article \"a-seed\" is damaged") ||
			!strings.Contains(err.Error(), "unchanged") || strings.Contains(err.Error(), "Scan") {
			t.Fatalf("%s: undo said %v", tamper, err)
		}
		d, _ := db.Document(ctx, "a-seed")
		if d.Article.Status != annotations.StatusDone || d.Article.Note != "x" {
			t.Fatalf("%s: the article changed: %s %q", tamper, d.Article.Status, d.Article.Note)
		}
	}
}
