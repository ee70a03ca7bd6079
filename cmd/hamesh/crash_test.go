package main

// Crash safety: real processes are killed with SIGKILL at random moments
// while they import, export and edit, and the database and the files they
// leave are checked after each kill. The random moments come from a seed
// that the tests log (HAMESH_CRASH_SEED sets it), so a failure can be
// replayed; the outcome must be the same for every seed.

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
	_ "github.com/mattn/go-sqlite3"
)

// helperEnv selects a helper process: the test binary started again with
// HAMESH_TEST_HELPER=editor runs editorHelper instead of the tests.
const helperEnv = "HAMESH_TEST_HELPER"

// binDir holds the hamesh binary built once per test run.
var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "editor" {
		os.Exit(editorHelper())
	}
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// hameshBinary builds ./cmd/hamesh once per test run and returns its path.
func hameshBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "hamesh-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "hamesh")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build ./cmd/hamesh: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// testSeed returns the seed of a test's random moments: HAMESH_CRASH_SEED
// when set, else the clock; it is logged so a failure can be replayed.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("HAMESH_CRASH_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("HAMESH_CRASH_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %d (replay with HAMESH_CRASH_SEED=%d)", seed, seed)
	return seed
}

// openRaw opens the database file with the driver alone, as a later Hamesh
// would after a crash: the connection recovers the WAL left behind.
func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

// checkIntegrity fails the test unless PRAGMA integrity_check says ok and
// PRAGMA foreign_key_check finds nothing.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db := openRaw(t, path)
	defer db.Close()
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil {
		t.Fatalf("integrity_check of %s: %v", path, err)
	}
	if res != "ok" {
		t.Fatalf("integrity_check of %s: %s", path, res)
	}
	rows, err := db.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatalf("foreign_key_check of %s: %v", path, err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Fatalf("foreign_key_check of %s: a row refers to a missing one", path)
	}
}

// genFile is a generated native JSONL import file.
type genFile struct {
	path   string
	hashes []string // text hash of each article
	spans  int      // spans in the file
}

var genWords = []string{
	"ادّعى", "مؤسس", "موقع", "ويكيليكس", "جوليان", "أسانج", "أنه", "تواصل", "مع", "دونالد",
	"ترامب", "جونيور", "عبر", "تويتر", "قال", "الرئيس", "في", "عام", "نسبة", "المشاركة",
	"Amman", "Reuters", "claim", "turnout", "rose", "election", "👍🏽", "🇯🇴", "2016", "12%",
}

// writeJSONL writes n native JSONL articles whose texts are unique to tag,
// each with a few entity spans and a claim, to dir/tag.jsonl.
func writeJSONL(t *testing.T, dir, tag string, n int, rng *rand.Rand) genFile {
	t.Helper()
	g := genFile{path: filepath.Join(dir, tag+".jsonl")}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range n {
		var words []string
		nw := 60 + rng.IntN(80)
		for range nw {
			words = append(words, genWords[rng.IntN(len(genWords))])
		}
		// A unique opening line makes every text, so every hash, new.
		head := fmt.Sprintf("%s-%d", tag, i)
		text := head + "\n" + strings.Join(words, " ") + "."
		// Code point offsets of each word.
		type span struct {
			Kind  string `json:"kind"`
			Label string `json:"label"`
			Start int    `json:"start"`
			End   int    `json:"end"`
		}
		var spans []span
		pos := len([]rune(head)) + 1
		starts := make([]int, len(words))
		for j, w := range words {
			starts[j] = pos
			pos += len([]rune(w)) + 1
		}
		labels := []string{"PERS", "ORG", "GPE", "DATE"}
		for _, j := range rng.Perm(len(words))[:3] { // three different words: an import merges duplicates
			spans = append(spans, span{"entity", labels[rng.IntN(len(labels))], starts[j], starts[j] + len([]rune(words[j]))})
		}
		a := rng.IntN(len(words) - 5)
		b := a + 1 + rng.IntN(4)
		spans = append(spans, span{"claim", "CLAIM", starts[a], starts[b] + len([]rune(words[b]))})
		status := []string{"todo", "in_progress", "done"}[i%3]
		if err := enc.Encode(map[string]any{
			"title": head, "text": text, "source": tag + ".jsonl", "status": status, "spans": spans,
		}); err != nil {
			t.Fatal(err)
		}
		g.hashes = append(g.hashes, annotations.TextHash(text))
		g.spans += len(spans)
	}
	if err := os.WriteFile(g.path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return g
}

// imported counts the articles of g in the database and their spans.
func imported(t *testing.T, db *sql.DB, g genFile) (articles, spans int) {
	t.Helper()
	hs, _ := json.Marshal(g.hashes)
	err := db.QueryRow(`SELECT count(*), coalesce(sum((SELECT count(*) FROM spans s WHERE s.article_id = a.id)), 0)
		FROM articles a WHERE a.text_sha256 IN (SELECT value FROM json_each(?))`, string(hs)).Scan(&articles, &spans)
	if err != nil {
		t.Fatalf("count the articles of %s: %v", g.path, err)
	}
	return articles, spans
}

// listedTitles runs `hamesh list --json` on the database at db and
// returns the titles it lists.
func listedTitles(t *testing.T, bin, db string) map[string]bool {
	t.Helper()
	out, err := exec.Command(bin, "list", "--json", "--db", db).Output()
	if err != nil {
		t.Fatalf("hamesh list --json: %v", err)
	}
	var rows []struct {
		Title string `json:"title"`
	}
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("hamesh list --json: %v\n%s", err, out)
	}
	titles := make(map[string]bool, len(rows))
	for _, r := range rows {
		titles[r.Title] = true
	}
	return titles
}

