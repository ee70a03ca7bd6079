package jsonl

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
)

// The encoder writes the fixed field order of article, span and relation
// (see their struct tags) by hand: the bytes are those encoding/json writes
// for them with SetEscapeHTML(false), which TestEncoderMatchesReflection
// checks, at a fraction of the cost of reflection.

// scratch is an Encoder's working space, reused from one document to the
// next so that encoding a stored document allocates nothing: the sorted
// copies of its spans and relations, its span edges' offsets, the text's
// bytes for hashing and the last time formatted.
type scratch struct {
	spans []annotations.Span
	rels  []annotations.Relation
	off   offsets
	text  []byte
	hash  hash.Hash
	// last is the last time appendTime formatted and lastText its
	// quoted RFC 3339 form: a document's spans mostly share their times
	// (an import stamps them all alike, created equals updated).
	last     time.Time
	lastText []byte
}

// release drops what sc holds of the last document (no references to the
// caller's strings and maps) and any buffer grown past keep bytes.
func (sc *scratch) release(keep int) {
	clear(sc.spans)
	clear(sc.rels)
	sc.spans, sc.rels = sc.spans[:0], sc.rels[:0]
	if cap(sc.text) > keep {
		sc.text = nil
	}
	if cap(sc.off.cps) > keep/8 {
		sc.off = offsets{}
	}
}

