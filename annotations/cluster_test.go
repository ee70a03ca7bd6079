package annotations

import (
	"strings"
	"testing"
)

func TestClaimWords(t *testing.T) {
	got := strings.Join(ClaimWords("وبالانتخابات الأميركيّة، وللمغرب"), "|")
	if want := "انتخابات|اميركيه|مغرب"; got != want {
		t.Errorf("ClaimWords = %q, want %q", got, want)
	}
}

func TestSuggestMembers(t *testing.T) {
	seed := "تواصل نجل الرئيس الأميركي دونالد ترامب جونيور مع ويكيليكس خلال حملة الانتخابات الرئاسية الأميركية عام 2016"
	refs := []ClaimText{{SpanID: "a1", Text: seed}}
	claims := []ClaimText{
		{SpanID: "a1", Text: seed}, // a member already: never offered
		{SpanID: "b1", Text: "وتواصل نجلُ الرئيس الأمريكي دونالد ترامب جونيور مع موقع ويكيليكس خلال حملة الانتخابات الرئاسية الأمريكية عام ٢٠١٦"},
		{SpanID: "b2", Text: "أعلنت روسيا أنها لم تتدخل في الانتخابات"},
	}
	got := SuggestMembers(refs, claims, DefaultClusterThreshold)
	if len(got) != 1 || got[0].SpanID != "b1" {
		t.Fatalf("SuggestMembers = %+v, want b1 alone", got)
	}
	if got[0].Score < 0.6 || got[0].Score >= 1 {
		t.Errorf("b1 score %.3f, want in [0.6, 1)", got[0].Score)
	}
	if s := ClaimSimilarity(seed, claims[2].Text); s >= DefaultClusterThreshold {
		t.Errorf("unrelated claim scores %.3f", s)
	}
	if s := ClaimSimilarity("قال إنه فاز", "قال إنه فاز"); s != 1 {
		t.Errorf("identical claims score %v", s)
	}
}

func TestClusterValidateAndConflicts(t *testing.T) {
	c := Cluster{ID: "c1", Text: "x", ReviewURL: "https://misbar.com/x", ClaimDate: "2017-11-14"}
	c.SetVerdict("false")
	if c.Rating != 1 || c.BestRating != 5 || c.WorstRating != 1 {
		t.Errorf("SetVerdict(false) rating %d %d..%d", c.Rating, c.WorstRating, c.BestRating)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if !c.Reviewed() {
		t.Error("reviewed cluster not Reviewed")
	}
	for name, bad := range map[string]Cluster{
		"date":   {ID: "c", Text: "x", ClaimDate: "14/11/2017"},
		"url":    {ID: "c", Text: "x", ReviewURL: "misbar.com"},
		"rating": {ID: "c", Text: "x", Rating: 7, BestRating: 5, WorstRating: 1},
		"text":   {ID: "c"},
		"appear": {ID: "c", Text: "x", Appearances: []Appearance{{URL: "ftp://x"}}},
	} {
		if err := bad.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
	if m := (&Cluster{}).Missing(); m != "verdict and fact-check url" {
		t.Errorf("Missing = %q", m)
	}
	members := []Span{{Attributes: map[string]string{AttrVerdict: "false"}}, {Attributes: map[string]string{AttrVerdict: "true"}}}
	if got := c.Conflicts(members); len(got) != 1 || got[0] != "true" {
		t.Errorf("Conflicts = %v, want [true]", got)
	}
	if got := (&Cluster{}).Conflicts(members); len(got) != 2 {
		t.Errorf("no verdict: Conflicts = %v, want both", got)
	}
	if got := (&Cluster{}).Conflicts(members[:1]); got != nil {
		t.Errorf("one member verdict and none on the cluster: %v", got)
	}
}

func TestRelationTypes(t *testing.T) {
	ts := DefaultRelationTypes()
	for _, rt := range ts {
		if err := rt.Validate(); err != nil {
			t.Error(err)
		}
	}
	sup, _ := FindRelationType(ts, RelSupports)
	if err := sup.CheckKinds("T1", KindEntity, "T2", KindClaim); err != nil {
		t.Error(err)
	}
	err := sup.CheckKinds("T1", KindEntity, "T2", KindEntity)
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), `a supports relation goes from any span to a claim, but span "T2" (its target) is an entity`) {
		t.Errorf("CheckKinds = %v", err)
	}
	cl, _ := FindRelationType(ts, RelClaimant)
	if err := cl.CheckKinds("E", KindEntity, "C", KindClaim); err == nil || !strings.Contains(err.Error(), `"E" (its source) is an entity and span "C" (its target) is a claim`) {
		t.Errorf("claimant reversed: %v", err)
	}
	bad := RelationType{Name: "x y", From: KindAny, To: KindAny, Color: "#000000"}
	if bad.Validate() == nil {
		t.Error("name with a space accepted")
	}
}
