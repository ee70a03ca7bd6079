package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/hamesh-app/hamesh/annotations"
)

// curationStore is the fake store with curation recorded, as data.DB
// records it.
type curationStore struct{ *fakeStore }

func (c curationStore) SetCuration(_ context.Context, id, by string) (*annotations.Curation, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i, err := c.article(id)
	if err != nil {
		return nil, err
	}
	c.articles[i].Curation = nil
	if by != "" {
		c.articles[i].Curation = &annotations.Curation{By: by, At: time.Date(2026, 12, 2, 13, 0, 0, 0, time.UTC)}
	}
	c.version++
	return c.articles[i].Curation, nil
}

// TestMarkCuratedKey: in curation Ctrl+Shift+D marks the article curated
// and the inspector says by whom; again unmarks it and the line goes.
func TestMarkCuratedKey(t *testing.T) {
	st := curationStore{newFakeStore()}
	id := st.addArticle("ويكيليكس وترامب", sample, annotations.StatusTodo)
	ws, _ := newTestWorkspace(t, st)
	if err := ws.sess.Open(id); err != nil {
		t.Fatal(err)
	}
	ws.handleShortcut(ctrlShift(fyne.KeyD))
	if ws.inspector.Curated.Visible() || !strings.Contains(ws.StatusText(), "start curation first") {
		t.Fatalf("outside curation: curated line shown %v, status %q", ws.inspector.Curated.Visible(), ws.StatusText())
	}
	ws.handleShortcut(ctrlShift(fyne.KeyK))
	if !ws.handleShortcut(ctrlShift(fyne.KeyD)) {
		t.Fatal("Ctrl+Shift+D is no shortcut")
	}
	d, _ := st.Document(t.Context(), id)
	if d.Article.Curation == nil || d.Article.Curation.By != ws.annotator() {
		t.Fatalf("stored curation %+v, want by %q", d.Article.Curation, ws.annotator())
	}
	if !ws.inspector.Curated.Visible() || !strings.Contains(ws.inspector.Curated.Text, "curated by") || !strings.Contains(ws.inspector.Curated.Text, ws.annotator()) {
		t.Fatalf("inspector shows %q (visible %v)", ws.inspector.Curated.Text, ws.inspector.Curated.Visible())
	}
	ws.handleShortcut(ctrlShift(fyne.KeyD))
	if ws.inspector.Curated.Visible() {
		t.Fatalf("unmarked article still shows %q", ws.inspector.Curated.Text)
	}
}

// TestLibraryRowSaysCurated: a curated article's library row names its
// curator; another's says nothing of curation.
func TestLibraryRowSaysCurated(t *testing.T) {
	r := annotations.ArticleSummary{Lang: "ar", Status: annotations.StatusDone, Entities: 2, CuratedBy: "omar"}
	if got := rowMeta(r); !strings.Contains(got, "✔ curated by") || !strings.Contains(got, "omar") {
		t.Errorf("curated row meta %q", got)
	}
	r.CuratedBy = ""
	if got := rowMeta(r); strings.Contains(got, "curated") {
		t.Errorf("uncurated row meta %q", got)
	}
}

// TestReservedAnnotatorNamesRefused: no one can name themselves after the
// gold layer (their spans would be gold) or "all", nor use a comma.
func TestReservedAnnotatorNamesRefused(t *testing.T) {
	ws, _, _, _ := openSample(t)
	for _, name := range []string{"gold", "all", "mona,sara"} {
		if err := ws.setPreferences(name, 16, "dark"); err == nil || annotations.ErrorCode(err) != annotations.EINVALID {
			t.Errorf("setPreferences(%q) = %v, want EINVALID", name, err)
		}
		if ws.annotator() == name {
			t.Errorf("the refused name %q was taken", name)
		}
	}
}
