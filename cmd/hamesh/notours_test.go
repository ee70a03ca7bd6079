package main

// Not our file: what --db may point at that Hamesh must refuse and leave as
// it was; and backups taken while other processes write.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/data"
)

// dirState maps every file under dir (recursively) to the hash of its bytes.
func dirState(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if fi.IsDir() {
			out[rel+"/"] = [32]byte{}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffDirState(before, after map[string][32]byte) string {
	var d []string
	for k, v := range before {
		if w, ok := after[k]; !ok {
			d = append(d, k+" vanished")
		} else if w != v {
			d = append(d, k+" changed")
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			d = append(d, k+" appeared")
		}
	}
	sort.Strings(d)
	return strings.Join(d, ", ")
}

// sqliteFile creates an SQLite database at path with the driver alone and
// runs stmts in it.
func sqliteFile(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// TestNotOurFileRefused points --db at files that are not a Hamesh
// database of this version and runs every command that opens it: each is
// refused with a message that names the file and says why, and the folder
// holding it is byte-identical afterwards (no file changed, no -wal, -shm,
// journal, backup or output file appeared).
func TestNotOurFileRefused(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 6))
	randomBytes := make([]byte, 64<<10)
	for i := range randomBytes {
		randomBytes[i] = byte(rng.Uint32())
	}
	damaged := append([]byte("SQLite format 3\x00"), randomBytes[:8184]...)

	cases := []struct {
		name string
		make func(t *testing.T, path string) // creates what path names
		want []string                        // in the message
	}{
		{"random bytes", func(t *testing.T, p string) { os.WriteFile(p, randomBytes, 0o644) },
			[]string{"not a Hamesh database", "not an SQLite database", "left untouched"}},
		{"SQLite header then garbage", func(t *testing.T, p string) { os.WriteFile(p, damaged, 0o644) },
			[]string{"not a Hamesh database"}},
		{"a text file", func(t *testing.T, p string) {
			os.WriteFile(p, []byte("ادّعى مؤسس موقع ويكيليكس\n"), 0o644)
		},
			[]string{"not a Hamesh database"}},
		{"another program's SQLite database", func(t *testing.T, p string) {
			sqliteFile(t, p, `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`, `INSERT INTO notes (body) VALUES ('keep me')`)
		}, []string{"not a Hamesh database", "another program", "left untouched"}},
		{"another program's WAL database", func(t *testing.T, p string) {
			sqliteFile(t, p, `PRAGMA journal_mode=WAL`, `CREATE TABLE t (x)`, `INSERT INTO t VALUES (1)`)
		}, []string{"another program"}},
		{"another program's database with a WAL left by a crash", func(t *testing.T, p string) {
			hotWAL(t, p, `CREATE TABLE t (x)`, `INSERT INTO t VALUES (1)`)
		}, []string{"another program"}},
		{"a newer Hamesh with a WAL left by a crash", func(t *testing.T, p string) {
			newHameshDB(t, p+".src")
			os.Rename(p+".src", p)
			hotWAL(t, p, fmt.Sprintf(`PRAGMA user_version = %d`, data.SchemaVersion()+1), `INSERT INTO settings VALUES ('k', 'v')`)
		}, []string{"newer Hamesh"}},
		{"an empty SQLite database of another program", func(t *testing.T, p string) {
			sqliteFile(t, p, `PRAGMA application_id = 1234`, `PRAGMA user_version = 7`)
		}, []string{"another program"}},
		{"a newer Hamesh (user_version)", func(t *testing.T, p string) {
			newHameshDB(t, p)
			sqliteFile(t, p, fmt.Sprintf(`PRAGMA user_version = %d`, data.SchemaVersion()+1))
		}, []string{"newer Hamesh", fmt.Sprintf("schema version %d", data.SchemaVersion()+1), "left untouched"}},
		{"a newer Hamesh (migrations table)", func(t *testing.T, p string) {
			newHameshDB(t, p)
			sqliteFile(t, p, fmt.Sprintf(`INSERT INTO migrations (version, name, applied_at) VALUES (%d, 'future', '2030-01-01T00:00:00.000000000Z')`, data.SchemaVersion()+5))
		}, []string{"newer Hamesh", fmt.Sprintf("schema version %d", data.SchemaVersion()+5)}},
		{"an empty directory", func(t *testing.T, p string) { os.Mkdir(p, 0o755) },
			[]string{"directory"}},
		{"a file in a missing folder", func(t *testing.T, p string) {},
			[]string{"does not exist"}},
	}
	tried, kinds := 0, 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "target.db")
			if c.name == "a file in a missing folder" {
				path = filepath.Join(dir, "missing", "target.db")
			}
			c.make(t, path)
			kinds++
			outDir := t.TempDir()
			before, outBefore := dirState(t, dir), dirState(t, outDir)
			commands := [][]string{
				{"list", "--db", path},
				{"list", "--db", path, "--json"},
				{"import", "--db", path, "testdata/mixed.jsonl"},
				{"export", "--db", path, "-o", filepath.Join(outDir, "out.jsonl")},
				{"export", "--db", path, "--format", "brat", "-o", filepath.Join(outDir, "brat")},
				{"backup", "--db", path, "-o", filepath.Join(outDir, "copy.db")},
				{"render", "--db", path, "-o", filepath.Join(outDir, "a.png"), "01936b2e-0000-7000-8000-000000000001"},
			}
			for _, args := range commands {
				tried++
				code, _, errs := hamesh(t, nil, args...)
				if code != 1 {
					t.Errorf("hamesh %s: exit %d, want 1 (stderr %q)", strings.Join(args, " "), code, errs)
				}
				for _, w := range append([]string{path}, c.want...) {
					if !strings.Contains(errs, w) {
						t.Errorf("hamesh %s: message %q does not say %q", args[0], errs, w)
					}
				}
				if d := diffDirState(before, dirState(t, dir)); d != "" {
					t.Fatalf("hamesh %s changed the folder of the refused file: %s", args[0], d)
				}
				if d := diffDirState(outBefore, dirState(t, outDir)); d != "" {
					t.Fatalf("hamesh %s wrote output from a refused file: %s", args[0], d)
				}
			}
		})
	}
	t.Logf("not our file: %d kinds of file, %d refused command lines, every folder byte-identical afterwards", kinds, tried)
}

