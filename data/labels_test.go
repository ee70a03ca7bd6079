package data_test

import (
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

func TestSaveLabel(t *testing.T) {
	db := MustOpen(t)
	mustImportSeed(t, db)
	n := len(annotations.DefaultScheme())

	t.Run("OK_Add", func(t *testing.T) {
		l := annotations.Label{Name: "PRODUCT", Kind: annotations.KindEntity, Color: "#123456", Hotkey: "p", Description: "A product"}
		if err := db.SaveLabel(ctx, "", l); err != nil {
			t.Fatal(err)
		}
		labels, _ := db.Labels(ctx)
		if len(labels) != n+1 || labels[n] != l {
			t.Fatalf("labels end with %+v, want %+v", labels[len(labels)-1], l)
		}
	})

	t.Run("OK_RecolourRebindKeepsPosition", func(t *testing.T) {
		labels, _ := db.Labels(ctx)
		org := labels[1]
		org.Color, org.Hotkey = "#abcdef", "o"
		if err := db.SaveLabel(ctx, "ORG", org); err != nil {
			t.Fatal(err)
		}
		labels, _ = db.Labels(ctx)
		if labels[1] != org {
			t.Fatalf("labels[1] = %+v, want %+v", labels[1], org)
		}
	})

	t.Run("OK_RenameRelabelsSpansAndHistory", func(t *testing.T) {
		// An edit on a PERS span, to undo after the rename.
		if _, err := db.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "PERS", Start: 0, End: 6}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteSpan(ctx, "s-pers"); err != nil {
			t.Fatal(err)
		}
		labels, _ := db.Labels(ctx)
		pers := labels[0]
		pers.Name = "PERSON"
		if err := db.SaveLabel(ctx, "PERS", pers); err != nil {
			t.Fatal(err)
		}
		labels, _ = db.Labels(ctx)
		if labels[0].Name != "PERSON" || len(labels) != n+1 {
			t.Fatalf("labels after rename: %+v", labels[:2])
		}
		d := mustDocument(t, db, "a-seed")
		for _, s := range d.Spans {
			if s.Label == "PERS" {
				t.Fatalf("span %q still labelled PERS", s.ID)
			}
		}
		if ok, err := db.Undo(ctx, "a-seed"); !ok || err != nil { // brings s-pers back
			t.Fatalf("undo after rename: %v, %v", ok, err)
		}
		d = mustDocument(t, db, "a-seed")
		found := false
		for _, s := range d.Spans {
			if s.ID == "s-pers" {
				found = s.Label == "PERSON"
			}
		}
		if !found {
			t.Fatalf("undone span s-pers not back as PERSON: %+v", d.Spans)
		}
	})

	for _, tt := range []struct {
		name    string
		oldName string
		l       annotations.Label
		code    string
		want    string
	}{
		{"ErrHotkeyTaken", "GPE", annotations.Label{Name: "GPE", Kind: annotations.KindEntity, Color: "#000000", Hotkey: "c"}, annotations.ECONFLICT, `"CLAIM"`},
		{"ErrRenameOntoOther", "GPE", annotations.Label{Name: "LOC", Kind: annotations.KindEntity, Color: "#000000"}, annotations.ECONFLICT, "already exists"},
		{"ErrKindChangeInUse", "ORG", annotations.Label{Name: "ORG", Kind: annotations.KindClaim, Color: "#000000"}, annotations.ECONFLICT, "kind"},
		{"ErrMissingOld", "NOPE", annotations.Label{Name: "NEW", Kind: annotations.KindEntity, Color: "#000000"}, annotations.ENOTFOUND, "NOPE"},
		{"ErrColour", "", annotations.Label{Name: "X", Kind: annotations.KindEntity, Color: "red"}, annotations.EINVALID, "colour"},
		{"ErrName", "", annotations.Label{Name: " X", Kind: annotations.KindEntity, Color: "#000000"}, annotations.EINVALID, "name"},
		{"ErrKind", "", annotations.Label{Name: "X", Kind: "thing", Color: "#000000"}, annotations.EINVALID, "kind"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := db.SaveLabel(ctx, tt.oldName, tt.l)
			wantCode(t, err, tt.code)
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("message %q does not say %q", err, tt.want)
			}
		})
	}

	t.Run("OK_KindChangeUnused", func(t *testing.T) {
		l := annotations.Label{Name: "MONEY", Kind: annotations.KindClaim, Color: "#ffd166"}
		if err := db.SaveLabel(ctx, "MONEY", l); err != nil {
			t.Fatal(err)
		}
	})
}
