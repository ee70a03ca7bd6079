package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// spansByAnnotator reads the database at path and counts its spans per
// annotator.
func spansByAnnotator(t *testing.T, path string) map[string]int {
	t.Helper()
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]int{}
	err = db.ExportDocuments(context.Background(), annotations.ArticleFilter{}, func(d *annotations.Document) error {
		for _, s := range d.Spans {
			out[s.Annotator]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func setAnnotator(t *testing.T, path, name string) {
	t.Helper()
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetSetting(context.Background(), data.SettingAnnotator, name); err != nil {
		t.Fatal(err)
	}
}

// TestImportPutsUnnamedSpansInTheImportersLayer: spans of a format without
// annotators join the layer of --annotator, else of the name the app
// stored; with neither they stay unnamed and the command says how to name
// them. Spans that name their annotator keep it.
func TestImportPutsUnnamedSpansInTheImportersLayer(t *testing.T) {
	dir := t.TempDir()
	doccano := filepath.Join(dir, "d.jsonl")
	if err := os.WriteFile(doccano, []byte(`{"text":"Sara met Mona.","label":[[0,4,"PERS"],[9,13,"PERS"]]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	native := filepath.Join(dir, "n.jsonl")
	if err := os.WriteFile(native, []byte(`{"title":"x","text":"Omar left.","spans":[{"kind":"entity","label":"PERS","start":0,"end":4,"annotator":"mona"}]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	db := filepath.Join(dir, "stored.db")
	mustRun(t, "list", "--db", db)
	setAnnotator(t, db, "sara")
	code, _, errs := hamesh(t, nil, "import", "--db", db, doccano, native)
	if code != 0 {
		t.Fatal(errs)
	}
	if !strings.Contains(errs, "2 spans that named no annotator joined sara's layer") {
		t.Errorf("stderr %q does not say the spans joined sara's layer", errs)
	}
	if got := spansByAnnotator(t, db); got["sara"] != 2 || got["mona"] != 1 || len(got) != 2 {
		t.Errorf("layers %v, want sara 2 (the doccano spans) and mona 1", got)
	}

	flagged := filepath.Join(dir, "flag.db")
	mustRun(t, "list", "--db", flagged)
	setAnnotator(t, flagged, "sara")
	mustRun(t, "import", "--db", flagged, "--annotator", "omar", doccano)
	if got := spansByAnnotator(t, flagged); got["omar"] != 2 || len(got) != 1 {
		t.Errorf("with --annotator omar: layers %v, want omar 2", got)
	}

	nobody := filepath.Join(dir, "nobody.db")
	code, _, errs = hamesh(t, nil, "import", "--db", nobody, doccano)
	if code != 0 || !strings.Contains(errs, "2 spans name no annotator and stay unnamed: give --annotator NAME") {
		t.Errorf("exit %d, stderr %q: want a note that the spans stay unnamed", code, errs)
	}
	if got := spansByAnnotator(t, nobody); got[""] != 2 {
		t.Errorf("without a name: layers %v, want 2 unnamed", got)
	}

	for _, bad := range []string{"gold", "all", "a,b", " x"} {
		code, _, errs := hamesh(t, nil, "import", "--db", nobody, "--annotator", bad, doccano)
		if code != 1 || !strings.Contains(errs, "--annotator") {
			t.Errorf("--annotator %q: exit %d, %q; want a refusal", bad, code, errs)
		}
	}
	if got := spansByAnnotator(t, nobody); got[""] != 2 || len(got) != 1 {
		t.Errorf("a refused import changed the layers: %v", got)
	}
}

// exportOut runs an export to standard output and returns exit code,
// output and standard error.
func exportOut(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	return hamesh(t, nil, append([]string{"export", "--db", db, "-o", "-"}, args...)...)
}

// TestExportLayer: the default layer with and without gold, the note on
// standard error, --layer NAME, gold and all, and the formats that cannot
// hold layers.
func TestExportLayer(t *testing.T) {
	path, ids := agreementDB(t) // annotators A and B, no gold

	code, out, errs := exportOut(t, path, "--format", "jsonl")
	if code != 0 || !strings.Contains(errs, "note: exporting every layer (A, B), each span with its annotator") {
		t.Fatalf("jsonl default: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, `"annotator":"A"`) || !strings.Contains(out, `"annotator":"B"`) {
		t.Errorf("jsonl default lost a layer:\n%s", out)
	}

	code, _, errs = exportOut(t, path, "--format", "doccano")
	if code != 1 || !strings.Contains(errs, "2 annotators' layers (A, B) and doccano cannot keep them apart: choose one with --layer NAME") {
		t.Errorf("doccano default with two layers and no name: exit %d, %q; want a refusal", code, errs)
	}
	code, out, errs = exportOut(t, path, "--format", "doccano", "--annotator", "B")
	if code != 0 || !strings.Contains(errs, "exporting your layer (B)") || strings.Count(out, "\n") != 3 {
		t.Errorf("doccano as B: exit %d, stderr %q, out %q", code, errs, out)
	}
	if !strings.Contains(out, `[8,15,"PERS"]`) || strings.Contains(out, `[8,12,"PERS"]`) {
		t.Errorf("doccano as B holds another layer's span:\n%s", out)
	}
	setAnnotator(t, path, "A")
	if code, out, errs = exportOut(t, path, "--format", "doccano"); code != 0 || !strings.Contains(out, `[8,12,"PERS"]`) || strings.Contains(out, `[8,15,"PERS"]`) {
		t.Errorf("doccano with the stored name A: exit %d, %q\n%s", code, errs, out)
	}

	code, out, errs = exportOut(t, path, "--format", "conll", "--layer", "B")
	if code != 0 || errs != "" || strings.Contains(out, "LOC") || !strings.Contains(out, "ORG") {
		t.Errorf("conll --layer B: exit %d, %q\n%s", code, errs, out)
	}

	for _, f := range []string{"doccano", "prodigy", "brat", "conll"} {
		o := filepath.Join(t.TempDir(), "out")
		code, _, errs := hamesh(t, nil, "export", "--db", path, "--format", f, "--layer", "all", "-o", o)
		if code != 1 || !strings.Contains(errs, f+" has no place for a span's annotator") || !strings.Contains(errs, "jsonl, labelstudio, dataset") {
			t.Errorf("%s --layer all: exit %d, %q; want a refusal naming the formats that can", f, code, errs)
		}
		if _, err := os.Stat(o); err == nil {
			t.Errorf("%s --layer all wrote %s", f, o)
		}
	}
	if code, _, errs = exportOut(t, path, "--layer", "gold"); code != 1 || !strings.Contains(errs, `--layer "gold": the selected articles have no span in that layer (their layers: A: 5 spans in 2 articles; B: 5 spans in 2 articles)`) {
		t.Errorf("--layer gold without gold: exit %d, %q", code, errs)
	}

	// Curate: one gold span. The default becomes gold, and says so.
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddSpan(context.Background(), annotations.Span{ArticleID: ids[0], Label: "PERS", Start: 0, End: 3, Annotator: annotations.GoldLayer,
		Attributes: map[string]string{annotations.AttrGoldFrom: "A,B"}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, f := range []string{"jsonl", "doccano", "conll"} {
		code, out, errs := exportOut(t, path, "--format", f)
		if code != 0 || !strings.Contains(errs, "hamesh export: note: exporting the gold layer (1 spans in 1 articles); --layer all or --layer NAME exports the annotators' layers (A, B)") {
			t.Errorf("%s default with gold: exit %d, stderr %q", f, code, errs)
		}
		if strings.Contains(out, "LOC") || strings.Contains(out, "ORG") {
			t.Errorf("%s default with gold holds annotators' spans:\n%s", f, out)
		}
	}
	code, out, errs = exportOut(t, path, "--layer", "all")
	if code != 0 || errs != "" || !strings.Contains(out, `"annotator":"gold"`) || !strings.Contains(out, `"annotator":"A"`) {
		t.Errorf("--layer all with gold: exit %d, %q\n%s", code, errs, out)
	}
}

// TestExportSingleLayerUnchanged: a one-annotator database exports every
// span, as before layers, with nothing said on standard error.
func TestExportSingleLayerUnchanged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "one.db")
	doccano := filepath.Join(dir, "d.jsonl")
	if err := os.WriteFile(doccano, []byte(`{"text":"Sara met Mona.","label":[[0,4,"PERS"],[9,13,"PERS"]]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "import", "--db", db, "--annotator", "sara", doccano)
	for _, f := range []string{"jsonl", "doccano", "labelstudio", "prodigy", "conll"} {
		code, out, errs := exportOut(t, db, "--format", f)
		if code != 0 || errs != "" {
			t.Errorf("%s: exit %d, stderr %q", f, code, errs)
		}
		if !strings.Contains(out, "Sara") {
			t.Errorf("%s: the export lacks the article:\n%s", f, out)
		}
	}
}

// TestCurationRoundTrip: an article marked curated exports with its
// "curation" in native JSONL, with the units rejected on it and on an
// article not curated ("rejected"), and comes back from an import into a
// fresh database with the same curator, rejections and times; exporting
// that again gives the same bytes. (One layer: two layers' identical spans still merge on
// import until bringing in a colleague's work keeps them apart.)
func TestCurationRoundTrip(t *testing.T) {
	path, ids := agreementDB(t)
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetCuration(context.Background(), ids[1], "omar"); err != nil {
		t.Fatal(err)
	}
	// Rejections: on the curated article, and on one that is not.
	for _, id := range ids[:2] {
		if err := db.SetRejected(context.Background(), id, "0-3", "omar", nil); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	dir := t.TempDir()
	first := filepath.Join(dir, "first.jsonl")
	mustRun(t, "export", "--db", path, "--layer", "A", "-o", first)
	b := readFile(t, first)
	if strings.Count(b, `"curation":{"by":"omar","at":"`) != 1 {
		t.Fatalf("export has no curation for article two:\n%s", b)
	}
	if strings.Count(b, `"rejected":[{"unit":"0-3","by":"omar","at":"`) != 2 || strings.Count(b, `"curation":{"rejected":[`) != 1 {
		t.Fatalf("export lacks the rejections of articles one and two:\n%s", b)
	}
	fresh := filepath.Join(dir, "fresh.db")
	mustRun(t, "import", "--db", fresh, first)
	second := filepath.Join(dir, "second.jsonl")
	mustRun(t, "export", "--db", fresh, "--layer", "A", "-o", second)
	if readFile(t, second) != b {
		t.Fatalf("curation did not round-trip:\n%s\nvs\n%s", b, readFile(t, second))
	}
}

// TestAgreementLeavesGoldOut: the gold layer is the curator's decision, not
// an annotator: agreement compares the annotators only, says so, and
// compares gold when --annotators names it.
func TestAgreementLeavesGoldOut(t *testing.T) {
	path, ids := agreementDB(t)
	_, before, _ := hamesh(t, nil, "agreement", "--db", path, "--json")
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddSpan(context.Background(), annotations.Span{ArticleID: ids[0], Label: "PERS", Start: 0, End: 3, Annotator: annotations.GoldLayer}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, after, errs := hamesh(t, nil, "agreement", "--db", path, "--json")
	if code != 0 || after != before {
		t.Fatalf("agreement changed with a gold span (exit %d, %s):\n%s\nvs\n%s", code, errs, before, after)
	}
	if !strings.Contains(errs, "the gold layer (1 spans) is left out") {
		t.Errorf("stderr %q does not say gold was left out", errs)
	}
	code, out, errs := hamesh(t, nil, "agreement", "--db", path, "--json", "--annotators", "gold,A")
	if code != 0 || !strings.Contains(out, `"a": "gold"`) || strings.Contains(errs, "left out") {
		t.Errorf("--annotators gold,A: exit %d, %q\n%s", code, errs, out)
	}
}
