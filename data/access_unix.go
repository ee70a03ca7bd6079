//go:build unix

package data

import "syscall"

// canWrite reports whether this process may write path (a file, or a
// folder: create and remove files in it), by access(2): it answers for the
// real permissions, root's included, and for read-only file systems.
func canWrite(path string) error {
	return syscall.Access(path, 2) // W_OK
}
