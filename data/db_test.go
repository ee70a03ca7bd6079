package data_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/assets"
	"github.com/hamesh-app/hamesh/data"
	sqlite3 "github.com/mattn/go-sqlite3"
)

var ctx = context.Background()

// clock is a fake time source: each call returns one second more than the
// last, starting at a fixed instant with nanoseconds, so stored times prove
// their precision.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 11, 26, 18, 0, 0, 123456789, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// MustOpen opens a new database file in a temporary directory, with a fake
// clock, closed when the test ends.
func MustOpen(tb testing.TB) *data.DB {
	tb.Helper()
	return MustOpenPath(tb, filepath.Join(tb.TempDir(), "hamesh.db"))
}

// MustOpenPath opens the database at path with a fake clock, closed when the
// test ends.
func MustOpenPath(tb testing.TB, path string) *data.DB {
	tb.Helper()
	db, err := data.Open(path)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	db.Now = newClock().Now
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db
}

// rawDB opens path with plain go-sqlite3 (no Hamesh checks), for reading
// pragmas and for making files of other kinds.
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func queryInt(tb testing.TB, db *sql.DB, q string) int64 {
	tb.Helper()
	var n int64
	if err := db.QueryRow(q).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
	return n
}

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := annotations.ErrorCode(err); got != code {
		tb.Fatalf("error code %q (%v), want %q", got, err, code)
	}
}

// arabicText is the seed article.
func arabicText(tb testing.TB) string {
	tb.Helper()
	for _, s := range assets.Samples() {
		if strings.HasPrefix(s.Name, "alaraby-") {
			return s.Text
		}
	}
	tb.Fatal("seed article missing from assets")
	return ""
}

// find returns the code-point range of the first occurrence of sub in text.
func find(tb testing.TB, text, sub string) (int, int) {
	tb.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		tb.Fatalf("%q not in text", sub)
	}
	start := len([]rune(text[:i]))
	return start, start + len([]rune(sub))
}

// seedDoc is the seed article with three spans and one relation, all ids
// and times given.
func seedDoc(tb testing.TB) annotations.Document {
	text := arabicText(tb)
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 600700800, time.FixedZone("AST", 3*3600))
	ps, pe := find(tb, text, "دونالد ترامب جونيور")
	os, oe := find(tb, text, "ويكيليكس")
	cs, ce := find(tb, text, "تواصل نجل الرئيس الأميركي")
	return annotations.Document{
		Article: annotations.Article{
			ID: "a-seed", Title: "دونالد ترامب الابن تواصل مع \"ويكيليكس\"", Text: text, Lang: "ar",
			Direction: annotations.RTL, Source: "alaraby-2017-11-14.txt", Status: annotations.StatusTodo,
			CreatedAt: t0, UpdatedAt: t0,
		},
		Spans: []annotations.Span{
			{ID: "s-claim", Kind: annotations.KindClaim, Label: "CLAIM", Start: cs, End: ce,
				Attributes: map[string]string{"verdict": "unverifiable", "check_worthy": "yes"}, Note: "needs a source",
				Annotator: "mona", CreatedAt: t0, UpdatedAt: t0},
			{ID: "s-pers", Kind: annotations.KindEntity, Label: "PERS", Start: ps, End: pe, Annotator: "mona", CreatedAt: t0, UpdatedAt: t0},
			{ID: "s-org", Kind: annotations.KindEntity, Label: "ORG", Start: os, End: oe, Annotator: "mona", CreatedAt: t0, UpdatedAt: t0},
		},
		Relations: []annotations.Relation{
			{ID: "r-1", Type: annotations.RelClaimant, From: "s-claim", To: "s-pers", CreatedAt: t0},
		},
	}
}

