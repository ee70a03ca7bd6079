package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"

	"github.com/hamesh-app/hamesh/annotations"
)

// articleText loads an article's text for validating a span over it;
// ENOTFOUND when there is no such article.
func articleText(ctx context.Context, tx *sql.Tx, articleID string) (string, error) {
	var text string
	err := tx.QueryRowContext(ctx, `SELECT text FROM article_texts WHERE article_id = ?`, articleID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", annotations.Errorf(annotations.ENOTFOUND, "article %q not found", articleID)
	}
	return text, err
}

// labelKind returns the kind of the label named name; EINVALID when the
// scheme has no such label.
func labelKind(ctx context.Context, tx *sql.Tx, name string) (annotations.Kind, error) {
	var kind string
	err := tx.QueryRowContext(ctx, `SELECT kind FROM labels WHERE name = ?`, name).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return "", annotations.Errorf(annotations.EINVALID, "label %q is not in the scheme (add it with SaveLabel first)", name)
	}
	return annotations.Kind(kind), err
}

// checkSpan validates s over its article's text and the label scheme,
// filling its kind from the label when empty.
func checkSpan(ctx context.Context, tx *sql.Tx, s *annotations.Span) error {
	text, err := articleText(ctx, tx, s.ArticleID)
	if err != nil {
		return err
	}
	kind, err := labelKind(ctx, tx, s.Label)
	if err != nil {
		return err
	}
	if s.Kind == "" {
		s.Kind = kind
	} else if s.Kind != kind {
		return annotations.Errorf(annotations.EINVALID, "span kind %q does not match label %q, which marks %s spans", s.Kind, s.Label, kind)
	}
	return annotations.ValidateSpan(text, nil, *s)
}

// AddSpan validates s against its article's text and the label scheme and
// stores it with a history entry for undo. It fills an empty ID (UUIDv7),
// the kind from the label, the annotator from the "annotator" setting, and
// the timestamps, and returns the stored span. On an article whose status is
// todo it also sets in_progress, undone together with the span.
//
// It returns ENOTFOUND for an unknown article; EINVALID for a range outside
// the text or splitting a character, an unknown label, a kind that is not
// the label's, or a closed claim attribute with a value not allowed;
// ECONFLICT when a given ID is taken.
func (db *DB) AddSpan(ctx context.Context, s annotations.Span) (annotations.Span, error) {
	err := db.update(ctx, fmt.Sprintf("add span to article %q", s.ArticleID), func(tx *sql.Tx) error {
		var err error
		s, err = addSpan(ctx, tx, db, s)
		return err
	})
	if err != nil {
		return annotations.Span{}, err
	}
	return s, nil
}

func addSpan(ctx context.Context, tx *sql.Tx, db *DB, s annotations.Span) (annotations.Span, error) {
	if err := checkSpan(ctx, tx, &s); err != nil {
		return s, err
	}
	if err := checkRefs(ctx, tx, nil, &s); err != nil {
		return s, err
	}
	if s.ID == "" {
		id, err := newID()
		if err != nil {
			return s, err
		}
		s.ID = id
	}
	if s.Annotator == "" {
		name, err := setting(ctx, tx, SettingAnnotator)
		if err != nil {
			return s, err
		}
		s.Annotator = name
	}
	now := db.now()
	s.CreatedAt, s.UpdatedAt = now, now
	s.Attributes = cloneAttrs(s.Attributes)
	if err := insertSpan(ctx, tx, &s); err != nil {
		return s, err
	}
	mb, ma, err := beginEdit(ctx, tx, s.ArticleID)
	if err != nil {
		return s, err
	}
	if err := touchArticle(ctx, tx, s.ArticleID, formatTime(now)); err != nil {
		return s, err
	}
	return s, recordHistory(ctx, tx, now, s.ArticleID, opAddSpan, &snapshot{Meta: mb}, &snapshot{Span: &s, Meta: ma})
}

