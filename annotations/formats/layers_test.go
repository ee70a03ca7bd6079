package formats

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// twoLayerDocs: one article annotated by mona and sara (they agree on one
// person, differ on the other), with a claimant relation in mona's layer
// and, when gold is set, a gold span accepted from both.
func twoLayerDocs(gold bool) []annotations.Document {
	text := "Sara met Mona in Cairo and said the talks failed."
	d := annotations.Document{
		Article: annotations.Article{ID: "a1", Title: "t", Text: text, Lang: "en", Direction: annotations.LTR, Status: annotations.StatusDone},
		Spans: []annotations.Span{
			{ID: "m1", Kind: annotations.KindEntity, Label: "PERS", Start: 0, End: 4, Annotator: "mona"},
			{ID: "m2", Kind: annotations.KindClaim, Label: "CLAIM", Start: 36, End: 48, Annotator: "mona"},
			{ID: "s1", Kind: annotations.KindEntity, Label: "PERS", Start: 0, End: 4, Annotator: "sara"},
			{ID: "s2", Kind: annotations.KindEntity, Label: "LOC", Start: 17, End: 22, Annotator: "sara"},
		},
		Relations: []annotations.Relation{{ID: "r1", Type: annotations.RelClaimant, From: "m2", To: "m1"}},
	}
	if gold {
		d.Spans = append(d.Spans, annotations.Span{ID: "g1", Kind: annotations.KindEntity, Label: "PERS", Start: 0, End: 4,
			Annotator: annotations.GoldLayer, Attributes: map[string]string{annotations.AttrGoldFrom: "mona,sara"}})
	}
	return []annotations.Document{d}
}

func layerCounts(docs []annotations.Document) []annotations.LayerCount {
	by := map[string]*annotations.LayerCount{}
	var order []string
	for _, d := range docs {
		seen := map[string]bool{}
		for _, s := range d.Spans {
			c := by[s.Annotator]
			if c == nil {
				c = &annotations.LayerCount{Annotator: s.Annotator}
				by[s.Annotator] = c
				order = append(order, s.Annotator)
			}
			c.Spans++
			if !seen[s.Annotator] {
				seen[s.Annotator] = true
				c.Articles++
			}
		}
	}
	var out []annotations.LayerCount
	for _, a := range order {
		out = append(out, *by[a])
	}
	return out
}

// TestLayerNames: the formats that keep layers apart.
func TestLayerNames(t *testing.T) {
	if got, want := LayerNames(), []string{"jsonl", "labelstudio", "dataset"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("LayerNames() = %v, want %v", got, want)
	}
}

