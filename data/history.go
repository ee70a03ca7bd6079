package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// historyLimit is how many edits per article undo can reach; older rows are
// dropped as new ones come. A variable only so tests can lower it.
var historyLimit = 1000

// History operations, as stored in history.op.
const (
	opAddSpan        = "add_span"
	opUpdateSpan     = "update_span"
	opDeleteSpan     = "delete_span"
	opAddRelation    = "add_relation"
	opDeleteRelation = "delete_relation"
	opSetMeta        = "set_meta"
	opRelabelSpan    = "relabel_span"
	opSetClaimant    = "set_claimant"
	// Suggestions (issue 15): accepting one adds its span and marks it;
	// rejecting marks it; a bulk review does either to many at once.
	opAcceptSuggestion = "accept_suggestion"
	opRejectSuggestion = "reject_suggestion"
	opReviewBulk       = "review_suggestions"
)

// snapshot is the part of an article one edit touches, before or after it:
// a span (or a few, in Spans), the relations that came or went with it, and the status
// and note when they changed. Undo moves the article from the after snapshot
// to the before one; redo the other way.
type snapshot struct {
	Span *annotations.Span `json:"span,omitempty"`
	// Spans are more spans the edit removed or made, as Span (rejecting a
	// unit removes all its gold spans at once; a bulk review of suggestions
	// accepts several).
	Spans     []annotations.Span     `json:"spans,omitempty"`
	Relations []annotations.Relation `json:"relations,omitempty"`
	Meta      *articleMeta           `json:"meta,omitempty"`
	// Suggestions are the review states of the suggestions the edit
	// touched.
	Suggestions []suggestionState `json:"suggestions,omitempty"`
}

// suggestionState is a suggestion's review state in a history snapshot.
type suggestionState struct {
	ID     string                       `json:"id"`
	Status annotations.SuggestionStatus `json:"status"`
	SpanID string                       `json:"span_id,omitempty"`
	Edited bool                         `json:"edited,omitempty"`
}

// recordHistory writes one edit's history row, dropping the article's redo
// tail (rows undone before this edit) and rows beyond historyLimit.
func recordHistory(ctx context.Context, tx *sql.Tx, now time.Time, articleID, op string, before, after *snapshot) error {
	return recordBatch(ctx, tx, now, articleID, op, before, after, "")
}

// recordBatch is recordHistory for one article's row of an edit of several
// articles, all of whose rows share batch ("" for an edit of one).
func recordBatch(ctx context.Context, tx *sql.Tx, now time.Time, articleID, op string, before, after *snapshot, batch string) error {
	b, err := json.Marshal(before)
	if err != nil {
		return err
	}
	a, err := json.Marshal(after)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM history WHERE article_id = ? AND undone = 1`, articleID); err != nil {
		return err
	}
	if merged, err := coalesce(ctx, tx, now, articleID, op, before, after, string(a)); err != nil || merged {
		return err
	}
	var batchArg any
	if batch != "" {
		batchArg = batch
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO history (article_id, op, before, after, created_at, batch) VALUES (?, ?, ?, ?, ?, ?)`,
		articleID, op, string(b), string(a), formatTime(now), batchArg); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM history WHERE article_id = ?1 AND undone = 0 AND id <=
		(SELECT id FROM history WHERE article_id = ?1 AND undone = 0 ORDER BY id DESC LIMIT 1 OFFSET ?2)`,
		articleID, historyLimit)
	return err
}

// coalesceWindow is how soon after the previous edit a typing edit joins
// it: keystrokes in a note typed less than this apart are one undo step.
const coalesceWindow = 2 * time.Second

// coalesce folds a typing edit into the article's previous history row
// when both change the same text fields only (the article's note, or a
// span's note or free-text attributes, of the same span) and the previous
// one is less than coalesceWindow old: that row keeps its before snapshot
// and takes this edit's after. Every keystroke is still written at once,
// so a crash loses nothing, but undo removes a word or sentence typed in
// one go instead of one character. merged is false when the edit must be
// a row of its own.
func coalesce(ctx context.Context, tx *sql.Tx, now time.Time, articleID, op string, before, after *snapshot, afterJSON string) (merged bool, err error) {
	fields := typingFields(op, before, after)
	if fields == "" {
		return false, nil
	}
	var id int64
	var prevOp, created string
	var pb, pa sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT id, op, before, after, created_at FROM history
		WHERE article_id = ? ORDER BY id DESC LIMIT 1`, articleID).Scan(&id, &prevOp, &pb, &pa, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if prevOp != op || !pb.Valid || !pa.Valid {
		return false, nil
	}
	at, err := parseTime(created)
	if err != nil || now.Sub(at) < 0 || now.Sub(at) >= coalesceWindow {
		return false, nil
	}
	var prevBefore, prevAfter snapshot
	if json.Unmarshal([]byte(pb.String), &prevBefore) != nil || json.Unmarshal([]byte(pa.String), &prevAfter) != nil {
		return false, nil
	}
	if typingFields(op, &prevBefore, &prevAfter) != fields || !sameSpanID(&prevAfter, before) {
		return false, nil
	}
	_, err = tx.ExecContext(ctx, `UPDATE history SET after = ?, created_at = ? WHERE id = ?`, afterJSON, formatTime(now), id)
	return err == nil, err
}

