package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestRegistryViewMergesAndRenames: in the registry view, choosing an
// entry and an entry of its type to merge it into, then Merge, leaves one
// entry whose aliases hold the other's name, with every mention relinked
// to it; the field that renames is our bidi text field.
func TestRegistryViewMergesAndRenames(t *testing.T) {
	ctx := t.Context()
	db := openDB(t)
	res, err := db.ImportDocuments(ctx, []annotations.Document{{
		Article: annotations.Article{Title: "أسانج", Text: sample},
		Spans:   []annotations.Span{{Kind: annotations.KindEntity, Label: "PERS", Start: rangeOf(t, sample, "جوليان أسانج", 0).Start, End: rangeOf(t, sample, "جوليان أسانج", 0).End}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	keep, err := db.AddEntry(ctx, annotations.Entry{Name: "جوليان أسانج", Label: "PERS", KBID: "Q47112"})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := db.AddEntry(ctx, annotations.Entry{Name: "أسانج", Label: "PERS"})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := db.Document(ctx, res.ArticleIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.LinkSpan(ctx, doc.Spans[0].ID, gone.ID); err != nil {
		t.Fatal(err)
	}
	ws, w := newTestWorkspace(t, db)
	ws.showRegistry()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no registry view; status %q", ws.StatusText())
	}
	var list *widget.List
	var into *widget.Select
	var merge *widget.Button
	walk(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.List:
			if list == nil {
				list = x
			}
		case *widget.Select:
			into = x
		case *widget.Button:
			if x.Text == TV("Merge") {
				merge = x
			}
		case *widget.Entry:
			t.Error("the registry view uses Fyne's Entry, which cannot show Arabic right (issue 13)")
		}
	})
	if list == nil || into == nil || merge == nil {
		t.Fatalf("list %v, merge-into select %v, merge button %v", list != nil, into != nil, merge != nil)
	}
	stats, err := db.EntryStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range stats {
		if s.Entry.ID == gone.ID {
			list.Select(i)
		}
	}
	if len(into.Options) != 1 {
		t.Fatalf("merge-into options %q, want the one other PERS entry", into.Options)
	}
	into.SetSelectedIndex(0)
	test.Tap(merge)
	es, err := db.Entries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].ID != keep.ID || es[0].KBID != "Q47112" {
		t.Fatalf("entries after merging %+v", es)
	}
	aliased := false
	for _, a := range es[0].Aliases {
		aliased = aliased || a == "أسانج"
	}
	if !aliased {
		t.Errorf("aliases %q lack the merged entry's name", es[0].Aliases)
	}
	doc, err = db.Document(ctx, res.ArticleIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Spans[0].Attributes[annotations.AttrEntityID]; got != keep.ID {
		t.Errorf("the mention links to %q, want %q", got, keep.ID)
	}
}
