-- 0006_suggestions: suggestions, their own kind of record beside spans
-- (issue 15). A suggestion is a proposed span: article, range in code
-- points, label, the source that proposed it (a gazetteer's name,
-- "patterns:DATE", "your labels", "model@version"), its score (NULL when
-- the source gives none), its review status and a gazetteer entry's
-- knowledge-base id. Accepting one makes a span (span_id names it; edited
-- says the annotator changed range or label first) and marks it accepted.
--
-- One row per (article, range, label, source): running a source again adds
-- nothing, and a rejected suggestion stays rejected.
CREATE TABLE suggestions (
	id         TEXT PRIMARY KEY,
	article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	start      INTEGER NOT NULL,
	"end"      INTEGER NOT NULL,
	label      TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
	source     TEXT NOT NULL,
	score      REAL,
	status     TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
	kb_id      TEXT NOT NULL DEFAULT '',
	span_id    TEXT NOT NULL DEFAULT '',
	edited     INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
	created_at TEXT NOT NULL,
	CHECK (start >= 0 AND "end" > start),
	UNIQUE (article_id, start, "end", label, source)
) STRICT;

-- The library counts pending suggestions per article; review walks an
-- article's in order; the statistics group by source.
CREATE INDEX suggestions_article_status ON suggestions (article_id, status, start);
CREATE INDEX suggestions_source ON suggestions (source, status);

-- A bulk review of suggestions in several articles writes one history row
-- per article, all with the same batch; undoing (or redoing) one of them
-- undoes (redoes) every row of the batch still at the top of its article.
ALTER TABLE history ADD COLUMN batch TEXT;
CREATE INDEX history_batch ON history (batch) WHERE batch IS NOT NULL;