// sameSpanID reports whether the previous edit's result is the state this
// edit starts from, for the span (if any) both are about.
func sameSpanID(prevAfter, before *snapshot) bool {
	if (prevAfter.Span == nil) != (before.Span == nil) {
		return false
	}
	return prevAfter.Span == nil || prevAfter.Span.ID == before.Span.ID
}

// typingFields names the text fields an edit changes, when it is a typing
// edit: "note" for an article's note; for a span, its note and the
// attributes whose values changed, when nothing else (range, label, kind,
// relations, the article's status) did. It returns "" for any other edit.
func typingFields(op string, before, after *snapshot) string {
	if len(before.Relations) > 0 || len(after.Relations) > 0 {
		return ""
	}
	switch op {
	case opSetMeta:
		if before.Span != nil || after.Span != nil || before.Meta == nil || after.Meta == nil ||
			before.Meta.Status != after.Meta.Status || before.Meta.Note == after.Meta.Note {
			return ""
		}
		return "note"
	case opUpdateSpan:
		b, a := before.Span, after.Span
		if b == nil || a == nil || before.Meta != nil || after.Meta != nil || b.ID != a.ID ||
			b.Start != a.Start || b.End != a.End || b.Label != a.Label || b.Kind != a.Kind || b.Annotator != a.Annotator {
			return ""
		}
		var fields []string
		if b.Note != a.Note {
			fields = append(fields, "note")
		}
		keys := map[string]bool{}
		for k := range b.Attributes {
			keys[k] = true
		}
		for k := range a.Attributes {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			bv, bok := b.Attributes[k]
			av, aok := a.Attributes[k]
			if bv == av && bok == aok {
				continue
			}
			if _, closed := annotations.ClaimAttributes[k]; closed {
				return "" // picked from a list: a step of its own
			}
			fields = append(fields, "attr:"+k)
		}
		return strings.Join(fields, ",")
	}
	return ""
}

// beginEdit moves a todo article to in_progress as part of a span or
// relation edit, returning the before and after snapshots' meta (nil, nil
// when the status stays). ENOTFOUND when the article does not exist.
func beginEdit(ctx context.Context, tx *sql.Tx, articleID string) (before, after *articleMeta, err error) {
	m, err := getMeta(ctx, tx, articleID)
	if err != nil {
		return nil, nil, err
	}
	if m.Status != annotations.StatusTodo {
		return nil, nil, nil
	}
	next := m
	next.Status = annotations.StatusInProgress
	if err := setMeta(ctx, tx, articleID, next); err != nil {
		return nil, nil, err
	}
	return &m, &next, nil
}

// Undo reverts the article's last edit that is not undone yet, in one
// transaction; ok is false when there is none. It returns ENOTFOUND for an
// unknown article and ECONFLICT when the edit can no longer be reverted.
func (db *DB) Undo(ctx context.Context, articleID string) (ok bool, err error) {
	err = db.update(ctx, fmt.Sprintf("undo the last edit of article %q", articleID), func(tx *sql.Tx) error {
		ok, err = step(ctx, tx, db.now(), articleID, true)
		return err
	})
	return ok, err
}

