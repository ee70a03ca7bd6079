-- 0004_curation: an article's curation state, its own field beside the
-- status (issue 14, point 4): who marked the article curated (the
-- curator's annotator name) and when (RFC 3339 text like every time);
-- both '' while it is not curated.
ALTER TABLE articles ADD COLUMN curated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN curated_at TEXT NOT NULL DEFAULT '';
