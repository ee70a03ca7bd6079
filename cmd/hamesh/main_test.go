package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/internal/golden"
)

// hamesh runs one command line in-process with HAMESH_DB and XDG_DATA_HOME
// cleared, returning its exit code and output.
func hamesh(t *testing.T, envs map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return envs[k] }}
	code = 0
	name := args[0]
	found := false
	for _, c := range commands {
		if c.name == name {
			found = true
			if err := c.run(e, args[1:]); err != nil {
				code = 1
				errb.WriteString(err.Error())
			}
		}
	}
	if !found {
		t.Fatalf("no command %q", name)
	}
	return code, out.String(), errb.String()
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := hamesh(t, nil, args...)
	if code != 0 {
		t.Fatalf("hamesh %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestRoundTrip imports a file mixing Arabic, English and emoji with entity
// and claim spans, exports it, imports the export into a fresh database and
// exports again: the two exports must be byte-identical and match the golden
// file.
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db1, db2 := filepath.Join(dir, "one.db"), filepath.Join(dir, "two.db")
	out1, out2 := filepath.Join(dir, "one.jsonl"), filepath.Join(dir, "two.jsonl")

	imp := mustRun(t, "import", "--db", db1, "testdata/mixed.jsonl")
	if !strings.Contains(imp, "2 new articles") || !strings.Contains(imp, "11 spans") || !strings.Contains(imp, "2 relations") {
		t.Errorf("import summary = %q, want 2 articles, 11 spans, 2 relations", imp)
	}
	mustRun(t, "export", "--db", db1, "--format", "jsonl", "-o", out1)
	mustRun(t, "import", "--db", db2, out1)
	mustRun(t, "export", "--db", db2, "--format", "jsonl", "-o", out2)

	a, b := readFile(t, out1), readFile(t, out2)
	if a != b {
		t.Fatalf("round trip changed the export:\n--- first\n%s\n--- second\n%s", a, b)
	}
	// Standard output gives the same bytes as a file.
	if s := mustRun(t, "export", "--db", db2, "-o", "-"); s != a {
		t.Errorf("export -o - differs from export to a file")
	}
	golden.Assert(t, "testdata/mixed.export.golden.jsonl", []byte(a))
	// Every exported span slices its text in code points, UTF-16 and bytes.
	for _, line := range strings.Split(strings.TrimSpace(a), "\n") {
		checkSlices(t, line)
	}
}

func checkSlices(t *testing.T, line string) {
	t.Helper()
	var art struct {
		Text  string           `json:"text"`
		Spans []map[string]any `json:"spans"`
	}
	if err := json.Unmarshal([]byte(line), &art); err != nil {
		t.Fatal(err)
	}
	runes, u16 := []rune(art.Text), utf16Of(art.Text)
	for _, m := range art.Spans {
		n := func(k string) int { return int(m[k].(float64)) }
		want := m["text"].(string)
		if got := string(runes[n("start"):n("end")]); got != want {
			t.Errorf("span %v: code points = %q, text %q", m["id"], got, want)
		}
		if got := fromUTF16(u16[n("start_utf16"):n("end_utf16")]); got != want {
			t.Errorf("span %v: UTF-16 = %q, text %q", m["id"], got, want)
		}
		if got := art.Text[n("start_byte"):n("end_byte")]; got != want {
			t.Errorf("span %v: bytes = %q, text %q", m["id"], got, want)
		}
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBadInputChangesNothing feeds each kind of bad input to import and checks
// the message names the problem and the database file is byte-identical.
func TestBadInputChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	before := mustRun(t, "export", "--db", db, "-o", "-")
	hash := fileHash(t, db)

	cases := []struct {
		file string
		want []string
	}{
		{"testdata/bad-utf8.txt", []string{"bad-utf8.txt", "UTF-8"}},
		{"testdata/broken-line2.jsonl", []string{"broken-line2.jsonl:2:"}},
		{"testdata/span-outside.jsonl", []string{"01936b2e-0000-7000-8000-000000000001", "01936b2e-0000-7000-8000-0000000000a2"}},
		{"testdata/span-text-mismatch.jsonl", []string{"01936b2e-0000-7000-8000-000000000001", "01936b2e-0000-7000-8000-0000000000a3"}},
		{"testdata/does-not-exist.txt", []string{"does-not-exist.txt"}},
		{t.TempDir(), []string{"is a directory and not a brat collection", "nothing was read"}},
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			// A good file beside the bad one is not imported either.
			code, _, errs := hamesh(t, nil, "import", "--db", db, "testdata/mixed.jsonl", c.file)
			if code != 1 {
				t.Fatalf("exit code %d, want 1 (stderr %q)", code, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("message %q does not mention %q", errs, w)
				}
			}
			if fileHash(t, db) != hash {
				t.Errorf("database file changed")
			}
			if after := mustRun(t, "export", "--db", db, "-o", "-"); after != before {
				t.Errorf("database content changed")
			}
		})
	}
}

