package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

const clusterColumns = `id, text, coalesce(claimant_id, ''), claim_date, verdict, rating, best_rating, worst_rating, review_url, reviewer, review_date, appearances`

func scanCluster(row scanner) (annotations.Cluster, error) {
	var c annotations.Cluster
	var app string
	if err := row.Scan(&c.ID, &c.Text, &c.ClaimantID, &c.ClaimDate, &c.Verdict, &c.Rating, &c.BestRating, &c.WorstRating,
		&c.ReviewURL, &c.Reviewer, &c.ReviewDate, &app); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(app), &c.Appearances); err != nil {
		return c, annotations.Failf("claim cluster %q: appearances: %w", c.ID, err)
	}
	if len(c.Appearances) == 0 {
		c.Appearances = nil
	}
	return c, nil
}

func getCluster(ctx context.Context, tx *sql.Tx, id string) (annotations.Cluster, error) {
	c, err := scanCluster(tx.QueryRowContext(ctx, `SELECT `+clusterColumns+` FROM claim_clusters WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, annotations.Errorf(annotations.ENOTFOUND, "claim cluster %q not found", id)
	}
	return c, err
}

func queryClusters(ctx context.Context, tx *sql.Tx) ([]annotations.Cluster, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+clusterColumns+` FROM claim_clusters ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annotations.Cluster
	for rows.Next() {
		c, err := scanCluster(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Clusters returns every claim cluster, by id.
func (db *DB) Clusters(ctx context.Context) ([]annotations.Cluster, error) {
	var out []annotations.Cluster
	err := db.view(ctx, "read the claim clusters", func(tx *sql.Tx) error {
		var err error
		out, err = queryClusters(ctx, tx)
		return err
	})
	return out, err
}

// Cluster returns one claim cluster; ENOTFOUND when there is none.
func (db *DB) Cluster(ctx context.Context, id string) (annotations.Cluster, error) {
	var c annotations.Cluster
	err := db.view(ctx, fmt.Sprintf("read claim cluster %q", id), func(tx *sql.Tx) error {
		var err error
		c, err = getCluster(ctx, tx, id)
		return err
	})
	return c, err
}

// writeCluster checks c (and that its claimant is an entry) and inserts or
// replaces its row.
func writeCluster(ctx context.Context, tx *sql.Tx, c annotations.Cluster, now string) error {
	c.Text = strings.TrimSpace(c.Text)
	if err := c.Validate(); err != nil {
		return err
	}
	var claimant any
	if c.ClaimantID != "" {
		if _, err := getEntry(ctx, tx, c.ClaimantID); err != nil {
			return annotations.Errorf(annotations.EINVALID, "claim cluster %q: its claimant %q is not a registry entry", c.ID, c.ClaimantID)
		}
		claimant = c.ClaimantID
	}
	app := c.Appearances
	if app == nil {
		app = []annotations.Appearance{}
	}
	a, err := json.Marshal(app)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO claim_clusters (id, text, claimant_id, claim_date, verdict, rating, best_rating, worst_rating,
		review_url, reviewer, review_date, appearances, created_at, updated_at)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)
		ON CONFLICT (id) DO UPDATE SET text = ?2, claimant_id = ?3, claim_date = ?4, verdict = ?5, rating = ?6, best_rating = ?7,
		worst_rating = ?8, review_url = ?9, reviewer = ?10, review_date = ?11, appearances = ?12, updated_at = ?13`,
		c.ID, c.Text, claimant, c.ClaimDate, c.Verdict, c.Rating, c.BestRating, c.WorstRating, c.ReviewURL, c.Reviewer, c.ReviewDate, string(a), now)
	return err
}

// AddCluster stores a new claim cluster, filling an empty ID, and returns
// it. EINVALID for a bad cluster; ECONFLICT for a taken ID.
func (db *DB) AddCluster(ctx context.Context, c annotations.Cluster) (annotations.Cluster, error) {
	err := db.update(ctx, "add a claim cluster", func(tx *sql.Tx) error {
		if c.ID == "" {
			var err error
			if c.ID, err = newID(); err != nil {
				return err
			}
		} else if _, err := getCluster(ctx, tx, c.ID); err == nil {
			return annotations.Errorf(annotations.ECONFLICT, "claim cluster id %q is taken", c.ID)
		}
		return writeCluster(ctx, tx, c, formatTime(db.now()))
	})
	if err != nil {
		return annotations.Cluster{}, err
	}
	return c, nil
}

// SaveCluster replaces the stored cluster c.ID with c. ENOTFOUND for an
// unknown id; EINVALID for a bad cluster.
func (db *DB) SaveCluster(ctx context.Context, c annotations.Cluster) error {
	return db.update(ctx, fmt.Sprintf("save claim cluster %q", c.ID), func(tx *sql.Tx) error {
		if _, err := getCluster(ctx, tx, c.ID); err != nil {
			return err
		}
		return writeCluster(ctx, tx, c, formatTime(db.now()))
	})
}

// DeleteCluster removes a cluster that has no member left. While claims
// still belong to it, it returns ECONFLICT saying how many (remove them
// first) and nothing changes: a cluster never vanishes from under its
// members. A cluster whose members were all deleted keeps its verdict
// until deleted here.
func (db *DB) DeleteCluster(ctx context.Context, id string) error {
	return db.update(ctx, fmt.Sprintf("delete claim cluster %q", id), func(tx *sql.Tx) error {
		if _, err := getCluster(ctx, tx, id); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM spans WHERE json_extract(attributes, '$.cluster_id') = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return annotations.Errorf(annotations.ECONFLICT, "claim cluster %q still has %d member claims; remove them from it first (nothing was deleted)", id, n)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM claim_clusters WHERE id = ?`, id)
		return err
	})
}

// ClusterMembers returns the claim spans of cluster id, with their texts,
// article titles and sources (its appearances in stored articles).
func (db *DB) ClusterMembers(ctx context.Context, id string) ([]Mention, error) {
	var out []Mention
	err := db.view(ctx, fmt.Sprintf("read the members of claim cluster %q", id), func(tx *sql.Tx) error {
		if _, err := getCluster(ctx, tx, id); err != nil {
			return err
		}
		var err error
		out, err = mentions(ctx, tx, annotations.AttrClusterID, id)
		return err
	})
	return out, err
}

// SetClusterOf puts claim span spanID in cluster clusterID ("" takes it
// out of its cluster): a span edit of its cluster_id attribute, undone like
// any other. EINVALID for an entity span; ENOTFOUND for an unknown span or
// cluster. last reports that taking the span out left its cluster with no
// member (the cluster stays, with its verdict, until DeleteCluster).
func (db *DB) SetClusterOf(ctx context.Context, spanID, clusterID string) (s annotations.Span, last bool, err error) {
	err = db.update(ctx, fmt.Sprintf("put claim span %q in cluster %q", spanID, clusterID), func(tx *sql.Tx) error {
		if clusterID != "" {
			if _, err := getCluster(ctx, tx, clusterID); err != nil {
				return err
			}
		}
		old, err := getSpan(ctx, tx, spanID)
		if err != nil {
			return err
		}
		if s, err = db.setSpanAttr(ctx, tx, spanID, annotations.AttrClusterID, clusterID, annotations.KindClaim); err != nil {
			return err
		}
		if prev := old.Attributes[annotations.AttrClusterID]; prev != "" && prev != clusterID {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM spans WHERE json_extract(attributes, '$.cluster_id') = ?`, prev).Scan(&n); err != nil {
				return err
			}
			last = n == 0
		}
		return nil
	})
	return s, last, err
}

// ClusterStat is annotations.ClusterStat: a cluster with its member and
// article counts and conflicting member verdicts.
type ClusterStat = annotations.ClusterStat

// ClusterStats returns every cluster with its counts, largest first, then
// by verdict and id.
func (db *DB) ClusterStats(ctx context.Context) ([]ClusterStat, error) {
	var out []ClusterStat
	err := db.view(ctx, "count the claim clusters' members", func(tx *sql.Tx) error {
		cs, err := queryClusters(ctx, tx)
		if err != nil {
			return err
		}
		ms, err := mentionsWhere(ctx, tx, `json_extract(s.attributes, '$.cluster_id') IS NOT NULL`)
		if err != nil {
			return err
		}
		by := map[string][]annotations.Span{}
		arts := map[string]map[string]bool{}
		for _, m := range ms {
			id := m.Span.Attributes[annotations.AttrClusterID]
			by[id] = append(by[id], m.Span)
			if arts[id] == nil {
				arts[id] = map[string]bool{}
			}
			arts[id][m.Span.ArticleID] = true
		}
		for _, c := range cs {
			out = append(out, ClusterStat{Cluster: c, Members: len(by[c.ID]), Articles: len(arts[c.ID]), Conflicts: c.Conflicts(by[c.ID])})
		}
		return nil
	})
	sortClusterStats(out)
	return out, err
}

func sortClusterStats(s []ClusterStat) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && lessStat(s[j], s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func lessStat(a, b ClusterStat) bool {
	if a.Members != b.Members {
		return a.Members > b.Members
	}
	if a.Cluster.Verdict != b.Cluster.Verdict {
		return a.Cluster.Verdict < b.Cluster.Verdict
	}
	return a.Cluster.ID < b.Cluster.ID
}

// ClaimTexts returns every claim span as compared for clustering: its
// normalized_claim when set, else its text.
func (db *DB) ClaimTexts(ctx context.Context) ([]annotations.ClaimText, error) {
	var out []annotations.ClaimText
	err := db.view(ctx, "read the claims", func(tx *sql.Tx) error {
		ms, err := mentionsWhere(ctx, tx, `s.kind = 'claim'`)
		if err != nil {
			return err
		}
		for _, m := range ms {
			t := m.Span.Attributes[annotations.AttrNormalizedClaim]
			if t == "" {
				t = m.Text
			}
			out = append(out, annotations.ClaimText{SpanID: m.Span.ID, ArticleID: m.Span.ArticleID, Text: t})
		}
		return nil
	})
	return out, err
}

// SuggestClusterMembers offers the claims not in cluster id whose text is
// at least threshold similar to its normalized text or a member's
// (annotations.SuggestMembers), best first, each with its score. Claims
// already in another cluster are offered too (they would move).
func (db *DB) SuggestClusterMembers(ctx context.Context, id string, threshold float64) ([]annotations.MemberSuggestion, error) {
	c, err := db.Cluster(ctx, id)
	if err != nil {
		return nil, err
	}
	claims, err := db.ClaimTexts(ctx)
	if err != nil {
		return nil, err
	}
	members, err := db.ClusterMembers(ctx, id)
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	refs := []annotations.ClaimText{{Text: c.Text}}
	for _, m := range members {
		in[m.Span.ID] = true
	}
	for _, t := range claims {
		if in[t.SpanID] {
			refs = append(refs, t)
		}
	}
	return annotations.SuggestMembers(refs, claims, threshold), nil
}

// RelationTypes returns the relation types of the scheme in display order.
func (db *DB) RelationTypes(ctx context.Context) ([]annotations.RelationType, error) {
	var out []annotations.RelationType
	err := db.view(ctx, "read the relation types", func(tx *sql.Tx) error {
		var err error
		out, err = relationTypes(ctx, tx)
		return err
	})
	return out, err
}

func relationTypes(ctx context.Context, tx *sql.Tx) ([]annotations.RelationType, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, from_kind, to_kind, color, hotkey, description FROM relation_types ORDER BY position, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annotations.RelationType
	for rows.Next() {
		var t annotations.RelationType
		var from, to string
		if err := rows.Scan(&t.Name, &from, &to, &t.Color, &t.Hotkey, &t.Description); err != nil {
			return nil, err
		}
		t.From, t.To = annotations.Kind(from), annotations.Kind(to)
		out = append(out, t)
	}
	return out, rows.Err()
}

// SaveRelationType adds relation type t or replaces the one of that name.
// EINVALID for a bad type; ECONFLICT for a hotkey another type has. A type
// whose new kinds stored relations break is refused with ECONFLICT.
func (db *DB) SaveRelationType(ctx context.Context, t annotations.RelationType) error {
	return db.update(ctx, fmt.Sprintf("save relation type %q", t.Name), func(tx *sql.Tx) error {
		return saveRelationType(ctx, tx, t)
	})
}

func saveRelationType(ctx context.Context, tx *sql.Tx, t annotations.RelationType) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if t.Hotkey != "" {
		var other string
		err := tx.QueryRowContext(ctx, `SELECT name FROM relation_types WHERE hotkey = ? AND name <> ?`, t.Hotkey, t.Name).Scan(&other)
		if err == nil {
			return annotations.Errorf(annotations.ECONFLICT, "relation type %q: hotkey %q is relation type %q's", t.Name, t.Hotkey, other)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	var bad int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM relations r JOIN spans f ON f.id = r.from_span JOIN spans o ON o.id = r.to_span
		WHERE r.type = ?1 AND ((?2 <> 'span' AND f.kind <> ?2) OR (?3 <> 'span' AND o.kind <> ?3))`, t.Name, string(t.From), string(t.To)).Scan(&bad); err != nil {
		return err
	}
	if bad > 0 {
		return annotations.Errorf(annotations.ECONFLICT, "relation type %q cannot go from %s to %s: %d stored relations of the type do not (nothing was changed)", t.Name, t.From, t.To, bad)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO relation_types (name, from_kind, to_kind, color, hotkey, description, position)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT coalesce(max(position), -1) + 1 FROM relation_types))
		ON CONFLICT (name) DO UPDATE SET from_kind = ?2, to_kind = ?3, color = ?4, hotkey = ?5, description = ?6`,
		t.Name, string(t.From), string(t.To), t.Color, t.Hotkey, t.Description)
	return err
}

// checkRelationType checks that relation type name allows from → to. A
// type the scheme lacks joins it allowing any span at either end, as an
// import's types do (the GUI offers only the scheme's types).
func checkRelationType(ctx context.Context, tx *sql.Tx, name string, from, to annotations.Span) error {
	ts, err := relationTypes(ctx, tx)
	if err != nil {
		return err
	}
	t, ok := annotations.FindRelationType(ts, name)
	if !ok {
		t = annotations.RelationType{Name: name, From: annotations.KindAny, To: annotations.KindAny, Color: annotations.NewLabelColor(name)}
		if err := t.Validate(); err != nil {
			return err
		}
		return saveRelationType(ctx, tx, t)
	}
	return t.CheckKinds(from.ID, from.Kind, to.ID, to.Kind)
}

// Registry returns everything the native JSONL carries beside articles:
// the entries, the clusters and the relation types.
func (db *DB) Registry(ctx context.Context) (*annotations.Registry, error) {
	r := &annotations.Registry{}
	err := db.view(ctx, "read the registry", func(tx *sql.Tx) error {
		var err error
		if r.Entries, err = queryEntries(ctx, tx, `SELECT `+entryColumns+` FROM registry_entries ORDER BY id`); err != nil {
			return err
		}
		if r.Clusters, err = queryClusters(ctx, tx); err != nil {
			return err
		}
		r.RelationTypes, err = relationTypes(ctx, tx)
		return err
	})
	return r, err
}

// ImportRegistry writes the entries, clusters and relation types of r in
// one transaction, after checking all of them (r.Validate, labels of the
// scheme): an entry or cluster with a stored id is replaced by the file's,
// and a relation type too. Types named in types but in neither r nor the
// scheme are added allowing any span at either end, so imported relations
// keep a type the scheme knows. Nothing is written when any part is bad.
func (db *DB) ImportRegistry(ctx context.Context, r *annotations.Registry, types []string) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.update(ctx, "import the registry", func(tx *sql.Tx) error {
		now := formatTime(db.now())
		if r != nil {
			for _, e := range r.Entries {
				if err := cleanEntry(ctx, tx, &e); err != nil {
					return err
				}
				if err := writeEntry(ctx, tx, e, now); err != nil {
					return err
				}
			}
			for _, c := range r.Clusters {
				if err := writeCluster(ctx, tx, c, now); err != nil {
					return err
				}
			}
			for _, t := range r.RelationTypes {
				if err := saveRelationType(ctx, tx, t); err != nil {
					return err
				}
			}
		}
		have, err := relationTypes(ctx, tx)
		if err != nil {
			return err
		}
		for _, name := range types {
			if _, ok := annotations.FindRelationType(have, name); ok {
				continue
			}
			t := annotations.RelationType{Name: name, From: annotations.KindAny, To: annotations.KindAny, Color: annotations.NewLabelColor(name)}
			if err := saveRelationType(ctx, tx, t); err != nil {
				return err
			}
			have = append(have, t)
		}
		return nil
	})
}

// The store is what the session's registry features and the views need.
var (
	_ annotations.RegistryStore     = (*DB)(nil)
	_ annotations.RegistryViewStore = (*DB)(nil)
)

var _ annotations.RegistryExchange = (*DB)(nil)

var _ annotations.LinkSuggester = (*DB)(nil)
