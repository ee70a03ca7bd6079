package data

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// createAtVersion makes a new database at path with the migrations up to
// version v only, as the Hamesh of that version made it, and returns a raw
// connection to it (foreign keys on) for the test to fill.
func createAtVersion(t *testing.T, path string, v int) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", dsn(path, "_txlock=immediate"))
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	t.Cleanup(func() { raw.Close() })
	ctx := context.Background()
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations[:v] {
		if err := applyMigration(ctx, tx, m); err != nil {
			t.Fatalf("migration %d: %v", m.version, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestUpgradeCompactsSpans fills a version 7 database the way Hamesh 7
// wrote it (span times as RFC 3339 text; UUID and other span ids;
// relations; a span an import wrote) and opens it:
// migration 0008 must keep every value exactly (times of every year
// Hamesh can store, inside and outside the integer range), keep the
// relations the table copy would otherwise cascade away, keep rowids,
// store in-range times as integers and leave one span index by article.
func TestUpgradeCompactsSpans(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v7.db")
	raw := createAtVersion(t, path, compactVersion-1)
	times := []time.Time{
		time.Date(2026, 12, 2, 17, 20, 9, 109889722, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 500000000, time.UTC), // negative count
		time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC),              // first integer year
		time.Date(2261, 12, 31, 23, 59, 59, 999999999, time.UTC), // last integer year
		time.Date(1677, 12, 31, 23, 59, 59, 999999999, time.UTC), // text
		time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC),              // text
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),                 // text
		time.Date(9999, 12, 31, 23, 59, 59, 1, time.UTC),         // text
		time.Date(2000, 2, 29, 12, 0, 0, 0, time.UTC),
	}
	text := "قال الرئيس إن نسبة المشاركة ارتفعت في عام 2016 👍🏽 and more text"
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	aID := "01a237c5-5596-767d-9080-c9501a0d1176"
	exec(`INSERT INTO articles (id, title, title_fold, text_sha256, chars, direction, status, created_at, updated_at)
		VALUES (?, 'T', 't', 'h1', ?, 'rtl', 'todo', ?, ?)`, aID, len([]rune(text)), formatTime(times[0]), formatTime(times[0]))
	exec(`INSERT INTO article_texts (article_id, text) VALUES (?, ?)`, aID, text)
	var want []annotations.Span
	for i, tm := range times {
		id := fmt.Sprintf("01a237c5-5596-7682-a1da-e1c2024120%02x", i)
		if i%3 == 2 {
			id = fmt.Sprintf("span %d, not a UUID", i)
		}
		created := times[(i+1)%len(times)]
		var stamp any
		if i == len(times)-1 {
			stamp = 5 // written by an import that finished
		}
		exec(`INSERT INTO spans (id, article_id, kind, label, start, "end", attributes, note, annotator, created_at, updated_at, import_id)
			VALUES (?, ?, 'entity', 'PERS', ?, ?, '{"k":"v"}', 'n', 'mona', ?, ?, ?)`,
			id, aID, i, i+3, formatTime(created), formatTime(tm), stamp)
		want = append(want, annotations.Span{ID: id, ArticleID: aID, Kind: annotations.KindEntity, Label: "PERS",
			Start: i, End: i + 3, Attributes: map[string]string{"k": "v"}, Note: "n", Annotator: "mona",
			CreatedAt: created, UpdatedAt: tm})
	}
	exec(`INSERT INTO relations (id, article_id, type, from_span, to_span, created_at) VALUES ('r1', ?, 'same_as', ?, ?, ?)`,
		aID, want[0].ID, want[2].ID, formatTime(times[4]))
	rowids := map[string]int64{}
	rows, err := raw.QueryContext(ctx, `SELECT id, rowid FROM spans`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var r int64
		rows.Scan(&id, &r)
		rowids[id] = r
	}
	rows.Close()
	raw.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatalf("open the version 7 database: %v", err)
	}
	defer db.Close()
	doc, err := db.Document(ctx, aID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(doc.Spans, want) {
		t.Errorf("spans after the upgrade:\n got %+v\nwant %+v", doc.Spans, want)
	}
	if len(doc.Relations) != 1 || doc.Relations[0].ID != "r1" || doc.Relations[0].From != want[0].ID || !doc.Relations[0].CreatedAt.Equal(times[4]) {
		t.Errorf("relations after the upgrade: %+v, want r1 from %s to %s", doc.Relations, want[0].ID, want[2].ID)
	}
	if doc.Article.Text != text {
		t.Errorf("text after the upgrade: %q, want %q", doc.Article.Text, text)
	}

	// How the values are stored: integers in range, text outside it,
	// exactly the form a new write takes; rowids as they were.
	got := map[string][2]any{}
	rows, err = db.rdb.QueryContext(ctx, `SELECT id, rowid, created_at, updated_at FROM spans`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var r int64
		var c, u any
		if err := rows.Scan(&id, &r, &c, &u); err != nil {
			t.Fatal(err)
		}
		if r != rowids[id] {
			t.Errorf("span %q: rowid %d after the upgrade, was %d", id, r, rowids[id])
		}
		got[id] = [2]any{c, u}
	}
	rows.Close()
	if len(got) != len(times) {
		t.Errorf("%d span rows after the upgrade, want %d", len(got), len(times))
	}
	for i, tm := range times {
		id := fmt.Sprintf("01a237c5-5596-7682-a1da-e1c2024120%02x", i)
		if i%3 == 2 {
			id = fmt.Sprintf("span %d, not a UUID", i)
		}
		u := got[id][1]
		if s, ok := u.([]byte); ok {
			u = string(s)
		}
		if w := spanTime(tm); u != w {
			t.Errorf("span %q: updated_at stored as %#v (%T), want %#v (%T), as a new write stores %s", id, u, u, w, w, formatTime(tm))
		}
	}
	var idx []string
	rows, err = db.rdb.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'spans' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		idx = append(idx, n)
	}
	rows.Close()
	if w := []string{"spans_article_kind", "spans_cluster", "spans_entity", "spans_label"}; !reflect.DeepEqual(idx, w) {
		t.Errorf("span indexes after the upgrade: %v, want %v", idx, w)
	}
	var check string
	var fk int
	if err := db.rdb.QueryRowContext(ctx, `SELECT (SELECT integrity_check FROM pragma_integrity_check), (SELECT count(*) FROM pragma_foreign_key_check)`).Scan(&check, &fk); err != nil || check != "ok" || fk != 0 {
		t.Errorf("after the upgrade: integrity %q, %d foreign key violations, err %v", check, fk, err)
	}
	// Deleting a span still takes its relation with it (the foreign key
	// of relations now names the new table).
	if err := db.DeleteSpan(ctx, want[0].ID); err != nil {
		t.Fatal(err)
	}
	if doc, err = db.Document(ctx, aID); err != nil || len(doc.Relations) != 0 {
		t.Errorf("relations after deleting their span: %+v (err %v), want none", doc.Relations, err)
	}
}