// runKilled starts cmd and sends it SIGKILL after delay. killed reports
// whether the signal ended it (false when it had finished first, in which
// case err is its exit status).
func runKilled(cmd *exec.Cmd, delay time.Duration) (killed bool, elapsed time.Duration, err error) {
	return runAimed(cmd, delay, nil)
}

// runAimed is runKilled that also calls aim with the started process, for
// a kill at a moment of aim's choosing.
func runAimed(cmd *exec.Cmd, delay time.Duration, aim func(p *os.Process)) (killed bool, elapsed time.Duration, err error) {
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return false, 0, err
	}
	if aim != nil {
		aim(cmd.Process)
	}
	timer := time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
	err = cmd.Wait()
	timer.Stop()
	elapsed = time.Since(start)
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		return true, elapsed, nil
	}
	return false, elapsed, err
}

// crashRounds is how many kills each crash test makes.
func crashRounds() int {
	if testing.Short() {
		return 6
	}
	return 25
}

// TestCrashDuringImport kills `hamesh import` of two generated files (150
// articles each, in one command, so two transactions) at random moments. After
// every kill the database passes integrity_check, each file is in it entirely
// or not at all (articles and spans, counted by text hash), the second
// never without the first, and what earlier rounds imported is all still
// there.
func TestCrashDuringImport(t *testing.T) {
	bin := hameshBinary(t)
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 1))
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")

	// An uninterrupted import measures how long one takes.
	warm := []genFile{writeJSONL(t, dir, "warm-a", 150, rng), writeJSONL(t, dir, "warm-b", 150, rng)}
	start := time.Now()
	warmCmd := exec.Command(bin, "import", "--db", db, warm[0].path, warm[1].path)
	warmCmd.Env = append(os.Environ(), "HAMESH_IMPORT_BATCH=20")
	if out, err := warmCmd.CombinedOutput(); err != nil {
		t.Fatalf("hamesh import: %v\n%s", err, out)
	}
	full := time.Since(start)
	wantArticles, wantSpans := 300, warm[0].spans+warm[1].spans

	kills, aimedKills, none, half, both, torn := 0, 0, 0, 0, 0, 0
	stagedLeft, stagedRows, locksLeft, reimports := 0, 0, 0, 0
	for round := range crashRounds() {
		files := []genFile{
			writeJSONL(t, dir, fmt.Sprintf("r%02d-a", round), 150, rng),
			writeJSONL(t, dir, fmt.Sprintf("r%02d-b", round), 150, rng),
		}
		delay := time.Duration(rng.Float64() * 1.1 * float64(full))
		var stderr bytes.Buffer
		cmd := exec.Command(bin, "import", "--db", db, files[0].path, files[1].path)
		cmd.Env = append(os.Environ(), "HAMESH_IMPORT_BATCH=20") // 8 batches a file: kills land mid-file
		cmd.Stderr = &stderr
		// Every other round aims at the first commit: the kill comes 0–1 ms
		// after the WAL starts growing, while SQLite writes the transaction's
		// frames. The other rounds kill at a moment anywhere in the import.
		aimed := round%2 == 1
		stop := make(chan struct{})
		var aim func(p *os.Process)
		if aimed {
			delay = 10 * full // only if the WAL never grows
			after := time.Duration(rng.IntN(1000)) * time.Microsecond
			aim = func(p *os.Process) {
				go func() {
					for {
						select {
						case <-stop:
							return
						default:
						}
						if st, err := os.Stat(db + "-wal"); err == nil && st.Size() > 0 {
							time.Sleep(after)
							p.Signal(syscall.SIGKILL)
							return
						}
						time.Sleep(20 * time.Microsecond)
					}
				}()
			}
		}
		killed, elapsed, err := runAimed(cmd, delay, aim)
		close(stop)
		if err != nil {
			t.Fatalf("round %d: import ended by itself with %v: %s", round, err, stderr.String())
		}
		if killed {
			kills++
			if aimed {
				aimedKills++
			}
		} else if !aimed {
			full = elapsed // the window follows the import's current duration
		}
		// The WAL was checkpointed away after the last round; frames in it
		// now with no file imported are a transaction torn by the kill.
		walFrames := false
		if st, err := os.Stat(db + "-wal"); err == nil && st.Size() > 0 {
			walFrames = true
		}
		checkIntegrity(t, db)
		// What the kill left: an import's staged rows and its lock file.
		raw := openRaw(t, db)
		var stagedImports, staged int
		if err := raw.QueryRow(`SELECT (SELECT count(*) FROM imports),
			(SELECT count(*) FROM articles WHERE import_id IN (SELECT id FROM imports))`).Scan(&stagedImports, &staged); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		lockLeft := false
		if _, err := os.Stat(db + ".import-lock"); err == nil {
			lockLeft = true
		}
		if stagedImports > 0 {
			stagedLeft++
			stagedRows += staged
		}
		if lockLeft {
			locksLeft++
		}
		// Readers see every file whole or not at all, staged rows or not.
		listed := listedTitles(t, bin, db)
		if lockLeft {
			if _, err := os.Stat(db + ".import-lock"); err == nil {
				t.Fatalf("round %d: the killed import's lock file is still there after hamesh list opened the database", round)
			}
		}
		for _, g := range files {
			n := 0
			for i := range g.hashes {
				if listed[fmt.Sprintf("%s-%d", strings.TrimSuffix(filepath.Base(g.path), ".jsonl"), i)] {
					n++
				}
			}
			if n != 0 && n != len(g.hashes) {
				t.Fatalf("round %d (killed %v after %v): hamesh list shows %d of the %d articles of %s", round, killed, delay, n, len(g.hashes), filepath.Base(g.path))
			}
		}
		raw = openRaw(t, db)
		if err := raw.QueryRow(`SELECT count(*) FROM imports`).Scan(&stagedImports); err != nil || stagedImports != 0 {
			t.Fatalf("round %d: %d unfinished imports left after the next open (%v)", round, stagedImports, err)
		}
		var got [2]bool
		for i, g := range files {
			a, s := imported(t, raw, g)
			switch {
			case a == 0 && s == 0:
			case a == len(g.hashes) && s == g.spans:
				got[i] = true
				wantArticles += a
				wantSpans += s
			default:
				t.Fatalf("round %d (killed %v after %v): %s is in the database in part: %d of %d articles, %d of %d spans",
					round, killed, delay, filepath.Base(g.path), a, len(g.hashes), s, g.spans)
			}
		}
		var total, totalSpans int
		if err := raw.QueryRow(`SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM spans)`).Scan(&total, &totalSpans); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		if got[1] && !got[0] {
			t.Fatalf("round %d: the second file is in the database without the first", round)
		}
		if !killed && !(got[0] && got[1]) {
			t.Fatalf("round %d: import exited 0 but the files are not both in the database", round)
		}
		if total != wantArticles || totalSpans != wantSpans {
			t.Fatalf("round %d: the database holds %d articles and %d spans, want %d and %d (earlier imports lost or extra rows)",
				round, total, totalSpans, wantArticles, wantSpans)
		}
		switch {
		case got[0] && got[1]:
			both++
		case got[0]:
			half++
		default:
			none++
			if walFrames {
				torn++
			}
		}
		// The files a kill kept out import whole when tried again.
		if !(got[0] && got[1]) {
			cmd := exec.Command(bin, "import", "--db", db, files[0].path, files[1].path)
			cmd.Env = append(os.Environ(), "HAMESH_IMPORT_BATCH=20")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("round %d: import again after the kill: %v\n%s", round, err, out)
			}
			raw = openRaw(t, db)
			for i, g := range files {
				if a, s := imported(t, raw, g); a != len(g.hashes) || s != g.spans {
					t.Fatalf("round %d: imported again, %s has %d of %d articles and %d of %d spans", round, filepath.Base(g.path), a, len(g.hashes), s, g.spans)
				} else if !got[i] {
					wantArticles += a
					wantSpans += s
				}
			}
			raw.Close()
			reimports++
		}
	}
	t.Logf("crash during import: %d kills survived, %d of them aimed at the first commit (%d rounds: %d with neither file, %d of them killed with the transaction half written to the WAL; %d with the first only; %d with both); integrity_check ok after each; %d kills left an unfinished import (%d staged articles in all, never listed) and %d a stale lock file, all removed by the next open; %d re-imports of the files a kill kept out were whole; %d articles, %d spans at the end",
		kills, aimedKills, crashRounds(), none, torn, half, both, stagedLeft, stagedRows, locksLeft, reimports, wantArticles, wantSpans)
	if kills == 0 {
		t.Fatalf("no kill landed while the import ran (import takes %v)", full)
	}
}

