package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Terminal safety (issue 11, point 8): titles, sources, ids and file names
// come from imported files and web pages, and a control character in them
// printed as is would drive the terminal (ESC ]0; sets its title, ESC [2J
// clears it). Everything the command line prints for a person goes
// through termSafe or a safeWriter; the stored data and the exports keep
// the characters.

// termSafe returns s with every control character escaped: C0 controls
// (tab and newline too) and DEL as \xNN, C1 controls (U+0080–U+009F, which
// some terminals take as ESC sequences) as \u00NN, and bytes that are not
// UTF-8 as \xNN. Other text, Arabic and bidirectional marks included, is
// unchanged. It is for one field of a line, such as a title in list.
func termSafe(s string) string { return escapeControls(s, false) }

// termSafeText is termSafe keeping newlines and tabs, for messages of
// several lines.
func termSafeText(s string) string { return escapeControls(s, true) }

func escapeControls(s string, keepLines bool) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// safeWriter writes messages to w with termSafeText applied to each Write
// (the flag package and the commands write whole messages at once).
type safeWriter struct{ w io.Writer }

func (s safeWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.w, termSafeText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// jsonSafe escapes in encoding/json output the two kinds of control
// character it leaves raw, DEL and the C1 controls, as \u007f and \u0080–
// \u009f. They can only occur inside JSON strings, so the result is the
// same JSON.
func jsonSafe(b []byte) []byte {
	if !bytes.ContainsRune(b, 0x7f) && !bytes.Contains(b, []byte{0xc2}) {
		return b
	}
	var out bytes.Buffer
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.Write(b[i : i+n])
		}
		i += n
	}
	return out.Bytes()
}
