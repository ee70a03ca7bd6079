package factcheck

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// span finds sub in text and returns its code point range.
func span(t *testing.T, text, sub string) (int, int) {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	s := len([]rune(text[:i]))
	return s, s + len([]rune(sub))
}

const claimA = "تواصل نجل الرئيس الأميركي، دونالد ترامب، دونالد ترامب جونيور، مع \"ويكيليكس\" خلال حملة الانتخابات الرئاسية الأميركية عام 2016."

// twoArticles is the example: the seed article's first claim, and
// a second article repeating it, both in cluster c1 whose claimant is
// Donald Trump Jr.
func twoArticles(t *testing.T) ([]annotations.Document, *annotations.Registry) {
	t.Helper()
	textA := "دونالد ترامب الابن تواصل مع ويكيليكس\n\n" + claimA + " وقال أسانج إنه لم يعلّق."
	textB := "نقلت الصحف أن نجل الرئيس الأمريكي دونالد ترامب جونيور تواصل مع ويكيليكس خلال حملة الانتخابات الرئاسية الأمريكية عام 2016. وهذا خبر آخر."
	as, ae := span(t, textA, claimA)
	ps, pe := span(t, textA, "دونالد ترامب جونيور")
	bs, be := span(t, textB, "نجل الرئيس الأمريكي دونالد ترامب جونيور تواصل مع ويكيليكس خلال حملة الانتخابات الرئاسية الأمريكية عام 2016.")
	docs := []annotations.Document{
		{Article: annotations.Article{ID: "a1", Title: "ترامب الابن وويكيليكس", Text: textA, Source: "https://www.alaraby.co.uk/a1", Direction: annotations.RTL, Status: annotations.StatusDone},
			Spans: []annotations.Span{
				{ID: "c-a", ArticleID: "a1", Kind: annotations.KindClaim, Label: "CLAIM", Start: as, End: ae,
					Attributes: map[string]string{"check_worthy": "yes", "cluster_id": "c1", "claim_date": "2017-11-13", "verdict": "true"}},
				{ID: "p-a", ArticleID: "a1", Kind: annotations.KindEntity, Label: "PERS", Start: ps, End: pe, Attributes: map[string]string{"entity_id": "e-jr"}},
			},
			Relations: []annotations.Relation{{ID: "r1", ArticleID: "a1", Type: "claimant", From: "c-a", To: "p-a"}}},
		{Article: annotations.Article{ID: "a2", Title: "خبر ثان", Text: textB, Source: "https://example.org/b2", Direction: annotations.RTL, Status: annotations.StatusDone},
			Spans: []annotations.Span{
				{ID: "c-b", ArticleID: "a2", Kind: annotations.KindClaim, Label: "CLAIM", Start: bs, End: be,
					Attributes: map[string]string{"check_worthy": "no", "cluster_id": "c1", "claim_date": "2017-11-14"}},
			}},
	}
	c1 := annotations.Cluster{ID: "c1", Text: "دونالد ترامب جونيور تواصل مع ويكيليكس خلال حملة 2016", ClaimantID: "e-jr", ClaimDate: "2017-11-13",
		ReviewURL: "https://misbar.com/factcheck/2017/11/15/trump-jr", Reviewer: "مسبار", ReviewDate: "2017-11-15",
		Appearances: []annotations.Appearance{{URL: "https://twitter.com/x/status/1", Date: "2017-11-12"}}}
	c1.SetVerdict("true")
	reg := &annotations.Registry{
		Entries: []annotations.Entry{{ID: "e-jr", Name: "دونالد ترامب جونيور", Label: "PERS", KBID: "Q3713655"}},
		Clusters: []annotations.Cluster{c1,
			{ID: "c2", Text: "ادعاء بلا حكم"},
			{ID: "c3", Text: "حكم بلا رابط", Verdict: "false"}},
	}
	return docs, reg
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", name, got)
	}
}

