//go:build !unix

package data

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// importLock is the lock an import holds on PATH.import-lock. Without
// flock(2) it is the file's existence (created exclusively), so a killed
// import leaves it behind: the message then says to remove it.
type importLock struct {
	f    *os.File
	path string
}

// importLockPath is the lock file of the database at path.
func importLockPath(path string) string { return path + ".import-lock" }

// tryLockImport takes the import lock of the database at dbPath without
// waiting. When the file exists, l is nil and holder is its description.
func tryLockImport(dbPath string) (l *importLock, holder string, err error) {
	p := importLockPath(dbPath)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		b, _ := os.ReadFile(p)
		b, _ = io.ReadAll(io.LimitReader(strings.NewReader(string(b)), 4096))
		return nil, strings.TrimSpace(string(b)) + "; if no import runs, remove " + p, nil
	}
	if err != nil {
		return nil, "", annotations.Failf("create the import lock %s: %w", p, err)
	}
	return &importLock{f: f, path: p}, "", nil
}

// describe writes what the holder is doing, for the message others get.
func (l *importLock) describe(desc string) error {
	_, err := l.f.WriteAt([]byte(desc+"\n"), 0)
	return err
}

// release removes the lock file.
func (l *importLock) release() {
	l.f.Close()
	os.Remove(l.path)
}