// UpdateSpan replaces the label, range, attributes and note of the stored
// span with s.ID, keeping its article, annotator and creation time, and
// records the change for undo. The kind follows the label (s.Kind is not
// read), so relabelling an entity as a claim makes it a claim. An update
// that changes nothing writes nothing. It returns the stored span.
//
// It returns ENOTFOUND for an unknown span; EINVALID as AddSpan does, and
// when s.ArticleID names another article.
func (db *DB) UpdateSpan(ctx context.Context, s annotations.Span) (annotations.Span, error) {
	var out annotations.Span
	err := db.update(ctx, fmt.Sprintf("update span %q", s.ID), func(tx *sql.Tx) error {
		old, err := getSpan(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		if s.ArticleID != "" && s.ArticleID != old.ArticleID {
			return annotations.Errorf(annotations.EINVALID, "the span belongs to article %q, not %q", old.ArticleID, s.ArticleID)
		}
		next := old
		next.Kind, next.Label, next.Start, next.End = "", s.Label, s.Start, s.End // the kind follows the label
		next.Attributes, next.Note = cloneAttrs(s.Attributes), s.Note
		if err := checkSpan(ctx, tx, &next); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, &old, &next); err != nil {
			return err
		}
		if next.Kind == old.Kind && next.Label == old.Label && next.Start == old.Start && next.End == old.End &&
			next.Note == old.Note && maps.Equal(next.Attributes, old.Attributes) {
			out = old
			return nil
		}
		out, err = db.replaceSpan(ctx, tx, old, next, opUpdateSpan)
		return err
	})
	if err != nil {
		return annotations.Span{}, err
	}
	return out, nil
}

// RelabelSpan gives the span spanID the scheme's label named label, by
// annotations.Span.Relabeled: the kind becomes the label's, and a span that
// becomes an entity loses its claim attributes. Range, note, annotator,
// creation time and relations stay. It records one history entry (undo
// restores label, kind and attributes together) and returns the stored
// span; relabelling a span with the label it has changes nothing.
//
// It returns ENOTFOUND for an unknown span and EINVALID for a label the
// scheme lacks.
func (db *DB) RelabelSpan(ctx context.Context, spanID, label string) (annotations.Span, error) {
	var out annotations.Span
	err := db.update(ctx, fmt.Sprintf("relabel span %q as %q", spanID, label), func(tx *sql.Tx) error {
		old, err := getSpan(ctx, tx, spanID)
		if err != nil {
			return err
		}
		kind, err := labelKind(ctx, tx, label)
		if err != nil {
			return err
		}
		if old.Label == label {
			out = old
			return nil
		}
		// The range was valid and Relabeled only removes attributes, so
		// the span needs no check against the text again.
		next := old.Relabeled(annotations.Label{Name: label, Kind: kind})
		out, err = db.replaceSpan(ctx, tx, old, next, opRelabelSpan)
		return err
	})
	if err != nil {
		return annotations.Span{}, err
	}
	return out, nil
}

// replaceSpan writes next over span old in tx as one edit of kind op: the
// row with a new update time, the article touched (and moved out of todo),
// and the history entry that undoes it. It returns the stored span.
func (db *DB) replaceSpan(ctx context.Context, tx *sql.Tx, old, next annotations.Span, op string) (annotations.Span, error) {
	now := db.now()
	next.UpdatedAt = now
	if err := updateSpanRow(ctx, tx, &next); err != nil {
		return annotations.Span{}, err
	}
	mb, ma, err := beginEdit(ctx, tx, old.ArticleID)
	if err != nil {
		return annotations.Span{}, err
	}
	if err := touchArticle(ctx, tx, old.ArticleID, formatTime(now)); err != nil {
		return annotations.Span{}, err
	}
	return next, recordHistory(ctx, tx, now, old.ArticleID, op,
		&snapshot{Span: &old, Meta: mb}, &snapshot{Span: &next, Meta: ma})
}

