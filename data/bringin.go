package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
)

// Bringing in a colleague's work (issue 14, point 2): BringIn reads another
// Hamesh database and replaces, on the articles it holds, the layer of each
// annotator in it by theirs.

// SettingAnnotatorID is the settings key holding the random id of the
// database's owner, so two different people who chose the same annotator
// name can be told apart when their work is brought together. It is made
// when the owner first names themselves (SetSetting of SettingAnnotator) or
// by EnsureAnnotatorID.
const SettingAnnotatorID = "annotator_id"

// SettingBroughtIn is the settings key holding, as a JSON object, the
// annotator id of every annotator name brought in before (name → id).
const SettingBroughtIn = "brought_in_annotators"

// BringInResult is what BringIn did, per annotator.
type BringInResult = annotations.BringInResult

var _ annotations.BringInner = (*DB)(nil)

// EnsureAnnotatorID returns the database's annotator id (setting
// SettingAnnotatorID), making a random one first when there is none.
func (db *DB) EnsureAnnotatorID(ctx context.Context) (string, error) {
	var id string
	err := db.update(ctx, "make the annotator id of "+db.path, func(tx *sql.Tx) error {
		var err error
		id, err = ensureAnnotatorID(ctx, tx)
		return err
	})
	return id, err
}

func ensureAnnotatorID(ctx context.Context, tx *sql.Tx) (string, error) {
	id, err := setting(ctx, tx, SettingAnnotatorID)
	if err != nil || id != "" {
		return id, err
	}
	if id, err = newID(); err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, SettingAnnotatorID, id)
	return id, err
}

// other is what BringIn read from the other database, in one snapshot.
type other struct {
	owner, ownerID string
	known          map[string]string // name → annotator id of the layers it brought in
	labels         map[string]annotations.Label
	docs           []annotations.Document // spans carry their resolved annotator
	layers         []string               // every annotator with a span, and the owner, sorted
}

