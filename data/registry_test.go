package data_test

import (
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// assangeDB is the seed article with entity spans on جوليان أسانج and on
// a later أسانج, and a registry entry for him.
func assangeDB(t *testing.T) (*data.DB, annotations.Span, annotations.Span, annotations.Entry) {
	t.Helper()
	db := MustOpen(t)
	doc := mustImportSeed(t, db)
	text := doc.Article.Text
	fs, fe := find(t, text, "جوليان أسانج")
	full, err := db.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "PERS", Start: fs, End: fe})
	if err != nil {
		t.Fatal(err)
	}
	i := strings.LastIndex(text, "أسانج")
	s := len([]rune(text[:i]))
	short, err := db.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "PERS", Start: s, End: s + len([]rune("أسانج"))})
	if err != nil {
		t.Fatal(err)
	}
	e, err := db.AddEntry(ctx, annotations.Entry{Name: "جوليان أسانج", Label: "PERS", KBID: "Q47112"})
	if err != nil {
		t.Fatal(err)
	}
	return db, full, short, e
}

func TestRegistryLink(t *testing.T) {
	db, full, short, e := assangeDB(t)
	if _, err := db.AddEntry(ctx, annotations.Entry{Name: "x", Label: "PERS", KBID: "Q0"}); annotations.ErrorCode(err) != annotations.EINVALID ||
		!strings.Contains(err.Error(), "Q47112") {
		t.Errorf("bad QID: %v", err)
	}
	if _, err := db.AddEntry(ctx, annotations.Entry{Name: "x", Label: "CLAIM"}); annotations.ErrorCode(err) != annotations.EINVALID {
		t.Errorf("claim label: %v", err)
	}
	if _, err := db.LinkSpan(ctx, full.ID, e.ID); err != nil {
		t.Fatal(err)
	}
	// أسانج alone is only a word of the name: not offered as a mention yet.
	if sug, err := db.LinkSuggestions(ctx, e.ID); err != nil || len(sug) != 0 {
		t.Fatalf("suggestions before أسانج is linked: %+v %v", sug, err)
	}
	if _, err := db.LinkSpan(ctx, short.ID, e.ID); err != nil {
		t.Fatal(err)
	}
	// Once linked, the surface is an alias and its other mentions are offered.
	text := mustDocument(t, db, "a-seed").Article.Text
	i := strings.LastIndex(text[:strings.LastIndex(text, "أسانج")], "أسانج")
	s := len([]rune(text[:i]))
	third, err := db.AddSpan(ctx, annotations.Span{ArticleID: "a-seed", Label: "PERS", Start: s, End: s + len([]rune("أسانج"))})
	if err != nil {
		t.Fatal(err)
	}
	sug, err := db.LinkSuggestions(ctx, e.ID)
	if err != nil || len(sug) != 1 || sug[0].Span.ID != third.ID || sug[0].Candidate.How != "alias" {
		t.Fatalf("suggestions after linking أسانج: %+v %v", sug, err)
	}

	got, _ := db.Entry(ctx, e.ID)
	if len(got.Aliases) != 1 || got.Aliases[0] != "أسانج" {
		t.Errorf("aliases after linking أسانج: %q", got.Aliases)
	}
	ms, err := db.EntryMentions(ctx, e.ID)
	if err != nil || len(ms) != 2 {
		t.Fatalf("mentions %v %v", ms, err)
	}
	st, _ := db.EntryStats(ctx)
	if len(st) != 1 || st[0].Mentions != 2 || st[0].Articles != 1 {
		t.Errorf("stats %+v", st)
	}
	// Undo (of the third span, then of the link) takes the link away;
	// redo brings it back.
	for range 2 {
		if ok, err := db.Undo(ctx, "a-seed"); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	if ms, _ := db.EntryMentions(ctx, e.ID); len(ms) != 1 {
		t.Errorf("after undo %d mentions", len(ms))
	}
	if ok, err := db.Redo(ctx, "a-seed"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	// A claim cannot be linked; an unknown entry is refused.
	if _, err := db.LinkSpan(ctx, "s-claim", e.ID); annotations.ErrorCode(err) != annotations.EINVALID {
		t.Errorf("claim linked: %v", err)
	}
	if _, err := db.LinkSpan(ctx, full.ID, "nope"); annotations.ErrorCode(err) != annotations.ENOTFOUND {
		t.Errorf("unknown entry: %v", err)
	}
	if err := db.DeleteEntry(ctx, e.ID); annotations.ErrorCode(err) != annotations.ECONFLICT {
		t.Errorf("delete linked entry: %v", err)
	}
}

func TestRegistryMergeRename(t *testing.T) {
	db, full, short, e := assangeDB(t)
	other, err := db.AddEntry(ctx, annotations.Entry{Name: "أسانج", Aliases: []string{"Assange"}, Label: "PERS"})
	if err != nil {
		t.Fatal(err)
	}
	db.LinkSpan(ctx, full.ID, e.ID)
	db.LinkSpan(ctx, short.ID, other.ID)
	clash, _ := db.AddEntry(ctx, annotations.Entry{Name: "Julian", Label: "PERS", KBID: "Q1"})
	if _, _, err := db.MergeEntries(ctx, e.ID, clash.ID); annotations.ErrorCode(err) != annotations.ECONFLICT {
		t.Errorf("two QIDs merged: %v", err)
	}
	merged, moved, err := db.MergeEntries(ctx, e.ID, other.ID)
	if err != nil || moved != 1 {
		t.Fatal(moved, err)
	}
	if merged.KBID != "Q47112" || strings.Join(merged.Aliases, "|") != "أسانج|Assange" {
		t.Errorf("merged %+v", merged)
	}
	if ms, _ := db.EntryMentions(ctx, e.ID); len(ms) != 2 {
		t.Errorf("%d mentions after merge", len(ms))
	}
	if _, err := db.Entry(ctx, other.ID); annotations.ErrorCode(err) != annotations.ENOTFOUND {
		t.Errorf("merged entry still there: %v", err)
	}
	r, err := db.RenameEntry(ctx, e.ID, "Julian Assange")
	if err != nil || r.Name != "Julian Assange" || r.Aliases[len(r.Aliases)-1] != "جوليان أسانج" {
		t.Errorf("rename: %+v %v", r, err)
	}
}

func TestClusters(t *testing.T) {
	db := MustOpen(t)
	mustImportSeed(t, db)
	c, err := db.AddCluster(ctx, annotations.Cluster{Text: "تواصل ترامب جونيور مع ويكيليكس", ReviewURL: "https://example.org/fc"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddCluster(ctx, annotations.Cluster{Text: "x", ClaimantID: "nobody"}); annotations.ErrorCode(err) != annotations.EINVALID {
		t.Errorf("unknown claimant: %v", err)
	}
	if _, _, err := db.SetClusterOf(ctx, "s-pers", c.ID); annotations.ErrorCode(err) != annotations.EINVALID {
		t.Errorf("entity in a cluster: %v", err)
	}
	if _, _, err := db.SetClusterOf(ctx, "s-claim", c.ID); err != nil {
		t.Fatal(err)
	}
	st, _ := db.ClusterStats(ctx)
	if len(st) != 1 || st[0].Members != 1 {
		t.Fatalf("stats %+v", st)
	}
	// A verdict on the cluster that the member disagrees with is flagged.
	c.SetVerdict("false")
	if err := db.SaveCluster(ctx, c); err != nil {
		t.Fatal(err)
	}
	st, _ = db.ClusterStats(ctx)
	if len(st[0].Conflicts) != 1 || st[0].Conflicts[0] != "unverifiable" {
		t.Errorf("conflicts %v", st[0].Conflicts)
	}
	if err := db.DeleteCluster(ctx, c.ID); annotations.ErrorCode(err) != annotations.ECONFLICT || !strings.Contains(err.Error(), "1 member") {
		t.Errorf("delete with members: %v", err)
	}
	// Deleting its last member leaves the cluster, empty, with its verdict.
	if err := db.DeleteSpan(ctx, "s-claim"); err != nil {
		t.Fatal(err)
	}
	st, _ = db.ClusterStats(ctx)
	if st[0].Members != 0 || st[0].Cluster.Verdict != "false" {
		t.Errorf("after deleting the member: %+v", st[0])
	}
	if err := db.DeleteCluster(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	// Undoing the member's deletion now cannot point it at a cluster that
	// is gone: refused, and the article is unchanged.
	if ok, err := db.Undo(ctx, "a-seed"); ok || annotations.ErrorCode(err) != annotations.ECONFLICT || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("undo onto a deleted cluster: %v %v", ok, err)
	}
	if d := mustDocument(t, db, "a-seed"); len(d.Spans) != 2 {
		t.Errorf("%d spans after the refused undo", len(d.Spans))
	}
}

func TestRelationTypeKinds(t *testing.T) {
	db := MustOpen(t)
	mustImportSeed(t, db)
	ts, err := db.RelationTypes(ctx)
	if err != nil || len(ts) != 5 || ts[2].Name != "supports" {
		t.Fatalf("types %v %v", ts, err)
	}
	if _, err := db.AddRelation(ctx, annotations.Relation{Type: "supports", From: "s-org", To: "s-pers"}); annotations.ErrorCode(err) != annotations.EINVALID ||
		!strings.Contains(err.Error(), `a supports relation goes from any span to a claim, but span "s-pers" (its target) is an entity`) {
		t.Errorf("supports to an entity: %v", err)
	}
	if _, err := db.AddRelation(ctx, annotations.Relation{Type: "supports", From: "s-org", To: "s-claim"}); err != nil {
		t.Fatal(err)
	}
	if d := mustDocument(t, db, "a-seed"); len(d.Relations) != 2 {
		t.Errorf("%d relations", len(d.Relations))
	}
	bad := annotations.RelationType{Name: "supports", From: annotations.KindClaim, To: annotations.KindClaim, Color: "#000000"}
	if err := db.SaveRelationType(ctx, bad); annotations.ErrorCode(err) != annotations.ECONFLICT {
		t.Errorf("narrowing supports under a stored relation: %v", err)
	}
}