// TestCrashDuringExport kills `hamesh export -o FILE` at random moments,
// alternating between two filters whose complete outputs differ. After each
// kill FILE is missing (before the first complete export) or byte-identical
// to the previous complete export or to the new one, never partial.
func TestCrashDuringExport(t *testing.T) {
	bin := hameshBinary(t)
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 2))
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	src := writeJSONL(t, dir, "export", 400, rng)
	mustRun(t, "import", "--db", db, src.path)

	variants := [][]string{
		{"export", "--db", db, "--format", "jsonl"},
		{"export", "--db", db, "--format", "jsonl", "--status", "done"},
		{"export", "--db", db, "--format", "doccano"},
	}
	complete := make([]string, len(variants))
	var full time.Duration
	for i, v := range variants {
		start := time.Now()
		out, err := exec.Command(bin, append(v, "-o", "-")...).Output()
		if err != nil {
			t.Fatalf("%v: %v", v, err)
		}
		full = max(full, time.Since(start))
		complete[i] = string(out)
	}
	if complete[0] == complete[1] || len(complete[1]) == 0 {
		t.Fatal("the two export filters give the same output; the test could not tell them apart")
	}

	target := filepath.Join(dir, "out.jsonl")
	prev, havePrev := "", false
	kills := 0
	for round := range crashRounds() {
		v := rng.IntN(len(variants))
		delay := time.Duration(rng.Float64() * 1.2 * float64(full))
		cmd := exec.Command(bin, append(variants[v], "-o", target)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		killed, elapsed, err := runKilled(cmd, delay)
		if err != nil {
			t.Fatalf("round %d: export ended by itself with %v: %s", round, err, stderr.String())
		}
		if killed {
			kills++
		} else {
			full = elapsed // the window follows the export's current duration
		}
		b, err := os.ReadFile(target)
		switch {
		case os.IsNotExist(err):
			if havePrev || !killed {
				t.Fatalf("round %d: %s vanished (killed %v)", round, target, killed)
			}
		case err != nil:
			t.Fatal(err)
		case string(b) == complete[v]:
			prev, havePrev = string(b), true
		case havePrev && string(b) == prev && killed:
		default:
			t.Fatalf("round %d (killed %v after %v): %s holds %d bytes that are neither the previous export nor a complete new one (%d bytes)",
				round, killed, delay, target, len(b), len(complete[v]))
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".out.jsonl.tmp*"))
	t.Logf("crash during export: %d kills survived in %d rounds; the output was never partial; %d temporary files left beside it by killed exports",
		kills, crashRounds(), len(left))
	if kills == 0 {
		t.Fatalf("no kill landed while the export ran (export takes %v)", full)
	}
}