// BringIn brings in the work of the annotators of the Hamesh database at
// otherPath, which it reads without writing to it (nor creating anything
// beside it), even while its owner's app has it open and is writing.
//
// Articles are matched by the SHA-256 of their text; articles the file has
// and this database lacks are added with their metadata. The file's
// annotators are its owner (its "annotator" setting, which also names its
// spans without an annotator) and every annotator with a span in it. On
// each of the file's articles, each such annotator's layer is replaced by
// the file's: spans missing from the file are deleted, spans it changed are
// rewritten, new ones inserted keeping their id when no other row has it;
// relations follow (a relation belongs to its spans' layer). A span of the
// file is the same as a stored one of that annotator when it has its id, or
// else its kind, label and range, so bringing in the same file twice
// changes nothing (no new rows, ids or history) and a newer file applies
// exactly its edits and deletions.
//
// Never touched: the layer of this database's own annotator (the file's
// copy of it is ignored and counted in IgnoredOwnSpans), layers the file
// does not hold, and articles the file does not hold. The gold layer
// (annotations.GoldLayer) is brought in only on articles where this database has no
// gold span: a gold layer, once here, is this curator's to decide
// (GoldKeptArticles counts the articles where the file's gold was left
// out). Article status and notes of matched articles stay ours. No undo
// history is written, as for every import.
//
// It is all or nothing, and locks no longer than an import of the same
// file (ImportFile): it runs as an import (one at a time, under the
// import lock). The file is read in full and checked first; the articles
// this database lacks (all of them, the first time) are then written in
// short staged transactions of at most db.ImportBatch articles and about
// db.ImportBatchTime each, invisible to every reader (migration 0003), and
// the last, short transaction replaces the layers on the articles stored
// already and makes the new ones visible, all at once. A failure removes
// the staged rows, a killed process leaves them for the next import or
// Open to remove (see bringin_batch.go). It returns EINVALID, changing
// nothing, when otherPath is not a Hamesh database, comes from a newer
// Hamesh, is this very database (also through a link), holds a document
// that is not valid, uses a label with another kind than ours, has
// unattributed spans and no owner name, or when an annotator name in it
// belongs to another person (another annotator id) than the one brought
// in, or named here, before; ECONFLICT when another import runs for
// longer than db.ImportWait.
func (db *DB) BringIn(ctx context.Context, otherPath string) (BringInResult, error) {
	op := "bring in " + otherPath
	if db.readOnly != "" {
		return BringInResult{}, db.errReadOnly(op)
	}
	if err := db.notSelf(otherPath); err != nil {
		return BringInResult{}, mapErr(op, err)
	}
	o, err := readOther(ctx, otherPath)
	if err != nil {
		return BringInResult{}, mapErr(op, err)
	}
	lock, err := db.lockImport(ctx, otherPath)
	if err != nil {
		return BringInResult{}, mapErr(op, err)
	}
	defer lock.release()
	if err := db.dropStaged(ctx, op); err != nil {
		return BringInResult{}, err
	}
	s := &bringState{now: formatTime(db.now()), path: otherPath, o: o, staged: make([]bool, len(o.docs))}
	s.res.Path, s.res.Owner = otherPath, o.owner
	fresh, err := db.planBringIn(ctx, op, s)
	if err != nil {
		return BringInResult{}, err
	}
	if afterBringPlan != nil {
		afterBringPlan()
	}
	var id int64
	if len(fresh) > 0 {
		// As ImportFile: one checkpoint at the end, after the last
		// transaction, not one per batch.
		db.setAutoCheckpoint(ctx, 0)
		defer db.setAutoCheckpoint(context.Background(), defaultAutoCheckpoint)
		err = db.write(ctx, op, func(tx *sql.Tx) error {
			return tx.QueryRowContext(ctx, `INSERT INTO imports (file, state, started, pid) VALUES (?, 'staging', ?, ?) RETURNING id`,
				otherPath, s.now, os.Getpid()).Scan(&id)
		})
		if err != nil {
			return BringInResult{}, err
		}
		err = db.bringStaged(ctx, op, lock, id, s, fresh)
	}
	if err == nil {
		err = db.write(ctx, op, func(tx *sql.Tx) error {
			b, err := newBringer(ctx, tx, s, 0)
			if err != nil {
				return err
			}
			defer b.close()
			return b.finish(id)
		})
	}
	if err == nil && id != 0 {
		db.checkpointAside(ctx)
	}
	if err != nil {
		if id != 0 {
			// Not ctx: a cancelled bring-in still removes what it staged.
			if derr := db.dropImport(context.Background(), op, id); derr != nil {
				err = errors.Join(err, derr)
			}
		}
		return BringInResult{}, err
	}
	return s.res, nil
}

// notSelf refuses otherPath when it is this database's file, by name or
// (through links or another path) by identity.
func (db *DB) notSelf(otherPath string) error {
	same := annotations.Errorf(annotations.EINVALID,
		"it is this database itself (%s); bring in a colleague's database file instead; nothing was changed", db.path)
	a, errA := filepath.Abs(db.path)
	b, errB := filepath.Abs(otherPath)
	if errA == nil && errB == nil && a == b {
		return same
	}
	ra, errA := filepath.EvalSymlinks(db.path)
	rb, errB := filepath.EvalSymlinks(otherPath)
	if errA == nil && errB == nil && ra == rb {
		return same
	}
	fa, errA := os.Stat(db.path)
	fb, errB := os.Stat(otherPath)
	if errA == nil && errB == nil && os.SameFile(fa, fb) {
		return same
	}
	return nil
}

