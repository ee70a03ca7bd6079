package data

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// foldTitle is the form of titles and queries that title search compares:
// annotations.FoldString, lower case with Arabic letter variants, harakat
// and tatweel folded. Titles are folded once, on import, into
// articles.title_fold; if FoldString ever changes, a migration must fold
// them again.
func foldTitle(s string) string { return annotations.FoldString(s) }

// articleWhere turns f's filters into a WHERE clause over articles a, which
// also leaves out the articles of imports not yet finished (visible). It
// also checks the parts of f it does not use (sort key, offset, limit), so
// every reader refuses the same bad filters.
func articleWhere(f annotations.ArticleFilter) (string, []any, error) {
	if !annotations.ValidSortKey(f.SortBy) {
		return "", nil, annotations.Errorf(annotations.EINVALID, "unknown sort %q (want created, updated, title or status)", f.SortBy)
	}
	conds := []string{visible("a")}
	var args []any
	if f.Query != "" {
		conds = append(conds, `instr(a.title_fold, ?) > 0`)
		args = append(args, foldTitle(f.Query))
	}
	if len(f.Status) > 0 {
		for _, s := range f.Status {
			if !s.Valid() {
				return "", nil, annotations.Errorf(annotations.EINVALID, "unknown status %q (want todo, in_progress or done)", s)
			}
		}
		b, _ := json.Marshal(f.Status)
		conds = append(conds, `a.status IN (SELECT value FROM json_each(?))`)
		args = append(args, string(b))
	}
	if len(f.IDs) > 0 {
		b, _ := json.Marshal(f.IDs)
		conds = append(conds, `a.id IN (SELECT value FROM json_each(?))`)
		args = append(args, string(b))
	}
	if f.Offset < 0 || f.Limit < 0 {
		return "", nil, annotations.Errorf(annotations.EINVALID, "offset %d and limit %d must not be negative", f.Offset, f.Limit)
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// articleOrder is the ORDER BY clause for f.SortBy; ties fall back to id so
// pages never overlap.
func articleOrder(f annotations.ArticleFilter) (string, error) {
	var keys []string
	switch f.SortBy {
	case "", annotations.SortCreated:
		keys = []string{"a.created_at", "a.id"}
	case annotations.SortUpdated:
		keys = []string{"a.updated_at", "a.id"}
	case annotations.SortTitle:
		keys = []string{"a.title_fold", "a.title", "a.id"}
	case annotations.SortStatus:
		keys = []string{"CASE a.status WHEN 'todo' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END", "a.created_at", "a.id"}
	default:
		return "", annotations.Errorf(annotations.EINVALID, "unknown sort %q (want created, updated, title or status)", f.SortBy)
	}
	if f.Desc {
		for i := range keys {
			keys[i] += " DESC"
		}
	}
	return " ORDER BY " + strings.Join(keys, ", "), nil
}

// ListArticles returns library rows (no texts) matching f, sorted by
// f.SortBy and paged by f.Offset and f.Limit, with their entity and claim
// counts. It returns EINVALID for an unknown status or sort key or a
// negative offset or limit.
func (db *DB) ListArticles(ctx context.Context, f annotations.ArticleFilter) ([]annotations.ArticleSummary, error) {
	var out []annotations.ArticleSummary
	err := db.view(ctx, "list articles", func(tx *sql.Tx) error {
		var err error
		out, err = listArticles(ctx, tx, f)
		return err
	})
	return out, err
}

func listArticles(ctx context.Context, tx *sql.Tx, f annotations.ArticleFilter) ([]annotations.ArticleSummary, error) {
	where, args, err := articleWhere(f)
	if err != nil {
		return nil, err
	}
	order, err := articleOrder(f)
	if err != nil {
		return nil, err
	}
	q := `SELECT a.id, a.title, a.lang, a.direction, a.status, a.chars, a.updated_at, a.curated_by,
		(SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.kind = 'entity' AND ` + visible("s") + `),
		(SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.kind = 'claim' AND ` + visible("s") + `),
		(SELECT count(*) FROM suggestions g WHERE g.article_id = a.id AND g.status = 'pending')
		FROM articles a` + where + order
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	} else if f.Offset > 0 {
		q += ` LIMIT -1 OFFSET ?`
		args = append(args, f.Offset)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []annotations.ArticleSummary{}
	for rows.Next() {
		var a annotations.ArticleSummary
		var dir, status, updated string
		if err := rows.Scan(&a.ID, &a.Title, &a.Lang, &dir, &status, &a.Chars, &updated, &a.CuratedBy, &a.Entities, &a.Claims, &a.Suggestions); err != nil {
			return nil, err
		}
		a.Direction, a.Status = annotations.Direction(dir), annotations.Status(status)
		if a.UpdatedAt, err = parseTime(updated); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CountArticles returns how many articles match f, ignoring its order,
// offset and limit. It returns EINVALID for an unknown status or sort key.
func (db *DB) CountArticles(ctx context.Context, f annotations.ArticleFilter) (int, error) {
	var n int
	err := db.view(ctx, "count articles", func(tx *sql.Tx) error {
		var err error
		n, err = countArticles(ctx, tx, f)
		return err
	})
	return n, err
}

func countArticles(ctx context.Context, tx *sql.Tx, f annotations.ArticleFilter) (int, error) {
	f.Offset, f.Limit = 0, 0
	where, args, err := articleWhere(f)
	if err != nil {
		return 0, err
	}
	var n int
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM articles a`+where, args...).Scan(&n)
	return n, err
}

// ArticlePage returns the library rows ListArticles would return for f and
// the count CountArticles would, read in one transaction: the total is the
// number of matches in the same snapshot the page came from, so a write
// from another connection cannot fall between them. Articles is never nil.
// It returns EINVALID for an unknown status or sort key or a negative
// offset or limit.
func (db *DB) ArticlePage(ctx context.Context, f annotations.ArticleFilter) (annotations.ArticlePage, error) {
	var p annotations.ArticlePage
	err := db.view(ctx, "list a page of articles", func(tx *sql.Tx) error {
		var err error
		if p.Articles, err = listArticles(ctx, tx, f); err != nil {
			return err
		}
		p.Total, err = countArticles(ctx, tx, f)
		return err
	})
	if err != nil {
		return annotations.ArticlePage{}, err
	}
	return p, nil
}

// Document returns one article with its spans (by start, end, id) and
// relations (by id). It returns ENOTFOUND for an unknown id.
func (db *DB) Document(ctx context.Context, articleID string) (*annotations.Document, error) {
	var doc *annotations.Document
	err := db.view(ctx, fmt.Sprintf("load article %q", articleID), func(tx *sql.Tx) error {
		var err error
		doc, err = loadDocument(ctx, tx, articleID)
		return err
	})
	return doc, err
}

func loadDocument(ctx context.Context, tx *sql.Tx, id string) (*annotations.Document, error) {
	q, err := prepareDocQueries(ctx, tx)
	if err != nil {
		return nil, err
	}
	defer q.close()
	return q.load(ctx, id)
}

// docQueries are the three queries that load a document, prepared once for
// an export of many.
type docQueries struct {
	article, spans, relations *sql.Stmt
}

func prepareDocQueries(ctx context.Context, tx *sql.Tx) (*docQueries, error) {
	q := &docQueries{}
	var err error
	if q.article, err = tx.PrepareContext(ctx, `SELECT `+articleColumns+articleFrom+` WHERE a.id = ? AND `+visible("a")); err != nil {
		return nil, err
	}
	if q.spans, err = tx.PrepareContext(ctx, `SELECT `+spanColumns+` FROM spans s WHERE article_id = ? AND `+visible("s")+`
		ORDER BY start, "end", id`); err != nil {
		q.close()
		return nil, err
	}
	if q.relations, err = tx.PrepareContext(ctx, `SELECT `+relationColumns+` FROM relations r WHERE article_id = ? AND `+visible("r")+`
		ORDER BY id`); err != nil {
		q.close()
		return nil, err
	}
	return q, nil
}

func (q *docQueries) close() {
	for _, st := range []*sql.Stmt{q.article, q.spans, q.relations} {
		if st != nil {
			st.Close()
		}
	}
}

// load reads one document; ENOTFOUND when there is no such article.
func (q *docQueries) load(ctx context.Context, id string) (*annotations.Document, error) {
	a, err := scanArticle(q.article.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, annotations.Errorf(annotations.ENOTFOUND, "article %q not found", id)
	} else if err != nil {
		return nil, err
	}
	doc := &annotations.Document{Article: a}
	rows, err := q.spans.QueryContext(ctx, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanSpan(rows)
		if err != nil {
			return nil, err
		}
		doc.Spans = append(doc.Spans, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rrows, err := q.relations.QueryContext(ctx, id)
	if err != nil {
		return nil, err
	}
	defer rrows.Close()
	for rrows.Next() {
		r, err := scanRelation(rrows)
		if err != nil {
			return nil, err
		}
		doc.Relations = append(doc.Relations, r)
	}
	return doc, rrows.Err()
}

// ExportDocuments calls fn for every document matching f's filters and
// within its Offset and Limit, in a stable order whatever f.SortBy says:
// articles by creation time then id, spans by start, end, id, relations by
// id. It reads one snapshot, so writes made meanwhile are not seen, and
// holds one document in memory at a time. An error from fn stops the export
// and is returned (errors.Is finds it); EINVALID for a bad filter.
func (db *DB) ExportDocuments(ctx context.Context, f annotations.ArticleFilter, fn func(*annotations.Document) error) error {
	return db.view(ctx, "export documents", func(tx *sql.Tx) error {
		return exportDocuments(ctx, tx, f, fn)
	})
}

func exportDocuments(ctx context.Context, tx *sql.Tx, f annotations.ArticleFilter, fn func(*annotations.Document) error) error {
	where, args, err := articleWhere(f)
	if err != nil {
		return err
	}
	// One query streams the matching articles, each row carrying the
	// article's spans and relations as one JSON array each (built by
	// SQLite's C code): three values per article cross from C to Go instead
	// of a statement and a row per span. The spans come in the index's
	// order and are put in order (start, end, id) here: SQLite's ordered
	// aggregate sorted every article's spans again (about a fifth of the
	// query's time), though they mostly arrive in order already.
	q := `SELECT ` + articleColumns + `,
		(SELECT json_group_array(json_array(id, kind, label, start, "end", attributes, note, annotator, created_at, updated_at))
			FROM spans s WHERE article_id = a.id AND ` + visible("s") + `),
		(SELECT json_group_array(json_array(id, type, from_span, to_span, created_at) ORDER BY id)
			FROM relations r WHERE article_id = a.id AND ` + visible("r") + `)` + articleFrom + where + ` ORDER BY a.created_at, a.id LIMIT ? OFFSET ?`
	limit := -1
	if f.Limit > 0 {
		limit = f.Limit
	}
	args = append(args, limit, f.Offset)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a annotations.Article
		var dir, status, created, updated, curatedBy, curatedAt, rejections, spans, rels string
		if err := rows.Scan(&a.ID, &a.Title, &a.Text, &a.Lang, &dir, &a.Source, &status, &a.Note, &created, &updated,
			&curatedBy, &curatedAt, &rejections, &spans, &rels); err != nil {
			return err
		}
		if a.Curation, err = scanCuration(a.ID, curatedBy, curatedAt); err != nil {
			return err
		}
		if a.Rejections, err = decodeRejections(a.ID, rejections); err != nil {
			return err
		}
		a.Direction, a.Status = annotations.Direction(dir), annotations.Status(status)
		if a.CreatedAt, err = parseTime(created); err != nil {
			return err
		}
		if a.UpdatedAt, err = parseTime(updated); err != nil {
			return err
		}
		// Every stored document passed validation on write.
		doc := &annotations.Document{Article: a, Stored: true}
		if doc.Spans, err = decodeSpanRows(a.ID, spans); err != nil {
			return err
		}
		if !slices.IsSortedFunc(doc.Spans, compareSpanOrder) {
			slices.SortFunc(doc.Spans, compareSpanOrder)
		}
		if doc.Relations, err = decodeRelationRows(a.ID, rels); err != nil {
			return err
		}
		if err := fn(doc); err != nil {
			return annotations.Failf("article %q: %w", a.ID, err)
		}
	}
	return rows.Err()
}

// compareSpanOrder is the export's span order: start, end, then id (ids
// are unique, so the order is total, as ORDER BY start, "end", id was).
func compareSpanOrder(x, y annotations.Span) int {
	if c := cmp.Compare(x.Start, y.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(x.End, y.End); c != 0 {
		return c
	}
	return strings.Compare(x.ID, y.ID)
}

// articleMeta is the part of an article SetArticleMeta changes, as history
// records it.
type articleMeta struct {
	Status annotations.Status `json:"status"`
	Note   string             `json:"note"`
	// CuratedBy and CuratedAt are the article's curation (SetCuration),
	// "" while it is not curated; history rows written before curation
	// existed have neither, and the article was not curated then.
	CuratedBy string `json:"curated_by,omitempty"`
	CuratedAt string `json:"curated_at,omitempty"`
	// Rejections is the article's rejections column as stored (migration
	// 0005), "" for none; history rows written before it existed have
	// none, and nothing was rejected then.
	Rejections string `json:"rejections,omitempty"`
}

func getMeta(ctx context.Context, tx *sql.Tx, articleID string) (articleMeta, error) {
	var m articleMeta
	var status string
	err := tx.QueryRowContext(ctx, `SELECT status, note, curated_by, curated_at, rejections FROM articles WHERE id = ?`, articleID).Scan(&status, &m.Note, &m.CuratedBy, &m.CuratedAt, &m.Rejections)
	if errors.Is(err, sql.ErrNoRows) {
		return m, annotations.Errorf(annotations.ENOTFOUND, "article %q not found", articleID)
	}
	m.Status = annotations.Status(status)
	return m, err
}

func setMeta(ctx context.Context, tx *sql.Tx, articleID string, m articleMeta) error {
	_, err := tx.ExecContext(ctx, `UPDATE articles SET status = ?, note = ?, curated_by = ?, curated_at = ?, rejections = ? WHERE id = ?`,
		string(m.Status), m.Note, m.CuratedBy, m.CuratedAt, m.Rejections, articleID)
	return err
}

// touchArticle marks an article as changed at now.
func touchArticle(ctx context.Context, tx *sql.Tx, articleID string, now string) error {
	_, err := tx.ExecContext(ctx, `UPDATE articles SET updated_at = ? WHERE id = ?`, now, articleID)
	return err
}

// SetArticleMeta sets an article's status and note, recording the change for
// undo; setting the values it already has changes nothing. It returns
// ENOTFOUND for an unknown article and EINVALID for an unknown status.
func (db *DB) SetArticleMeta(ctx context.Context, articleID string, status annotations.Status, note string) error {
	return db.update(ctx, fmt.Sprintf("set status and note of article %q", articleID), func(tx *sql.Tx) error {
		if !status.Valid() {
			return annotations.Errorf(annotations.EINVALID, "unknown status %q (want todo, in_progress or done)", status)
		}
		old, err := getMeta(ctx, tx, articleID)
		if err != nil {
			return err
		}
		m := old
		m.Status, m.Note = status, note
		if m == old {
			return nil
		}
		if err := setMeta(ctx, tx, articleID, m); err != nil {
			return err
		}
		if err := touchArticle(ctx, tx, articleID, formatTime(db.now())); err != nil {
			return err
		}
		return recordHistory(ctx, tx, db.now(), articleID, opSetMeta, &snapshot{Meta: &old}, &snapshot{Meta: &m})
	})
}
