package main

// A read-only database (issue 11, point 3): list, export and backup work
// on a database whose folder is read-only, and the window opens on it.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/internal/rofs"
)

// readOnlyDB returns a database holding testdata/mixed.jsonl in a folder
// made read-only: a tmpfs remounted read-only when this process may mount
// (as root, whose writes permission bits do not stop), else chmod 0555.
func readOnlyDB(t *testing.T) (db, how string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "ro.db")
	remount, ok := rofs.MountTmpfs(t, dir)
	if !ok && os.Geteuid() == 0 {
		t.Skip("running as root without the right to mount: permission bits cannot make a folder read-only for root")
	}
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	if ok {
		remount()
		return db, "a tmpfs remounted read-only"
	}
	os.Chmod(db, 0o444)
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	return db, "chmod 0555"
}

// TestReadOnlyFolderReads runs list, list --json, export in every format
// and backup on a database in a read-only folder: each works and the
// folder is unchanged; import is refused saying read-only.
func TestReadOnlyFolderReads(t *testing.T) {
	db, how := readOnlyDB(t)
	t.Logf("read-only folder: %s", how)
	dir := filepath.Dir(db)
	before := dirState(t, dir)
	if out := mustRun(t, "list", "--db", db); strings.Count(out, "\n") != 3 {
		t.Errorf("list:\n%s", out)
	}
	mustRun(t, "list", "--db", db, "--json")
	out := t.TempDir()
	for _, format := range []string{"jsonl", "doccano", "labelstudio", "prodigy", "brat", "conll", "dataset"} {
		mustRun(t, "export", "--db", db, "--format", format, "-o", filepath.Join(out, "x."+format))
	}
	if got := mustRun(t, "export", "--db", db, "-o", "-"); got != readFile(t, "testdata/mixed.export.golden.jsonl") {
		t.Errorf("export of the read-only database differs from the golden file")
	}
	bak := filepath.Join(out, "copy.db")
	mustRun(t, "backup", "--db", db, "-o", bak)
	if got := mustRun(t, "list", "--db", bak); strings.Count(got, "\n") != 3 {
		t.Errorf("list of the backup:\n%s", got)
	}
	src := filepath.Join(out, "a.txt")
	os.WriteFile(src, []byte("Hello\n"), 0o644)
	code, _, stderr := hamesh(t, nil, "import", "--db", db, src)
	if code == 0 || !strings.Contains(stderr, "read-only") || !strings.Contains(stderr, db) {
		t.Errorf("import into the read-only database: exit %d, %q; want a refusal saying read-only and naming %s", code, stderr, db)
	}
	if d := diffDirState(before, dirState(t, dir)); d != "" {
		t.Errorf("the read-only folder changed: %s", d)
	}
}

// TestReadOnlyFolderGUIOpens starts `hamesh gui` on a database in a
// read-only folder: the window opens and stays open (it used to exit at
// once with "migrate the schema … unable to open database file").
func TestReadOnlyFolderGUIOpens(t *testing.T) {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		t.Skip("no display (run under xvfb-run)")
	}
	bin := hameshBinary(t)
	db, _ := readOnlyDB(t)
	cmd := exec.Command(bin, "gui", "--db", db)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		t.Fatalf("hamesh gui on a read-only database exited with %v: %s", err, stderr.String())
	case <-time.After(4 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}
