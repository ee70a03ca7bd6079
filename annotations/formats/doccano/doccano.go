// Package doccano reads and writes doccano's JSONL for sequence labelling:
// one article per line, offsets in code points (doccano counts Python string
// indices).
//
// Without relations doccano's form is
//
//	{"id":1,"text":"...","label":[[17,25,"PERS"],[29,44,"CLAIM"]]}
//
// and with relations (a "relation extraction" project) it is
//
//	{"id":1,"text":"...","entities":[{"id":1,"label":"PERS","start_offset":17,"end_offset":25}],
//	 "relations":[{"id":1,"from_id":2,"to_id":1,"type":"claimant"}]}
//
// The exporter also writes article_id, title, source and status keys, which
// doccano keeps as the example's metadata and the importer reads back.
// Limits says what the format cannot hold.
//
// Which form an export takes is Options.Form: Labels (plain), which every
// sequence-labelling project imports; EntitiesRelations, which only a
// project with "Use relation labeling" imports (a plain project answers
// "Column label not found" and imports no span); or Auto, which writes
// EntitiesRelations when the exported articles hold relations and Labels
// otherwise, and says in a warning which it chose and what the doccano
// project needs. Labels drops relations, with a warning and their count.
//
// doccano's importer keeps only non-overlapping spans unless the project
// has "Allow overlapping spans" enabled (data_import's Spans.clean: spans
// sorted by start, a span kept when it starts at or after the end of the
// last one kept). The export counts the spans that rule would drop and warns
// with the count; nested entities and claims that hold entities always
// overlap.
package doccano

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

// Limits is the README section on what doccano's JSONL cannot hold.
const Limits = `doccano JSONL holds the text, the spans' labels and code-point ranges and,
in the entities/relations form, the relations. It cannot hold span kinds
(the importer infers them from the label scheme), claim attributes
(check_worthy, verdict, stance, normalized_claim, claim_date), span notes,
annotators or timestamps: they are left out of the export. The plain form
(label triples) holds no relations either.`

// Form is the shape of the lines an export writes.
type Form int

const (
	// Auto chooses per export: EntitiesRelations when any exported article
	// has relations, Labels otherwise. An Encoder given Auto writes Labels.
	Auto Form = iota
	// Labels is the sequence-labelling form: "label": [[start, end, "LABEL"], ...].
	Labels
	// EntitiesRelations is the relation-extraction form with "entities" and
	// "relations" lists.
	EntitiesRelations
)

// Forms lists the names ParseForm accepts.
func Forms() []string { return []string{"auto", "plain", "relations"} }

// ParseForm returns the form named s: auto, plain (Labels) or relations
// (EntitiesRelations).
func ParseForm(s string) (Form, error) {
	switch s {
	case "auto", "":
		return Auto, nil
	case "plain":
		return Labels, nil
	case "relations":
		return EntitiesRelations, nil
	}
	return Auto, annotations.Failf("unknown doccano form %q (want auto, plain or relations)", s)
}

// Options tune an export.
type Options struct {
	Form Form                   // Auto when zero
	Warn func(annotations.Note) // told what doccano will drop or need, with counts; nil: not told
}

// Encoder writes documents as doccano JSONL lines.
type Encoder struct {
	w      io.Writer
	form   Form
	line   int // example ids: 1, 2, ...
	entity int // entity and relation ids run across the file, as doccano's do
	rel    int

	// Counts for the export's warnings.
	spans, overlapping, droppedRelations, relationsToOverlapping int
}

// NewEncoder returns an encoder writing lines of form to w.
func NewEncoder(w io.Writer, form Form) *Encoder {
	if form == Auto {
		form = Labels
	}
	return &Encoder{w: w, form: form}
}

// overlapping returns, for spans sorted by start, which ones doccano's
// importer drops when the project does not allow overlapping spans: its
// Spans.clean keeps a span when it starts at or after the end of the last
// span kept.
func overlapping(spans []annotations.Span) map[string]bool {
	drop := map[string]bool{}
	last := -1
	for _, s := range spans {
		if s.Start >= last {
			last = s.End
		} else {
			drop[s.ID] = true
		}
	}
	return drop
}

