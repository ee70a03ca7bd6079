package data

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
)

// Staging keeps BringIn's write transaction short. The articles of the file
// that this database lacks (all of them, the first time) are written, with
// their layers, to a staging database in a temporary folder while nothing
// here is locked; the write transaction attaches it and copies its rows
// with one INSERT … SELECT per table, in SQLite's C code. It checks first
// that no article has arrived meanwhile with the same text or id and that
// no staged id is taken; if one is, it stores every article the slow way
// instead (still in that one transaction). The file's articles that are
// stored here already are compared and replaced inside the transaction.

// stageSchema creates the staging tables: the stored tables' columns,
// without constraints or indexes.
const stageSchema = `
CREATE TABLE stage_articles (id, title, title_fold, text_sha256, chars, lang, direction, source, status, note, created_at, updated_at);
CREATE TABLE stage_texts (article_id, text);
CREATE TABLE stage_spans (` + spanColumns + `);
CREATE TABLE stage_relations (` + relationColumns + `);`

// stage is a staging database and what it holds.
type stage struct {
	dir, path string
	ours      string       // our annotator name when it was made
	docs      map[int]bool // indexes into other.docs of the staged documents
	layers    map[string]*annotations.LayerResult
	ignored   int // spans of our layer left out
}

func (st *stage) remove() {
	if st != nil {
		os.RemoveAll(st.dir)
	}
}