// readOther checks and reads the database at path in one read
// transaction, through the read-only source inspectSource chooses (it
// creates no file beside path: immutable when no writer has a -wal open,
// read-only through the writer's -wal and -shm while one does, a copy of a
// crash-left -wal without -shm).
func readOther(ctx context.Context, path string) (*other, error) {
	st, err := inspect(ctx, path)
	if err != nil {
		return nil, err
	}
	if st.version == 0 {
		return nil, annotations.Errorf(annotations.EINVALID,
			"not a Hamesh database: the file is missing, empty or a blank SQLite file; nothing was changed")
	}
	if st.version > 0 && st.version < SchemaVersion() {
		// Its tables lack columns ours read (staged imports, curation):
		// upgrading it is its owner's to do, as bringing in never writes.
		return nil, annotations.Errorf(annotations.EINVALID,
			"%s was made by an older Hamesh (schema version %d, this one reads %d): open it once with this Hamesh (e.g. hamesh list --db %s, which saves a copy first) and bring it in again; nothing was changed",
			path, st.version, SchemaVersion(), path)
	}
	src, done, err := inspectSource(path)
	if err != nil {
		return nil, err
	}
	defer done()
	ro, err := sql.Open("sqlite3", src+"&_query_only=on")
	if err != nil {
		return nil, err
	}
	defer ro.Close()
	ro.SetMaxOpenConns(1)
	tx, err := ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	o := &other{labels: map[string]annotations.Label{}}
	if o.owner, err = setting(ctx, tx, SettingAnnotator); err != nil {
		return nil, annotations.Failf("read its settings: %w", err)
	}
	if o.ownerID, err = setting(ctx, tx, SettingAnnotatorID); err != nil {
		return nil, annotations.Failf("read its settings: %w", err)
	}
	if o.known, err = knownAnnotators(ctx, tx); err != nil {
		return nil, err
	}
	ls, err := labels(ctx, tx, false)
	if err != nil {
		return nil, annotations.Failf("read its labels: %w", err)
	}
	for _, l := range ls {
		o.labels[l.Name] = l
	}
	layers := map[string]bool{}
	if o.owner != "" {
		layers[o.owner] = true
	}
	unattributed := 0
	err = exportDocuments(ctx, tx, annotations.ArticleFilter{}, func(d *annotations.Document) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		d.Stored = false
		if err := annotations.ValidateDocument(d); err != nil {
			return annotations.Errorf(annotations.EINVALID, "its article %q is not valid: %v; nothing was changed", d.Article.ID, err)
		}
		for i := range d.Spans {
			s := &d.Spans[i]
			if s.Annotator == "" {
				s.Annotator = o.owner
				unattributed++
			}
			layers[s.Annotator] = true
		}
		o.docs = append(o.docs, *d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if unattributed > 0 && o.owner == "" {
		return nil, annotations.Errorf(annotations.EINVALID,
			"it has %d spans without an annotator and no annotator name to give them (its owner never set one); open it in Hamesh once and set the name in Preferences, then bring it in again; nothing was changed", unattributed)
	}
	o.layers = slices.Sorted(maps.Keys(layers))
	return o, tx.Commit()
}

// knownAnnotators reads SettingBroughtIn.
func knownAnnotators(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	v, err := setting(ctx, tx, SettingBroughtIn)
	if err != nil {
		return nil, annotations.Failf("read setting %q: %w", SettingBroughtIn, err)
	}
	m := map[string]string{}
	if v == "" {
		return m, nil
	}
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		return nil, annotations.Errorf(annotations.EINTERNAL, "setting %q is not a JSON object of names and ids: %v", SettingBroughtIn, err)
	}
	return m, nil
}

// bringState is what one BringIn knows across its transactions.
type bringState struct {
	now  string // the time of the bring-in, as stored
	path string
	o    *other

	ours   string            // our annotator name: never touched
	known  map[string]string // SettingBroughtIn, updated
	used   map[string]annotations.Kind
	layers map[string]*annotations.LayerResult
	res    BringInResult
	staged []bool // per document of o: written by the staged batches

	// clean holds the stored articles planBringIn found the file leaves as
	// they are, by document index; labelsSeen the scheme it saw then.
	clean      map[int]cleanDoc
	labelsSeen string
}

// bringer is one transaction of a BringIn.
type bringer struct {
	*bringState
	ctx    context.Context
	tx     *sql.Tx
	stamp  string // the import_id of the rows it writes: an import's id, or NULL
	labels map[string]annotations.Kind

	stmts                                                 []*sql.Stmt
	byHash, spansOf, insArticle, insText, insSpan, insRel *sql.Stmt
	updSpan, delSpan, delRel                              *sql.Stmt
	multi                                                 map[bringMulti]*sql.Stmt
	args                                                  []any

	// A dry run (planBringIn's, in a read transaction) writes nothing and
	// notes whether it would have (wrote); target is the article the last
	// document was stored as or matched.
	dry, wrote bool
	target     string
}

// newBringer prepares a transaction of s writing its rows as import id
// (staged until that import's row is deleted), or as nobody's when id is 0.
func newBringer(ctx context.Context, tx *sql.Tx, s *bringState, id int64) (*bringer, error) {
	b := &bringer{bringState: s, ctx: ctx, tx: tx, stamp: "NULL",
		labels: map[string]annotations.Kind{}, multi: map[bringMulti]*sql.Stmt{}}
	if id != 0 {
		b.stamp = strconv.FormatInt(id, 10)
	}
	prep := []struct {
		s **sql.Stmt
		q string
	}{
		{&b.byHash, `SELECT id FROM articles WHERE text_sha256 = ?`},
		{&b.spansOf, `SELECT
			(SELECT json_group_array(json_array(id, kind, label, start, "end", attributes, note, annotator, created_at, updated_at))
				FROM spans WHERE article_id = ?1),
			(SELECT json_group_array(json_array(id, type, from_span, to_span, created_at)) FROM relations WHERE article_id = ?1)`},
		{&b.insArticle, `INSERT INTO articles (id, title, title_fold, text_sha256, chars, lang, direction,
			source, status, note, created_at, updated_at, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ` + b.stamp + `)
			ON CONFLICT (id) DO NOTHING`},
		{&b.insText, `INSERT INTO article_texts (article_id, text) VALUES (?, ?)`},
		{&b.insSpan, `INSERT INTO spans (` + spanColumns + `, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ` + b.stamp + `) ON CONFLICT (id) DO NOTHING`},
		{&b.insRel, `INSERT INTO relations (` + relationColumns + `, import_id) VALUES (?, ?, ?, ?, ?, ?, ` + b.stamp + `) ON CONFLICT (id) DO NOTHING`},
		{&b.updSpan, `UPDATE spans SET kind = ?, label = ?, start = ?, "end" = ?, attributes = ?, note = ?,
			created_at = ?, updated_at = ? WHERE id = ?`},
		{&b.delSpan, `DELETE FROM spans WHERE id = ?`},
		{&b.delRel, `DELETE FROM relations WHERE id = ?`},
	}
	for _, p := range prep {
		st, err := tx.PrepareContext(ctx, p.q)
		if err != nil {
			b.close()
			return nil, err
		}
		*p.s = st
		b.stmts = append(b.stmts, st)
	}
	return b, nil
}

func (b *bringer) close() {
	for _, st := range b.stmts {
		st.Close()
	}
}

// finish is the last transaction of a bring-in whose new articles were
// staged as import id (0: none were). It checks the names again, adds the
// labels, replaces the layers on every document not staged (the articles
// stored already, and any that arrived meanwhile), records the names'
// ids and makes the staged rows visible. If our own name changed since
// the staging left our layer out, it removes the staged rows and stores
// every document here instead.
func (b *bringer) finish(id int64) error {
	ours, err := setting(b.ctx, b.tx, SettingAnnotator)
	if err != nil {
		return err
	}
	ourID, err := ensureAnnotatorID(b.ctx, b.tx)
	if err != nil {
		return err
	}
	if b.known, err = knownAnnotators(b.ctx, b.tx); err != nil {
		return err
	}
	if ours != b.ours {
		if id != 0 {
			if err := b.unstage(id); err != nil {
				return err
			}
		}
		b.restart(ours)
	}
	if err := b.checkNames(ourID); err != nil {
		return err
	}
	if err := b.addLabels(); err != nil {
		return err
	}
	clean, err := b.stillClean()
	if err != nil {
		return err
	}
	for i := range b.o.docs {
		if err := b.ctx.Err(); err != nil {
			return err
		}
		if b.staged[i] {
			continue
		}
		if c, ok := clean[i]; ok {
			b.countClean(c)
			continue
		}
		if _, err := b.doc(&b.o.docs[i], false); err != nil {
			return annotations.Failf("article %q: %w", b.o.docs[i].Article.ID, err)
		}
		if afterBringMatched != nil {
			afterBringMatched()
		}
	}
	b.res.Layers = nil
	for _, name := range slices.Sorted(maps.Keys(b.layers)) {
		b.res.Layers = append(b.res.Layers, *b.layers[name])
	}
	if err := b.saveKnown(); err != nil {
		return err
	}
	if id == 0 {
		return nil
	}
	_, err = b.tx.ExecContext(b.ctx, `DELETE FROM imports WHERE id = ?`, id)
	return err
}

// idOf returns the annotator id the other file knows for name, or "".
func (b *bringState) idOf(name string) string {
	if name == b.o.owner {
		return b.o.ownerID
	}
	return b.o.known[name]
}

// checkNames refuses a name of the file that belongs to another person here:
// our own name with another id than ours, or a name brought in before with
// another id. A name whose id is unknown on either side cannot clash.
func (b *bringState) checkNames(ourID string) error {
	for _, name := range b.o.layers {
		id := b.idOf(name)
		if id == "" || name == annotations.GoldLayer {
			continue
		}
		who := fmt.Sprintf("an annotator of %s", b.path)
		if name == b.o.owner {
			who = fmt.Sprintf("the owner of %s", b.path)
		}
		if name == b.ours && ourID != id {
			return annotations.Errorf(annotations.EINVALID,
				"the annotator name %q is both yours (annotator id %s) and that of %s (annotator id %s): two different people use the same name; one of you must choose another name in Preferences (and re-stamp their spans) before bringing the work together; nothing was changed",
				name, ourID, who, id)
		}
		if prev, ok := b.known[name]; ok && prev != id {
			return annotations.Errorf(annotations.EINVALID,
				"the annotator name %q belongs to two different people: the %q brought in before (annotator id %s) and %s (annotator id %s); one of them must choose another name in Preferences before bringing the work together; nothing was changed",
				name, name, prev, who, id)
		}
	}
	return nil
}

// saveKnown records the ids of the names brought in, writing the setting
// only when it changes.
func (b *bringer) saveKnown() error {
	next := maps.Clone(b.known)
	for name := range b.layers {
		if id := b.idOf(name); id != "" && name != annotations.GoldLayer {
			next[name] = id
		}
	}
	if maps.Equal(next, b.known) {
		return nil
	}
	v, err := json.Marshal(next)
	if err != nil {
		return err
	}
	_, err = b.tx.ExecContext(b.ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, SettingBroughtIn, string(v))
	return err
}

// labelClash refuses a label the file's spans use (b.used) that have
// holds with another kind.
func (b *bringState) labelClash(have map[string]annotations.Kind) error {
	for _, name := range slices.Sorted(maps.Keys(b.used)) {
		if k, ok := have[name]; ok && k != b.used[name] {
			return annotations.Errorf(annotations.EINVALID,
				"label %q marks %s spans there and %s spans here; rename one of them first; nothing was changed", name, b.used[name], k)
		}
	}
	return nil
}

// addLabels adds the labels the file's spans use and our scheme lacks
// (staged ones count as had), with the file's colour, as the bringer's
// import; a label both have with different kinds is refused.
func (b *bringer) addLabels() error {
	ls, err := labels(b.ctx, b.tx, true)
	if err != nil {
		return err
	}
	for _, l := range ls {
		b.labels[l.Name] = l.Kind
	}
	if err := b.labelClash(b.labels); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(b.used)) {
		if _, ok := b.labels[name]; ok {
			continue
		}
		kind := b.used[name]
		color := b.o.labels[name].Color
		if color == "" {
			color = annotations.NewLabelColor(name)
		}
		if _, err := b.tx.ExecContext(b.ctx, `INSERT INTO labels (name, kind, color, hotkey, description, position, import_id)
			VALUES (?, ?, ?, '', ?, (SELECT coalesce(max(position), -1) + 1 FROM labels), `+b.stamp+`)`,
			name, string(kind), color, b.o.labels[name].Description); err != nil {
			return err
		}
		b.labels[name] = kind
		b.res.NewLabels = append(b.res.NewLabels, name)
	}
	return nil
}

