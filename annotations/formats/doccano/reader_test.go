package doccano

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

// doccanoImport reads an export the way doccano's data_import backend does
// for a sequence-labelling project, with or without "Use relation
// labeling" (relationProject) and "Allow overlapping spans"
// (allowOverlapping). It is a transcription of these parts of doccano
// (github.com/doccano/doccano, backend/data_import, commit ab6b765e, MIT
// licence, Copyright (c) 2018 Hiroki Nakayama): datasets.py, where
// SequenceLabelingDataset reads the "label" column and
// RelationExtractionDataset the "entities" and "relations" columns;
// makers.py LabelMaker.check_column_existence, where a column no line has
// gives "Column <name> not found in the file" and no labels; label.py
// SpanLabel.parse, which zips a list with (start_offset, end_offset, label)
// and takes a dict as keyword arguments; RelationLabel.create, which looks
// both ends up among the spans kept (id_to_span[...], a KeyError for a
// dropped one); and labels.py Spans.clean, unless allow_overlapping:
//
//	labels = sorted(group)  # SpanLabel.__lt__: by start_offset
//	last_offset = -1
//	for label in labels:
//	    if label.start_offset >= last_offset:
//	        last_offset = label.end_offset
//	        spans.append(label)
//
// It returns per line the spans kept as "LABEL [s,e)" and the number of
// relations kept, or the error doccano reports.
func doccanoImport(t *testing.T, file []byte, relationProject, allowOverlapping bool) ([][]string, int, error) {
	t.Helper()
	type span struct {
		id         int
		start, end int
		label      string
	}
	var rows []map[string]json.RawMessage
	columns := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(file)), "\n") {
		var row map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatal(err)
		}
		for k := range row {
			columns[k] = true
		}
		rows = append(rows, row)
	}
	column := "label"
	if relationProject {
		column = "entities"
	}
	if !columns[column] {
		return nil, 0, fmt.Errorf("Column %s not found in the file", column)
	}
	var kept [][]string
	relations := 0
	for _, row := range rows {
		var spans []span
		if relationProject {
			var ents []struct {
				ID    int    `json:"id"`
				Label string `json:"label"`
				Start int    `json:"start_offset"`
				End   int    `json:"end_offset"`
			}
			json.Unmarshal(row["entities"], &ents)
			for _, e := range ents {
				spans = append(spans, span{e.ID, e.Start, e.End, e.Label})
			}
		} else {
			var triples [][]any
			json.Unmarshal(row["label"], &triples)
			for _, tr := range triples {
				spans = append(spans, span{-1, int(tr[0].(float64)), int(tr[1].(float64)), tr[2].(string)})
			}
		}
		if !allowOverlapping {
			sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
			var clean []span
			last := -1
			for _, s := range spans {
				if s.start >= last {
					last = s.end
					clean = append(clean, s)
				}
			}
			spans = clean
		}
		ids := map[int]bool{}
		var keys []string
		for _, s := range spans {
			ids[s.id] = true
			keys = append(keys, fmt.Sprintf("%s [%d,%d)", s.label, s.start, s.end))
		}
		kept = append(kept, keys)
		if relationProject {
			var rels []struct {
				From int `json:"from_id"`
				To   int `json:"to_id"`
			}
			json.Unmarshal(row["relations"], &rels)
			for _, r := range rels {
				if !ids[r.From] || !ids[r.To] {
					return nil, 0, fmt.Errorf("KeyError: (%d, ...) in id_to_span", r.From)
				}
				relations++
			}
		}
	}
	return kept, relations, nil
}

func exportWith(t *testing.T, docs []annotations.Document, form Form) ([]byte, []string) {
	t.Helper()
	var buf bytes.Buffer
	var warnings []string
	if err := ExportOptions(&buf, docs, Options{Form: form, Warn: func(s annotations.Note) { warnings = append(warnings, s.String()) }}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), warnings
}

