//go:build !unix

package data

import "os"

// canWrite reports whether this process may write path. Without access(2)
// it opens a file for writing, and assumes a folder is writable.
func canWrite(path string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	return f.Close()
}
