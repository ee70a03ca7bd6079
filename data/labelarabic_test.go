package data_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/data"
)

// TestLabelArabicNames checks the labels' Arabic display names: the
// default scheme's come with the database, a saved one is kept and follows
// a rename, a bad one is refused, and exports keep the codes.
func TestLabelArabicNames(t *testing.T) {
	db := MustOpen(t)
	mustImportSeed(t, db)
	byName := func() map[string]annotations.Label {
		labels, err := db.Labels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]annotations.Label{}
		for _, l := range labels {
			m[l.Name] = l
		}
		return m
	}
	if got := byName()["PERS"].Arabic; got != "شخص" {
		t.Fatalf("default PERS has Arabic name %q, want شخص", got)
	}

	prod := annotations.Label{Name: "PRODUCT", Kind: annotations.KindEntity, Color: "#123456", Arabic: "منتج"}
	if err := db.SaveLabel(ctx, "", prod); err != nil {
		t.Fatal(err)
	}
	if got := byName()["PRODUCT"]; got != prod {
		t.Fatalf("saved %+v, read %+v", prod, got)
	}
	prod.Name = "ITEM"
	if err := db.SaveLabel(ctx, "PRODUCT", prod); err != nil {
		t.Fatal(err)
	}
	if m := byName(); m["ITEM"].Arabic != "منتج" {
		t.Errorf("after the rename ITEM has Arabic name %q", m["ITEM"].Arabic)
	}

	pers := byName()["PERS"]
	pers.Arabic = "" // the code, not the default name
	if err := db.SaveLabel(ctx, "PERS", pers); err != nil {
		t.Fatal(err)
	}
	if got := byName()["PERS"].Arabic; got != "" {
		t.Errorf("cleared PERS Arabic name reads %q", got)
	}
	if v, _ := db.Setting(ctx, data.SettingLabelArabic); !strings.Contains(v, `"PERS":""`) {
		t.Errorf("setting %s = %q", data.SettingLabelArabic, v)
	}

	bad := byName()["ORG"]
	bad.Arabic = "منظمة\n"
	if err := db.SaveLabel(ctx, "ORG", bad); annotations.ErrorCode(err) != annotations.EINVALID {
		t.Errorf("an Arabic name with a newline: %v, want EINVALID", err)
	}
	if got := byName()["ORG"].Arabic; got != "منظمة" {
		t.Errorf("the refused save changed ORG's Arabic name to %q", got)
	}

	var out bytes.Buffer
	scheme, _ := db.Labels(ctx)
	err := formats.Write("jsonl", "-", &out, formats.Options{Scheme: scheme}, func(fn func(*annotations.Document) error) error {
		return db.ExportDocuments(ctx, annotations.ArticleFilter{}, fn)
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.Len() == 0 || strings.Contains(out.String(), "شخص") || strings.Contains(out.String(), "منظمة") || !strings.Contains(out.String(), `"PERS"`) {
		t.Errorf("the export does not keep the codes only:\n%.400s", out.String())
	}
}
