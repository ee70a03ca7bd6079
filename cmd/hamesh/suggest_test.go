package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/assets"
	"github.com/hamesh-app/hamesh/data"
	"github.com/hamesh-app/hamesh/internal/golden"
)

// seedDB imports the seed article as article "seed" into a new database
// and returns its path and text.
func seedDB(t *testing.T) (string, string) {
	t.Helper()
	text := ""
	for _, s := range assets.Samples() {
		if strings.HasPrefix(s.Name, "alaraby-") {
			text = s.Text
		}
	}
	if text == "" {
		t.Fatal("seed article missing from assets")
	}
	dir := t.TempDir()
	line, _ := json.Marshal(map[string]string{"id": "seed", "text": text, "title": "seed", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"})
	in := filepath.Join(dir, "seed.jsonl")
	if err := os.WriteFile(in, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "a.db")
	mustRun(t, "import", "--db", db, "--annotator", "mona", in)
	return db, text
}

func openDB(t *testing.T, path string) *data.DB {
	t.Helper()
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSuggestPatternsSeed: the built-in recognisers on the seed article
// suggest its dates, numbers and amounts (the golden list), and running
// them again adds nothing.
func TestSuggestPatternsSeed(t *testing.T) {
	db, _ := seedDB(t)
	out := mustRun(t, "suggest", "--db", db, "--patterns")
	if !strings.Contains(out, "16 suggestions found, 16 new") || !strings.Contains(out, "patterns:DATE      DATE      9      9") {
		t.Errorf("suggest --patterns:\n%s", out)
	}
	list := mustRun(t, "suggestions", "--db", db)
	golden.Assert(t, "testdata/suggest-seed-patterns.golden.txt", []byte(list))
	for _, want := range []string{"14 نوفمبر 2017", "يوليو/تموز", "15 يونيو/حزيران عام 2016", "30 ألف", "33 ألف"} {
		if !strings.Contains(list, want) {
			t.Errorf("no suggestion of %q", want)
		}
	}
	if out := mustRun(t, "suggest", "--db", db, "--patterns"); !strings.Contains(out, "16 suggestions found, 0 new") {
		t.Errorf("second run:\n%s", out)
	}
}

// TestSuggestGazetteer: a gazetteer with ويكيليكس ORG finds every
// occurrence, the quoted ones and و"ويكيليكس" too; a malformed gazetteer
// is reported with its file and line, and nothing changes.
func TestSuggestGazetteer(t *testing.T) {
	db, text := seedDB(t)
	dir := t.TempDir()
	gaz := filepath.Join(dir, "wikileaks.tsv")
	os.WriteFile(gaz, []byte("ويكيليكس\tORG\tQ360\n"), 0o644)
	bad := filepath.Join(dir, "bad.tsv")
	os.WriteFile(bad, []byte("ويكيليكس\tORG\nأسانج\n"), 0o644)
	code, _, errs := hamesh(t, nil, "suggest", "--db", db, "--gazetteer", gaz, "--gazetteer", bad, "--patterns")
	if code == 0 || !strings.Contains(errs, "bad.tsv:2: 1 fields") || !strings.Contains(errs, "nothing was suggested") {
		t.Errorf("malformed gazetteer: exit %d, %s", code, errs)
	}
	if n := len(listSuggestions(t, db)); n != 0 {
		t.Errorf("a refused run stored %d suggestions", n)
	}
	out := mustRun(t, "suggest", "--db", db, "--gazetteer", gaz)
	want := strings.Count(text, "ويكيليكس")
	if !strings.Contains(out, "wikileaks  ORG    8      8") || want != 8 {
		t.Errorf("suggest --gazetteer (%d occurrences):\n%s", want, out)
	}
	sugs := listSuggestions(t, db)
	off := annotations.NewOffsets(text)
	clitic := false
	for _, s := range sugs {
		if off.Slice(text, s.Start, s.End) != "ويكيليكس" || s.KBID != "Q360" {
			t.Errorf("suggestion %+v covers %q", s, off.Slice(text, s.Start, s.End))
		}
		if s.Start >= 2 && off.Slice(text, s.Start-2, s.Start) == "و\"" {
			clitic = true
		}
	}
	if !clitic {
		t.Error("the و\"ويكيليكس\" occurrence was not suggested")
	}
}

func listSuggestions(t *testing.T, db string) []annotations.Suggestion {
	t.Helper()
	sugs, err := openDB(t, db).Suggestions(context.Background(), annotations.SuggestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return sugs
}

// TestSuggestFromLabels: after one أسانج is labelled PERS, --from-labels
// suggests the five others, and a rejected one is not suggested again.
func TestSuggestFromLabels(t *testing.T) {
	path, text := seedDB(t)
	db := openDB(t, path)
	ctx := context.Background()
	i := strings.Index(text, "أسانج")
	start := len([]rune(text[:i]))
	if _, err := db.AddSpan(ctx, annotations.Span{ArticleID: "seed", Label: "PERS", Start: start, End: start + 5, Annotator: "mona"}); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "suggest", "--db", path, "--from-labels")
	if !strings.Contains(out, "your labels  PERS   5      5") {
		t.Errorf("suggest --from-labels:\n%s", out)
	}
	sugs, _ := db.Suggestions(ctx, annotations.SuggestionFilter{})
	if err := db.RejectSuggestion(ctx, sugs[0].ID); err != nil {
		t.Fatal(err)
	}
	// The rejected text with its label is not suggested again in this
	// article: the other four are found again, none is new.
	if out := mustRun(t, "suggest", "--db", path, "--from-labels"); !strings.Contains(out, "your labels  PERS   0      0") && !strings.Contains(out, "0 suggestions found") {
		t.Errorf("after a rejection:\n%s", out)
	}
	stats := mustRun(t, "suggestions", "--db", path, "--stats")
	if !strings.Contains(stats, "your labels  4        0         0       1         0.00") {
		t.Errorf("stats:\n%s", stats)
	}
}

// TestExportWithSuggestions: exports carry no suggestions as annotations;
// --with-suggestions adds the pending ones to native JSONL (export, import
// into a new database, export again: the same bytes) and to Label Studio
// as predictions; other formats refuse the flag.
func TestExportWithSuggestions(t *testing.T) {
	path, _ := seedDB(t)
	mustRun(t, "suggest", "--db", path, "--patterns")
	db := openDB(t, path)
	ctx := context.Background()
	sugs, _ := db.Suggestions(ctx, annotations.SuggestionFilter{})
	if _, err := db.AcceptSuggestion(ctx, annotations.Acceptance{ID: sugs[0].ID}); err != nil {
		t.Fatal(err)
	}
	if err := db.RejectSuggestion(ctx, sugs[1].ID); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plain := mustRun(t, "export", "--db", path, "-o", "-")
	if strings.Contains(plain, "suggestions") || strings.Count(plain, `"kind":"entity"`) != 1 {
		t.Errorf("a plain export holds suggestions or not exactly the accepted span:\n%s", plain)
	}
	one := filepath.Join(dir, "one.jsonl")
	mustRun(t, "export", "--db", path, "--with-suggestions", "-o", one)
	first := readFile(t, one)
	if strings.Count(first, `"source":"patterns:`) != 14 || strings.Contains(first, `"status":"rejected"`) {
		t.Errorf("want the 14 pending suggestions only:\n%s", first)
	}
	db2 := filepath.Join(dir, "two.db")
	if out := mustRun(t, "import", "--db", db2, one); !strings.Contains(out, "14 suggestions") {
		t.Errorf("import: %s", out)
	}
	if second := mustRun(t, "export", "--db", db2, "--with-suggestions", "-o", "-"); second != first {
		t.Errorf("export → import → export changed:\n%s\n%s", first, second)
	}
	ls := mustRun(t, "export", "--db", path, "--format", "labelstudio", "--with-suggestions", "-o", "-")
	if !strings.Contains(ls, `"predictions":[{"model_version":"patterns:CARDINAL"`) {
		t.Errorf("label studio export lacks predictions:\n%s", ls)
	}
	if code, _, errs := hamesh(t, nil, "export", "--db", path, "--format", "conll", "--with-suggestions", "-o", "-"); code == 0 || !strings.Contains(errs, "no place for suggestions") {
		t.Errorf("conll --with-suggestions: %d %s", code, errs)
	}
	// A file whose suggestion lies outside its text is refused with its
	// line, and nothing is imported.
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"text":"أسانج"}`+"\n"+`{"text":"ويكيليكس","suggestions":[{"label":"ORG","start":0,"end":99,"source":"m"}]}`+"\n"), 0o644)
	db3 := filepath.Join(dir, "three.db")
	if code, _, errs := hamesh(t, nil, "import", "--db", db3, bad); code == 0 || !strings.Contains(errs, "bad.jsonl:2:") || !strings.Contains(errs, "nothing was imported") {
		t.Errorf("bad suggestion: %d %s", code, errs)
	}
}

// TestImportAsSuggestions: a doccano file's spans imported with
// --as-suggestions become suggestions of the given source, not spans.
func TestImportAsSuggestions(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "model.jsonl")
	os.WriteFile(in, []byte(`{"text":"قال أسانج إن ويكيليكس نشرت الرسائل.","label":[[4,9,"PERS"],[13,21,"ORG"]]}`+"\n"), 0o644)
	db := filepath.Join(dir, "a.db")
	out := mustRun(t, "import", "--db", db, "--format", "doccano", "--as-suggestions", "--suggestion-source", "camel@1.2", in)
	if !strings.Contains(out, "0 spans") || !strings.Contains(out, "2 suggestions") {
		t.Errorf("import: %s", out)
	}
	sugs := listSuggestions(t, db)
	if len(sugs) != 2 || sugs[0].Source != "camel@1.2" || sugs[0].Label != "PERS" || sugs[1].Label != "ORG" {
		t.Errorf("suggestions %+v", sugs)
	}
}
