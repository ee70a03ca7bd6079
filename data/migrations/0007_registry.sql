-- 0007_registry: across articles (issue 17). The entity registry, claim
-- clusters and the relation types of the label scheme.
--
-- A span is linked to an entry, and a claim put in a cluster, by a span
-- attribute (entity_id, cluster_id): a link is then an ordinary span edit,
-- with its undo, and every format that carries attributes carries it. The
-- indexes below make "every mention of an entry" and "every member of a
-- cluster" index lookups.

-- One entity across every article: a canonical name, aliases (a JSON array
-- of strings), its label, an optional Wikidata QID and a note.
CREATE TABLE registry_entries (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL CHECK (name <> ''),
	aliases    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases) AND json_type(aliases) = 'array'),
	label      TEXT NOT NULL CHECK (label <> ''),
	kb_id      TEXT NOT NULL DEFAULT '' CHECK (kb_id = '' OR (kb_id GLOB 'Q[1-9]*' AND substr(kb_id, 2) NOT GLOB '*[^0-9]*')),
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX registry_entries_name ON registry_entries (name, id);
CREATE INDEX registry_entries_kb ON registry_entries (kb_id) WHERE kb_id <> '';

-- Claims that state the same thing. appearances is a JSON array of
-- {"url", "date"} seen outside the stored articles (e.g. from an imported
-- ClaimReview). rating is 0 when the verdict has no place on the scale.
CREATE TABLE claim_clusters (
	id           TEXT PRIMARY KEY,
	text         TEXT NOT NULL CHECK (text <> ''),
	claimant_id  TEXT REFERENCES registry_entries (id) ON UPDATE CASCADE,
	claim_date   TEXT NOT NULL DEFAULT '',
	verdict      TEXT NOT NULL DEFAULT '',
	rating       INTEGER NOT NULL DEFAULT 0,
	best_rating  INTEGER NOT NULL DEFAULT 0,
	worst_rating INTEGER NOT NULL DEFAULT 0,
	review_url   TEXT NOT NULL DEFAULT '',
	reviewer     TEXT NOT NULL DEFAULT '',
	review_date  TEXT NOT NULL DEFAULT '',
	appearances  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(appearances) AND json_type(appearances) = 'array'),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
) STRICT;

CREATE INDEX claim_clusters_claimant ON claim_clusters (claimant_id) WHERE claimant_id IS NOT NULL;

-- The relation types of the scheme: the kinds each end may be ('span':
-- either), and how it is drawn and picked. relations.type names one; rows
-- written before this migration keep their types, which are added here.
CREATE TABLE relation_types (
	name        TEXT PRIMARY KEY CHECK (name <> ''),
	from_kind   TEXT NOT NULL CHECK (from_kind IN ('entity', 'claim', 'span')),
	to_kind     TEXT NOT NULL CHECK (to_kind IN ('entity', 'claim', 'span')),
	color       TEXT NOT NULL,
	hotkey      TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	position    INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX relation_types_hotkey ON relation_types (hotkey) WHERE hotkey <> '';

INSERT INTO relation_types (name, from_kind, to_kind, color, hotkey, description, position) VALUES
	('claimant', 'claim', 'entity', '#e76f51', 'm', 'The person or organisation who made the claim', 0),
	('source_of', 'entity', 'claim', '#264653', 'o', 'The outlet or document that reported the claim', 1),
	('supports', 'span', 'claim', '#2a9d8f', 's', 'Evidence in the text that supports the claim', 2),
	('refutes', 'span', 'claim', '#d62828', 'x', 'Evidence in the text that refutes the claim', 3),
	('same_as', 'claim', 'claim', '#6d597a', '=', 'Two claims that state the same thing', 4);

-- Types already used by stored relations (e.g. imported from brat) join
-- the scheme allowing any span at either end.
INSERT INTO relation_types (name, from_kind, to_kind, color, hotkey, description, position)
	SELECT type, 'span', 'span', '#8d99ae', '', '', 5 + row_number() OVER (ORDER BY type)
	FROM (SELECT DISTINCT type FROM relations WHERE type NOT IN (SELECT name FROM relation_types));

CREATE INDEX spans_entity ON spans (json_extract(attributes, '$.entity_id'))
	WHERE json_extract(attributes, '$.entity_id') IS NOT NULL;
CREATE INDEX spans_cluster ON spans (json_extract(attributes, '$.cluster_id'))
	WHERE json_extract(attributes, '$.cluster_id') IS NOT NULL;
