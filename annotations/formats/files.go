package formats

import (
	"errors"
	"io/fs"
	"os"

	"github.com/hamesh-app/hamesh/annotations"
)

// kindOf names a file type that is not a regular file, for messages.
func kindNote(m fs.FileMode) annotations.Note {
	switch {
	case m&fs.ModeSymlink != 0:
		return annotations.Notef("a symbolic link")
	case m&fs.ModeNamedPipe != 0:
		return annotations.Notef("a FIFO (named pipe)")
	case m&fs.ModeSocket != 0:
		return annotations.Notef("a socket")
	case m&fs.ModeCharDevice != 0:
		return annotations.Notef("a character device")
	case m&fs.ModeDevice != 0:
		return annotations.Notef("a block device")
	case m.IsDir():
		return annotations.Notef("a directory")
	}
	return annotations.Notef("not a regular file")
}

// kindOf is kindNote in English.
func kindOf(m fs.FileMode) string { return kindNote(m).String() }

// errLink is returned (wrapped) by openRegular for a symbolic link when
// links are not followed.
var errLink = errors.New("symbolic link")

// openRegular opens path for reading if it is a regular file, and refuses
// anything else (FIFO, device, socket, directory) at once, without ever
// blocking or reading from it: the file is opened non-blocking and its type
// is checked on the open descriptor (fstat), so it cannot be swapped in
// between. With nofollow, a symbolic link is refused too (its error wraps
// errLink). The returned info is the open file's.
func openRegular(path string, nofollow bool) (*os.File, fs.FileInfo, error) {
	if nofollow {
		// Lstat first for a clear message (and where O_NOFOLLOW is missing).
		if st, err := os.Lstat(path); err == nil && st.Mode()&fs.ModeSymlink != 0 {
			return nil, nil, &linkError{annotations.Errorf(annotations.EINVALID, "%s is a symbolic link; links in an imported folder or brat pair are not followed (nothing was read from it)", path)}
		}
	} else if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		// Stat does not open: refuse a FIFO or device before touching it.
		return nil, nil, notRegular(path, st.Mode())
	}
	f, err := os.OpenFile(path, openFlags(nofollow), 0)
	if err != nil {
		if isLinkError(err) {
			return nil, nil, &linkError{annotations.Errorf(annotations.EINVALID, "%s is a symbolic link; links in an imported folder or brat pair are not followed (nothing was read from it)", path)}
		}
		return nil, nil, annotations.Errorf(annotations.EINVALID, "cannot read %s: %v", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, annotations.Errorf(annotations.EINVALID, "cannot read %s: %v", path, err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, notRegular(path, st.Mode())
	}
	return f, st, nil
}

// notRegular is the refusal of a path that is not a regular file.
func notRegular(path string, m fs.FileMode) error {
	return annotations.Errorf(annotations.EINVALID, "%s is %s, not a regular file; only regular files are imported (nothing was read from it)", path, kindNote(m))
}

// linkError is openRegular's refusal of a symbolic link: an
// *annotations.Error that also unwraps to errLink.
type linkError struct{ err *annotations.Error }

// Error returns the message meant for a person.
func (e *linkError) Error() string { return e.err.Error() }

// Unwrap returns the domain error and errLink.
func (e *linkError) Unwrap() []error { return []error{e.err, errLink} }