type labelsLine struct {
	ID        int     `json:"id"`
	Text      string  `json:"text"`
	Label     [][]any `json:"label"`
	ArticleID string  `json:"article_id,omitempty"`
	Title     string  `json:"title,omitempty"`
	Source    string  `json:"source,omitempty"`
	Status    string  `json:"status,omitempty"`
}

type entity struct {
	ID          int    `json:"id"`
	Label       string `json:"label"`
	StartOffset int    `json:"start_offset"`
	EndOffset   int    `json:"end_offset"`
}

type relation struct {
	ID     int    `json:"id"`
	FromID int    `json:"from_id"`
	ToID   int    `json:"to_id"`
	Type   string `json:"type"`
}

type entitiesLine struct {
	ID        int        `json:"id"`
	Text      string     `json:"text"`
	Entities  []entity   `json:"entities"`
	Relations []relation `json:"relations"`
	ArticleID string     `json:"article_id,omitempty"`
	Title     string     `json:"title,omitempty"`
	Source    string     `json:"source,omitempty"`
	Status    string     `json:"status,omitempty"`
}

// Encode writes doc as one line. Spans are ordered by start, longer first.
// A relation whose ends are not among doc's spans is an error.
func (e *Encoder) Encode(doc *annotations.Document) error {
	e.line++
	spans := interchange.SortSpans(doc.Spans)
	n := annotations.CodePoints(doc.Article.Text)
	for _, s := range spans {
		if !interchange.CheckRange(s.Start, s.End, n) {
			return annotations.Errorf(annotations.EINVALID, "doccano export: article %q: span %q [%d,%d) is outside its text of %d code points", doc.Article.ID, s.ID, s.Start, s.End, n)
		}
	}
	drop := overlapping(spans)
	e.spans += len(spans)
	e.overlapping += len(drop)
	a := doc.Article
	var v any
	switch e.form {
	case Labels:
		l := labelsLine{ID: e.line, Text: a.Text, Label: [][]any{}, ArticleID: a.ID, Title: a.Title, Source: a.Source, Status: string(a.Status)}
		for _, s := range spans {
			l.Label = append(l.Label, []any{s.Start, s.End, s.Label})
		}
		e.droppedRelations += len(doc.Relations)
		v = l
	default:
		l := entitiesLine{ID: e.line, Text: a.Text, Entities: []entity{}, Relations: []relation{}, ArticleID: a.ID, Title: a.Title, Source: a.Source, Status: string(a.Status)}
		ids := map[string]int{}
		for _, s := range spans {
			e.entity++
			ids[s.ID] = e.entity
			l.Entities = append(l.Entities, entity{ID: e.entity, Label: s.Label, StartOffset: s.Start, EndOffset: s.End})
		}
		for _, r := range doc.Relations {
			from, ok1 := ids[r.From]
			to, ok2 := ids[r.To]
			if !ok1 || !ok2 {
				return annotations.Errorf(annotations.EINVALID, "doccano export: article %q: relation %q links spans %q and %q, not both in the article", doc.Article.ID, r.ID, r.From, r.To)
			}
			e.rel++
			l.Relations = append(l.Relations, relation{ID: e.rel, FromID: from, ToID: to, Type: r.Type})
			if drop[r.From] || drop[r.To] {
				e.relationsToOverlapping++
			}
		}
		v = l
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "doccano export: article %q: %v", doc.Article.ID, err)
	}
	if _, err := e.w.Write(buf.Bytes()); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "doccano export: %v", err)
	}
	return nil
}

// Export writes docs to w in the Auto form: the entities/relations form when
// any document has relations (doccano's relation projects) and the label
// form otherwise.
func Export(w io.Writer, docs []annotations.Document) error {
	return ExportOptions(w, docs, Options{})
}

