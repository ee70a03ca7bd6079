package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

var (
	_ annotations.CurationStore  = (*DB)(nil)
	_ annotations.RejectionStore = (*DB)(nil)
)

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

// curation stores the curation and rejections a new article was imported
// with (native JSONL's "curation"), in the import's transaction. A merged article keeps
// its own, as it keeps its other fields.
func (im *importer) curation(a *annotations.Article) error {
	if len(a.Rejections) > 0 {
		if err := annotations.ValidateRejections(a.Rejections); err != nil {
			return annotations.Errorf(annotations.EINVALID, "article %q: %v", a.ID, err)
		}
		v, err := encodeRejections(a.Rejections)
		if err != nil {
			return err
		}
		if _, err := im.tx.ExecContext(im.ctx, `UPDATE articles SET rejections = ? WHERE id = ?`, v, a.ID); err != nil {
			return err
		}
	}
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

// opRejectUnit is the history op of SetRejected.
const opRejectUnit = "reject_unit"

// SetRejected records that curator by rejected unit (annotations.SpanUnit
// or RelationUnit) of the article now, and removes the gold spans
// removeGold (the article's gold spans in that unit) with their
// relations; with by "" it takes the unit's rejection back (removeGold
// must then be empty). Either is one undo step, undoing which also brings
// the removed gold spans back; rejecting a unit the same curator rejected
// already changes only the gold spans. It returns ENOTFOUND for an unknown
// article or span, EINVALID for a malformed unit, a name that cannot be an
// annotator's, or a span to remove that is not a gold span of the article.
func (db *DB) SetRejected(ctx context.Context, articleID, unit, by string, removeGold []string) error {
	op := fmt.Sprintf("reject unit %s of article %q", unit, articleID)
	if by == "" {
		op = fmt.Sprintf("take back the rejection of unit %s of article %q", unit, articleID)
	}
	return db.update(ctx, op, func(tx *sql.Tx) error {
		if err := annotations.ValidUnit(unit); err != nil {
			return err
		}
		if by != "" {
			if err := annotations.ValidAnnotatorName(by); err != nil {
				return err
			}
		} else if len(removeGold) > 0 {
			return annotations.Errorf(annotations.EINVALID, "taking a rejection back removes no gold span (%d given)", len(removeGold))
		}
		old, err := getMeta(ctx, tx, articleID)
		if err != nil {
			return err
		}
		rs, err := decodeRejections(articleID, old.Rejections)
		if err != nil {
			return err
		}
		next := slices.DeleteFunc(slices.Clone(rs), func(r annotations.Rejection) bool { return r.Unit == unit })
		if by != "" {
			r := annotations.Rejection{Unit: unit, By: by, At: db.now()}
			if had := annotations.RejectionOf(rs, unit); had != nil && had.By == by {
				r = *had
			}
			next = append(next, r)
		}
		m := old
		if m.Rejections, err = encodeRejections(next); err != nil {
			return err
		}
		var spans []annotations.Span
		var rels []annotations.Relation
		seen := map[string]bool{}
		for _, id := range removeGold {
			sp, err := getSpan(ctx, tx, id)
			if err != nil {
				return err
			}
			if sp.ArticleID != articleID || sp.Annotator != annotations.GoldLayer {
				return annotations.Errorf(annotations.EINVALID, "span %q is not a gold span of article %q", id, articleID)
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			spans = append(spans, sp)
		}
		for _, sp := range spans {
			rs, err := queryRelations(ctx, tx, `SELECT `+relationColumns+` FROM relations
				WHERE from_span = ?1 OR to_span = ?1 ORDER BY id`, sp.ID)
			if err != nil {
				return err
			}
			for _, r := range rs {
				if !slices.ContainsFunc(rels, func(o annotations.Relation) bool { return o.ID == r.ID }) {
					rels = append(rels, r)
				}
			}
		}
		if m == old && len(spans) == 0 {
			return nil
		}
		for _, sp := range spans {
			// Relations go by the foreign keys' ON DELETE CASCADE.
			if _, err := tx.ExecContext(ctx, `DELETE FROM spans WHERE id = ?`, sp.ID); err != nil {
				return err
			}
		}
		if err := setMeta(ctx, tx, articleID, m); err != nil {
			return err
		}
		now := db.now()
		if err := touchArticle(ctx, tx, articleID, formatTime(now)); err != nil {
			return err
		}
		return recordHistory(ctx, tx, now, articleID, opRejectUnit,
			&snapshot{Meta: &old, Spans: spans, Relations: rels}, &snapshot{Meta: &m})
	})
}

// storedRejection is a rejection as the rejections column holds it.
type storedRejection struct {
	Unit string `json:"unit"`
	By   string `json:"by"`
	At   string `json:"at"`
}

// encodeRejections gives the rejections column's value for rs: "" for
// none, else a JSON array sorted by unit.
func encodeRejections(rs []annotations.Rejection) (string, error) {
	if len(rs) == 0 {
		return "", nil
	}
	out := make([]storedRejection, len(rs))
	for i, r := range rs {
		out[i] = storedRejection{Unit: r.Unit, By: r.By, At: formatTime(r.At)}
	}
	slices.SortFunc(out, func(a, b storedRejection) int { return strings.Compare(a.Unit, b.Unit) })
	b, err := json.Marshal(out)
	return string(b), err
}

// decodeRejections reads the rejections column of article id.
func decodeRejections(id, v string) ([]annotations.Rejection, error) {
	if v == "" {
		return nil, nil
	}
	var in []storedRejection
	if err := json.Unmarshal([]byte(v), &in); err != nil {
		return nil, annotations.Errorf(annotations.EINTERNAL, "article %q: its rejections are not a JSON array of rejections: %v", id, err)
	}
	out := make([]annotations.Rejection, len(in))
	for i, r := range in {
		at, err := parseTime(r.At)
		if err != nil {
			return nil, annotations.Errorf(annotations.EINTERNAL, "article %q: rejection of unit %q: %q is not a time: %v", id, r.Unit, r.At, err)
		}
		out[i] = annotations.Rejection{Unit: r.Unit, By: r.By, At: at}
	}
	return out, nil
}
