// Package jsonl reads and writes Hamesh's native dataset format: JSON Lines
// with one article per line, its spans and relations, as described in
// shared/design/formats.md.
//
// Offsets are Unicode code points ("offset_unit":"codepoint"); every span
// also carries its UTF-16 and UTF-8 byte offsets and its text, so a consumer
// in any language can check and re-anchor it. Times are RFC 3339 in UTC with
// nanoseconds kept, so decoding an encoded document gives it back unchanged,
// and encoding a decoded file gives the same bytes.
//
// Field order is fixed; spans are sorted by start, end and id, relations by
// id. The article-level "annotator" is written when every span has the same
// annotator, and on reading it fills spans that name none. Empty note,
// annotator, attributes and zero times are omitted. Relations carry their
// created_at too, when known.
//
// Hand-written files may leave out everything but "text": a missing status
// reads as todo, a missing direction is the text's first strong character's
// (annotations.DetectDirection, as every importer), missing offsets in other units and span texts are simply
// not checked.
package jsonl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

// OffsetUnit is the value of the "offset_unit" field.
const OffsetUnit = "codepoint"

// article is one line of the file. Pointers mark fields whose absence the
// decoder must tell from a zero value.
type article struct {
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	Text       *string    `json:"text"`
	Lang       string     `json:"lang"`
	Direction  string     `json:"direction"`
	Source     string     `json:"source"`
	Status     string     `json:"status"`
	Note       string     `json:"note,omitempty"`
	Annotator  string     `json:"annotator,omitempty"`
	Curation   *curation  `json:"curation,omitempty"`
	TextSHA256 string     `json:"text_sha256"`
	OffsetUnit string     `json:"offset_unit"`
	Spans      []span     `json:"spans"`
	Relations  []relation `json:"relations"`
	// Suggestions are written only when the document carries some
	// (hamesh export --with-suggestions).
	Suggestions []suggestion `json:"suggestions,omitempty"`
	CreatedAt   string       `json:"created_at,omitempty"`
	UpdatedAt   string       `json:"updated_at,omitempty"`
}

type span struct {
	ID         string            `json:"id"`
	Kind       string            `json:"kind"`
	Label      string            `json:"label"`
	Start      *int              `json:"start"`
	End        *int              `json:"end"`
	Text       *string           `json:"text,omitempty"`
	StartUTF16 *int              `json:"start_utf16,omitempty"`
	EndUTF16   *int              `json:"end_utf16,omitempty"`
	StartByte  *int              `json:"start_byte,omitempty"`
	EndByte    *int              `json:"end_byte,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Note       string            `json:"note,omitempty"`
	Annotator  string            `json:"annotator,omitempty"`
	CreatedAt  string            `json:"created_at,omitempty"`
	UpdatedAt  string            `json:"updated_at,omitempty"`
}

// suggestion is one of an article's "suggestions" (issue 15): a proposed
// span, never an annotation. score is null when the source gives none.
type suggestion struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"`
	Start  *int     `json:"start"`
	End    *int     `json:"end"`
	Source string   `json:"source"`
	Score  *float64 `json:"score"`
	Status string   `json:"status"`
	KBID   string   `json:"kb_id,omitempty"`
}

// curation is an article's "curation": who marked it curated, and when
// (both absent while it is not), and the units a curator rejected.
type curation struct {
	By       string     `json:"by,omitempty"`
	At       string     `json:"at,omitempty"`
	Rejected []rejected `json:"rejected,omitempty"`
}

// rejected is one of "curation"."rejected": a unit's identity
// (annotations.SpanUnit or RelationUnit), who rejected it, and when.
type rejected struct {
	Unit string `json:"unit"`
	By   string `json:"by"`
	At   string `json:"at"`
}

type relation struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	From      string `json:"from"`
	To        string `json:"to"`
	CreatedAt string `json:"created_at,omitempty"`
}

// Encoder writes documents as native JSONL, one line each.
type Encoder struct {
	w   io.Writer
	buf []byte
	sc  scratch
	kb  map[string]string // entry id → QID, from EncodeRegistry
}

// NewEncoder returns an encoder writing to w. Wrap w in a bufio.Writer when
// writing many documents to a file.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: w} }

// Encode validates d (annotations.ValidateDocument) and writes it as one
// line. It does not modify d.
func (e *Encoder) Encode(d *annotations.Document) error {
	var err error
	e.buf, err = appendDocument(e.buf[:0], e.withKB(d), &e.sc)
	e.sc.release(1 << 22) // keep no references to the caller's strings and maps
	if err != nil {
		return err
	}
	if _, err := e.w.Write(e.buf); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "write article %q: %v", d.Article.ID, err)
	}
	if cap(e.buf) > 1<<22 {
		e.buf = nil // do not keep one huge article's buffer
	}
	return nil
}

