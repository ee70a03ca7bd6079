package brat

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestNormalization: a span linked to a registry entry with a QID gets an
// N line with the Wikidata id, and tools.conf declares the database; with
// -brat, brat's own annotation.py parses the line back to the same
// reference.
func TestNormalization(t *testing.T) {
	text := "قال جوليان أسانج إن أسانج لم يعلّق."
	e := annotations.Entry{ID: "e1", Name: "جوليان أسانج", Label: "PERS", KBID: "Q47112"}
	doc := annotations.Document{Article: annotations.Article{ID: "a1", Text: text, Direction: annotations.RTL, Status: annotations.StatusTodo},
		Spans: []annotations.Span{
			{ID: "s1", Kind: annotations.KindEntity, Label: "PERS", Start: 4, End: 16, Attributes: map[string]string{"entity_id": "e1"}},
			{ID: "s2", Kind: annotations.KindEntity, Label: "PERS", Start: 20, End: 25, Attributes: map[string]string{"entity_id": "e1"}},
			{ID: "s3", Kind: annotations.KindEntity, Label: "PERS", Start: 0, End: 3},
		}}
	dir := t.TempDir()
	if err := ExportRegistry(dir, []annotations.Document{doc}, annotations.DefaultScheme(), []annotations.Entry{e}); err != nil {
		t.Fatal(err)
	}
	ann, _ := os.ReadFile(filepath.Join(dir, "a1.ann"))
	var norms []string
	for _, l := range strings.Split(string(ann), "\n") {
		if strings.HasPrefix(l, "N") {
			norms = append(norms, l)
		}
	}
	want := []string{"N1\tReference T2 Wikidata:Q47112\tجوليان أسانج", "N2\tReference T3 Wikidata:Q47112\tجوليان أسانج"}
	if strings.Join(norms, "\n") != strings.Join(want, "\n") {
		t.Errorf("N lines:\n%s\nwant\n%s\n(.ann:\n%s)", strings.Join(norms, "\n"), strings.Join(want, "\n"), ann)
	}
	if conf, err := os.ReadFile(filepath.Join(dir, "tools.conf")); err != nil || !strings.Contains(string(conf), "[normalization]\nWikidata\tDB:none, <URL>:https://www.wikidata.org/, <URLBASE>:https://www.wikidata.org/wiki/%s") {
		t.Errorf("tools.conf: %s %v", conf, err)
	}
	// Re-reading the export keeps the link (as the entity_id note) and
	// skips the N lines with a warning.
	back, err := Import(dir, annotations.DefaultScheme())
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Documents[0].Spans; len(got) != 3 || got[1].Attributes["entity_id"] != "e1" {
		t.Errorf("read back %+v", got)
	}
	if *bratSrc == "" {
		t.Log("-brat not given: brat's own parser not run")
		return
	}
	py := `import sys, json
sys.path.insert(0, sys.argv[1]); sys.modules["common"] = None
import annotation, codecs
annotation.codecs_open = lambda name, mode="r", **kw: codecs.open(name, mode.replace("U", ""), **kw)
doc = annotation.TextAnnotations(sys.argv[2])
print(json.dumps([[n.id, n.type, n.target, n.refdb, n.refid, n.reftext] for n in doc.get_normalizations()], ensure_ascii=False))`
	out, err := exec.Command("python3", "-c", py, *bratSrc, filepath.Join(dir, "a1")).CombinedOutput()
	if err != nil {
		t.Fatalf("brat's annotation.py: %v\n%s", err, out)
	}
	var got [][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got) != 2 || strings.Join(got[0], " ") != "N1 Reference T2 Wikidata Q47112 جوليان أسانج" {
		t.Errorf("brat read %q", got)
	}
}
