package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/session"
)

// Errors and notes in the interface's language. The domain, the formats,
// the database and the session speak English (the command line prints
// their text as it is), but keep what they said as a format and its
// arguments: an *annotations.Error its Format and Args, an
// annotations.Note likewise, a *session.Failure what failed as a
// session.Message. TErr walks an error's chain and translates each of
// those by its format, an id of translations/*.json (i18n_test.go checks
// that every format given to annotations.Errorf and annotations.Notef in
// annotations/, annotations/formats/... and data/ is in both files), its
// arguments localised as T's are and the errors among them translated in
// turn. What comes from the system (a file that is not there, a full disk,
// a cancelled job) is translated by kind; what Hamesh cannot know (a
// message of SQLite's, of the network) stays as it came. The user's data
// in a message — file names, titles, text — is an argument and is never
// touched.

// TErr returns err's message in the interface's language ("" for nil).
func TErr(err error) (s string) {
	if err == nil {
		return ""
	}
	defer func() {
		if recover() != nil { // a nil pointer in the chain: say what fmt says
			s = fmt.Sprint(err)
		}
	}()
	return terr(err, 0)
}

// TNote returns the note n in the interface's language.
func TNote(n annotations.Note) string {
	if n.Format == "" {
		return ""
	}
	return trArgs(n.Format, n.Args)
}

// maxErrDepth bounds the walk down an error's chain (a cycle would be a
// bug, but an error dialog must still open).
const maxErrDepth = 32

func terr(err error, depth int) string {
	msg := err.Error()
	if depth > maxErrDepth {
		return msg
	}
	switch e := err.(type) {
	case *annotations.Error:
		if e.Format == "" {
			return msg
		}
		return trArgs(e.Format, e.Args)
	case *annotations.NoteError:
		return TNote(e.Note)
	case *session.Failure:
		what := TMsg(e.What)
		if e.Err == nil {
			return what
		}
		return T("%s: %v", what, terr(e.Err, depth+1))
	case *shownError:
		return terr(e.err, depth+1)
	case *fs.PathError:
		return T("%s %s: %v", TK(pathOp(e.Op)), e.Path, terr(e.Err, depth+1))
	}
	if s, ok := systemText(err); ok {
		return s
	}
	// A wrapper: its message holds its wrapped errors' (fmt.Errorf's %w,
	// errors.Join); each is translated where it stands, the rest (a
	// wrapper's own words, unknown to Hamesh) kept.
	var kids []error
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		if k := u.Unwrap(); k != nil {
			kids = []error{k}
		}
	case interface{ Unwrap() []error }:
		kids = u.Unwrap()
	}
	for _, k := range kids {
		if k != nil && k.Error() == msg { // a wrapper that adds a code or a cause, not words
			return terr(k, depth+1)
		}
	}
	var b strings.Builder
	rest := msg
	for _, k := range kids {
		if k == nil {
			continue
		}
		km := k.Error()
		i := strings.Index(rest, km)
		if km == "" || i < 0 {
			continue
		}
		b.WriteString(rest[:i])
		b.WriteString(terr(k, depth+1))
		rest = rest[i+len(km):]
	}
	b.WriteString(rest)
	return b.String()
}

// trArgs is tr for a format and arguments kept by a Fyne-free layer: a
// format the files give plural forms takes its first integer argument as
// the count.
func trArgs(format string, args []any) string {
	var count *int
	if isPlural(format) {
		for _, a := range args {
			if n, ok := asInt(a); ok {
				count = &n
				break
			}
		}
	}
	// %w (annotations.Failf's) is %v to Sprintf.
	return fmt.Sprintf(strings.ReplaceAll(lookup(format, count), "%w", "%v"), localArgs(args)...)
}

// pathOps are the operations of *fs.PathError the interface names in its
// language; another stays as Go wrote it.
var pathOps = map[string]string{
	"open": K("open"), "read": K("read"), "write": K("write"), "stat": K("stat"),
	"lstat": K("lstat"), "mkdir": K("mkdir"), "remove": K("remove"), "rename": K("rename"),
	"readdirent": K("readdirent"), "close": K("close"), "seek": K("seek"),
}

func pathOp(op string) string {
	if s, ok := pathOps[op]; ok {
		return s
	}
	return op
}

// systemText translates the system's errors Hamesh knows by kind.
func systemText(err error) (string, bool) {
	var errno syscall.Errno
	switch {
	case err == context.Canceled:
		return T("cancelled"), true
	case err == context.DeadlineExceeded:
		return T("timed out"), true
	case !errors.As(err, &errno) || errno.Error() != err.Error():
		return "", false
	case errors.Is(err, fs.ErrNotExist):
		return T("no such file or directory"), true
	case errors.Is(err, fs.ErrPermission):
		return T("permission denied"), true
	case errors.Is(err, fs.ErrExist):
		return T("file exists"), true
	case errno == syscall.ENOSPC:
		return T("no space left on device"), true
	case errno == syscall.EISDIR:
		return T("is a directory"), true
	case errno == syscall.ENOTDIR:
		return T("not a directory"), true
	case errno == syscall.EROFS:
		return T("read-only file system"), true
	}
	return "", false
}

// isPlural reports whether the interface language's file gives format
// plural forms.
func isPlural(format string) bool {
	i18nState.RLock()
	defer i18nState.RUnlock()
	return pluralIDs[i18nState.lang][format]
}

func asInt(a any) (int, bool) {
	switch v := a.(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case int32:
		return int(v), true
	case uint:
		return int(v), true
	case uint64:
		return int(v), true
	case uint32:
		return int(v), true
	}
	return 0, false
}