// Decode reads every article of a native JSONL stream; name (the file name)
// is used in messages only. Blank lines are skipped, lines of any length are
// read, unknown fields are ignored. A line is refused, with a message naming
// the file and line, when it is not valid JSON or not valid UTF-8, holds a
// lone UTF-16 surrogate escape ("\udc00"), has no text, has a text_sha256 or
// offset_unit that does not match, or has a span whose text, UTF-16 or byte
// offsets (where given) disagree with its code point offsets or fall outside
// the text; then every document must pass annotations.ValidateDocument.
// Either all documents are returned or none.
//
// Registry records (see DecodeAll) are checked and left out.
func Decode(r io.Reader, name string) ([]annotations.Document, error) {
	return decode(r, name, &annotations.Registry{})
}

// decode reads every article of r, and its registry records into reg.
func decode(r io.Reader, name string, reg *annotations.Registry) ([]annotations.Document, error) {
	dec := NewDecoder(r, name)
	dec.Registry = reg
	var docs []annotations.Document
	for {
		d, err := dec.Next()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
}

// Decoder reads a native JSONL stream one article at a time, with Decode's
// checks, so that a file of any size is read in the memory of its longest
// line.
type Decoder struct {
	br   *bufio.Reader
	name string
	line int
	// LineLimit, when positive, refuses a line longer than it (in bytes,
	// without its line break) with a *LineTooLongError, after reading at
	// most LineLimit+1 bytes of it.
	LineLimit int64
	// Registry receives the file's registry records (entries, claim
	// clusters, relation types: the lines an export writes before its
	// articles); nil: the first record makes one.
	Registry *annotations.Registry
	buf      []byte
}

// NewDecoder reads r; name (the file name) is used in messages only.
func NewDecoder(r io.Reader, name string) *Decoder {
	return &Decoder{br: bufio.NewReaderSize(r, 1<<16), name: name}
}

// Line is the number (from 1) of the line the last article or error came
// from.
func (d *Decoder) Line() int { return d.line }

// LineTooLongError is a line longer than Decoder.LineLimit.
type LineTooLongError struct {
	Name string // the file
	Line int    // the line, from 1
}

func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("%s:%d: the line is too long", e.Name, e.Line)
}

