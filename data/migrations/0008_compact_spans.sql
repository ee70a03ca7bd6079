-- 0008_compact_spans: a smaller file for the same content (issue 16).
--
-- Spans: created_at and updated_at become integers, nanoseconds since
-- 1970-01-01 UTC, wherever the stored time converts back to exactly the
-- same text (years 1678 to 2261, the range of a 64-bit nanosecond count);
-- any other time stays the RFC 3339 text it was, so both forms are read
-- (the columns are ANY). 60 bytes of text become 16 of integers per span.
-- Of the three indexes by article (0001, 0003) one is kept,
-- (article_id, kind, import_id): it finds an article's spans, and counting
-- them per kind stays an index-only count; reading an article's spans in
-- order sorts its rows, which no query plan found slower than the index
-- (article_id, start, "end") it replaces.
--
-- Texts stay as they are. Tried: article_texts as a WITHOUT ROWID table
-- (a text of 2 to 4 KB no longer has a 4 KB page to itself, as it spills
-- to overflow pages after 489 bytes): 4.2 MB less for the 10,000 texts
-- of the peer corpus, but SQLite then copies every text out of its
-- overflow pages, and the export took 9 % more CPU.
--
-- The spans table is copied into a new one and renamed, in the migration's one
-- transaction: a kill leaves the old file or the new one. Rowids of spans
-- are kept (an import's clean-up deletes by rowid). Dropping the old spans
-- table deletes its rows first, and with foreign keys on that deletes the
-- relations on them (ON DELETE CASCADE), so the relations are set aside in
-- a temporary table and put back once the new spans are in place.

CREATE TEMP TABLE relations_0008 AS SELECT rowid AS rid, * FROM relations;

CREATE TABLE spans_0008 (
	id         TEXT PRIMARY KEY,
	article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL CHECK (kind IN ('entity', 'claim')),
	label      TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
	start      INTEGER NOT NULL,
	"end"      INTEGER NOT NULL,
	attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
	note       TEXT NOT NULL DEFAULT '',
	annotator  TEXT NOT NULL DEFAULT '',
	created_at ANY NOT NULL CHECK (typeof(created_at) IN ('integer', 'text')),
	updated_at ANY NOT NULL CHECK (typeof(updated_at) IN ('integer', 'text')),
	import_id  INTEGER,
	CHECK (start >= 0 AND "end" > start)
) STRICT;

-- t converts to an integer when it is YYYY-MM-DDTHH:MM:SS.NNNNNNNNNZ with a
-- year from 1678 to 2261 and SQLite's own formatting of the integer's
-- seconds gives the same first 19 characters back.
INSERT INTO spans_0008 (rowid, id, article_id, kind, label, start, "end", attributes, note, annotator, created_at, updated_at, import_id)
	SELECT rowid, id, article_id, kind, label, start, "end", attributes, note, annotator,
		CASE WHEN length(created_at) = 30 AND substr(created_at, 20, 1) = '.' AND substr(created_at, 30) = 'Z'
				AND substr(created_at, 21, 9) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
				AND substr(created_at, 1, 4) BETWEEN '1678' AND '2261'
				AND strftime('%Y-%m-%dT%H:%M:%S', unixepoch(substr(created_at, 1, 19)), 'unixepoch') = substr(created_at, 1, 19)
			THEN unixepoch(substr(created_at, 1, 19)) * 1000000000 + CAST(substr(created_at, 21, 9) AS INTEGER)
			ELSE created_at END,
		CASE WHEN length(updated_at) = 30 AND substr(updated_at, 20, 1) = '.' AND substr(updated_at, 30) = 'Z'
				AND substr(updated_at, 21, 9) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
				AND substr(updated_at, 1, 4) BETWEEN '1678' AND '2261'
				AND strftime('%Y-%m-%dT%H:%M:%S', unixepoch(substr(updated_at, 1, 19)), 'unixepoch') = substr(updated_at, 1, 19)
			THEN unixepoch(substr(updated_at, 1, 19)) * 1000000000 + CAST(substr(updated_at, 21, 9) AS INTEGER)
			ELSE updated_at END,
		import_id
	FROM spans ORDER BY rowid;

DROP TABLE spans;
ALTER TABLE spans_0008 RENAME TO spans;

CREATE INDEX spans_article_kind ON spans (article_id, kind, import_id);
CREATE INDEX spans_label ON spans (label);
CREATE INDEX spans_entity ON spans (json_extract(attributes, '$.entity_id'))
	WHERE json_extract(attributes, '$.entity_id') IS NOT NULL;
CREATE INDEX spans_cluster ON spans (json_extract(attributes, '$.cluster_id'))
	WHERE json_extract(attributes, '$.cluster_id') IS NOT NULL;

INSERT INTO relations (rowid, id, article_id, type, from_span, to_span, created_at, import_id)
	SELECT rid, id, article_id, type, from_span, to_span, created_at, import_id FROM temp.relations_0008
	WHERE rid NOT IN (SELECT rowid FROM relations);
DROP TABLE temp.relations_0008;

