package prodigy

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

type inSpan struct {
	Start      *int              `json:"start"`
	End        *int              `json:"end"`
	TokenStart *int              `json:"token_start"`
	TokenEnd   *int              `json:"token_end"`
	Label      string            `json:"label"`
	Text       *string           `json:"text"`
	Attributes map[string]string `json:"attributes"`
	Note       string            `json:"note"`
}

type inRelation struct {
	Head      *int     `json:"head"`
	Child     *int     `json:"child"`
	HeadSpan  *SpanRef `json:"head_span"`
	ChildSpan *SpanRef `json:"child_span"`
	Label     string   `json:"label"`
}

type inTask struct {
	Text      *string      `json:"text"`
	Tokens    []Token      `json:"tokens"`
	Spans     []inSpan     `json:"spans"`
	Relations []inRelation `json:"relations"`
	Answer    string       `json:"answer"`
	Meta      meta         `json:"meta"`
}

// Import reads Prodigy JSONL from r; name (the file's name) prefixes error
// messages with the line number. Tasks answered "reject" or "ignore" are
// skipped with a warning. A span needs start and end (or token_start and
// token_end with the task's tokens) and a label; when it carries its text, the
// text must match. A relation is attached to the spans its head_span and
// child_span name, or else to the spans ending at its head and child tokens;
// one that matches no span (a plain token dependency) is skipped with a
// warning. Unknown keys are ignored; span "attributes" and "note" are read.
func Import(r io.Reader, name string, scheme []annotations.Label) (interchange.Result, error) {
	var res interchange.Result
	err := interchange.Lines(r, name, func(line int, b []byte) error {
		doc, ok, err := decodeLine(b, fmt.Sprintf("%s:%d", name, line), name, scheme, &res)
		if err != nil {
			return err
		}
		if ok {
			res.Documents = append(res.Documents, doc)
		}
		return nil
	})
	if err != nil {
		return interchange.Result{}, err
	}
	res.Finish(scheme)
	return res, nil
}

func decodeLine(b []byte, where, name string, scheme []annotations.Label, res *interchange.Result) (annotations.Document, bool, error) {
	bad := func(format string, args ...any) error {
		return annotations.Errorf(annotations.EINVALID, "%s: %s", where, annotations.Notef(format, args...))
	}
	var t inTask
	if err := json.Unmarshal(b, &t); err != nil {
		return annotations.Document{}, false, bad("not a Prodigy task: %v", err)
	}
	if t.Answer == "reject" || t.Answer == "ignore" {
		res.Warnf("%s: skipped a task answered %q", where, t.Answer)
		return annotations.Document{}, false, nil
	}
	if t.Text == nil {
		return annotations.Document{}, false, bad(`no "text" key`)
	}
	text := *t.Text
	norm, move := interchange.NormalizeText(text)
	src := t.Meta.Source
	if src == "" {
		src = name
	}
	doc := annotations.Document{Article: interchange.NewArticle(norm, t.Meta.Title, src)}
	doc.Article.ID = t.Meta.ArticleID
	hash := annotations.TextHash(norm)
	off := annotations.NewOffsets(text)

	type key struct{ start, end int }
	byRange := map[key][]int{} // original range -> indexes in doc.Spans
	var orig []key             // original range of each span
	for i, s := range t.Spans {
		start, end, err := spanRange(s, t.Tokens)
		if err != nil {
			return doc, false, bad("span %d: %v", i+1, err)
		}
		if !interchange.CheckRange(start, end, off.Len()) {
			return doc, false, bad("span %d [%d,%d) is empty or outside the text of %d code points", i+1, start, end, off.Len())
		}
		if s.Label == "" {
			return doc, false, bad("span %d [%d,%d) has no label", i+1, start, end)
		}
		if s.Text != nil && *s.Text != off.Slice(text, start, end) {
			return doc, false, bad("span %d: text %q does not match the text at [%d,%d), %q", i+1, *s.Text, start, end, off.Slice(text, start, end))
		}
		ns, ne := move(start), move(end)
		if ns >= ne {
			return doc, false, bad("span %d [%d,%d) covers only a line ending or BOM", i+1, start, end)
		}
		var attrs map[string]string
		if len(s.Attributes) > 0 {
			attrs = s.Attributes
		}
		byRange[key{start, end}] = append(byRange[key{start, end}], len(doc.Spans))
		orig = append(orig, key{start, end})
		doc.Spans = append(doc.Spans, annotations.Span{ID: interchange.SpanID(hash, strconv.Itoa(i)), Label: s.Label,
			Start: ns, End: ne, Attributes: attrs, Note: s.Note})
	}
	find := func(ref *SpanRef, tok *int) (int, bool) {
		if ref != nil {
			for _, i := range byRange[key{ref.Start, ref.End}] {
				if ref.Label == "" || doc.Spans[i].Label == ref.Label {
					return i, true
				}
			}
		}
		if tok != nil && *tok >= 0 && *tok < len(t.Tokens) {
			tk := t.Tokens[*tok]
			best := -1
			for i, k := range orig {
				if k.start > tk.Start || k.end < tk.End {
					continue
				}
				if best < 0 || k.end == tk.End {
					best = i
				}
			}
			if best >= 0 {
				return best, true
			}
		}
		return 0, false
	}
	for i, r := range t.Relations {
		h, ok1 := find(r.HeadSpan, r.Head)
		c, ok2 := find(r.ChildSpan, r.Child)
		if !ok1 || !ok2 {
			res.Warnf("%s: skipped relation %d (%q), which links no labelled spans", where, i+1, r.Label)
			continue
		}
		if r.Label == "" {
			return doc, false, bad("relation %d has no label", i+1)
		}
		doc.Relations = append(doc.Relations, annotations.Relation{
			ID: interchange.RelationID(hash, strconv.Itoa(i)), Type: r.Label, From: doc.Spans[h].ID, To: doc.Spans[c].ID,
		})
	}
	interchange.SetKinds(scheme, &doc)
	if st := annotations.Status(t.Meta.Status); st.Valid() {
		doc.Article.Status = st // Hamesh's own export carries it in meta
	}
	return doc, true, interchange.Validate(&doc, where)
}

// spanRange returns a span's code-point range from start/end, or from its
// tokens when only token_start/token_end are given.
func spanRange(s inSpan, toks []Token) (int, int, error) {
	if s.Start != nil && s.End != nil {
		return *s.Start, *s.End, nil
	}
	if s.TokenStart != nil && s.TokenEnd != nil {
		ts, te := *s.TokenStart, *s.TokenEnd
		if ts < 0 || te < ts || te >= len(toks) {
			return 0, 0, annotations.Failf("tokens %d..%d are not among the task's %d tokens", ts, te, len(toks))
		}
		return toks[ts].Start, toks[te].End, nil
	}
	return 0, 0, annotations.Failf("no start and end")
}
