package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeSmallJSONL writes n one-line articles to path, each title tag-i.
func writeSmallJSONL(t *testing.T, path, tag string, n int) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range n {
		if err := enc.Encode(map[string]any{"title": fmt.Sprintf("%s-%d", tag, i), "text": fmt.Sprintf("%s %07d: Amman said the turnout rose.", tag, i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// startImport starts `hamesh import` of file in 50-article batches and
// waits until it holds the import lock (its description is written).
func startImport(t *testing.T, bin, db, file string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "import", "--db", db, file)
	cmd.Env = append(os.Environ(), "HAMESH_IMPORT_BATCH=50")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; {
		if b, err := os.ReadFile(db + ".import-lock"); err == nil && bytes.Contains(b, []byte("started")) {
			return cmd, &stderr
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the import never took its lock: %s", stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSecondImportNamesTheFirst (issue 11, point 2): while `hamesh
// import` of a large file runs, `hamesh list` answers in under a second
// and shows none of its articles, and a second import says "another Hamesh
// import is running (FILE, started …)", not "another program", and
// changes nothing. Then the first is killed: its lock file stays, the next
// open removes it, the next import (not waiting at all) runs without a word
// about another import, and none of the killed file's articles are there.
func TestSecondImportNamesTheFirst(t *testing.T) {
	bin := hameshBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	before := listedTitles(t, bin, db)
	big, small := filepath.Join(dir, "big.jsonl"), filepath.Join(dir, "small.jsonl")
	writeSmallJSONL(t, big, "big", 20000)
	writeSmallJSONL(t, small, "small", 3)

	first, firstErr := startImport(t, bin, db, big)
	exited := make(chan error, 1)
	go func() { exited <- first.Wait() }()
	defer first.Process.Kill()
	start := time.Now()
	listed := listedTitles(t, bin, db)
	if d := time.Since(start); d >= time.Second {
		t.Errorf("hamesh list took %v during the import, want under 1 s", d)
	} else {
		t.Logf("hamesh list answered in %v during the import", d.Round(time.Millisecond))
	}
	if len(listed) != len(before) {
		t.Errorf("during the import hamesh list shows %d articles, want the %d stored before", len(listed), len(before))
	}
	second := exec.Command(bin, "import", "--db", db, small)
	second.Env = append(os.Environ(), "HAMESH_IMPORT_WAIT=0s")
	out, err := second.CombinedOutput()
	select {
	case err := <-exited:
		t.Fatalf("the first import ended (%v) before the checks did, so they show nothing: %s", err, firstErr)
	default:
	}
	msg := string(out)
	if err == nil || !strings.Contains(msg, "another Hamesh import is running ("+big+", started ") || strings.Contains(msg, "another program") {
		t.Errorf("the second import said %q (%v), want it refused naming the running import of %s", msg, err, big)
	}
	t.Logf("second import: %s", strings.TrimSpace(msg))

	// Kill it once batches are staged.
	raw := openRaw(t, db)
	var staged int
	for deadline := time.Now().Add(30 * time.Second); staged == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if err := raw.QueryRow(`SELECT count(*) FROM articles WHERE import_id IN (SELECT id FROM imports)`).Scan(&staged); err != nil {
			t.Fatal(err)
		}
	}
	first.Process.Signal(syscall.SIGKILL)
	<-exited
	if _, err := os.Stat(db + ".import-lock"); err != nil {
		t.Fatalf("the killed import left no lock file, so the rest shows nothing: %v", err)
	}
	if err := raw.QueryRow(`SELECT count(*) FROM articles WHERE import_id IN (SELECT id FROM imports)`).Scan(&staged); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if staged == 0 {
		t.Fatal("the kill left no staged articles, so the rest shows nothing")
	}
	t.Logf("the kill left %d staged articles and the lock file", staged)
	if got := listedTitles(t, bin, db); len(got) != len(before) {
		t.Errorf("after the kill %d articles are listed, want the %d stored before", len(got), len(before))
	}
	if _, err := os.Stat(db + ".import-lock"); !os.IsNotExist(err) {
		t.Errorf("the killed import's lock file is still there after hamesh list: %v", err)
	}
	again := exec.Command(bin, "import", "--db", db, small)
	again.Env = append(os.Environ(), "HAMESH_IMPORT_WAIT=0s")
	if out, err := again.CombinedOutput(); err != nil || strings.Contains(string(out), "another") {
		t.Fatalf("import after the kill: %v\n%s", err, out)
	}
	raw = openRaw(t, db)
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM articles WHERE title LIKE 'big-%'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d of the killed file's articles are in the database (%v), want none", n, err)
	}
	if got := listedTitles(t, bin, db); len(got) != len(before)+3 {
		t.Errorf("after importing again %d articles are listed, want %d", len(got), len(before)+3)
	}
}
