package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// The entity registry, claim clusters and relation types (migration 0007,
// issue 17). Registry and cluster rows are shared by every article, so
// their own edits (add, rename, merge, verdict) are not steps of an
// article's undo; linking a span to an entry or a cluster is a span edit
// (its entity_id or cluster_id attribute) and is undone like one.

const entryColumns = `id, name, aliases, label, kb_id, note`

func scanEntry(row scanner) (annotations.Entry, error) {
	var e annotations.Entry
	var aliases string
	if err := row.Scan(&e.ID, &e.Name, &aliases, &e.Label, &e.KBID, &e.Note); err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(aliases), &e.Aliases); err != nil {
		return e, annotations.Failf("registry entry %q: aliases: %w", e.ID, err)
	}
	if len(e.Aliases) == 0 {
		e.Aliases = nil
	}
	return e, nil
}

func getEntry(ctx context.Context, tx *sql.Tx, id string) (annotations.Entry, error) {
	e, err := scanEntry(tx.QueryRowContext(ctx, `SELECT `+entryColumns+` FROM registry_entries WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, annotations.Errorf(annotations.ENOTFOUND, "registry entry %q not found", id)
	}
	return e, err
}

func queryEntries(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]annotations.Entry, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annotations.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Entries returns every registry entry, by canonical name then id.
func (db *DB) Entries(ctx context.Context) ([]annotations.Entry, error) {
	var out []annotations.Entry
	err := db.view(ctx, "read the entity registry", func(tx *sql.Tx) error {
		var err error
		out, err = queryEntries(ctx, tx, `SELECT `+entryColumns+` FROM registry_entries ORDER BY name, id`)
		return err
	})
	return out, err
}

// Entry returns one registry entry; ENOTFOUND when there is none.
func (db *DB) Entry(ctx context.Context, id string) (annotations.Entry, error) {
	var e annotations.Entry
	err := db.view(ctx, fmt.Sprintf("read registry entry %q", id), func(tx *sql.Tx) error {
		var err error
		e, err = getEntry(ctx, tx, id)
		return err
	})
	return e, err
}

// writeEntry inserts or replaces e's row.
func writeEntry(ctx context.Context, tx *sql.Tx, e annotations.Entry, now string) error {
	aliases := e.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	a, err := json.Marshal(aliases)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO registry_entries (id, name, aliases, label, kb_id, note, created_at, updated_at)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
		ON CONFLICT (id) DO UPDATE SET name = ?2, aliases = ?3, label = ?4, kb_id = ?5, note = ?6, updated_at = ?7`,
		e.ID, e.Name, string(a), e.Label, e.KBID, e.Note, now)
	return err
}

// cleanEntry trims the entry's names and checks it, and that its label is
// an entity label of the scheme.
func cleanEntry(ctx context.Context, tx *sql.Tx, e *annotations.Entry) error {
	e.Name, e.KBID = strings.TrimSpace(e.Name), strings.TrimSpace(e.KBID)
	for i := range e.Aliases {
		e.Aliases[i] = strings.TrimSpace(e.Aliases[i])
	}
	if err := e.Validate(); err != nil {
		return err
	}
	kind, err := labelKind(ctx, tx, e.Label)
	if err != nil {
		return err
	}
	if kind != annotations.KindEntity {
		return annotations.Errorf(annotations.EINVALID, "registry entry %q (%s): label %q marks claims; an entry's label is an entity label", e.ID, e.Name, e.Label)
	}
	return nil
}

// AddEntry stores a new registry entry, filling an empty ID, and returns
// it. EINVALID for a bad entry (no name, a label that is not an entity
// label of the scheme, a QID of the wrong shape); ECONFLICT for a taken ID.
func (db *DB) AddEntry(ctx context.Context, e annotations.Entry) (annotations.Entry, error) {
	e.Aliases = slices.Clone(e.Aliases)
	err := db.update(ctx, fmt.Sprintf("add registry entry %q", e.Name), func(tx *sql.Tx) error {
		if e.ID != "" {
			if _, err := getEntry(ctx, tx, e.ID); err == nil {
				return annotations.Errorf(annotations.ECONFLICT, "registry entry id %q is taken", e.ID)
			}
		}
		if err := cleanEntry(ctx, tx, &e); err != nil {
			return err
		}
		if e.ID == "" {
			var err error
			if e.ID, err = newID(); err != nil {
				return err
			}
		}
		return writeEntry(ctx, tx, e, formatTime(db.now()))
	})
	if err != nil {
		return annotations.Entry{}, err
	}
	return e, nil
}

// SaveEntry replaces the stored entry e.ID with e (name, aliases, label,
// QID, note). ENOTFOUND for an unknown id; EINVALID as AddEntry.
func (db *DB) SaveEntry(ctx context.Context, e annotations.Entry) error {
	e.Aliases = slices.Clone(e.Aliases)
	return db.update(ctx, fmt.Sprintf("save registry entry %q", e.ID), func(tx *sql.Tx) error {
		if _, err := getEntry(ctx, tx, e.ID); err != nil {
			return err
		}
		if err := cleanEntry(ctx, tx, &e); err != nil {
			return err
		}
		return writeEntry(ctx, tx, e, formatTime(db.now()))
	})
}

// RenameEntry gives entry id the canonical name name; the old name stays
// as an alias, so its mentions are still found (and an alias equal to the
// new name goes). It returns the stored entry.
func (db *DB) RenameEntry(ctx context.Context, id, name string) (annotations.Entry, error) {
	var out annotations.Entry
	err := db.update(ctx, fmt.Sprintf("rename registry entry %q to %q", id, name), func(tx *sql.Tx) error {
		e, err := getEntry(ctx, tx, id)
		if err != nil {
			return err
		}
		old := e.Name
		e.Name = strings.TrimSpace(name)
		if e.Name == "" {
			return annotations.Errorf(annotations.EINVALID, "registry entry %q: the new name is empty", id)
		}
		nf := annotations.FoldString(e.Name)
		e.Aliases = slices.DeleteFunc(e.Aliases, func(a string) bool { return annotations.FoldString(a) == nf })
		if annotations.FoldString(old) != nf {
			e, _ = e.WithAlias(old)
		}
		if err := cleanEntry(ctx, tx, &e); err != nil {
			return err
		}
		out = e
		return writeEntry(ctx, tx, e, formatTime(db.now()))
	})
	return out, err
}

// MergeEntries merges entry gone into entry keep in one transaction: keep
// gains gone's name and aliases as aliases, and its QID when keep has
// none; every span linked to gone, and every cluster whose claimant is
// gone, is moved to keep; gone is deleted. Two different QIDs are an
// ECONFLICT (clear one first), and nothing changes. It returns the merged
// entry and how many spans moved. The spans' edits are not in their
// articles' undo: a merge is undone by splitting by hand.
func (db *DB) MergeEntries(ctx context.Context, keep, gone string) (annotations.Entry, int, error) {
	var out annotations.Entry
	var moved int
	err := db.update(ctx, fmt.Sprintf("merge registry entry %q into %q", gone, keep), func(tx *sql.Tx) error {
		if keep == gone {
			return annotations.Errorf(annotations.EINVALID, "cannot merge registry entry %q into itself", keep)
		}
		k, err := getEntry(ctx, tx, keep)
		if err != nil {
			return err
		}
		g, err := getEntry(ctx, tx, gone)
		if err != nil {
			return err
		}
		if k.KBID != "" && g.KBID != "" && k.KBID != g.KBID {
			return annotations.Errorf(annotations.ECONFLICT, "registry entries %q (%s, %s) and %q (%s, %s) have different knowledge-base ids; clear one first (nothing was merged)",
				keep, k.Name, k.KBID, gone, g.Name, g.KBID)
		}
		if k.KBID == "" {
			k.KBID = g.KBID
		}
		for _, n := range g.Names() {
			k, _ = k.WithAlias(n)
		}
		if k.Note == "" {
			k.Note = g.Note
		}
		at := db.now()
		now := formatTime(at)
		if err := writeEntry(ctx, tx, k, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE spans SET attributes = json_set(attributes, '$.entity_id', ?1), updated_at = ?3
			WHERE json_extract(attributes, '$.entity_id') = ?2`, keep, gone, spanTime(at))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		moved = int(n)
		if _, err := tx.ExecContext(ctx, `UPDATE claim_clusters SET claimant_id = ? WHERE claimant_id = ?`, keep, gone); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM registry_entries WHERE id = ?`, gone); err != nil {
			return err
		}
		out = k
		return nil
	})
	return out, moved, err
}

// DeleteEntry removes an entry no span links to and no cluster names as
// claimant; otherwise ECONFLICT saying how many do (unlink or merge them
// first), and nothing changes.
func (db *DB) DeleteEntry(ctx context.Context, id string) error {
	return db.update(ctx, fmt.Sprintf("delete registry entry %q", id), func(tx *sql.Tx) error {
		e, err := getEntry(ctx, tx, id)
		if err != nil {
			return err
		}
		var spans, clusters int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM spans WHERE json_extract(attributes, '$.entity_id') = ?`, id).Scan(&spans); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM claim_clusters WHERE claimant_id = ?`, id).Scan(&clusters); err != nil {
			return err
		}
		if spans+clusters > 0 {
			return annotations.Errorf(annotations.ECONFLICT, "registry entry %q (%s) is linked from %d spans and is the claimant of %d clusters; unlink them or merge the entry into another first (nothing was deleted)",
				id, e.Name, spans, clusters)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM registry_entries WHERE id = ?`, id)
		return err
	})
}

// Mention is annotations.Mention: a linked span with its article's title
// and source and its text.
type Mention = annotations.Mention

// mentions reads the spans whose attribute key is id, with their texts.
func mentions(ctx context.Context, tx *sql.Tx, key, id string) ([]Mention, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.article_id, s.kind, s.label, s.start, s."end", s.attributes, s.note, s.annotator, s.created_at, s.updated_at,
		a.title, a.source, substr(t.text, s.start + 1, s."end" - s.start)
		FROM spans s JOIN articles a ON a.id = s.article_id JOIN article_texts t ON t.article_id = s.article_id
		WHERE json_extract(s.attributes, '$.`+key+`') = ? AND `+visible("s")+`
		ORDER BY a.title, s.article_id, s.start, s.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Mention
	for rows.Next() {
		var m Mention
		var kind, attrs string
		var created, updated any
		s := &m.Span
		if err := rows.Scan(&s.ID, &s.ArticleID, &kind, &s.Label, &s.Start, &s.End, &attrs, &s.Note, &s.Annotator, &created, &updated,
			&m.ArticleTitle, &m.Source, &m.Text); err != nil {
			return nil, err
		}
		s.Kind = annotations.Kind(kind)
		if s.Attributes, err = decodeAttributes(attrs); err != nil {
			return nil, err
		}
		if s.CreatedAt, err = readSpanTime(created); err != nil {
			return nil, err
		}
		if s.UpdatedAt, err = readSpanTime(updated); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// EntryMentions returns the spans linked to entry id, by article title
// then position, for the registry view's "jump to each mention".
func (db *DB) EntryMentions(ctx context.Context, id string) ([]Mention, error) {
	var out []Mention
	err := db.view(ctx, fmt.Sprintf("read the mentions of registry entry %q", id), func(tx *sql.Tx) error {
		if _, err := getEntry(ctx, tx, id); err != nil {
			return err
		}
		var err error
		out, err = mentions(ctx, tx, annotations.AttrEntityID, id)
		return err
	})
	return out, err
}

// EntryStat is annotations.EntryStat: an entry with its mention and
// article counts.
type EntryStat = annotations.EntryStat

// EntryStats returns every entry with its mention and article counts, by
// name.
func (db *DB) EntryStats(ctx context.Context) ([]EntryStat, error) {
	var out []EntryStat
	err := db.view(ctx, "count the registry's mentions", func(tx *sql.Tx) error {
		es, err := queryEntries(ctx, tx, `SELECT `+entryColumns+` FROM registry_entries ORDER BY name, id`)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT json_extract(attributes, '$.entity_id') AS e, count(*), count(DISTINCT article_id)
			FROM spans s WHERE e IS NOT NULL AND `+visible("s")+` GROUP BY e`)
		if err != nil {
			return err
		}
		defer rows.Close()
		counts := map[string][2]int{}
		for rows.Next() {
			var id string
			var n, a int
			if err := rows.Scan(&id, &n, &a); err != nil {
				return err
			}
			counts[id] = [2]int{n, a}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, e := range es {
			c := counts[e.ID]
			out = append(out, EntryStat{Entry: e, Mentions: c[0], Articles: c[1]})
		}
		return nil
	})
	return out, err
}

// setSpanAttr is the span edit behind linking: attribute key of span
// spanID becomes value ("" removes it), as UpdateSpan would, with its
// history entry. want is the kind the span must be.
func (db *DB) setSpanAttr(ctx context.Context, tx *sql.Tx, spanID, key, value string, want annotations.Kind) (annotations.Span, error) {
	old, err := getSpan(ctx, tx, spanID)
	if err != nil {
		return old, err
	}
	if old.Kind != want {
		return old, annotations.Errorf(annotations.EINVALID, "span %q is a%s %s (label %q); only %s spans take %s",
			spanID, map[bool]string{true: "n", false: ""}[old.Kind == annotations.KindEntity], old.Kind, old.Label, want, key)
	}
	if old.Attributes[key] == value {
		return old, nil
	}
	next := old
	next.Attributes = maps.Clone(old.Attributes)
	if next.Attributes == nil {
		next.Attributes = map[string]string{}
	}
	if value == "" {
		delete(next.Attributes, key)
	} else {
		next.Attributes[key] = value
	}
	next.Attributes = cloneAttrs(next.Attributes)
	return db.replaceSpan(ctx, tx, old, next, opUpdateSpan)
}

// LinkSpan links the entity span spanID to registry entry entryID (its
// entity_id attribute): a span edit, undone like any other. The span's
// text becomes an alias of the entry when it is not one yet (folded), so
// its other mentions are found by LinkSuggestions. An empty entryID
// unlinks the span. EINVALID for a claim span; ENOTFOUND for an unknown
// span or entry.
func (db *DB) LinkSpan(ctx context.Context, spanID, entryID string) (annotations.Span, error) {
	var out annotations.Span
	op := fmt.Sprintf("link span %q to registry entry %q", spanID, entryID)
	err := db.update(ctx, op, func(tx *sql.Tx) error {
		if entryID != "" {
			e, err := getEntry(ctx, tx, entryID)
			if err != nil {
				return err
			}
			s, err := getSpan(ctx, tx, spanID)
			if err != nil {
				return err
			}
			text, err := articleText(ctx, tx, s.ArticleID)
			if err != nil {
				return err
			}
			surface := annotations.NewOffsets(text).Slice(text, s.Start, s.End)
			if next, added := e.WithAlias(surface); added {
				if err := writeEntry(ctx, tx, next, formatTime(db.now())); err != nil {
					return err
				}
			}
		}
		var err error
		out, err = db.setSpanAttr(ctx, tx, spanID, annotations.AttrEntityID, entryID, annotations.KindEntity)
		return err
	})
	return out, err
}

// LinkSuggestion is annotations.LinkSuggestion: an unlinked entity span
// whose text matches a name or alias of an entry.
type LinkSuggestion = annotations.LinkSuggestion

// LinkSuggestions returns, for every unlinked entity span of every
// article whose text is a whole name or alias of entry id (score ≥ 0.95:
// folded, through a proclitic), the span with the entry: the other
// mentions a user links next. Ordered by article title and position.
func (db *DB) LinkSuggestions(ctx context.Context, id string) ([]LinkSuggestion, error) {
	var out []LinkSuggestion
	err := db.view(ctx, fmt.Sprintf("find mentions of registry entry %q", id), func(tx *sql.Tx) error {
		e, err := getEntry(ctx, tx, id)
		if err != nil {
			return err
		}
		ix := annotations.NewRegistryIndex([]annotations.Entry{e})
		ms, err := mentionsWhere(ctx, tx, `s.kind = 'entity' AND json_extract(s.attributes, '$.entity_id') IS NULL`)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if cs := ix.Candidates(m.Text, 1); len(cs) == 1 && cs[0].Score >= 0.95 {
				out = append(out, LinkSuggestion{Mention: m, Candidate: cs[0]})
			}
		}
		return nil
	})
	return out, err
}

