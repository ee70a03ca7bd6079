package data_test

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// Tests of the store's whole operations: SetClaimant and RelabelSpan (one
// transaction and one undo step each), ArticlePage (page and total from one
// snapshot) and ImportResult.ArticleIDs.

// historyRows returns how many history rows the article has, undone or not.
func historyRows(t *testing.T, db *data.DB, articleID string) int64 {
	t.Helper()
	raw := rawDB(t, db.Path())
	var n int64
	if err := raw.QueryRow(`SELECT count(*) FROM history WHERE article_id = ?`, articleID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// claimants returns the entity span ids that claim claimID's claimant
// relations point to, with the relations' ids.
func claimants(t *testing.T, db *data.DB, claimID string) (to, ids []string) {
	t.Helper()
	d := mustDocument(t, db, "a-seed")
	for _, r := range d.Relations {
		if r.Type == annotations.RelClaimant && r.From == claimID {
			to, ids = append(to, r.To), append(ids, r.ID)
		}
	}
	return to, ids
}

// undoRedo checks that one undo brings the article back to before and one
// redo forward to after again.
func undoRedo(t *testing.T, db *data.DB, before, after string) {
	t.Helper()
	if ok, err := db.Undo(ctx, "a-seed"); !ok || err != nil {
		t.Fatalf("undo: %v, %v", ok, err)
	}
	if got := state(t, db); got != before {
		t.Fatalf("after one undo:\n%s\nwant the state before the edit\n%s", got, before)
	}
	if ok, err := db.Redo(ctx, "a-seed"); !ok || err != nil {
		t.Fatalf("redo: %v, %v", ok, err)
	}
	if got := state(t, db); got != after {
		t.Fatalf("after redo:\n%s\nwant the state after the edit\n%s", got, after)
	}
}

// openSeed opens a database with the seed article (claim s-claim whose
// claimant is s-pers by relation r-1, entity s-org) and a second article
// a-2 with entity o-alice and claim o-claim.
func openSeed(t *testing.T) *data.DB {
	t.Helper()
	db := MustOpen(t)
	mustImportSeed(t, db)
	other := annotations.Document{
		Article: annotations.Article{ID: "a-2", Text: "Alice said so."},
		Spans: []annotations.Span{
			{ID: "o-alice", Label: "PERS", Start: 0, End: 5},
			{ID: "o-claim", Label: "CLAIM", Start: 0, End: 13},
		},
	}
	if _, err := db.ImportDocuments(ctx, []annotations.Document{other}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestSetClaimant(t *testing.T) {
	t.Run("OK_Replace", func(t *testing.T) {
		db := openSeed(t)
		before, h := state(t, db), historyRows(t, db, "a-seed")
		if err := db.SetClaimant(ctx, "s-claim", "s-org"); err != nil {
			t.Fatal(err)
		}
		to, ids := claimants(t, db, "s-claim")
		if !slices.Equal(to, []string{"s-org"}) || ids[0] == "r-1" {
			t.Fatalf("claimants %v (relations %v), want a new relation to s-org only", to, ids)
		}
		if n := historyRows(t, db, "a-seed"); n != h+1 {
			t.Fatalf("%d history rows, want %d: a replace is one undo step", n, h+1)
		}
		if d := mustDocument(t, db, "a-seed"); d.Article.Status != annotations.StatusInProgress {
			t.Errorf("status %s, want in_progress after the first edit", d.Article.Status)
		}
		// Undo brings r-1 back exactly (state compares ids and times), and
		// the status todo with it; redo the same new relation.
		undoRedo(t, db, before, state(t, db))
		if _, ids2 := claimants(t, db, "s-claim"); !slices.Equal(ids2, ids) {
			t.Errorf("redo made relation %v, want %v again", ids2, ids)
		}
	})

	t.Run("OK_Remove", func(t *testing.T) {
		db := openSeed(t)
		before, h := state(t, db), historyRows(t, db, "a-seed")
		if err := db.SetClaimant(ctx, "s-claim", ""); err != nil {
			t.Fatal(err)
		}
		if to, _ := claimants(t, db, "s-claim"); len(to) != 0 {
			t.Fatalf("claimants %v after removing, want none", to)
		}
		if n := historyRows(t, db, "a-seed"); n != h+1 {
			t.Fatalf("%d history rows, want %d", n, h+1)
		}
		undoRedo(t, db, before, state(t, db))
	})

	t.Run("OK_Add", func(t *testing.T) {
		db := openSeed(t)
		if err := db.SetClaimant(ctx, "s-claim", ""); err != nil {
			t.Fatal(err)
		}
		before, h := state(t, db), historyRows(t, db, "a-seed")
		if err := db.SetClaimant(ctx, "s-claim", "s-pers"); err != nil {
			t.Fatal(err)
		}
		if to, _ := claimants(t, db, "s-claim"); !slices.Equal(to, []string{"s-pers"}) {
			t.Fatalf("claimants %v, want s-pers", to)
		}
		if n := historyRows(t, db, "a-seed"); n != h+1 {
			t.Fatalf("%d history rows, want %d", n, h+1)
		}
		undoRedo(t, db, before, state(t, db))
	})

	t.Run("OK_UnchangedWritesNothing", func(t *testing.T) {
		db := openSeed(t)
		before := dump(t, db)
		if err := db.SetClaimant(ctx, "s-claim", "s-pers"); err != nil {
			t.Fatal(err)
		}
		if dump(t, db) != before {
			t.Fatal("setting the claimant the claim already has wrote to the database")
		}
		if err := db.SetClaimant(ctx, "o-claim", ""); err != nil {
			t.Fatal(err)
		}
		if dump(t, db) != before {
			t.Fatal("removing the claimant of a claim that has none wrote to the database")
		}
	})

	// A claim may arrive with two claimants (an import, or AddRelation):
	// setting one keeps that relation and drops the other, in one step.
	t.Run("OK_SeveralBecomeOne", func(t *testing.T) {
		db := openSeed(t)
		if _, err := db.AddRelation(ctx, annotations.Relation{Type: annotations.RelClaimant, From: "s-claim", To: "s-org"}); err != nil {
			t.Fatal(err)
		}
		before, h := state(t, db), historyRows(t, db, "a-seed")
		if err := db.SetClaimant(ctx, "s-claim", "s-pers"); err != nil {
			t.Fatal(err)
		}
		if to, ids := claimants(t, db, "s-claim"); !slices.Equal(to, []string{"s-pers"}) || ids[0] != "r-1" {
			t.Fatalf("claimants %v (relations %v), want s-pers by r-1 alone", to, ids)
		}
		if n := historyRows(t, db, "a-seed"); n != h+1 {
			t.Fatalf("%d history rows, want %d", n, h+1)
		}
		undoRedo(t, db, before, state(t, db))
	})

	t.Run("OK_OtherRelationsStay", func(t *testing.T) {
		db := openSeed(t)
		if _, err := db.AddRelation(ctx, annotations.Relation{Type: "mentions", From: "s-claim", To: "s-org"}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetClaimant(ctx, "s-claim", ""); err != nil {
			t.Fatal(err)
		}
		d := mustDocument(t, db, "a-seed")
		if len(d.Relations) != 1 || d.Relations[0].Type != "mentions" {
			t.Fatalf("relations %+v, want the mentions relation alone", d.Relations)
		}
	})

	errs := []struct {
		name          string
		claim, entity string
		code          string
		wantInMessage []string
	}{
		{"ErrUnknownClaim", "nope", "s-pers", annotations.ENOTFOUND, []string{`"nope"`}},
		{"ErrUnknownClaimRemove", "nope", "", annotations.ENOTFOUND, []string{`"nope"`}},
		{"ErrUnknownEntity", "s-claim", "nope", annotations.ENOTFOUND, []string{`"nope"`, `"s-claim"`}},
		{"ErrClaimIsEntity", "s-org", "s-pers", annotations.EINVALID, []string{`"s-org"`, "not a claim"}},
		{"ErrEntityIsClaim", "s-claim", "o-claim", annotations.EINVALID, []string{`"o-claim"`, "not an entity"}},
		{"ErrOtherArticle", "s-claim", "o-alice", annotations.EINVALID, []string{`"s-claim"`, `"o-alice"`, `"a-seed"`, `"a-2"`}},
	}
	db := openSeed(t)
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			before := dump(t, db)
			err := db.SetClaimant(ctx, tt.claim, tt.entity)
			wantCode(t, err, tt.code)
			for _, w := range tt.wantInMessage {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q does not name %s", err, w)
				}
			}
			if dump(t, db) != before {
				t.Error("a refused SetClaimant changed the database")
			}
		})
	}
}

func TestRelabelSpan(t *testing.T) {
	t.Run("OK_ClaimToEntity", func(t *testing.T) {
		db := openSeed(t)
		old := mustDocument(t, db, "a-seed").Spans[1]
		if old.ID != "s-claim" {
			t.Fatalf("fixture order: %+v", old)
		}
		before, h := state(t, db), historyRows(t, db, "a-seed")
		got, err := db.RelabelSpan(ctx, "s-claim", "PERS")
		if err != nil {
			t.Fatal(err)
		}
		if got.Label != "PERS" || got.Kind != annotations.KindEntity || got.Attributes != nil ||
			got.Note != old.Note || got.Start != old.Start || got.End != old.End || !got.CreatedAt.Equal(old.CreatedAt) ||
			!got.UpdatedAt.After(old.UpdatedAt) {
			t.Fatalf("RelabelSpan = %+v", got)
		}
		stored := mustDocument(t, db, "a-seed").Spans[1]
		if stored.Label != "PERS" || stored.Kind != annotations.KindEntity || stored.Attributes != nil {
			t.Fatalf("stored %+v", stored)
		}
		if n := historyRows(t, db, "a-seed"); n != h+1 {
			t.Fatalf("%d history rows, want %d: a relabel is one undo step", n, h+1)
		}
		after := state(t, db)
		undoRedo(t, db, before, after)
		if _, err := db.Undo(ctx, "a-seed"); err != nil {
			t.Fatal(err)
		}
		back := mustDocument(t, db, "a-seed").Spans[1]
		if back.Label != "CLAIM" || back.Kind != annotations.KindClaim || !maps.Equal(back.Attributes, old.Attributes) {
			t.Fatalf("undo gave %+v, want label, kind and attributes of %+v", back, old)
		}
	})

	t.Run("OK_EntityToClaim", func(t *testing.T) {
		db := openSeed(t)
		before := state(t, db)
		got, err := db.RelabelSpan(ctx, "s-org", "CLAIM")
		if err != nil {
			t.Fatal(err)
		}
		if got.Kind != annotations.KindClaim || got.Label != "CLAIM" {
			t.Fatalf("RelabelSpan = %+v", got)
		}
		undoRedo(t, db, before, state(t, db))
	})

	t.Run("OK_EntityKeepsOtherAttributes", func(t *testing.T) {
		db := openSeed(t)
		s := mustDocument(t, db, "a-seed").Spans[0]
		s.Attributes = map[string]string{"confidence": "high"}
		if _, err := db.UpdateSpan(ctx, s); err != nil {
			t.Fatal(err)
		}
		got, err := db.RelabelSpan(ctx, s.ID, "GPE")
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got.Attributes, s.Attributes) {
			t.Fatalf("attributes %v, want %v", got.Attributes, s.Attributes)
		}
	})

	t.Run("OK_RelationsStay", func(t *testing.T) {
		db := openSeed(t)
		if _, err := db.RelabelSpan(ctx, "s-pers", "ORG"); err != nil {
			t.Fatal(err)
		}
		if to, _ := claimants(t, db, "s-claim"); !slices.Equal(to, []string{"s-pers"}) {
			t.Fatalf("claimants %v after relabelling the claimant, want s-pers", to)
		}
	})

	t.Run("OK_SameLabelWritesNothing", func(t *testing.T) {
		db := openSeed(t)
		before := dump(t, db)
		got, err := db.RelabelSpan(ctx, "s-claim", "CLAIM")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != "s-claim" || got.Attributes["verdict"] != "unverifiable" {
			t.Fatalf("RelabelSpan = %+v, want the stored span", got)
		}
		if dump(t, db) != before {
			t.Fatal("relabelling with the same label wrote to the database")
		}
	})

	db := openSeed(t)
	for _, tt := range []struct {
		name, span, label, code string
		wantInMessage           []string
	}{
		{"ErrUnknownSpan", "nope", "PERS", annotations.ENOTFOUND, []string{`"nope"`}},
		{"ErrUnknownLabel", "s-org", "NOPE", annotations.EINVALID, []string{`"s-org"`, `"NOPE"`}},
		{"ErrNoLabel", "s-org", "", annotations.EINVALID, []string{`"s-org"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := dump(t, db)
			_, err := db.RelabelSpan(ctx, tt.span, tt.label)
			wantCode(t, err, tt.code)
			for _, w := range tt.wantInMessage {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q does not name %s", err, w)
				}
			}
			if dump(t, db) != before {
				t.Error("a refused RelabelSpan changed the database")
			}
		})
	}
}

func TestArticlePage(t *testing.T) {
	db := MustOpen(t)
	var docs []annotations.Document
	base := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	for i, title := range []string{"delta", "alpha", "echo", "charlie", "bravo"} {
		at := base.Add(time.Duration(i) * time.Hour)
		docs = append(docs, annotations.Document{Article: annotations.Article{ID: "a-" + title, Title: title,
			Text: "Text of " + title + ".", CreatedAt: at, UpdatedAt: at}})
	}
	if _, err := db.ImportDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		f     annotations.ArticleFilter
		want  []string
		total int
	}{
		{"All", annotations.ArticleFilter{}, []string{"a-delta", "a-alpha", "a-echo", "a-charlie", "a-bravo"}, 5},
		{"PageByTitle", annotations.ArticleFilter{SortBy: annotations.SortTitle, Offset: 1, Limit: 2}, []string{"a-bravo", "a-charlie"}, 5},
		{"LastPartialPage", annotations.ArticleFilter{SortBy: annotations.SortTitle, Desc: true, Offset: 4, Limit: 2}, []string{"a-alpha"}, 5},
		{"PastTheEnd", annotations.ArticleFilter{Offset: 9, Limit: 2}, []string{}, 5},
		{"Filtered", annotations.ArticleFilter{Query: "a", SortBy: annotations.SortCreated, Limit: 1}, []string{"a-delta"}, 4},
		{"SortUpdated", annotations.ArticleFilter{SortBy: annotations.SortUpdated, Limit: 1}, []string{"a-delta"}, 5},
		{"SortStatus", annotations.ArticleFilter{SortBy: annotations.SortStatus, IDs: []string{"a-echo", "a-bravo"}}, []string{"a-echo", "a-bravo"}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := db.ArticlePage(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if p.Articles == nil {
				t.Fatal("ArticlePage.Articles is nil, want an empty slice")
			}
			got := []string{}
			for _, a := range p.Articles {
				got = append(got, a.ID)
			}
			if !slices.Equal(got, tt.want) || p.Total != tt.total {
				t.Fatalf("ArticlePage = %v of %d, want %v of %d", got, p.Total, tt.want, tt.total)
			}
			list, err := db.ListArticles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			n, err := db.CountArticles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(list, p.Articles) || n != p.Total {
				t.Fatalf("ArticlePage disagrees with ListArticles and CountArticles: %v of %d", list, n)
			}
		})
	}

	t.Run("ErrBadFilter", func(t *testing.T) {
		for _, f := range []annotations.ArticleFilter{
			{SortBy: "size"}, {Status: []annotations.Status{"lost"}}, {Offset: -1}, {Limit: -5},
		} {
			_, err := db.ArticlePage(ctx, f)
			wantCode(t, err, annotations.EINVALID)
		}
	})

	// With no limit the page is every match, so in one snapshot its length
	// is the total, whatever another connection imports meanwhile.
	t.Run("OK_OneSnapshot", func(t *testing.T) {
		var wg sync.WaitGroup
		stop := make(chan struct{})
		werr := make(chan error, 1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				d := annotations.Document{Article: annotations.Article{Title: "more", Text: "More text " + strings.Repeat("x", i+1)}}
				if _, err := db.ImportDocuments(ctx, []annotations.Document{d}); err != nil {
					werr <- err
					return
				}
			}
		}()
		for range 200 {
			p, err := db.ArticlePage(ctx, annotations.ArticleFilter{Query: "more"})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Articles) != p.Total {
				t.Fatalf("page of %d articles, total %d: not one snapshot", len(p.Articles), p.Total)
			}
		}
		close(stop)
		wg.Wait()
		select {
		case err := <-werr:
			t.Fatal(err)
		default:
		}
	})
}

func TestImportArticleIDs(t *testing.T) {
	db := MustOpen(t)
	mustImportSeed(t, db)
	fresh := annotations.Document{Article: annotations.Article{Title: "fresh", Text: "A fresh article."}}
	merge := seedDoc(t) // the seed's text again: merged into a-seed
	merge.Article.ID = "a-other"
	taken := annotations.Document{Article: annotations.Article{ID: "a-seed", Title: "taken id", Text: "Another text, given a taken id."}}
	twice := annotations.Document{Article: annotations.Article{Title: "fresh again", Text: "A fresh article."}}
	res, err := db.ImportDocuments(ctx, []annotations.Document{fresh, merge, taken, twice})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ArticleIDs) != 4 {
		t.Fatalf("ArticleIDs %v, want one per document", res.ArticleIDs)
	}
	if res.Articles != 2 || res.Merged != 2 {
		t.Fatalf("result %+v, want 2 articles and 2 merged", res)
	}
	ids := res.ArticleIDs
	if ids[1] != "a-seed" {
		t.Errorf("the merged document got %q, want the stored article a-seed", ids[1])
	}
	if ids[2] == "a-seed" || ids[2] == "" {
		t.Errorf("the document with a taken id got %q, want a fresh id", ids[2])
	}
	if ids[3] != ids[0] {
		t.Errorf("the second document with the first's text got %q, want %q", ids[3], ids[0])
	}
	for i, want := range []string{"A fresh article.", arabicText(t), "Another text, given a taken id.", "A fresh article."} {
		if d := mustDocument(t, db, ids[i]); d.Article.Text != want {
			t.Errorf("ArticleIDs[%d] = %q holds %.20q, want %.20q", i, ids[i], d.Article.Text, want)
		}
	}

	t.Run("ErrNothingOnFailure", func(t *testing.T) {
		bad := annotations.Document{Article: annotations.Article{Text: "Short."},
			Spans: []annotations.Span{{Label: "PERS", Start: 3, End: 60}}}
		res, err := db.ImportDocuments(ctx, []annotations.Document{fresh, bad})
		wantCode(t, err, annotations.EINVALID)
		if res.ArticleIDs != nil {
			t.Fatalf("a failed import returned ArticleIDs %v", res.ArticleIDs)
		}
	})
}
