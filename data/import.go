package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// ImportDocuments is ImportFile for documents that come from no named file.
func (db *DB) ImportDocuments(ctx context.Context, docs []annotations.Document) (annotations.ImportResult, error) {
	return db.ImportFile(ctx, "", docs)
}

// ImportFile validates docs, the documents of one file (file names it in
// the lock's description; "" for none), and stores them all or none: if
// any document is invalid nothing is stored and the error (EINVALID) names
// the document by position and its article and span.
//
// The documents are written in short transactions of at most
// db.ImportBatch articles and about db.ImportBatchTime each, so readers
// never wait and other writers wait at most one batch. Until the last,
// short transaction the rows written stay invisible to every reader (they
// are staged: see migration 0003), and a failure, a cancelled ctx or a
// killed process leaves none of them visible: a failure removes them at
// once, a kill the next import or Open. One import runs at a time per
// database: while another Hamesh import holds PATH.import-lock, ImportFile
// waits up to db.ImportWait and then fails with ECONFLICT naming that
// import's file and start time.
//
// Given ids and timestamps are kept; empty ones are filled (UUIDv7 ids, the
// current time), as are an empty status (todo), direction
// (annotations.DetectDirection: the text's first strong character) and span
// kind (from a known label). An id that
// another row already uses gets a fresh one instead, and relations follow
// their spans' new ids. An article whose text (by SHA-256) is already stored
// keeps its own fields and gets the new spans merged: a span equal to a
// stored one by kind, label, start, end and annotator is skipped, and so is a relation
// equal by type and spans. Labels the scheme lacks are added with the span's
// kind and a colour from annotations.NewLabelColor; a span whose label is
// known with another kind is invalid. Import writes no undo history.
//
// The result's ArticleIDs gives, for each document in docs' order, the id
// of the article it was stored as or merged into.
func (db *DB) ImportFile(ctx context.Context, file string, docs []annotations.Document) (annotations.ImportResult, error) {
	op := fmt.Sprintf("import %d documents", len(docs))
	name := file
	if name == "" {
		name = fmt.Sprintf("%d documents", len(docs))
	}
	return db.importStaged(ctx, op, name, len(docs), func(now time.Time) (func() (*annotations.Document, error), error) {
		prepared, err := db.prepareImport(ctx, op, now, docs)
		if err != nil {
			return nil, err
		}
		i := 0
		return func() (*annotations.Document, error) {
			if i == len(prepared) {
				return nil, io.EOF
			}
			i++
			return &prepared[i-1], nil
		}, nil
	})
}

// ImportStream is ImportFile for documents read one at a time, so that a
// file of any size is imported in the memory of one batch: next returns
// the file's documents in order, then io.EOF. Each document is filled (in
// place: ids, times, status) and validated as it comes, and written in the staged batches ImportFile
// writes; so the file is still stored all or none. An invalid document, an
// error of next or a cancelled ctx removes what was staged, and the error
// names the document by position (next's own errors are returned as they
// are: a reader names its file and line). Unlike ImportFile, rows are
// staged before a later document is found invalid; nobody sees them.
func (db *DB) ImportStream(ctx context.Context, file string, next func() (*annotations.Document, error)) (annotations.ImportResult, error) {
	op := "import " + file
	if file == "" {
		op, file = "import documents", "documents"
	}
	return db.importStaged(ctx, op, file, 0, func(now time.Time) (func() (*annotations.Document, error), error) {
		pre, err := db.importScheme(ctx, op, now)
		if err != nil {
			return nil, err
		}
		n := 0
		return func() (*annotations.Document, error) {
			d, err := next()
			if err != nil {
				return nil, err
			}
			n++
			return d, pre.prepare(op, n, d)
		}, nil
	})
}