// DeleteSpan removes a span and the relations that touch it, recording them
// for undo. It returns ENOTFOUND for an unknown span.
func (db *DB) DeleteSpan(ctx context.Context, spanID string) error {
	return db.update(ctx, fmt.Sprintf("delete span %q", spanID), func(tx *sql.Tx) error {
		s, err := getSpan(ctx, tx, spanID)
		if err != nil {
			return err
		}
		rels, err := queryRelations(ctx, tx, `SELECT `+relationColumns+` FROM relations
			WHERE from_span = ?1 OR to_span = ?1 ORDER BY id`, spanID)
		if err != nil {
			return err
		}
		// Relations go by the foreign keys' ON DELETE CASCADE.
		if _, err := tx.ExecContext(ctx, `DELETE FROM spans WHERE id = ?`, spanID); err != nil {
			return err
		}
		mb, ma, err := beginEdit(ctx, tx, s.ArticleID)
		if err != nil {
			return err
		}
		now := db.now()
		if err := touchArticle(ctx, tx, s.ArticleID, formatTime(now)); err != nil {
			return err
		}
		return recordHistory(ctx, tx, now, s.ArticleID, opDeleteSpan,
			&snapshot{Span: &s, Relations: rels, Meta: mb}, &snapshot{Meta: ma})
	})
}

