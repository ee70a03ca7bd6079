// Package prodigy reads and writes Prodigy's JSONL task format for spans and
// relations (what ner.manual, spans.manual and rel.manual save and db-out
// exports): one article per line with its text, every token of it, the
// spans and the relations, offsets in code points (Prodigy counts Python
// string indices).
//
//	{"text":"...","tokens":[{"text":"Julian","start":18,"end":24,"id":3,"ws":true},...],
//	 "spans":[{"start":18,"end":32,"token_start":3,"token_end":4,"label":"PERS","text":"Julian Assange"}],
//	 "relations":[{"head":12,"child":4,"head_span":{...},"child_span":{...},"label":"claimant"}],
//	 "_input_hash":-1233423,"_task_hash":98231,"_view_id":"relations","answer":"accept",
//	 "meta":{"source":"...","title":"...","article_id":"..."}}
//
// Tokens are annotations.Tokens (UAX #29 words with each punctuation mark a
// token of its own, whitespace dropped); "ws" says whether whitespace follows
// the token. A span's token_start and token_end (inclusive) are the first and
// last tokens it touches: a span that cuts a token (a proclitic left out) keeps
// its exact start and end and covers the whole token in token terms.
//
// A relation's head is the span it comes from (a claim) and its child the
// span it points to (the claimant); "head" and "child" are the indexes of the
// last token of each span, as Prodigy's relations interface attaches arcs,
// and head_span/child_span carry both spans in full.
//
// _input_hash and _task_hash stand in for Prodigy's MurmurHash-based hashes:
// they are 32-bit FNV-1a hashes read as signed integers, _input_hash of the
// text and _task_hash of the input hash with the spans' ranges and labels and
// the relations, so the same text and annotations always give the same
// hashes, and Prodigy's dedup by hash works across exports.
//
// Claim attributes and notes, which Prodigy has no place for, ride along on
// each span as "attributes" (an object of strings) and "note"; Prodigy keeps
// extra keys, so they survive db-in/db-out and the importer reads them back.
package prodigy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"unicode"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

// Limits is the README section on what the Prodigy export cannot hold.
const Limits = `Prodigy JSONL holds the text, its tokens, spans with labels, code-point
ranges and token indexes, and relations between spans. Claim attributes and
span notes travel as the extra span keys "attributes" and "note", which
Prodigy keeps but does not show. Span kinds, annotators and timestamps are not
exported (the importer infers kinds from the label scheme). _input_hash and
_task_hash are FNV-1a hashes, not Prodigy's own MurmurHash values: stable
across exports, but Prodigy would hash the same text differently.`

// Token is one token of a task.
type Token struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	ID    int    `json:"id"`
	WS    bool   `json:"ws"`
}

// SpanRef is a span as a relation's head_span or child_span gives it.
type SpanRef struct {
	Start      int    `json:"start"`
	End        int    `json:"end"`
	TokenStart int    `json:"token_start"`
	TokenEnd   int    `json:"token_end"`
	Label      string `json:"label"`
}

