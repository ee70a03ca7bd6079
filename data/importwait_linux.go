//go:build linux

package data

import (
	"os"

	"golang.org/x/sys/unix"
)

// SQLite's busy handler polls, sleeping up to 100 ms between tries, so a
// writer of another process would rarely find the gap between two import
// batches. While an import runs, every other writer therefore says it waits:
// it holds a shared open-file-description lock on byte 1 of
// PATH.import-lock (independent of the import's flock of the whole file)
// from before BEGIN until its commit. Between two batches the import tests
// that byte and, when a writer waits, lets it go first.

// waitTurn marks a writer of the database at dbPath as waiting while an
// import runs (its lock file exists); the returned func ends that.
func waitTurn(dbPath string) func() {
	f, err := os.OpenFile(importLockPath(dbPath), os.O_RDWR, 0)
	if err != nil {
		return func() {} // no import is running
	}
	lk := unix.Flock_t{Type: unix.F_RDLCK, Whence: 0, Start: 1, Len: 1}
	if err := unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLKW, &lk); err != nil {
		f.Close()
		return func() {}
	}
	return func() { f.Close() } // closing the description releases its lock
}

// yield lets the writers waiting for the database (waitTurn) write before
// the import's next batch.
func (l *importLock) yield() {
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: 1, Len: 1}
	if err := unix.FcntlFlock(l.f.Fd(), unix.F_OFD_SETLK, &lk); err != nil {
		if err := unix.FcntlFlock(l.f.Fd(), unix.F_OFD_SETLKW, &lk); err != nil {
			return
		}
	}
	lk.Type = unix.F_UNLCK
	unix.FcntlFlock(l.f.Fd(), unix.F_OFD_SETLK, &lk)
}
