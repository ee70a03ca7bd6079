package data

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
)

// The export query hands each article's spans and relations over as one
// JSON array of row arrays, built by SQLite (json_group_array of
// json_array): [["id","entity","PERS",3,9,"{}","","mona","…","…"],…]. The
// tables are STRICT, so every value is a string or an integer (a span's
// times are either, see migration 0008); rowReader
// reads exactly that shape, and anything else is reported as malformed.

// rowReader walks one such array. Strings without escapes are substrings
// of the array's text (no copy).
type rowReader struct {
	s   string
	i   int
	bad bool
}

func (r *rowReader) skipSpace() {
	for r.i < len(r.s) {
		switch r.s[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// expect consumes c (after optional white space) or marks the input bad.
func (r *rowReader) expect(c byte) {
	r.skipSpace()
	if r.i < len(r.s) && r.s[r.i] == c {
		r.i++
		return
	}
	r.bad = true
}

// next reports whether another element follows in the current array,
// consuming the separating comma; first is true for the array's first
// element. It consumes the closing bracket when none follows.
func (r *rowReader) next(first bool) bool {
	r.skipSpace()
	if r.bad || r.i >= len(r.s) {
		r.bad = true
		return false
	}
	if r.s[r.i] == ']' {
		r.i++
		return false
	}
	if !first {
		r.expect(',')
	}
	return !r.bad
}

// str reads a string value.
func (r *rowReader) str() string {
	r.expect('"')
	if r.bad {
		return ""
	}
	start := r.i
	q := strings.IndexByte(r.s[start:], '"')
	if q < 0 {
		r.bad = true
		return ""
	}
	v := r.s[start : start+q]
	if b := strings.IndexByte(v, '\\'); b >= 0 {
		r.i = start + b
		return r.escaped(start)
	}
	r.i = start + q + 1
	return v
}

// escaped finishes a string that holds escapes, from its start.
func (r *rowReader) escaped(start int) string {
	var b strings.Builder
	b.WriteString(r.s[start:r.i])
	for r.i < len(r.s) {
		c := r.s[r.i]
		switch {
		case c == '"':
			r.i++
			return b.String()
		case c != '\\':
			b.WriteByte(c)
			r.i++
			continue
		}
		if r.i+1 >= len(r.s) {
			break
		}
		e := r.s[r.i+1]
		r.i += 2
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			c1, ok := r.hex4()
			if !ok {
				return ""
			}
			if utf16.IsSurrogate(c1) && r.i+1 < len(r.s) && r.s[r.i] == '\\' && r.s[r.i+1] == 'u' {
				save := r.i
				r.i += 2
				if c2, ok := r.hex4(); ok {
					if d := utf16.DecodeRune(c1, c2); d != utf8.RuneError {
						b.WriteRune(d)
						continue
					}
				}
				r.bad = false
				r.i = save
			}
			b.WriteRune(c1) // a lone surrogate writes U+FFFD
		default:
			r.bad = true
			return ""
		}
	}
	r.bad = true
	return ""
}

func (r *rowReader) hex4() (rune, bool) {
	if r.i+4 > len(r.s) {
		r.bad = true
		return 0, false
	}
	v, err := strconv.ParseUint(r.s[r.i:r.i+4], 16, 32)
	if err != nil {
		r.bad = true
		return 0, false
	}
	r.i += 4
	return rune(v), true
}

// int reads an integer value.
func (r *rowReader) int() int {
	r.skipSpace()
	start := r.i
	if r.i < len(r.s) && r.s[r.i] == '-' {
		r.i++
	}
	for r.i < len(r.s) && r.s[r.i] >= '0' && r.s[r.i] <= '9' {
		r.i++
	}
	v, err := strconv.Atoi(r.s[start:r.i])
	if err != nil {
		r.bad = true
	}
	return v
}

// spanTime reads a span time as stored (migration 0008): an integer
// count of nanoseconds (int64) or a string.
func (r *rowReader) spanTime() any {
	r.skipSpace()
	if r.i < len(r.s) && r.s[r.i] == '"' {
		return r.str()
	}
	start := r.i
	if r.i < len(r.s) && r.s[r.i] == '-' {
		r.i++
	}
	for r.i < len(r.s) && r.s[r.i] >= '0' && r.s[r.i] <= '9' {
		r.i++
	}
	v, err := strconv.ParseInt(r.s[start:r.i], 10, 64)
	if err != nil {
		r.bad = true
	}
	return v
}

// decodeSpanRows turns the export query's span array of an article into
// spans, in the array's order; nil for none.
func decodeSpanRows(articleID, s string) ([]annotations.Span, error) {
	r := &rowReader{s: s}
	r.expect('[')
	var out []annotations.Span
	if s != "[]" {
		// One row array per span; a "],[" inside a string only
		// over-counts.
		out = make([]annotations.Span, 0, strings.Count(s, "],[")+1)
	}
	var times lastTime
	for first := true; r.next(first); first = false {
		var sp annotations.Span
		var attrs string
		var created, updated any
		r.expect('[')
		sp.ID = r.str()
		r.expect(',')
		sp.ArticleID = articleID
		sp.Kind = annotations.Kind(r.str())
		r.expect(',')
		sp.Label = r.str()
		r.expect(',')
		sp.Start = r.int()
		r.expect(',')
		sp.End = r.int()
		r.expect(',')
		attrs = r.str()
		r.expect(',')
		sp.Note = r.str()
		r.expect(',')
		sp.Annotator = r.str()
		r.expect(',')
		created = r.spanTime()
		r.expect(',')
		updated = r.spanTime()
		r.expect(']')
		if r.bad {
			break
		}
		var err error
		if sp.Attributes, err = decodeAttributes(attrs); err != nil {
			return nil, err
		}
		if sp.CreatedAt, err = times.parse(created); err != nil {
			return nil, err
		}
		if sp.UpdatedAt, err = times.parse(updated); err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	if r.bad {
		return nil, malformedRows("spans", articleID, s, r.i)
	}
	return out, nil
}

// lastTime is parseTime that remembers the last time it parsed: the spans
// of an article mostly share their times (an import stamps them all alike,
// and a span's created and updated times start equal).
type lastTime struct {
	s string
	t time.Time
}

func (l *lastTime) parse(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok { // integer nanoseconds (migration 0008), nothing to parse
		return readSpanTime(v)
	}
	if s == l.s && s != "" {
		return l.t, nil
	}
	t, err := parseTime(s)
	if err == nil {
		l.s, l.t = s, t
	}
	return t, err
}

// decodeRelationRows is decodeSpanRows for relations.
func decodeRelationRows(articleID, s string) ([]annotations.Relation, error) {
	r := &rowReader{s: s}
	r.expect('[')
	var out []annotations.Relation
	for first := true; r.next(first); first = false {
		var rel annotations.Relation
		r.expect('[')
		rel.ID = r.str()
		r.expect(',')
		rel.ArticleID = articleID
		rel.Type = r.str()
		r.expect(',')
		rel.From = r.str()
		r.expect(',')
		rel.To = r.str()
		r.expect(',')
		created := r.str()
		r.expect(']')
		if r.bad {
			break
		}
		var err error
		if rel.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, rel)
	}
	if r.bad {
		return nil, malformedRows("relations", articleID, s, r.i)
	}
	return out, nil
}

func malformedRows(what, articleID, s string, at int) error {
	near := s[min(at, len(s)):]
	if len(near) > 40 {
		near = near[:40]
	}
	return annotations.Errorf(annotations.EINTERNAL, "the stored %s of article %q read back malformed at byte %d (near %q)", what, articleID, at, near)
}
