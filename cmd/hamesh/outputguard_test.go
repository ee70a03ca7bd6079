package main

// Output paths that would replace the database (issue 11, point 1): every
// command that writes a file, in every format, is refused before anything
// is written when its output resolves to the database, its -wal, -shm or
// -journal, or a folder holding it.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations/formats"
)

// guardTarget is an output path aimed at the database of a guardFixture.
type guardTarget struct {
	name string
	out  string
	what string // what the message must say the output is
}

// guardFixture is a database with articles in a folder of its own, and
// outputs aimed at it in every way the guard must see through.
type guardFixture struct {
	dir, db string
	targets []guardTarget
}

func newGuardFixture(t *testing.T) *guardFixture {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "o.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	links := t.TempDir()
	sym := filepath.Join(links, "export.jsonl")
	if err := os.Symlink(db, sym); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(links, "hard.jsonl")
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	linkDir := filepath.Join(links, "folder")
	if err := os.Symlink(dir, linkDir); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(links, "dangling")
	if err := os.Symlink(db+"-wal", dangling); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, db)
	if err != nil {
		t.Fatal(err)
	}
	return &guardFixture{dir: dir, db: db, targets: []guardTarget{
		{"the database", db, "it is the database"},
		{"a relative path", rel, "it is the database"},
		{"a symlink to it", sym, "it is the database"},
		{"a hard link to it", hard, "it is the database"},
		{"through a linked folder", filepath.Join(linkDir, "o.db"), "it is the database"},
		{"its -wal", db + "-wal", "write-ahead log"},
		{"its -shm", db + "-shm", "shared-memory index"},
		{"its -journal", db + "-journal", "rollback journal"},
		{"its -wal through a dangling symlink", dangling, "write-ahead log"},
		{"its -wal through a linked folder", filepath.Join(linkDir, "o.db-wal"), "write-ahead log"},
		{"its folder", dir, "a folder holding the database"},
		{"its folder through a link", linkDir, "a folder holding the database"},
	}}
}

// checkRefused asserts that a command aimed at tg failed with the guard's
// message naming the output and the database, and that the database's
// folder is byte-identical and the database still opens with its articles.
func (f *guardFixture) checkRefused(t *testing.T, tg guardTarget, before map[string][32]byte, code int, stderr string) {
	t.Helper()
	if code == 0 {
		t.Fatalf("exit 0: the output %s (%s) was written", tg.out, tg.name)
	}
	for _, want := range []string{"refused to write " + tg.out, tg.what, f.db, "nothing was written"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("message %q does not contain %q", stderr, want)
		}
	}
	if d := diffDirState(before, dirState(t, f.dir)); d != "" {
		t.Errorf("the database's folder changed: %s", d)
	}
	if out := mustRun(t, "list", "--db", f.db); strings.Count(out, "\n") != 3 {
		t.Errorf("after the refusal the database lists:\n%s", out)
	}
}

// TestExportOverDatabaseRefused runs `hamesh export -o` in every format at
// every path aimed at the database.
func TestExportOverDatabaseRefused(t *testing.T) {
	f := newGuardFixture(t)
	for _, format := range formats.ExportFormats() {
		for _, tg := range f.targets {
			t.Run(format+"/"+tg.name, func(t *testing.T) {
				before := dirState(t, f.dir)
				code, _, stderr := hamesh(t, nil, "export", "--db", f.db, "--format", format, "-o", tg.out)
				f.checkRefused(t, tg, before, code, stderr)
			})
		}
	}
}

// TestExportLabelStudioConfigOverDatabaseRefused: Label Studio's labeling
// config (OUT.config.xml beside OUT.json) may not land on the database
// either.
func TestExportLabelStudioConfigOverDatabaseRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "tasks.config.xml")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	before := dirState(t, dir)
	out := filepath.Join(dir, "tasks.json")
	code, _, stderr := hamesh(t, nil, "export", "--db", db, "--format", "labelstudio", "-o", out)
	f := &guardFixture{dir: dir, db: db}
	f.checkRefused(t, guardTarget{"its labeling config", db, "it is the database"}, before, code, stderr)
	if !strings.Contains(stderr, "refused to write "+db) {
		t.Errorf("the message does not name the config path %s: %s", db, stderr)
	}
}

// TestRenderOverDatabaseRefused runs `hamesh render -o` as PNG and as
// layout JSON, from a text file and from an article id, at every path aimed
// at the database.
func TestRenderOverDatabaseRefused(t *testing.T) {
	f := newGuardFixture(t)
	src := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(src, []byte("Hello world\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	id := strings.Fields(strings.Split(mustRun(t, "list", "--db", f.db), "\n")[1])[0]
	for _, source := range []struct{ name, arg string }{{"file", src}, {"article", id}} {
		for _, asJSON := range []bool{false, true} {
			kind := "png"
			if asJSON {
				kind = "layout-json"
			}
			for _, tg := range f.targets {
				t.Run(source.name+"/"+kind+"/"+tg.name, func(t *testing.T) {
					before := dirState(t, f.dir)
					args := []string{"render", "--db", f.db, "-o", tg.out}
					if asJSON {
						args = append(args, "--layout-json")
					}
					code, _, stderr := hamesh(t, nil, append(args, source.arg)...)
					f.checkRefused(t, tg, before, code, stderr)
				})
			}
		}
	}
}

// TestBackupOverDatabaseRefused runs `hamesh backup -o` at every path aimed
// at the database.
func TestBackupOverDatabaseRefused(t *testing.T) {
	f := newGuardFixture(t)
	for _, tg := range f.targets {
		t.Run(tg.name, func(t *testing.T) {
			before := dirState(t, f.dir)
			code, _, stderr := hamesh(t, nil, "backup", "--db", f.db, "-o", tg.out)
			f.checkRefused(t, tg, before, code, stderr)
		})
	}
}

// TestDefaultDatabaseGuarded: the database chosen by $HAMESH_DB (no --db)
// is guarded the same way, also when it does not exist yet and would be
// created by the command.
func TestDefaultDatabaseGuarded(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "env.db")
	src := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(src, []byte("Hello world\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HAMESH_DB": db}
	for _, args := range [][]string{
		{"render", "-o", db, src},
		{"export", "-o", db},
		{"backup", "-o", db},
	} {
		code, _, stderr := hamesh(t, env, args...)
		if code == 0 || !strings.Contains(stderr, "refused to write "+db) {
			t.Errorf("hamesh %s with HAMESH_DB=%s: exit %d, %q", strings.Join(args, " "), db, code, stderr)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf("hamesh %s wrote %v", strings.Join(args, " "), entries)
		}
	}
}

// TestOutputsBesideDatabaseAllowed: names that only look like the
// database's are written as usual.
func TestOutputsBesideDatabaseAllowed(t *testing.T) {
	f := newGuardFixture(t)
	for _, out := range []string{f.db + ".jsonl", f.db + "-wal.jsonl", filepath.Join(f.dir, "o.db2")} {
		mustRun(t, "export", "--db", f.db, "-o", out)
	}
	mustRun(t, "backup", "--db", f.db, "-o", f.db+".bak")
	mustRun(t, "export", "--db", f.db, "--format", "brat", "-o", filepath.Join(f.dir, "brat"))
}
