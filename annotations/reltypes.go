package annotations

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// KindAny, as a relation type's source or target, allows a span of either
// kind.
const KindAny Kind = "span"

// Relation types of the default scheme besides RelClaimant.
const (
	RelSourceOf = "source_of"
	RelSupports = "supports"
	RelRefutes  = "refutes"
	RelSameAs   = "same_as"
)

// RelationType is one type of relation of the label scheme: the kinds of
// span it may go from and to (KindEntity, KindClaim or KindAny), and how
// it is drawn and picked.
type RelationType struct {
	Name        string `json:"name"`
	From        Kind   `json:"from"`
	To          Kind   `json:"to"`
	Color       string `json:"color"`
	Hotkey      string `json:"hotkey,omitempty"`
	Description string `json:"description,omitempty"`
}

// DefaultRelationTypes returns the relation types of a new database.
func DefaultRelationTypes() []RelationType {
	return []RelationType{
		{RelClaimant, KindClaim, KindEntity, "#e76f51", "m", "The person or organisation who made the claim"},
		{RelSourceOf, KindEntity, KindClaim, "#264653", "o", "The outlet or document that reported the claim"},
		{RelSupports, KindAny, KindClaim, "#2a9d8f", "s", "Evidence in the text that supports the claim"},
		{RelRefutes, KindAny, KindClaim, "#d62828", "x", "Evidence in the text that refutes the claim"},
		{RelSameAs, KindClaim, KindClaim, "#6d597a", "=", "Two claims that state the same thing"},
	}
}

var colorShape = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// validEnd reports whether k may be a relation type's end.
func validEnd(k Kind) bool { return k == KindEntity || k == KindClaim || k == KindAny }

// Validate checks a relation type: a name without spaces, ends that are
// entity, claim or span, a #rrggbb colour and a hotkey of at most one
// character.
func (t *RelationType) Validate() error {
	if strings.TrimSpace(t.Name) == "" || strings.ContainsAny(t.Name, " \t\r\n") || !utf8.ValidString(t.Name) {
		return Errorf(EINVALID, "relation type %q: a name is one word without spaces", t.Name)
	}
	if !validEnd(t.From) || !validEnd(t.To) {
		return Errorf(EINVALID, "relation type %q goes from %q to %q; each end is entity, claim or span (either)", t.Name, t.From, t.To)
	}
	if !colorShape.MatchString(t.Color) {
		return Errorf(EINVALID, "relation type %q: colour %q is not #rrggbb", t.Name, t.Color)
	}
	if utf8.RuneCountInString(t.Hotkey) > 1 {
		return Errorf(EINVALID, "relation type %q: hotkey %q is more than one key", t.Name, t.Hotkey)
	}
	if !utf8.ValidString(t.Description) {
		return Errorf(EINVALID, "relation type %q: description is not valid UTF-8", t.Name)
	}
	return nil
}

// Allows reports whether a relation of type t may go from a span of kind
// from to one of kind to.
func (t *RelationType) Allows(from, to Kind) bool {
	return (t.From == KindAny || t.From == from) && (t.To == KindAny || t.To == to)
}

// kindPhrase is "an entity", "a claim" or "any span".
func kindPhrase(k Kind) Note {
	switch k {
	case KindEntity:
		return Notef("an entity")
	case KindClaim:
		return Notef("a claim")
	}
	return Notef("any span")
}

// joinAnd joins notes with "and" in one note.
func joinAnd(notes []Note) Note {
	if len(notes) == 0 {
		return Note{}
	}
	out := notes[0]
	for _, n := range notes[1:] {
		out = Notef("%s and %s", out, n)
	}
	return out
}

// CheckKinds returns nil when t allows from → to, else an EINVALID error
// saying what the type links and what was given, e.g. "a supports relation
// goes from any span to a claim, but span "T3" is an entity".
func (t *RelationType) CheckKinds(fromID string, from Kind, toID string, to Kind) error {
	if t.Allows(from, to) {
		return nil
	}
	var what []Note
	if t.From != KindAny && t.From != from {
		what = append(what, Notef("span %q (its source) is %s", fromID, kindPhrase(from)))
	}
	if t.To != KindAny && t.To != to {
		what = append(what, Notef("span %q (its target) is %s", toID, kindPhrase(to)))
	}
	return Errorf(EINVALID, "a %s relation goes from %s to %s, but %s; nothing was linked",
		t.Name, kindPhrase(t.From), kindPhrase(t.To), joinAnd(what))
}

// FindRelationType returns the type called name in types.
func FindRelationType(types []RelationType, name string) (RelationType, bool) {
	for _, t := range types {
		if t.Name == name {
			return t, true
		}
	}
	return RelationType{}, false
}