// TestSpanTimesRoundTrip writes spans with times of every year Hamesh
// can store through the import and reads them back exactly, through both
// readers (one span, and the export's JSON rows).
func TestSpanTimesRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	text := "abcdefghijklmnopqrstuvwxyz"
	doc := annotations.Document{Article: annotations.Article{ID: "a", Text: text}}
	for i, y := range []int{1, 1000, 1677, 1678, 1969, 1970, 2026, 2261, 2262, 5000, 9999} {
		tm := time.Date(y, time.Month(1+i%12), 1+i, i, i, i, (i+1)*1111111, time.UTC) // never the zero time, which the import fills
		doc.Spans = append(doc.Spans, annotations.Span{ID: fmt.Sprintf("s%02d", i), Kind: annotations.KindEntity, Label: "PERS",
			Start: i, End: i + 1, CreatedAt: tm, UpdatedAt: tm.Add(time.Nanosecond)})
	}
	if _, err := db.ImportDocuments(ctx, []annotations.Document{doc}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Document(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	var exported []annotations.Span
	if err := db.ExportDocuments(ctx, annotations.ArticleFilter{}, func(d *annotations.Document) error {
		exported = d.Spans
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, s := range doc.Spans {
		for _, g := range [][]annotations.Span{got.Spans, exported} {
			if i >= len(g) || !g[i].CreatedAt.Equal(s.CreatedAt) || !g[i].UpdatedAt.Equal(s.UpdatedAt) ||
				g[i].UpdatedAt.Location() != time.UTC {
				t.Fatalf("span %s: times %v / %v, want %v / %v (UTC)", s.ID, g[i].CreatedAt, g[i].UpdatedAt, s.CreatedAt, s.UpdatedAt)
			}
		}
		var one annotations.Span
		err := db.view(ctx, "read a span", func(tx *sql.Tx) error {
			var err error
			one, err = getSpan(ctx, tx, s.ID)
			return err
		})
		if err != nil || !one.UpdatedAt.Equal(s.UpdatedAt) {
			t.Errorf("span %s read alone: %v (err %v), want %v", s.ID, one.UpdatedAt, err, s.UpdatedAt)
		}
	}
}
