package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations/formats"
)

// TestExportStopsAtArticleWithoutText: an article whose text row is
// missing (a damaged database) stops the export in every format with its
// id and exit status 1, and nothing is written; it used to vanish from the
// export with exit 0 (issue 11, point 11).
func TestExportStopsAtArticleWithoutText(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	const lost = "01936b2e-0000-7000-8000-000000000001"
	raw := openRaw(t, db)
	if res, err := raw.Exec("DELETE FROM article_texts WHERE article_id = ?", lost); err != nil {
		t.Fatal(err)
	} else if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("deleted %d text rows, want 1", n)
	}
	raw.Close()
	for _, format := range formats.ExportFormats() {
		for _, filter := range [][]string{nil, {"--article", lost}, {"--status", "in_progress"}} {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"export", "--db", db, "--format", format, "-o", out}, filter...)
			code, _, stderr := hamesh(t, nil, args...)
			if code == 0 || !strings.Contains(stderr, lost) || !strings.Contains(stderr, "text is missing") || !strings.Contains(stderr, "nothing was exported") {
				t.Errorf("hamesh %s: exit %d, %q; want a failure naming article %s", strings.Join(args, " "), code, stderr, lost)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("hamesh %s wrote %s", strings.Join(args, " "), out)
			}
		}
	}
	// An export that does not include the damaged article still works.
	if out := mustRun(t, "export", "--db", db, "--status", "todo,done", "-o", "-"); strings.Contains(out, lost) {
		t.Errorf("the export of other articles holds %s", lost)
	}
}
