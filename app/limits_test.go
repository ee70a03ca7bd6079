//go:build unix

package app

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestImportFolderSkipsLinksAndSpecialFiles imports a folder holding a
// real article beside passwd.txt (a link to a secret file), zero.txt (a link
// to /dev/zero) and a FIFO fifo.txt: only the article is imported, the
// others are skipped unopened and counted in the status.
func TestImportFolderSkipsLinksAndSpecialFiles(t *testing.T) {
	db := openDB(t)
	ws, _ := newTestWorkspace(t, db)
	root := t.TempDir()
	secret := filepath.Join(root, "id_rsa")
	os.WriteFile(secret, []byte("PRIVATE KEY\n\nnever imported"), 0o600)
	dir := filepath.Join(root, "in")
	writeFiles(t, dir, map[string]string{"a.txt": "الأول\n\nقال المتحدث إن الخبر صحيح."})
	os.Symlink(secret, filepath.Join(dir, "passwd.txt"))
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt"))
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644); err != nil {
		t.Skipf("cannot make a FIFO: %v", err)
	}
	plan, err := planFolderImport(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.paths) != 1 || len(plan.links) != 3 {
		t.Fatalf("plan %+v: want a.txt only, 3 links and special files", plan)
	}
	ws.importFolder(dir)
	if ws.library.Total() != 1 {
		t.Fatalf("library: %d articles, want 1 (status %q)", ws.library.Total(), ws.StatusText())
	}
	if d := ws.sess.Document(); d == nil || strings.Contains(d.Article.Text, "PRIVATE") {
		t.Fatalf("wrong article open: %+v", d)
	}
	if !strings.Contains(ws.StatusText(), "3 symbolic link(s) or special file(s) skipped, never followed: fifo.txt, passwd.txt, zero.txt") {
		t.Errorf("status %q does not count the skipped links", ws.StatusText())
	}
}

// TestWindowImportArticleLimit sets the preference to 1 KB: a 1.4 KB text
// is refused with the file and the limit named, and nothing is imported;
// the default limit reads it. A bad size is refused and changes nothing.
func TestWindowImportArticleLimit(t *testing.T) {
	db := openDB(t)
	ws, _ := newTestWorkspace(t, db)
	p := filepath.Join(t.TempDir(), "long.txt")
	os.WriteFile(p, []byte(strings.Repeat("قال الوزير ", 70)), 0o644)
	if err := ws.setMaxArticleSize("1 KB"); err != nil {
		t.Fatal(err)
	}
	if err := ws.setMaxArticleSize("lots"); err == nil || ws.maxArticleBytes() != 1<<10 {
		t.Fatalf("a bad size was taken: %v, limit %d", err, ws.maxArticleBytes())
	}
	ws.importFiles([]string{p})
	if ws.library.Total() != 0 || !strings.Contains(ws.StatusText(), "long.txt is 1.4 KB, more than the 1 KB limit per article") {
		t.Fatalf("library %d, status %q", ws.library.Total(), ws.StatusText())
	}
	if err := ws.setMaxArticleSize("20MB"); err != nil {
		t.Fatal(err)
	}
	ws.importFiles([]string{p})
	if ws.library.Total() != 1 {
		t.Fatalf("with 20 MB: library %d, status %q", ws.library.Total(), ws.StatusText())
	}
}

// TestImportURLRedirectElsewhere: a page redirecting to another port is
// refused naming both URLs; with the dialog's box checked it is imported
// with the final URL as its source.
func TestImportURLRedirectElsewhere(t *testing.T) {
	page, err := os.ReadFile("../annotations/formats/html/testdata/news-ar.html")
	if err != nil {
		t.Fatal(err)
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer other.Close()
	srv := httptest.NewServer(http.RedirectHandler(other.URL+"/secret", http.StatusFound))
	defer srv.Close()
	ws, _ := newTestWorkspace(t, openDB(t)) // a real store keeps the source
	ws.importURL(srv.URL + "/news")
	if ws.library.Total() != 0 || !strings.Contains(ws.StatusText(), other.URL+"/secret") || !strings.Contains(ws.StatusText(), "another host") {
		t.Fatalf("library %d, status %q", ws.library.Total(), ws.StatusText())
	}
	ws.importURLWith(srv.URL+"/news", true)
	d := ws.sess.Document()
	if ws.library.Total() != 1 || d == nil || d.Article.Source != other.URL+"/secret" {
		t.Fatalf("library %d, document %+v, status %q", ws.library.Total(), d, ws.StatusText())
	}
}
