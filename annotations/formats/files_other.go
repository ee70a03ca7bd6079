//go:build !unix

package formats

import "os"

// openFlags are the flags a file to import is opened with. Without unix
// O_NONBLOCK and O_NOFOLLOW, openRegular relies on its Lstat beforehand.
func openFlags(bool) int { return os.O_RDONLY }

// isLinkError reports whether err is what opening a symbolic link with
// O_NOFOLLOW gives (never, here).
func isLinkError(error) bool { return false }