// importStaged runs one import under the import lock: source, called with
// the import's time, gives the documents to write (filled and validated;
// io.EOF after the last), which are staged in batches and shown at once.
// hint is how many documents to expect (0: unknown).
func (db *DB) importStaged(ctx context.Context, op, name string, hint int, source func(now time.Time) (func() (*annotations.Document, error), error)) (annotations.ImportResult, error) {
	if db.readOnly != "" {
		return annotations.ImportResult{}, db.errReadOnly(op)
	}
	lock, err := db.lockImport(ctx, name)
	if err != nil {
		return annotations.ImportResult{}, mapErr(op, err)
	}
	defer lock.release()
	if err := db.dropStaged(ctx, op); err != nil {
		return annotations.ImportResult{}, err
	}
	now := db.now()
	next, err := source(now)
	if err != nil {
		return annotations.ImportResult{}, err
	}
	var id int64
	err = db.write(ctx, op, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO imports (file, state, started, pid) VALUES (?, 'staging', ?, ?) RETURNING id`,
			name, formatTime(now), os.Getpid()).Scan(&id)
	})
	if err != nil {
		return annotations.ImportResult{}, err
	}
	res, err := db.stage(ctx, op, lock, id, now, hint, next)
	if err != nil {
		// Not ctx: a cancelled import still removes what it staged.
		if derr := db.dropImport(context.Background(), op, id); derr != nil {
			err = errors.Join(err, derr)
		}
		return annotations.ImportResult{}, err
	}
	return res, nil
}

// lockImport takes the import lock of the database, waiting up to
// db.ImportWait for another import to finish, and writes name and the
// start time into it.
func (db *DB) lockImport(ctx context.Context, name string) (*importLock, error) {
	deadline := time.Now().Add(db.ImportWait)
	for {
		l, holder, err := tryLockImport(db.path)
		if err != nil {
			return nil, annotations.Errorf(annotations.EINTERNAL, "%v", err)
		}
		if l != nil {
			desc := fmt.Sprintf("%s, started %s, process %d", name, db.now().Format(time.RFC3339), os.Getpid())
			if err := l.describe(desc); err != nil {
				l.release()
				return nil, annotations.Errorf(annotations.EINTERNAL, "write the import lock %s: %v", l.path, err)
			}
			return l, nil
		}
		if !time.Now().Before(deadline) {
			if holder == "" {
				holder = "it has not written its description yet"
			}
			return nil, annotations.Errorf(annotations.ECONFLICT,
				"another Hamesh import is running (%s); waited %v for it; try again when it has finished", holder, db.ImportWait)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(min(50*time.Millisecond, time.Until(deadline)+time.Millisecond)):
		}
	}
}

// prepareImport fills and validates copies of docs (the caller's stay as
// given) against the stored scheme, before anything is written.
func (db *DB) prepareImport(ctx context.Context, op string, now time.Time, docs []annotations.Document) ([]annotations.Document, error) {
	pre, err := db.importScheme(ctx, op, now)
	if err != nil {
		return nil, err
	}
	out := make([]annotations.Document, len(docs))
	for i := range docs {
		d := &out[i]
		*d = annotations.Document{
			Article:   docs[i].Article,
			Spans:     slices.Clone(docs[i].Spans),
			Relations: slices.Clone(docs[i].Relations),
		}
		if err := pre.prepare(op, i+1, d); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// importScheme returns the importer that fills and validates an import's
// documents against the stored scheme.
func (db *DB) importScheme(ctx context.Context, op string, now time.Time) (*importer, error) {
	pre := &importer{now: now, labels: map[string]annotations.Kind{}}
	err := db.view(ctx, op, func(tx *sql.Tx) error {
		ls, err := labels(ctx, tx, false)
		for _, l := range ls {
			pre.labels[l.Name] = l.Kind
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return pre, nil
}

// prepare fills and validates d, document n (from 1) of an import, in
// place, and learns the kinds of the labels it brings.
func (im *importer) prepare(op string, n int, d *annotations.Document) error {
	if err := im.fill(d); err != nil {
		return mapErr(op, err)
	}
	if err := im.validate(d); err != nil {
		return mapErr(op, annotations.Errorf(annotations.EINVALID, "document %d: %s", n, err))
	}
	for _, s := range d.Spans {
		if _, ok := im.labels[s.Label]; !ok {
			im.labels[s.Label] = s.Kind
		}
	}
	return nil
}

// defaultAutoCheckpoint is SQLite's default PRAGMA wal_autocheckpoint (in
// pages), which the writing connection goes back to after an import.
const defaultAutoCheckpoint = 1000

// setAutoCheckpoint sets PRAGMA wal_autocheckpoint on the writing
// connection (the pool's only one). It is an optimisation: a failure is
// ignored, and a new connection starts at SQLite's default again.
func (db *DB) setAutoCheckpoint(ctx context.Context, pages int) {
	db.wmu.Lock()
	defer db.wmu.Unlock()
	db.wdb.ExecContext(ctx, fmt.Sprintf(`PRAGMA wal_autocheckpoint = %d`, pages))
}

// afterImportBatch, when set (by tests), is called after each committed
// batch of an import with the number of batches committed so far.
var afterImportBatch func(batches int)

// stage writes the prepared documents as import id in batches, letting
// waiting writers go between two, then makes them visible in one short
// transaction.
func (db *DB) stage(ctx context.Context, op string, lock *importLock, id int64, now time.Time, hint int, next func() (*annotations.Document, error)) (annotations.ImportResult, error) {
	res := annotations.ImportResult{ArticleIDs: make([]string, 0, hint)}
	touched := map[string]bool{}
	batch := db.ImportBatch
	if batch <= 0 {
		batch = DefaultImportBatch
	}
	// Checkpoint once at the end, as one big transaction did, not at every
	// batch: an automatic checkpoint after each commit would write the
	// pages every batch touches (the indexes' last leaves above all) into
	// the database file again and again, each time with an fsync.
	db.setAutoCheckpoint(ctx, 0)
	defer db.setAutoCheckpoint(context.Background(), defaultAutoCheckpoint)
	batches := 0
	// pending is the next document to write: read before the transaction
	// that writes it, and the one after it read inside (decoding a document
	// takes far less than a batch's time).
	pending, rerr := next()
	for rerr == nil {
		err := db.write(ctx, op, func(tx *sql.Tx) error {
			im, err := newImporter(ctx, tx, now, id, &res, touched)
			if err != nil {
				return err
			}
			defer im.close()
			start := time.Now()
			for n := 1; ; n++ {
				if err := im.add(pending); err != nil {
					return err
				}
				if pending, rerr = next(); rerr != nil || n >= batch || time.Since(start) >= db.ImportBatchTime {
					return nil
				}
			}
		})
		if err != nil {
			return res, err
		}
		batches++
		if afterImportBatch != nil {
			afterImportBatch(batches)
		}
		lock.yield()
	}
	if !errors.Is(rerr, io.EOF) {
		return res, rerr
	}
	err := db.write(ctx, op, func(tx *sql.Tx) error {
		stamp := formatTime(now)
		for target := range touched {
			if err := touchArticle(ctx, tx, target, stamp); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM imports WHERE id = ?`, id)
		return err
	})
	return res, err
}