// makeStage writes the documents of o whose text this database lacks (in a
// snapshot read now) to a new staging database. It returns nil when there
// are none.
func (db *DB) makeStage(ctx context.Context, o *other) (*stage, error) {
	st := &stage{docs: map[int]bool{}, layers: map[string]*annotations.LayerResult{}}
	err := db.view(ctx, "find the articles to add", func(tx *sql.Tx) error {
		var err error
		if st.ours, err = setting(ctx, tx, SettingAnnotator); err != nil {
			return err
		}
		q, err := tx.PrepareContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE text_sha256 = ?)`)
		if err != nil {
			return err
		}
		defer q.Close()
		for i := range o.docs {
			var found bool
			if err := q.QueryRowContext(ctx, o.docs[i].Article.TextSHA256()).Scan(&found); err != nil {
				return err
			}
			if !found {
				st.docs[i] = true
			}
		}
		return nil
	})
	if err != nil || len(st.docs) == 0 {
		return nil, err
	}
	if st.dir, err = os.MkdirTemp("", "hamesh-bringin-"); err != nil {
		return nil, annotations.Errorf(annotations.EINTERNAL,
			"make a temporary folder to stage the new articles in (set TMPDIR to a folder with room): %v", err)
	}
	st.path = filepath.Join(st.dir, "stage.db")
	if err := st.fill(ctx, o); err != nil {
		st.remove()
		return nil, fmt.Errorf("stage the new articles in %s: %w", st.path, err)
	}
	return st, nil
}

// fill writes the staged documents.
func (st *stage) fill(ctx context.Context, o *other) error {
	sdb, err := sql.Open("sqlite3", "file:"+uriPath(st.path)+"?_journal_mode=OFF&_synchronous=OFF")
	if err != nil {
		return err
	}
	defer sdb.Close()
	sdb.SetMaxOpenConns(1)
	if _, err := sdb.ExecContext(ctx, stageSchema); err != nil {
		return err
	}
	tx, err := sdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w := &stageWriter{ctx: ctx, tx: tx, stmts: map[bringMulti]*sql.Stmt{}}
	defer w.close()
	for i := range o.docs {
		if !st.docs[i] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		d := &o.docs[i]
		a := &d.Article
		w.add("stage_articles", 12, a.ID, a.Title, foldTitle(a.Title), a.TextSHA256(), utf8.RuneCountInString(a.Text), a.Lang,
			string(a.Direction), a.Source, string(a.Status), a.Note, formatTime(a.CreatedAt), formatTime(a.UpdatedAt))
		w.add("stage_texts", 2, a.ID, a.Text)
		layerOf := map[string]string{}
		counted := map[string]bool{}
		for _, s := range d.Spans {
			if s.Annotator == st.ours {
				st.ignored++
				continue
			}
			attrs, err := encodeAttributes(s.Attributes)
			if err != nil {
				return err
			}
			w.add("stage_spans", 11, s.ID, a.ID, string(s.Kind), s.Label, s.Start, s.End, attrs, s.Note, s.Annotator,
				formatTime(s.CreatedAt), formatTime(s.UpdatedAt))
			layerOf[s.ID] = s.Annotator
			lr := st.layer(s.Annotator)
			lr.SpansAdded++
			if !counted[s.Annotator] {
				counted[s.Annotator] = true
				lr.ArticlesNew++
			}
		}
		for _, r := range d.Relations {
			from, ok1 := layerOf[r.From]
			to, ok2 := layerOf[r.To]
			if !ok1 || !ok2 || from != to {
				continue // another layer's, or ours: as replace does
			}
			w.add("stage_relations", 6, r.ID, a.ID, r.Type, r.From, r.To, formatTime(r.CreatedAt))
			st.layer(from).RelationsAdded++
		}
		if w.err != nil {
			return w.err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	return tx.Commit()
}

func (st *stage) layer(name string) *annotations.LayerResult {
	lr := st.layers[name]
	if lr == nil {
		lr = &annotations.LayerResult{Annotator: name}
		st.layers[name] = lr
	}
	return lr
}

// stageWriter buffers rows per table and writes them bringBatch a
// statement.
type stageWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts map[bringMulti]*sql.Stmt
	rows  map[string][]any
	cols  map[string]int
	err   error
}

func (w *stageWriter) add(table string, cols int, vals ...any) {
	if w.rows == nil {
		w.rows, w.cols = map[string][]any{}, map[string]int{}
	}
	w.rows[table] = append(w.rows[table], vals...)
	w.cols[table] = cols
	if len(w.rows[table]) >= bringBatch*cols && w.err == nil {
		w.err = w.write(table)
	}
}

func (w *stageWriter) write(table string) error {
	args := w.rows[table]
	cols := w.cols[table]
	if len(args) == 0 {
		return nil
	}
	n := len(args) / cols
	k := bringMulti{table, n}
	st := w.stmts[k]
	if st == nil {
		row := "(?" + strings.Repeat(", ?", cols-1) + ")"
		var err error
		if st, err = w.tx.PrepareContext(w.ctx, "INSERT INTO "+table+" VALUES "+row+strings.Repeat(", "+row, n-1)); err != nil {
			return err
		}
		w.stmts[k] = st
	}
	_, err := st.ExecContext(w.ctx, args...)
	w.rows[table] = args[:0]
	return err
}

func (w *stageWriter) flush() error {
	for _, t := range []string{"stage_articles", "stage_texts", "stage_spans", "stage_relations"} {
		if err := w.write(t); err != nil {
			return err
		}
	}
	return nil
}

func (w *stageWriter) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// updateStaged is update with the staging database st attached as
// bringin_stage (st may be nil).
func (db *DB) updateStaged(ctx context.Context, op string, st *stage, fn func(tx *sql.Tx) error) error {
	if st == nil {
		return db.update(ctx, op, fn)
	}
	if db.readOnly != "" {
		return db.errReadOnly(op)
	}
	defer waitTurn(db.path)()
	return db.writeAttached(ctx, op, st.path, "bringin_stage", fn)
}

// applyStage copies the staged articles in, unless one of them has
// arrived meanwhile (by text or id), a staged id is taken, or our name
// changed: then it reports false and the caller stores every document the
// slow way.
func (b *bringer) applyStage(st *stage) (bool, error) {
	if st == nil || st.ours != b.ours {
		return false, nil
	}
	var clash bool
	err := b.tx.QueryRowContext(b.ctx, `SELECT
		EXISTS (SELECT 1 FROM bringin_stage.stage_articles s WHERE
			EXISTS (SELECT 1 FROM main.articles m WHERE m.id = s.id) OR
			EXISTS (SELECT 1 FROM main.articles m WHERE m.text_sha256 = s.text_sha256)) OR
		EXISTS (SELECT 1 FROM bringin_stage.stage_spans s WHERE EXISTS (SELECT 1 FROM main.spans m WHERE m.id = s.id)) OR
		EXISTS (SELECT 1 FROM bringin_stage.stage_relations s WHERE EXISTS (SELECT 1 FROM main.relations m WHERE m.id = s.id))`).Scan(&clash)
	if err != nil || clash {
		return false, err
	}
	for _, q := range []string{
		`INSERT INTO main.articles (id, title, title_fold, text_sha256, chars, lang, direction, source, status, note, created_at, updated_at)
			SELECT * FROM bringin_stage.stage_articles ORDER BY rowid`,
		`INSERT INTO main.article_texts (article_id, text) SELECT * FROM bringin_stage.stage_texts ORDER BY rowid`,
		`INSERT INTO main.spans (` + spanColumns + `) SELECT * FROM bringin_stage.stage_spans ORDER BY rowid`,
		`INSERT INTO main.relations (` + relationColumns + `) SELECT * FROM bringin_stage.stage_relations ORDER BY rowid`,
	} {
		if _, err := b.tx.ExecContext(b.ctx, q); err != nil {
			return false, err
		}
	}
	b.res.ArticlesNew += len(st.docs)
	b.res.IgnoredOwnSpans += st.ignored
	for name, l := range st.layers {
		lr := b.layers[name]
		if lr == nil {
			continue // cannot be: every annotator of the file has a layer
		}
		lr.ArticlesNew += l.ArticlesNew
		lr.SpansAdded += l.SpansAdded
		lr.RelationsAdded += l.RelationsAdded
	}
	return true, nil
}
