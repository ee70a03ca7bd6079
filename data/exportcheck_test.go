package data_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestCheckExportNamesArticleWithoutText: CheckExport names the article
// whose text row is missing, with EINTERNAL, when the filter includes it,
// and passes when it does not.
func TestCheckExportNamesArticleWithoutText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	db := MustOpenPath(t, path)
	doc := seedDoc(t)
	if _, err := db.ImportDocuments(ctx, []annotations.Document{doc}); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckExport(ctx, annotations.ArticleFilter{}); err != nil {
		t.Fatalf("CheckExport of a sound database: %v", err)
	}
	if _, err := rawDB(t, path).Exec("DELETE FROM article_texts"); err != nil {
		t.Fatal(err)
	}
	err := db.CheckExport(ctx, annotations.ArticleFilter{})
	wantCode(t, err, annotations.EINTERNAL)
	if !strings.Contains(err.Error(), doc.Article.ID) || !strings.Contains(err.Error(), "text is missing") {
		t.Errorf("message %q does not name article %s and its missing text", err, doc.Article.ID)
	}
	if err := db.CheckExport(ctx, annotations.ArticleFilter{Status: []annotations.Status{annotations.StatusDone}}); err != nil {
		t.Errorf("CheckExport of a filter without the article: %v", err)
	}
}