// ExportOptions writes docs to w in opts.Form, and tells opts.Warn which
// form Auto chose when it chose relations, how many relations the plain form
// dropped, and how many spans overlap (which doccano drops unless the
// project allows overlapping spans).
func ExportOptions(w io.Writer, docs []annotations.Document, opts Options) error {
	form := opts.Form
	withRelations, relations := 0, 0
	for _, d := range docs {
		if len(d.Relations) > 0 {
			withRelations++
			relations += len(d.Relations)
		}
	}
	if form == Auto {
		form = Labels
		if relations > 0 {
			form = EntitiesRelations
		}
	}
	enc := NewEncoder(w, form)
	for i := range docs {
		if err := enc.Encode(&docs[i]); err != nil {
			return err
		}
	}
	warn := func(format string, args ...any) {
		if opts.Warn != nil {
			opts.Warn(annotations.Notef(format, args...))
		}
	}
	if opts.Form == Auto && form == EntitiesRelations {
		warn("wrote doccano's entities/relations form, because %d of %d articles have relations (%d in all): import it into a sequence-labelling project with \"Use relation labeling\" enabled; for a project without it, export with --doccano-form plain (a plain project finds no \"label\" column and imports no span)", withRelations, len(docs), relations)
	}
	if enc.droppedRelations > 0 {
		warn("left out %d relations: the plain form (label triples) cannot hold them; --doccano-form relations keeps them, for a project with \"Use relation labeling\" enabled", enc.droppedRelations)
	}
	if enc.overlapping > 0 {
		if enc.relationsToOverlapping > 0 {
			warn("%d of %d spans overlap an earlier span (nested entities, entities inside claims): doccano keeps only %d of the %d unless \"Allow overlapping spans\" is enabled in the project's settings before the import; without it, %d relations link a dropped span and doccano's import of them fails", enc.overlapping, enc.spans, enc.spans-enc.overlapping, enc.spans, enc.relationsToOverlapping)
		} else {
			warn("%d of %d spans overlap an earlier span (nested entities, entities inside claims): doccano keeps only %d of the %d unless \"Allow overlapping spans\" is enabled in the project's settings before the import", enc.overlapping, enc.spans, enc.spans-enc.overlapping, enc.spans)
		}
	}
	return nil
}

// Import reads doccano JSONL from r; name (the file's name) prefixes error
// messages with the line number. Both forms are accepted, line by line:
// "label" triples, or "entities" with or without "relations". Unknown keys
// are skipped; a text-classification "label" list of strings is skipped with
// a warning. A CRLF or BOM in a text is normalised and the offsets moved.
// Labels missing from scheme are returned in the result's NewLabels.
func Import(r io.Reader, name string, scheme []annotations.Label) (interchange.Result, error) {
	var res interchange.Result
	err := interchange.Lines(r, name, func(line int, b []byte) error {
		doc, err := decodeLine(b, name, line, scheme, &res)
		if err != nil {
			return err
		}
		res.Documents = append(res.Documents, doc)
		return nil
	})
	if err != nil {
		return interchange.Result{}, err
	}
	res.Finish(scheme)
	return res, nil
}

