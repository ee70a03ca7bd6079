//go:build unix

package formats

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// readQuickly reads path as format with opts and fails the test when that
// takes more than two seconds (a read blocked on a FIFO or device never
// returns: the test then ends at its time-out, not here).
func readQuickly(t *testing.T, path, format string, opts ReadOptions) (*Input, error) {
	t.Helper()
	type result struct {
		in  *Input
		err error
	}
	done := make(chan result, 1)
	go func() {
		in, err := ReadWith(context.Background(), path, format, nil, opts)
		done <- result{in, err}
	}()
	select {
	case r := <-done:
		return r.in, r.err
	case <-time.After(2 * time.Second):
		t.Fatalf("reading %s as %s did not return within 2 s", path, format)
		return nil, nil
	}
}

// wantRefused checks that err is an EINVALID error whose message holds every
// one of wants.
func wantRefused(t *testing.T, what string, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s was read, want it refused", what)
	}
	if code := annotations.ErrorCode(err); code != annotations.EINVALID {
		t.Errorf("%s: code %s, want EINVALID: %v", what, code, err)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: message %q does not say %q", what, err, w)
		}
	}
}

// TestSpecialFilesRefused gives Read a FIFO named x.txt (no writer: opening
// it for reading would block), /dev/zero (reading it never ends), /dev/null
// and a socket, as auto and as an explicit format: each is refused at once,
// naming the file and what it is.
func TestSpecialFilesRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	sock := filepath.Join(dir, "s.jsonl")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, tc := range []struct{ path, kind string }{
		{fifo, "FIFO"}, {"/dev/zero", "character device"}, {"/dev/null", "character device"}, {sock, "socket"},
	} {
		if _, err := os.Stat(tc.path); err != nil {
			continue
		}
		for _, format := range []string{"auto", "txt", "jsonl", "brat"} {
			_, err := readQuickly(t, tc.path, format, ReadOptions{})
			wantRefused(t, tc.path+" as "+format, err, tc.path, tc.kind, "not a regular file")
		}
	}
	// The FIFO through a link, given directly, is refused the same way.
	link := filepath.Join(dir, "link.txt")
	os.Symlink(fifo, link)
	_, err = readQuickly(t, link, "auto", ReadOptions{})
	wantRefused(t, "a link to a FIFO", err, "FIFO")
}

// TestFolderDoesNotFollowLinks reads a brat folder holding passwd.txt, a
// link to /etc/passwd (and a secret file outside the folder), zero.txt, a
// link to /dev/zero, a FIFO fifo.txt, a linked folder and a linked .ann:
// only the real documents are imported, and a warning counts and names
// what was skipped. Nothing of the linked files' contents is read.
func TestFolderDoesNotFollowLinks(t *testing.T) {
	root := t.TempDir()
	secret := filepath.Join(root, "secret.txt")
	os.WriteFile(secret, []byte("SECRET KEY\n"), 0o600)
	dir := filepath.Join(root, "bratdir")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Julian Assange met Donald Trump Jr.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.ann"), []byte("T1\tPERS 0 14\tJulian Assange\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Second article.\n"), 0o644)
	os.Symlink(secret, filepath.Join(dir, "b.ann")) // a linked .ann: b is read unannotated
	os.Symlink(secret, filepath.Join(dir, "passwd.txt"))
	os.Symlink("/etc/passwd", filepath.Join(dir, "etc.txt"))
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt"))
	os.Symlink(root, filepath.Join(dir, "up")) // a linked folder: not entered
	syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644)

	// b.ann given directly: its partner b.txt is real, so it reads; a pair
	// whose .txt is a link is refused.
	os.WriteFile(filepath.Join(root, "c.ann"), nil, 0o644)
	os.Symlink("/etc/passwd", filepath.Join(root, "c.txt"))
	_, err := readQuickly(t, filepath.Join(root, "c.ann"), "auto", ReadOptions{})
	wantRefused(t, "a brat pair whose .txt is a link", err, "c.txt is a symbolic link", "not followed")

	in, err := readQuickly(t, dir, "auto", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Documents) != 2 {
		t.Fatalf("read %d documents, want a and b", len(in.Documents))
	}
	for _, d := range in.Documents {
		if strings.Contains(d.Article.Text, "SECRET") || strings.Contains(d.Article.Text, "root:") {
			t.Fatalf("a linked file was read: %q", d.Article.Text)
		}
	}
	if len(in.Documents[0].Spans) != 1 || len(in.Documents[1].Spans) != 0 {
		t.Errorf("spans %d and %d, want 1 and 0 (b's .ann is a link)", len(in.Documents[0].Spans), len(in.Documents[1].Spans))
	}
	warn := strings.Join(in.Warnings, "\n")
	for _, w := range []string{"skipped 6 entries", "5 symbolic links", "passwd.txt (a symbolic link)", "etc.txt", "zero.txt", "up (a symbolic link)", "b.ann", "fifo.txt (a FIFO (named pipe))", "does not follow links"} {
		if !strings.Contains(warn, w) {
			t.Errorf("warnings %q do not say %q", warn, w)
		}
	}
}

