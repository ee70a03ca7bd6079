package data

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// Bringing in locks as briefly as an import (issue 14, point 2). The
// articles of the file that this database lacks (all of them, the first
// time) are written as an import (a row in imports, its id in import_id on
// every row: see migration 0003) in batches of at most db.ImportBatch
// articles and about db.ImportBatchTime, letting waiting writers go
// between two. Readers skip those rows until the last transaction, which
// replaces the layers on the articles stored already, all together, and
// deletes the imports row, so everything appears at once. A failure
// removes the staged rows at once (dropImport), a killed process leaves
// them for the next import or Open (dropDeadImports).

// planBringIn checks the file against this database in one snapshot,
// before anything is written: the names (as finish does again), the
// labels' kinds. It fills s (our name, the names brought in before, the
// labels the file uses, one layer result per annotator of the file but
// us) and returns the indexes of the documents whose text this database
// lacks.
func (db *DB) planBringIn(ctx context.Context, op string, s *bringState) ([]int, error) {
	s.used = map[string]annotations.Kind{}
	for _, d := range s.o.docs {
		for _, sp := range d.Spans {
			s.used[sp.Label] = sp.Kind
		}
	}
	var fresh []int
	err := db.view(ctx, op, func(tx *sql.Tx) error {
		var err error
		if s.ours, err = setting(ctx, tx, SettingAnnotator); err != nil {
			return err
		}
		ourID, err := setting(ctx, tx, SettingAnnotatorID)
		if err != nil {
			return err
		}
		if s.known, err = knownAnnotators(ctx, tx); err != nil {
			return err
		}
		// Without an id of ours yet (a database named before ids were
		// made), finish makes it and checks our name then.
		if ourID != "" {
			if err := s.checkNames(ourID); err != nil {
				return err
			}
		}
		ls, err := labels(ctx, tx, true)
		if err != nil {
			return err
		}
		have := make(map[string]annotations.Kind, len(ls))
		for _, l := range ls {
			have[l.Name] = l.Kind
		}
		if err := s.labelClash(have); err != nil {
			return err
		}
		q, err := tx.PrepareContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE text_sha256 = ?)`)
		if err != nil {
			return err
		}
		defer q.Close()
		var matched []int
		for i := range s.o.docs {
			var found bool
			if err := q.QueryRowContext(ctx, s.o.docs[i].Article.TextSHA256()).Scan(&found); err != nil {
				return err
			}
			if !found {
				fresh = append(fresh, i)
			} else {
				matched = append(matched, i)
			}
		}
		s.restart(s.ours)
		return s.dryRun(ctx, tx, matched)
	})
	if err != nil {
		return nil, err
	}
	return fresh, nil
}

// cleanDoc is a stored article the file leaves as it is (a dry run wrote
// nothing for it), with what storing it would have counted.
type cleanDoc struct {
	target, updated   string         // the article and its updated_at then
	ignored, goldKept int            // IgnoredOwnSpans, GoldKeptArticles
	unchanged         map[string]int // per layer with spans there: SpansUnchanged
}

// dryRun stores the matched documents in tx (a read transaction) without
// writing, and records in s.clean those that would write nothing, so that
// finish, the one transaction that must compare them, skips the ones
// unchanged since: bringing in a file again, all of it the same, then
// holds the write lock for a moment instead of a comparison of every span.
func (s *bringState) dryRun(ctx context.Context, tx *sql.Tx, matched []int) error {
	var err error
	if s.labelsSeen, err = labelsMark(ctx, tx); err != nil {
		return err
	}
	b, err := newBringer(ctx, tx, s, 0)
	if err != nil {
		return err
	}
	defer b.close()
	b.dry = true
	upd, err := tx.PrepareContext(ctx, `SELECT updated_at FROM articles WHERE id = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()
	for _, i := range matched {
		if err := ctx.Err(); err != nil {
			return err
		}
		tmp := *s
		tmp.res = BringInResult{}
		tmp.layers = make(map[string]*annotations.LayerResult, len(s.layers))
		for name := range s.layers {
			tmp.layers[name] = &annotations.LayerResult{Annotator: name}
		}
		b.bringState, b.wrote = &tmp, false
		if _, err := b.doc(&s.o.docs[i], false); err != nil {
			return annotations.Failf("article %q: %w", s.o.docs[i].Article.ID, err)
		}
		if b.wrote {
			continue
		}
		c := cleanDoc{target: b.target, ignored: tmp.res.IgnoredOwnSpans, goldKept: tmp.res.GoldKeptArticles, unchanged: map[string]int{}}
		if err := upd.QueryRowContext(ctx, c.target).Scan(&c.updated); err != nil {
			return err
		}
		for name, lr := range tmp.layers {
			if lr.ArticlesMatched > 0 {
				c.unchanged[name] = lr.SpansUnchanged
			}
		}
		s.clean[i] = c
	}
	return nil
}

// labelsMark sums up the visible labels and their kinds: a rename changes
// the label of stored spans without changing their articles.
func labelsMark(ctx context.Context, tx *sql.Tx) (string, error) {
	var m string
	err := tx.QueryRowContext(ctx, `SELECT coalesce(group_concat(name || ':' || kind, ','), '') FROM
		(SELECT name, kind FROM labels l WHERE `+visible("l")+` ORDER BY name)`).Scan(&m)
	return m, err
}

// stillClean returns the documents of s.clean whose articles are as the
// dry run saw them (the same updated_at, which every edit of an article's
// spans and relations sets, and the same labels), in finish's
// transaction; the others finish stores again.
func (b *bringer) stillClean() (map[int]cleanDoc, error) {
	if len(b.clean) == 0 {
		return nil, nil
	}
	if m, err := labelsMark(b.ctx, b.tx); err != nil || m != b.labelsSeen {
		return nil, err
	}
	q, err := b.tx.PrepareContext(b.ctx, `SELECT updated_at FROM articles WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	defer q.Close()
	out := make(map[int]cleanDoc, len(b.clean))
	for i, c := range b.clean {
		var now string
		err := q.QueryRowContext(b.ctx, c.target).Scan(&now)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return nil, err
		}
		if now == c.updated {
			out[i] = c
		}
	}
	return out, nil
}

// countClean counts a document stillClean kept as doc would have.
func (b *bringer) countClean(c cleanDoc) {
	b.res.ArticlesMatched++
	b.res.IgnoredOwnSpans += c.ignored
	b.res.GoldKeptArticles += c.goldKept
	for name, n := range c.unchanged {
		if lr := b.layers[name]; lr != nil {
			lr.ArticlesMatched++
			lr.SpansUnchanged += n
		}
	}
}

// restart forgets what the staged batches counted and did, for our name
// ours: one empty layer result per annotator of the file but us.
func (s *bringState) restart(ours string) {
	s.ours = ours
	s.layers = map[string]*annotations.LayerResult{}
	for _, name := range s.o.layers {
		if name != ours {
			s.layers[name] = &annotations.LayerResult{Annotator: name}
		}
	}
	s.res = BringInResult{Path: s.res.Path, Owner: s.res.Owner}
	clear(s.staged)
	s.clean = map[int]cleanDoc{}
}

// bringStaged writes the documents fresh (indexes into s.o.docs) as import
// id, in batches like ImportFile's. A document whose text has arrived
// meanwhile is left to finish.
func (db *DB) bringStaged(ctx context.Context, op string, lock *importLock, id int64, s *bringState, fresh []int) error {
	batch := db.ImportBatch
	if batch <= 0 {
		batch = DefaultImportBatch
	}
	batches := 0
	for i := 0; i < len(fresh); {
		err := db.write(ctx, op, func(tx *sql.Tx) error {
			b, err := newBringer(ctx, tx, s, id)
			if err != nil {
				return err
			}
			defer b.close()
			if err := b.addLabels(); err != nil {
				return err
			}
			start := time.Now()
			for n := 0; i < len(fresh) && n < batch && (n == 0 || time.Since(start) < db.ImportBatchTime); n++ {
				if err := ctx.Err(); err != nil {
					return err
				}
				k := fresh[i]
				later, err := b.doc(&s.o.docs[k], true)
				if err != nil {
					return annotations.Failf("article %q: %w", s.o.docs[k].Article.ID, err)
				}
				s.staged[k] = !later
				i++
			}
			return nil
		})
		if err != nil {
			return err
		}
		batches++
		if afterImportBatch != nil {
			afterImportBatch(batches)
		}
		lock.yield()
	}
	return nil
}

// afterBringPlan, when set (by tests), is called after planBringIn.
var afterBringPlan func()

// afterBringMatched, when set (by tests), is called in the last
// transaction of a bring-in after each document it stored.
var afterBringMatched func()

// unstage deletes, inside finish's transaction, every row import id
// staged: its articles take their texts, spans and relations with them.
func (b *bringer) unstage(id int64) error {
	for _, t := range []string{"relations", "spans", "articles", "labels"} {
		if _, err := b.tx.ExecContext(b.ctx, `DELETE FROM `+t+` WHERE import_id = ?`, id); err != nil {
			return err
		}
	}
	return nil
}

// checkpointAside copies the write-ahead log the staged batches grew into
// the database file through a connection of its own (a passive
// checkpoint, which writers do not wait for), so that neither the last
// transaction nor the next writer's commit does it while holding the
// write connection. It is an optimisation: a failure is ignored, and the
// next automatic checkpoint does the work instead.
func (db *DB) checkpointAside(ctx context.Context) {
	c, err := sql.Open("sqlite3", dsn(db.path, ""))
	if err != nil {
		return
	}
	defer c.Close()
	c.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
}