// AddRelation links two spans of one article and records it for undo. It
// fills an empty ID, ArticleID and creation time and returns the stored
// relation.
//
// It returns ENOTFOUND for an unknown span; EINVALID for a missing type, a
// span linked to itself, spans of two articles or an ArticleID that is not
// theirs; ECONFLICT when the same link (type, from, to) exists or a given ID
// is taken.
func (db *DB) AddRelation(ctx context.Context, r annotations.Relation) (annotations.Relation, error) {
	err := db.update(ctx, fmt.Sprintf("link span %q to span %q", r.From, r.To), func(tx *sql.Tx) error {
		if err := annotations.ValidateRelation(r); err != nil {
			return err
		}
		from, err := getSpan(ctx, tx, r.From)
		if err != nil {
			return err
		}
		to, err := getSpan(ctx, tx, r.To)
		if err != nil {
			return err
		}
		if from.ArticleID != to.ArticleID {
			return annotations.Errorf(annotations.EINVALID, "the spans belong to two articles (%q and %q)", from.ArticleID, to.ArticleID)
		}
		if err := checkRelationType(ctx, tx, r.Type, from, to); err != nil {
			return err
		}
		if r.ArticleID == "" {
			r.ArticleID = from.ArticleID
		} else if r.ArticleID != from.ArticleID {
			return annotations.Errorf(annotations.EINVALID, "the spans belong to article %q, not %q", from.ArticleID, r.ArticleID)
		}
		var dup string
		err = tx.QueryRowContext(ctx, `SELECT id FROM relations WHERE from_span = ? AND to_span = ? AND type = ?`,
			r.From, r.To, r.Type).Scan(&dup)
		if err == nil {
			return annotations.Errorf(annotations.ECONFLICT, "relation %q already links them as %q", dup, r.Type)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if r.ID == "" {
			if r.ID, err = newID(); err != nil {
				return err
			}
		}
		now := db.now()
		r.CreatedAt = now
		if err := insertRelation(ctx, tx, &r); err != nil {
			return err
		}
		mb, ma, err := beginEdit(ctx, tx, r.ArticleID)
		if err != nil {
			return err
		}
		if err := touchArticle(ctx, tx, r.ArticleID, formatTime(now)); err != nil {
			return err
		}
		return recordHistory(ctx, tx, now, r.ArticleID, opAddRelation,
			&snapshot{Meta: mb}, &snapshot{Relations: []annotations.Relation{r}, Meta: ma})
	})
	if err != nil {
		return annotations.Relation{}, err
	}
	return r, nil
}

// DeleteRelation removes a relation, recording it for undo. It returns
// ENOTFOUND for an unknown relation.
func (db *DB) DeleteRelation(ctx context.Context, relationID string) error {
	return db.update(ctx, fmt.Sprintf("delete relation %q", relationID), func(tx *sql.Tx) error {
		r, err := getRelation(ctx, tx, relationID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM relations WHERE id = ?`, relationID); err != nil {
			return err
		}
		mb, ma, err := beginEdit(ctx, tx, r.ArticleID)
		if err != nil {
			return err
		}
		now := db.now()
		if err := touchArticle(ctx, tx, r.ArticleID, formatTime(now)); err != nil {
			return err
		}
		return recordHistory(ctx, tx, now, r.ArticleID, opDeleteRelation,
			&snapshot{Relations: []annotations.Relation{r}, Meta: mb}, &snapshot{Meta: ma})
	})
}

// SetClaimant makes the entity span entityID the claimant of the claim span
// claimID: the claim keeps exactly one annotations.RelClaimant relation,
// from it to entityID, and any other claimant relations it had go. An empty
// entityID removes every claimant relation of the claim. The change is one
// transaction and one history entry: undo brings back the previous
// claimant relations as they were (ids and times included), redo re-applies
// the change. When the claim's claimant is already entityID alone (or it
// has none and entityID is empty) nothing is written.
//
// It returns ENOTFOUND for an unknown claim or entity span; EINVALID when
// claimID is not a claim span, entityID is not an entity span, or the two
// belong to different articles.
func (db *DB) SetClaimant(ctx context.Context, claimID, entityID string) error {
	op := fmt.Sprintf("set the claimant of claim span %q to entity span %q", claimID, entityID)
	if entityID == "" {
		op = fmt.Sprintf("remove the claimant of claim span %q", claimID)
	}
	return db.update(ctx, op, func(tx *sql.Tx) error {
		claim, err := getSpan(ctx, tx, claimID)
		if err != nil {
			return err
		}
		if claim.Kind != annotations.KindClaim {
			return annotations.Errorf(annotations.EINVALID, "span %q is an %s (label %q), not a claim", claimID, claim.Kind, claim.Label)
		}
		if entityID != "" {
			ent, err := getSpan(ctx, tx, entityID)
			if err != nil {
				return err
			}
			if ent.Kind != annotations.KindEntity {
				return annotations.Errorf(annotations.EINVALID, "span %q is a %s (label %q), not an entity: a claimant is an entity", entityID, ent.Kind, ent.Label)
			}
			if ent.ArticleID != claim.ArticleID {
				return annotations.Errorf(annotations.EINVALID, "claim span %q is in article %q but entity span %q is in article %q",
					claimID, claim.ArticleID, entityID, ent.ArticleID)
			}
		}
		before, err := queryRelations(ctx, tx, `SELECT `+relationColumns+` FROM relations
			WHERE from_span = ? AND type = ? ORDER BY id`, claimID, annotations.RelClaimant)
		if err != nil {
			return err
		}
		var after []annotations.Relation
		for _, r := range before {
			if r.To == entityID && entityID != "" && len(after) == 0 {
				after = append(after, r) // already the claimant: kept as it is
			}
		}
		if len(after) == len(before) && (entityID == "") == (len(after) == 0) {
			return nil // unchanged
		}
		now := db.now()
		if entityID != "" && len(after) == 0 {
			id, err := newID()
			if err != nil {
				return err
			}
			after = append(after, annotations.Relation{ID: id, ArticleID: claim.ArticleID,
				Type: annotations.RelClaimant, From: claimID, To: entityID, CreatedAt: now})
		}
		from, to := &snapshot{Relations: before}, &snapshot{Relations: after}
		if err := transition(ctx, tx, claim.ArticleID, from, to); err != nil {
			return err
		}
		mb, ma, err := beginEdit(ctx, tx, claim.ArticleID)
		if err != nil {
			return err
		}
		if err := touchArticle(ctx, tx, claim.ArticleID, formatTime(now)); err != nil {
			return err
		}
		from.Meta, to.Meta = mb, ma
		return recordHistory(ctx, tx, now, claim.ArticleID, opSetClaimant, from, to)
	})
}

// cloneAttrs copies attributes so the stored span shares no map with the
// caller; empty maps become nil, as they are read back.
func cloneAttrs(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}
