package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/textfield"
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

// TestClusterViewEditsTheFactCheck: choosing a cluster in the cluster view
// fills its fact-check form; a verdict and a review URL saved there are
// stored (with the verdict's place on the rating scale), and a URL that
// is not http(s) is refused beside the form, storing nothing.
func TestClusterViewEditsTheFactCheck(t *testing.T) {
	ctx := t.Context()
	db := openDB(t)
	c, err := db.AddCluster(ctx, annotations.Cluster{Text: "ويكيليكس أكد صحة الرسائل"})
	if err != nil {
		t.Fatal(err)
	}
	ws, w := newTestWorkspace(t, db)
	ws.showClusters()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no cluster view; status %q", ws.StatusText())
	}
	var lists []*widget.List
	var verdict *widget.Select
	var fields []*textfield.Field
	var save *widget.Button
	var labels []*widget.Label
	walk(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.List:
			lists = append(lists, x)
		case *widget.Select:
			verdict = x
		case *textfield.Field:
			fields = append(fields, x)
		case *widget.Button:
			if x.Text == TV("Save the fact-check") {
				save = x
			}
		case *widget.Label:
			labels = append(labels, x)
		}
	})
	if len(lists) == 0 || verdict == nil || len(fields) != 4 || save == nil {
		t.Fatalf("lists %d, verdict %v, fields %d, save %v", len(lists), verdict != nil, len(fields), save != nil)
	}
	lists[0].Select(0)
	fields[0].SetText("ftp://example.org/x")
	verdict.SetSelectedIndex(2) // false
	test.Tap(save)
	got, err := db.Cluster(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Verdict != "" || got.ReviewURL != "" {
		t.Fatalf("a refused fact-check was stored: %+v", got)
	}
	refused := false
	for _, l := range labels {
		refused = refused || strings.Contains(l.Text, "http") || strings.Contains(l.Text, visualString("http"))
	}
	if !refused {
		t.Error("the refusal of the URL is not shown")
	}
	fields[0].SetText("https://misbar.com/factcheck/1")
	fields[1].SetText("Misbar")
	test.Tap(save)
	got, err = db.Cluster(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Verdict != "false" || got.Rating != 1 || got.ReviewURL != "https://misbar.com/factcheck/1" || got.Reviewer != "Misbar" {
		t.Fatalf("stored %+v: want verdict false rated 1 by Misbar", got)
	}
}
