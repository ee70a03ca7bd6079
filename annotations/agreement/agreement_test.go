package agreement

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

func ent(who, label string, start, end int) annotations.Span {
	return annotations.Span{Kind: annotations.KindEntity, Label: label, Start: start, End: end, Annotator: who}
}

func claim(who string, start, end int, attrs ...string) annotations.Span {
	s := annotations.Span{Kind: annotations.KindClaim, Label: "CLAIM", Start: start, End: end, Annotator: who,
		Attributes: map[string]string{}}
	for i := 0; i+1 < len(attrs); i += 2 {
		s.Attributes[attrs[i]] = attrs[i+1]
	}
	return s
}

// handDocs are the hand-worked example: two annotators, two articles and
// one article nobody annotated.
//
// Article 1, "Ali met Omar in Cairo today." has six word tokens (Ali met
// Omar in Cairo today; the full stop is no token). A marks PERS Ali, PERS
// Omar, LOC Cairo; B marks PERS Ali, PERS "Omar in", ORG Cairo.
//
// Article 2, "Ali said taxes will fall. Omar said prices rose." has nine
// tokens. A claims "taxes will fall" (check-worthy, false) and "prices rose"
// (check-worthy, true); B claims "Ali said taxes will fall" (check-worthy,
// false) and "prices rose" (not check-worthy, true).
func handDocs() []annotations.Document {
	return []annotations.Document{
		{Article: annotations.Article{ID: "a1", Title: "one", Text: "Ali met Omar in Cairo today."},
			Spans: []annotations.Span{
				ent("A", "PERS", 0, 3), ent("A", "PERS", 8, 12), ent("A", "LOC", 16, 21),
				ent("B", "PERS", 0, 3), ent("B", "PERS", 8, 15), ent("B", "ORG", 16, 21),
			}},
		{Article: annotations.Article{ID: "a2", Title: "two", Text: "Ali said taxes will fall. Omar said prices rose."},
			Spans: []annotations.Span{
				claim("A", 9, 24, "check_worthy", "yes", "verdict", "false"),
				claim("A", 36, 47, "check_worthy", "yes", "verdict", "true"),
				claim("B", 0, 24, "check_worthy", "yes", "verdict", "false"),
				claim("B", 36, 47, "check_worthy", "no", "verdict", "true"),
				{Kind: annotations.KindEntity, Label: "PERS", Start: 0, End: 3}, // no annotator
			}},
		{Article: annotations.Article{ID: "a3", Title: "nobody", Text: "Nothing here."}},
	}
}

func val(t *testing.T, what string, got *float64, reason string, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = null (%s), want %.6f", what, reason, want)
		return
	}
	near(t, what, *got, want, 1e-9)
}

func null(t *testing.T, what string, got *float64, reason string) {
	t.Helper()
	if got != nil || reason == "" {
		t.Errorf("%s = %v with reason %q, want null with a reason", what, got, reason)
	}
}

