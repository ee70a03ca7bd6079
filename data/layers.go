package data

import (
	"context"
	"database/sql"

	"github.com/hamesh-app/hamesh/annotations"
)

var _ annotations.LayerCounter = (*DB)(nil)

// Layers returns, for the articles f selects (ignoring Offset and Limit),
// each annotator's layer with its number of articles and spans, in
// annotator order ("" first, for spans that name no annotator). The export
// reads it before writing, to choose its default layer (the gold layer
// when there is one) and to refuse a layer that is not there.
func (db *DB) Layers(ctx context.Context, f annotations.ArticleFilter) ([]annotations.LayerCount, error) {
	f.Offset, f.Limit = 0, 0
	var out []annotations.LayerCount
	err := db.view(ctx, "count the annotators' layers of the articles to export", func(tx *sql.Tx) error {
		where, args, err := articleWhere(f)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT s.annotator, count(DISTINCT s.article_id), count(*)
			FROM spans s JOIN articles a ON a.id = s.article_id`+where+`
			GROUP BY s.annotator ORDER BY s.annotator`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c annotations.LayerCount
			if err := rows.Scan(&c.Annotator, &c.Articles, &c.Spans); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}