// appendDocument validates d and appends its line, newline included, to
// buf, using sc (which may be new) as scratch space.
func appendDocument(buf []byte, d *annotations.Document, sc *scratch) ([]byte, error) {
	a := &d.Article
	text := a.Text
	off := &sc.off
	off.reset()
	quick := true
	if d.Stored && off.edges(text, d.Spans) {
		// Read from a store: the span edges' offsets, found in one pass,
		// are enough to check it as an import would (a tampered database
		// must not yield a file Hamesh then refuses), without an index
		// of the whole text.
		if err := annotations.ValidateDocumentEdges(d, off.lookup); err != nil {
			return buf, err
		}
	} else {
		off.reset()
		if len(d.Spans) > 0 {
			off.table = annotations.NewOffsets(text)
		}
		var err error
		if quick, err = validate(d, off.table); err != nil {
			return buf, err
		}
	}
	// Strings validation checked are valid UTF-8 and need no second look;
	// should the quick checks ever disagree with ValidateDocument, every
	// string takes the careful path.
	appendValid := appendValid
	if !quick {
		appendValid = appendString
	}
	spans := d.Spans
	if !slices.IsSortedFunc(spans, compareSpans) {
		sc.spans = append(sc.spans[:0], spans...)
		spans = sc.spans
		slices.SortStableFunc(spans, compareSpans)
	}
	rels := d.Relations
	if !slices.IsSortedFunc(rels, compareRelations) {
		sc.rels = append(sc.rels[:0], rels...)
		rels = sc.rels
		slices.SortStableFunc(rels, compareRelations)
	}
	annotator := ""
	for i, s := range spans {
		if i == 0 {
			annotator = s.Annotator
		} else if s.Annotator != annotator {
			annotator = ""
			break
		}
	}

	buf = append(buf, `{"id":`...)
	buf = appendString(buf, a.ID)
	buf = append(buf, `,"title":`...)
	buf = appendValid(buf, a.Title)
	buf = append(buf, `,"text":`...)
	buf = appendValid(buf, text)
	buf = append(buf, `,"lang":`...)
	buf = appendString(buf, a.Lang)
	buf = append(buf, `,"direction":`...)
	buf = appendString(buf, string(a.Direction))
	buf = append(buf, `,"source":`...)
	buf = appendString(buf, a.Source)
	buf = append(buf, `,"status":`...)
	buf = appendString(buf, string(a.Status))
	if a.Note != "" {
		buf = append(buf, `,"note":`...)
		buf = appendString(buf, a.Note)
	}
	if annotator != "" {
		buf = append(buf, `,"annotator":`...)
		buf = appendValid(buf, annotator)
	}
	if c, rs := a.Curation, a.Rejections; c != nil || len(rs) > 0 {
		buf = append(buf, `,"curation":{`...)
		if c != nil {
			buf = append(buf, `"by":`...)
			buf = appendString(buf, c.By)
			buf = sc.appendTime(buf, `,"at":`, c.At)
		}
		if len(rs) > 0 {
			if c != nil {
				buf = append(buf, ',')
			}
			buf = append(buf, `"rejected":[`...)
			for i, r := range rs {
				if i > 0 {
					buf = append(buf, ',')
				}
				buf = append(buf, `{"unit":`...)
				buf = appendString(buf, r.Unit)
				buf = append(buf, `,"by":`...)
				buf = appendString(buf, r.By)
				buf = sc.appendTime(buf, `,"at":`, r.At)
				buf = append(buf, '}')
			}
			buf = append(buf, ']')
		}
		buf = append(buf, '}')
	}
	buf = append(buf, `,"text_sha256":"`...)
	buf = sc.appendSum(buf, text)
	buf = append(buf, `","offset_unit":"`+OffsetUnit+`","spans":[`...)
	for i := range spans {
		s := &spans[i]
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"id":`...)
		buf = appendString(buf, s.ID)
		buf = append(buf, `,"kind":`...)
		buf = appendString(buf, string(s.Kind))
		buf = append(buf, `,"label":`...)
		buf = appendValid(buf, s.Label)
		buf = append(buf, `,"start":`...)
		buf = strconv.AppendInt(buf, int64(s.Start), 10)
		buf = append(buf, `,"end":`...)
		buf = strconv.AppendInt(buf, int64(s.End), 10)
		buf = append(buf, `,"text":`...)
		buf = appendValid(buf, text[off.byte(s.Start):off.byte(s.End)])
		buf = append(buf, `,"start_utf16":`...)
		buf = strconv.AppendInt(buf, int64(off.utf16(s.Start)), 10)
		buf = append(buf, `,"end_utf16":`...)
		buf = strconv.AppendInt(buf, int64(off.utf16(s.End)), 10)
		buf = append(buf, `,"start_byte":`...)
		buf = strconv.AppendInt(buf, int64(off.byte(s.Start)), 10)
		buf = append(buf, `,"end_byte":`...)
		buf = strconv.AppendInt(buf, int64(off.byte(s.End)), 10)
		if len(s.Attributes) > 0 {
			buf = append(buf, `,"attributes":`...)
			buf = appendAttributes(buf, s.Attributes)
		}
		if s.Note != "" {
			buf = append(buf, `,"note":`...)
			buf = appendValid(buf, s.Note)
		}
		if s.Annotator != "" {
			buf = append(buf, `,"annotator":`...)
			buf = appendValid(buf, s.Annotator)
		}
		buf = sc.appendTime(buf, `,"created_at":`, s.CreatedAt)
		buf = sc.appendTime(buf, `,"updated_at":`, s.UpdatedAt)
		buf = append(buf, '}')
	}
	buf = append(buf, `],"relations":[`...)
	for i := range rels {
		r := &rels[i]
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"id":`...)
		buf = appendString(buf, r.ID)
		buf = append(buf, `,"type":`...)
		buf = appendString(buf, r.Type)
		buf = append(buf, `,"from":`...)
		buf = appendString(buf, r.From)
		buf = append(buf, `,"to":`...)
		buf = appendString(buf, r.To)
		buf = sc.appendTime(buf, `,"created_at":`, r.CreatedAt)
		buf = append(buf, '}')
	}
	buf = append(buf, ']')
	if len(d.Suggestions) > 0 {
		var err error
		if buf, err = appendSuggestions(buf, d); err != nil {
			return buf, err
		}
	}
	buf = sc.appendTime(buf, `,"created_at":`, a.CreatedAt)
	buf = sc.appendTime(buf, `,"updated_at":`, a.UpdatedAt)
	buf = append(buf, "}\n"...)
	return buf, nil
}