type span struct {
	Start      int               `json:"start"`
	End        int               `json:"end"`
	TokenStart int               `json:"token_start"`
	TokenEnd   int               `json:"token_end"`
	Label      string            `json:"label"`
	Text       string            `json:"text"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Note       string            `json:"note,omitempty"`
}

type relation struct {
	Head      int     `json:"head"`
	Child     int     `json:"child"`
	HeadSpan  SpanRef `json:"head_span"`
	ChildSpan SpanRef `json:"child_span"`
	Label     string  `json:"label"`
}

type meta struct {
	Source    string `json:"source,omitempty"`
	Title     string `json:"title,omitempty"`
	ArticleID string `json:"article_id,omitempty"`
}

type task struct {
	Text      string     `json:"text"`
	Tokens    []Token    `json:"tokens"`
	Spans     []span     `json:"spans"`
	Relations []relation `json:"relations"`
	InputHash int32      `json:"_input_hash"`
	TaskHash  int32      `json:"_task_hash"`
	ViewID    string     `json:"_view_id"`
	Answer    string     `json:"answer"`
	Meta      meta       `json:"meta"`
}

// Tokens returns the Prodigy tokens of text.
func Tokens(text string) []Token {
	runes := []rune(text)
	rs := annotations.Tokens(text)
	out := make([]Token, len(rs))
	for i, r := range rs {
		out[i] = Token{Text: string(runes[r.Start:r.End]), Start: r.Start, End: r.End, ID: i,
			WS: r.End < len(runes) && unicode.IsSpace(runes[r.End])}
	}
	return out
}

// tokenRange returns the first and last tokens [start, end) touches.
func tokenRange(toks []Token, start, end int) (int, int, bool) {
	first, last := -1, -1
	for i, t := range toks {
		if t.End > start && t.Start < end {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last, first >= 0
}

// InputHash returns the _input_hash of a task with text.
func InputHash(text string) int32 {
	h := fnv.New32a()
	h.Write([]byte(text))
	return int32(h.Sum32())
}

func taskHash(input int32, spans []span, rels []relation) int32 {
	h := fnv.New32a()
	h.Write([]byte(strconv.Itoa(int(input))))
	for _, s := range spans {
		fmt.Fprintf(h, "|%d,%d,%s", s.Start, s.End, s.Label)
	}
	for _, r := range rels {
		fmt.Fprintf(h, "|%d,%d,%d,%d,%s", r.HeadSpan.Start, r.HeadSpan.End, r.ChildSpan.Start, r.ChildSpan.End, r.Label)
	}
	return int32(h.Sum32())
}

// Encoder writes documents as Prodigy JSONL lines.
type Encoder struct{ w io.Writer }

// NewEncoder returns an encoder writing to w.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: w} }

// Encode writes doc as one task line.
func (e *Encoder) Encode(doc *annotations.Document) error {
	a := doc.Article
	off := annotations.NewOffsets(a.Text)
	t := task{Text: a.Text, Tokens: Tokens(a.Text), Spans: []span{}, Relations: []relation{}, Answer: "accept",
		Meta: meta{Source: a.Source, Title: a.Title, ArticleID: a.ID}}
	refs := map[string]SpanRef{}
	for _, s := range interchange.SortSpans(doc.Spans) {
		if !interchange.CheckRange(s.Start, s.End, off.Len()) {
			return annotations.Errorf(annotations.EINVALID, "prodigy export: article %q: span %q [%d,%d) is outside its text of %d code points", a.ID, s.ID, s.Start, s.End, off.Len())
		}
		ts, te, ok := tokenRange(t.Tokens, s.Start, s.End)
		if !ok {
			return annotations.Errorf(annotations.EINVALID, "prodigy export: article %q: span %q [%d,%d) covers no token (only whitespace)", a.ID, s.ID, s.Start, s.End)
		}
		t.Spans = append(t.Spans, span{Start: s.Start, End: s.End, TokenStart: ts, TokenEnd: te, Label: s.Label,
			Text: off.Slice(a.Text, s.Start, s.End), Attributes: s.Attributes, Note: s.Note})
		refs[s.ID] = SpanRef{Start: s.Start, End: s.End, TokenStart: ts, TokenEnd: te, Label: s.Label}
	}
	for _, r := range doc.Relations {
		head, ok1 := refs[r.From]
		child, ok2 := refs[r.To]
		if !ok1 || !ok2 {
			return annotations.Errorf(annotations.EINVALID, "prodigy export: article %q: relation %q links spans %q and %q, not both in the article", a.ID, r.ID, r.From, r.To)
		}
		t.Relations = append(t.Relations, relation{Head: head.TokenEnd, Child: child.TokenEnd, HeadSpan: head, ChildSpan: child, Label: r.Type})
	}
	t.InputHash = InputHash(a.Text)
	t.TaskHash = taskHash(t.InputHash, t.Spans, t.Relations)
	t.ViewID = "spans_manual"
	if len(t.Relations) > 0 {
		t.ViewID = "relations"
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "prodigy export: article %q: %v", a.ID, err)
	}
	if _, err := e.w.Write(buf.Bytes()); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "prodigy export: %v", err)
	}
	return nil
}

// Export writes docs to w, one task per line.
func Export(w io.Writer, docs []annotations.Document) error {
	enc := NewEncoder(w)
	for i := range docs {
		if err := enc.Encode(&docs[i]); err != nil {
			return err
		}
	}
	return nil
}
