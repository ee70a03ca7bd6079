package data_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// Tests of the store's whole operations: ArticlePage (page and total from
// one snapshot) and ImportResult.ArticleIDs.

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