// TestDefaultDatabaseSeeded checks that a default database created for the
// first time holds the bundled samples, and that HAMESH_DB is honoured.
func TestDefaultDatabaseSeeded(t *testing.T) {
	home := t.TempDir()
	envs := map[string]string{"XDG_DATA_HOME": home}
	code, out, errs := hamesh(t, envs, "list", "--json")
	if code != 0 {
		t.Fatalf("list: %s", errs)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	if len(rows) < 2 {
		t.Fatalf("seeded database has %d articles, want the 2 samples", len(rows))
	}
	langs := map[any]bool{}
	for _, r := range rows {
		langs[r["lang"]] = true
		for _, k := range []string{"id", "title", "lang", "status", "entities", "claims"} {
			if _, ok := r[k]; !ok {
				t.Errorf("list --json row lacks %q: %v", k, r)
			}
		}
	}
	if !langs["ar"] || !langs["en"] {
		t.Errorf("samples languages = %v, want ar and en", langs)
	}
	if _, err := os.Stat(filepath.Join(home, "hamesh", "hamesh.db")); err != nil {
		t.Errorf("default database not created: %v", err)
	}
	// HAMESH_DB wins over XDG_DATA_HOME and is not seeded.
	other := filepath.Join(t.TempDir(), "other.db")
	envs["HAMESH_DB"] = other
	_, out, _ = hamesh(t, envs, "list", "--json")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("HAMESH_DB database list = %q, want []", out)
	}
}

// TestListText checks the table form of list.
func TestListText(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	out := mustRun(t, "list", "--db", db)
	for _, want := range []string{"ID", "TITLE", "01936b2e-0000-7000-8000-000000000001", "ar", "in_progress", "Fact-checkers in Amman", "done"} {
		if !strings.Contains(out, want) {
			t.Errorf("list output lacks %q:\n%s", want, out)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"frobnicate"}, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "unknown command") {
		t.Errorf("unknown command: code %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"export", "--db", filepath.Join(t.TempDir(), "x.db")}, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "-o") {
		t.Errorf("export without -o: code %d, stderr %q", code, errb.String())
	}
}

func utf16Of(s string) []uint16 {
	var u []uint16
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			u = append(u, uint16(0xD800+(r>>10)), uint16(0xDC00+(r&0x3FF)))
		} else {
			u = append(u, uint16(r))
		}
	}
	return u
}

func fromUTF16(u []uint16) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := rune(u[i])
		if c >= 0xD800 && c < 0xDC00 && i+1 < len(u) {
			c = 0x10000 + (c-0xD800)<<10 + rune(u[i+1]-0xDC00)
			i++
		}
		b.WriteRune(c)
	}
	return b.String()
}

