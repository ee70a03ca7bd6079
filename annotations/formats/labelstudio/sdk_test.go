package labelstudio

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

// TestSDKConverters runs only with -lssdk naming the converter folder of a
// Label Studio SDK checkout (HumanSignal/label-studio-sdk,
// src/label_studio_sdk/converter) and a Python with lxml (-python; Debian:
// python3-lxml):
//
//	go test ./annotations/formats/labelstudio -run TestSDKConverters -lssdk DIR
var (
	lsSDK  = flag.String("lssdk", "", "src/label_studio_sdk/converter of a Label Studio SDK checkout: run its JSON_MIN and CSV conversions")
	python = flag.String("python", "/usr/bin/python3", "the Python that runs the SDK's conversions (needs lxml)")
)

// minRecord is one task of a JSON_MIN conversion: the task's data and, per
// control name, what prettify_result made of its results.
type minRecord map[string]json.RawMessage

// TestSDKConverters converts the fixture export with the SDK's own JSON_MIN
// and CSV code (testdata/sdk/convert.py) and checks that every span's
// attributes and note are in its own region there (checkPerRegion).
func TestSDKConverters(t *testing.T) {
	if *lsSDK == "" {
		t.Skip("no -lssdk: the Label Studio SDK converter test runs only when asked for")
	}
	dir := t.TempDir()
	cfg, tasks := filepath.Join(dir, "out.config.xml"), filepath.Join(dir, "out.json")
	os.WriteFile(cfg, []byte(Config(fixture.Scheme(), fixture.Documents())), 0o644)
	os.WriteFile(tasks, export(t), 0o644)
	cmd := exec.Command(*python, "testdata/sdk/convert.py", *lsSDK, cfg, tasks, dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("convert.py: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	var records []minRecord
	if err := json.Unmarshal(b, &records); err != nil {
		t.Fatal(err)
	}
	checkPerRegion(t, "JSON_MIN", records)

	f, err := os.Open(filepath.Join(dir, "result.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var fromCSV []minRecord
	for _, row := range rows[1:] {
		rec := minRecord{}
		for i, col := range rows[0] {
			if col == "label" {
				rec[col] = json.RawMessage(row[i]) // the column holds the regions as JSON
			}
		}
		fromCSV = append(fromCSV, rec)
	}
	checkPerRegion(t, "CSV", fromCSV)
}

// checkPerRegion checks the "label" regions of each record carry, beside
// their start, end and labels, the span's attributes and note.
func checkPerRegion(t *testing.T, what string, records []minRecord) {
	t.Helper()
	docs := fixture.Documents()
	if len(records) != len(docs) {
		t.Fatalf("%s: %d records, want %d", what, len(records), len(docs))
	}
	for i, d := range docs {
		var regions []struct {
			Start, End int
			Labels     []string
			Attributes map[string]string
			Note       string
		}
		if err := json.Unmarshal(records[i]["label"], &regions); err != nil {
			t.Fatalf("%s record %d: label: %v (%s)", what, i+1, err, records[i]["label"])
		}
		got := map[string]bool{}
		for _, r := range regions {
			got[fmt.Sprintf("%s[%d,%d) %v %q", r.Labels[0], r.Start, r.End, sortedAttrs(r.Attributes), r.Note)] = true
		}
		for _, s := range d.Spans {
			key := fmt.Sprintf("%s[%d,%d) %v %q", s.Label, s.Start, s.End, sortedAttrs(regionAttributes(s)), s.Note)
			if !got[key] {
				t.Errorf("%s record %d: no region %s among %s", what, i+1, key, records[i]["label"])
			}
		}
	}
}

func sortedAttrs(m map[string]string) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// jsonMin converts tasks as the SDK's JSON_MIN conversion does, for the
// default tests. Its loop is the SDK's (HumanSignal/label-studio-sdk,
// src/label_studio_sdk/converter, Apache License 2.0):
// Converter.annotation_result_from_task groups the value of every result
// whose from_name is a control of the config by that name, the type being
// the control's tag (converter.py), and prettify_result (utils.py) turns
// each group into the record's field: a single-choice Choices or a
// single-text TextArea becomes its choice or text, losing its region, any
// other value stays whole.
func jsonMin(t *testing.T, config string, tasks []byte) []minRecord {
	t.Helper()
	types := map[string]string{} // control name -> tag, as parse_config reads the config
	for _, m := range regexp.MustCompile(`<(\w+) name="([^"]+)" toName=`).FindAllStringSubmatch(config, -1) {
		types[m[2]] = m[1]
	}
	var in []struct {
		Data        map[string]json.RawMessage `json:"data"`
		Annotations []struct {
			Result []struct {
				FromName string         `json:"from_name"`
				Value    map[string]any `json:"value"`
			} `json:"result"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(tasks, &in); err != nil {
		t.Fatal(err)
	}
	var out []minRecord
	for _, task := range in {
		rec := minRecord{}
		for k, v := range task.Data {
			rec[k] = v
		}
		outputs := map[string][]map[string]any{}
		var order []string
		for _, r := range task.Annotations[0].Result {
			typ, ok := types[r.FromName]
			if r.FromName == "" || !ok {
				continue
			}
			v := map[string]any{"type": typ}
			for k, x := range r.Value {
				v[k] = x
			}
			if outputs[r.FromName] == nil {
				order = append(order, r.FromName)
			}
			outputs[r.FromName] = append(outputs[r.FromName], v)
		}
		for _, name := range order {
			rec[name] = prettify(outputs[name])
		}
		out = append(out, rec)
	}
	return out
}

// prettify is the SDK's prettify_result (utils.py, Apache License 2.0).
func prettify(v []map[string]any) json.RawMessage {
	var out []any
	tagType := ""
	for _, j := range v {
		tagType = j["type"].(string)
		delete(j, "type")
		choices, _ := j["choices"].([]any)
		texts, _ := j["text"].([]any)
		switch {
		case tagType == "Choices" && len(choices) == 1:
			out = append(out, choices[0])
		case tagType == "TextArea" && len(texts) == 1:
			out = append(out, texts[0])
		default:
			out = append(out, j)
		}
	}
	var b []byte
	if (tagType == "Choices" || tagType == "TextArea") && len(out) == 1 {
		b, _ = json.Marshal(out[0])
	} else {
		b, _ = json.Marshal(out)
	}
	return b
}

// TestConvertersKeepAttributesPerRegion converts the fixture export as the
// SDK's JSON_MIN does (jsonMin; TestSDKConverters runs the SDK's own code)
// and checks every claim attribute and note is in its own region.
func TestConvertersKeepAttributesPerRegion(t *testing.T) {
	checkPerRegion(t, "JSON_MIN", jsonMin(t, Config(fixture.Scheme(), fixture.Documents()), export(t)))
}

// TestRegionAttributesFillGaps imports a labels region whose value carries
// attributes and a note (as Hamesh exports them) with and without
// per-region results: the results win, the value fills what they leave out.
func TestRegionAttributesFillGaps(t *testing.T) {
	in := `[{"data":{"text":"Omar said it rained."},"annotations":[{"result":[
 {"id":"c","from_name":"label","type":"labels","value":{"start":0,"end":19,"text":"Omar said it rained","labels":["CLAIM"],
  "attributes":{"verdict":"true","stance":"agree"},"note":"from the value"}},
 {"id":"c","from_name":"verdict","type":"choices","value":{"start":0,"end":19,"choices":["false"]}}]}]}]`
	res, err := Import(strings.NewReader(in), "v.json", annotations.DefaultScheme())
	if err != nil {
		t.Fatal(err)
	}
	s := res.Documents[0].Spans[0]
	if s.Attributes["verdict"] != "false" || s.Attributes["stance"] != "agree" || s.Note != "from the value" {
		t.Errorf("span = %+v", s)
	}
	var buf bytes.Buffer
	if err := Export(&buf, res.Documents); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"attributes":{"stance":"agree","verdict":"false"},"note":"from the value"`) {
		t.Errorf("export: %s", buf.String())
	}
}