func decodeLine(b []byte, name string, line int, scheme []annotations.Label, res *interchange.Result) (annotations.Document, error) {
	bad := func(format string, args ...any) error {
		return annotations.Errorf(annotations.EINVALID, "%s:%d: %s", name, line, annotations.Notef(format, args...))
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return annotations.Document{}, bad("not a JSON object: %v", err)
	}
	var text string
	raw, ok := obj["text"]
	if !ok {
		raw, ok = obj["data"] // doccano before 1.6 called it data
	}
	if !ok {
		return annotations.Document{}, bad(`no "text" key`)
	}
	if err := json.Unmarshal(raw, &text); err != nil {
		return annotations.Document{}, bad(`"text" is not a string`)
	}
	str := func(key string) string {
		var s string
		if v, ok := obj[key]; ok {
			_ = json.Unmarshal(v, &s) // a non-string metadata key is ignored
		}
		return s
	}
	norm, move := interchange.NormalizeText(text)
	src := str("source")
	if src == "" {
		src = name
	}
	doc := annotations.Document{Article: interchange.NewArticle(norm, str("title"), src)}
	doc.Article.ID = str("article_id")
	hash := annotations.TextHash(norm)
	n, nText := annotations.CodePoints(norm), annotations.CodePoints(text)

	addSpan := func(local string, start, end int, label string) error {
		if !interchange.CheckRange(start, end, nText) {
			return bad("span %s [%d,%d) %q is empty or outside the text of %d code points", local, start, end, label, nText)
		}
		if label == "" {
			return bad("span %s [%d,%d) has no label", local, start, end)
		}
		s, e := move(start), move(end)
		if !interchange.CheckRange(s, e, n) {
			return bad("span %s [%d,%d) covers only a line ending or BOM", local, start, end)
		}
		doc.Spans = append(doc.Spans, annotations.Span{ID: interchange.SpanID(hash, local), Label: label, Start: s, End: e})
		return nil
	}

	if raw, ok := obj["entities"]; ok && string(raw) != "null" {
		var ents []struct {
			ID    json.RawMessage `json:"id"`
			Label string          `json:"label"`
			Start *int            `json:"start_offset"`
			End   *int            `json:"end_offset"`
		}
		if err := json.Unmarshal(raw, &ents); err != nil {
			return doc, bad(`"entities" is not a list of {id, label, start_offset, end_offset}: %v`, err)
		}
		local := map[string]string{}
		for i, e := range ents {
			key := string(e.ID)
			if len(e.ID) == 0 {
				key = strconv.Itoa(i)
			}
			if _, dup := local[key]; dup {
				return doc, bad("two entities have the id %s", key)
			}
			if e.Start == nil || e.End == nil {
				return doc, bad("entity %s has no start_offset or end_offset", key)
			}
			if err := addSpan("e"+key, *e.Start, *e.End, e.Label); err != nil {
				return doc, err
			}
			local[key] = doc.Spans[len(doc.Spans)-1].ID
		}
		if raw, ok := obj["relations"]; ok && string(raw) != "null" {
			var rels []struct {
				ID     json.RawMessage `json:"id"`
				FromID json.RawMessage `json:"from_id"`
				ToID   json.RawMessage `json:"to_id"`
				Type   string          `json:"type"`
			}
			if err := json.Unmarshal(raw, &rels); err != nil {
				return doc, bad(`"relations" is not a list of {id, from_id, to_id, type}: %v`, err)
			}
			for i, r := range rels {
				from, ok1 := local[string(r.FromID)]
				to, ok2 := local[string(r.ToID)]
				if !ok1 || !ok2 {
					return doc, bad("relation %d links entities %s and %s, not both on this line", i+1, r.FromID, r.ToID)
				}
				if r.Type == "" {
					return doc, bad("relation %d has no type", i+1)
				}
				doc.Relations = append(doc.Relations, annotations.Relation{
					ID: interchange.RelationID(hash, strconv.Itoa(i)), Type: r.Type, From: from, To: to,
				})
			}
		}
	} else if raw, ok := obj["label"]; ok && string(raw) != "null" {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return doc, bad(`"label" is not a list`)
		}
		for i, it := range items {
			var triple []json.RawMessage
			if err := json.Unmarshal(it, &triple); err != nil {
				var cat string
				if json.Unmarshal(it, &cat) == nil {
					res.Warnf("%s:%d: skipped the text-classification label %q (only spans are imported)", name, line, cat)
					continue
				}
				return doc, bad("label %d is not a [start, end, label] triple", i+1)
			}
			var start, end int
			var label string
			if len(triple) != 3 || json.Unmarshal(triple[0], &start) != nil ||
				json.Unmarshal(triple[1], &end) != nil || json.Unmarshal(triple[2], &label) != nil {
				return doc, bad("label %d is not a [start, end, label] triple: %s", i+1, it)
			}
			if err := addSpan(strconv.Itoa(i), start, end, label); err != nil {
				return doc, err
			}
		}
	}
	interchange.SetKinds(scheme, &doc)
	if st := annotations.Status(str("status")); st.Valid() {
		doc.Article.Status = st // Hamesh's own export carries it
	}
	return doc, interchange.Validate(&doc, fmt.Sprintf("%s:%d", name, line))
}