// hotWAL runs stmts on the database at path (created if missing) in WAL
// mode and leaves it as a crashed program would: committed changes only in
// path-wal, which no -shm file describes.
func hotWAL(t *testing.T, path string, stmts ...string) {
	t.Helper()
	src := path + ".live"
	if _, err := os.Stat(path); err == nil {
		if err := os.Rename(path, src); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sql.Open("sqlite3", "file:"+src+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range append([]string{`PRAGMA wal_autocheckpoint = 0`}, stmts...) {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(src + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if suffix == "-wal" && len(b) == 0 {
			t.Fatal("the WAL is empty; the test would not test a crash")
		}
		if err := os.WriteFile(path+suffix, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(src + suffix)
	}
}

// newHameshDB creates a Hamesh database at path holding the mixed fixture.
func newHameshDB(t *testing.T, path string) {
	t.Helper()
	mustRun(t, "import", "--db", path, "testdata/mixed.jsonl")
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatalf("%s-wal left after hamesh import closed the database", path)
	}
}

// stateFingerprint is a model's spans as one comparable string.
func stateFingerprint(spans map[string]spanState) string {
	var parts []string
	for id, s := range spans {
		parts = append(parts, fmt.Sprintf("%s:%d:%d:%s", id, s.start, s.end, s.label))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// TestBackupWhileWriting takes backups with `hamesh backup` while an editor
// process edits and import processes import: each backup passes
// integrity_check, opens as a Hamesh database, holds each import file
// entirely or not at all, and holds the edited article exactly as it was
// between two of the editor's edits (one consistent snapshot).
func TestBackupWhileWriting(t *testing.T) {
	bin := hameshBinary(t)
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 7))
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	const article = "01936b2e-0000-7000-8000-000000000001"
	model := newEditModel(t, db, article)
	states := map[string]bool{stateFingerprint(model.spans): true}

	ed := startEditor(t, db, article, seed, 0)
	<-ed.ready
	n := 6
	if testing.Short() {
		n = 2
	}
	var files []genFile
	var backups []string
	for i := range n {
		g := writeJSONL(t, dir, fmt.Sprintf("b%d", i), 200, rng)
		files = append(files, g)
		imp := startChild(t, bin, "import", "--db", db, g.path)
		time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
		out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if msg, err := exec.Command(bin, "backup", "--db", db, "-o", out).CombinedOutput(); err != nil {
			t.Fatalf("hamesh backup while others write: %v: %s", err, msg)
		} else {
			checkNoLockWords(t, "hamesh backup", string(msg))
		}
		backups = append(backups, out)
		imp.checkClean(t)
	}
	ed.cmd.Process.Signal(syscall.SIGKILL)
	out, _ := ed.wait()
	// Every state the article went through, including the edit begun when
	// the editor was killed.
	for _, line := range strings.SplitAfter(out, "\n") {
		f := strings.Fields(line)
		if strings.HasSuffix(line, "\n") && len(f) > 0 && f[0] == "begin" {
			if _, err := model.apply(f); err != nil {
				t.Fatal(err)
			}
			states[stateFingerprint(model.spans)] = true
		}
	}
	partial := 0
	for i, b := range backups {
		checkIntegrity(t, b)
		raw := openRaw(t, b)
		for _, g := range files {
			a, s := imported(t, raw, g)
			if !(a == 0 && s == 0 || a == len(g.hashes) && s == g.spans) {
				t.Errorf("backup %d holds %s in part: %d of %d articles, %d of %d spans", i, filepath.Base(g.path), a, len(g.hashes), s, g.spans)
			}
			if a == 0 {
				partial++
			}
		}
		raw.Close()
		if fp := stateFingerprint(storedSpans(t, b, article)); !states[fp] {
			t.Errorf("backup %d holds the edited article in a state it never had", i)
		}
		hd, err := data.Open(b)
		if err != nil {
			t.Fatalf("backup %d does not open as a Hamesh database: %v", i, err)
		}
		if _, err := hd.Document(context.Background(), article); err != nil {
			t.Errorf("backup %d: %v", i, err)
		}
		hd.Close()
	}
	t.Logf("backup while writing: %d backups taken during %d imports and %d editor edits, all consistent (%d import files not yet in a backup, never in part)",
		len(backups), len(files), len(states)-1, partial)
}

// TestHostileImportChangesNothing imports bad files of the formats package's
// hostile corpus, each beside a good file, from the command line: each is
// refused with a message naming it, and the database's folder is
// byte-identical afterwards (the good file is not imported either).
func TestHostileImportChangesNothing(t *testing.T) {
	corpus := filepath.Join("..", "..", "annotations", "formats", "testdata", "hostile")
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	deep := filepath.Join(t.TempDir(), "deep.json")
	if err := os.WriteFile(deep, []byte(strings.Repeat("[", 100000)), 0o644); err != nil {
		t.Fatal(err)
	}
	files := []string{deep}
	for _, name := range []string{
		"binary.bin", "empty.json", "nul-byte.txt", "invalid-utf8.json", "lone-surrogate.jsonl",
		"lone-surrogate-doccano.jsonl", "lone-surrogate.json", "nul-escape.jsonl", "wrong-type-start.jsonl",
		"wrong-type-prodigy.jsonl", "offset-outside-doccano.jsonl", "inside-shadda.jsonl",
		"inside-zwj-prodigy.jsonl", "duplicate-span-ids.jsonl", "relation-missing.json",
		"second-line-broken.jsonl", "brat-relation-missing", "script-only.html",
	} {
		files = append(files, filepath.Join(corpus, name))
	}
	good := writeJSONL(t, t.TempDir(), "good", 3, rand.New(rand.NewPCG(1, 8)))
	before := dirState(t, dir)
	for _, f := range files {
		code, _, errs := hamesh(t, nil, "import", "--db", db, good.path, f)
		if code != 1 {
			t.Errorf("import %s: exit %d, want 1", f, code)
		}
		if !strings.Contains(errs, filepath.Base(f)) || !strings.Contains(errs, "nothing was imported") {
			t.Errorf("import %s: message %q does not name the file or say nothing was imported", f, errs)
		}
		if d := diffDirState(before, dirState(t, dir)); d != "" {
			t.Fatalf("import %s changed the database's folder: %s", f, d)
		}
	}
	if out := mustRun(t, "import", "--db", db, good.path); !strings.Contains(out, "3 new articles") {
		t.Errorf("the good file alone: %q, want 3 new articles", out)
	}
	t.Logf("hostile input at the command line: %d bad files refused, database folder byte-identical after each", len(files))
}
