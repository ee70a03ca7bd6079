package data

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	sqlite3 "github.com/mattn/go-sqlite3"
)

// mapErrTests pin the classification of driver errors, which goes by the
// extended result code alone: the driver's message plays no part.
var mapErrTests = []struct {
	name string
	err  error
	code string
}{
	{"Unique", sqlite3.Error{Code: sqlite3.ErrConstraint, ExtendedCode: sqlite3.ErrConstraintUnique}, annotations.ECONFLICT},
	{"PrimaryKey", sqlite3.Error{Code: sqlite3.ErrConstraint, ExtendedCode: sqlite3.ErrConstraintPrimaryKey}, annotations.ECONFLICT},
	{"ForeignKey", sqlite3.Error{Code: sqlite3.ErrConstraint, ExtendedCode: sqlite3.ErrConstraintForeignKey}, annotations.EINVALID},
	{"Check", sqlite3.Error{Code: sqlite3.ErrConstraint, ExtendedCode: sqlite3.ErrConstraintCheck}, annotations.EINVALID},
	{"DataType", sqlite3.Error{Code: sqlite3.ErrConstraint, ExtendedCode: errConstraintDataType}, annotations.EINVALID},
	{"BusySnapshot", sqlite3.Error{Code: sqlite3.ErrBusy, ExtendedCode: sqlite3.ErrBusySnapshot}, annotations.ECONFLICT},
	{"Busy", sqlite3.Error{Code: sqlite3.ErrBusy, ExtendedCode: sqlite3.ErrNoExtended(sqlite3.ErrBusy)}, annotations.EINTERNAL},
	{"NotADB", sqlite3.Error{Code: sqlite3.ErrNotADB, ExtendedCode: sqlite3.ErrNoExtended(sqlite3.ErrNotADB)}, annotations.EINVALID},
	{"Wrapped", fmt.Errorf("exec: %w", sqlite3.Error{Code: sqlite3.ErrConstraint, ExtendedCode: sqlite3.ErrConstraintUnique}), annotations.ECONFLICT},
	{"Domain", annotations.Errorf(annotations.ENOTFOUND, "span %q not found", "x"), annotations.ENOTFOUND},
	{"Canceled", context.Canceled, annotations.EINTERNAL},
}

func TestMapErr(t *testing.T) {
	for _, tt := range mapErrTests {
		t.Run(tt.name, func(t *testing.T) {
			err := mapErr("do something to \"x\"", tt.err)
			if got := annotations.ErrorCode(err); got != tt.code {
				t.Fatalf("code %q (%v), want %q", got, err, tt.code)
			}
			var ae *annotations.Error
			if !errors.As(tt.err, &ae) && !errors.Is(err, tt.err) { // domain errors are re-made with the operation
				t.Errorf("the cause is lost: %v", err)
			}
			if msg := err.Error(); len(msg) < len("do something") || msg[:len("do something")] != "do something" {
				t.Errorf("message %q does not start with the operation", msg)
			}
		})
	}
	if mapErr("op", nil) != nil {
		t.Error("mapErr(nil) is not nil")
	}
}
