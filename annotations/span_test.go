package annotations

import (
	"maps"
	"testing"
)

// relabelCases are the relabelling rule's cases; the span starts as the
// given kind with the given attributes.
var relabelCases = []struct {
	name  string
	kind  Kind
	attrs map[string]string
	to    Label
	want  map[string]string
}{
	{"ClaimToClaimKeepsAll", KindClaim,
		map[string]string{AttrVerdict: "false", AttrNormalizedClaim: "x", "source": "afp"},
		Label{Name: "RUMOUR", Kind: KindClaim},
		map[string]string{AttrVerdict: "false", AttrNormalizedClaim: "x", "source": "afp"}},
	{"ClaimToEntityDropsClaimAttributes", KindClaim,
		map[string]string{AttrCheckWorthy: "yes", AttrVerdict: "false", AttrStance: "agree", AttrNormalizedClaim: "x", AttrClaimDate: "2017-11-14"},
		Label{Name: "PERS", Kind: KindEntity},
		nil},
	// Attributes that are not the claims' (an imported brat or Label
	// Studio attribute, say) stay on the entity.
	{"ClaimToEntityKeepsOtherAttributes", KindClaim,
		map[string]string{AttrVerdict: "false", "confidence": "high"},
		Label{Name: "PERS", Kind: KindEntity},
		map[string]string{"confidence": "high"}},
	{"EntityToEntityKeepsOwn", KindEntity,
		map[string]string{"confidence": "high"},
		Label{Name: "ORG", Kind: KindEntity},
		map[string]string{"confidence": "high"}},
	{"EntityToClaim", KindEntity,
		map[string]string{"confidence": "high"},
		Label{Name: "CLAIM", Kind: KindClaim},
		map[string]string{"confidence": "high"}},
	{"NoAttributes", KindEntity, nil, Label{Name: "CLAIM", Kind: KindClaim}, nil},
	{"EmptyMapBecomesNil", KindClaim, map[string]string{}, Label{Name: "PERS", Kind: KindEntity}, nil},
}

func TestSpanRelabeled(t *testing.T) {
	for _, tt := range relabelCases {
		t.Run(tt.name, func(t *testing.T) {
			s := Span{ID: "s1", ArticleID: "a1", Kind: tt.kind, Label: "OLD", Start: 3, End: 9,
				Attributes: maps.Clone(tt.attrs), Note: "n", Annotator: "mona"}
			orig := maps.Clone(s.Attributes)
			got := s.Relabeled(tt.to)
			if got.Label != tt.to.Name || got.Kind != tt.to.Kind {
				t.Errorf("label %q kind %q, want %q %q", got.Label, got.Kind, tt.to.Name, tt.to.Kind)
			}
			if !maps.Equal(got.Attributes, tt.want) || (tt.want == nil && got.Attributes != nil) {
				t.Errorf("attributes %#v, want %#v", got.Attributes, tt.want)
			}
			if got.ID != s.ID || got.ArticleID != s.ArticleID || got.Start != s.Start || got.End != s.End ||
				got.Note != s.Note || got.Annotator != s.Annotator {
				t.Errorf("Relabeled changed more than label, kind and attributes: %+v", got)
			}
			if !maps.Equal(s.Attributes, orig) {
				t.Errorf("Relabeled changed the original's attributes to %#v", s.Attributes)
			}
			if got.Attributes != nil && s.Attributes != nil {
				got.Attributes["probe"] = "x"
				if _, shared := s.Attributes["probe"]; shared {
					t.Error("the relabelled span shares its attribute map with the original")
				}
			}
		})
	}
}

func TestClaimAttributeKeysCoverClosedOnes(t *testing.T) {
	for k := range ClaimAttributes {
		found := false
		for _, c := range ClaimAttributeKeys {
			found = found || c == k
		}
		if !found {
			t.Errorf("closed claim attribute %q is missing from ClaimAttributeKeys", k)
		}
	}
}
