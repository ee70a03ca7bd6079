package doccano

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

func export(t testing.TB, form Form) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := NewEncoder(&buf, form)
	docs := fixture.Documents()
	for i := range docs {
		if err := enc.Encode(&docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestExportGolden(t *testing.T) {
	fixture.Golden(t, "fixture.labels.jsonl", export(t, Labels))
	fixture.Golden(t, "fixture.relations.jsonl", export(t, EntitiesRelations))
	var buf bytes.Buffer
	if err := Export(&buf, fixture.Documents()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), export(t, EntitiesRelations)) {
		t.Error("Export of documents with relations did not choose the entities/relations form")
	}
}

// TestExportSlices slices every exported range in code points (Python's
// text[start:end]) and compares it with the fixture span's text.
func TestExportSlices(t *testing.T) {
	for _, form := range []Form{Labels, EntitiesRelations} {
		var got [][]string
		for _, line := range strings.Split(strings.TrimSpace(string(export(t, form))), "\n") {
			var l struct {
				Text     string  `json:"text"`
				Label    [][]any `json:"label"`
				Entities []struct {
					Label string `json:"label"`
					Start int    `json:"start_offset"`
					End   int    `json:"end_offset"`
				} `json:"entities"`
			}
			if err := json.Unmarshal([]byte(line), &l); err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, tr := range l.Label {
				s, err := fixture.Slice(l.Text, int(tr[0].(float64)), int(tr[1].(float64)))
				if err != nil {
					t.Fatal(err)
				}
				texts = append(texts, tr[2].(string)+"\t"+s)
			}
			for _, e := range l.Entities {
				s, err := fixture.Slice(l.Text, e.Start, e.End)
				if err != nil {
					t.Fatal(err)
				}
				texts = append(texts, e.Label+"\t"+s)
			}
			got = append(got, texts)
		}
		fixture.CompareLabelTexts(t, fixture.Documents(), got)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, form := range []Form{Labels, EntitiesRelations} {
		res, err := Import(bytes.NewReader(export(t, form)), "fixture.jsonl", fixture.Scheme())
		if err != nil {
			t.Fatal(err)
		}
		fixture.Compare(t, fixture.Documents(), res.Documents, fixture.Holds{
			Kinds: true, Relations: form == EntitiesRelations, Article: true,
		})
		if len(res.NewLabels) != 1 || res.NewLabels[0].Name != "CUE" || res.NewLabels[0].Kind != annotations.KindEntity {
			t.Errorf("NewLabels = %+v, want only CUE (entity)", res.NewLabels)
		}
		// The claim kind comes from the scheme; the article id is read back.
		if id := res.Documents[0].Article.ID; id != fixture.Documents()[0].Article.ID {
			t.Errorf("article id = %q", id)
		}
		// Exporting the import again gives the same file.
		var again bytes.Buffer
		enc := NewEncoder(&again, form)
		for i := range res.Documents {
			if err := enc.Encode(&res.Documents[i]); err != nil {
				t.Fatal(err)
			}
		}
		if again.String() != string(export(t, form)) {
			t.Errorf("form %d: export → import → export changed the file", form)
		}
	}
}

func TestImportDoccanoShapes(t *testing.T) {
	in := strings.Join([]string{
		// doccano's own relation export, with Comments and unknown keys.
		`{"id":7,"text":"Mona said hi","Comments":[],"entities":[{"id":11,"label":"PERS","start_offset":0,"end_offset":4},{"id":12,"label":"CLAIM","start_offset":5,"end_offset":12}],"relations":[{"id":3,"from_id":12,"to_id":11,"type":"claimant"}],"extra":{"a":1}}`,
		// entities without relations
		`{"text":"Doha","entities":[{"id":1,"label":"GPE","start_offset":0,"end_offset":4}]}`,
		// a text-classification label list is skipped with a warning
		`{"text":"Hi there","label":["positive"]}`,
		``,
		// CRLF in the text: offsets after it move back by one
		`{"text":"a\r\nOmar","label":[[3,7,"SPEAKER"]]}`,
	}, "\n")
	res, err := Import(strings.NewReader(in), "in.jsonl", annotations.DefaultScheme())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) != 4 {
		t.Fatalf("got %d documents", len(res.Documents))
	}
	d := res.Documents[0]
	if len(d.Spans) != 2 || len(d.Relations) != 1 || d.Spans[1].Kind != annotations.KindClaim {
		t.Fatalf("first line: %+v", d)
	}
	if r := d.Relations[0]; r.From != d.Spans[1].ID || r.To != d.Spans[0].ID || r.Type != "claimant" {
		t.Errorf("relation = %+v", r)
	}
	if d.Article.Status != annotations.StatusInProgress || d.Article.Direction != annotations.LTR || d.Article.Title != "Mona said hi" {
		t.Errorf("article = %+v", d.Article)
	}
	if len(res.Documents[2].Spans) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "in.jsonl:3") {
		t.Errorf("classification line: spans %v, warnings %q", res.Documents[2].Spans, res.Warnings)
	}
	crlf := res.Documents[3]
	if crlf.Article.Text != "a\nOmar" || crlf.Spans[0].Start != 2 || crlf.Spans[0].End != 6 {
		t.Errorf("CRLF line: text %q span %+v", crlf.Article.Text, crlf.Spans[0])
	}
	if len(res.NewLabels) != 1 || res.NewLabels[0].Name != "SPEAKER" {
		t.Errorf("NewLabels = %+v", res.NewLabels)
	}
}