// Next returns the next article, io.EOF after the last, or an error (EINVALID)
// naming the file and line. Blank lines are skipped.
func (d *Decoder) Next() (annotations.Document, error) {
	for {
		line, err := d.readLine()
		if err != nil {
			return annotations.Document{}, err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		line = bytes.TrimRight(line, "\r\n")
		// A line the fast reader takes has only an article's keys: it is
		// no registry record, and recordKind need not look.
		var a article
		fast := fastPath && fastUnmarshal(line, &a)
		if kind := ""; !fast {
			if kind, _ = recordKind(line); kind != "" {
				if d.Registry == nil {
					d.Registry = &annotations.Registry{}
				}
				if rerr := decodeRecord(kind, line, d.Registry); rerr != nil {
					return annotations.Document{}, annotations.Errorf(annotations.EINVALID, "%s:%d: %s", d.name, d.line, rerr)
				}
				continue
			}
		}
		doc, derr := decodeArticle(line, &a, fast)
		if derr != nil {
			return annotations.Document{}, annotations.Errorf(annotations.EINVALID, "%s:%d: %s", d.name, d.line, derr)
		}
		dropKB(&doc)
		return doc, nil
	}
}

// readLine reads the next line (with its line break), io.EOF when there is
// none. The slice is valid until the next call.
func (d *Decoder) readLine() ([]byte, error) {
	d.line++
	d.buf = d.buf[:0]
	for {
		part, err := d.br.ReadSlice('\n')
		d.buf = append(d.buf, part...)
		if d.LineLimit > 0 && int64(len(bytes.TrimRight(d.buf, "\r\n"))) > d.LineLimit {
			return nil, &LineTooLongError{Name: d.name, Line: d.line}
		}
		switch {
		case err == nil:
			return d.buf, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(d.buf) == 0 {
				d.line--
				return nil, io.EOF
			}
			return d.buf, nil
		default:
			return nil, annotations.Errorf(annotations.EINVALID, "%s:%d: cannot read: %v", d.name, d.line, err)
		}
	}
}

// errorf is what is wrong with one line, which the reader prefixes with
// the file and line number; an *annotations.Error so that the GUI can
// translate it.
func errorf(format string, args ...any) error {
	return annotations.Errorf(annotations.EINVALID, format, args...)
}

// fastPath is false in tests that compare decodeLine with and without
// fastUnmarshal.
var fastPath = true

func decodeLine(line []byte) (annotations.Document, error) {
	var a article
	fast := fastPath && fastUnmarshal(line, &a)
	return decodeArticle(line, &a, fast)
}

// decodeArticle is decodeLine for a line fastUnmarshal has been tried on:
// fast tells whether it took the line, and a holds what it read.
func decodeArticle(line []byte, ap *article, fast bool) (annotations.Document, error) {
	var d annotations.Document
	a := *ap
	// The fast reader accepts only lines that are valid UTF-8 without a
	// lone surrogate escape, so the checks below, in this order, are for
	// the lines it leaves to encoding/json.
	if !fast {
		if !utf8.Valid(line) {
			return d, errorf("not valid UTF-8 (bad byte at column %d)", interchange.FirstInvalidUTF8(line)+1)
		}
		if col, esc := interchange.LoneSurrogate(line); col >= 0 {
			return d, errorf("lone UTF-16 surrogate escape %s at column %d: the text was cut inside an emoji or other character", esc, col+1)
		}
		a = article{}
		if err := json.Unmarshal(line, &a); err != nil {
			return d, errorf("not a valid JSON article: %v", jsonError(line, err))
		}
	}
	if a.Text == nil {
		return d, errorf("article %q has no \"text\"", a.ID)
	}
	text := *a.Text
	if i := strings.IndexByte(text, 0); i >= 0 {
		return d, errorf("article %q: the text holds a NUL character (\\u0000) at code point %d: a binary file or a broken export", a.ID, utf8.RuneCountInString(text[:i]))
	}
	if a.TextSHA256 != "" && !strings.EqualFold(a.TextSHA256, annotations.TextHash(text)) {
		return d, errorf("article %q: text_sha256 %s does not match its text (sha256 %s)", a.ID, a.TextSHA256, annotations.TextHash(text))
	}
	if a.OffsetUnit != "" && a.OffsetUnit != OffsetUnit {
		return d, errorf("article %q: offset_unit %q is not supported (want %q)", a.ID, a.OffsetUnit, OffsetUnit)
	}
	if a.Status == "" {
		a.Status = string(annotations.StatusTodo)
	}
	if a.Direction == "" {
		a.Direction = string(annotations.DetectDirection(text))
	}
	var err error
	d.Article = annotations.Article{
		ID: a.ID, Title: a.Title, Text: text, Lang: a.Lang,
		Direction: annotations.Direction(a.Direction), Source: a.Source,
		Status: annotations.Status(a.Status), Note: a.Note,
	}
	if d.Article.CreatedAt, err = parseTime(a.CreatedAt, "article", a.ID, "created_at"); err != nil {
		return d, err
	}
	if d.Article.UpdatedAt, err = parseTime(a.UpdatedAt, "article", a.ID, "updated_at"); err != nil {
		return d, err
	}
	if d.Article.Curation, d.Article.Rejections, err = decodeCuration(a.ID, a.Curation); err != nil {
		return d, err
	}
	// The index of the text is for the spans' and suggestions' edges; a
	// bare article (a plain import) needs none.
	var off *annotations.Offsets
	n := 0
	if len(a.Spans) > 0 || len(a.Suggestions) > 0 {
		off = annotations.NewOffsets(text)
		n = off.Len()
	}
	for i, s := range a.Spans {
		// The span's name is made only for a message: most spans have none.
		if s.Start == nil || s.End == nil {
			return d, errorf("article %q: %s has no start or end", a.ID, spanName(i, s))
		}
		st, en := *s.Start, *s.End
		if st < 0 || en < st || en > n {
			return d, errorf("article %q: %s [%d,%d) is outside the text (length %d code points)", a.ID, spanName(i, s), st, en, n)
		}
		if s.Text != nil {
			if got := off.Slice(text, st, en); got != *s.Text {
				return d, errorf("article %q: %s [%d,%d) has text %q but the article text there is %q", a.ID, spanName(i, s), st, en, *s.Text, got)
			}
		}
		for _, c := range []struct {
			name string
			got  *int
			conv func(int) int
			cp   int
		}{
			{"start_utf16", s.StartUTF16, off.UTF16, st},
			{"end_utf16", s.EndUTF16, off.UTF16, en},
			{"start_byte", s.StartByte, off.Byte, st},
			{"end_byte", s.EndByte, off.Byte, en},
		} {
			if c.got != nil && *c.got != c.conv(c.cp) {
				return d, errorf("article %q: %s has %s %d but code point %d is at %d", a.ID, spanName(i, s), c.name, *c.got, c.cp, c.conv(c.cp))
			}
		}
		sp := annotations.Span{
			ID: s.ID, ArticleID: a.ID, Kind: annotations.Kind(s.Kind), Label: s.Label,
			Start: st, End: en, Attributes: s.Attributes, Note: s.Note, Annotator: s.Annotator,
		}
		if sp.Annotator == "" {
			sp.Annotator = a.Annotator
		}
		if sp.CreatedAt, err = parseTime(s.CreatedAt, "span", s.ID, "created_at"); err != nil {
			return d, err
		}
		if sp.UpdatedAt, err = parseTime(s.UpdatedAt, "span", s.ID, "updated_at"); err != nil {
			return d, err
		}
		d.Spans = append(d.Spans, sp)
	}
	for _, r := range a.Relations {
		rel := annotations.Relation{ID: r.ID, ArticleID: a.ID, Type: r.Type, From: r.From, To: r.To}
		if rel.CreatedAt, err = parseTime(r.CreatedAt, "relation", r.ID, "created_at"); err != nil {
			return d, err
		}
		d.Relations = append(d.Relations, rel)
	}
	for i, sg := range a.Suggestions {
		name := annotations.Notef("suggestion #%d", i+1)
		if sg.ID != "" {
			name = annotations.Notef("suggestion \"%s\"", sg.ID)
		}
		if sg.Start == nil || sg.End == nil {
			return d, errorf("article %q: %s has no start or end", a.ID, name)
		}
		if sg.Status == "" {
			sg.Status = string(annotations.SuggestionPending)
		}
		s := annotations.Suggestion{ID: sg.ID, ArticleID: a.ID, Start: *sg.Start, End: *sg.End, Label: sg.Label,
			Source: sg.Source, Score: sg.Score, Status: annotations.SuggestionStatus(sg.Status), KBID: sg.KBID}
		if err := annotations.ValidateSuggestion(n, s); err != nil {
			return d, errorf("article %q: %s: %v", a.ID, name, err)
		}
		d.Suggestions = append(d.Suggestions, s)
	}
	var voff *annotations.Offsets
	if len(d.Spans) > 0 {
		voff = off
	}
	if _, err := validateDecoded(&d, voff, fast); err != nil {
		return d, err
	}
	return d, nil
}

// spanName names span i in a message: a note, so that the GUI can
// translate it.
func spanName(i int, s span) annotations.Note {
	if s.ID != "" {
		return annotations.Notef("span \"%s\"", s.ID)
	}
	return annotations.Notef("span #%d", i+1)
}

func itoa(i int) string { return strconv.Itoa(i) }

func parseTime(s, what, id, field string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errorf("%s %q: %s %q is not an RFC 3339 time", what, id, field, s)
	}
	return t.UTC(), nil
}