func TestClaimReview(t *testing.T) {
	docs, reg := twoArticles(t)
	var buf bytes.Buffer
	var warns []string
	if err := WriteClaimReview(&buf, docs, reg, func(s annotations.Note) { warns = append(warns, s.String()) }); err != nil {
		t.Fatal(err)
	}
	golden(t, "claimreview.golden.jsonld", buf.Bytes())
	if len(warns) != 2 || !strings.Contains(warns[0], `"c2"`) || !strings.Contains(warns[0], "lacks a verdict, a fact-check url and a reviewer") ||
		!strings.Contains(warns[1], `"c3"`) || !strings.Contains(warns[1], "lacks a fact-check url and a reviewer") {
		t.Errorf("warnings %q", warns)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil || len(got) != 1 {
		t.Fatalf("%d reviews, %v", len(got), err)
	}
	r := got[0]
	item := r["itemReviewed"].(map[string]any)
	if item["firstAppearance"].(map[string]any)["url"] != "https://twitter.com/x/status/1" || len(item["appearance"].([]any)) != 3 {
		t.Errorf("appearances %v", item)
	}
	if item["author"].(map[string]any)["sameAs"] != "https://www.wikidata.org/wiki/Q3713655" {
		t.Errorf("claim author %v", item["author"])
	}
	checkTerms(t, buf.Bytes())
	checkSchema(t, buf.Bytes())

	// Reading it back seeds the same cluster.
	back, warns2, err := ReadClaimReview(buf.Bytes(), "out.jsonld")
	if err != nil || len(warns2) != 0 || len(back.Clusters) != 1 || len(back.Entries) != 1 {
		t.Fatalf("read back %+v %v %v", back, warns2, err)
	}
	c, want := back.Clusters[0], reg.Clusters[0]
	if c.Text != want.Text || c.Verdict != want.Verdict || c.Rating != 5 || c.BestRating != 5 || c.ReviewURL != want.ReviewURL ||
		c.Reviewer != want.Reviewer || c.ClaimDate != want.ClaimDate || c.ReviewDate != want.ReviewDate || len(c.Appearances) != 3 {
		t.Errorf("read back cluster %+v", c)
	}
	if e := back.Entries[0]; e.Name != "دونالد ترامب جونيور" || e.KBID != "Q3713655" || e.Label != "PERS" || c.ClaimantID != e.ID {
		t.Errorf("read back claimant %+v", e)
	}
	for _, bad := range []string{`[{"@type":"ClaimReview","url":"https://x.org/1"}]`, `{"@type":"ClaimReview","claimReviewed":"x","url":"no"}`, `{`, `[]`} {
		if _, _, err := ReadClaimReview([]byte(bad), "bad.jsonld"); annotations.ErrorCode(err) != annotations.EINVALID {
			t.Errorf("ReadClaimReview(%s) = %v, want EINVALID", bad, err)
		}
	}
	feed := `{"@context":"https://schema.org","@type":"DataFeed","dataFeedElement":[{"@type":"Thing"},{"@type":["ClaimReview"],"url":"https://x.org/1","claimReviewed":"c","author":"Misbar","reviewRating":{"alternateName":"False","ratingValue":"1","bestRating":"5","worstRating":"1"},"itemReviewed":{"author":{"@type":"Organization","name":"قناة"},"appearance":"https://y.org/2"}}]}`
	r2, w2, err := ReadClaimReview([]byte(feed), "feed.jsonld")
	if err != nil || len(w2) != 1 || r2.Clusters[0].Rating != 1 || r2.Clusters[0].Reviewer != "Misbar" || r2.Entries[0].Label != "ORG" || r2.Clusters[0].Appearances[0].URL != "https://y.org/2" {
		t.Errorf("feed: %+v %v %v", r2, w2, err)
	}
}

// checkTerms checks every object of a ClaimReview export against the
// schema.org properties of its @type (testdata/schemaorg-terms.txt, from
// schema-dts): an unknown type or property fails.
func checkTerms(t *testing.T, b []byte) {
	t.Helper()
	data, err := os.ReadFile("testdata/schemaorg-terms.txt")
	if err != nil {
		t.Fatal(err)
	}
	props := map[string]map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		typ, list, ok := strings.Cut(line, ": ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		props[typ] = map[string]bool{}
		for _, p := range strings.Fields(list) {
			props[typ][p] = true
		}
	}
	var v any
	json.Unmarshal(b, &v)
	var walk func(v any, where string)
	walk = func(v any, where string) {
		switch x := v.(type) {
		case []any:
			for _, y := range x {
				walk(y, where)
			}
		case map[string]any:
			typ, _ := x["@type"].(string)
			known, ok := props[typ]
			if !ok {
				t.Errorf("%s: @type %q is not a schema.org type the terms list", where, typ)
				return
			}
			for k, y := range x {
				if strings.HasPrefix(k, "@") {
					continue
				}
				if !known[k] {
					t.Errorf("%s: %q is not a schema.org property of %s", where, k, typ)
				}
				walk(y, where+"."+k)
			}
		}
	}
	walk(v, "$")
}

// checkSchema validates b against testdata/claimreview.schema.json with
// Python's jsonschema, when python3 has it (else the test says so and the
// structural checks above stand alone).
func checkSchema(t *testing.T, b []byte) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil || exec.Command(py, "-c", "import jsonschema").Run() != nil {
		t.Log("python3 with jsonschema not found: JSON Schema validation skipped")
		return
	}
	f := filepath.Join(t.TempDir(), "out.json")
	os.WriteFile(f, b, 0o644)
	cmd := exec.Command(py, "-c", `import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
errs = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
for e in errs: print(list(e.absolute_path), e.message)
sys.exit(1 if errs else 0)`, "testdata/claimreview.schema.json", f)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("JSON Schema validation failed: %v\n%s", err, out)
	}
	// The schema itself must refuse what Google refuses: a review without
	// its rating's name.
	var v []map[string]any
	json.Unmarshal(b, &v)
	delete(v[0]["reviewRating"].(map[string]any), "alternateName")
	bad, _ := json.Marshal(v)
	os.WriteFile(f, bad, 0o644)
	if cmd2 := exec.Command(cmd.Args[0], cmd.Args[1:]...); cmd2.Run() == nil {
		t.Error("the JSON Schema accepts a review without reviewRating.alternateName")
	}
}

