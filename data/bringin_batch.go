package data

import (
	"context"
	"database/sql"
	"fmt"
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
		for i := range s.o.docs {
			var found bool
			if err := q.QueryRowContext(ctx, s.o.docs[i].Article.TextSHA256()).Scan(&found); err != nil {
				return err
			}
			if !found {
				fresh = append(fresh, i)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.restart(s.ours)
	return fresh, nil
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
}

// bringStaged writes the documents fresh (indexes into s.o.docs) as import
// id, in batches like ImportFile's. A document whose text has arrived
// meanwhile is left to finish.
func (db *DB) bringStaged(ctx context.Context, op string, lock *importLock, id int64, s *bringState, fresh []int) error {
	batch := db.ImportBatch
	if batch <= 0 {
		batch = DefaultImportBatch
	}
	// As ImportFile: one checkpoint at the end, not one per batch.
	db.setAutoCheckpoint(ctx, 0)
	defer db.setAutoCheckpoint(context.Background(), defaultAutoCheckpoint)
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
					return fmt.Errorf("article %q: %w", s.o.docs[k].Article.ID, err)
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
