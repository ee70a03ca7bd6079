package annotations

import (
	"maps"
	"time"
)

// Kind says whether a span marks an entity or a claim.
type Kind string

// The two kinds of span.
const (
	KindEntity Kind = "entity"
	KindClaim  Kind = "claim"
)

// Valid reports whether k is entity or claim.
func (k Kind) Valid() bool { return k == KindEntity || k == KindClaim }

// Attribute keys a claim span may carry, with their allowed values where the
// set is closed. See ClaimAttributes.
const (
	AttrCheckWorthy     = "check_worthy"
	AttrVerdict         = "verdict"
	AttrStance          = "stance"
	AttrNormalizedClaim = "normalized_claim"
	AttrClaimDate       = "claim_date"
)

// ClaimAttributes lists the closed-vocabulary claim attributes and their
// allowed values; free-text attributes (normalized_claim, claim_date) are not
// listed here.
var ClaimAttributes = map[string][]string{
	AttrCheckWorthy: {"yes", "no"},
	AttrVerdict:     {"true", "false", "partly_false", "unverifiable", "not_enough_evidence"},
	AttrStance:      {"agree", "disagree", "discuss", "unrelated"},
}

// Span is a half-open range [Start, End) of Unicode code points over its
// article's text, marked with a label. Spans may overlap and nest.
type Span struct {
	ID         string            `json:"id"`
	ArticleID  string            `json:"article_id"`
	Kind       Kind              `json:"kind"`
	Label      string            `json:"label"`
	Start      int               `json:"start"`
	End        int               `json:"end"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Note       string            `json:"note,omitempty"`
	Annotator  string            `json:"annotator,omitempty"`
	CreatedAt  time.Time         `json:"created_at"`
	UpdatedAt  time.Time         `json:"updated_at"`
}

// Relation links two spans of the same article, e.g. a claim to its claimant.
type Relation struct {
	ID        string    `json:"id"`
	ArticleID string    `json:"article_id"`
	Type      string    `json:"type"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	CreatedAt time.Time `json:"created_at"`
}

// RelClaimant is the relation type from a claim span to the entity span of
// the person or organisation who made it.
const RelClaimant = "claimant"

// ClaimAttributeKeys lists every attribute key that belongs to claims: the
// closed ones of ClaimAttributes and the free-text normalized_claim and
// claim_date. An entity span carries none of them.
var ClaimAttributeKeys = []string{AttrCheckWorthy, AttrVerdict, AttrStance, AttrNormalizedClaim, AttrClaimDate}

// Relabeled returns s marked with label l instead: its label is l.Name and
// its kind l.Kind. A span that becomes (or stays) an entity loses its claim
// attributes (ClaimAttributeKeys); any other attributes, and all of a claim's,
// are kept. The result shares no attribute map with s, and has nil
// attributes when none are left. Range, note, ids and times are unchanged.
func (s Span) Relabeled(l Label) Span {
	s.Label, s.Kind = l.Name, l.Kind
	if len(s.Attributes) == 0 {
		s.Attributes = nil
		return s
	}
	attrs := maps.Clone(s.Attributes)
	if l.Kind == KindEntity {
		for _, k := range ClaimAttributeKeys {
			delete(attrs, k)
		}
	}
	if len(attrs) == 0 {
		attrs = nil
	}
	s.Attributes = attrs
	return s
}
