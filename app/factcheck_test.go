package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestClaimReviewThroughTheWindow: a ClaimReview file imported from the
// window seeds a cluster and its verdict, and the window's ClaimReview
// export writes it back (the export reads the store's registry).
func TestClaimReviewThroughTheWindow(t *testing.T) {
	db := openDB(t)
	ws, _ := newTestWorkspace(t, db)
	ws.importFiles([]string{seedPath})
	ctx := t.Context()
	cr := `[{"@context":"https://schema.org","@type":"ClaimReview","url":"https://example.org/fc/1","claimReviewed":"ترامب جونيور تواصل مع ويكيليكس",
	"author":{"@type":"Organization","name":"Example Checks"},"reviewRating":{"@type":"Rating","alternateName":"true"},
	"itemReviewed":{"@type":"Claim","author":{"@type":"Person","name":"دونالد ترامب جونيور","sameAs":"https://www.wikidata.org/wiki/Q3713655"}}}]`
	in := filepath.Join(t.TempDir(), "reviews.jsonld")
	if err := os.WriteFile(in, []byte(cr), 0o644); err != nil {
		t.Fatal(err)
	}
	ws.importFiles([]string{in})
	cs, err := db.Clusters(ctx)
	if err != nil || len(cs) != 1 || cs[0].Verdict != "true" || cs[0].Reviewer != "Example Checks" {
		t.Fatalf("clusters after the import: %+v %v (status %q)", cs, err, ws.StatusText())
	}
	if es, _ := db.Entries(ctx); len(es) != 1 || es[0].KBID != "Q3713655" {
		t.Errorf("entries %+v", es)
	}
	// A claim of the seed joins the cluster.
	d := ws.sess.Document()
	r := rangeOf(t, d.Article.Text, "تواصل نجل الرئيس الأميركي", 0)
	claim, err := db.AddSpan(ctx, annotations.Span{ArticleID: d.Article.ID, Label: "CLAIM", Start: r.Start, End: r.End})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SetClusterOf(ctx, claim.ID, cs[0].ID); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.jsonld")
	var exportErr error
	ws.export("claimreview", out, ExportAll, func(err error) { exportErr = err })
	if exportErr != nil {
		t.Fatal(exportErr)
	}
	b, _ := os.ReadFile(out)
	var got []map[string]any
	if err := json.Unmarshal(b, &got); err != nil || len(got) != 1 || got[0]["url"] != "https://example.org/fc/1" {
		t.Fatalf("export: %s %v", b, err)
	}
	if !strings.Contains(string(b), `"sameAs": "https://www.wikidata.org/wiki/Q3713655"`) {
		t.Errorf("the claim's author lost its QID:\n%s", b)
	}
}
