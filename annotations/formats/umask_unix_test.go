//go:build unix

package formats

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// withUmask runs f with the process umask (and processUmask) set to m.
func withUmask(t *testing.T, m uint32, f func()) {
	t.Helper()
	old := syscall.Umask(int(m))
	saved := processUmask
	processUmask = m
	defer func() {
		syscall.Umask(old)
		processUmask = saved
	}()
	f()
}

func writeHello(w io.Writer) error {
	_, err := io.WriteString(w, "hello\n")
	return err
}

// TestExportFollowsUmask: a new export file gets 0666 less the umask, a new
// export folder 0777 less the umask, and a file that is replaced keeps its
// own permissions. Before, every export was 0600 and every folder 0700.
func TestExportFollowsUmask(t *testing.T) {
	dir := t.TempDir()
	withUmask(t, 0o022, func() {
		p := filepath.Join(dir, "new.jsonl")
		if err := WriteFile(p, nil, writeHello); err != nil {
			t.Fatal(err)
		}
		assertMode(t, p, 0o644)

		old := filepath.Join(dir, "old.jsonl")
		if err := os.WriteFile(old, []byte("x"), 0o640); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(old, 0o640); err != nil {
			t.Fatal(err)
		}
		if err := WriteFile(old, nil, writeHello); err != nil {
			t.Fatal(err)
		}
		assertMode(t, old, 0o640)

		d := filepath.Join(dir, "set")
		if err := writeDir(d, func(tmp string) error {
			return os.WriteFile(filepath.Join(tmp, "a.txt"), []byte("a"), 0o644)
		}); err != nil {
			t.Fatal(err)
		}
		assertMode(t, d, 0o755)
	})
	withUmask(t, 0o077, func() {
		p := filepath.Join(dir, "private.jsonl")
		if err := WriteFile(p, nil, writeHello); err != nil {
			t.Fatal(err)
		}
		assertMode(t, p, 0o600)
	})
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != want {
		t.Errorf("%s: mode %o, want %o", filepath.Base(path), got, want)
	}
}
