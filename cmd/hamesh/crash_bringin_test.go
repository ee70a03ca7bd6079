package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/data"
)

// TestCrashDuringBringIn kills `hamesh import --db carol.db bob.db` (a
// colleague's database brought in) at random moments. Carol brought in an
// older bob.db before (150 articles); the newer one drops a span of his on
// each of those and adds 150 articles, written in staged batches of 20.
// After every kill the database passes integrity_check and holds bob's
// old layer and none of the new articles, or his new layer and all of
// them: never a part, never the new articles with the old layer; the next
// open removes what a kill left staged, and bringing the file in again
// then gives the new layer whole.
func TestCrashDuringBringIn(t *testing.T) {
	bin := hameshBinary(t)
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 7))
	dir := t.TempDir()
	ctx := context.Background()
	fileA, fileB := writeJSONL(t, dir, "a", 150, rng), writeJSONL(t, dir, "b", 150, rng)
	importInto := func(db *data.DB, g genFile) {
		in, err := formats.Read(ctx, g.path, "jsonl", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportDocuments(ctx, in.Documents); err != nil {
			t.Fatal(err)
		}
	}
	bob1, bob2 := filepath.Join(dir, "bob1.db"), filepath.Join(dir, "bob2.db")
	{
		db, err := data.Open(bob1)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetSetting(ctx, data.SettingAnnotator, "bob"); err != nil {
			t.Fatal(err)
		}
		importInto(db, fileA)
		db.Close()
	}
	// Bob's newer file, his own database later: 150 articles more, one
	// span fewer on each of the older ones.
	{
		b, err := os.ReadFile(bob1)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bob2, b, 0o644); err != nil {
			t.Fatal(err)
		}
		db, err := data.Open(bob2)
		if err != nil {
			t.Fatal(err)
		}
		importInto(db, fileB)
		inA := map[string]bool{}
		for _, h := range fileA.hashes {
			inA[h] = true
		}
		var drop []string
		if err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(d *annotations.Document) error {
			if inA[d.Article.TextSHA256()] {
				drop = append(drop, d.Spans[0].ID)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for _, id := range drop {
			if err := db.DeleteSpan(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
	}
	base := filepath.Join(dir, "carol-base.db")
	{
		db, err := data.Open(base)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetSetting(ctx, data.SettingAnnotator, "carol"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.BringIn(ctx, bob1); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	baseBytes, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	oldA, newA := fileA.spans, fileA.spans-len(fileA.hashes)
	carol := filepath.Join(dir, "carol.db")
	bringIn := func() *exec.Cmd {
		cmd := exec.Command(bin, "import", "--db", carol, bob2)
		cmd.Env = append(os.Environ(), "HAMESH_IMPORT_BATCH=20") // 8 batches: kills land between them
		return cmd
	}
	// An uninterrupted bring-in measures how long one takes.
	reset := func() {
		for _, p := range []string{carol + "-wal", carol + "-shm", carol + ".import-lock"} {
			os.Remove(p)
		}
		if err := os.WriteFile(carol, baseBytes, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	reset()
	start := time.Now()
	if out, err := bringIn().CombinedOutput(); err != nil {
		t.Fatalf("hamesh import bob2.db: %v\n%s", err, out)
	}
	full := time.Since(start)

	kills, old, whole, staged := 0, 0, 0, 0
	for round := range crashRounds() {
		reset()
		delay := time.Duration(rng.Float64() * 1.1 * float64(full))
		cmd := bringIn()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		killed, elapsed, err := runKilled(cmd, delay)
		if err != nil {
			t.Fatalf("round %d: the bring-in ended by itself with %v: %s", round, err, stderr.String())
		}
		if killed {
			kills++
		} else {
			full = elapsed
		}
		checkIntegrity(t, carol)
		raw := openRaw(t, carol)
		var unfinished int
		if err := raw.QueryRow(`SELECT count(*) FROM imports`).Scan(&unfinished); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		if unfinished > 0 {
			staged++
		}
		listed := listedTitles(t, bin, carol) // opens it: removes what the kill left
		nb := 0
		for i := range fileB.hashes {
			if listed[fmt.Sprintf("b-%d", i)] {
				nb++
			}
		}
		raw = openRaw(t, carol)
		if err := raw.QueryRow(`SELECT count(*) FROM imports`).Scan(&unfinished); err != nil || unfinished != 0 {
			t.Fatalf("round %d: %d unfinished imports after the next open (%v)", round, unfinished, err)
		}
		a, as := imported(t, raw, fileA)
		b, bs := imported(t, raw, fileB)
		raw.Close()
		switch {
		case a == 150 && as == oldA && b == 0 && nb == 0:
			old++
			if !killed {
				t.Fatalf("round %d: the bring-in exited 0 but the database holds the old layer", round)
			}
			if out, err := bringIn().CombinedOutput(); err != nil {
				t.Fatalf("round %d: bring in again after the kill: %v\n%s", round, err, out)
			}
			raw = openRaw(t, carol)
			a, as = imported(t, raw, fileA)
			b, bs = imported(t, raw, fileB)
			raw.Close()
			if a != 150 || as != newA || b != 150 || bs != fileB.spans {
				t.Fatalf("round %d: brought in again: %d articles with %d spans, %d new with %d spans", round, a, as, b, bs)
			}
		case a == 150 && as == newA && b == 150 && bs == fileB.spans && nb == 150:
			whole++
		default:
			t.Fatalf("round %d (killed %v after %v): in part: %d old articles with %d spans (old %d, new %d), %d of 150 new with %d spans, %d listed",
				round, killed, delay, a, as, oldA, newA, b, bs, nb)
		}
	}
	t.Logf("crash during bring-in: %d kills (%d rounds: %d left the old layer, %d the new one whole); %d kills left staged rows, never listed and removed by the next open; integrity_check ok after each",
		kills, crashRounds(), old, whole, staged)
	if kills == 0 {
		t.Fatalf("no kill landed while the bring-in ran (it takes %v)", full)
	}
}
