package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/textfield"
)

// TestRelationTypesEditor: the scheme editor's relation types tab lists
// the scheme's types, adds a new one from its form (name, kinds, colour,
// hotkey) into the store, and shows the store's refusal of a bad colour
// beside the form, saving nothing.
func TestRelationTypesEditor(t *testing.T) {
	db := openDB(t)
	ws, _ := newTestWorkspace(t, db)
	ed := ws.relationTypesEditor()
	var fields []*textfield.Field
	var selects []*widget.Select
	var save *widget.Button
	var labels []*widget.Label
	var list *widget.List
	walk(ed, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *textfield.Field:
			fields = append(fields, x)
		case *widget.Select:
			selects = append(selects, x)
		case *widget.Button:
			save = x
		case *widget.Label:
			labels = append(labels, x)
		case *widget.List:
			list = x
		}
	})
	if len(fields) != 4 || len(selects) != 2 || save == nil || list == nil {
		t.Fatalf("form: %d fields, %d selects, save %v, list %v", len(fields), len(selects), save != nil, list != nil)
	}
	if n := list.Length(); n != len(annotations.DefaultRelationTypes()) {
		t.Errorf("the list shows %d types, the scheme has %d", n, len(annotations.DefaultRelationTypes()))
	}
	name, colour, hotkey := fields[0], fields[1], fields[2]
	set := func(f *textfield.Field, s string) { f.SetText(s) }
	set(name, "quotes")
	set(colour, "#123456")
	set(hotkey, "q")
	selects[0].SetSelectedIndex(1) // entity
	selects[1].SetSelectedIndex(2) // claim
	test.Tap(save)
	ts, err := db.RelationTypes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var got *annotations.RelationType
	for i := range ts {
		if ts[i].Name == "quotes" {
			got = &ts[i]
		}
	}
	if got == nil || got.From != annotations.KindEntity || got.To != annotations.KindClaim || got.Color != "#123456" || got.Hotkey != "q" {
		t.Fatalf("stored types %+v: want quotes entity → claim #123456 q", ts)
	}
	set(name, "bad")
	set(colour, "teal")
	set(hotkey, "")
	test.Tap(save)
	ts2, _ := db.RelationTypes(t.Context())
	if len(ts2) != len(ts) {
		t.Errorf("a type with colour %q was stored", "teal")
	}
	shown := ""
	for _, l := range labels {
		shown += l.Text
	}
	if !strings.Contains(shown, "teal") && !strings.Contains(shown, visualString("teal")) {
		t.Errorf("the refusal does not name the colour: %q", shown)
	}
}

// TestRelationByHotkey: R on an entity, a click on a claim, then the
// supports type's hotkey adds the relation; Escape instead of a key
// cancels and adds nothing; a key no type has cancels too.
func TestRelationByHotkey(t *testing.T) {
	ctx := t.Context()
	db := openDB(t)
	res, err := db.ImportDocuments(ctx, []annotations.Document{{Article: annotations.Article{Title: "t", Text: sample}}})
	if err != nil {
		t.Fatal(err)
	}
	id := res.ArticleIDs[0]
	span := func(label, sub string) string {
		t.Helper()
		r := rangeOf(t, sample, sub, 0)
		sp, err := db.AddSpan(ctx, annotations.Span{ArticleID: id, Label: label, Start: r.Start, End: r.End})
		if err != nil {
			t.Fatal(err)
		}
		return sp.ID
	}
	ent := span("ORG", "ويكيليكس")
	claim := span("CLAIM", "جوليان أسانج")
	ws, _ := newTestWorkspace(t, db)
	if err := ws.sess.Open(id); err != nil {
		t.Fatal(err)
	}
	relations := func() []annotations.Relation {
		d, err := db.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Relations
	}
	hotkey := rune(0)
	for _, rt := range ws.sess.RelationTypes() {
		if rt.Name == annotations.RelSupports {
			hotkey = []rune(rt.Hotkey)[0]
		}
	}
	for _, cancel := range []func(){
		func() { ws.handleKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) },
		func() { ws.handleRune('#') },
	} {
		ws.sess.SelectSpan(ent, false)
		ws.startRelation()
		if !ws.finishRelation(claim) || ws.relatePick == nil {
			t.Fatal("no relation types offered after the target")
		}
		cancel()
		if ws.relatePick != nil || len(relations()) != 0 {
			t.Fatalf("cancelling left the offer open (%v) or added %+v", ws.relatePick != nil, relations())
		}
	}
	ws.sess.SelectSpan(ent, false)
	ws.startRelation()
	ws.finishRelation(claim)
	if !ws.handleRune(hotkey) {
		t.Fatalf("the supports hotkey %q was not taken", hotkey)
	}
	for i := 0; i < 100 && len(relations()) == 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	rs := relations()
	if len(rs) != 1 || rs[0].Type != annotations.RelSupports || rs[0].From != ent || rs[0].To != claim {
		t.Fatalf("relations %+v: want one supports from the entity to the claim", rs)
	}
}