func countSpans(kept [][]string) int {
	n := 0
	for _, k := range kept {
		n += len(k)
	}
	return n
}

// TestPlainForm: --doccano-form plain gives label triples, which a plain
// sequence-labelling project imports, and drops the relations with a
// warning and their count.
func TestPlainForm(t *testing.T) {
	out, warnings := exportWith(t, fixture.Documents(), Labels)
	kept, _, err := doccanoImport(t, out, false, true)
	if err != nil {
		t.Fatalf("a plain project refuses the plain form: %v", err)
	}
	if n := countSpans(kept); n != 18 {
		t.Errorf("a plain project with overlapping allowed imports %d spans, want all 18", n)
	}
	if !strings.Contains(strings.Join(warnings, "\n"), "left out 3 relations") {
		t.Errorf("warnings %q do not count the 3 relations dropped", warnings)
	}
}

// TestAutoForm: Auto writes the plain form without relations and the
// entities/relations form with them, saying so and naming the doccano
// setting the latter needs.
func TestAutoForm(t *testing.T) {
	docs := fixture.Documents()
	for i := range docs {
		docs[i].Relations = nil
	}
	out, warnings := exportWith(t, docs, Auto)
	if _, _, err := doccanoImport(t, out, false, true); err != nil {
		t.Errorf("without relations Auto did not give the plain form: %v", err)
	}
	for _, w := range warnings {
		if strings.Contains(w, "entities/relations") {
			t.Errorf("warning about the form without relations: %q", w)
		}
	}
	out, warnings = exportWith(t, fixture.Documents(), Auto)
	if _, rels, err := doccanoImport(t, out, true, true); err != nil || rels != 3 {
		t.Errorf("with relations: a relation project imports %d relations, err %v", rels, err)
	}
	if _, _, err := doccanoImport(t, out, false, true); err == nil || !strings.Contains(err.Error(), "Column label not found") {
		t.Errorf("a plain project would read the relations form: %v", err)
	}
	if w := strings.Join(warnings, "\n"); !strings.Contains(w, `"Use relation labeling"`) || !strings.Contains(w, "--doccano-form plain") {
		t.Errorf("warnings %q do not say what the relations form needs", warnings)
	}
}

// TestOverlapWarning: the export counts the spans doccano's importer drops
// without "Allow overlapping spans", and the count is what doccano's own
// rule drops.
func TestOverlapWarning(t *testing.T) {
	for _, form := range []Form{Labels, EntitiesRelations} {
		out, warnings := exportWith(t, fixture.Documents(), form)
		kept, _, _ := doccanoImport(t, out, form == EntitiesRelations, false)
		dropped := 18 - countSpans(kept)
		if dropped == 0 {
			t.Fatal("the fixture has no overlapping spans?")
		}
		w := strings.Join(warnings, "\n")
		if !strings.Contains(w, fmt.Sprintf("%d of 18 spans overlap", dropped)) || !strings.Contains(w, `"Allow overlapping spans"`) {
			t.Errorf("form %d: doccano drops %d spans; warnings %q", form, dropped, warnings)
		}
		if form == EntitiesRelations {
			if _, _, err := doccanoImport(t, out, true, false); err == nil && strings.Contains(w, "relations link a dropped span") {
				t.Error("warned of relations to dropped spans that doccano imports")
			}
		}
	}
	// Without overlaps: no warning.
	doc := annotations.Document{Article: annotations.Article{ID: "a", Text: "Mona met Omar"}, Spans: []annotations.Span{
		{ID: "1", Label: "PERS", Start: 0, End: 4}, {ID: "2", Label: "PERS", Start: 9, End: 13}}}
	if _, warnings := exportWith(t, []annotations.Document{doc}, Auto); len(warnings) > 0 {
		t.Errorf("warnings without overlaps: %q", warnings)
	}
}

