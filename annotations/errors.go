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
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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
