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
	CreatedAt  string     `json:"created_at,omitempty"`
	UpdatedAt  string     `json:"updated_at,omitempty"`
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

// curation is an article's "curation": who marked it curated, and when.
type curation struct {
	By string `json:"by"`
	At string `json:"at"`
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
	w     io.Writer
	buf   []byte
	spans []annotations.Span
	rels  []annotations.Relation
	kb    map[string]string // entry id → QID, from EncodeRegistry
}

// NewEncoder returns an encoder writing to w. Wrap w in a bufio.Writer when
// writing many documents to a file.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: w} }

// Encode validates d (annotations.ValidateDocument) and writes it as one
// line. It does not modify d.
func (e *Encoder) Encode(d *annotations.Document) error {
	var err error
	e.buf, e.spans, e.rels, err = appendDocument(e.buf[:0], e.withKB(d), e.spans, e.rels)
	clear(e.spans) // keep no references to the caller's strings and maps
	clear(e.rels)
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

func decode(r io.Reader, name string, reg *annotations.Registry) ([]annotations.Document, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var docs []annotations.Document
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, annotations.Errorf(annotations.EINVALID, "%s:%d: cannot read: %v", name, lineNo, err)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			line := bytes.TrimRight(line, "\r\n")
			if kind, _ := recordKind(line); kind != "" {
				if rerr := decodeRecord(kind, line, reg); rerr != nil {
					return nil, annotations.Errorf(annotations.EINVALID, "%s:%d: %s", name, lineNo, rerr.Error())
				}
				if err != nil {
					return docs, nil
				}
				continue
			}
			d, derr := decodeLine(line)
			if derr != nil {
				return nil, annotations.Errorf(annotations.EINVALID, "%s:%d: %s", name, lineNo, derr.Error())
			}
			dropKB(&d)
			docs = append(docs, d)
		}
		if err != nil { // io.EOF
			return docs, nil
		}
	}
}

type lineError string

func (e lineError) Error() string { return string(e) }

func errorf(format string, args ...any) error {
	return lineError(fmt.Sprintf(format, args...))
}

func decodeLine(line []byte) (annotations.Document, error) {
	var d annotations.Document
	if !utf8.Valid(line) {
		return d, errorf("not valid UTF-8 (bad byte at column %d)", interchange.FirstInvalidUTF8(line)+1)
	}
	if col, esc := interchange.LoneSurrogate(line); col >= 0 {
		return d, errorf("lone UTF-16 surrogate escape %s at column %d: the text was cut inside an emoji or other character", esc, col+1)
	}
	var a article
	if !fastUnmarshal(line, &a) {
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
	if d.Article.Curation, err = decodeCuration(a.ID, a.Curation); err != nil {
		return d, err
	}
	off := annotations.NewOffsets(text)
	n := off.Len()
	for i, s := range a.Spans {
		sn := spanName(i, s)
		if s.Start == nil || s.End == nil {
			return d, errorf("article %q: %s has no start or end", a.ID, sn)
		}
		st, en := *s.Start, *s.End
		if st < 0 || en < st || en > n {
			return d, errorf("article %q: %s [%d,%d) is outside the text (length %d code points)", a.ID, sn, st, en, n)
		}
		if s.Text != nil {
			if got := off.Slice(text, st, en); got != *s.Text {
				return d, errorf("article %q: %s [%d,%d) has text %q but the article text there is %q", a.ID, sn, st, en, *s.Text, got)
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
				return d, errorf("article %q: %s has %s %d but code point %d is at %d", a.ID, sn, c.name, *c.got, c.cp, c.conv(c.cp))
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
	var voff *annotations.Offsets
	if len(d.Spans) > 0 {
		voff = off
	}
	if _, err := validate(&d, voff); err != nil {
		return d, lineError(err.Error())
	}
	return d, nil
}

func spanName(i int, s span) string {
	if s.ID != "" {
		return "span \"" + s.ID + "\""
	}
	return "span #" + itoa(i+1)
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
// name (annotations.ValidAnnotatorName), at an RFC 3339 time.
func decodeCuration(id string, c *curation) (*annotations.Curation, error) {
	if c == nil {
		return nil, nil
	}
	if err := annotations.ValidAnnotatorName(c.By); err != nil {
		return nil, errorf("article %q: curation.by: %v", id, err)
	}
	if c.At == "" {
		return nil, errorf("article %q: curation has no \"at\" time", id)
	}
	at, err := parseTime(c.At, "article", id, "curation.at")
	if err != nil {
		return nil, err
	}
	return &annotations.Curation{By: c.By, At: at}, nil
}
