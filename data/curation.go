package data

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/hamesh-app/hamesh/annotations"
)

var _ annotations.CurationStore = (*DB)(nil)

// SetCuration marks an article curated by curator now, or, with an empty
// curator, not curated. The curation is its own field, not a status: the
// article's status and note stay. It is one undo step, and nothing when
// the article is already in that state (curated by the same curator). It
// returns the article's curation (nil when not curated); ENOTFOUND for an
// unknown article, EINVALID for a curator name that cannot be an
// annotator's (annotations.ValidAnnotatorName; "gold" is refused too).
func (db *DB) SetCuration(ctx context.Context, articleID, curator string) (*annotations.Curation, error) {
	var out *annotations.Curation
	err := db.update(ctx, fmt.Sprintf("mark article %q curated by %q", articleID, curator), func(tx *sql.Tx) error {
		if curator != "" {
			if err := annotations.ValidAnnotatorName(curator); err != nil {
				return err
			}
		}
		old, err := getMeta(ctx, tx, articleID)
		if err != nil {
			return err
		}
		m := old
		if curator == "" {
			m.CuratedBy, m.CuratedAt = "", ""
		} else if old.CuratedBy != curator {
			m.CuratedBy, m.CuratedAt = curator, formatTime(db.now())
		}
		if out, err = scanCuration(articleID, m.CuratedBy, m.CuratedAt); err != nil || m == old {
			return err
		}
		if err := setMeta(ctx, tx, articleID, m); err != nil {
			return err
		}
		if err := touchArticle(ctx, tx, articleID, formatTime(db.now())); err != nil {
			return err
		}
		return recordHistory(ctx, tx, db.now(), articleID, opSetMeta, &snapshot{Meta: &old}, &snapshot{Meta: &m})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanCuration turns the stored curated_by and curated_at of article id
// into its curation: nil when curated_by is empty.
func scanCuration(id, by, at string) (*annotations.Curation, error) {
	if by == "" {
		return nil, nil
	}
	t, err := parseTime(at)
	if err != nil {
		return nil, annotations.Errorf(annotations.EINTERNAL, "article %q: curated_at %q is not a time: %v", id, at, err)
	}
	return &annotations.Curation{By: by, At: t}, nil
}

// curation stores the curation a new article was imported with (native
// JSONL's "curation"), in the import's transaction. A merged article keeps
// its own, as it keeps its other fields.
func (im *importer) curation(a *annotations.Article) error {
	c := a.Curation
	if c == nil {
		return nil
	}
	if err := annotations.ValidAnnotatorName(c.By); err != nil {
		return annotations.Errorf(annotations.EINVALID, "article %q: curation: %v", a.ID, err)
	}
	at := c.At
	if at.IsZero() {
		at = im.now
	}
	_, err := im.tx.ExecContext(im.ctx, `UPDATE articles SET curated_by = ?, curated_at = ? WHERE id = ?`, c.By, formatTime(at), a.ID)
	return err
}
