package main

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// agreementDB makes a database holding three articles and two annotators'
// spans on the first two (the hand-worked example of package agreement's
// tests, figures worked out again below), each span added as its annotator
// would, with AddSpan. It returns the path and the article ids.
func agreementDB(t *testing.T) (string, []string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.db")
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	res, err := db.ImportDocuments(ctx, []annotations.Document{
		{Article: annotations.Article{Title: "one", Text: "Ali met Omar in Cairo today."}},
		{Article: annotations.Article{Title: "two", Text: "Ali said taxes will fall. Omar said prices rose."}},
		{Article: annotations.Article{Title: "nobody", Text: "Nothing here."}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := res.ArticleIDs
	add := func(article int, who, label string, start, end int, attrs ...string) {
		t.Helper()
		s := annotations.Span{ArticleID: ids[article], Label: label, Start: start, End: end, Annotator: who}
		if len(attrs) > 0 {
			s.Attributes = map[string]string{}
			for i := 0; i+1 < len(attrs); i += 2 {
				s.Attributes[attrs[i]] = attrs[i+1]
			}
		}
		if _, err := db.AddSpan(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	add(0, "A", "PERS", 0, 3)
	add(0, "A", "PERS", 8, 12)
	add(0, "A", "LOC", 16, 21)
	add(0, "B", "PERS", 0, 3)
	add(0, "B", "PERS", 8, 15)
	add(0, "B", "ORG", 16, 21)
	add(1, "A", "CLAIM", 9, 24, "check_worthy", "yes", "verdict", "false")
	add(1, "A", "CLAIM", 36, 47, "check_worthy", "yes", "verdict", "true")
	add(1, "B", "CLAIM", 0, 24, "check_worthy", "yes", "verdict", "false")
	add(1, "B", "CLAIM", 36, 47, "check_worthy", "no", "verdict", "true")
	return path, ids
}

func TestAgreementJSON(t *testing.T) {
	path, ids := agreementDB(t)
	out := mustRun(t, "agreement", "--db", path, "--json")
	var r struct {
		Annotators           []string `json:"annotators"`
		Articles             int      `json:"articles"`
		ArticlesWithoutSpans int      `json:"articles_without_spans"`
		Pairs                []struct {
			A, B    string
			ASpans  int `json:"a_spans"`
			BSpans  int `json:"b_spans"`
			Exact   map[string]any
			Overlap map[string]any
			Cohen   *float64 `json:"cohen_kappa"`
			Labels  map[string]struct {
				Exact, Overlap map[string]any
				A, B           int
				Cohen          *float64 `json:"cohen_kappa"`
			}
		}
		Fleiss     *float64 `json:"fleiss_kappa"`
		Attributes map[string]struct {
			Alpha  *float64
			Reason string
			Claims int
		}
		PerArticle []struct {
			ID        string
			Title     string
			ExactF1   *float64 `json:"exact_f1"`
			OverlapF1 *float64 `json:"overlap_f1"`
		} `json:"per_article"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	eq := func(what string, got any, want float64) {
		t.Helper()
		var g float64
		switch v := got.(type) {
		case *float64:
			if v == nil {
				t.Errorf("%s = null, want %.6f", what, want)
				return
			}
			g = *v
		case float64:
			g = v
		default:
			t.Errorf("%s = %v (%T), want %.6f", what, got, got, want)
			return
		}
		if math.Abs(g-want) > 1e-9 {
			t.Errorf("%s = %.6f, want %.6f", what, g, want)
		}
	}
	if strings.Join(r.Annotators, ",") != "A,B" || r.Articles != 2 || r.ArticlesWithoutSpans != 1 || len(r.Pairs) != 1 {
		t.Fatalf("annotators %v, %d articles (%d without spans), %d pairs; want A,B, 2 (1), 1:\n%s",
			r.Annotators, r.Articles, r.ArticlesWithoutSpans, len(r.Pairs), out)
	}
	p := r.Pairs[0]
	if p.A != "A" || p.B != "B" || p.ASpans != 5 || p.BSpans != 5 {
		t.Errorf("pair %s/%s spans %d/%d, want A/B 5/5", p.A, p.B, p.ASpans, p.BSpans)
	}
	// Exact: PERS "Ali" and the claim "prices rose" match: 2 of 5 a side.
	eq("exact precision", p.Exact["precision"], 0.4)
	eq("exact recall", p.Exact["recall"], 0.4)
	eq("exact f1", p.Exact["f1"], 0.4)
	// Overlap: both PERS, both claims: 4 of 5.
	eq("overlap f1", p.Overlap["f1"], 0.8)
	// 15 word tokens, 11 in the same category (outermost label or O); A:
	// PERS 2, LOC 1, CLAIM 5, O 7; B: PERS 3, ORG 1, CLAIM 7, O 4:
	// pe = 69/225, κ = (165 − 69) / (225 − 69).
	eq("cohen_kappa", p.Cohen, 96.0/156)
	pers := p.Labels["PERS"]
	if pers.A != 2 || pers.B != 2 {
		t.Errorf("PERS a=%d b=%d, want 2 and 2", pers.A, pers.B)
	}
	eq("PERS exact f1", pers.Exact["f1"], 0.5)
	eq("PERS overlap f1", pers.Overlap["f1"], 1)
	// PERS tokens: both mark Ali and Omar, B alone "in": κ = 48/63.
	eq("PERS cohen_kappa", pers.Cohen, 48.0/63)
	loc := p.Labels["LOC"]
	if loc.Exact["precision"] != nil || loc.Exact["precision_reason"] != "b has no spans" {
		t.Errorf("LOC precision = %v (%v), want null with reason \"b has no spans\"", loc.Exact["precision"], loc.Exact["precision_reason"])
	}
	eq("LOC exact recall", loc.Exact["recall"], 0)
	// Fleiss: P̄ = 22/30, P̄e = 292/900.
	eq("fleiss_kappa", r.Fleiss, 368.0/608)
	eq("verdict alpha", r.Attributes["verdict"].Alpha, 1)
	eq("check_worthy alpha", r.Attributes["check_worthy"].Alpha, 0)
	if st := r.Attributes["stance"]; st.Alpha != nil || st.Reason == "" || st.Claims != 2 {
		t.Errorf("stance = %+v, want null alpha with a reason over 2 claims", st)
	}
	// Worst first: article one (exact 1/3, overlap 2/3), then two.
	if len(r.PerArticle) != 2 || r.PerArticle[0].ID != ids[0] || r.PerArticle[1].ID != ids[1] || r.PerArticle[0].Title != "one" {
		t.Fatalf("per_article = %+v, want %s (one) then %s", r.PerArticle, ids[0], ids[1])
	}
	eq("one exact_f1", r.PerArticle[0].ExactF1, 1.0/3)
	eq("one overlap_f1", r.PerArticle[0].OverlapF1, 2.0/3)
	eq("two exact_f1", r.PerArticle[1].ExactF1, 0.5)
	eq("two overlap_f1", r.PerArticle[1].OverlapF1, 1)

	// Filters: one article, one label.
	one := mustRun(t, "agreement", "--db", path, "--json", "--article", ids[0], "--label", "PERS")
	if !strings.Contains(one, `"articles": 1,`) || !strings.Contains(one, `"labels": [
    "PERS"
  ]`) {
		t.Errorf("--article --label: want 1 article and the PERS label only:\n%s", one)
	}
}

func TestAgreementText(t *testing.T) {
	path, ids := agreementDB(t)
	out := mustRun(t, "agreement", "--db", path)
	for _, want := range []string{
		"Agreement of A, B on 2 articles (15 word tokens); 1 article without spans by them left out.",
		"PAIR (B against A)", "A · B", "0.400", "0.800", "0.615",
		"A · B, PER LABEL", "FLEISS' κ (A, B)", "0.605", "Krippendorff's α", "check_worthy",
		"PER ARTICLE, WORST FIRST", ids[0], "Undefined figures:", "A · B LOC exact precision: b has no spans",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The worst article comes first.
	if strings.Index(out, ids[0]) > strings.Index(out, ids[1]) {
		t.Errorf("article %s (the worse) is listed after %s:\n%s", ids[0], ids[1], out)
	}
}

func TestAgreementBadInput(t *testing.T) {
	path, _ := agreementDB(t)
	empty := filepath.Join(t.TempDir(), "empty.db")
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"UnknownAnnotator", []string{"--annotators", "A,Zed"}, []string{`annotator "Zed" has no spans`, "A, B"}},
		{"OneAnnotator", []string{"--annotators", "A"}, []string{"needs two annotators", "A"}},
		{"NoSpans", []string{"--label", "DATE"}, []string{"needs two annotators", "no one"}},
		{"NoArticles", []string{"--db", empty}, []string{"no articles selected"}},
		{"UnknownArticle", []string{"--article", "nope"}, []string{`--article "nope": no such article`}},
		{"BadStatus", []string{"--status", "finished"}, []string{`--status "finished"`}},
		{"TwiceNamed", []string{"--annotators", "A,A"}, []string{`annotator "A" is named twice`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"agreement", "--db", path}, c.args...)
			code, out, errs := hamesh(t, nil, args...)
			if code != 1 || out != "" {
				t.Fatalf("exit %d, stdout %q; want 1 and nothing", code, out)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("message %q lacks %q", errs, w)
				}
			}
		})
	}
}
