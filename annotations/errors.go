package annotations

import (
	"errors"
	"fmt"
)

// Error codes carried by *Error. They let callers (the GUI, the command line)
// decide how to react without parsing messages.
const (
	EINVALID  = "invalid"   // bad input: malformed file, span outside its text...
	ENOTFOUND = "not_found" // an id that does not exist
	ECONFLICT = "conflict"  // the operation clashes with existing data
	EINTERNAL = "internal"  // a bug or an I/O failure
)

// Error is a domain error with a machine-readable code and a message meant for
// a person: it says what failed and for which input.
//
// Message is the English text (what Error returns, and what the command line
// prints). Format and Args are what Message was made from, kept so that the
// GUI can show the message in its own language: Format is the message's
// translation id (the English fmt format), Args its arguments, which may
// themselves be errors (translated in turn). An Error made without Errorf
// has no Format; it is shown as its Message.
type Error struct {
	Code    string
	Message string
	Format  string
	Args    []any
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and formatted message,
// keeping format and args (see Error).
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Note is a sentence for a person that is not an error: a warning about data
// an import skipped or read approximately, a note on what a bring-in did.
// Like Error it keeps its English fmt format (its translation id) and its
// arguments, so that the GUI can show it in its own language; String is the
// English text.
type Note struct {
	Format string
	Args   []any
}

// Notef returns the note of format and args.
func Notef(format string, args ...any) Note { return Note{Format: format, Args: args} }

// String returns the note in English.
func (n Note) String() string {
	if len(n.Args) == 0 {
		return n.Format
	}
	return fmt.Sprintf(n.Format, n.Args...)
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// NoteError is an error without a code (ErrorCode gives EINTERNAL, as for
// any error that is not an *Error) whose message, like a Note's, keeps its
// format and arguments for the GUI to translate. Failf makes it.
type NoteError struct {
	Note Note
	err  error // fmt.Errorf's: the message and what %w wraps
}

// Failf is fmt.Errorf (its message, and %w wrapping what it wraps) for a
// message the GUI translates: a detail that a caller puts into an *Error,
// or an error that has no code.
func Failf(format string, args ...any) error {
	return &NoteError{Note: Notef(format, args...), err: fmt.Errorf(format, args...)}
}

// Error returns the message in English.
func (e *NoteError) Error() string { return e.err.Error() }

// Unwrap returns what the format's %w wrapped.
func (e *NoteError) Unwrap() []error {
	switch u := e.err.(type) {
	case interface{ Unwrap() error }:
		if w := u.Unwrap(); w != nil {
			return []error{w}
		}
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	}
	return nil
}