// doc stores one of the file's documents. With onlyNew (a staged batch) it
// stores only an article this database lacks, and reports later (true)
// one it has: layers on stored articles are replaced in the last
// transaction alone.
func (b *bringer) doc(d *annotations.Document, onlyNew bool) (later bool, err error) {
	a := &d.Article
	hash := a.TextSHA256()
	var target string
	err = b.byHash.QueryRowContext(b.ctx, hash).Scan(&target)
	isNew := errors.Is(err, sql.ErrNoRows)
	switch {
	case onlyNew && err == nil:
		return true, nil
	case isNew:
		target = a.ID
		if err := b.insertFresh(b.insArticle, &target, func(id string) []any {
			return []any{id, a.Title, foldTitle(a.Title), hash, utf8.RuneCountInString(a.Text), a.Lang,
				string(a.Direction), a.Source, string(a.Status), a.Note, formatTime(a.CreatedAt), formatTime(a.UpdatedAt)}
		}); err != nil {
			return false, err
		}
		if _, err := b.insText.ExecContext(b.ctx, target, a.Text); err != nil {
			return false, err
		}
		b.res.ArticlesNew++
	case err != nil:
		return false, err
	default:
		b.res.ArticlesMatched++
	}

	// The file's layers on this article, and ours.
	in := map[string][]annotations.Span{}
	for _, s := range d.Spans {
		if s.Annotator == b.ours {
			b.res.IgnoredOwnSpans++
			continue
		}
		in[s.Annotator] = append(in[s.Annotator], s)
	}
	here := map[string][]annotations.Span{}
	var hereRels []annotations.Relation
	if !isNew {
		if here, hereRels, err = b.stored(target); err != nil {
			return false, err
		}
	}
	if len(in[annotations.GoldLayer]) > 0 && len(here[annotations.GoldLayer]) > 0 {
		b.res.GoldKeptArticles++
	}
	changed := false
	for name, lr := range b.layers {
		if name == annotations.GoldLayer && len(here[annotations.GoldLayer]) > 0 {
			continue
		}
		if len(in[name]) == 0 && len(here[name]) == 0 {
			continue
		}
		if isNew {
			lr.ArticlesNew++
		} else {
			lr.ArticlesMatched++
		}
		c, err := b.replace(target, lr, here[name], in[name], hereRels, d.Relations)
		if err != nil {
			return false, err
		}
		changed = changed || c
	}
	b.target = target
	if changed && !isNew && !b.dry {
		return false, touchArticle(b.ctx, b.tx, target, b.now)
	}
	return false, nil
}