// Editor helper protocol: the helper prints "ready" once the database is
// open, then for every edit "begin <op> <span id> <start> <end> <label>"
// before the call and "done <span id> <op>" after it returned (an undo
// prints "begin undo -" and "done - undo <ok>"). A line is written with one
// write call, so a kill cannot tear it.

// editorHelper is the GUI-like editor run in a child process: it opens the
// database with data.Open and adds, moves, relabels, deletes and undoes spans
// of one article in a loop, as the article view does, until it is killed or
// has made HAMESH_HELPER_EDITS edits.
func editorHelper() int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(os.Stderr, "editor helper: "+format+"\n", a...)
		return 3
	}
	path, article := os.Getenv("HAMESH_HELPER_DB"), os.Getenv("HAMESH_HELPER_ARTICLE")
	seed, _ := strconv.ParseUint(os.Getenv("HAMESH_HELPER_SEED"), 10, 64)
	limit, _ := strconv.Atoi(os.Getenv("HAMESH_HELPER_EDITS"))
	rng := rand.New(rand.NewPCG(seed, 3))
	ctx := context.Background()
	db, err := data.Open(path)
	if err != nil {
		return fail("%v", err)
	}
	defer db.Close()
	say := func(format string, a ...any) {
		os.Stdout.WriteString(fmt.Sprintf(format, a...) + "\n")
	}
	say("ready")
	doc, err := db.Document(ctx, article)
	if err != nil {
		return fail("%v", err)
	}
	words := annotations.Words(doc.Article.Text)
	entities := []string{"PERS", "ORG", "GPE", "LOC", "DATE", "OCC"}
	randomRange := func(kind annotations.Kind) (int, int) {
		i := rng.IntN(len(words))
		j := i
		if kind == annotations.KindClaim {
			j = min(len(words)-1, i+1+rng.IntN(5))
		}
		return words[i].Start, words[j].End
	}
	for n := 0; limit == 0 || n < limit; n++ {
		doc, err := db.Document(ctx, article)
		if err != nil {
			return fail("%v", err)
		}
		op := rng.IntN(100)
		if len(doc.Spans) == 0 {
			op = 0
		}
		switch {
		case op < 35: // add
			s := annotations.Span{ID: uuid.NewString(), ArticleID: article, Kind: annotations.KindEntity, Label: entities[rng.IntN(len(entities))]}
			if rng.IntN(5) == 0 {
				s.Kind, s.Label = annotations.KindClaim, "CLAIM"
			}
			s.Start, s.End = randomRange(s.Kind)
			say("begin add %s %d %d %s", s.ID, s.Start, s.End, s.Label)
			if _, err := db.AddSpan(ctx, s); err != nil {
				return fail("%v", err)
			}
			say("done %s add", s.ID)
		case op < 60: // move and relabel, as a drag of an edge or a label key does
			s := doc.Spans[rng.IntN(len(doc.Spans))]
			old := s
			for s.Start == old.Start && s.End == old.End && s.Label == old.Label {
				s.Start, s.End = randomRange(s.Kind)
				if s.Kind == annotations.KindEntity {
					s.Label = entities[rng.IntN(len(entities))]
				}
			}
			say("begin update %s %d %d %s", s.ID, s.Start, s.End, s.Label)
			if _, err := db.UpdateSpan(ctx, s); err != nil {
				return fail("%v", err)
			}
			say("done %s update", s.ID)
		case op < 80:
			s := doc.Spans[rng.IntN(len(doc.Spans))]
			say("begin delete %s", s.ID)
			if err := db.DeleteSpan(ctx, s.ID); err != nil {
				return fail("%v", err)
			}
			say("done %s delete", s.ID)
		default:
			say("begin undo -")
			ok, err := db.Undo(ctx, article)
			if err != nil {
				return fail("%v", err)
			}
			say("done - undo %v", ok)
		}
	}
	return 0
}

// spanState is what the model of the editor's article keeps of a span.
type spanState struct {
	start, end int
	label      string
}

// historyEntry is one undoable edit of the model.
type historyEntry struct {
	id            string
	before, after *spanState
}

// editModel replays the editor helper's lines: the spans the article must
// hold and the edits undo can still reach (data keeps the last 1000).
type editModel struct {
	spans   map[string]spanState
	history []historyEntry
	edits   int // edits reported done
}

func newEditModel(t *testing.T, db, article string) *editModel {
	return &editModel{spans: storedSpans(t, db, article)}
}

func (m *editModel) clone() *editModel {
	c := &editModel{spans: map[string]spanState{}, history: append([]historyEntry(nil), m.history...), edits: m.edits}
	for k, v := range m.spans {
		c.spans[k] = v
	}
	return c
}