// TestChooseLayer: the default and every explicit choice, per kind of
// format, with and without a gold layer.
func TestChooseLayer(t *testing.T) {
	single := []annotations.LayerCount{{Annotator: "", Articles: 1, Spans: 2}, {Annotator: "mona", Articles: 3, Spans: 9}}
	two := layerCounts(twoLayerDocs(false))
	withGold := layerCounts(twoLayerDocs(true))
	cases := []struct {
		name, format, asked, me string
		layers                  []annotations.LayerCount
		want                    string
		note, err               string // substrings; "" none expected
	}{
		{"single layer, default: every span", "doccano", "", "", single, "", "", ""},
		{"single layer, jsonl default", "jsonl", "", "mona", single, "", "", ""},
		{"no spans at all", "conll", "", "", nil, "", "", ""},
		{"gold present: default gold with a note", "jsonl", "", "", withGold, annotations.GoldLayer, "exporting the gold layer (1 spans in 1 articles)", ""},
		{"gold present in a one-layer format", "brat", "", "sara", withGold, annotations.GoldLayer, "--layer all or --layer NAME", ""},
		{"two layers, jsonl default: all", "jsonl", "", "", two, annotations.LayerAll, "every layer (mona, sara)", ""},
		{"two layers, labelstudio default: all", "labelstudio", "", "", two, annotations.LayerAll, "each span with its annotator", ""},
		{"two layers, doccano: mine", "doccano", "", "sara", two, "sara", "exporting your layer (sara): doccano cannot keep", ""},
		{"two layers, doccano, unknown user: refused", "doccano", "", "", two, "", "", "2 annotators' layers (mona, sara) and doccano cannot keep them apart"},
		{"two layers, prodigy, user without a layer: refused", "prodigy", "", "omar", two, "", "", "choose one with --layer NAME"},
		{"all in jsonl", "jsonl", annotations.LayerAll, "", withGold, annotations.LayerAll, "", ""},
		{"all in dataset", "dataset", annotations.LayerAll, "", two, annotations.LayerAll, "", ""},
		{"all in conll refused", "conll", annotations.LayerAll, "", withGold, "", "", "conll has no place for a span's annotator, so it cannot keep layers apart; export one layer (--layer gold) or use a format that keeps every layer (jsonl, labelstudio, dataset)"},
		{"all in brat refused", "brat", annotations.LayerAll, "", two, "", "", "(--layer mona|sara)"},
		{"one annotator explicitly, gold present", "doccano", "mona", "", withGold, "mona", "", ""},
		{"gold explicitly", "prodigy", annotations.GoldLayer, "", withGold, annotations.GoldLayer, "", ""},
		{"gold asked, none there", "jsonl", annotations.GoldLayer, "", two, "", "", `--layer "gold": the selected articles have no span in that layer (their layers: mona: 2 spans in 1 articles; sara: 2 spans in 1 articles)`},
		{"unknown annotator", "jsonl", "omar", "", two, "", "", `--layer "omar"`},
		{"unknown format", "xml", "", "", two, "", "", "unknown export format"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ChooseLayer(c.format, c.asked, c.me, c.layers)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) || annotations.ErrorCode(err) != annotations.EINVALID {
					t.Fatalf("error %v, want EINVALID containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Layer != c.want {
				t.Errorf("layer %q, want %q", got.Layer, c.want)
			}
			if c.note == "" && got.Note != "" || !strings.Contains(got.Note, c.note) {
				t.Errorf("note %q, want one containing %q", got.Note, c.note)
			}
		})
	}
}

func source(docs []annotations.Document) Source {
	return func(fn func(*annotations.Document) error) error {
		for i := range docs {
			d := docs[i]
			if err := fn(&d); err != nil {
				return err
			}
		}
		return nil
	}
}

// exportTo writes docs in format with layer and returns what was written
// to out (a file in dir), or the error.
func exportTo(t *testing.T, format, layer string, docs []annotations.Document) (string, string, error) {
	t.Helper()
	dir := t.TempDir()
	f, _ := Lookup(format)
	out := filepath.Join(dir, "out"+f.Ext())
	if f.Dir {
		out = filepath.Join(dir, "out")
	}
	err := Write(format, out, nil, Options{Layer: layer}, source(docs))
	if err != nil {
		return "", out, err
	}
	if f.Dir {
		return "", out, nil
	}
	b, rerr := os.ReadFile(out)
	if rerr != nil {
		t.Fatal(rerr)
	}
	return string(b), out, nil
}

// readBack reads an export back.
func readBack(t *testing.T, path, format string) []annotations.Document {
	t.Helper()
	in, err := Read(context.Background(), path, format, nil)
	if err != nil {
		t.Fatalf("read back %s: %v", path, err)
	}
	return in.Documents
}

// spanKeys names each span of docs as "annotator:label[start,end)".
func spanKeys(docs []annotations.Document) map[string]bool {
	out := map[string]bool{}
	for _, d := range docs {
		for _, s := range d.Spans {
			out[s.Annotator+":"+s.Label+"["+itoa(s.Start)+","+itoa(s.End)+")"] = true
		}
	}
	return out
}

// itoa writes n with two digits, so keys sort as text.
func itoa(n int) string { return fmt.Sprintf("%02d", n) }