// appendSuggestions appends d's "suggestions" member, sorted by start,
// end, label, source and id, after checking each against the text.
func appendSuggestions(buf []byte, d *annotations.Document) ([]byte, error) {
	n := utf8.RuneCountInString(d.Article.Text)
	sugs := slices.Clone(d.Suggestions)
	slices.SortStableFunc(sugs, compareSuggestions)
	buf = append(buf, `,"suggestions":[`...)
	for i := range sugs {
		s := &sugs[i]
		if err := annotations.ValidateSuggestion(n, *s); err != nil {
			return buf, annotations.Errorf(annotations.EINVALID, "article %q: %v", d.Article.ID, err)
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"id":`...)
		buf = appendString(buf, s.ID)
		buf = append(buf, `,"label":`...)
		buf = appendString(buf, s.Label)
		buf = append(buf, `,"start":`...)
		buf = strconv.AppendInt(buf, int64(s.Start), 10)
		buf = append(buf, `,"end":`...)
		buf = strconv.AppendInt(buf, int64(s.End), 10)
		buf = append(buf, `,"source":`...)
		buf = appendString(buf, s.Source)
		buf = append(buf, `,"score":`...)
		if s.Score == nil {
			buf = append(buf, "null"...)
		} else {
			b, err := json.Marshal(*s.Score) // the bytes encoding/json writes
			if err != nil {
				return buf, annotations.Errorf(annotations.EINVALID, "article %q: suggestion %q: score %v: %v", d.Article.ID, s.ID, *s.Score, err)
			}
			buf = append(buf, b...)
		}
		status := s.Status
		if status == "" {
			status = annotations.SuggestionPending
		}
		buf = append(buf, `,"status":`...)
		buf = appendString(buf, string(status))
		if s.KBID != "" {
			buf = append(buf, `,"kb_id":`...)
			buf = appendString(buf, s.KBID)
		}
		buf = append(buf, '}')
	}
	return append(buf, ']'), nil
}

func compareSuggestions(x, y annotations.Suggestion) int {
	if c := x.Start - y.Start; c != 0 {
		return c
	}
	if c := x.End - y.End; c != 0 {
		return c
	}
	if c := strings.Compare(x.Label, y.Label); c != 0 {
		return c
	}
	if c := strings.Compare(x.Source, y.Source); c != 0 {
		return c
	}
	return strings.Compare(x.ID, y.ID)
}

// compareSpans orders spans by start, end and id; compareRelations
// relations by id.
func compareSpans(x, y annotations.Span) int {
	if x.Start != y.Start {
		return x.Start - y.Start
	}
	if x.End != y.End {
		return x.End - y.End
	}
	return strings.Compare(x.ID, y.ID)
}

func compareRelations(x, y annotations.Relation) int { return strings.Compare(x.ID, y.ID) }

// appendTime appends field and t (RFC 3339 with nanoseconds, in UTC), or
// nothing for a zero time (omitempty). The digits, signs and letters of a
// formatted time need no JSON escaping. The same instant as the last one
// reuses its text.
func (sc *scratch) appendTime(buf []byte, field string, t time.Time) []byte {
	if t.IsZero() {
		return buf
	}
	buf = append(buf, field...)
	if sc.lastText == nil || !t.Equal(sc.last) {
		sc.last = t
		sc.lastText = append(sc.lastText[:0], '"')
		sc.lastText = t.UTC().AppendFormat(sc.lastText, time.RFC3339Nano)
		sc.lastText = append(sc.lastText, '"')
	}
	return append(buf, sc.lastText...)
}

// appendSum appends the hex SHA-256 of text.
func (sc *scratch) appendSum(buf []byte, text string) []byte {
	if sc.hash == nil {
		sc.hash = sha256.New()
	}
	sc.hash.Reset()
	sc.text = append(sc.text[:0], text...)
	sc.hash.Write(sc.text)
	var sum [sha256.Size]byte
	return hex.AppendEncode(buf, sc.hash.Sum(sum[:0]))
}

// appendAttributes appends m as encoding/json writes a map[string]string:
// keys sorted.
func appendAttributes(buf []byte, m map[string]string) []byte {
	var arr [8]string
	keys := arr[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	buf = append(buf, '{')
	for i, k := range keys {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendValid(buf, k)
		buf = append(buf, ':')
		buf = appendValid(buf, m[k])
	}
	return append(buf, '}')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string exactly as encoding/json does
// with SetEscapeHTML(false): '"' and '\\' escaped, control characters as
// \b \f \n \r \t or \u00XX, U+2028 and U+2029 as \u2028 and \u2029, each
// invalid UTF-8 byte as \ufffd; everything else as is.
func appendString(buf []byte, s string) []byte {
	return appendStr(buf, s, utf8.ValidString(s))
}

// appendValid is appendString for a string already known to be valid
// UTF-8 (validation checked it).
func appendValid(buf []byte, s string) []byte { return appendStr(buf, s, true) }

func appendStr(buf []byte, s string, valid bool) []byte {
	buf = append(buf, '"')
	start := 0
	// In valid UTF-8 only U+2028 and U+2029 (E2 80 A8/A9) need a look
	// beyond the ASCII bytes, and 0xE2 is always a lead byte there; eight
	// bytes at a time are passed over while none of them is a control
	// character, '"', '\\' or 0xE2.
	for i := 0; i < len(s); {
		if valid {
			for i+8 <= len(s) && !needsLook(load64(s, i)) {
				i += 8
			}
			if i >= len(s) {
				break
			}
		}
		b := s[i]
		if b >= utf8.RuneSelf && valid {
			if b == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				buf = append(buf, s[start:i]...)
				buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xF])
				i += 3
				start = i
				continue
			}
			i++
			continue
		}
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch b {
			case '\\', '"':
				buf = append(buf, '\\', b)
			case '\b':
				buf = append(buf, '\\', 'b')
			case '\f':
				buf = append(buf, '\\', 'f')
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// Word-at-a-time byte tests (the classic "has a zero byte" bit tricks):
// lsb and msb hold 0x01 and 0x80 in every byte of a word.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// load64 returns the eight bytes of s from i as a little-endian word
// (the compiler makes it one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hasZero reports whether a byte of w is zero; hasLess whether one is
// below n (n ≤ 0x80). Neither errs when there is none, which is all the
// callers rely on.
func hasZero(w uint64) bool           { return (w-lsb)&^w&msb != 0 }
func hasLess(w uint64, n uint64) bool { return (w-n*lsb)&^w&msb != 0 }

// needsLook reports whether one of w's bytes is one appendStr must look at
// in a valid string: a control character, '"', '\\' or 0xE2.
func needsLook(w uint64) bool {
	return hasLess(w, 0x20) || hasZero(w^('"'*lsb)) || hasZero(w^('\\'*lsb)) || hasZero(w^(0xE2*lsb))
}

// validate runs the checks of annotations.ValidateDocument with the text's
// offsets built once and shared with the encoder (off may be nil when there
// are no spans). The checks are the same ones, through the same functions;
// on a failure ValidateDocument itself is asked, so the message is its own.
// quick is true when the quick checks passed.
func validate(d *annotations.Document, off *annotations.Offsets) (quick bool, err error) {
	return validateDecoded(d, off, false)
}

// validateDecoded is validate for a document whose article text is known
// to be valid UTF-8 when textUTF8 is true (fastUnmarshal checked it while
// reading the line): that one check of annotations.Article.Validate, a
// pass over the whole text, is not made twice. Every other check is.
func validateDecoded(d *annotations.Document, off *annotations.Offsets, textUTF8 bool) (quick bool, err error) {
	if quickValid(d, off, textUTF8) {
		return true, nil
	}
	return false, annotations.ValidateDocument(d)
}

// quickValid reports whether d passes every check of
// annotations.ValidateDocument (but the article text's UTF-8, when
// textUTF8 says it is known).
func quickValid(d *annotations.Document, off *annotations.Offsets, textUTF8 bool) bool {
	a := &d.Article
	if textUTF8 {
		// Article.Validate without its pass over the text: a copy of
		// the article with an empty text (a few words, not the text).
		b := *a
		b.Text = ""
		if b.Validate() != nil {
			return false
		}
	} else if a.Validate() != nil {
		return false
	}
	var small [64]string
	ids := small[:0]
	for _, s := range d.Spans {
		if s.ArticleID != "" && s.ArticleID != a.ID {
			return false
		}
		if annotations.ValidateSpan(a.Text, off, s) != nil {
			return false
		}
		if s.ID != "" {
			ids = append(ids, s.ID)
		}
	}
	slices.Sort(ids)
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return false
		}
	}
	var rsmall [16]string
	rids := rsmall[:0]
	for _, r := range d.Relations {
		if r.ArticleID != "" && r.ArticleID != a.ID {
			return false
		}
		if annotations.ValidateRelation(r) != nil {
			return false
		}
		if _, ok := slices.BinarySearch(ids, r.From); !ok {
			return false
		}
		if _, ok := slices.BinarySearch(ids, r.To); !ok {
			return false
		}
		if r.ID != "" {
			rids = append(rids, r.ID)
		}
	}
	slices.Sort(rids)
	for i := 1; i < len(rids); i++ {
		if rids[i] == rids[i-1] {
			return false
		}
	}
	return true
}

// offsets gives the byte and UTF-16 offsets of a document's span edges:
// from the text's full table, or (edges) from one walk over the text that
// notes them at the edges only.
type offsets struct {
	table *annotations.Offsets
	cps   []int // sorted edges, in code points
	b, u  []int // their byte and UTF-16 offsets
}

// reset empties o, keeping its slices for reuse.
func (o *offsets) reset() {
	o.table = nil
	o.cps, o.b, o.u = o.cps[:0], o.b[:0], o.u[:0]
}

// edges finds the byte and UTF-16 offsets of every span edge in one walk
// over text; it reports false, leaving o to be reset, if an edge lies
// outside the text or a span is empty, so the caller validates as usual.
// The walk counts lead bytes (any but 10xxxxxx) eight at a time while the
// next edge lies beyond them: for valid UTF-8 (the only text that passes
// validation) that is the code point count, and each four-byte lead adds a
// second UTF-16 unit.
func (o *offsets) edges(text string, spans []annotations.Span) bool {
	for _, s := range spans {
		if s.Start < 0 || s.End <= s.Start {
			return false
		}
		o.cps = append(o.cps, s.Start, s.End)
	}
	slices.Sort(o.cps)
	o.cps = slices.Compact(o.cps)
	o.b = slices.Grow(o.b[:0], len(o.cps))[:len(o.cps)]
	o.u = slices.Grow(o.u[:0], len(o.cps))[:len(o.cps)]
	cp, u, i := 0, 0, 0
	for k, e := range o.cps {
		for i+8 <= len(text) {
			w := load64(text, i)
			cont := bits.OnesCount64(w & msb &^ (w << 1)) // 10xxxxxx
			leads := 8 - cont
			if cp+leads > e {
				break
			}
			cp += leads
			u += leads + bits.OnesCount64(w&(w<<1)&(w<<2)&(w<<3)&msb) // 1111xxxx
			i += 8
		}
		for ; i < len(text); i++ {
			c := text[i]
			if c&0xC0 == 0x80 {
				continue
			}
			if cp == e {
				break
			}
			cp++
			u++
			if c >= 0xF0 {
				u++
			}
		}
		if cp != e {
			return false // past the end of the text
		}
		o.b[k], o.u[k] = i, u
	}
	return true
}

// lookup returns the byte offset of cp when it is one of the edges edges
// found.
func (o *offsets) lookup(cp int) (int, bool) {
	k, found := slices.BinarySearch(o.cps, cp)
	if !found {
		return 0, false
	}
	return o.b[k], true
}

func (o *offsets) byte(cp int) int {
	if o.table != nil {
		return o.table.Byte(cp)
	}
	k, _ := slices.BinarySearch(o.cps, cp)
	return o.b[k]
}

func (o *offsets) utf16(cp int) int {
	if o.table != nil {
		return o.table.UTF16(cp)
	}
	k, _ := slices.BinarySearch(o.cps, cp)
	return o.u[k]
}