func TestOpen(t *testing.T) {
	t.Run("OK_NewFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		db := MustOpenPath(t, path)
		labels, err := db.Labels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := annotations.DefaultScheme(); !equalLabels(labels, want) {
			t.Fatalf("labels = %v, want the default scheme %v", labels, want)
		}
		raw := rawDB(t, path)
		if got := queryInt(t, raw, "PRAGMA application_id"); got != int64(data.ApplicationID) {
			t.Errorf("application_id = %#x, want %#x", got, data.ApplicationID)
		}
		if got := queryInt(t, raw, "PRAGMA user_version"); got != int64(data.SchemaVersion()) {
			t.Errorf("user_version = %d, want %d", got, data.SchemaVersion())
		}
		if got := queryInt(t, raw, "SELECT count(*) FROM migrations"); got != int64(data.SchemaVersion()) {
			t.Errorf("%d migrations recorded, want %d", got, data.SchemaVersion())
		}
	})

	t.Run("OK_EmptyFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "empty.db")
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		db := MustOpenPath(t, path)
		if n, err := db.CountArticles(ctx, annotations.ArticleFilter{}); err != nil || n != 0 {
			t.Fatalf("CountArticles = %d, %v", n, err)
		}
		if got := queryInt(t, rawDB(t, path), "PRAGMA user_version"); got != int64(data.SchemaVersion()) {
			t.Errorf("user_version = %d, want %d", got, data.SchemaVersion())
		}
	})

	t.Run("OK_ReopenKeepsData", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "h.db")
		db, err := data.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := seedDoc(t)
		if _, err := db.ImportDocuments(ctx, []annotations.Document{doc}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetSetting(ctx, data.SettingAnnotator, "mona"); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db = MustOpenPath(t, path)
		got, err := db.Document(ctx, doc.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		doc.Spans = sortedSpans(doc.Spans)
		assertDocument(t, got, &doc)
		if name, err := db.Setting(ctx, data.SettingAnnotator); err != nil || name != "mona" {
			t.Fatalf("Setting = %q, %v", name, err)
		}
	})

	t.Run("OK_PragmasOnEveryConnection", func(t *testing.T) {
		db := MustOpen(t)
		// Hold several connections of each pool at once, so each check runs
		// on a distinct connection.
		got, err := data.ConnectionPragmas(ctx, db, 4)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range got {
			want := "foreign_keys=1 journal_mode=wal busy_timeout=10000 synchronous=2"
			if p != want {
				t.Errorf("connection %d: %s, want %s", i, p, want)
			}
		}
		if len(got) != 5 { // 1 writer + 4 readers
			t.Errorf("checked %d connections, want 5", len(got))
		}
	})

	t.Run("OK_PathWithURICharacters", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "a?b#c%20d ملف&_txlock=exclusive")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "h?.db")
		db := MustOpenPath(t, path)
		mustImportSeed(t, db)
		if err := db.Backup(ctx, path+".copy"); err != nil {
			t.Fatal(err)
		}
		if names := dirNames(t, dir); !slices.Contains(names, "h?.db") || !slices.Contains(names, "h?.db.copy") {
			t.Fatalf("files %v, want h?.db and its copy", names)
		}
	})

	t.Run("ErrMemory", func(t *testing.T) {
		for _, p := range []string{":memory:", "", "file::memory:?cache=shared"} {
			_, err := data.Open(p)
			wantCode(t, err, annotations.EINVALID)
		}
	})

	t.Run("ErrNoFolder", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "missing", "h.db")
		_, err := data.Open(path)
		wantCode(t, err, annotations.EINVALID)
		if !strings.Contains(err.Error(), "does not exist") {
			t.Errorf("message %q", err)
		}
	})

	t.Run("ErrDirectory", func(t *testing.T) {
		_, err := data.Open(t.TempDir())
		wantCode(t, err, annotations.EINVALID)
	})
}

