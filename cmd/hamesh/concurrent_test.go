package main

// Concurrent use: the command line, a GUI-like editor and this process write
// to one database at once.

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// child is a hamesh command run as its own process.
type child struct {
	name           string
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
}

func startChild(t *testing.T, bin string, args ...string) *child {
	t.Helper()
	c := &child{name: strings.Join(args, " "), cmd: exec.Command(bin, args...)}
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return c
}

// checkClean fails unless the child exited 0 with no word of a lock.
func (c *child) checkClean(t *testing.T) {
	t.Helper()
	if err := c.cmd.Wait(); err != nil {
		t.Errorf("hamesh %s: %v\n%s", c.name, err, c.stderr.String())
	}
	checkNoLockWords(t, "hamesh "+c.name, c.stderr.String())
}

func checkNoLockWords(t *testing.T, who, stderr string) {
	t.Helper()
	low := strings.ToLower(stderr)
	for _, w := range []string{"locked", "busy"} {
		if strings.Contains(low, w) {
			t.Errorf("%s told the user %q", who, stderr)
		}
	}
}

// TestConcurrentWriters runs at once, on one database: two `hamesh import`
// processes (one file each of their own and one file both import), a
// GUI-like editor process, `hamesh export` and `hamesh list` readers, and
// this process adding spans through its own data.DB like a second window.
// No process fails or mentions a lock, every import is there once and
// entirely, every edit is there, and this process's DataVersion moves for
// the others' writes but not for its own.
func TestConcurrentWriters(t *testing.T) {
	bin := hameshBinary(t)
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 5))
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	const editArticle = "01936b2e-0000-7000-8000-000000000001"
	const ownArticle = "01936b2e-0000-7000-8000-000000000002"
	ctx := context.Background()

	win, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer win.Close()
	own, err := win.Document(ctx, ownArticle)
	if err != nil {
		t.Fatal(err)
	}
	words := annotations.Words(own.Article.Text)
	model := newEditModel(t, db, editArticle)
	var files []genFile
	ownSpans := map[string]bool{}

	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	versionMoves := 0
	for round := range rounds {
		v0, err := win.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		a := writeJSONL(t, dir, fmt.Sprintf("c%d-a", round), 150, rng)
		b := writeJSONL(t, dir, fmt.Sprintf("c%d-b", round), 150, rng)
		shared := writeJSONL(t, dir, fmt.Sprintf("c%d-shared", round), 100, rng)
		files = append(files, a, b, shared)

		ed := startEditor(t, db, editArticle, seed+uint64(round), 150)
		kids := []*child{
			startChild(t, bin, "import", "--db", db, a.path, shared.path),
			startChild(t, bin, "import", "--db", db, shared.path, b.path),
			startChild(t, bin, "export", "--db", db, "-o", filepath.Join(dir, fmt.Sprintf("c%d.jsonl", round))),
			startChild(t, bin, "list", "--db", db),
		}

		// This process edits too, and watches DataVersion as the GUI does.
		var wg sync.WaitGroup
		stop := make(chan struct{})
		moved := false
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				w := words[rng.IntN(len(words))]
				s, err := win.AddSpan(ctx, annotations.Span{ArticleID: ownArticle, Kind: annotations.KindEntity, Label: "ORG", Start: w.Start, End: w.End})
				if err != nil {
					t.Errorf("this process's AddSpan during the others' writes: %v", err)
					return
				}
				ownSpans[s.ID] = true
				if v, err := win.DataVersion(ctx); err != nil {
					t.Errorf("DataVersion: %v", err)
					return
				} else if v != v0 {
					moved = true
				}
				time.Sleep(5 * time.Millisecond)
			}
		}()
		for _, k := range kids {
			k.checkClean(t)
		}
		out, err := ed.wait()
		if err != nil {
			t.Errorf("editor: %v\n%s", err, ed.err.String())
		}
		checkNoLockWords(t, "the editor", ed.err.String())
		close(stop)
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
		if v, err := win.DataVersion(ctx); err != nil {
			t.Fatal(err)
		} else if v != v0 {
			moved = true
		}
		if !moved {
			t.Errorf("round %d: DataVersion stayed %d while other processes wrote", round, v0)
		} else {
			versionMoves++
		}
		pending, err := model.replay(out)
		if err != nil || pending != nil {
			t.Fatalf("round %d: editor output: %v (pending %v)", round, err, pending)
		}
		// The file both imported is new to one and merged by the other.
		var summaries []string
		for _, k := range kids[:2] {
			for _, line := range strings.Split(k.stdout.String(), "\n") {
				if strings.HasPrefix(line, shared.path+":") {
					summaries = append(summaries, strings.TrimPrefix(line, shared.path+": "))
				}
			}
		}
		want := []string{"100 new articles, 0 merged, 400 spans, 0 relations", "0 new articles, 100 merged, 0 spans, 0 relations"}
		if len(summaries) != 2 || !(summaries[0] == want[0] && summaries[1] == want[1] || summaries[0] == want[1] && summaries[1] == want[0]) {
			t.Errorf("round %d: the two imports of %s said %q, want one each of %q", round, filepath.Base(shared.path), summaries, want)
		}
	}

	checkIntegrity(t, db)
	raw := openRaw(t, db)
	defer raw.Close()
	for _, g := range files {
		if a, s := imported(t, raw, g); a != len(g.hashes) || s != g.spans {
			t.Errorf("%s: %d of %d articles and %d of %d spans in the database", filepath.Base(g.path), a, len(g.hashes), s, g.spans)
		}
	}
	if d := diffSpans(storedSpans(t, db, editArticle), model.spans); d != "" {
		t.Errorf("after %d editor edits the article differs: %s", model.edits, d)
	}
	stored := storedSpans(t, db, ownArticle)
	for id := range ownSpans {
		if _, ok := stored[id]; !ok {
			t.Errorf("span %s added by this process is missing", id)
		}
	}

	// Own writes leave DataVersion alone; one more process's import moves it.
	v1, _ := win.DataVersion(ctx)
	if err := win.SetArticleMeta(ctx, ownArticle, annotations.StatusDone, "checked"); err != nil {
		t.Fatal(err)
	}
	if v, _ := win.DataVersion(ctx); v != v1 {
		t.Errorf("DataVersion moved from %d to %d for this process's own write", v1, v)
	}
	last := writeJSONL(t, dir, "last", 1, rng)
	if out, err := exec.Command(bin, "import", "--db", db, last.path).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if v, _ := win.DataVersion(ctx); v == v1 {
		t.Errorf("DataVersion stayed %d after another process imported", v1)
	}
	t.Logf("concurrent use: %d rounds of 2 importers + 1 editor + 1 exporter + 1 lister + this process writing at once; %d imports (%d of them the same file by two processes at once) all present once; %d editor edits and %d own spans present; DataVersion moved in %d of %d rounds; no lock error",
		rounds, 4*rounds, rounds, model.edits, len(ownSpans), versionMoves, rounds)
}
