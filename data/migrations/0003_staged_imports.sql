-- 0003_staged_imports: an import writes a file in many short transactions
-- and shows it all at once.
--
-- Each running import has a row in imports. The rows it writes (articles
-- with their texts, spans merged into stored articles, relations, labels)
-- carry its id in import_id, and every reader skips a row whose import_id
-- is still in imports. The import's last, short transaction deletes its
-- imports row, which makes all its rows visible together. A killed import
-- leaves its imports row; the next import or open, holding the import lock
-- (PATH.import-lock), deletes that import's rows and then the row.
--
-- import_id is NULL for rows written by edits, and stays set (naming a
-- finished import, whose id AUTOINCREMENT never hands out again) on rows
-- an import wrote: making them visible costs one row, not one per article.
CREATE TABLE imports (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	file    TEXT NOT NULL,
	state   TEXT NOT NULL CHECK (state IN ('staging')),
	started TEXT NOT NULL,
	pid     INTEGER NOT NULL
) STRICT;

ALTER TABLE articles ADD COLUMN import_id INTEGER;
ALTER TABLE spans ADD COLUMN import_id INTEGER;
ALTER TABLE relations ADD COLUMN import_id INTEGER;
ALTER TABLE labels ADD COLUMN import_id INTEGER;

-- Readers skip staged rows by import_id; with it at the end of the indexes
-- they scan, a row is skipped in the index, without reading the row: the
-- library's list stays fast while a million staged articles sit in the
-- file, and counting spans per article stays an index-only count.
DROP INDEX articles_created;
DROP INDEX articles_updated;
DROP INDEX articles_title;
DROP INDEX spans_article_kind;
CREATE INDEX articles_created ON articles (created_at, id, import_id);
CREATE INDEX articles_updated ON articles (updated_at, id, import_id);
CREATE INDEX articles_title ON articles (title_fold, title, id, import_id);
CREATE INDEX spans_article_kind ON spans (article_id, kind, import_id);
-- Counting the visible articles reads this one, the smallest.
CREATE INDEX articles_import ON articles (import_id);
