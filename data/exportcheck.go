package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// CheckExport returns an EINTERNAL error naming the articles matching f
// (ignoring Offset and Limit) that cannot be exported because their text
// row is missing — a damaged or tampered database; ExportDocuments reads
// articles joined with their texts and would skip them without a word. It
// returns nil when every matching article can be read. Exporters call it
// before writing anything (issue 11, point 11).
func (db *DB) CheckExport(ctx context.Context, f annotations.ArticleFilter) error {
	f.Offset, f.Limit = 0, 0
	var ids, titles []string
	err := db.view(ctx, "check the articles to export", func(tx *sql.Tx) error {
		where, args, err := articleWhere(f)
		if err != nil {
			return err
		}
		cond := " WHERE "
		if where != "" {
			cond = where + " AND "
		}
		rows, err := tx.QueryContext(ctx, `SELECT a.id, a.title FROM articles a`+cond+
			`NOT EXISTS (SELECT 1 FROM article_texts t WHERE t.article_id = a.id) ORDER BY a.created_at, a.id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, title string
			if err := rows.Scan(&id, &title); err != nil {
				return err
			}
			ids, titles = append(ids, id), append(titles, title)
		}
		return rows.Err()
	})
	if err != nil || len(ids) == 0 {
		return err
	}
	var named []string
	for i, id := range ids {
		if i == 5 {
			named = append(named, fmt.Sprintf("and %d more", len(ids)-5))
			break
		}
		t := []rune(titles[i])
		if len(t) > 40 {
			t = append(t[:40], '…')
		}
		named = append(named, fmt.Sprintf("%q (%q)", id, string(t)))
	}
	return annotations.Errorf(annotations.EINTERNAL,
		"export from %s: %d article(s) cannot be read because their text is missing from the database (it is damaged): %s; nothing was exported: restore a backup, or delete these articles",
		db.path, len(ids), strings.Join(named, ", "))
}