// dropStaged removes the staged rows of imports that are no longer running.
// The caller holds the import lock, so every import in the imports table
// was killed (or failed to clean up).
func (db *DB) dropStaged(ctx context.Context, op string) error {
	var ids []int64
	err := db.view(ctx, op, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM imports ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := db.dropImport(ctx, op, id); err != nil {
			return err
		}
	}
	return nil
}

// dropBatch is how many rows one transaction of dropImport deletes.
const dropBatch = 2000

// dropImport deletes the rows import id staged, in short transactions, and
// then its imports row. The rows are found in one read (a scan, which
// blocks nobody) and deleted by rowid: articles take their texts, spans,
// relations and history with them, then the spans and relations it merged
// into stored articles go, then its labels.
func (db *DB) dropImport(ctx context.Context, op string, id int64) error {
	op = fmt.Sprintf("%s: remove the rows of unfinished import %d", op, id)
	tables := []string{"articles", "spans", "relations", "labels"}
	rowids := make([][]int64, len(tables))
	err := db.view(ctx, op, func(tx *sql.Tx) error {
		for i, t := range tables {
			rows, err := tx.QueryContext(ctx, `SELECT rowid FROM `+t+` WHERE import_id = ?`, id)
			if err != nil {
				return err
			}
			for rows.Next() {
				var r int64
				if err := rows.Scan(&r); err != nil {
					rows.Close()
					return err
				}
				rowids[i] = append(rowids[i], r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, t := range tables {
		for ids := rowids[i]; len(ids) > 0; {
			part := ids[:min(len(ids), dropBatch)]
			ids = ids[len(part):]
			b, _ := json.Marshal(part)
			err := db.write(ctx, op, func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE rowid IN (SELECT value FROM json_each(?)) AND import_id = ?`, string(b), id)
				return err
			})
			if err != nil {
				return err
			}
		}
	}
	return db.write(ctx, op, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM imports WHERE id = ?`, id)
		return err
	})
}

// dropDeadImports is Open's share of the clean-up: when a killed import
// left its lock file or staged rows, and no import holds the lock now, it
// removes those rows and the file. A running import is left alone.
func (db *DB) dropDeadImports(ctx context.Context) error {
	var n int
	err := db.view(ctx, "open "+db.path+": look for unfinished imports", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM imports`).Scan(&n)
	})
	if err != nil {
		return err
	}
	if n == 0 && !exists(importLockPath(db.path)) {
		return nil
	}
	l, _, err := tryLockImport(db.path)
	if err != nil || l == nil {
		return nil // cannot tell, or an import runs: its rows stay hidden
	}
	defer l.release()
	if n == 0 {
		return nil
	}
	return db.dropStaged(ctx, "open "+db.path)
}

// importer holds one import's state and prepared statements.
type importer struct {
	ctx     context.Context
	tx      *sql.Tx
	now     time.Time
	id      int64 // the import's row in imports, stamped on every row written
	labels  map[string]annotations.Kind
	res     *annotations.ImportResult
	touched map[string]bool // stored articles that got spans or relations

	stmts                                               []*sql.Stmt
	byHash                                              *sql.Stmt
	insArticle, insText, insSpan, insRelation, insLabel *sql.Stmt
	multi                                               map[multiKey]*sql.Stmt // multi-row inserts by table and row count
	args                                                []any
}

// multiKey names a prepared multi-row insert: its table and row count.
type multiKey struct {
	table string
	rows  int
}

// maxBatch is the most rows one multi-row insert carries.
const maxBatch = 64

// newImporter prepares one batch of import id in tx; res and touched
// collect what the batches did.
func newImporter(ctx context.Context, tx *sql.Tx, now time.Time, id int64, res *annotations.ImportResult, touched map[string]bool) (*importer, error) {
	im := &importer{ctx: ctx, tx: tx, now: now, id: id, res: res, touched: touched,
		labels: map[string]annotations.Kind{}, multi: map[multiKey]*sql.Stmt{}}
	ls, err := labels(ctx, tx, true)
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		im.labels[l.Name] = l.Kind
	}
	// Every row is stamped with the import's id, an integer of ours.
	stamp := strconv.FormatInt(id, 10)
	prep := []struct {
		s **sql.Stmt
		q string
	}{
		{&im.byHash, `SELECT id FROM articles WHERE text_sha256 = ?`},
		// A given article id or text that a row already has is found by the
		// insert (no row inserted), then told apart by the hash (placeArticle).
		{&im.insArticle, `INSERT INTO articles (id, title, title_fold, text_sha256, chars, lang, direction,
			source, status, note, created_at, updated_at, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ` + stamp + `)
			ON CONFLICT DO NOTHING`},
		{&im.insText, `INSERT INTO article_texts (article_id, text) VALUES (?, ?)`},
		// A given span or relation id that a row already has is found by
		// the insert itself (no row inserted), not by a query per row.
		{&im.insSpan, `INSERT INTO spans (` + spanColumns + `, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ` + stamp + `) ON CONFLICT (id) DO NOTHING`},
		{&im.insRelation, `INSERT INTO relations (` + relationColumns + `, import_id) VALUES (?, ?, ?, ?, ?, ?, ` + stamp + `) ON CONFLICT (id) DO NOTHING`},
		{&im.insLabel, `INSERT INTO labels (name, kind, color, hotkey, description, position, import_id)
			VALUES (?, ?, ?, '', '', (SELECT coalesce(max(position), -1) + 1 FROM labels), ` + stamp + `)`},
	}
	for _, p := range prep {
		st, err := tx.PrepareContext(ctx, p.q)
		if err != nil {
			im.close()
			return nil, err
		}
		*p.s = st
		im.stmts = append(im.stmts, st)
	}
	return im, nil
}

func (im *importer) close() {
	for _, st := range im.stmts {
		st.Close()
	}
}

// newID returns a fresh id.
func (im *importer) newID() (string, error) { return newID() }

// insert runs st (an INSERT … ON CONFLICT (id) DO NOTHING) with args(*id);
// when another row has the id, it inserts again with a new id, stored in *id.
func (im *importer) insert(st *sql.Stmt, id *string, args func(id string) []any) error {
	for range 3 {
		res, err := st.ExecContext(im.ctx, args(*id)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		if *id, err = im.newID(); err != nil {
			return err
		}
	}
	return annotations.Errorf(annotations.EINTERNAL, "no free id after three tries (last %q)", *id)
}

// placeArticle inserts a's row and returns its id, or, when an article
// with the same text (hash) is stored, returns that one's id and merged.
// The insert comes first and the text's hash is looked up only when it
// inserted nothing (the text or the id was taken: one statement per new
// article instead of two); a taken id gets a new one, as insert does.
func (im *importer) placeArticle(a *annotations.Article, hash string) (target string, merged bool, err error) {
	for range 3 {
		res, err := im.insArticle.ExecContext(im.ctx, a.ID, a.Title, foldTitle(a.Title), hash,
			runeCount(a.Text), a.Lang, string(a.Direction), a.Source, string(a.Status), a.Note,
			formatTime(a.CreatedAt), formatTime(a.UpdatedAt))
		if err != nil {
			return "", false, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return "", false, err
		}
		if n == 1 {
			return a.ID, false, nil
		}
		switch err := im.byHash.QueryRowContext(im.ctx, hash).Scan(&target); {
		case err == nil:
			return target, true, nil
		case !errors.Is(err, sql.ErrNoRows):
			return "", false, err
		}
		if a.ID, err = im.newID(); err != nil {
			return "", false, err
		}
	}
	return "", false, annotations.Errorf(annotations.EINTERNAL, "no free article id after three tries (last %q)", a.ID)
}

// add writes a document prepareImport filled and validated.
func (im *importer) add(d *annotations.Document) error {
	for _, s := range d.Spans {
		if k, ok := im.labels[s.Label]; ok {
			if k != s.Kind { // changed since prepareImport read the scheme
				return annotations.Errorf(annotations.ECONFLICT, "article %q: span %q is a %s but label %q, saved meanwhile, marks %s spans",
					d.Article.ID, s.ID, s.Kind, s.Label, k)
			}
			continue
		}
		if _, err := im.insLabel.ExecContext(im.ctx, s.Label, string(s.Kind), annotations.NewLabelColor(s.Label)); err != nil {
			return err
		}
		im.labels[s.Label] = s.Kind
		im.res.NewLabels = append(im.res.NewLabels, s.Label)
	}

	a := &d.Article
	spanKeys := map[spanKey]string{}
	relKeys := map[relKey]bool{}
	hash := a.TextSHA256()
	target, merged, err := im.placeArticle(a, hash)
	switch {
	case err != nil:
		return err
	case !merged:
		if _, err := im.insText.ExecContext(im.ctx, a.ID, a.Text); err != nil {
			return err
		}
		if err := im.curation(a); err != nil {
			return err
		}
		im.res.Articles++
	default:
		im.res.Merged++
		if err := im.storedKeys(target, spanKeys, relKeys); err != nil {
			return err
		}
	}

	ids := make(map[string]string, len(d.Spans)) // given span id → stored span id
	var todo []newSpan                           // the spans to insert
	var dups [][2]int                            // (span, todo index) of spans equal to an earlier one
	keyIdx := map[spanKey]int{}
	for j := range d.Spans {
		s := &d.Spans[j]
		k := spanKey{s.Kind, s.Label, s.Start, s.End, s.Annotator}
		if id, ok := spanKeys[k]; ok {
			ids[s.ID] = id
			continue
		}
		if b, ok := keyIdx[k]; ok { // two given spans may merge into one
			dups = append(dups, [2]int{j, b})
			continue
		}
		attrs, err := encodeAttributes(s.Attributes)
		if err != nil {
			return err
		}
		s.ArticleID = target
		keyIdx[k] = len(todo)
		todo = append(todo, newSpan{s: s, given: s.ID, attrs: attrs})
	}
	if err := im.insertSpans(target, todo); err != nil {
		return err
	}
	for _, n := range todo {
		ids[n.given] = n.s.ID
	}
	for _, jb := range dups {
		ids[d.Spans[jb[0]].ID] = todo[jb[1]].s.ID
	}
	spans := len(todo)
	var rtodo []*annotations.Relation
	for j := range d.Relations {
		r := &d.Relations[j]
		r.From, r.To, r.ArticleID = ids[r.From], ids[r.To], target
		k := relKey{r.Type, r.From, r.To}
		if relKeys[k] || r.From == r.To { // two given spans may merge into one
			continue
		}
		relKeys[k] = true
		rtodo = append(rtodo, r)
	}
	if err := im.insertRelations(target, rtodo); err != nil {
		return err
	}
	rels := len(rtodo)
	im.res.ArticleIDs = append(im.res.ArticleIDs, target)
	im.res.Spans += spans
	im.res.Relations += rels
	if merged && spans+rels > 0 {
		im.touched[target] = true // when the import is made visible
	}
	return nil
}

// newSpan is a span to insert, with its given id and its attributes as
// stored.
type newSpan struct {
	s     *annotations.Span
	given string
	attrs string
}

// insertSpans stores an article's new spans: up to maxBatch in one
// statement when no id is taken, else one by one, a span whose id is taken
// getting a new one.
func (im *importer) insertSpans(articleID string, todo []newSpan) error {
	for len(todo) > 0 {
		part := todo[:min(len(todo), maxBatch)]
		todo = todo[len(part):]
		args := im.args[:0]
		for _, n := range part {
			s := n.s
			args = append(args, s.ID, articleID, string(s.Kind), s.Label, s.Start, s.End,
				n.attrs, s.Note, s.Annotator, spanTime(s.CreatedAt), spanTime(s.UpdatedAt))
		}
		im.args = args
		ok, err := im.batch("spans", spanColumns, 11, len(part), args)
		if err != nil {
			return err
		}
		if ok {
			continue
		}
		for _, n := range part {
			s := n.s
			if err := im.insert(im.insSpan, &s.ID, func(id string) []any {
				return []any{id, s.ArticleID, string(s.Kind), s.Label, s.Start, s.End,
					n.attrs, s.Note, s.Annotator, spanTime(s.CreatedAt), spanTime(s.UpdatedAt)}
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// insertRelations is insertSpans for relations.
func (im *importer) insertRelations(articleID string, todo []*annotations.Relation) error {
	for len(todo) > 0 {
		part := todo[:min(len(todo), maxBatch)]
		todo = todo[len(part):]
		args := im.args[:0]
		for _, r := range part {
			args = append(args, r.ID, articleID, r.Type, r.From, r.To, formatTime(r.CreatedAt))
		}
		im.args = args
		ok, err := im.batch("relations", relationColumns, 6, len(part), args)
		if err != nil {
			return err
		}
		if ok {
			continue
		}
		for _, r := range part {
			if err := im.insert(im.insRelation, &r.ID, func(id string) []any {
				return []any{id, r.ArticleID, r.Type, r.From, r.To, formatTime(r.CreatedAt)}
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// batch inserts rows rows of cols columns each into table in one
// statement and reports whether it stored them all. A statement that
// breaks a constraint (a taken id, above all) changes nothing: SQLite
// backs it out and keeps the transaction, so the caller then stores the
// rows one by one, which finds the taken ids or the error.
func (im *importer) batch(table, columns string, cols, rows int, args []any) (bool, error) {
	if rows == 1 {
		return false, nil // the one-row path is as fast
	}
	k := multiKey{table, rows}
	st := im.multi[k]
	if st == nil {
		row := "(?" + strings.Repeat(", ?", cols-1) + ", " + strconv.FormatInt(im.id, 10) + ")"
		q := "INSERT INTO " + table + " (" + columns + ", import_id) VALUES " + row + strings.Repeat(", "+row, rows-1)
		var err error
		if st, err = im.tx.PrepareContext(im.ctx, q); err != nil {
			return false, err
		}
		im.multi[k] = st
		im.stmts = append(im.stmts, st)
	}
	res, err := st.ExecContext(im.ctx, args...)
	if err != nil {
		return false, nil
	}
	got, err := res.RowsAffected()
	return err == nil && got == int64(rows), nil
}

// spanKey is what makes two spans the same for a merge: identical spans
// of different annotators are both kept (agreement is made of them).
type spanKey struct {
	kind       annotations.Kind
	label      string
	start, end int
	annotator  string
}

type relKey struct{ typ, from, to string }

// storedKeys loads the merge keys of an stored article's spans and relations.
func (im *importer) storedKeys(articleID string, spans map[spanKey]string, rels map[relKey]bool) error {
	rows, err := im.tx.QueryContext(im.ctx, `SELECT id, kind, label, start, "end", annotator FROM spans WHERE article_id = ?`, articleID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind string
		var k spanKey
		if err := rows.Scan(&id, &kind, &k.label, &k.start, &k.end, &k.annotator); err != nil {
			return err
		}
		k.kind = annotations.Kind(kind)
		spans[k] = id
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rrows, err := im.tx.QueryContext(im.ctx, `SELECT type, from_span, to_span FROM relations WHERE article_id = ?`, articleID)
	if err != nil {
		return err
	}
	defer rrows.Close()
	for rrows.Next() {
		var k relKey
		if err := rrows.Scan(&k.typ, &k.from, &k.to); err != nil {
			return err
		}
		rels[k] = true
	}
	return rrows.Err()
}

// fill gives a document's empty ids, timestamps, status, direction and span
// kinds their defaults.
func (im *importer) fill(d *annotations.Document) error {
	var err error
	a := &d.Article
	if a.ID == "" {
		if a.ID, err = im.newID(); err != nil {
			return err
		}
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = im.now
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = im.now
	}
	if a.Status == "" {
		a.Status = annotations.StatusTodo
	}
	if a.Direction == "" {
		a.Direction = annotations.DetectDirection(a.Text)
	}
	for j := range d.Spans {
		s := &d.Spans[j]
		if s.ID == "" {
			if s.ID, err = im.newID(); err != nil {
				return err
			}
		}
		if s.Kind == "" {
			s.Kind = im.labels[s.Label]
		}
		if s.CreatedAt.IsZero() {
			s.CreatedAt = im.now
		}
		if s.UpdatedAt.IsZero() {
			s.UpdatedAt = im.now
		}
	}
	for j := range d.Relations {
		r := &d.Relations[j]
		if r.ID == "" {
			if r.ID, err = im.newID(); err != nil {
				return err
			}
		}
		if r.CreatedAt.IsZero() {
			r.CreatedAt = im.now
		}
	}
	return nil
}

// validate checks a filled document: annotations.ValidateDocument, times
// the store can write, and span kinds that agree with the scheme's labels.
func (im *importer) validate(d *annotations.Document) error {
	if err := annotations.ValidateDocument(d); err != nil {
		return err
	}
	a := &d.Article
	if err := checkTime(a.CreatedAt, a.UpdatedAt); err != nil {
		return annotations.Failf("article %q: %w", a.ID, err)
	}
	kinds := map[string]annotations.Kind{}
	for _, s := range d.Spans {
		if err := checkTime(s.CreatedAt, s.UpdatedAt); err != nil {
			return annotations.Failf("article %q: span %q: %w", a.ID, s.ID, err)
		}
		want, ok := im.labels[s.Label]
		if !ok {
			want, ok = kinds[s.Label]
		}
		if ok && want != s.Kind {
			return annotations.Failf("article %q: span %q [%d,%d) is a %s but label %q marks %s spans",
				a.ID, s.ID, s.Start, s.End, s.Kind, s.Label, want)
		}
		kinds[s.Label] = s.Kind
	}
	for _, r := range d.Relations {
		if err := checkTime(r.CreatedAt); err != nil {
			return annotations.Failf("article %q: relation %q: %w", a.ID, r.ID, err)
		}
	}
	return nil
}

// checkTime refuses times outside the years 1-9999, which RFC 3339 cannot
// write.
func checkTime(ts ...time.Time) error {
	for _, t := range ts {
		if y := t.UTC().Year(); y < 1 || y > 9999 {
			return annotations.Failf("time %s is outside the years 1-9999", t)
		}
	}
	return nil
}
