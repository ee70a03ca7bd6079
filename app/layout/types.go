package layout

import "fmt"

// Direction is a base text direction: of an article, given to NewDocument
// for its paragraphs without a strong character.
//
// The values are spelled as HTML's dir attribute ("ltr", "rtl"), as the
// article formats store them, so a caller holding such a string (an
// annotations.Direction, say) converts with Direction(s); NewDocument
// refuses any other value but "", which counts as RTL.
type Direction string

// The two base directions.
const (
	LTR Direction = "ltr" // left to right
	RTL Direction = "rtl" // right to left
)

// valid reports whether d is LTR or RTL.
func (d Direction) valid() bool { return d == LTR || d == RTL }

// Error is an error returned by the engine: what failed and for which
// input. Its Kind tells the caller's mistakes from the engine's own
// failures.
type Error struct {
	Kind    ErrorKind // Invalid or Internal
	Message string    // for a person: "layout: " and what failed
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Message }

// ErrorKind classifies an Error.
type ErrorKind uint8

// The kinds of Error.
const (
	// Internal is a failure of the engine or of what it writes to: a
	// bundled font that does not parse, a writer that fails.
	Internal ErrorKind = iota
	// Invalid is bad input: text that is not UTF-8, an unknown direction,
	// options out of range, a colour that is not #rrggbb.
	Invalid
)

// errorf returns an *Error of kind k with a formatted message.
func errorf(k ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}
