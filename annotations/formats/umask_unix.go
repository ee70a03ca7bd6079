//go:build unix

package formats

import "syscall"

// processUmask is the file mode creation mask the process started with.
// It is read once, at package initialisation and before any goroutine of
// ours writes a file, because the only way to read it is to set it.
var processUmask = func() uint32 {
	m := syscall.Umask(0o022)
	syscall.Umask(m)
	return uint32(m)
}()
