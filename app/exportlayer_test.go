package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
)

// findSelects returns every select under o.
func findSelects(o fyne.CanvasObject) []*widget.Select {
	var out []*widget.Select
	switch v := o.(type) {
	case *widget.Select:
		out = append(out, v)
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, findSelects(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, findSelects(c)...)
		}
	}
	return out
}

// TestExportLayerChoice: the window's export offers the same layers as
// `hamesh export --layer`: the default writes gold when there is a gold
// layer and says so, an annotator's layer writes only theirs, and every
// layer in a format that cannot hold them is refused.
func TestExportLayerChoice(t *testing.T) {
	ws, _, st, id := openSample(t)
	r := rangeOf(t, sample, "لندن", 0)
	for who, label := range map[string]string{"mona": "GPE", "sara": "LOC", annotations.GoldLayer: "LOC"} {
		if _, err := st.AddSpan(t.Context(), annotations.Span{ArticleID: id, Kind: annotations.KindEntity, Label: label, Start: r.Start, End: r.End, Annotator: who}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	run := func(format, asked string) (string, error) {
		t.Helper()
		out := filepath.Join(dir, format+asked+".out")
		var got error
		ws.exportLayer(format, out, ExportAll, asked, func(err error) { got = err })
		if got != nil {
			return "", got
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b), nil
	}
	b, err := run("jsonl", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b, `"annotator":"gold"`) || strings.Contains(b, "GPE") {
		t.Errorf("default export with gold:\n%s", b)
	}
	if !strings.Contains(ws.StatusText(), "exporting the gold layer") {
		t.Errorf("status %q does not say the gold layer was exported", ws.StatusText())
	}
	if b, err = run("doccano", "mona"); err != nil || !strings.Contains(b, "GPE") || strings.Contains(b, "LOC") {
		t.Errorf("doccano, mona's layer: %v\n%s", err, b)
	}
	if _, err = run("conll", annotations.LayerAll); err == nil || !strings.Contains(err.Error(), "cannot keep layers apart") {
		t.Errorf("conll, every layer: %v, want a refusal", err)
	}

	ws.showExport()
	var layer *widget.Select
	for _, s := range findSelects(ws.win.Canvas().Overlays().Top()) {
		if len(s.Options) > 0 && s.Options[0] == layerDefault {
			layer = s
		}
	}
	if layer == nil {
		t.Fatal("the export dialog has no layer choice")
	}
	if got := strings.Join(layer.Options[3:], ","); got != "mona,sara" || layer.Selected != layerDefault {
		t.Errorf("layer choices %v (selected %q), want the default first and then mona, sara", layer.Options, layer.Selected)
	}
	if askedLayer(layerGold) != "gold" || askedLayer(layerAll) != "all" || askedLayer("sara") != "sara" || askedLayer(layerDefault) != "" {
		t.Error("askedLayer does not map the choices to --layer values")
	}
}

// TestImportJoinsMyLayer: spans of a file that names no annotator join the
// window's annotator's layer on import.
func TestImportJoinsMyLayer(t *testing.T) {
	ws, _, st, _ := openSample(t)
	p := filepath.Join(t.TempDir(), "d.jsonl")
	if err := os.WriteFile(p, []byte(`{"text":"Sara met Mona.","label":[[0,4,"PERS"]]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ws.importFiles([]string{p})
	found := false
	for _, a := range st.articles {
		if a.Text == "Sara met Mona." {
			found = true
			for _, s := range spansOf(t, st, a.ID) {
				if s.Annotator != "tester" {
					t.Errorf("imported span in layer %q, want tester's", s.Annotator)
				}
			}
		}
	}
	if !found {
		t.Fatalf("the import stored nothing: %s", ws.StatusText())
	}
}