// exec runs one of the bringer's writes, or in a dry run notes that it
// would write.
func (b *bringer) exec(st *sql.Stmt, args ...any) error {
	if b.dry {
		b.wrote = true
		return nil
	}
	_, err := st.ExecContext(b.ctx, args...)
	return err
}

// stored loads a stored article's spans by annotator, and its relations,
// in one row built by SQLite (as exportDocuments does).
func (b *bringer) stored(articleID string) (map[string][]annotations.Span, []annotations.Relation, error) {
	var js, jr string
	if err := b.spansOf.QueryRowContext(b.ctx, articleID).Scan(&js, &jr); err != nil {
		return nil, nil, err
	}
	list, err := decodeSpanRows(articleID, js)
	if err != nil {
		return nil, nil, err
	}
	spans := map[string][]annotations.Span{}
	for _, s := range list {
		spans[s.Annotator] = append(spans[s.Annotator], s)
	}
	rels, err := decodeRelationRows(articleID, jr)
	return spans, rels, err
}

// bringKey is a span's kind, label and range: how a span the file gives a
// new id is still found the same as a stored one.
type bringKey struct {
	kind       annotations.Kind
	label      string
	start, end int
}

// replace makes one annotator's stored layer on an article (have, with the
// article's relations haveRels) the file's (want, with the document's
// relations wantRels), counting into lr. It reports whether it wrote.
func (b *bringer) replace(articleID string, lr *annotations.LayerResult, have, want []annotations.Span,
	haveRels, wantRels []annotations.Relation) (bool, error) {
	byID := make(map[string]int, len(have))
	byKey := make(map[bringKey]int, len(have))
	for i, s := range have {
		byID[s.ID] = i
		if _, ok := byKey[bringKey{s.Kind, s.Label, s.Start, s.End}]; !ok {
			byKey[bringKey{s.Kind, s.Label, s.Start, s.End}] = i
		}
	}
	used := make([]bool, len(have))
	ids := make(map[string]string, len(want)) // the file's span id → stored id
	var add []annotations.Span
	var upd []annotations.Span
	// Id matches first, so a span moved in the file meets its stored self
	// before another span's key could claim it.
	match := make([]int, len(want))
	for j, s := range want {
		match[j] = -1
		if i, ok := byID[s.ID]; ok && !used[i] {
			match[j], used[i] = i, true
		}
	}
	for j, s := range want {
		if match[j] >= 0 {
			continue
		}
		if i, ok := byKey[bringKey{s.Kind, s.Label, s.Start, s.End}]; ok && !used[i] {
			match[j], used[i] = i, true
		}
	}
	for j, s := range want {
		i := match[j]
		if i < 0 {
			add = append(add, s)
			continue
		}
		h := have[i]
		ids[s.ID] = h.ID
		if sameSpan(h, s) {
			lr.SpansUnchanged++
			continue
		}
		s.ID = h.ID
		upd = append(upd, s)
	}
	// The file's relations within this layer, by their spans as stored
	// (spans still to insert get their ids below).
	inLayer := make(map[string]bool, len(want))
	for _, s := range want {
		inLayer[s.ID] = true
	}
	haveIDs := make(map[string]bool, len(have))
	for _, s := range have {
		haveIDs[s.ID] = true
	}
	type relKey struct{ typ, from, to string }
	keep := map[relKey]bool{}
	for _, r := range wantRels {
		if inLayer[r.From] && inLayer[r.To] {
			if f, t := ids[r.From], ids[r.To]; f != "" && t != "" {
				keep[relKey{r.Type, f, t}] = true
			}
		}
	}
	wrote := false
	kept := map[relKey]bool{}
	for _, r := range haveRels {
		if !haveIDs[r.From] && !haveIDs[r.To] {
			continue // another layer's
		}
		k := relKey{r.Type, r.From, r.To}
		if keep[k] && !kept[k] {
			kept[k] = true
			continue
		}
		if err := b.exec(b.delRel, r.ID); err != nil {
			return false, err
		}
		lr.RelationsRemoved++
		wrote = true
	}
	for i, h := range have {
		if used[i] {
			continue
		}
		if err := b.exec(b.delSpan, h.ID); err != nil {
			return false, err
		}
		lr.SpansRemoved++
		wrote = true
	}
	for _, s := range upd {
		attrs, err := encodeAttributes(s.Attributes)
		if err != nil {
			return false, err
		}
		if err := b.exec(b.updSpan, string(s.Kind), s.Label, s.Start, s.End, attrs, s.Note,
			spanTime(s.CreatedAt), spanTime(s.UpdatedAt), s.ID); err != nil {
			return false, err
		}
		lr.SpansChanged++
		wrote = true
	}
	rows := make([][]any, 0, len(add))
	for _, s := range add {
		attrs, err := encodeAttributes(s.Attributes)
		if err != nil {
			return false, err
		}
		rows = append(rows, []any{s.ID, articleID, string(s.Kind), s.Label, s.Start, s.End, attrs, s.Note, s.Annotator,
			spanTime(s.CreatedAt), spanTime(s.UpdatedAt)})
	}
	if err := b.insertRows("spans", spanColumns, b.insSpan, rows); err != nil {
		return false, err
	}
	for i, s := range add {
		ids[s.ID] = rows[i][0].(string)
	}
	lr.SpansAdded += len(add)
	wrote = wrote || len(add) > 0
	rows = rows[:0]
	for _, r := range wantRels {
		if !inLayer[r.From] || !inLayer[r.To] {
			continue
		}
		f, t := ids[r.From], ids[r.To]
		k := relKey{r.Type, f, t}
		if kept[k] || f == t {
			continue
		}
		kept[k] = true
		rows = append(rows, []any{r.ID, articleID, r.Type, f, t, formatTime(r.CreatedAt)})
	}
	if err := b.insertRows("relations", relationColumns, b.insRel, rows); err != nil {
		return false, err
	}
	lr.RelationsAdded += len(rows)
	return wrote || len(rows) > 0, nil
}

