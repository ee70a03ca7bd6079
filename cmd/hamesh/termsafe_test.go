package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runLine runs one whole command line through run, as main does (with
// run's own stderr handling), and returns its exit code and output.
func runLine(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// rawControls returns the control characters (C0 but newline, DEL, C1)
// found in s.
func rawControls(s string) []rune {
	var bad []rune
	for _, r := range s {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			bad = append(bad, r)
		}
	}
	return bad
}

// TestControlCharactersEscaped: a title and source carrying terminal
// escapes (ESC ]0;… BEL sets the terminal's title, ESC [2J clears it, U+009B
// is CSI) and file names carrying them are printed escaped (\x1b, \u009b)
// by list, list --json, import and error messages, while the database and
// the export keep them exactly (issue 11, point 8).
func TestControlCharactersEscaped(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	title := "evil \x1b]0;pwned\x07\x1b[2J title \u009b31m"
	source := "http://example.com/\x1b[31mred"
	rec, _ := json.Marshal(map[string]any{"title": title, "source": source, "text": "Some article text.", "lang": "en"})
	in := filepath.Join(dir, "in\x1b[2J.jsonl")
	if err := os.WriteFile(in, append(rec, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runLine("import", "--db", db, in)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if bad := rawControls(out + errs); len(bad) > 0 || !strings.Contains(out, `in\x1b[2J.jsonl`) {
		t.Errorf("import printed control characters %q (want the file name as in\\x1b[2J.jsonl): %q", bad, out)
	}

	code, out, errs = runLine("list", "--db", db)
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, errs)
	}
	if bad := rawControls(out); len(bad) > 0 {
		t.Errorf("list printed control characters %q:\n%q", bad, out)
	}
	if want := `evil \x1b]0;pwned\x07\x1b[2J title \u009b31m`; !strings.Contains(out, want) {
		t.Errorf("list shows the title as\n%q\nwant it to contain %q", out, want)
	}

	code, out, _ = runLine("list", "--db", db, "--json")
	if bad := rawControls(out); code != 0 || len(bad) > 0 {
		t.Errorf("list --json: exit %d, control characters %q:\n%q", code, bad, out)
	}
	var rows []struct{ Title string }
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 || rows[0].Title != title {
		t.Errorf("list --json decodes to %+v, %v; want the title kept exactly", rows, err)
	}

	// Kept in stored data and in the export.
	raw, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var stored, storedSource string
	if err := raw.QueryRow("SELECT title, source FROM articles").Scan(&stored, &storedSource); err != nil || stored != title || storedSource != source {
		t.Errorf("stored title %q, source %q (%v); want them kept", stored, storedSource, err)
	}
	code, out, _ = runLine("export", "--db", db, "-o", "-")
	var exported struct{ Title, Source string }
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &exported); code != 0 || err != nil || exported.Title != title || exported.Source != source {
		t.Errorf("export: exit %d, %+v, %v; want the title and source kept", code, exported, err)
	}

	// Messages naming a file.
	bad := filepath.Join(dir, "bad\x1b]0;x\x07.jsonl")
	if err := os.WriteFile(bad, []byte("{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runLine("import", "--db", db, bad)
	if code == 0 || len(rawControls(errs)) > 0 || !strings.Contains(errs, `bad\x1b]0;x\x07.jsonl`) {
		t.Errorf("import of a bad file: exit %d, message %q; want it escaped", code, errs)
	}
	code, _, errs = runLine("export", "--db", db, "--format", "\x1b[2J")
	if code == 0 || len(rawControls(errs)) > 0 {
		t.Errorf("export --format ESC[2J: exit %d, message %q; want it escaped", code, errs)
	}
}

// TestTermSafe pins the escaping of each kind of character.
func TestTermSafe(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                      "plain",
		"عربي \u200f mixed":          "عربي \u200f mixed",
		"a\x1bb":                     `a\x1bb`,
		"tab\there\nline\r":          `tab\x09here\x0aline\x0d`,
		"del\x7f c1\u0085 csi\u009b": `del\x7f c1\u0085 csi\u009b`,
		"bad \xff utf8":              `bad \xff utf8`,
	} {
		if got := termSafe(in); got != want {
			t.Errorf("termSafe(%q) = %q, want %q", in, got, want)
		}
	}
	if got := termSafeText("two\nlines\tand \x1b"); got != "two\nlines\tand \\x1b" {
		t.Errorf("termSafeText kept %q", got)
	}
}