// apply applies one begun edit (the fields of a "begin" line) and returns
// whether an undo had an edit to revert.
func (m *editModel) apply(f []string) (bool, error) {
	switch f[1] {
	case "add", "update":
		if len(f) != 6 {
			return false, fmt.Errorf("malformed line %q", strings.Join(f, " "))
		}
		s, e := atoi(f[3]), atoi(f[4])
		next := spanState{s, e, f[5]}
		var before *spanState
		if old, ok := m.spans[f[2]]; ok {
			before = &old
		} else if f[1] == "update" {
			return false, fmt.Errorf("update of span %s, which the model does not hold", f[2])
		}
		m.spans[f[2]] = next
		m.push(historyEntry{f[2], before, &next})
	case "delete":
		old, ok := m.spans[f[2]]
		if !ok {
			return false, fmt.Errorf("delete of span %s, which the model does not hold", f[2])
		}
		delete(m.spans, f[2])
		m.push(historyEntry{f[2], &old, nil})
	case "undo":
		if len(m.history) == 0 {
			return false, nil
		}
		e := m.history[len(m.history)-1]
		m.history = m.history[:len(m.history)-1]
		if e.before == nil {
			delete(m.spans, e.id)
		} else {
			m.spans[e.id] = *e.before
		}
		return true, nil
	default:
		return false, fmt.Errorf("unknown edit %q", f[1])
	}
	return true, nil
}

func (m *editModel) push(e historyEntry) {
	m.history = append(m.history, e)
	if len(m.history) > 1000 {
		m.history = m.history[1:]
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// replay applies the helper's output to m: every edit reported done. It
// returns the edit begun but not reported done, if any.
func (m *editModel) replay(out string) (pending []string, err error) {
	for _, line := range strings.SplitAfter(out, "\n") {
		if !strings.HasSuffix(line, "\n") {
			break // a torn last line (not expected: each line is one write)
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 0 || f[0] == "ready":
		case f[0] == "begin":
			if pending != nil {
				return nil, fmt.Errorf("two edits begun without done: %q", line)
			}
			pending = f
		case f[0] == "done":
			if pending == nil || len(f) < 3 || f[2] != pending[1] {
				return nil, fmt.Errorf("done without its begin: %q", line)
			}
			ok, err := m.apply(pending)
			if err != nil {
				return nil, err
			}
			if f[2] == "undo" && strconv.FormatBool(ok) != f[3] {
				return nil, fmt.Errorf("undo reported ok=%s, the model says %v (after %d edits)", f[3], ok, m.edits)
			}
			m.edits++
			pending = nil
		default:
			return nil, fmt.Errorf("unexpected line %q", line)
		}
	}
	return pending, nil
}

// storedSpans reads the article's spans straight from the database file.
func storedSpans(t *testing.T, path, article string) map[string]spanState {
	t.Helper()
	db := openRaw(t, path)
	defer db.Close()
	rows, err := db.Query(`SELECT id, start, "end", label FROM spans WHERE article_id = ?`, article)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]spanState{}
	for rows.Next() {
		var id string
		var s spanState
		if err := rows.Scan(&id, &s.start, &s.end, &s.label); err != nil {
			t.Fatal(err)
		}
		out[id] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// diffSpans describes how got differs from want ("" when equal).
func diffSpans(got, want map[string]spanState) string {
	var d []string
	for id, w := range want {
		if g, ok := got[id]; !ok {
			d = append(d, fmt.Sprintf("span %s %v missing", id, w))
		} else if g != w {
			d = append(d, fmt.Sprintf("span %s is %v, want %v", id, g, w))
		}
	}
	for id, g := range got {
		if _, ok := want[id]; !ok {
			d = append(d, fmt.Sprintf("span %s %v should not be there", id, g))
		}
	}
	return strings.Join(d, "; ")
}

// editor is a running editor helper process.
type editor struct {
	cmd   *exec.Cmd
	mu    sync.Mutex
	out   bytes.Buffer
	ready chan struct{}
	eof   chan struct{}
	err   bytes.Buffer
}

// startEditor starts the editor helper on article of db; edits 0 means
// until killed.
func startEditor(t *testing.T, db, article string, seed uint64, edits int) *editor {
	t.Helper()
	ed := &editor{ready: make(chan struct{}), eof: make(chan struct{})}
	ed.cmd = exec.Command(os.Args[0], "-test.run=^$")
	ed.cmd.Env = append(os.Environ(), helperEnv+"=editor", "HAMESH_HELPER_DB="+db, "HAMESH_HELPER_ARTICLE="+article,
		fmt.Sprintf("HAMESH_HELPER_SEED=%d", seed), fmt.Sprintf("HAMESH_HELPER_EDITS=%d", edits))
	ed.cmd.Stderr = &ed.err
	pipe, err := ed.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(ed.eof)
		r := bufio.NewReader(pipe)
		once := false
		for {
			line, err := r.ReadString('\n')
			ed.mu.Lock()
			ed.out.WriteString(line)
			ed.mu.Unlock()
			if !once && line == "ready\n" {
				close(ed.ready)
				once = true
			}
			if err != nil {
				if !once {
					close(ed.ready)
				}
				return
			}
		}
	}()
	return ed
}

// wait waits for the helper's output to end and for the process, and
// returns all it printed.
func (ed *editor) wait() (string, error) {
	<-ed.eof
	err := ed.cmd.Wait()
	ed.mu.Lock()
	defer ed.mu.Unlock()
	return ed.out.String(), err
}

// TestCrashDuringEdits kills a GUI-like editor process at random moments
// while it edits spans through data.DB. After each kill the database passes
// integrity_check and holds exactly the article state after every edit the
// editor reported done, plus at most the one edit it had begun; undo in the
// next process reaches the edits of the killed one.
func TestCrashDuringEdits(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 4))
	db := filepath.Join(t.TempDir(), "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	const article = "01936b2e-0000-7000-8000-000000000001"
	model := newEditModel(t, db, article)

	kills, pendingKept, pendingLost := 0, 0, 0
	for round := range crashRounds() {
		ed := startEditor(t, db, article, seed+uint64(round), 0)
		<-ed.ready
		time.Sleep(time.Duration(rng.Float64() * float64(300*time.Millisecond)))
		ed.cmd.Process.Signal(syscall.SIGKILL)
		out, err := ed.wait()
		if ws, ok := ed.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("round %d: the editor ended by itself (%v): %s", round, err, ed.err.String())
		}
		kills++
		checkIntegrity(t, db)
		pending, err := model.replay(out)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		got := storedSpans(t, db, article)
		d := diffSpans(got, model.spans)
		switch {
		case d == "":
			if pending != nil {
				pendingLost++
			}
		case pending != nil:
			with := model.clone()
			if _, err := with.apply(pending); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			if d2 := diffSpans(got, with.spans); d2 != "" {
				t.Fatalf("round %d: after %d edits shown as done the database differs: %s (or, counting the edit begun when killed, %s)",
					round, model.edits, d, d2)
			}
			with.edits++
			model = with
			pendingKept++
		default:
			t.Fatalf("round %d: after %d edits shown as done the database differs: %s", round, model.edits, d)
		}
	}
	t.Logf("crash during edits: %d kills survived, %d edits shown as done all found in the database (the edit in flight at the kill was committed %d times, not %d times); integrity_check ok after each",
		kills, model.edits, pendingKept, pendingLost)
	if model.edits == 0 {
		t.Fatal("the editor made no edit before the kills")
	}
}