// jsonError adds the column to encoding/json's syntax errors.
func jsonError(line []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Error() + " at column " + itoa(int(se.Offset))
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return "field " + te.Field + " holds a JSON " + te.Value + ", want " + te.Type.String()
	}
	return err.Error()
}

// decodeCuration checks an article's "curation": by must be an annotator's
// name (annotations.ValidAnnotatorName), at an RFC 3339 time, both absent
// in a curation that only holds rejections; each of "rejected" a unit
// (annotations.ValidUnit), once, with by and at alike.
func decodeCuration(id string, c *curation) (*annotations.Curation, []annotations.Rejection, error) {
	if c == nil {
		return nil, nil, nil
	}
	var rs []annotations.Rejection
	for i, r := range c.Rejected {
		field := fmt.Sprintf("curation.rejected[%d]", i)
		if err := annotations.ValidUnit(r.Unit); err != nil {
			return nil, nil, errorf("article %q: %s.unit: %v", id, field, err)
		}
		if err := annotations.ValidAnnotatorName(r.By); err != nil {
			return nil, nil, errorf("article %q: %s.by: %v", id, field, err)
		}
		if r.At == "" {
			return nil, nil, errorf("article %q: %s has no \"at\" time", id, field)
		}
		at, err := parseTime(r.At, "article", id, field+".at")
		if err != nil {
			return nil, nil, err
		}
		rs = append(rs, annotations.Rejection{Unit: r.Unit, By: r.By, At: at})
	}
	if err := annotations.ValidateRejections(rs); err != nil {
		return nil, nil, errorf("article %q: curation.rejected: %v", id, err)
	}
	if c.By == "" && c.At == "" && len(rs) > 0 {
		return nil, rs, nil // rejections only: not curated
	}
	if err := annotations.ValidAnnotatorName(c.By); err != nil {
		return nil, nil, errorf("article %q: curation.by: %v", id, err)
	}
	if c.At == "" {
		return nil, nil, errorf("article %q: curation has no \"at\" time", id)
	}
	at, err := parseTime(c.At, "article", id, "curation.at")
	if err != nil {
		return nil, nil, err
	}
	return &annotations.Curation{By: c.By, At: at}, rs, nil
}
