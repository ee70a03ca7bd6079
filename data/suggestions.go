package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// Suggestions (issue 15, migration 0006) are kept in their own table,
// never among the spans. Accepting one writes an ordinary span of the
// accepting annotator, with its provenance in three attributes
// (annotations.AttrSuggestionSource, AttrSuggestionScore,
// AttrSuggestionEdited), and marks the suggestion accepted, in one
// transaction and one history row: undo removes the span and makes the
// suggestion pending again.

const suggestionColumns = `s.id, s.article_id, s.start, s."end", s.label, s.source, s.score, s.status, s.kb_id, s.span_id`

func scanSuggestion(row scanner) (annotations.Suggestion, error) {
	var s annotations.Suggestion
	var score sql.NullFloat64
	var status string
	if err := row.Scan(&s.ID, &s.ArticleID, &s.Start, &s.End, &s.Label, &s.Source, &score, &status, &s.KBID, &s.SpanID); err != nil {
		return s, err
	}
	if score.Valid {
		v := score.Float64
		s.Score = &v
	}
	s.Status = annotations.SuggestionStatus(status)
	return s, nil
}

// AddSuggestions stores suggestions, skipping those already stored for the
// same article, range, label and source (whatever their status), so running
// a source again adds nothing and keeps what was reviewed. An empty ID gets
// a fresh UUIDv7, an ID already taken by another suggestion too; an empty
// status is pending. Labels the scheme lacks are added as entity labels.
// All or none: ENOTFOUND for an unknown article, EINVALID for a range
// outside its article's text (naming the suggestion). It returns how many
// were new.
func (db *DB) AddSuggestions(ctx context.Context, sugs []annotations.Suggestion) (int, error) {
	added := 0
	err := db.update(ctx, fmt.Sprintf("add %d suggestions", len(sugs)), func(tx *sql.Tx) error {
		added = 0
		chars := map[string]int{}
		labels := map[string]bool{}
		now := formatTime(db.now())
		ins, err := tx.PrepareContext(ctx, `INSERT INTO suggestions (id, article_id, start, "end", label, source, score, status, kb_id, span_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, start, "end", label, source) DO NOTHING`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for i := range sugs {
			s := sugs[i]
			n, ok := chars[s.ArticleID]
			if !ok {
				err := tx.QueryRowContext(ctx, `SELECT chars FROM articles a WHERE id = ? AND `+visible("a"), s.ArticleID).Scan(&n)
				if errors.Is(err, sql.ErrNoRows) {
					return annotations.Errorf(annotations.ENOTFOUND, "suggestion %d: article %q not found", i+1, s.ArticleID)
				} else if err != nil {
					return err
				}
				chars[s.ArticleID] = n
			}
			if err := annotations.ValidateSuggestion(n, s); err != nil {
				return annotations.Errorf(annotations.EINVALID, "article %q: %s", s.ArticleID, err)
			}
			if s.Status == "" {
				s.Status = annotations.SuggestionPending
			}
			if !labels[s.Label] {
				if _, err := labelKind(ctx, tx, s.Label); err != nil {
					if annotations.ErrorCode(err) != annotations.EINVALID {
						return err
					}
					if _, err := tx.ExecContext(ctx, `INSERT INTO labels (name, kind, color, hotkey, description, position)
						VALUES (?, 'entity', ?, '', '', (SELECT coalesce(max(position), -1) + 1 FROM labels))`,
						s.Label, annotations.NewLabelColor(s.Label)); err != nil {
						return err
					}
				}
				labels[s.Label] = true
			}
			if s.ID != "" {
				var taken int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM suggestions WHERE id = ?`, s.ID).Scan(&taken); err != nil {
					return err
				}
				if taken > 0 {
					s.ID = ""
				}
			}
			if s.ID == "" {
				if s.ID, err = newID(); err != nil {
					return err
				}
			}
			var score any
			if s.Score != nil {
				score = *s.Score
			}
			res, err := ins.ExecContext(ctx, s.ID, s.ArticleID, s.Start, s.End, s.Label, s.Source, score, string(s.Status), s.KBID, s.SpanID, now)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k > 0 {
				added++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// suggestionWhere is the WHERE clause (over suggestions s joined with
// articles a) for f.
func suggestionWhere(f annotations.SuggestionFilter) (string, []any, error) {
	conds := []string{visible("a")}
	var args []any
	if f.Status != "" {
		if !f.Status.Valid() {
			return "", nil, annotations.Errorf(annotations.EINVALID, "unknown suggestion status %q (want pending, accepted or rejected)", f.Status)
		}
		conds = append(conds, "s.status = ?")
		args = append(args, string(f.Status))
	}
	if len(f.ArticleIDs) > 0 {
		conds = append(conds, "s.article_id IN (SELECT value FROM json_each(?))")
		args = append(args, jsonStrings(f.ArticleIDs))
	}
	if f.Label != "" {
		conds = append(conds, "s.label = ?")
		args = append(args, f.Label)
	}
	if f.Source != "" {
		conds = append(conds, "s.source = ?")
		args = append(args, f.Source)
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// jsonStrings is ss as a JSON array, for json_each.
func jsonStrings(ss []string) string {
	if ss == nil {
		ss = []string{}
	}
	b, _ := json.Marshal(ss) // strings never fail to marshal
	return string(b)
}

func querySuggestions(ctx context.Context, tx *sql.Tx, f annotations.SuggestionFilter) ([]annotations.Suggestion, error) {
	where, args, err := suggestionWhere(f)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+suggestionColumns+` FROM suggestions s JOIN articles a ON a.id = s.article_id`+
		where+` ORDER BY a.created_at, a.id, s.start, s."end", s.label, s.source`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annotations.Suggestion
	for rows.Next() {
		s, err := scanSuggestion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Suggestions returns the suggestions f selects, by article creation
// order, then start, end, label and source. EINVALID for an unknown status.
func (db *DB) Suggestions(ctx context.Context, f annotations.SuggestionFilter) ([]annotations.Suggestion, error) {
	var out []annotations.Suggestion
	err := db.view(ctx, "list suggestions", func(tx *sql.Tx) error {
		var err error
		out, err = querySuggestions(ctx, tx, f)
		return err
	})
	return out, err
}

func getSuggestion(ctx context.Context, tx *sql.Tx, id string) (annotations.Suggestion, error) {
	s, err := scanSuggestion(tx.QueryRowContext(ctx, `SELECT `+suggestionColumns+` FROM suggestions s WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, annotations.Errorf(annotations.ENOTFOUND, "suggestion %q not found", id)
	}
	return s, err
}

// provenance returns the attributes that record where a span accepted from
// sg came from.
func provenance(sg annotations.Suggestion, edited bool) map[string]string {
	m := map[string]string{annotations.AttrSuggestionSource: sg.Source, annotations.AttrSuggestionEdited: "no"}
	if edited {
		m[annotations.AttrSuggestionEdited] = "yes"
	}
	if sg.Score != nil {
		m[annotations.AttrSuggestionScore] = strconv.FormatFloat(*sg.Score, 'g', -1, 64)
	}
	return m
}

// AcceptSuggestion makes the pending suggestion a.ID a span: with a.Label
// and the range a.Start–a.End when given (the suggestion's otherwise),
// stamped with a.Annotator (the annotator setting when ""), its provenance
// in its attributes (edited when label or range differ from the
// suggestion's). The span is added as AddSpan adds one, the suggestion
// marked accepted, in one transaction with one history row (undo removes
// the span and makes the suggestion pending again). It returns the span.
//
// ENOTFOUND for an unknown suggestion; ECONFLICT when it is not pending;
// EINVALID as AddSpan.
func (db *DB) AcceptSuggestion(ctx context.Context, a annotations.Acceptance) (annotations.Span, error) {
	var out annotations.Span
	err := db.update(ctx, fmt.Sprintf("accept suggestion %q", a.ID), func(tx *sql.Tx) error {
		sg, err := getSuggestion(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if sg.Status != annotations.SuggestionPending {
			return annotations.Errorf(annotations.ECONFLICT, "suggestion %q is %s already", a.ID, sg.Status)
		}
		sp := annotations.Span{ArticleID: sg.ArticleID, Label: sg.Label, Start: sg.Start, End: sg.End, Annotator: a.Annotator}
		if a.Label != "" {
			sp.Label = a.Label
		}
		if a.Start != 0 || a.End != 0 {
			sp.Start, sp.End = a.Start, a.End
		}
		edited := sp.Label != sg.Label || sp.Start != sg.Start || sp.End != sg.End
		sp.Attributes = provenance(sg, edited)
		if err := checkSpan(ctx, tx, &sp); err != nil {
			return err
		}
		if sp.ID, err = newID(); err != nil {
			return err
		}
		if sp.Annotator == "" {
			if sp.Annotator, err = setting(ctx, tx, SettingAnnotator); err != nil {
				return err
			}
		}
		now := db.now()
		sp.CreatedAt, sp.UpdatedAt = now, now
		if err := insertSpan(ctx, tx, &sp); err != nil {
			return err
		}
		after := suggestionState{ID: sg.ID, Status: annotations.SuggestionAccepted, SpanID: sp.ID, Edited: edited}
		if _, err := tx.ExecContext(ctx, `UPDATE suggestions SET status = ?, span_id = ?, edited = ? WHERE id = ?`,
			string(after.Status), after.SpanID, after.Edited, sg.ID); err != nil {
			return err
		}
		mb, ma, err := beginEdit(ctx, tx, sp.ArticleID)
		if err != nil {
			return err
		}
		if err := touchArticle(ctx, tx, sp.ArticleID, formatTime(now)); err != nil {
			return err
		}
		out = sp
		return recordHistory(ctx, tx, now, sp.ArticleID, opAcceptSuggestion,
			&snapshot{Meta: mb, Suggestions: []suggestionState{{ID: sg.ID, Status: annotations.SuggestionPending}}},
			&snapshot{Span: &sp, Meta: ma, Suggestions: []suggestionState{after}})
	})
	if err != nil {
		return annotations.Span{}, err
	}
	return out, nil
}

// RejectSuggestion marks the pending suggestion id rejected, with one
// history row. ENOTFOUND for an unknown suggestion, ECONFLICT when it is
// not pending.
func (db *DB) RejectSuggestion(ctx context.Context, id string) error {
	return db.update(ctx, fmt.Sprintf("reject suggestion %q", id), func(tx *sql.Tx) error {
		sg, err := getSuggestion(ctx, tx, id)
		if err != nil {
			return err
		}
		if sg.Status != annotations.SuggestionPending {
			return annotations.Errorf(annotations.ECONFLICT, "suggestion %q is %s already", id, sg.Status)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE suggestions SET status = 'rejected' WHERE id = ?`, id); err != nil {
			return err
		}
		now := db.now()
		if err := touchArticle(ctx, tx, sg.ArticleID, formatTime(now)); err != nil {
			return err
		}
		return recordHistory(ctx, tx, now, sg.ArticleID, opRejectSuggestion,
			&snapshot{Suggestions: []suggestionState{{ID: id, Status: annotations.SuggestionPending}}},
			&snapshot{Suggestions: []suggestionState{{ID: id, Status: annotations.SuggestionRejected}}})
	})
}

// ReviewSuggestions accepts (as suggested, stamped with annotator or the
// annotator setting) or rejects every pending suggestion f selects, in one
// transaction. Each article gets one history row; when there are several
// articles the rows share a batch, so undoing the review in any of them
// undoes it in all. Accepting, a suggestion that overlaps one accepted
// before it in this review (same article) is left pending, and so is one
// whose label a scheme change made invalid. It returns how many suggestions
// it reviewed.
func (db *DB) ReviewSuggestions(ctx context.Context, f annotations.SuggestionFilter, accept bool, annotator string) (int, error) {
	verb := "reject"
	if accept {
		verb = "accept"
	}
	n := 0
	err := db.update(ctx, verb+" suggestions", func(tx *sql.Tx) error {
		n = 0
		f.Status = annotations.SuggestionPending
		sugs, err := querySuggestions(ctx, tx, f)
		if err != nil || len(sugs) == 0 {
			return err
		}
		if accept && annotator == "" {
			if annotator, err = setting(ctx, tx, SettingAnnotator); err != nil {
				return err
			}
		}
		byArticle := map[string][]annotations.Suggestion{}
		var order []string
		for _, s := range sugs {
			if byArticle[s.ArticleID] == nil {
				order = append(order, s.ArticleID)
			}
			byArticle[s.ArticleID] = append(byArticle[s.ArticleID], s)
		}
		batch := ""
		if len(order) > 1 {
			if batch, err = newID(); err != nil {
				return err
			}
		}
		kinds := map[string]annotations.Kind{}
		now := db.now()
		upd, err := tx.PrepareContext(ctx, `UPDATE suggestions SET status = ?, span_id = ?, edited = 0 WHERE id = ?`)
		if err != nil {
			return err
		}
		defer upd.Close()
		for _, id := range order {
			var before, after snapshot
			lastEnd := -1
			for _, sg := range byArticle[id] { // in text order
				st := suggestionState{ID: sg.ID, Status: annotations.SuggestionRejected}
				if accept {
					if sg.Start < lastEnd {
						continue
					}
					kind, ok := kinds[sg.Label]
					if !ok {
						if kind, err = labelKind(ctx, tx, sg.Label); err != nil && annotations.ErrorCode(err) != annotations.EINVALID {
							return err
						}
						kinds[sg.Label] = kind
					}
					if kind == "" {
						continue
					}
					sp := annotations.Span{ArticleID: id, Kind: kind, Label: sg.Label, Start: sg.Start, End: sg.End,
						Annotator: annotator, Attributes: provenance(sg, false), CreatedAt: now, UpdatedAt: now}
					if sp.ID, err = newID(); err != nil {
						return err
					}
					if err := insertSpan(ctx, tx, &sp); err != nil {
						return err
					}
					after.Spans = append(after.Spans, sp)
					st = suggestionState{ID: sg.ID, Status: annotations.SuggestionAccepted, SpanID: sp.ID}
					lastEnd = sg.End
				}
				if _, err := upd.ExecContext(ctx, string(st.Status), st.SpanID, sg.ID); err != nil {
					return err
				}
				before.Suggestions = append(before.Suggestions, suggestionState{ID: sg.ID, Status: annotations.SuggestionPending})
				after.Suggestions = append(after.Suggestions, st)
				n++
			}
			if len(after.Suggestions) == 0 {
				continue
			}
			if accept && len(after.Spans) > 0 {
				mb, ma, err := beginEdit(ctx, tx, id)
				if err != nil {
					return err
				}
				before.Meta, after.Meta = mb, ma
			}
			if err := touchArticle(ctx, tx, id, formatTime(now)); err != nil {
				return err
			}
			if err := recordBatch(ctx, tx, now, id, opReviewBulk, &before, &after, batch); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// SuggestionStats counts every source's suggestions by outcome, in source
// order.
func (db *DB) SuggestionStats(ctx context.Context) ([]annotations.SourceStats, error) {
	var out []annotations.SourceStats
	err := db.view(ctx, "count suggestions", func(tx *sql.Tx) error {
		out = nil
		rows, err := tx.QueryContext(ctx, `SELECT s.source, s.status, s.edited, count(*) FROM suggestions s JOIN articles a ON a.id = s.article_id
			WHERE `+visible("a")+` GROUP BY s.source, s.status, s.edited ORDER BY s.source`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var source, status string
			var edited bool
			var n int
			if err := rows.Scan(&source, &status, &edited, &n); err != nil {
				return err
			}
			if len(out) == 0 || out[len(out)-1].Source != source {
				out = append(out, annotations.SourceStats{Source: source})
			}
			st := &out[len(out)-1]
			switch {
			case status == string(annotations.SuggestionPending):
				st.Pending += n
			case status == string(annotations.SuggestionRejected):
				st.Rejected += n
			case edited:
				st.Edited += n
			default:
				st.Accepted += n
			}
		}
		return rows.Err()
	})
	return out, err
}

// LabelledTexts counts, for each text an entity span of one of annotators
// marks (every annotator when annotators is nil), how often it got each
// label: what "your labels" suggests from. Texts are trimmed of spaces.
func (db *DB) LabelledTexts(ctx context.Context, annotators []string) (map[string]map[string]int, error) {
	out := map[string]map[string]int{}
	err := db.view(ctx, "count labelled texts", func(tx *sql.Tx) error {
		clear(out)
		q := `SELECT s.article_id, s.start, s."end", s.label FROM spans s WHERE s.kind = 'entity' AND ` + visible("s")
		var args []any
		if annotators != nil {
			q += ` AND s.annotator IN (SELECT value FROM json_each(?))`
			args = append(args, jsonStrings(annotators))
		}
		rows, err := tx.QueryContext(ctx, q+` ORDER BY s.article_id`, args...)
		if err != nil {
			return err
		}
		type sp struct {
			article    string
			start, end int
			label      string
		}
		var spans []sp
		for rows.Next() {
			var s sp
			if err := rows.Scan(&s.article, &s.start, &s.end, &s.label); err != nil {
				rows.Close()
				return err
			}
			spans = append(spans, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		sort.SliceStable(spans, func(i, j int) bool { return spans[i].article < spans[j].article })
		var off *annotations.Offsets
		var text, cur string
		for _, s := range spans {
			if s.article != cur || off == nil {
				if text, err = articleText(ctx, tx, s.article); err != nil {
					return err
				}
				cur, off = s.article, annotations.NewOffsets(text)
			}
			if s.start < 0 || s.end > off.Len() || s.start >= s.end {
				continue
			}
			t := strings.TrimSpace(off.Slice(text, s.start, s.end))
			if t == "" {
				continue
			}
			if out[t] == nil {
				out[t] = map[string]int{}
			}
			out[t][s.label]++
		}
		return nil
	})
	return out, err
}

// PendingSuggestions returns how many pending suggestions each of ids has
// (articles with none are left out).
func (db *DB) PendingSuggestions(ctx context.Context, ids []string) (map[string]int, error) {
	out := map[string]int{}
	err := db.view(ctx, "count pending suggestions", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT article_id, count(*) FROM suggestions WHERE status = 'pending'
			AND article_id IN (SELECT value FROM json_each(?)) GROUP BY article_id`, jsonStrings(ids))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			out[id] = n
		}
		return rows.Err()
	})
	return out, err
}

var _ annotations.SuggestionStore = (*DB)(nil)