// userVersion reads PRAGMA user_version of the database file at path.
func userVersion(t *testing.T, path string) int {
	t.Helper()
	db := openRaw(t, path)
	defer db.Close()
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCrashDuringUpgrade kills `hamesh list` while it opens a database of
// the first schema version (data/testdata/schema-v1.db), which saves a copy
// of it and migrates it. Half the kills are aimed at the moment the copy
// appears, when the migration starts. After each kill the file passes
// integrity_check and is at version 1, the current one, or a version
// between whose migrations are all whole (each migration is its own
// transaction, recorded in the migrations table with user_version);
// every saved copy is a complete version 1 database; and the next open
// upgrades it to the same data as an uninterrupted upgrade.
func TestCrashDuringUpgrade(t *testing.T) {
	bin := hameshBinary(t)
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 9))
	orig, err := os.ReadFile(filepath.Join("..", "..", "data", "testdata", "schema-v1.db"))
	if err != nil {
		t.Fatal(err)
	}
	current := data.SchemaVersion()
	if current < 2 {
		t.Skip("no migration after version 1 yet")
	}
	// An uninterrupted upgrade gives the data every upgrade must give.
	ref := filepath.Join(t.TempDir(), "ref.db")
	if err := os.WriteFile(ref, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if out, err := exec.Command(bin, "list", "--db", ref).CombinedOutput(); err != nil {
		t.Fatalf("upgrade: %v\n%s", err, out)
	}
	full := time.Since(start)
	want := mustRun(t, "export", "--db", ref, "-o", "-")

	kills, atOld, atNew, atBetween, copies, tmpLeft := 0, 0, 0, 0, 0, 0
	rounds := crashRounds()
	for round := range rounds {
		dir := t.TempDir()
		db := filepath.Join(dir, "old.db")
		if err := os.WriteFile(db, orig, 0o644); err != nil {
			t.Fatal(err)
		}
		if killUpgrade(t, round, rng, bin, db, full, db+".bak-v1-*", 20*time.Microsecond,
			func() time.Duration { return time.Duration(rng.IntN(2000)) * time.Microsecond }) {
			kills++
		}
		checkIntegrity(t, db)
		switch v := userVersion(t, db); {
		case v == 1:
			atOld++
		case v == current:
			atNew++
		case v > 1 && v < current:
			raw := openRaw(t, db)
			var last int
			if err := raw.QueryRow(`SELECT max(version) FROM migrations`).Scan(&last); err != nil || last != v {
				t.Fatalf("round %d: the database is at schema version %d but its last recorded migration is %d (%v)", round, v, last, err)
			}
			raw.Close()
			atBetween++
		default:
			t.Fatalf("round %d: the database is at schema version %d after the kill, want 1 to %d", round, v, current)
		}
		baks, _ := filepath.Glob(db + ".bak-v1-*")
		for _, b := range baks {
			if strings.Contains(filepath.Base(b), ".tmp-") {
				tmpLeft++ // the copy being written when the kill came
				continue
			}
			checkIntegrity(t, b)
			if v := userVersion(t, b); v != 1 {
				t.Fatalf("round %d: the copy saved before the upgrade is at version %d", round, v)
			}
			copies++
		}
		if got := mustRun(t, "export", "--db", db, "-o", "-"); got != want {
			t.Fatalf("round %d: after the kill the upgraded database exports other data:\n%s\nwant\n%s", round, got, want)
		}
	}
	t.Logf("crash during upgrade: %d kills survived in %d rounds (%d left at version 1, %d at version %d, %d between with every migration whole); %d saved copies, all complete version 1 databases (%d half-written temporary copies left beside them); every database then upgraded to the same data",
		kills, rounds, atOld, atNew, current, atBetween, copies, tmpLeft)
	if kills == 0 {
		t.Fatal("no kill landed while the upgrade ran")
	}
}