// bringMulti names a prepared multi-row insert: its table and row count.
type bringMulti struct {
	table string
	rows  int
}

// bringBatch is the most rows one multi-row insert of insertRows carries.
const bringBatch = 64

// insertRows inserts rows (each a full row of columns, its id first) into
// table, up to bringBatch in one statement. A statement that breaks a
// constraint (a taken id, above all) changes nothing: SQLite backs it out
// and keeps the transaction, so its rows are then inserted one by one with
// one (an INSERT … ON CONFLICT (id) DO NOTHING), a row whose id is taken
// getting a new one, written back into its row.
func (b *bringer) insertRows(table, columns string, one *sql.Stmt, rows [][]any) error {
	if b.dry {
		b.wrote = b.wrote || len(rows) > 0
		return nil
	}
	for len(rows) > 0 {
		part := rows[:min(len(rows), bringBatch)]
		rows = rows[len(part):]
		if len(part) > 1 {
			st, err := b.multiRow(table, columns, len(part[0]), len(part))
			if err != nil {
				return err
			}
			b.args = b.args[:0]
			for _, r := range part {
				b.args = append(b.args, r...)
			}
			if res, err := st.ExecContext(b.ctx, b.args...); err == nil {
				if n, err := res.RowsAffected(); err == nil && n == int64(len(part)) {
					continue
				}
			}
		}
		for _, r := range part {
			id := r[0].(string)
			if err := b.insertFresh(one, &id, func(id string) []any { r[0] = id; return r }); err != nil {
				return err
			}
		}
	}
	return nil
}

