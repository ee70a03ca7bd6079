package annotations

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rejection records that a curator rejected one unit of an article: every
// annotator's version there stays out of the gold layer, and the unit is
// no longer a disagreement to curate.
type Rejection struct {
	// Unit is the unit's identity (SpanUnit or RelationUnit), which stays
	// the same as long as the layers' spans there do.
	Unit string    `json:"unit"`
	By   string    `json:"by"` // the curator's annotator name
	At   time.Time `json:"at"`
}

// SpanUnit is the identity of a unit of overlapping spans: its range in
// code points, "START-END".
func SpanUnit(r Range) string { return strconv.Itoa(r.Start) + "-" + strconv.Itoa(r.End) }

// RelationUnit is the identity of a unit of relations of one type between
// the same two stretches: "TYPE:FROM>TO", FROM and TO the SpanUnit of the
// ranges of its ends (a relation type has no ':').
func RelationUnit(typ string, from, to Range) string {
	return typ + ":" + SpanUnit(from) + ">" + SpanUnit(to)
}

// ValidUnit checks a unit identity as SpanUnit or RelationUnit make it.
func ValidUnit(unit string) error {
	bad := Errorf(EINVALID, "unit %q is neither START-END nor TYPE:START-END>START-END (code points, start < end)", unit)
	rng := func(s string) bool {
		a, b, ok := strings.Cut(s, "-")
		i, err1 := strconv.Atoi(a)
		j, err2 := strconv.Atoi(b)
		return ok && err1 == nil && err2 == nil && i >= 0 && j > i && SpanUnit(Range{i, j}) == s
	}
	if typ, ends, ok := strings.Cut(unit, ":"); ok {
		from, to, ok := strings.Cut(ends, ">")
		if typ == "" || !ok || !rng(from) || !rng(to) {
			return bad
		}
		return nil
	}
	if !rng(unit) {
		return bad
	}
	return nil
}

// ValidateRejections checks an article's rejections: valid units, each
// once, by an annotator's name, at a time.
func ValidateRejections(rs []Rejection) error {
	seen := map[string]bool{}
	for _, r := range rs {
		if err := ValidUnit(r.Unit); err != nil {
			return err
		}
		if seen[r.Unit] {
			return Errorf(EINVALID, "unit %q is rejected twice", r.Unit)
		}
		seen[r.Unit] = true
		if err := ValidAnnotatorName(r.By); err != nil {
			return Errorf(EINVALID, "rejection of unit %q: %v", r.Unit, err)
		}
		if r.At.IsZero() {
			return Errorf(EINVALID, "rejection of unit %q has no time", r.Unit)
		}
	}
	return nil
}

// RejectionStore is a Store that records the units a curator rejected
// (Article.Rejections). The session stores rejections through it when its
// store has it, and keeps them for the session alone otherwise.
type RejectionStore interface {
	// SetRejected rejects unit of the article as by now, removing the
	// gold spans removeGold (ids of the article's gold spans in the unit)
	// with their relations, or, with by "", takes the rejection back.
	// Either is one undo step.
	SetRejected(ctx context.Context, articleID, unit, by string, removeGold []string) error
}

// RejectionOf returns the rejection of unit in rs, or nil.
func RejectionOf(rs []Rejection, unit string) *Rejection {
	for i := range rs {
		if rs[i].Unit == unit {
			return &rs[i]
		}
	}
	return nil
}

// String says who rejected the unit, and when.
func (r Rejection) String() string {
	return fmt.Sprintf("%s rejected by %s at %s", r.Unit, r.By, r.At.Format(time.RFC3339))
}
