package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nestedArticle is one done article with a nested entity (ORG inside OCC),
// a claim and a claimant relation.
const nestedArticle = `{"title":"t","text":"قال مؤسس موقع ويكيليكس إنه بخير","status":"done","spans":[` +
	`{"id":"s1","kind":"entity","label":"OCC","start":4,"end":22},` +
	`{"id":"s2","kind":"entity","label":"ORG","start":14,"end":22},` +
	`{"id":"c1","kind":"claim","label":"CLAIM","start":23,"end":31}],` +
	`"relations":[{"id":"r1","type":"claimant","from":"c1","to":"s1"}]}` + "\n"

func nestedDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(nestedArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, in)
	return db
}

// TestDoccanoFormFlag: --doccano-form plain writes label triples and warns
// of the relation it drops; every form warns of the overlapping spans;
// auto, with a relation, writes the relations form and says what doccano
// needs.
func TestDoccanoFormFlag(t *testing.T) {
	db := nestedDB(t)
	code, out, errs := hamesh(t, nil, "export", "--db", db, "--format", "doccano", "--doccano-form", "plain", "-o", "-")
	if code != 0 || !strings.Contains(out, `"label":[[4,22,"OCC"],[14,22,"ORG"],[23,31,"CLAIM"]]`) || strings.Contains(out, `"entities"`) {
		t.Errorf("plain: code %d, %s", code, out)
	}
	if !strings.Contains(errs, "warning: left out 1 relations") || !strings.Contains(errs, `1 of 3 spans overlap`) || !strings.Contains(errs, `"Allow overlapping spans"`) {
		t.Errorf("plain: warnings %q", errs)
	}
	_, out, errs = hamesh(t, nil, "export", "--db", db, "--format", "doccano", "-o", "-")
	if !strings.Contains(out, `"entities"`) || !strings.Contains(errs, `"Use relation labeling"`) || !strings.Contains(errs, "--doccano-form plain") {
		t.Errorf("auto: %s / %q", out, errs)
	}
	if code, _, errs := hamesh(t, nil, "export", "--db", db, "--format", "doccano", "--doccano-form", "labels", "-o", "-"); code == 0 || !strings.Contains(errs, "--doccano-form") {
		t.Errorf("a bad form: code %d, %q", code, errs)
	}
}

// TestCoNLLFlavorFlag: each flavour from the command line, and a bad one
// refused.
func TestCoNLLFlavorFlag(t *testing.T) {
	db := nestedDB(t)
	for flavor, want := range map[string]string{
		"conll2003": "-DOCSTART- -X- O O\n\nقال - O O\nمؤسس - O B-OCC\n",
		"wojood":    "قال O\nمؤسس B-OCC\nموقع I-OCC\nويكيليكس I-OCC B-ORG\n",
		"columns":   "# columns: token entity1 entity2 claim1\n-DOCSTART-\tO\tO\tO\n",
	} {
		code, out, errs := hamesh(t, nil, "export", "--db", db, "--format", "conll", "--conll-flavor", flavor, "-o", "-")
		if code != 0 || !strings.HasPrefix(out, want) && !strings.Contains(out, want) {
			t.Errorf("%s: code %d %q\n%s", flavor, code, errs, out)
		}
	}
	if code, _, errs := hamesh(t, nil, "export", "--db", db, "--format", "conll", "--conll-flavor", "bio", "-o", "-"); code == 0 || !strings.Contains(errs, "--conll-flavor") {
		t.Errorf("a bad flavour: code %d, %q", code, errs)
	}
}

// TestImportCoNLL: hamesh import --format conll brings a Wojood file in
// with its nested spans.
func TestImportCoNLL(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	msg := mustRun(t, "import", "--db", db, "--format", "conll", "../../annotations/formats/conll/testdata/corpora/wojood.txt")
	if !strings.Contains(msg, "1 new articles") || !strings.Contains(msg, "9 spans") {
		t.Errorf("import: %q", msg)
	}
}

// TestStatusSurvives: an article's status comes back from the formats that
// carry it (doccano, Prodigy, CoNLL's columns flavour), not from those that
// cannot (CoNLL's conll2003 flavour).
func TestStatusSurvives(t *testing.T) {
	db := nestedDB(t)
	for _, tc := range []struct{ format, flavor, want string }{
		{"doccano", "", "done"}, {"prodigy", "", "done"}, {"conll", "columns", "done"}, {"conll", "conll2003", "in_progress"},
	} {
		out := filepath.Join(t.TempDir(), "out."+tc.format)
		args := []string{"export", "--db", db, "--format", tc.format, "-o", out}
		if tc.flavor != "" {
			args = append(args, "--conll-flavor", tc.flavor)
		}
		mustRun(t, args...)
		db2 := filepath.Join(t.TempDir(), "back.db")
		mustRun(t, "import", "--db", db2, "--format", tc.format, out)
		var rows []struct{ Status string }
		if err := json.Unmarshal([]byte(mustRun(t, "list", "--db", db2, "--json")), &rows); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Status != tc.want {
			t.Errorf("%s %s: status %+v, want %s", tc.format, tc.flavor, rows, tc.want)
		}
	}
}