// TestCrashDuringBackup kills `hamesh backup -o FILE` at random moments:
// FILE is then either missing or a complete copy that passes
// integrity_check and holds every article.
func TestCrashDuringBackup(t *testing.T) {
	bin := hameshBinary(t)
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 10))
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	g := writeJSONL(t, dir, "backup", 600, rng)
	mustRun(t, "import", "--db", db, g.path)
	out := filepath.Join(dir, "warm.db")
	start := time.Now()
	if msg, err := exec.Command(bin, "backup", "--db", db, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("backup: %v\n%s", err, msg)
	}
	full := time.Since(start)

	kills, complete := 0, 0
	for round := range crashRounds() {
		out := filepath.Join(dir, fmt.Sprintf("backup-%02d.db", round))
		delay := time.Duration(rng.Float64() * 1.1 * float64(full))
		killed, elapsed, err := runKilled(exec.Command(bin, "backup", "--db", db, "-o", out), delay)
		if err != nil {
			t.Fatalf("round %d: backup ended by itself with %v", round, err)
		}
		if killed {
			kills++
		} else {
			full = elapsed
		}
		if _, err := os.Stat(out); os.IsNotExist(err) {
			if !killed {
				t.Fatalf("round %d: backup exited 0 without writing %s", round, out)
			}
			continue
		}
		checkIntegrity(t, out)
		raw := openRaw(t, out)
		a, s := imported(t, raw, g)
		raw.Close()
		if a != len(g.hashes) || s != g.spans {
			t.Fatalf("round %d (killed %v): the backup holds %d of %d articles and %d of %d spans", round, killed, a, len(g.hashes), s, g.spans)
		}
		complete++
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*.tmp-*"))
	t.Logf("crash during backup: %d kills survived in %d rounds; %d backup files, all complete; %d temporary files left by killed backups",
		kills, crashRounds(), complete, len(left))
	if kills == 0 {
		t.Fatal("no kill landed while the backup ran")
	}
}

