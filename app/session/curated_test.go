package session_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/schedule"
	"github.com/hamesh-app/hamesh/app/session"
)

// TestToggleCuratedRecordsCuratorAndTime: outside curation the key only
// says to start it; in curation it records the curator (the session's
// annotator) and time as the article's own field, leaving its status, and
// again unmarks it; undo takes the mark back.
func TestToggleCuratedRecordsCuratorAndTime(t *testing.T) {
	f := newFixture(t, schedule.Inline{})
	ctx := context.Background()
	curation := func() *annotations.Curation {
		d, err := f.db.Document(ctx, f.id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Article.Curation
	}
	f.s.ToggleCurated()
	if curation() != nil || !strings.Contains(f.lastStatus(), "start curation first") {
		t.Fatalf("outside curation: curation %+v, status %q", curation(), f.lastStatus())
	}
	f.s.SetCurating(true)
	f.s.ToggleCurated()
	c := curation()
	if c == nil || c.By != "mona" || c.At.IsZero() {
		t.Fatalf("curation after the key: %+v, want mona and a time", c)
	}
	if st := f.lastStatus(); !strings.Contains(st, "article marked curated by") || !strings.Contains(st, "mona") {
		t.Fatalf("status %q does not say who curated", st)
	}
	if got := f.s.Document().Article.Curation; got == nil || got.By != "mona" {
		t.Fatalf("the session's open article does not show the curation: %+v", got)
	}
	if txt := session.CurationText(f.s.Document().Article.Curation); !strings.Contains(txt, "curated by") || !strings.Contains(txt, "mona") {
		t.Fatalf("CurationText = %q", txt)
	}
	if d, _ := f.db.Document(ctx, f.id); d.Article.Status != annotations.StatusTodo {
		t.Fatalf("marking curated changed the status to %s", d.Article.Status)
	}
	f.s.ToggleCurated()
	if curation() != nil {
		t.Fatalf("the second press left the article curated: %+v", curation())
	}
	if err := f.s.Undo(); err != nil {
		t.Fatal(err)
	}
	if c := curation(); c == nil || c.By != "mona" {
		t.Fatalf("undo of the unmark: %+v, want curated by mona again", c)
	}
}
