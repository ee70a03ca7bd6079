package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations/formats"
)

// TestTamperedDatabaseExportsWhatImportTakes: a database changed behind
// Hamesh's back (a span edge moved inside a character cluster, a verdict
// outside its list, bytes that are not UTF-8 in a text or note) never
// yields an export that Hamesh itself then refuses to import: each export,
// in every format, either stops naming the damaged article, with nothing
// written, or imports back (issue 11, point 12). The native JSONL used to
// trust what it read from the database and wrote such files.
func TestTamperedDatabaseExportsWhatImportTakes(t *testing.T) {
	const art = "01936b2e-0000-7000-8000-000000000001"
	firstSpan := `(SELECT id FROM spans WHERE article_id = '` + art + `' ORDER BY start LIMIT 1)`
	firstClaim := `(SELECT id FROM spans WHERE article_id = '` + art + `' AND kind = 'claim' LIMIT 1)`
	tampers := map[string]string{
		// "ادّعى": code point 2 is the shadda on the dal.
		"edge inside a cluster": `UPDATE spans SET start = 2 WHERE id = ` + firstSpan,
		"verdict off the list":  `UPDATE spans SET attributes = json_object('verdict', 'bogus') WHERE id = ` + firstClaim,
		"text not UTF-8":        `UPDATE article_texts SET text = CAST(X'61FF20' AS TEXT) || text WHERE article_id = '` + art + `'`,
		"note not UTF-8":        `UPDATE articles SET note = CAST(X'FF' AS TEXT) WHERE id = '` + art + `'`,
	}
	importable := map[string]bool{"jsonl": true, "doccano": true, "labelstudio": true, "prodigy": true, "brat": true}
	for name, q := range tampers {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "h.db")
			mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
			raw := openRaw(t, db)
			res, err := raw.Exec(q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				t.Fatalf("%s changed %d rows, want 1", q, n)
			}
			raw.Close()
			for _, f := range formats.ExportFormats() {
				out := filepath.Join(dir, "out-"+f)
				switch f {
				case "jsonl", "doccano", "prodigy":
					out += ".jsonl"
				case "labelstudio":
					out += ".json"
				}
				code, _, stderr := hamesh(t, nil, "export", "--db", db, "--format", f, "-o", out)
				if code != 0 {
					if !strings.Contains(stderr, art) {
						t.Errorf("%s: export failed without naming article %s: %q", f, art, stderr)
					}
					continue
				}
				if !importable[f] {
					continue
				}
				back := filepath.Join(t.TempDir(), "back.db")
				if code, _, stderr := hamesh(t, nil, "import", "--db", back, out); code != 0 {
					t.Errorf("%s: the export succeeded but Hamesh refuses to import it: %s", f, stderr)
				}
			}
		})
	}
}
