//go:build unix

package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runBinary runs the built hamesh with args and fails the test when it does
// not end within 10 s (an import blocked on a FIFO or /dev/zero).
func runBinary(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	bin := hameshBinary(t) // built before the clock starts
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HAMESH_DB=")
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("hamesh %s did not return within 10 s", strings.Join(args, " "))
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("hamesh %s took %s", strings.Join(args, " "), took)
	}
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// articleCount is how many articles hamesh list --json prints for db.
func articleCount(t *testing.T, db string) int {
	t.Helper()
	return strings.Count(mustRun(t, "list", "--db", db, "--json"), `"id":`)
}

// TestImportSpecialFilesReturnPromptly runs hamesh import on /dev/zero, a
// FIFO named x.txt with no writer, and a FIFO inside a brat folder: each
// returns at once with exit status 1 and a message naming the file, and
// nothing is imported.
func TestImportSpecialFilesReturnPromptly(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "import", "--db", db, "testdata/mixed.jsonl")
	fifo := filepath.Join(dir, "x.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO: %v", err)
	}
	for _, tc := range []struct{ path, kind string }{
		{"/dev/zero", "a character device"}, {fifo, "a FIFO (named pipe)"},
	} {
		for _, format := range []string{"auto", "txt"} {
			code, _, errs := runBinary(t, "import", "--db", db, "--format", format, tc.path)
			if code != 1 {
				t.Fatalf("import %s: exit %d, want 1 (%s)", tc.path, code, errs)
			}
			for _, want := range []string{tc.path + " is " + tc.kind + ", not a regular file", "nothing was imported"} {
				if !strings.Contains(errs, want) {
					t.Errorf("import %s: message %q does not say %q", tc.path, errs, want)
				}
			}
		}
	}
	if n := articleCount(t, db); n != 2 {
		t.Errorf("%d articles after the refused imports, want 2", n)
	}
}

// TestImportFolderSkipsLinks imports a brat folder whose passwd.txt links
// to a secret file and whose zero.txt links to /dev/zero: the real
// document is imported, the links are skipped with a warning that counts
// them, and the export holds nothing of the linked files.
func TestImportFolderSkipsLinks(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	secret := filepath.Join(dir, "id_rsa")
	os.WriteFile(secret, []byte("-----BEGIN PRIVATE KEY-----\n"), 0o600)
	bratdir := filepath.Join(dir, "bratdir")
	os.Mkdir(bratdir, 0o755)
	os.WriteFile(filepath.Join(bratdir, "a.txt"), []byte("Julian Assange met Donald Trump Jr.\n"), 0o644)
	os.WriteFile(filepath.Join(bratdir, "a.ann"), []byte("T1\tPERS 0 14\tJulian Assange\n"), 0o644)
	os.Symlink(secret, filepath.Join(bratdir, "passwd.txt"))
	os.Symlink("/dev/zero", filepath.Join(bratdir, "zero.txt"))

	code, out, errs := runBinary(t, "import", "--db", db, bratdir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "1 new articles") {
		t.Errorf("import said %q, want 1 new article", out)
	}
	for _, want := range []string{"warning: skipped 2 entries", "2 symbolic links", "passwd.txt (a symbolic link)", "zero.txt"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q does not say %q", errs, want)
		}
	}
	if export := mustRun(t, "export", "--db", db, "-o", "-"); strings.Contains(export, "PRIVATE KEY") {
		t.Fatalf("the export holds the linked file:\n%s", export)
	}
}

// TestImportDirectoryRefused imports a folder that is not a brat
// collection (and /usr/share where it exists): refused at once with a
// message saying so, nothing imported.
func TestImportDirectoryRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	docs := filepath.Join(dir, "docs", "sub")
	os.MkdirAll(docs, 0o755)
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		os.WriteFile(filepath.Join(docs, n), []byte("a readme\n"), 0o644)
	}
	paths := []string{filepath.Join(dir, "docs")}
	if _, err := os.Stat("/usr/share"); err == nil {
		paths = append(paths, "/usr/share")
	}
	for _, p := range paths {
		code, _, errs := runBinary(t, "import", "--db", db, p)
		if code != 1 || !strings.Contains(errs, p+" is a directory and not a brat collection") {
			t.Errorf("import %s: exit %d, %q", p, code, errs)
		}
	}
	if n := articleCount(t, db); n != 0 {
		t.Errorf("%d articles imported from directories, want 0", n)
	}
}

// TestImportMaxArticleSize refuses a 3 KB text with --max-article-size 2KB
// (naming the file and the limit, the database unchanged), reads it with
// the default 20 MB, and refuses an unreadable size as a usage error.
func TestImportMaxArticleSize(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	p := filepath.Join(dir, "long.txt")
	os.WriteFile(p, []byte(strings.Repeat("قال الوزير ", 150)), 0o644) // 3 KB
	code, _, errs := hamesh(t, nil, "import", "--db", db, "--max-article-size", "2KB", "testdata/mixed.jsonl", p)
	if code != 1 || !strings.Contains(errs, p+" is 2.9 KB, more than the 2 KB limit per article") || !strings.Contains(errs, "nothing was imported") {
		t.Fatalf("exit %d, %q", code, errs)
	}
	if n := articleCount(t, db); n != 0 {
		t.Errorf("%d articles after a refused import, want 0", n)
	}
	mustRun(t, "import", "--db", db, p)
	if code := run([]string{"import", "--db", db, "--max-article-size", "lots", p}, strings.NewReader(""), &strings.Builder{}, &strings.Builder{}); code != 2 {
		t.Errorf("--max-article-size lots: exit %d, want 2", code)
	}
}

// TestImportRedirects imports a URL that redirects to another port:
// refused naming both URLs; with --follow-redirects-anywhere it is
// imported with the final URL as its source.
func TestImportRedirects(t *testing.T) {
	page := "<html><head><title>خبر</title></head><body><article>" + strings.Repeat("<p>قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في عمّان.</p>", 6) + "</article></body></html>"
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	defer other.Close()
	srv := httptest.NewServer(http.RedirectHandler(other.URL+"/secret", http.StatusFound))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "h.db")
	code, _, errs := hamesh(t, nil, "import", "--db", db, srv.URL+"/news")
	if code != 1 || !strings.Contains(errs, other.URL+"/secret") || !strings.Contains(errs, srv.URL+"/news") || !strings.Contains(errs, "--follow-redirects-anywhere") {
		t.Fatalf("exit %d, %q", code, errs)
	}
	mustRun(t, "import", "--db", db, "--follow-redirects-anywhere", srv.URL+"/news")
	if export := mustRun(t, "export", "--db", db, "-o", "-"); !strings.Contains(export, `"source":"`+other.URL+`/secret"`) {
		t.Errorf("the source is not the final URL:\n%s", export)
	}
}