func TestComputeHandWorked(t *testing.T) {
	r, err := Compute(handDocs(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(r.Annotators, ",") != "A,B" || r.Articles != 2 || r.ArticlesWithoutSpans != 1 ||
		r.Tokens != 15 || r.UnattributedSpans != 1 || strings.Join(r.Labels, ",") != "CLAIM,LOC,ORG,PERS" {
		t.Fatalf("report head = %v %d articles, %d without spans, %d tokens, %d unattributed, labels %v",
			r.Annotators, r.Articles, r.ArticlesWithoutSpans, r.Tokens, r.UnattributedSpans, r.Labels)
	}
	if len(r.Pairs) != 1 {
		t.Fatalf("%d pairs, want 1", len(r.Pairs))
	}
	p := r.Pairs[0]
	if p.A != "A" || p.B != "B" || p.ASpans != 5 || p.BSpans != 5 {
		t.Errorf("pair = %s/%s with %d/%d spans, want A/B with 5/5", p.A, p.B, p.ASpans, p.BSpans)
	}
	// Exact: PERS Ali and the second claim match: 2 of 5 each side.
	val(t, "exact P", p.Exact.Precision, p.Exact.PrecisionReason, 2.0/5)
	val(t, "exact R", p.Exact.Recall, p.Exact.RecallReason, 2.0/5)
	val(t, "exact F1", p.Exact.F1, p.Exact.F1Reason, 2.0/5)
	// Overlap: both PERS and both claims: 4 of 5.
	val(t, "overlap F1", p.Overlap.F1, p.Overlap.F1Reason, 4.0/5)
	if p.Exact.Matched != 2 || p.Overlap.Matched != 4 {
		t.Errorf("matched exact %d, overlap %d, want 2 and 4", p.Exact.Matched, p.Overlap.Matched)
	}
	// Overall κ over 15 tokens: 11 agree (po = 165/225); A's categories
	// PERS 2, LOC 1, CLAIM 5, O 7; B's PERS 3, ORG 1, CLAIM 7, O 4:
	// pe = (2·3 + 5·7 + 7·4) / 225 = 69/225; κ = 96/156.
	val(t, "cohen κ", p.CohenKappa, p.CohenKappaReason, 96.0/156)

	pers := p.Labels["PERS"]
	if pers.A != 2 || pers.B != 2 {
		t.Errorf("PERS counts a=%d b=%d, want 2 and 2", pers.A, pers.B)
	}
	val(t, "PERS exact F1", pers.Exact.F1, pers.Exact.F1Reason, 0.5)
	val(t, "PERS overlap F1", pers.Overlap.F1, pers.Overlap.F1Reason, 1)
	// PERS tokens: both Ali and Omar, B alone "in", 12 neither: po =
	// 14/15; pA = 2/15, pB = 3/15; pe = (6 + 13·12) / 225 = 162/225;
	// κ = (210 − 162) / (225 − 162) = 48/63.
	val(t, "PERS κ", pers.CohenKappa, pers.CohenKappaReason, 48.0/63)
	loc := p.Labels["LOC"]
	null(t, "LOC exact precision (B has no LOC)", loc.Exact.Precision, loc.Exact.PrecisionReason)
	val(t, "LOC exact recall", loc.Exact.Recall, loc.Exact.RecallReason, 0)
	val(t, "LOC exact F1", loc.Exact.F1, loc.Exact.F1Reason, 0)
	// LOC tokens: A alone marks Cairo: po = 14/15, pe = 14/15·1: κ = 0.
	val(t, "LOC κ", loc.CohenKappa, loc.CohenKappaReason, 0)
	org := p.Labels["ORG"]
	null(t, "ORG exact recall (A has no ORG)", org.Exact.Recall, org.Exact.RecallReason)
	cl := p.Labels["CLAIM"]
	val(t, "CLAIM exact F1", cl.Exact.F1, cl.Exact.F1Reason, 0.5)
	val(t, "CLAIM overlap F1", cl.Overlap.F1, cl.Overlap.F1Reason, 1)

	// Fleiss over 15 tokens, two raters: Σ n_ij² = 11·4 + 4·2 = 52, P̄ =
	// 22/30; totals PERS 5, LOC 1, ORG 1, O 11, CLAIM 12 of 30: P̄e =
	// 292/900; κ = (660 − 292) / (900 − 292) = 368/608.
	val(t, "fleiss κ", r.FleissKappa, r.FleissKappaReason, 368.0/608)
	// Fleiss PERS: 14 of 15 tokens agree, P̄ = 14/15; p_in = 5/30:
	// P̄e = (25 + 625) / 900; κ = (840 − 650) / (900 − 650) = 190/250.
	fp := r.FleissLabels["PERS"]
	val(t, "fleiss PERS κ", fp.Kappa, fp.Reason, 190.0/250)

	// α: two matched claims. check_worthy (yes, yes), (yes, no): α = 0;
	// verdict (false, false), (true, true): α = 1; stance never set.
	for _, attrs := range []map[string]Alpha{p.Attributes, r.Attributes} {
		cw, vd, st := attrs["check_worthy"], attrs["verdict"], attrs["stance"]
		val(t, "α check_worthy", cw.Alpha, cw.Reason, 0)
		val(t, "α verdict", vd.Alpha, vd.Reason, 1)
		null(t, "α stance", st.Alpha, st.Reason)
		if cw.Claims != 2 || cw.Pairable != 2 || st.Claims != 2 || st.Pairable != 0 {
			t.Errorf("α claims/pairable = %d/%d (check_worthy), %d/%d (stance), want 2/2 and 2/0", cw.Claims, cw.Pairable, st.Claims, st.Pairable)
		}
	}

	// Per article, worst first: article 1 (exact 1/3, overlap 2/3), then
	// article 2 (exact 1/2, overlap 1).
	if len(r.PerArticle) != 2 || r.PerArticle[0].ID != "a1" || r.PerArticle[1].ID != "a2" {
		t.Fatalf("per article = %+v, want a1 then a2", r.PerArticle)
	}
	a1, a2 := r.PerArticle[0], r.PerArticle[1]
	val(t, "a1 exact F1", a1.ExactF1, a1.ExactF1Reason, 1.0/3)
	val(t, "a1 overlap F1", a1.OverlapF1, a1.OverlapF1Reason, 2.0/3)
	val(t, "a2 exact F1", a2.ExactF1, a2.ExactF1Reason, 0.5)
	val(t, "a2 overlap F1", a2.OverlapF1, a2.OverlapF1Reason, 1)
	// Article 1's κ: 4 of 6 tokens agree; A: PERS 2, O 3, LOC 1; B: PERS
	// 3, O 2, ORG 1: pe = 12/36, κ = (2/3 − 1/3) / (2/3) = 1/2.
	val(t, "a1 cohen κ", a1.Pairs[0].CohenKappa, a1.Pairs[0].CohenKappaReason, 0.5)
	// Fleiss on article 1: P̄ = 2/3, P̄e = 52/144: κ = 11/23.
	val(t, "a1 fleiss κ", a1.FleissKappa, a1.FleissKappaReason, 11.0/23)
	if a1.Spans["A"] != 3 || a1.Spans["B"] != 3 || a1.Tokens != 6 {
		t.Errorf("a1 spans %v, tokens %d, want 3 each and 6", a1.Spans, a1.Tokens)
	}

	// Nulls travel as JSON null with the reason beside them.
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)
	for _, want := range []string{`"a":"A","b":"B","a_spans":5,"b_spans":5`, `"LOC":{"exact":{"matched":0,"precision":null,"precision_reason":"b has no spans","recall":0,`,
		`"stance":{"alpha":null,"reason":"no unit has values from two coders","claims":2,"pairable":0}`} {
		if !strings.Contains(js, want) {
			t.Errorf("JSON lacks %s:\n%s", want, js)
		}
	}
}

func TestComputeLabelFilter(t *testing.T) {
	// Only PERS, and a label nobody used: its figures are null with reasons.
	r, err := Compute(handDocs(), Options{Labels: []string{"PERS", "MISC"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Articles != 1 || r.ArticlesWithoutSpans != 2 || strings.Join(r.Labels, ",") != "MISC,PERS" {
		t.Fatalf("articles %d, without spans %d, labels %v; want 1, 2, MISC,PERS", r.Articles, r.ArticlesWithoutSpans, r.Labels)
	}
	misc := r.Pairs[0].Labels["MISC"]
	null(t, "MISC F1", misc.Exact.F1, misc.Exact.F1Reason)
	null(t, "MISC κ", misc.CohenKappa, misc.CohenKappaReason)
	fm := r.FleissLabels["MISC"]
	null(t, "MISC fleiss κ", fm.Kappa, fm.Reason)
	al := r.Attributes["verdict"]
	null(t, "verdict α without claims", al.Alpha, al.Reason)
	val(t, "PERS exact F1", r.Pairs[0].Exact.F1, r.Pairs[0].Exact.F1Reason, 0.5)
}

func TestComputeErrors(t *testing.T) {
	_, err := Compute(handDocs(), Options{Annotators: []string{"A", "Zed"}})
	if err == nil || !strings.Contains(err.Error(), `"Zed"`) || !strings.Contains(err.Error(), "A, B") {
		t.Errorf("unknown annotator: err = %v, want it named with the annotators there are", err)
	}
	_, err = Compute(handDocs()[2:], Options{})
	if err == nil || !strings.Contains(err.Error(), "two annotators") {
		t.Errorf("no spans: err = %v, want a message about two annotators", err)
	}
	if _, err := New(Options{Annotators: []string{"A", "A"}}); err == nil {
		t.Error("an annotator named twice gave no error")
	}
	bad := []annotations.Document{{Article: annotations.Article{ID: "x", Text: "short"}, Spans: []annotations.Span{{ID: "s1", Label: "PERS", Start: 2, End: 9, Annotator: "A"}}}}
	if _, err := Compute(bad, Options{}); err == nil || !strings.Contains(err.Error(), `article "x": span "s1"`) {
		t.Errorf("span outside its text: err = %v, want the article and span named", err)
	}
}

func TestComputeThreeAnnotators(t *testing.T) {
	// Three annotators, the same two spans each, C's claim verdict
	// differing: every pair and Fleiss agree perfectly on tokens. The three
	// claims form one unit with values (false, false, true): o_ff = 1,
	// o_ft = o_tf = 1 (each pair weighs 1/(3−1)); n_f = 2, n_t = 1, n = 3;
	// Do = 2, De = (9 − 5) / 2 = 2: α = 0.
	text := "Ali said taxes will fall."
	var spans []annotations.Span
	for _, who := range []string{"A", "B", "C"} {
		v := "false"
		if who == "C" {
			v = "true"
		}
		spans = append(spans, ent(who, "PERS", 0, 3), claim(who, 9, 24, "verdict", v))
	}
	r, err := Compute([]annotations.Document{{Article: annotations.Article{ID: "t", Text: text}, Spans: spans}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pairs) != 3 {
		t.Fatalf("%d pairs, want 3", len(r.Pairs))
	}
	for _, p := range r.Pairs {
		val(t, p.A+"/"+p.B+" exact F1", p.Exact.F1, p.Exact.F1Reason, 1)
		val(t, p.A+"/"+p.B+" κ", p.CohenKappa, p.CohenKappaReason, 1)
	}
	val(t, "fleiss κ", r.FleissKappa, r.FleissKappaReason, 1)
	got := r.Attributes["verdict"]
	if got.Claims != 1 || got.Pairable != 1 {
		t.Errorf("matched claims = %d (pairable %d), want 1 unit of three claims", got.Claims, got.Pairable)
	}
	val(t, "α verdict", got.Alpha, got.Reason, 0)
}

func TestComputeAmbiguousClaims(t *testing.T) {
	// A claims [0,10) and [12,20); B claims [5,15), matched to A's first
	// (overlap 5 against 3); C claims [11,20), matched to A's second and to
	// B's. The chain links both of A's claims: no unit, one ambiguous group.
	text := "aaaa bbbb cccc dddd eeee"
	spans := []annotations.Span{
		claim("A", 0, 10, "verdict", "true"), claim("A", 12, 20, "verdict", "true"),
		claim("B", 5, 15, "verdict", "true"), claim("C", 11, 20, "verdict", "false"),
	}
	r, err := Compute([]annotations.Document{{Article: annotations.Article{ID: "x", Text: text}, Spans: spans}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := r.Attributes["verdict"]
	if v.Claims != 0 || v.Ambiguous != 1 || v.Alpha != nil || v.Reason == "" {
		t.Errorf("verdict over all = %+v, want no unit, 1 ambiguous group, null α with a reason", v)
	}
	// Each pair still has its own matched claim.
	for _, p := range r.Pairs {
		if c := p.Attributes["verdict"].Claims; c != 1 {
			t.Errorf("pair %s/%s: %d matched claims, want 1", p.A, p.B, c)
		}
	}
}