// TestDirectoryMustBeBrat refuses, without --format brat, a directory that
// is not a brat collection (a tree of .txt files such as /usr/share), and
// reads it with --format brat; /usr/share itself, where it exists, is
// refused at once.
func TestDirectoryMustBeBrat(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "doc", "pkg"), 0o755)
	for i := range 20 {
		os.WriteFile(filepath.Join(dir, "doc", "pkg", strings.Repeat("r", i+1)+".txt"), []byte("a readme\n"), 0o644)
	}
	_, err := readQuickly(t, dir, "auto", ReadOptions{})
	wantRefused(t, "a folder of .txt files", err, dir, "not a brat collection", "--format brat", "nothing was read")
	in, err := readQuickly(t, dir, "brat", ReadOptions{})
	if err != nil || len(in.Documents) != 20 {
		t.Fatalf("--format brat: %v", err)
	}
	if _, err := os.Stat("/usr/share"); err == nil {
		start := time.Now()
		_, err := ReadWith(context.Background(), "/usr/share", "auto", nil, ReadOptions{})
		wantRefused(t, "/usr/share", err, "/usr/share", "not a brat collection")
		if took := time.Since(start); took > time.Second {
			t.Errorf("refusing /usr/share took %s", took)
		}
	}
	// A brat folder is one by its .ann files, annotation.conf or metadata.
	os.WriteFile(filepath.Join(dir, "annotation.conf"), []byte("[entities]\nPERS\n"), 0o644)
	if _, err := readQuickly(t, dir, "auto", ReadOptions{}); err != nil {
		t.Errorf("a folder with annotation.conf: %v", err)
	}
}