// Redo re-applies the article's earliest undone edit, in one transaction; ok
// is false when there is none (nothing was undone, or an edit came after the
// undo). It returns ENOTFOUND for an unknown article.
func (db *DB) Redo(ctx context.Context, articleID string) (ok bool, err error) {
	err = db.update(ctx, fmt.Sprintf("redo the last undone edit of article %q", articleID), func(tx *sql.Tx) error {
		ok, err = step(ctx, tx, db.now(), articleID, false)
		return err
	})
	return ok, err
}

// step moves the history cursor of an article one edit back (undo) or
// forward (redo) and applies the change.
func step(ctx context.Context, tx *sql.Tx, now time.Time, articleID string, undo bool) (bool, error) {
	if _, err := getMeta(ctx, tx, articleID); err != nil {
		return false, err
	}
	id, batch, ok, err := stepRow(ctx, tx, now, articleID, undo)
	if err != nil || !ok || !batch.Valid {
		return ok, err
	}
	// One row of a batch: the batch's rows in other articles go with it,
	// those still at the top of their article's history (an article
	// edited since keeps its later edits and the batch's row under them).
	rows, err := tx.QueryContext(ctx, `SELECT id, article_id FROM history WHERE batch = ? AND id <> ? AND undone = ?`,
		batch.String, id, map[bool]int{true: 0, false: 1}[undo])
	if err != nil {
		return false, err
	}
	type other struct {
		id      int64
		article string
	}
	var others []other
	for rows.Next() {
		var o other
		if err := rows.Scan(&o.id, &o.article); err != nil {
			rows.Close()
			return false, err
		}
		others = append(others, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, o := range others {
		top, _, ok, err := peekRow(ctx, tx, o.article, undo)
		if err != nil {
			return false, err
		}
		if ok && top == o.id {
			if _, _, _, err := stepRow(ctx, tx, now, o.article, undo); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// peekRow returns the history row that undo (or redo) of the article
// would apply next, and its batch; ok is false when there is none.
func peekRow(ctx context.Context, tx *sql.Tx, articleID string, undo bool) (id int64, batch sql.NullString, ok bool, err error) {
	q := `SELECT id, batch FROM history WHERE article_id = ? AND undone = 1 ORDER BY id ASC LIMIT 1`
	if undo {
		q = `SELECT id, batch FROM history WHERE article_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1`
	}
	err = tx.QueryRowContext(ctx, q, articleID).Scan(&id, &batch)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, batch, false, nil
	}
	return id, batch, err == nil, err
}

// stepRow applies the one history row that undo (or redo) of the article
// applies next; ok is false when there is none.
func stepRow(ctx context.Context, tx *sql.Tx, now time.Time, articleID string, undo bool) (id int64, batch sql.NullString, ok bool, err error) {
	q := `SELECT id, op, before, after, batch FROM history WHERE article_id = ? AND undone = 1 ORDER BY id ASC LIMIT 1`
	if undo {
		q = `SELECT id, op, before, after, batch FROM history WHERE article_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1`
	}
	var op, b, a sql.NullString
	err = tx.QueryRowContext(ctx, q, articleID).Scan(&id, &op, &b, &a, &batch)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, batch, false, nil
	} else if err != nil {
		return 0, batch, false, err
	}
	var before, after snapshot
	damaged := func(why string) error {
		verb := "undo"
		if !undo {
			verb = "redo"
		}
		return annotations.Errorf(annotations.EINTERNAL,
			"cannot %s: the undo history of article %q is damaged (history row %d %s); the article itself is unchanged",
			verb, articleID, id, why)
	}
	switch {
	case !op.Valid || !b.Valid || !a.Valid:
		return id, batch, false, damaged("has an empty field")
	case json.Unmarshal([]byte(b.String), &before) != nil || json.Unmarshal([]byte(a.String), &after) != nil:
		return id, batch, false, damaged("is not valid JSON")
	}
	from, to, undone := &after, &before, 1
	if !undo {
		from, to, undone = &before, &after, 0
	}
	if err := transition(ctx, tx, articleID, from, to); err != nil {
		var ae *annotations.Error
		if errors.As(err, &ae) && ae.Code != annotations.EINTERNAL {
			return id, batch, false, annotations.Errorf(annotations.ECONFLICT, "%s can no longer be applied: %s", op.String, ae)
		}
		return id, batch, false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE history SET undone = ? WHERE id = ?`, undone, id); err != nil {
		return id, batch, false, err
	}
	return id, batch, true, touchArticle(ctx, tx, articleID, formatTime(now))
}

// transition changes an article from snapshot from to snapshot to:
// relations only in from go, the span is removed, inserted or rewritten,
// relations only in to come (after their spans exist), and the meta is set.
func transition(ctx context.Context, tx *sql.Tx, articleID string, from, to *snapshot) error {
	inTo := map[string]bool{}
	for _, r := range to.Relations {
		inTo[r.ID] = true
	}
	inFrom := map[string]bool{}
	for _, r := range from.Relations {
		inFrom[r.ID] = true
		if !inTo[r.ID] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM relations WHERE id = ?`, r.ID); err != nil {
				return err
			}
		}
	}
	if to.Span != nil {
		// A label's kind may have changed since the edit was recorded.
		kind, err := labelKind(ctx, tx, to.Span.Label)
		if err != nil {
			return err
		}
		if kind != to.Span.Kind {
			return annotations.Errorf(annotations.EINVALID, "span %q is a %s but label %q now marks %s spans",
				to.Span.ID, to.Span.Kind, to.Span.Label, kind)
		}
		// Its entry or cluster may have been deleted or merged since.
		if err := checkRefs(ctx, tx, from.Span, to.Span); err != nil {
			return err
		}
	}
	switch {
	case from.Span != nil && to.Span == nil:
		if _, err := tx.ExecContext(ctx, `DELETE FROM spans WHERE id = ?`, from.Span.ID); err != nil {
			return err
		}
	case from.Span == nil && to.Span != nil:
		if err := insertSpan(ctx, tx, to.Span); err != nil {
			return err
		}
	case from.Span != nil && to.Span != nil:
		if err := updateSpanRow(ctx, tx, to.Span); err != nil {
			return err
		}
	}
	if err := transitionSpans(ctx, tx, from.Spans, to.Spans); err != nil {
		return err
	}
	for _, st := range to.Suggestions {
		if _, err := tx.ExecContext(ctx, `UPDATE suggestions SET status = ?, span_id = ?, edited = ? WHERE id = ?`,
			string(st.Status), st.SpanID, st.Edited, st.ID); err != nil {
			return err
		}
	}
	for i := range to.Relations {
		if !inFrom[to.Relations[i].ID] {
			if err := insertRelation(ctx, tx, &to.Relations[i]); err != nil {
				return err
			}
		}
	}
	if to.Meta != nil {
		return setMeta(ctx, tx, articleID, *to.Meta)
	}
	return nil
}

// transitionSpans moves the spans of a snapshot's Spans from from to to:
// spans only in from are removed, spans only in to inserted, the others
// rewritten.
func transitionSpans(ctx context.Context, tx *sql.Tx, from, to []annotations.Span) error {
	inTo := map[string]bool{}
	for _, s := range to {
		inTo[s.ID] = true
	}
	inFrom := map[string]bool{}
	for _, s := range from {
		inFrom[s.ID] = true
		if !inTo[s.ID] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM spans WHERE id = ?`, s.ID); err != nil {
				return err
			}
		}
	}
	for i := range to {
		s := &to[i]
		kind, err := labelKind(ctx, tx, s.Label)
		if err != nil {
			return err
		}
		if kind != s.Kind {
			return annotations.Errorf(annotations.EINVALID, "span %q is a %s but label %q now marks %s spans", s.ID, s.Kind, s.Label, kind)
		}
		if inFrom[s.ID] {
			err = updateSpanRow(ctx, tx, s)
		} else {
			err = insertSpan(ctx, tx, s)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