// TestStatusRoundTrip: the article's status rides in the line's metadata and
// comes back.
func TestStatusRoundTrip(t *testing.T) {
	for _, form := range []Form{Labels, EntitiesRelations} {
		out, _ := exportWith(t, fixture.Documents(), form)
		res, err := Import(bytes.NewReader(out), "x.jsonl", fixture.Scheme())
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Documents {
			if d.Article.Status != annotations.StatusDone {
				t.Errorf("form %d: status %q, want done", form, d.Article.Status)
			}
		}
	}
}

func TestParseForm(t *testing.T) {
	for s, want := range map[string]Form{"auto": Auto, "plain": Labels, "relations": EntitiesRelations} {
		if f, err := ParseForm(s); err != nil || f != want {
			t.Errorf("ParseForm(%q) = %v, %v", s, f, err)
		}
	}
	if _, err := ParseForm("labels"); err == nil {
		t.Error("ParseForm accepted labels")
	}
}

// python returns the Python that runs the real readers: $HAMESH_PYTHON, else
// Debian's /usr/bin/python3 (where python3-pandas and python3-pydantic
// install), else python3.
func python() string {
	if p := os.Getenv("HAMESH_PYTHON"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return "python3"
}

// TestRealDoccano runs doccano's own data_import pipeline
// (testdata/doccano_real.py over a doccano checkout named by
// $HAMESH_DOCCANO_SRC) on every form of the export, in every kind of
// project, and checks it keeps what doccanoImport and the export's
// warnings say it keeps.
func TestRealDoccano(t *testing.T) {
	src := os.Getenv("HAMESH_DOCCANO_SRC")
	if src == "" {
		t.Skip("HAMESH_DOCCANO_SRC (a doccano checkout) not set")
	}
	dir := t.TempDir()
	for _, form := range []Form{Labels, EntitiesRelations} {
		out, _ := exportWith(t, fixture.Documents(), form)
		path := filepath.Join(dir, fmt.Sprintf("form%d.jsonl", form))
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, relationProject := range []bool{false, true} {
			for _, allow := range []bool{false, true} {
				kind, ov := map[bool]string{false: "plain", true: "relation"}[relationProject], map[bool]string{false: "disallow", true: "allow"}[allow]
				cmd := exec.Command(python(), "testdata/doccano_real.py", src, path, kind, ov)
				cmd.Stderr = os.Stderr
				b, err := cmd.Output()
				if err != nil {
					t.Fatalf("doccano_real.py: %v", err)
				}
				var real struct {
					Errors        []string  `json:"errors"`
					Spans         [][][]any `json:"spans"`
					Relations     int       `json:"relations"`
					RelationError string    `json:"relation_error"`
				}
				if err := json.Unmarshal(b, &real); err != nil {
					t.Fatalf("%s: %v", b, err)
				}
				kept, rels, err := doccanoImport(t, out, relationProject, allow)
				var realKept [][]string
				for _, line := range real.Spans {
					var keys []string
					for _, s := range line {
						keys = append(keys, fmt.Sprintf("%s [%d,%d)", s[0], int(s[1].(float64)), int(s[2].(float64))))
					}
					realKept = append(realKept, keys)
				}
				if err != nil {
					if len(real.Errors) == 0 || !strings.Contains(real.Errors[0], strings.TrimPrefix(err.Error(), "KeyError")) {
						t.Errorf("form %d, %s project, %s: doccano says %q, the transcription %v", form, kind, ov, real.Errors, err)
					}
					continue
				}
				if len(real.Errors) > 0 || fmt.Sprint(realKept) != fmt.Sprint(kept) || real.Relations != rels {
					t.Errorf("form %d, %s project, %s overlapping: doccano kept %v (%d relations, errors %q), the transcription %v (%d)", form, kind, ov, realKept, real.Relations, real.Errors, kept, rels)
				}
				t.Logf("form %d, %s project, %s overlapping: doccano kept %d spans, %d relations", form, kind, ov, countSpans(realKept), real.Relations)
			}
		}
	}
}