// writeSchemaV7 makes a database at path as Hamesh at schema version 7
// wrote it, with the driver alone (migrations 0001 to 0007 from
// data/migrations, the labels the spans use, text times), holding
// articles articles of about 2 KB of Arabic with 18 spans each (UUID ids
// and others, times inside and outside the range migration 0008 stores
// as integers) and one relation each: large enough that the upgrade to
// version 8, which copies every span, takes a while to kill.
func writeSchemaV7(t *testing.T, path string, articles int) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "data", "migrations", "000[1-7]_*.sql"))
	if err != nil || len(files) != 7 {
		t.Fatalf("migrations 1 to 7: %v (%v)", files, err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on&_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := tx.Exec(q, args...); err != nil {
			t.Fatalf("%.80s: %v", q, err)
		}
	}
	exec(`CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`)
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		exec(string(b))
		exec(`INSERT INTO migrations VALUES (?, ?, '2026-01-01T00:00:00.000000000Z')`, i+1, filepath.Base(f))
		if i == 0 {
			exec(`INSERT INTO labels (name, kind, color, position) VALUES ('PERS', 'entity', '#e76f51', 0), ('CLAIM', 'claim', '#264653', 1)`)
		}
	}
	exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO articles (id, title, title_fold, text_sha256, chars, direction, status, created_at, updated_at)
		SELECT printf('01a237c5-5596-767d-9080-%012x', i), 'مقال ' || i, 'مقال ' || i, printf('%064x', i), 0, 'rtl', 'todo',
			printf('2026-11-%02dT10:00:00.%09dZ', 1 + i % 28, i), printf('2026-11-%02dT11:00:00.%09dZ', 1 + i % 28, i)
		FROM n`, articles)
	exec(`INSERT INTO article_texts (article_id, text)
		SELECT id, title || ': ' || replace(printf('%.300c', 'x'), 'x', 'نص عربي ') FROM articles`)
	exec(`UPDATE articles SET chars = (SELECT length(text) FROM article_texts WHERE article_id = articles.id)`)
	exec(`WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 17)
		INSERT INTO spans (id, article_id, kind, label, start, "end", annotator, created_at, updated_at)
		SELECT CASE WHEN j = 5 THEN a.id || ' span ' || j ELSE printf('01a237c5-5596-7682-a1da-%08x%04x', a.rowid, j) END,
			a.id, CASE WHEN j = 0 THEN 'claim' ELSE 'entity' END, CASE WHEN j = 0 THEN 'CLAIM' ELSE 'PERS' END,
			10 * j, 10 * j + 4, 'mona',
			CASE WHEN j = 7 THEN '1601-01-01T00:00:00.000000000Z' ELSE printf('2026-11-30T%02d:%02d:00.%09dZ', j, a.rowid % 60, a.rowid * 7 + j) END,
			CASE WHEN j = 8 THEN '2999-12-31T23:59:59.999999999Z' ELSE printf('2026-12-01T%02d:00:00.%09dZ', j, a.rowid) END
		FROM articles a, k`)
	exec(`INSERT INTO relations (id, article_id, type, from_span, to_span, created_at)
		SELECT printf('rel-%d', a.rowid), a.id, 'claimant', printf('01a237c5-5596-7682-a1da-%08x%04x', a.rowid, 0),
			printf('01a237c5-5596-7682-a1da-%08x%04x', a.rowid, 1), '2026-12-01T00:00:00.000000000Z'
		FROM articles a`)
	exec(`PRAGMA user_version = 7`)
	exec(fmt.Sprintf(`PRAGMA application_id = %d`, data.ApplicationID))
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestCrashDuringCompactUpgrade kills `hamesh list` while it upgrades a
// version 7 database of 2,000 articles, 36,000 spans and 2,000 relations
// to the compact span table of migration 0008 (copy, drop, rename, then
// VACUUM). Half the kills are aimed just after the copy saved
// before the upgrade appears, when the migration runs. After each kill the
// file passes integrity_check and foreign_key_check and is either the old
// database (version 7, the old tables and indexes, every span and
// relation) or the new one (version 8, every span and relation); and
// the next open upgrades it to the same export as an uninterrupted upgrade.
func TestCrashDuringCompactUpgrade(t *testing.T) {
	bin := hameshBinary(t)
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 8))
	const articles = 2000
	orig := filepath.Join(t.TempDir(), "v7.db")
	writeSchemaV7(t, orig, articles)
	origBytes, err := os.ReadFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	counts := func(path string) (v, spans, rels, oldIndex int) {
		t.Helper()
		raw := openRaw(t, path)
		defer raw.Close()
		if err := raw.QueryRow(`SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM spans),
			(SELECT count(*) FROM relations), (SELECT count(*) FROM sqlite_schema WHERE name = 'spans_article_start')`).Scan(&v, &spans, &rels, &oldIndex); err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		return
	}
	ref := filepath.Join(t.TempDir(), "ref.db")
	if err := os.WriteFile(ref, origBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if out, err := exec.Command(bin, "list", "--db", ref).CombinedOutput(); err != nil {
		t.Fatalf("upgrade: %v\n%s", err, out)
	}
	full := time.Since(start)
	if v, spans, rels, old := counts(ref); v != data.SchemaVersion() || spans != 18*articles || rels != articles || old != 0 {
		t.Fatalf("uninterrupted upgrade: version %d, %d spans, %d relations, old index %d; want %d, %d, %d, 0",
			v, spans, rels, old, data.SchemaVersion(), 18*articles, articles)
	}
	want := mustRun(t, "export", "--db", ref, "-o", "-")
	if n := strings.Count(want, "\n"); n != articles {
		t.Fatalf("the upgraded database exports %d lines, want %d", n, articles)
	}

	kills, atOld, atNew := 0, 0, 0
	rounds := crashRounds()
	for round := range rounds {
		db := filepath.Join(t.TempDir(), "old.db")
		if err := os.WriteFile(db, origBytes, 0o644); err != nil {
			t.Fatal(err)
		}
		if killUpgrade(t, round, rng, bin, db, full, db+".bak-v7-*", 50*time.Microsecond,
			func() time.Duration { return time.Duration(rng.Float64() * 0.6 * float64(full)) }) {
			kills++
		}
		checkIntegrity(t, db)
		switch v, spans, rels, old := counts(db); {
		case v == 7 && old == 1 && spans == 18*articles && rels == articles:
			atOld++
		case v == data.SchemaVersion() && old == 0 && spans == 18*articles && rels == articles:
			atNew++
		default:
			t.Fatalf("round %d: after the kill: version %d, %d spans, %d relations, old index %d; want the old database (7, %d, %d, 1) or the new one (%d, %d, %d, 0)",
				round, v, spans, rels, old, 18*articles, articles, data.SchemaVersion(), 18*articles, articles)
		}
		if got := mustRun(t, "export", "--db", db, "-o", "-"); got != want {
			t.Fatalf("round %d: after the kill the upgraded database exports other data", round)
		}
	}
	t.Logf("crash during the compact upgrade: %d kills in %d rounds (%d left the version 7 database, %d the version %d one); every database then upgraded to the same export (uninterrupted upgrade %v)",
		kills, rounds, atOld, atNew, data.SchemaVersion(), full)
	if kills == 0 || atOld == 0 {
		t.Fatal("no kill landed while the upgrade ran")
	}
}

// killUpgrade runs `hamesh list` on db, which upgrades it, and kills it:
// in even rounds at a random moment within 1.1 times full (the time an
// uninterrupted upgrade takes), in odd ones after() past the moment the
// backup copy (a file matching backup, polled every poll) appears. It
// reports whether the kill landed before the command ended.
func killUpgrade(t *testing.T, round int, rng *rand.Rand, bin, db string, full time.Duration, backup string, poll time.Duration, after func() time.Duration) bool {
	t.Helper()
	delay := time.Duration(rng.Float64() * 1.1 * float64(full))
	stop := make(chan struct{})
	defer close(stop)
	var aim func(p *os.Process)
	if round%2 == 1 {
		delay = 10 * full
		aim = killAfterBackup(backup, after(), poll, stop)
	}
	killed, _, err := runAimed(exec.Command(bin, "list", "--db", db), delay, aim)
	if err != nil {
		t.Fatalf("round %d: hamesh list ended by itself with %v", round, err)
	}
	return killed
}

// killAfterBackup returns an aim for runAimed: it watches for the upgrade's
// backup copy (a file matching pattern, not one still being written under
// a ".tmp-" name), polling every poll, and kills the process `after` later
// once it appears; closing stop ends the watch.
func killAfterBackup(pattern string, after, poll time.Duration, stop <-chan struct{}) func(p *os.Process) {
	return func(p *os.Process) {
		go func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if m, _ := filepath.Glob(pattern); len(m) > 0 && !strings.Contains(m[0], ".tmp-") {
					time.Sleep(after)
					p.Signal(syscall.SIGKILL)
					return
				}
				time.Sleep(poll)
			}
		}()
	}
}
