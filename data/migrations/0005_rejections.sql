-- 0005_rejections: the units of an article a curator rejected (issue 14,
-- point 4), kept beside the curation state: a JSON array, sorted by unit,
-- of {"unit": UNIT, "by": CURATOR, "at": TIME}, UNIT a unit's identity
-- (annotations.SpanUnit "START-END" or annotations.RelationUnit
-- "TYPE:START-END>START-END"), TIME RFC 3339 text like every time; ''
-- while none is rejected. A column of the article rather than a table of
-- its own: a rejection is then part of the article's meta, so rejecting
-- is one undo step with the gold spans it removes, and it goes with its
-- article through an import, its clean-up and deletion.
ALTER TABLE articles ADD COLUMN rejections TEXT NOT NULL DEFAULT ''
	CHECK (rejections = '' OR json_valid(rejections));