// TestEveryFormatFromTheCommandLine exports the fixture in every format and
// imports each importable export back into a fresh database (format
// auto-detected), checking the spans survive.
func TestEveryFormatFromTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	importable := map[string]string{ // format -> path to import back
		"doccano":     "out.doccano.jsonl",
		"labelstudio": "out.labelstudio.json",
		"prodigy":     "out.prodigy.jsonl",
		"brat":        "brat",
	}
	for _, f := range []string{"jsonl", "doccano", "labelstudio", "prodigy", "brat", "conll", "dataset"} {
		t.Run(f, func(t *testing.T) {
			out := filepath.Join(dir, "out."+f)
			switch f {
			case "doccano", "prodigy":
				out += ".jsonl"
			case "labelstudio":
				out += ".json"
			case "brat":
				out = filepath.Join(dir, "brat")
			}
			mustRun(t, "export", "--db", db, "--format", f, "-o", out)
			if _, err := os.Stat(out); err != nil {
				t.Fatalf("export wrote nothing at %s: %v", out, err)
			}
			back, ok := importable[f]
			if !ok {
				return
			}
			db2 := filepath.Join(t.TempDir(), "back.db")
			msg := mustRun(t, "import", "--db", db2, filepath.Join(dir, back))
			if !strings.Contains(msg, "2 new articles") || !strings.Contains(msg, "11 spans") {
				t.Errorf("import of %s export: %q, want 2 articles and 11 spans", f, msg)
			}
		})
	}
	// Filters: only done articles, only PERS spans.
	out := mustRun(t, "export", "--db", db, "--status", "done", "--label", "PERS", "-o", "-")
	if n := strings.Count(out, "\n"); n != 1 {
		t.Fatalf("--status done exported %d articles, want 1", n)
	}
	if strings.Contains(out, `"label":"CLAIM"`) || !strings.Contains(out, `"label":"PERS"`) {
		t.Errorf("--label PERS kept other labels or lost PERS: %s", out)
	}
}

// TestDirectoryExportNeverOverwrites checks a brat or dataset export refuses
// a directory that holds files, leaving it as it was, and leaves no
// temporary directory behind.
func TestDirectoryExportNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	out := filepath.Join(dir, "brat")
	mustRun(t, "export", "--db", db, "--format", "brat", "-o", out)
	conf := fileHash(t, filepath.Join(out, "annotation.conf"))
	for _, f := range []string{"brat", "dataset"} {
		code, _, errs := hamesh(t, nil, "export", "--db", db, "--format", f, "-o", out)
		if code != 1 || !strings.Contains(errs, "not empty") {
			t.Errorf("%s export over a full directory: code %d, %q; want a refusal", f, code, errs)
		}
	}
	if fileHash(t, filepath.Join(out, "annotation.conf")) != conf {
		t.Errorf("the refused export changed the directory")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary %s left behind", e.Name())
		}
	}
	// An empty directory is filled.
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	mustRun(t, "export", "--db", db, "--format", "dataset", "-o", empty)
	if _, err := os.Stat(filepath.Join(empty, "README.md")); err != nil {
		t.Errorf("dataset export into an empty directory: %v", err)
	}
}

// TestQuietUnderCLocale runs the real binary with the C locale, as in
// containers and CI: a command prints its output and nothing on standard
// error (Fyne would log that it cannot parse "C").
func TestQuietUnderCLocale(t *testing.T) {
	bin := hameshBinary(t)
	db := filepath.Join(t.TempDir(), "h.db")
	for _, env := range [][]string{{"LANG=C"}, {"LANG=", "LC_ALL=POSIX"}, {"LC_ALL=C.UTF-8"}} {
		cmd := exec.Command(bin, "list", "--db", db)
		cmd.Env = append(os.Environ(), env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || !strings.Contains(string(out), "TITLE") || stderr.Len() > 0 {
			t.Errorf("%v hamesh list: err %v, stdout %q, stderr %q", env, err, out, stderr.String())
		}
	}
}