// TestOpenRefuses checks that files Hamesh must not touch are refused with
// a message saying why, and left byte for byte as they were.
func TestOpenRefuses(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		want string // in the message
	}{
		{"RandomBytes", func(t *testing.T, path string) {
			b := make([]byte, 8192)
			rand.Read(b)
			writeFile(t, path, b)
		}, "not an SQLite database"},
		{"ShortFile", func(t *testing.T, path string) {
			writeFile(t, path, []byte("hello"))
		}, "not an SQLite database"},
		{"TruncatedSQLiteHeader", func(t *testing.T, path string) {
			// The magic alone, then garbage: SQLite itself must say no.
			b := append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xff}, 4096)...)
			writeFile(t, path, b)
		}, "not an SQLite database"},
		{"ForeignDatabase", func(t *testing.T, path string) {
			raw := rawDB(t, path)
			if _, err := raw.Exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
				INSERT INTO notes (body) VALUES ('not ours')`); err != nil {
				t.Fatal(err)
			}
			raw.Close()
		}, "another program"},
		{"ForeignApplicationID", func(t *testing.T, path string) {
			raw := rawDB(t, path)
			if _, err := raw.Exec(`PRAGMA application_id = 1234; PRAGMA user_version = 1`); err != nil {
				t.Fatal(err)
			}
			raw.Close()
		}, "another program"},
		{"NewerHamesh", func(t *testing.T, path string) {
			db, err := data.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ImportDocuments(ctx, []annotations.Document{seedDoc(t)}); err != nil {
				t.Fatal(err)
			}
			db.Close()
			raw := rawDB(t, path)
			if _, err := raw.Exec(`PRAGMA user_version = 99`); err != nil {
				t.Fatal(err)
			}
			raw.Close()
		}, "upgrade Hamesh"},
		{"NewerHameshInWAL", func(t *testing.T, path string) {
			// Another process holds the file open and its change sits in the
			// WAL, not yet in the main file: Open must read through the WAL.
			db, err := data.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			raw := rawDB(t, path)
			raw.SetMaxOpenConns(1)
			if _, err := raw.Exec(`PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 99`); err != nil {
				t.Fatal(err)
			}
			if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
				t.Fatalf("fixture: the change is not in a WAL (%v)", err)
			}
		}, "upgrade Hamesh"},
		{"ForeignDatabaseCrashedWAL", func(t *testing.T, path string) {
			// Another program crashed: its tables are only in the -wal, and
			// no -shm describes it. Reading the file in place would make
			// SQLite create the -shm.
			crashedWAL(t, path, `CREATE TABLE notes (body TEXT)`, `INSERT INTO notes VALUES ('not ours')`)
		}, "another program"},
		{"NewerHameshCrashedWAL", func(t *testing.T, path string) {
			db, err := data.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			crashedWAL(t, path, `PRAGMA user_version = 99`)
		}, "upgrade Hamesh"},
		{"NewerHameshMigrations", func(t *testing.T, path string) {
			db, err := data.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			raw := rawDB(t, path)
			if _, err := raw.Exec(`INSERT INTO migrations (version, name, applied_at) VALUES (42, 'future', '2030-01-01T00:00:00Z')`); err != nil {
				t.Fatal(err)
			}
			raw.Close()
		}, "upgrade Hamesh"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "file.db")
			tt.make(t, path)
			before := dirBytes(t, dir)
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			db, err := data.Open(path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded, want a refusal")
			}
			wantCode(t, err, annotations.EINVALID)
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("message %q does not say %q for %s", err, tt.want, path)
			}
			after := dirBytes(t, dir)
			if !slices.Equal(slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after))) {
				t.Errorf("refusing the file changed its directory from %v to %v", slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)))
			}
			for name, b := range before {
				// A live writer's -shm is shared memory in which every
				// reader, even a read-only one, takes a read mark.
				if a, ok := after[name]; ok && !bytes.Equal(a, b) && !strings.HasSuffix(name, "-shm") {
					t.Errorf("%s changed (%d bytes before, %d after)", name, len(b), len(a))
				}
			}
			if left := dirNames(t, tmp); len(left) > 0 {
				t.Errorf("temporary folder holds %v after Open returned", left)
			}
		})
	}
}

// TestOpenCrashedWAL opens a Hamesh database whose last commits are only in
// a -wal that no -shm describes, as a crashed Hamesh leaves it: Open reads
// it (the inspection through a temporary copy) and sees those commits, and
// leaves nothing in the temporary folder.
func TestOpenCrashedWAL(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "h.db")
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := seedDoc(t)
	if _, err := db.ImportDocuments(ctx, []annotations.Document{doc}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	crashedWAL(t, path, `INSERT INTO settings (key, value) VALUES ('annotator', 'after the crash')`)

	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	db = MustOpenPath(t, path)
	if name, err := db.Setting(ctx, data.SettingAnnotator); err != nil || name != "after the crash" {
		t.Fatalf("Setting = %q, %v; want the value committed only in the -wal", name, err)
	}
	if _, err := db.Document(ctx, doc.Article.ID); err != nil {
		t.Fatal(err)
	}
	if left := dirNames(t, tmp); len(left) > 0 {
		t.Errorf("temporary folder holds %v after Open returned", left)
	}
}

// TestOpenCrashedWALNoTempFolder makes the temporary copy impossible: Open
// fails with EINTERNAL, says what it tried and how to help, and leaves the
// file's folder as it was rather than reading the file in place.
func TestOpenCrashedWALNoTempFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "other.db")
	crashedWAL(t, path, `CREATE TABLE notes (body TEXT)`)
	before := dirBytes(t, dir)
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	db, err := data.Open(path)
	if err == nil {
		db.Close()
		t.Fatal("Open succeeded without a temporary folder")
	}
	wantCode(t, err, annotations.EINTERNAL)
	for _, w := range []string{path, "temporary folder", "TMPDIR"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message %q does not say %q", err, w)
		}
	}
	if after := dirBytes(t, dir); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Errorf("the folder changed from %v to %v", slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)))
	}
}

// crashedWAL runs stmts on the database at path (created if missing) in WAL
// mode and leaves path and path-wal as a program killed after its last
// commit would: the commits only in path-wal, and no path-shm.
func crashedWAL(t *testing.T, path string, stmts ...string) {
	t.Helper()
	live := filepath.Join(t.TempDir(), "live.db")
	if b, err := os.ReadFile(path); err == nil {
		writeFile(t, live, b)
	}
	db, err := sql.Open("sqlite3", "file:"+live+"?_journal_mode=WAL")
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
		b, err := os.ReadFile(live + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if suffix == "-wal" && len(b) == 0 {
			t.Fatal("fixture: the WAL is empty, so nothing would be left by the crash")
		}
		writeFile(t, path+suffix, b)
	}
	if _, err := os.Stat(path + "-shm"); err == nil {
		t.Fatalf("fixture: %s-shm exists", path)
	}
}

// dirBytes maps each file name in dir to its bytes.
func dirBytes(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range dirNames(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMigrateSavesCopy opens a database of the current schema with a Hamesh
// that knows one more migration: Open saves PATH.bak-v<N>-<time> first.
func TestMigrateSavesCopy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "h.db")
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := seedDoc(t)
	if _, err := db.ImportDocuments(ctx, []annotations.Document{doc}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	old := data.SchemaVersion()
	restore := data.AddTestMigration("CREATE TABLE extra (x INTEGER) STRICT; INSERT INTO extra VALUES (7);")
	defer restore()

	db = MustOpenPath(t, path)
	if _, err := db.Document(ctx, doc.Article.ID); err != nil {
		t.Fatalf("after migration: %v", err)
	}
	raw := rawDB(t, path)
	if got := queryInt(t, raw, "SELECT x FROM extra"); got != 7 {
		t.Errorf("migration %d did not run: extra.x = %d", old+1, got)
	}
	if got := queryInt(t, raw, "PRAGMA user_version"); got != int64(old+1) {
		t.Errorf("user_version = %d, want %d", got, old+1)
	}
	baks, _ := filepath.Glob(path + ".bak-v" + strconv.Itoa(old) + "-*")
	if len(baks) != 1 {
		t.Fatalf("backups %v, want one %s.bak-v%d-*", baks, path, old)
	}
	bak := rawDB(t, baks[0])
	if got := queryInt(t, bak, "PRAGMA user_version"); got != int64(old) {
		t.Errorf("backup user_version = %d, want %d", got, old)
	}
	if got := queryInt(t, bak, "SELECT count(*) FROM spans"); got != int64(len(doc.Spans)) {
		t.Errorf("backup holds %d spans, want %d", got, len(doc.Spans))
	}
	var ok string
	if err := bak.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("backup integrity_check = %q, %v", ok, err)
	}
	// A second open finds nothing to migrate and makes no second copy.
	db.Close()
	MustOpenPath(t, path)
	if baks, _ := filepath.Glob(path + ".bak-*"); len(baks) != 1 {
		t.Errorf("backups after reopen: %v", baks)
	}
}

func TestSettings(t *testing.T) {
	db := MustOpen(t)
	if v, err := db.Setting(ctx, "missing"); err != nil || v != "" {
		t.Fatalf("Setting(missing) = %q, %v; want empty", v, err)
	}
	for _, v := range []string{"mona", "منى"} {
		if err := db.SetSetting(ctx, data.SettingAnnotator, v); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Setting(ctx, data.SettingAnnotator); err != nil || got != v {
			t.Fatalf("Setting = %q, %v; want %q", got, err, v)
		}
	}
	wantCode(t, db.SetSetting(ctx, "", "x"), annotations.EINVALID)
}

func TestDataVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	a := MustOpenPath(t, path)
	b := MustOpenPath(t, path)
	v0, err := a.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := a.DataVersion(ctx); v != v0 {
		t.Fatalf("data version moved from %d to %d with no write", v0, v)
	}
	// Own writes do not count: the GUI reloads after them already.
	mustImportSeed(t, a)
	if err := a.SetSetting(ctx, "k", "v"); err != nil {
		t.Fatal(err)
	}
	if v, _ := a.DataVersion(ctx); v != v0 {
		t.Fatalf("data version moved from %d to %d after this DB's own writes", v0, v)
	}
	// Another process's writes do.
	if _, err := b.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "DATE", Start: 0, End: 6}); err != nil {
		t.Fatal(err)
	}
	v1, _ := a.DataVersion(ctx)
	if v1 == v0 {
		t.Fatalf("data version stayed %d after another connection wrote", v0)
	}
	if v, _ := a.DataVersion(ctx); v != v1 {
		t.Fatalf("data version moved from %d to %d with no write", v1, v)
	}
	// Reads by another process do not count.
	if _, err := b.ListArticles(ctx, annotations.ArticleFilter{}); err != nil {
		t.Fatal(err)
	}
	if v, _ := a.DataVersion(ctx); v != v1 {
		t.Fatalf("data version moved from %d to %d after another connection read", v1, v)
	}
}

func TestBackup(t *testing.T) {
	t.Run("OK_DuringWrites", func(t *testing.T) {
		db := MustOpen(t)
		res, err := db.ImportDocuments(ctx, []annotations.Document{seedDoc(t)})
		if err != nil || res.Articles != 1 {
			t.Fatal(res, err)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var writes int
		var werr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				_, err := db.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "DATE", Start: i % 500, End: i%500 + 1})
				switch annotations.ErrorCode(err) {
				case "":
					writes++
				case annotations.EINVALID: // [i, i+1) may split a character cluster
				default:
					werr = err
					return
				}
			}
		}()
		dir := t.TempDir()
		for i := range 3 {
			path := filepath.Join(dir, "copy"+strconv.Itoa(i)+".db")
			if err := db.Backup(ctx, path); err != nil {
				t.Fatal(err)
			}
			raw := rawDB(t, path)
			var ok string
			if err := raw.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
				t.Fatalf("backup %d: integrity_check = %q, %v", i, ok, err)
			}
			raw.Close()
			c := MustOpenPath(t, path)
			if _, err := c.Document(ctx, "a-seed"); err != nil {
				t.Fatalf("backup %d: %v", i, err)
			}
		}
		close(stop)
		wg.Wait()
		if werr != nil {
			t.Fatalf("writer: %v", werr)
		}
		if writes == 0 {
			t.Fatal("no write happened during the backups")
		}
	})

	t.Run("ErrSelf", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "h.db")
		db := MustOpenPath(t, path)
		wantCode(t, db.Backup(ctx, path), annotations.EINVALID)
	})

	t.Run("OK_ReplacesExisting", func(t *testing.T) {
		db := MustOpen(t)
		path := filepath.Join(t.TempDir(), "copy.db")
		writeFile(t, path, []byte("old backup"))
		if err := db.Backup(ctx, path); err != nil {
			t.Fatal(err)
		}
		if got := queryInt(t, rawDB(t, path), "PRAGMA application_id"); got != int64(data.ApplicationID) {
			t.Fatalf("backup application_id = %#x", got)
		}
	})
}

// TestConcurrentWriters runs writers on two *DB over one file, as two
// processes would: none may see SQLITE_BUSY.
func TestConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	a := MustOpenPath(t, path)
	b := MustOpenPath(t, path)
	if _, err := a.ImportDocuments(ctx, []annotations.Document{seedDoc(t)}); err != nil {
		t.Fatal(err)
	}
	const perWriter = 40
	var wg sync.WaitGroup
	errs := make(chan error, 8*perWriter)
	for w := range 8 {
		db := a
		if w%2 == 1 {
			db = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				start := w*perWriter + i
				s, err := db.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "CARDINAL", Start: start, End: start + 1})
				if err != nil {
					if annotations.ErrorCode(err) == annotations.EINVALID {
						continue // [start, start+1) may split a cluster of the text
					}
					errs <- err
					continue
				}
				if _, err := db.ListArticles(ctx, annotations.ArticleFilter{}); err != nil {
					errs <- err
				}
				if i%3 == 0 {
					if err := db.DeleteSpan(ctx, s.ID); err != nil {
						errs <- err
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
			t.Errorf("writer got a busy error: %v", err)
		} else {
			t.Errorf("writer: %v", err)
		}
	}
	// Both see the same spans.
	da, err := a.Document(ctx, "a-seed")
	if err != nil {
		t.Fatal(err)
	}
	db2, err := b.Document(ctx, "a-seed")
	if err != nil {
		t.Fatal(err)
	}
	if len(da.Spans) != len(db2.Spans) || len(da.Spans) <= 3 {
		t.Fatalf("spans: %d via a, %d via b", len(da.Spans), len(db2.Spans))
	}
}