// multiRow returns the prepared insert of rows rows of cols columns into
// table.
func (b *bringer) multiRow(table, columns string, cols, rows int) (*sql.Stmt, error) {
	k := bringMulti{table, rows}
	if st := b.multi[k]; st != nil {
		return st, nil
	}
	row := "(?" + strings.Repeat(", ?", cols-1) + ", " + b.stamp + ")"
	st, err := b.tx.PrepareContext(b.ctx, "INSERT INTO "+table+" ("+columns+", import_id) VALUES "+row+strings.Repeat(", "+row, rows-1))
	if err != nil {
		return nil, err
	}
	b.multi[k] = st
	b.stmts = append(b.stmts, st)
	return st, nil
}

// sameSpan reports whether a stored span already says what the file's says
// (times aside: a span is not changed by being saved again).
func sameSpan(a, b annotations.Span) bool {
	return a.Kind == b.Kind && a.Label == b.Label && a.Start == b.Start && a.End == b.End &&
		a.Note == b.Note && maps.Equal(a.Attributes, b.Attributes)
}

// insertFresh runs st (an INSERT … ON CONFLICT (id) DO NOTHING) with
// args(*id); when another row has the id, it inserts again with a new id,
// stored in *id.
func (b *bringer) insertFresh(st *sql.Stmt, id *string, args func(id string) []any) error {
	for range 3 {
		res, err := st.ExecContext(b.ctx, args(*id)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		if *id, err = newID(); err != nil {
			return err
		}
	}
	return annotations.Errorf(annotations.EINTERNAL, "no free id after three tries (last %q)", *id)
}