// TestArticleLimitEveryFormat sets a 1 KB limit per article and gives every
// importer an article of 2 KB: each is refused naming the file (and line
// for JSON lines) and the limit; the same files are read with the default
// limit.
func TestArticleLimitEveryFormat(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("قال الوزير ", 70) // 1.4 KB: over 1 KB, and its lines within 2 KB
	para := "<p>" + long + "</p>"
	files := map[string]string{
		"a.txt":         long,
		"a.md":          long,
		"page.html":     "<html><head><title>t</title></head><body><article>" + para + "</article></body></html>",
		"a.jsonl":       `{"text": "short"}` + "\n" + `{"text": "` + long + `"}` + "\n",
		"doccano.jsonl": `{"text": "` + long + `", "label": []}` + "\n",
		"prodigy.jsonl": `{"text": "` + long + `", "spans": [], "_input_hash": 1}` + "\n",
		"ls.json":       `[{"data": {"text": "` + long + `"}}]`,
		"brat/x.txt":    long,
		"brat/x.ann":    "",
		"conll.conll":   strings.Repeat("قال\tO\n", 400),
		"pair/y.txt":    long,
		"pair/y.ann":    "",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	small := ReadOptions{MaxArticleBytes: 1 << 10}
	for _, tc := range []struct{ path, format, place string }{
		{"a.txt", "auto", "a.txt is 1.4 KB, more than the 1 KB limit per article"},
		{"a.md", "auto", "a.md is 1.4 KB"},
		{"page.html", "auto", "page.html: article 1"},
		{"a.jsonl", "auto", "a.jsonl:2: article 2 has"},
		{"doccano.jsonl", "doccano", "doccano.jsonl:1: article 1"},
		{"prodigy.jsonl", "prodigy", "prodigy.jsonl:1: article 1"},
		{"ls.json", "auto", "ls.json: article 1"},
		{"brat", "auto", "x.txt is 1.4 KB"},
		{"pair/y.ann", "auto", "y.txt is 1.4 KB"},
		{"pair/y.txt", "brat", "y.txt is 1.4 KB"},
		{"conll.conll", "auto", "conll.conll: article 1"},
	} {
		p := filepath.Join(dir, tc.path)
		_, err := readQuickly(t, p, tc.format, small)
		wantRefused(t, tc.path, err, tc.place, "1 KB limit")
		if _, err := readQuickly(t, p, tc.format, ReadOptions{}); err != nil {
			t.Errorf("%s with the default limit: %v", tc.path, err)
		}
	}
	// A JSON line over twice the limit is refused at that line.
	_, err := readQuickly(t, filepath.Join(dir, "a.jsonl"), "auto", ReadOptions{MaxArticleBytes: 512})
	wantRefused(t, "a long line", err, "a.jsonl:2: the line is longer than the 1 KB limit per line (twice the 512 bytes limit per article")
}

// TestHugeFilesNotLoaded gives Read a 200 MB .txt, a 200 MB one-line
// .jsonl and a 200 MB HTML page (sparse files): each is refused with the
// limit named, and far less than the file is ever held in memory.
func TestHugeFilesNotLoaded(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, want string }{
		{"big.txt", "big.txt is 200 MB, more than the 20 MB limit per article"},
		{"big.html", "big.html is 200 MB, more than the 40 MB limit per HTML file"},
		{"big.jsonl", "big.jsonl:1: the line is longer than the 40 MB limit per line"},
		{"big", "big is 200 MB, more than the 20 MB limit"},
	} {
		p := filepath.Join(dir, tc.name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("{")
		if err := f.Truncate(200 << 20); err != nil {
			t.Fatal(err)
		}
		f.Close()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err = readQuickly(t, p, "auto", ReadOptions{})
		runtime.ReadMemStats(&after)
		if tc.name == "big" {
			tc.want = "big:1: the line is longer than the 40 MB limit" // '{' reads as JSON lines
		}
		wantRefused(t, tc.name, err, tc.want)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100<<20 {
			t.Errorf("%s: %d MB allocated to refuse a 200 MB file", tc.name, alloc>>20)
		}
	}
}

// TestReadCancelled stops reading a JSON lines file and a brat folder when
// the context is cancelled: the error says which and matches
// context.Canceled, and nothing is returned.
func TestReadCancelled(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "many.jsonl")
	os.WriteFile(p, []byte(strings.Repeat(`{"text": "Amman said"}`+"\n", 1000)), 0o644)
	bratdir := filepath.Join(dir, "brat")
	os.Mkdir(bratdir, 0o755)
	os.WriteFile(filepath.Join(bratdir, "a.txt"), []byte("Amman said\n"), 0o644)
	os.WriteFile(filepath.Join(bratdir, "a.ann"), nil, 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, path := range []string{p, bratdir, filepath.Join(bratdir, "a.txt")} {
		in, err := ReadWith(ctx, path, "auto", nil, ReadOptions{})
		if in != nil || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s with a cancelled context: %v", path, err)
		}
	}
}