// factFormats are the fact-checkers' formats, which write claims and
// reviews rather than every span, and are tested in factcheck.
var factFormats = map[string]bool{"claimreview": true, "checkthat": true, "claims-csv": true}

// TestWriteLayerPerFormat: --layer NAME writes only that layer's spans (and
// relations between them) in every export format; --layer all keeps every
// layer with its annotator in the formats that can, and is refused by the
// others before anything is written.
func TestWriteLayerPerFormat(t *testing.T) {
	docs := twoLayerDocs(true)
	for _, format := range ExportFormats() {
		if factFormats[format] {
			continue // claim rows and reviews, not spans: TestFactFormats
		}
		t.Run(format, func(t *testing.T) {
			f, _ := Lookup(format)
			_, out, err := exportTo(t, format, "sara", docs)
			if err != nil {
				t.Fatalf("--layer sara: %v", err)
			}
			path := out
			if format == "dataset" {
				path = filepath.Join(out, "data.jsonl")
				format = "jsonl"
			}
			got := spanKeys(readBack(t, path, format))
			var labels []string
			for k := range got {
				labels = append(labels, k[strings.Index(k, ":")+1:])
			}
			if len(got) != 2 || !contains(labels, "PERS[00,04)") || !contains(labels, "LOC[17,22)") {
				t.Fatalf("--layer sara wrote %v, want sara's PERS and LOC only", got)
			}
			_, out, err = exportTo(t, f.Name, annotations.LayerAll, docs)
			if !f.Layers {
				if err == nil || !strings.Contains(err.Error(), "cannot keep layers apart") {
					t.Fatalf("--layer all in %s: %v, want a refusal", f.Name, err)
				}
				if _, serr := os.Stat(out); serr == nil {
					t.Fatalf("a refused export wrote %s", out)
				}
				return
			}
			if err != nil {
				t.Fatalf("--layer all: %v", err)
			}
			path = out
			if f.Name == "dataset" {
				path = filepath.Join(out, "data.jsonl")
			}
			back := readBack(t, path, format)
			want := map[string]bool{"mona:PERS[00,04)": true, "mona:CLAIM[36,48)": true, "sara:PERS[00,04)": true, "sara:LOC[17,22)": true, "gold:PERS[00,04)": true}
			if got := spanKeys(back); !reflect.DeepEqual(got, want) {
				t.Fatalf("--layer all read back as %v, want %v", got, want)
			}
			if len(back[0].Relations) != 1 {
				t.Fatalf("--layer all kept relations %+v, want mona's claimant", back[0].Relations)
			}
		})
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestLabelStudioLayersAreAnnotations: every layer is one annotation with
// completed_by and annotator; the gold layer's is the ground truth.
func TestLabelStudioLayersAreAnnotations(t *testing.T) {
	b, _, err := exportTo(t, "labelstudio", annotations.LayerAll, twoLayerDocs(true))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"completed_by":1,"annotator":"gold","ground_truth":true`, `"completed_by":2,"annotator":"mona"`, `"completed_by":3,"annotator":"sara"`} {
		if !strings.Contains(b, want) {
			t.Errorf("export lacks %s:\n%s", want, b)
		}
	}
	one, _, err := exportTo(t, "labelstudio", "sara", twoLayerDocs(true))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(one, "completed_by") || strings.Count(one, `"result"`) != 1 {
		t.Errorf("a one-layer export should be one annotation without completed_by:\n%s", one)
	}
}

// TestLabelStudioCompletedByBecomesTheLayer: Label Studio's own
// completed_by (a user id, or an object with an email) names the layer; an
// annotation that names no one joins the importing user's layer ("").
func TestLabelStudioCompletedByBecomesTheLayer(t *testing.T) {
	task := `[{"id":1,"data":{"text":"Sara met Mona."},"annotations":[
 {"completed_by":7,"result":[{"id":"x","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":4,"text":"Sara","labels":["PERS"]}}]},
 {"completed_by":{"id":9,"email":"mona@example.org"},"result":[{"id":"x","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":4,"text":"Sara","labels":["PERS"]}},{"id":"y","from_name":"label","to_name":"text","type":"labels","value":{"start":9,"end":13,"text":"Mona","labels":["PERS"]}}]}]},
{"id":2,"data":{"text":"No one."},"annotations":[{"result":[{"id":"z","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":2,"text":"No","labels":["ORG"]}}]}]}]`
	path := filepath.Join(t.TempDir(), "ls.json")
	if err := os.WriteFile(path, []byte(task), 0o644); err != nil {
		t.Fatal(err)
	}
	docs := readBack(t, path, "labelstudio")
	want := map[string]bool{"labelstudio-user-7:PERS[00,04)": true, "mona@example.org:PERS[00,04)": true, "mona@example.org:PERS[09,13)": true, ":ORG[00,02)": true}
	if got := spanKeys(docs); !reflect.DeepEqual(got, want) {
		t.Fatalf("layers read %v, want %v", got, want)
	}
	ids := map[string]bool{}
	for _, s := range docs[0].Spans {
		if ids[s.ID] {
			t.Fatalf("region x of two annotations gave one span id %s twice", s.ID)
		}
		ids[s.ID] = true
	}
}

// TestDatasetCardReportsTheTeam: the card names the annotators, the
// double-annotated articles, the layer the data holds and the agreement.
func TestDatasetCardReportsTheTeam(t *testing.T) {
	docs := twoLayerDocs(true)
	third := twoLayerDocs(false)[0]
	third.Article.ID, third.Article.Text = "a2", third.Article.Text+" "
	third.Spans = third.Spans[:2] // mona only
	third.Article.Curation = &annotations.Curation{By: "omar"}
	docs = append(docs, third)
	_, out, err := exportTo(t, "dataset", annotations.GoldLayer, docs)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	card := string(b)
	for _, want := range []string{
		"The data files hold the **gold layer**",
		"Annotators: mona, sara. Of the 2 articles, 1 were annotated by two or more of them (double-annotated), 1 have spans in the gold layer and 1 were marked curated.",
		"### Agreement",
		// mona has 4 spans (PERS and CLAIM in each article), sara 2 (PERS,
		// LOC in a1); they share PERS [0,4): F1 = 2·1/(4+2).
		"| mona – sara | 0.333 | 0.333 |",
		"Fleiss' κ over all annotators:",
		"| check_worthy | — (",
	} {
		if !strings.Contains(card, want) {
			t.Errorf("card lacks %q:\n%s", want, card)
		}
	}
	data, _ := os.ReadFile(filepath.Join(out, "data.jsonl"))
	if bytes.Contains(data, []byte(`"mona"`)) || !bytes.Contains(data, []byte(`"gold"`)) {
		t.Errorf("a gold export's data holds other layers:\n%s", data)
	}
}

// TestLabelStudioSingleUserIDIsTheImporters: a task whose one annotation is
// known only by a Label Studio user id (a project's own export) names no
// one, so its spans join the importing user's layer; a name or email keeps
// its layer.
func TestLabelStudioSingleUserIDIsTheImporters(t *testing.T) {
	task := `[{"id":1,"data":{"text":"Sara met Mona."},"annotations":[
 {"completed_by":1,"result":[{"id":"x","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":4,"text":"Sara","labels":["PERS"]}}]}]},
{"id":2,"data":{"text":"Omar left."},"annotations":[
 {"completed_by":{"id":3,"email":"omar@example.org"},"result":[{"id":"y","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":4,"text":"Omar","labels":["PERS"]}}]}]}]`
	path := filepath.Join(t.TempDir(), "ls.json")
	if err := os.WriteFile(path, []byte(task), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{":PERS[00,04)": true, "omar@example.org:PERS[00,04)": true}
	if got := spanKeys(readBack(t, path, "labelstudio")); !reflect.DeepEqual(got, want) {
		t.Fatalf("layers read %v, want %v", got, want)
	}
}
