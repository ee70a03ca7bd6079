-- 0001_init: the first Hamesh schema.
--
-- Times are RFC 3339 text in UTC with nine fractional digits
-- (2006-01-02T15:04:05.000000000Z), so they round-trip exactly and sort as
-- text. Offsets are Unicode code points, half-open [start, end).

-- An article's text lives in article_texts, one row each: the library's
-- queries scan articles, whose rows then stay small, and never read a text.
CREATE TABLE articles (
	id          TEXT PRIMARY KEY,
	title       TEXT NOT NULL DEFAULT '',
	title_fold  TEXT NOT NULL DEFAULT '',  -- lower-cased title, for search
	text_sha256 TEXT NOT NULL UNIQUE,      -- an import of the same text merges
	chars       INTEGER NOT NULL,          -- length of the text in code points
	lang        TEXT NOT NULL DEFAULT '',
	direction   TEXT NOT NULL CHECK (direction IN ('ltr', 'rtl')),
	source      TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done')),
	note        TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
) STRICT;

-- The text, never modified after import: span offsets refer to it.
CREATE TABLE article_texts (
	article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	text       TEXT NOT NULL
) STRICT;

CREATE INDEX articles_created ON articles (created_at, id);
CREATE INDEX articles_updated ON articles (updated_at, id);
CREATE INDEX articles_status ON articles (status, updated_at);

CREATE TABLE labels (
	name        TEXT PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('entity', 'claim')),
	color       TEXT NOT NULL,
	hotkey      TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	position    INTEGER NOT NULL
) STRICT;

-- A key binds at most one label.
CREATE UNIQUE INDEX labels_hotkey ON labels (hotkey) WHERE hotkey <> '';

CREATE TABLE spans (
	id         TEXT PRIMARY KEY,
	article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL CHECK (kind IN ('entity', 'claim')),
	-- Renaming a label relabels its spans.
	label      TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
	start      INTEGER NOT NULL,
	"end"      INTEGER NOT NULL,
	attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
	note       TEXT NOT NULL DEFAULT '',
	annotator  TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (start >= 0 AND "end" > start)
) STRICT;

-- The article view reads spans in order; the library counts them per kind.
CREATE INDEX spans_article_start ON spans (article_id, start, "end");
CREATE INDEX spans_article_kind ON spans (article_id, kind);
CREATE INDEX spans_label ON spans (label);

CREATE TABLE relations (
	id         TEXT PRIMARY KEY,
	article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	type       TEXT NOT NULL,
	from_span  TEXT NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
	to_span    TEXT NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	CHECK (from_span <> to_span)
) STRICT;

CREATE INDEX relations_article ON relations (article_id, id);
CREATE INDEX relations_from ON relations (from_span);
CREATE INDEX relations_to ON relations (to_span);

-- The per-article edit log behind undo and redo. Each row holds the state
-- an edit replaced (before) and the state it made (after) as JSON; undo
-- moves from after to before and sets undone, redo moves back. Undone rows
-- are always the newest of their article: a new edit deletes them.
CREATE TABLE history (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	op         TEXT NOT NULL,
	before     TEXT CHECK (before IS NULL OR json_valid(before)),
	after      TEXT CHECK (after IS NULL OR json_valid(after)),
	undone     INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
	created_at TEXT NOT NULL
) STRICT;

CREATE INDEX history_article ON history (article_id, undone, id);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
