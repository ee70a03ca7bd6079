//go:build unix

package data

import (
	"errors"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/hamesh-app/hamesh/annotations"
)

// importLock is the advisory lock an import holds on PATH.import-lock for
// as long as it runs: flock(2) on the file, which also holds the running
// import's description for the message another import gets. The kernel
// drops a flock when its process dies, so a killed import leaves the file
// unlocked; whoever locks it next knows that import is dead, removes its
// staged rows and, when done, the file.
type importLock struct {
	f    *os.File
	path string
}

// importLockPath is the lock file of the database at path.
func importLockPath(path string) string { return path + ".import-lock" }

// tryLockImport takes the import lock of the database at dbPath without
// waiting. When another import holds it, l is nil and holder is that
// import's description ("" if it has not written it yet).
func tryLockImport(dbPath string) (l *importLock, holder string, err error) {
	p := importLockPath(dbPath)
	for range 10 {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, "", annotations.Failf("open the import lock %s: %w", p, err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			b, _ := io.ReadAll(io.LimitReader(f, 4096))
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, strings.TrimSpace(string(b)), nil
			}
			return nil, "", annotations.Failf("lock %s: %w", p, err)
		}
		// A finishing import removes the file while holding the lock, so
		// the file locked here may be gone from the path: lock the one there.
		var got, there syscall.Stat_t
		if syscall.Fstat(int(f.Fd()), &got) == nil && syscall.Stat(p, &there) == nil &&
			got.Dev == there.Dev && got.Ino == there.Ino {
			return &importLock{f: f, path: p}, "", nil
		}
		f.Close()
	}
	return nil, "", annotations.Failf("lock %s: the file keeps being replaced", p)
}

// describe writes what the holder is doing, for the message others get.
func (l *importLock) describe(desc string) error {
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	_, err := l.f.WriteAt([]byte(desc+"\n"), 0)
	return err
}

// release removes the lock file, while still holding it, and unlocks it.
func (l *importLock) release() {
	os.Remove(l.path)
	l.f.Close()
}