// mentionsWhere reads the visible spans matching cond (over alias s),
// with their texts.
func mentionsWhere(ctx context.Context, tx *sql.Tx, cond string) ([]Mention, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.article_id, s.kind, s.label, s.start, s."end", s.attributes,
		a.title, a.source, substr(t.text, s.start + 1, s."end" - s.start)
		FROM spans s JOIN articles a ON a.id = s.article_id JOIN article_texts t ON t.article_id = s.article_id
		WHERE `+cond+` AND `+visible("s")+` AND `+visible("a")+`
		ORDER BY a.title, s.article_id, s.start, s.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Mention
	for rows.Next() {
		var m Mention
		var kind, attrs string
		s := &m.Span
		if err := rows.Scan(&s.ID, &s.ArticleID, &kind, &s.Label, &s.Start, &s.End, &attrs, &m.ArticleTitle, &m.Source, &m.Text); err != nil {
			return nil, err
		}
		s.Kind = annotations.Kind(kind)
		if s.Attributes, err = decodeAttributes(attrs); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// checkRefs checks the registry references of a span being written, when
// they change from old's (nil: a new span): an entity_id names an entry
// and sits on an entity span, a cluster_id names a cluster and sits on a
// claim. A reference left as it was is not checked again, so an imported
// span whose entry is missing can still be edited otherwise.
func checkRefs(ctx context.Context, tx *sql.Tx, old *annotations.Span, next *annotations.Span) error {
	for _, ref := range []struct {
		key, table string
		kind       annotations.Kind
		what       string
	}{
		{annotations.AttrEntityID, "registry_entries", annotations.KindEntity, "registry entry"},
		{annotations.AttrClusterID, "claim_clusters", annotations.KindClaim, "claim cluster"},
	} {
		v := next.Attributes[ref.key]
		if v == "" || old != nil && old.Attributes[ref.key] == v {
			continue
		}
		if next.Kind != ref.kind {
			return annotations.Errorf(annotations.EINVALID, "span %q is a %s; only %s spans take %s", next.ID, next.Kind, ref.kind, ref.key)
		}
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+ref.table+` WHERE id = ?`, v).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return annotations.Errorf(annotations.EINVALID, "span %q: %s %q does not exist (it may have been deleted or merged)", next.ID, ref.what, v)
		} else if err != nil {
			return err
		}
	}
	return nil
}