// badInputs are refused with the file name and line number of the fault.
var badInputs = []fixture.BadInput{
	{"not JSON", "{\"text\":\"a\"}\n{oops", "bad.jsonl:2: not a JSON object"},
	{"no text", `{"label":[]}`, `bad.jsonl:1: no "text" key`},
	{"text not string", `{"text":3}`, `"text" is not a string`},
	{"span past end", `{"text":"abc","label":[[1,9,"X"]]}`, "bad.jsonl:1: span 0 [1,9)"},
	{"empty span", `{"text":"abc","label":[[1,1,"X"]]}`, "is empty or outside"},
	{"negative", `{"text":"abc","label":[[-1,2,"X"]]}`, "is empty or outside"},
	{"bad triple", `{"text":"abc","label":[[1,"2","X"]]}`, "label 1 is not a [start, end, label] triple"},
	{"float offset", `{"text":"abc","label":[[1.5,2,"X"]]}`, "not a [start, end, label] triple"},
	{"no label", `{"text":"abc","label":[[0,2,""]]}`, "has no label"},
	{"dangling relation", `{"text":"abc","entities":[{"id":1,"label":"X","start_offset":0,"end_offset":1}],"relations":[{"id":1,"from_id":1,"to_id":2,"type":"r"}]}`, "relation 1 links entities 1 and 2"},
	{"duplicate entity", `{"text":"abc","entities":[{"id":1,"label":"X","start_offset":0,"end_offset":1},{"id":1,"label":"X","start_offset":1,"end_offset":2}]}`, "two entities have the id 1"},
	{"entities not list", `{"text":"abc","entities":{"id":1}}`, `"entities" is not a list`},
	{"missing offset", `{"text":"abc","entities":[{"id":1,"label":"X","end_offset":1}]}`, "entity 1 has no start_offset"},
	{"invalid UTF-8", "{\"text\":\"a\xffb\"}", "bad.jsonl:1: the line is not valid UTF-8"},
	{"inside a grapheme cluster", `{"text":"قفّز","label":[[2,4,"X"]]}`, "bad.jsonl:1: article"},
	{"CRLF only", "{\"text\":\"a\\r\\nb\",\"label\":[[1,2,\"X\"]]}", "covers only a line ending"},
}

func TestImportRefusesBrokenInput(t *testing.T) {
	fixture.CheckRefusals(t, badInputs, func(in string) error {
		_, err := Import(strings.NewReader(in), "bad.jsonl", nil)
		return err
	})
}

func FuzzImport(f *testing.F) {
	f.Add(export(f, Labels))
	f.Add(export(f, EntitiesRelations))
	for _, tc := range badInputs {
		f.Add([]byte(tc.In()))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := Import(bytes.NewReader(in), "fuzz.jsonl", nil)
		fixture.CheckImported(t, res.Documents, err)
	})
}
