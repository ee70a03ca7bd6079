package interchange

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
)

// Lines calls fn for every non-blank line of r with its 1-based number, the
// line's bytes without the line ending, for JSONL readers. A line that is not
// valid UTF-8 or holds a lone surrogate escape (see LoneSurrogate) is refused
// with name and line number; a read failure is
// reported as EINTERNAL. fn's error stops the reading and is returned.
func Lines(r io.Reader, name string, fn func(line int, b []byte) error) error {
	br := bufio.NewReaderSize(r, 1<<16)
	for n := 1; ; n++ {
		b, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return annotations.Errorf(annotations.EINTERNAL, "%s:%d: read failed: %v", name, n, err)
		}
		if n == 1 {
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
		}
		line := bytes.TrimRight(b, "\r\n")
		if len(bytes.TrimSpace(line)) > 0 {
			if !utf8.Valid(line) {
				return annotations.Errorf(annotations.EINVALID, "%s:%d: the line is not valid UTF-8", name, n)
			}
			if col, esc := LoneSurrogate(line); col >= 0 {
				return annotations.Errorf(annotations.EINVALID, "%s:%d: lone UTF-16 surrogate escape %s at column %d: the text was cut inside an emoji or other character", name, n, esc, col+1)
			}
			if ferr := fn(n, line); ferr != nil {
				return ferr
			}
		}
		if err != nil { // io.EOF
			return nil
		}
	}
}
