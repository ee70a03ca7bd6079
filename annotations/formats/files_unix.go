//go:build unix

package formats

import (
	"os"
	"syscall"
)

// openFlags are the flags a file to import is opened with: O_NONBLOCK so
// that opening a FIFO without a writer returns at once (it is then refused
// by its type), and O_NOFOLLOW when nofollow is set, so that a symbolic
// link is not opened at all.
func openFlags(nofollow bool) int {
	fl := os.O_RDONLY | syscall.O_NONBLOCK
	if nofollow {
		fl |= syscall.O_NOFOLLOW
	}
	return fl
}

// isLinkError reports whether err is what opening a symbolic link with
// O_NOFOLLOW gives.
func isLinkError(err error) bool {
	pe, ok := err.(*os.PathError)
	return ok && pe.Err == syscall.ELOOP
}
