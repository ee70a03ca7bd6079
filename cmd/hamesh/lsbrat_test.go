package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestStatusSurvivesLabelStudioAndBrat exports articles in two statuses as
// Label Studio tasks and as a brat collection and imports each into a fresh
// database: every article keeps its status.
func TestStatusSurvivesLabelStudioAndBrat(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	statuses := func(db string) string {
		var rows []struct{ Status string }
		if err := json.Unmarshal([]byte(mustRun(t, "list", "--db", db, "--json")), &rows); err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, r := range rows {
			s = append(s, r.Status)
		}
		sort.Strings(s)
		return strings.Join(s, " ")
	}
	want := statuses(db)
	if want != "done in_progress" {
		t.Fatalf("fixture statuses %q", want)
	}
	for _, tc := range []struct{ format, out string }{
		{"labelstudio", "out.json"}, {"brat", "brat"},
	} {
		out := filepath.Join(dir, tc.out)
		mustRun(t, "export", "--db", db, "--format", tc.format, "-o", out)
		back := filepath.Join(t.TempDir(), "back.db")
		mustRun(t, "import", "--db", back, out)
		if got := statuses(back); got != want {
			t.Errorf("%s round trip: statuses %q, want %q", tc.format, got, want)
		}
	}
}

// TestImportPrintsReanchored imports a Label Studio task whose region text
// lost its line break, as the frontend writes it: the import succeeds and
// says how many regions were re-anchored.
func TestImportPrintsReanchored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "saved.json")
	os.WriteFile(path, []byte(`[{"data":{"text":"الزيارة\nكانت ناجحة."},"annotations":[{"result":[
 {"id":"r1","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":12,"text":"الزيارةكانت","labels":["CLAIM"]}}]}]}]`), 0o644)
	code, out, errs := hamesh(t, nil, "import", "--db", filepath.Join(t.TempDir(), "h.db"), path)
	if code != 0 || !strings.Contains(out, "1 spans") || !strings.Contains(errs, "warning: re-anchored 1 region by their offsets") {
		t.Errorf("exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
}