func TestCheckThat(t *testing.T) {
	docs, _ := twoArticles(t)
	var buf bytes.Buffer
	if err := CheckThat(&buf, docs, false); err != nil {
		t.Fatal(err)
	}
	golden(t, "checkthat.golden.tsv", buf.Bytes())
	r := csv.NewReader(bytes.NewReader(buf.Bytes()))
	r.Comma = '\t'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[1][3] != strings.TrimSuffix(claimA, "") {
		t.Errorf("claim text read back %q", rows[1][3])
	}
	if !reflect.DeepEqual(rows[0], CheckThatHeader) || len(rows) != 3 || rows[1][4] != "Yes" || rows[2][4] != "No" || rows[1][0] != "a1" || rows[1][2] != "https://www.alaraby.co.uk/a1" {
		t.Errorf("rows %q", rows)
	}
	buf.Reset()
	if err := CheckThat(&buf, docs, true); err != nil {
		t.Fatal(err)
	}
	r = csv.NewReader(bytes.NewReader(buf.Bytes()))
	r.Comma = '\t'
	all, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// a1: its title line and the sentence after the claim; a2: the second
	// sentence (the first is the claim).
	var nos []string
	for _, f := range all[1:] {
		if strings.Contains(f[1], ":") {
			nos = append(nos, f[3])
			if f[4] != "No" {
				t.Errorf("non-claim %q labelled %s", f[3], f[4])
			}
		}
	}
	if len(nos) != 3 || nos[2] != "وهذا خبر آخر." {
		t.Errorf("non-claim sentences %q", nos)
	}
}

func TestClaimsCSV(t *testing.T) {
	docs, reg := twoArticles(t)
	var buf bytes.Buffer
	if err := ClaimsCSV(&buf, docs, reg); err != nil {
		t.Fatal(err)
	}
	golden(t, "claims.golden.csv", buf.Bytes())
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], ClaimsCSVHeader) || len(rows) != 3 {
		t.Fatalf("rows %q", rows)
	}
	// a1's claimant comes from its relation (by registry name), a2's from
	// the cluster; both show the cluster's verdict beside their own.
	if rows[1][2] != "دونالد ترامب جونيور" || rows[2][2] != "دونالد ترامب جونيور" || rows[1][6] != "true" || rows[2][4] != "" || rows[2][1] != reg.Clusters[0].Text {
		t.Errorf("rows %q", rows[1:])
	}
}

// TestCheckThatPandas reads the CheckThat TSV with pandas, as the task's
// scorers do (read_csv with sep="\t"), when a python3 with pandas is on
// the machine: the columns are the task's and the claim text comes back
// whole, quotes included.
func TestCheckThatPandas(t *testing.T) {
	var py string
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import pandas").Run() == nil {
			py = path
			break
		}
	}
	if py == "" {
		t.Skip("no python3 with pandas")
	}
	docs, _ := twoArticles(t)
	f := filepath.Join(t.TempDir(), "ct.tsv")
	var buf bytes.Buffer
	if err := CheckThat(&buf, docs, true); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(f, buf.Bytes(), 0o644)
	out, err := exec.Command(py, "-c", `import sys, json, pandas as pd
df = pd.read_csv(sys.argv[1], sep="\t", dtype=str)
print(json.dumps({"columns": list(df.columns), "rows": len(df), "first": bool((df["tweet_text"] == sys.argv[2]).any()), "labels": df["class_label"].tolist()}, ensure_ascii=False))`, f, claimA).CombinedOutput()
	if err != nil {
		t.Fatalf("pandas: %v\n%s", err, out)
	}
	var got struct {
		Columns []string
		Rows    int
		First   bool // the claim's text, quotes and all, is a row's
		Labels  []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !reflect.DeepEqual(got.Columns, CheckThatHeader) || got.Rows != 5 || !got.First || strings.Count(strings.Join(got.Labels, " "), "No") != 4 {
		t.Errorf("pandas read %+v", got)
	}
}
