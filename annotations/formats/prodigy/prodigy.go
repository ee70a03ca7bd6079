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
// token of its own) and, as spaCy tokenises, whitespace other than one
// space after a token is a token of its own: "ws" is true when exactly one
// space follows a token (or a space begins a longer run, the rest of which
// is the next token), so a line break or a paragraph break is a token
// "\n" or "\n\n" and the token before it has "ws": false. Joining every
// token's text, plus a space where "ws" is true, gives the text back
// exactly. A token that a span starts or ends inside (a proclitic left out
// of an entity) is split at the span's edge, so every span starts on its
// token_start's first character and ends on its token_end's last, and
// Prodigy's token-based manual interfaces show and save it unchanged; the
// export counts the split tokens in a warning. token_start and token_end
// are inclusive.
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
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

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
	Status    string `json:"status,omitempty"`
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

// Tokens returns the Prodigy tokens of text (see the package comment).
func Tokens(text string) []Token {
	toks, _ := splitTokens(text, nil)
	return toks
}

// splitTokens returns the Prodigy tokens of text, each word token split at
// the code-point offsets in edges that fall inside it, and how many tokens
// were split.
func splitTokens(text string, edges map[int]bool) ([]Token, int) {
	// A token's text is a slice of the text, found through its offsets
	// table; a text that is not valid UTF-8 (never one an export
	// validated) takes the code points' copy, whose invalid bytes read as
	// U+FFFD.
	var runes []rune
	var off *annotations.Offsets
	if utf8.ValidString(text) {
		off = annotations.NewOffsets(text)
	} else {
		runes = []rune(text)
	}
	n := len(runes)
	if off != nil {
		n = off.Len()
	}
	var out []Token
	add := func(start, end int) {
		var t string
		if off != nil {
			t = text[off.Byte(start):off.Byte(end)]
		} else {
			t = string(runes[start:end])
		}
		out = append(out, Token{Text: t, Start: start, End: end, ID: len(out)})
	}
	isSpace := func(cp int) bool {
		if off != nil {
			return text[off.Byte(cp)] == ' '
		}
		return runes[cp] == ' '
	}
	// gap adds what lies between the previous token (or the start) and
	// offset end, beginning at start: one space is the previous token's
	// ws; anything else is a token of its own.
	gap := func(start, end int) {
		if start >= end {
			return
		}
		if isSpace(start) && len(out) > 0 {
			out[len(out)-1].WS = true
			start++
		}
		if start < end {
			add(start, end)
		}
	}
	// The edges in order, walked alongside the tokens.
	cuts := make([]int, 0, len(edges))
	for e := range edges {
		cuts = append(cuts, e)
	}
	slices.Sort(cuts)
	split, prev, k := 0, 0, 0
	for _, r := range annotations.Tokens(text) {
		gap(prev, r.Start)
		start := r.Start
		cut := false
		for k < len(cuts) && cuts[k] <= r.Start {
			k++
		}
		for ; k < len(cuts) && cuts[k] < r.End; k++ {
			add(start, cuts[k])
			start, cut = cuts[k], true
		}
		if cut {
			split++
		}
		add(start, r.End)
		prev = r.End
	}
	gap(prev, n)
	return out, split
}

// blank reports whether a token is whitespace (or invisible controls) only.
func blank(t Token) bool {
	for _, r := range t.Text {
		if !unicode.IsSpace(r) && !annotations.IsInvisibleControl(r) {
			return false
		}
	}
	return true
}

// tokenRange returns the first and last word tokens [start, end) touches.
func tokenRange(toks []Token, start, end int) (int, int, bool) {
	first, last := -1, -1
	for i, t := range toks {
		if t.End > start && t.Start < end && !blank(t) {
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
type Encoder struct {
	w     io.Writer
	split int // tokens split at span edges, for the export's warning
}

// NewEncoder returns an encoder writing to w.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: w} }

// Encode writes doc as one task line.
func (e *Encoder) Encode(doc *annotations.Document) error {
	a := doc.Article
	off := annotations.NewOffsets(a.Text)
	edges := map[int]bool{}
	for _, s := range doc.Spans {
		edges[s.Start], edges[s.End] = true, true
	}
	toks, split := splitTokens(a.Text, edges)
	e.split += split
	t := task{Text: a.Text, Tokens: toks, Spans: []span{}, Relations: []relation{}, Answer: "accept",
		Meta: meta{Source: a.Source, Title: a.Title, ArticleID: a.ID, Status: string(a.Status)}}
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

// Options tune an export.
type Options struct {
	Warn func(annotations.Note) // told how many tokens were split at span edges; nil: not told
}

// Export writes docs to w, one task per line.
func Export(w io.Writer, docs []annotations.Document) error {
	return ExportOptions(w, docs, Options{})
}

// ExportOptions writes docs to w, one task per line, and tells opts.Warn how
// many tokens it split where a span starts or ends inside them.
func ExportOptions(w io.Writer, docs []annotations.Document, opts Options) error {
	enc := NewEncoder(w)
	for i := range docs {
		if err := enc.Encode(&docs[i]); err != nil {
			return err
		}
	}
	if enc.split > 0 && opts.Warn != nil {
		opts.Warn(annotations.Notef("split %d tokens where a span starts or ends inside them (a clitic left out of an entity), so that Prodigy shows and saves every span exactly; those tokens differ from a tokenizer's", enc.split))
	}
	return nil
}
