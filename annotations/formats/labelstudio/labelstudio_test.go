package labelstudio

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

func export(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, fixture.Documents()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExportGolden(t *testing.T) {
	fixture.Golden(t, "fixture.json", export(t))
	fixture.Golden(t, "fixture.config.xml", []byte(Config(fixture.Scheme(), fixture.Documents())))
}

func TestEmptyExportIsAnArray(t *testing.T) {
	var buf bytes.Buffer
	if err := Export(&buf, nil); err != nil {
		t.Fatal(err)
	}
	var v []any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil || len(v) != 0 {
		t.Errorf("empty export %q: %v", buf.String(), err)
	}
}

// TestConfigIsXML parses the config and checks the controls the tasks use
// are declared: every label, every per-region attribute, the relations.
func TestConfigIsXML(t *testing.T) {
	type node struct {
		XMLName  xml.Name
		Attrs    []xml.Attr `xml:",any,attr"`
		Children []node     `xml:",any"`
	}
	var root node
	cfg := Config(fixture.Scheme(), fixture.Documents())
	if err := xml.Unmarshal([]byte(cfg), &root); err != nil {
		t.Fatalf("config is not XML: %v\n%s", err, cfg)
	}
	names := map[string]map[string]bool{} // tag -> name or value attributes
	var walk func(n node)
	walk = func(n node) {
		for _, a := range n.Attrs {
			if a.Name.Local == "name" || a.Name.Local == "value" {
				if names[n.XMLName.Local] == nil {
					names[n.XMLName.Local] = map[string]bool{}
				}
				names[n.XMLName.Local][a.Value] = true
			}
			if a.Name.Local == "perRegion" && a.Value != "true" {
				t.Errorf("%s perRegion=%q", n.XMLName.Local, a.Value)
			}
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(root)
	for _, want := range []struct{ tag, name string }{
		{"Labels", "label"}, {"Text", "text"}, {"Label", "PERS"}, {"Label", "CLAIM"}, {"Label", "CUE"},
		{"Choices", "verdict"}, {"Choices", "check_worthy"}, {"Choices", "stance"}, {"Choice", "unverifiable"},
		{"TextArea", "normalized_claim"}, {"TextArea", "claim_date"}, {"TextArea", "note"},
		{"Relation", "claimant"}, {"Relation", "cue"},
	} {
		if !names[want.tag][want.name] {
			t.Errorf("config has no <%s> named %q", want.tag, want.name)
		}
	}
}

// TestExportSlices slices every region in code points and compares it with
// the fixture's span text and with the region's own value.text.
func TestExportSlices(t *testing.T) {
	var tasks []struct {
		Data        struct{ Text string } `json:"data"`
		Annotations []struct {
			Result []struct {
				Type  string `json:"type"`
				Value struct {
					Start, End int
					Text       any
					Labels     []string
				} `json:"value"`
			} `json:"result"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(export(t), &tasks); err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, task := range tasks {
		var texts []string
		for _, r := range task.Annotations[0].Result {
			if r.Type == "relation" {
				continue
			}
			s, err := fixture.Slice(task.Data.Text, r.Value.Start, r.Value.End)
			if err != nil {
				t.Fatal(err)
			}
			if r.Type == "labels" {
				texts = append(texts, r.Value.Labels[0]+"\t"+s)
			}
			if str, ok := r.Value.Text.(string); ok && str != s {
				t.Errorf("%s result: value.text %q, slice %q", r.Type, str, s)
			}
		}
		got = append(got, texts)
	}
	fixture.CompareLabelTexts(t, fixture.Documents(), got)
}

func TestRoundTrip(t *testing.T) {
	res, err := Import(bytes.NewReader(export(t)), "fixture.json", fixture.Scheme())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %q", res.Warnings)
	}
	fixture.Compare(t, fixture.Documents(), res.Documents, fixture.Holds{
		Kinds: true, Attributes: true, Notes: true, Relations: true, Article: true,
	})
	var again bytes.Buffer
	if err := Export(&again, res.Documents); err != nil {
		t.Fatal(err)
	}
	// Span ids differ (they are derived on import), so compare without them.
	strip := func(b []byte) string {
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		ids := map[string]string{}
		var walk func(v any) any
		walk = func(v any) any {
			switch x := v.(type) {
			case map[string]any:
				for k, e := range x {
					if s, ok := e.(string); ok && (k == "id" || k == "from_id" || k == "to_id") {
						if ids[s] == "" {
							ids[s] = "r" + string(rune('A'+len(ids)))
						}
						x[k] = ids[s]
						continue
					}
					x[k] = walk(e)
				}
			case []any:
				for i := range x {
					x[i] = walk(x[i])
				}
			}
			return v
		}
		out, _ := json.Marshal(walk(v))
		return string(out)
	}
	if strip(again.Bytes()) != strip(export(t)) {
		t.Error("export → import → export changed the tasks (ignoring region ids)")
	}
}

func TestImportLabelStudioShapes(t *testing.T) {
	// As Label Studio exports it: UTF-16 offsets after an emoji (older
	// versions), a textarea as a plain string, a left relation, a
	// cancelled annotation, a classification result, multiple labels.
	in := `[
 {"id": 5, "data": {"text": "😀 Omar said it rained."},
  "annotations": [
   {"was_cancelled": true, "result": []},
   {"result": [
    {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start": 3, "end": 7, "text": "Omar", "labels": ["PERS"]}},
    {"id": "b", "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start": 2, "end": 21, "text": "Omar said it rained", "labels": ["CLAIM", "QUOTE"]}},
    {"id": "b", "from_name": "verdict", "to_name": "text", "type": "choices",
     "value": {"start": 2, "end": 21, "choices": ["false"]}},
    {"id": "b", "from_name": "note", "to_name": "text", "type": "textarea",
     "value": {"start": 2, "end": 21, "text": "checked"}},
    {"id": "x", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["pos"]}},
    {"from_id": "a", "to_id": "b", "type": "relation", "direction": "left", "labels": ["claimant"]}
   ]}]},
 {"id": 6, "data": {"text": "No annotations"}, "predictions": []}
]`
	res, err := Import(strings.NewReader(in), "ls.json", annotations.DefaultScheme())
	if err != nil {
		t.Fatal(err)
	}
	d := res.Documents[0]
	if len(d.Spans) != 3 {
		t.Fatalf("spans = %+v", d.Spans)
	}
	if s := d.Spans[0]; s.Start != 2 || s.End != 6 || s.Label != "PERS" {
		t.Errorf("UTF-16 region not re-read in code points: %+v", s)
	}
	claim, quote := d.Spans[1], d.Spans[2]
	if claim.Start != 2 || claim.End != 21 || claim.Kind != annotations.KindClaim || claim.Attributes["verdict"] != "false" || claim.Note != "checked" {
		t.Errorf("claim = %+v", claim)
	}
	if quote.Label != "QUOTE" || quote.Attributes["verdict"] != "false" || claim.ID == quote.ID {
		t.Errorf("second label of the region = %+v", quote)
	}
	if len(d.Relations) != 1 || d.Relations[0].From != claim.ID || d.Relations[0].To != d.Spans[0].ID {
		t.Errorf("left relation not turned around: %+v", d.Relations)
	}
	if len(res.Documents[1].Spans) != 0 {
		t.Error("task without annotations has spans")
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "ls.json:2: task 1: result 5") {
		t.Errorf("warnings = %q", res.Warnings)
	}
	// QUOTE shares the claim region and its verdict, so it is taken for a claim.
	if len(res.NewLabels) != 1 || res.NewLabels[0].Name != "QUOTE" || res.NewLabels[0].Kind != annotations.KindClaim {
		t.Errorf("new labels = %+v", res.NewLabels)
	}
}

var badInputs = []fixture.BadInput{
	{"empty", "  ", "bad.json: empty file"},
	{"not json", "[\n{\"data\":", "bad.json:2: not a Label Studio task"},
	{"not array", "42", "bad.json:1: not a JSON array"},
	{"no text", "[\n\n{\"data\":{\"t\":\"x\"}}]", `bad.json:3: task 1: data has no "text" field`},
	{"text number", `[{"data":{"text":1}}]`, "data.text is not a string"},
	{"wrong type", "[\n{\"data\":{\"text\":\"ab\"},\"annotations\":[{\"result\":[{\"id\":\"a\",\"type\":\"labels\",\"value\":{\"start\":\"0\"}}]}]}]", "bad.json:2: not a Label Studio task"},
	{"out of range", `[{"data":{"text":"ab"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":0,"end":9,"labels":["X"]}}]}]}]`, "task 1: result 1 (region a): [0,9) is empty or outside"},
	{"text mismatch", `[{"data":{"text":"abc"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":0,"end":2,"text":"bc","labels":["X"]}}]}]}]`, `text "bc" does not match`},
	{"no labels", `[{"data":{"text":"ab"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":0,"end":1}}]}]}]`, "no labels"},
	{"no id", `[{"data":{"text":"ab"},"annotations":[{"result":[{"type":"labels","value":{"start":0,"end":1,"labels":["X"]}}]}]}]`, "without an id"},
	{"no offsets", `[{"data":{"text":"ab"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"labels":["X"]}}]}]}]`, "no start or end"},
	{"dangling relation", `[{"data":{"text":"ab"},"annotations":[{"result":[{"type":"relation","from_id":"a","to_id":"b"}]}]}]`, "no such labelled regions"},
	{"bad textarea", `[{"data":{"text":"ab"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":0,"end":1,"labels":["X"]}},{"id":"a","from_name":"n","type":"textarea","value":{"text":3}}]}]}]`, "neither a string nor a list"},
	{"closed attribute value", `[{"data":{"text":"ab"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":0,"end":1,"labels":["CLAIM"]}},{"id":"a","from_name":"verdict","type":"choices","value":{"choices":["mostly_true"]}}]}]}]`, `bad.json:1: task 1: article`},
	{"trailing", `[] []`, "unexpected data after the tasks"},
	{"invalid UTF-8", "[\n{\"data\":{\"text\":\"\xff\"}}]", "bad.json:2: not valid UTF-8"},
}

func TestImportRefusesBrokenInput(t *testing.T) {
	fixture.CheckRefusals(t, badInputs, func(in string) error {
		_, err := Import(strings.NewReader(in), "bad.json", nil)
		return err
	})
}

func FuzzImport(f *testing.F) {
	f.Add(export(f))
	for _, tc := range badInputs {
		f.Add([]byte(tc.In()))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := Import(bytes.NewReader(in), "fuzz.json", nil)
		fixture.CheckImported(t, res.Documents, err)
	})
}
