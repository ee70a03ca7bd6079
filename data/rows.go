package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/hamesh-app/hamesh/annotations"
)

// Column lists and scanners shared by the queries. "end" is an SQL keyword,
// hence the quotes.
const (
	spanColumns     = `id, article_id, kind, label, start, "end", attributes, note, annotator, created_at, updated_at`
	relationColumns = `id, article_id, type, from_span, to_span, created_at`
	articleColumns  = `a.id, a.title, t.text, a.lang, a.direction, a.source, a.status, a.note, a.created_at, a.updated_at, a.curated_by, a.curated_at, a.rejections`
	articleFrom     = ` FROM articles a JOIN article_texts t ON t.article_id = a.id`
)

// visible is the condition that the row of the table aliased alias is not
// staged by an import still running (or killed): its import_id is NULL, or
// names an import that has finished (whose imports row is gone). Every
// reader of articles, spans, relations and labels applies it, so an import
// file appears all at once (see migration 0003).
func visible(alias string) string {
	return "(" + alias + ".import_id IS NULL OR " + alias + ".import_id NOT IN (SELECT id FROM imports))"
}

type scanner interface{ Scan(dest ...any) error }

func scanSpan(row scanner) (annotations.Span, error) {
	var s annotations.Span
	var kind, attrs string
	var created, updated any
	if err := row.Scan(&s.ID, &s.ArticleID, &kind, &s.Label, &s.Start, &s.End, &attrs, &s.Note, &s.Annotator, &created, &updated); err != nil {
		return s, err
	}
	s.Kind = annotations.Kind(kind)
	var err error
	if s.Attributes, err = decodeAttributes(attrs); err != nil {
		return s, err
	}
	if s.CreatedAt, err = readSpanTime(created); err != nil {
		return s, err
	}
	s.UpdatedAt, err = readSpanTime(updated)
	return s, err
}

func scanRelation(row scanner) (annotations.Relation, error) {
	var r annotations.Relation
	var created string
	if err := row.Scan(&r.ID, &r.ArticleID, &r.Type, &r.From, &r.To, &created); err != nil {
		return r, err
	}
	var err error
	r.CreatedAt, err = parseTime(created)
	return r, err
}

func scanArticle(row scanner) (annotations.Article, error) {
	var a annotations.Article
	var dir, status, created, updated, curatedBy, curatedAt, rejections string
	if err := row.Scan(&a.ID, &a.Title, &a.Text, &a.Lang, &dir, &a.Source, &status, &a.Note, &created, &updated, &curatedBy, &curatedAt, &rejections); err != nil {
		return a, err
	}
	a.Direction, a.Status = annotations.Direction(dir), annotations.Status(status)
	var err error
	if a.CreatedAt, err = parseTime(created); err != nil {
		return a, err
	}
	if a.UpdatedAt, err = parseTime(updated); err != nil {
		return a, err
	}
	if a.Curation, err = scanCuration(a.ID, curatedBy, curatedAt); err != nil {
		return a, err
	}
	a.Rejections, err = decodeRejections(a.ID, rejections)
	return a, err
}

// encodeAttributes stores a span's attributes as a JSON object ("{}" for
// none); decodeAttributes gives nil back for "{}", as spans without
// attributes carry a nil map.
func encodeAttributes(m map[string]string) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	return string(b), err
}

func decodeAttributes(s string) (map[string]string, error) {
	if s == "" || s == "{}" {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, annotations.Errorf(annotations.EINTERNAL, "stored span attributes %q are malformed: %v", s, err)
	}
	return m, nil
}

// getSpan loads one span; ENOTFOUND when there is none.
func getSpan(ctx context.Context, tx *sql.Tx, id string) (annotations.Span, error) {
	s, err := scanSpan(tx.QueryRowContext(ctx, `SELECT `+spanColumns+` FROM spans WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, annotations.Errorf(annotations.ENOTFOUND, "span %q not found", id)
	}
	return s, err
}

// getRelation loads one relation; ENOTFOUND when there is none.
func getRelation(ctx context.Context, tx *sql.Tx, id string) (annotations.Relation, error) {
	r, err := scanRelation(tx.QueryRowContext(ctx, `SELECT `+relationColumns+` FROM relations WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, annotations.Errorf(annotations.ENOTFOUND, "relation %q not found", id)
	}
	return r, err
}

// queryRelations runs q and collects its rows.
func queryRelations(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]annotations.Relation, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annotations.Relation
	for rows.Next() {
		r, err := scanRelation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// insertSpan and insertRelation write one row as given.
func insertSpan(ctx context.Context, tx *sql.Tx, s *annotations.Span) error {
	attrs, err := encodeAttributes(s.Attributes)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO spans (`+spanColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.ArticleID, string(s.Kind), s.Label, s.Start, s.End, attrs, s.Note, s.Annotator,
		spanTime(s.CreatedAt), spanTime(s.UpdatedAt))
	return err
}

func updateSpanRow(ctx context.Context, tx *sql.Tx, s *annotations.Span) error {
	attrs, err := encodeAttributes(s.Attributes)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE spans SET kind = ?, label = ?, start = ?, "end" = ?, attributes = ?,
		note = ?, annotator = ?, created_at = ?, updated_at = ? WHERE id = ?`,
		string(s.Kind), s.Label, s.Start, s.End, attrs, s.Note, s.Annotator,
		spanTime(s.CreatedAt), spanTime(s.UpdatedAt), s.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return annotations.Errorf(annotations.ENOTFOUND, "span %q not found", s.ID)
	}
	return nil
}

func insertRelation(ctx context.Context, tx *sql.Tx, r *annotations.Relation) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO relations (`+relationColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
		r.ID, r.ArticleID, r.Type, r.From, r.To, formatTime(r.CreatedAt))
	return err
}
