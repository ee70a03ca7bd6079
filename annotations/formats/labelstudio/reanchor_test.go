package labelstudio

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestImportReanchorsWhitespace imports regions whose text differs from the
// article's slice only in whitespace, as the Label Studio frontend writes
// them: a loaded region's text without its line break, one a user selected
// with the line break as the two characters \n, a paragraph break collapsed
// to a space, and one in UTF-16 units after an emoji with its line break
// dropped. Each keeps its offsets, and one warning counts them.
func TestImportReanchorsWhitespace(t *testing.T) {
	text := "😀 الزيارة\nكانت ناجحة.\n\nThe visit went well."
	region := func(id string, start, end int, got string) string {
		return fmt.Sprintf(`{"id":%q,"from_name":"label","type":"labels","value":{"start":%d,"end":%d,"text":%q,"labels":["CLAIM"]}}`, id, start, end, got)
	}
	in := `[{"data":{"text":` + fmt.Sprintf("%q", text) + `},"annotations":[{"result":[` + strings.Join([]string{
		region("dropped", 2, 14, "الزيارةكانت"),
		region("literal", 2, 14, `الزيارة\nكانت`),
		region("collapsed", 15, 26, "ناجحة. The"),
		region("utf16", 3, 15, "الزيارةكانت"),
		region("exact", 2, 9, "الزيارة"),
	}, ",") + `]}]}]`
	res, err := Import(strings.NewReader(in), "ls.json", annotations.DefaultScheme())
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{2, 14}, {2, 14}, {15, 26}, {2, 14}, {2, 9}}
	for i, s := range res.Documents[0].Spans {
		if s.Start != want[i][0] || s.End != want[i][1] {
			t.Errorf("span %d = [%d,%d), want %v", i, s.Start, s.End, want[i])
		}
	}
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0], "re-anchored 4 regions by their offsets") ||
		!strings.Contains(res.Warnings[0], "ls.json:1: task 1 region dropped") {
		t.Errorf("warnings = %q", res.Warnings)
	}
}

// TestImportRefusesRealMismatch checks a region whose text differs from
// the article in more than whitespace is still refused, naming the region.
func TestImportRefusesRealMismatch(t *testing.T) {
	for _, got := range []string{"الزيارةكان", "الزيارة كانت!", `الزيارة\tكانت`} {
		in := fmt.Sprintf(`[{"data":{"text":"الزيارة\nكانت ناجحة."},"annotations":[{"result":[{"id":"r7","from_name":"label","type":"labels","value":{"start":0,"end":12,"text":%q,"labels":["CLAIM"]}}]}]}]`, got)
		_, err := Import(strings.NewReader(in), "ls.json", nil)
		if err == nil || !strings.Contains(err.Error(), "ls.json:1: task 1: result 1 (region r7): text") {
			t.Errorf("%q: err = %v", got, err)
		}
	}
}

// TestStatusRoundTrip exports articles in each status and imports them
// back: the status travels in the task's data.
func TestStatusRoundTrip(t *testing.T) {
	var docs []annotations.Document
	for i, st := range []annotations.Status{annotations.StatusTodo, annotations.StatusInProgress, annotations.StatusDone} {
		d := annotations.Document{Article: annotations.Article{ID: fmt.Sprintf("a%d", i), Title: "t", Text: "Omar said it rained.", Status: st}}
		if st != annotations.StatusTodo {
			d.Spans = []annotations.Span{{ID: "s", Kind: annotations.KindEntity, Label: "PERS", Start: 0, End: 4}}
		}
		docs = append(docs, d)
	}
	var buf bytes.Buffer
	if err := Export(&buf, docs); err != nil {
		t.Fatal(err)
	}
	res, err := Import(&buf, "s.json", annotations.DefaultScheme())
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range res.Documents {
		if d.Article.Status != docs[i].Article.Status {
			t.Errorf("article %d: status %q, want %q", i, d.Article.Status, docs[i].Article.Status)
		}
	}
	// A status Hamesh does not know is left out, with a warning.
	res, err = Import(strings.NewReader(`[{"data":{"text":"x","status":"finished"}}]`), "s.json", nil)
	if err != nil || res.Documents[0].Article.Status != annotations.StatusTodo || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `ignored data.status "finished"`) {
		t.Errorf("unknown status: %v, %+v, %q", err, res.Documents, res.Warnings)
	}
}
