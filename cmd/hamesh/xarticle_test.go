package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAcrossArticles is issue 17's "done when", headless: on the seed
// article and a second article repeating one of its claims, أسانج and
// جوليان أسانج link to one entry with QID Q47112 (and the second
// article's أسانج is offered as a mention); the repeated claim is
// suggested for the claim's cluster and accepted; a supports relation is
// stored and a claimant one with the wrong kinds refused; ClaimReview,
// CheckThat and claims CSV come out; native JSONL carries it all
// byte-identically through export → import → export; and the ClaimReview
// export imported into a new database seeds the cluster and its verdict.
func TestAcrossArticles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "../../assets/samples/alaraby-2017-11-14-trump-jr-wikileaks.txt", "testdata/repeat-claim.txt")
	var arts []struct{ ID, Title string }
	json.Unmarshal([]byte(mustRun(t, "list", "--db", db, "--json")), &arts)
	if len(arts) != 2 {
		t.Fatalf("articles %+v", arts)
	}
	seed, second := arts[0].ID, arts[1].ID
	if strings.HasPrefix(arts[0].Title, "ترامب جونيور") {
		seed, second = second, seed
	}
	id := func(args ...string) string { return strings.TrimSpace(mustRun(t, args...)) }
	full := id("spans", "add", "--db", db, "--label", "PERS", "--find", "جوليان أسانج", seed)
	short := id("spans", "add", "--db", db, "--label", "PERS", "--find", "أسانج", "--nth", "3", seed)
	other := id("spans", "add", "--db", db, "--label", "PERS", "--find", "أسانج", second)
	claimA := id("spans", "add", "--db", db, "--label", "CLAIM", "--attr", "check_worthy=yes", "--find",
		`تواصل نجل الرئيس الأميركي، دونالد ترامب، دونالد ترامب جونيور، مع "ويكيليكس" خلال حملة الانتخابات الرئاسية الأميركية عام 2016`, seed)
	claimB := id("spans", "add", "--db", db, "--label", "CLAIM", "--find",
		"نجل الرئيس الأمريكي دونالد ترامب جونيور تواصل مع ويكيليكس خلال حملة الانتخابات الرئاسية الأمريكية عام 2016", second)

	if code, _, errs := hamesh(t, nil, "registry", "add", "--db", db, "--name", "x", "--qid", "Q012"); code == 0 || !strings.Contains(errs, `"Q012" is not a Wikidata QID`) {
		t.Errorf("bad QID: %d %s", code, errs)
	}
	entry := id("registry", "add", "--db", db, "--name", "جوليان أسانج", "--label", "PERS", "--qid", "Q47112")
	if out := mustRun(t, "registry", "candidates", "--db", db, "وأسانج"); !strings.Contains(out, entry) {
		t.Errorf("candidates for وأسانج: %s", out)
	}
	mustRun(t, "registry", "link", "--db", db, full, entry)
	mustRun(t, "registry", "link", "--db", db, short, entry)
	if out := mustRun(t, "registry", "suggest", "--db", db, "--link", entry); !strings.HasPrefix(out, other+"\t"+second) {
		t.Errorf("suggested mentions: %q, want %s", out, other)
	}
	var entries []struct {
		ID                 string
		KBID               string `json:"kb_id"`
		Mentions, Articles int
	}
	json.Unmarshal([]byte(mustRun(t, "registry", "list", "--db", db, "--json")), &entries)
	if len(entries) != 1 || entries[0].KBID != "Q47112" || entries[0].Mentions != 3 || entries[0].Articles != 2 {
		t.Errorf("registry %+v", entries)
	}

	cluster := id("cluster", "add", "--db", db, "--text", "دونالد ترامب جونيور تواصل مع ويكيليكس خلال الحملة الرئاسية الأميركية عام 2016",
		"--verdict", "true", "--url", "https://example.org/fact-check/1", "--reviewer", "Example Checks", "--review-date", "2017-11-15", claimA)
	out := mustRun(t, "cluster", "suggest", "--db", db, "--accept", cluster)
	if f := strings.Split(out, "\t"); len(f) < 2 || f[1] != claimB || f[0] < "0.5" {
		t.Errorf("cluster suggestions: %q, want %s above 0.5", out, claimB)
	}
	if out := mustRun(t, "cluster", "members", "--db", db, cluster); strings.Count(out, "\n") != 2 {
		t.Errorf("members after accepting: %s", out)
	}
	mustRun(t, "relation", "add", "--db", db, "supports", full, claimA)
	if code, _, errs := hamesh(t, nil, "relation", "add", "--db", db, "claimant", full, claimA); code == 0 || !strings.Contains(errs, "a claimant relation goes from a claim to an entity") {
		t.Errorf("claimant entity → claim: %d %s", code, errs)
	}

	// Fact-checkers' formats.
	cr := filepath.Join(dir, "reviews.jsonld")
	mustRun(t, "cluster", "add", "--db", db, "--text", "لم يُراجع بعد")
	if code, _, errs := hamesh(t, nil, "export", "--db", db, "--format", "claimreview", "-o", cr); code != 0 || !strings.Contains(errs, "lacks a verdict, a fact-check url and a reviewer: not written") {
		t.Errorf("claimreview export: %d %s", code, errs)
	}
	var reviews []map[string]any
	if b, _ := os.ReadFile(cr); json.Unmarshal(b, &reviews) != nil || len(reviews) != 1 || reviews[0]["claimReviewed"] == nil {
		t.Fatalf("claimreview: %v", reviews)
	}
	if app := reviews[0]["itemReviewed"].(map[string]any); app["@type"] != "Claim" {
		t.Errorf("itemReviewed %v", app)
	}
	tsv := filepath.Join(dir, "checkthat.tsv")
	mustRun(t, "export", "--db", db, "--format", "checkthat", "-o", tsv)
	f, _ := os.Open(tsv)
	r := csv.NewReader(f)
	r.Comma = '\t'
	rows, err := r.ReadAll()
	f.Close()
	if err != nil || strings.Join(rows[0], "\t") != "topic\ttweet_id\ttweet_url\ttweet_text\tclass_label" || len(rows) != 3 {
		t.Errorf("checkthat rows %q %v", rows, err)
	}
	csvOut := mustRun(t, "export", "--db", db, "--format", "claims-csv", "-o", "-")
	if !strings.HasPrefix(csvOut, "claim,normalized_claim,claimant,claim_date,verdict,cluster_id,cluster_verdict,source_url,article_id,article_title\n") ||
		strings.Count(csvOut, cluster+",true,") != 2 {
		t.Errorf("claims-csv:\n%s", csvOut)
	}

	// Native JSONL: byte-identical through a second database.
	one, two := filepath.Join(dir, "one.jsonl"), filepath.Join(dir, "two.jsonl")
	mustRun(t, "export", "--db", db, "-o", one)
	db2 := filepath.Join(dir, "two.db")
	if out := mustRun(t, "import", "--db", db2, one); !strings.Contains(out, "1 registry entries, 2 claim clusters, 5 relation types") {
		t.Errorf("import of the JSONL: %s", out)
	}
	mustRun(t, "export", "--db", db2, "-o", two)
	a, b := readFile(t, one), readFile(t, two)
	if a != b {
		t.Fatalf("export → import → export changed the file:\n%s\n---\n%s", a, b)
	}
	if !strings.Contains(a, `"entity_id":"`+entry+`","kb_id":"Q47112"`) || !strings.Contains(a, `{"record":"entity","id":"`+entry+`"`) {
		t.Errorf("JSONL lacks the link or the entry:\n%s", a)
	}

	// The ClaimReview seeds a cluster and its verdict in a new database.
	db3 := filepath.Join(dir, "three.db")
	if out := mustRun(t, "import", "--db", db3, cr); !strings.Contains(out, "0 registry entries, 1 claim clusters") {
		t.Errorf("claimreview import: %s", out)
	}
	if out := mustRun(t, "cluster", "list", "--db", db3); !strings.Contains(out, "true") || !strings.Contains(out, "دونالد ترامب جونيور تواصل") {
		t.Errorf("seeded clusters: %s", out)
	}

	// A cluster still with members is not deleted; an emptied one is.
	if code, _, errs := hamesh(t, nil, "cluster", "delete", "--db", db, cluster); code == 0 || !strings.Contains(errs, "still has 2 member claims") {
		t.Errorf("delete with members: %d %s", code, errs)
	}
	_, _, errs := hamesh(t, nil, "cluster", "leave", "--db", db, claimA, claimB)
	if !strings.Contains(errs, "has no member now") {
		t.Errorf("leaving the last member: %q", errs)
	}
	mustRun(t, "cluster", "delete", "--db", db, cluster)
}
