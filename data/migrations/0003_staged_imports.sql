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
