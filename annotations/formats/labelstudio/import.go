package labelstudio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

type inValue struct {
	Start   *int            `json:"start"`
	End     *int            `json:"end"`
	Text    json.RawMessage `json:"text"`
	Labels  []string        `json:"labels"`
	Choices []string        `json:"choices"`
}

type inResult struct {
	ID        string   `json:"id"`
	FromName  string   `json:"from_name"`
	Type      string   `json:"type"`
	Value     inValue  `json:"value"`
	FromID    string   `json:"from_id"`
	ToID      string   `json:"to_id"`
	Direction string   `json:"direction"`
	Labels    []string `json:"labels"`
}

type inAnnotation struct {
	Result      []inResult `json:"result"`
	WasCanceled bool       `json:"was_cancelled"`
}

type inTask struct {
	ID          json.RawMessage            `json:"id"`
	Data        map[string]json.RawMessage `json:"data"`
	Annotations []inAnnotation             `json:"annotations"`
	Predictions []inAnnotation             `json:"predictions"`
}

// Import reads Label Studio JSON from r: an array of tasks (or one task
// object) as Label Studio exports them. Each task's data must hold the text
// under "text"; title, article_id and source are read when present. Of a
// task's annotations the first not cancelled is used (the others are
// reported in warnings); a task without annotations uses its first
// prediction. "labels" results become spans (one per label), per-region
// "choices" and "textarea" results become the region's attributes (the
// "note" text area its note), and "relation" results relations ("left"
// relations are turned around). Other result types are skipped with a
// warning. Errors name the file and the line where the task starts.
func Import(r io.Reader, name string, scheme []annotations.Label) (interchange.Result, error) {
	var res interchange.Result
	data, err := io.ReadAll(r)
	if err != nil {
		return res, annotations.Errorf(annotations.EINTERNAL, "%s: read failed: %v", name, err)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return res, annotations.Errorf(annotations.EINVALID, "%s:%d: not valid UTF-8", name, lineAt(data, invalidAt(data)))
	}
	if off, esc := interchange.LoneSurrogate(data); off >= 0 {
		return res, annotations.Errorf(annotations.EINVALID, "%s:%d: lone UTF-16 surrogate escape %s: the text was cut inside an emoji or other character", name, lineAt(data, off), esc)
	}
	trimmed := bytes.TrimSpace(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	next := func(n int) error {
		start := int(dec.InputOffset())
		var t inTask
		if err := dec.Decode(&t); err != nil {
			return jsonError(name, data, start, err)
		}
		// InputOffset is just past the previous token: skip blanks and commas
		// so the line is the task's first.
		for start < len(data) && strings.ContainsRune(" \t\r\n,", rune(data[start])) {
			start++
		}
		doc, err := decodeTask(&t, n, fmt.Sprintf("%s:%d: task %d", name, lineAt(data, start), n), scheme, &res)
		if err != nil {
			return err
		}
		res.Documents = append(res.Documents, doc)
		return nil
	}
	switch {
	case len(trimmed) == 0:
		return res, annotations.Errorf(annotations.EINVALID, "%s: empty file, want a JSON array of Label Studio tasks", name)
	case trimmed[0] == '{':
		if err := next(1); err != nil {
			return interchange.Result{}, err
		}
	case trimmed[0] == '[':
		if _, err := dec.Token(); err != nil {
			return res, jsonError(name, data, 0, err)
		}
		for n := 1; dec.More(); n++ {
			if err := next(n); err != nil {
				return interchange.Result{}, err
			}
		}
		if _, err := dec.Token(); err != nil {
			return interchange.Result{}, jsonError(name, data, int(dec.InputOffset()), err)
		}
	default:
		return res, annotations.Errorf(annotations.EINVALID, "%s:1: not a JSON array of Label Studio tasks", name)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return interchange.Result{}, annotations.Errorf(annotations.EINVALID, "%s:%d: unexpected data after the tasks", name, lineAt(data, int(dec.InputOffset())))
	}
	res.Finish(scheme)
	return res, nil
}

func decodeTask(t *inTask, n int, where string, scheme []annotations.Label, res *interchange.Result) (annotations.Document, error) {
	bad := func(format string, args ...any) error {
		return annotations.Errorf(annotations.EINVALID, "%s: %s", where, fmt.Sprintf(format, args...))
	}
	str := func(key string) string {
		var s string
		_ = json.Unmarshal(t.Data[key], &s) // absent or not a string: ""
		return s
	}
	raw, ok := t.Data["text"]
	if !ok {
		return annotations.Document{}, bad(`data has no "text" field (the labeling config must read $text)`)
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return annotations.Document{}, bad(`data.text is not a string`)
	}
	norm, move := interchange.NormalizeText(text)
	src := str("source")
	if src == "" {
		src = strings.SplitN(where, ":", 2)[0]
	}
	doc := annotations.Document{Article: interchange.NewArticle(norm, str("title"), src)}
	doc.Article.ID = str("article_id")
	hash := annotations.TextHash(norm)
	off := annotations.NewOffsets(text)

	var ann *inAnnotation
	for i := range t.Annotations {
		if !t.Annotations[i].WasCanceled {
			if ann == nil {
				ann = &t.Annotations[i]
			} else {
				res.Warnf("%s: kept the first annotation, skipped another one", where)
			}
		}
	}
	if ann == nil && len(t.Predictions) > 0 {
		ann = &t.Predictions[0]
		res.Warnf("%s: no annotation, imported the first prediction", where)
	}
	if ann == nil {
		interchange.SetKinds(scheme, &doc)
		return doc, interchange.Validate(&doc, where)
	}

	regions := map[string][]int{} // region id -> indexes in doc.Spans
	ranges := map[string][2]int{} // region id -> its range, which every result of the region shares
	// First pass: labels results make spans.
	for i, r := range ann.Result {
		if r.Type != "labels" {
			continue
		}
		if r.ID == "" {
			return doc, bad("result %d: a labels region without an id", i+1)
		}
		start, end, err := locate(r.Value, text, off, move)
		if err != nil {
			return doc, bad("result %d (region %s): %v", i+1, r.ID, err)
		}
		if len(r.Value.Labels) == 0 {
			return doc, bad("result %d (region %s): no labels", i+1, r.ID)
		}
		if was, ok := ranges[r.ID]; ok && was != [2]int{start, end} {
			return doc, bad("result %d (region %s): the region id is used twice, for [%d,%d) and [%d,%d)", i+1, r.ID, was[0], was[1], start, end)
		}
		ranges[r.ID] = [2]int{start, end}
		for j, l := range r.Value.Labels {
			if l == "" {
				return doc, bad("result %d (region %s): an empty label", i+1, r.ID)
			}
			local := r.ID
			if k := len(regions[r.ID]); k > 0 || j > 0 {
				local = fmt.Sprintf("%s#%d", r.ID, k+1)
			}
			regions[r.ID] = append(regions[r.ID], len(doc.Spans))
			doc.Spans = append(doc.Spans, annotations.Span{ID: interchange.SpanID(hash, local), Label: l, Start: start, End: end})
		}
	}
	// Second pass: per-region attributes and relations.
	for i, r := range ann.Result {
		switch r.Type {
		case "labels":
		case "choices", "textarea":
			idx, ok := regions[r.ID]
			if r.ID == "" || !ok {
				res.Warnf("%s: result %d: skipped %s %q, which belongs to no labelled region", where, i+1, r.Type, r.FromName)
				continue
			}
			if r.FromName == "" {
				return doc, bad("result %d (region %s): %s without from_name", i+1, r.ID, r.Type)
			}
			var v string
			if r.Type == "choices" {
				v = strings.Join(r.Value.Choices, ",")
			} else {
				var err error
				if v, err = textareaText(r.Value.Text); err != nil {
					return doc, bad("result %d (region %s): %v", i+1, r.ID, err)
				}
			}
			for _, k := range idx {
				s := &doc.Spans[k]
				if r.FromName == NoteName {
					s.Note = v
					continue
				}
				if s.Attributes == nil {
					s.Attributes = map[string]string{}
				}
				s.Attributes[r.FromName] = v
			}
		case "relation":
			from, ok1 := regions[r.FromID]
			to, ok2 := regions[r.ToID]
			if !ok1 || !ok2 {
				return doc, bad("result %d: relation from %q to %q: no such labelled regions", i+1, r.FromID, r.ToID)
			}
			if r.Direction == "left" {
				from, to = to, from
			}
			labels := r.Labels
			if len(labels) == 0 {
				labels = []string{"related"}
				res.Warnf("%s: result %d: relation without a label, imported as \"related\"", where, i+1)
			}
			for j, l := range labels {
				doc.Relations = append(doc.Relations, annotations.Relation{
					ID:   interchange.RelationID(hash, fmt.Sprintf("%d.%d", i, j)),
					Type: l, From: doc.Spans[from[0]].ID, To: doc.Spans[to[0]].ID,
				})
			}
		default:
			res.Warnf("%s: result %d: skipped a %q result (only labels, choices, textarea and relation are imported)", where, i+1, r.Type)
		}
	}
	interchange.SetKinds(scheme, &doc)
	return doc, interchange.Validate(&doc, where)
}

// locate returns the code-point range of a region in the normalised text.
// When the region carries its text and the code-point slice differs but the
// UTF-16 slice matches, the offsets are read as UTF-16 units.
func locate(v inValue, text string, off *annotations.Offsets, move func(int) int) (int, int, error) {
	if v.Start == nil || v.End == nil {
		return 0, 0, errors.New("value has no start or end")
	}
	start, end := *v.Start, *v.End
	var want string
	hasText := len(v.Text) > 0 && json.Unmarshal(v.Text, &want) == nil
	if interchange.CheckRange(start, end, off.Len()) && (!hasText || off.Slice(text, start, end) == want) {
		return rangeIn(start, end, move)
	}
	if hasText {
		s, ok1 := off.FromUTF16(start)
		e, ok2 := off.FromUTF16(end)
		if ok1 && ok2 && s < e && off.Slice(text, s, e) == want {
			return rangeIn(s, e, move)
		}
		if interchange.CheckRange(start, end, off.Len()) {
			return 0, 0, fmt.Errorf("text %q does not match the text at [%d,%d), %q, in code points or UTF-16 units", want, start, end, off.Slice(text, start, end))
		}
	}
	return 0, 0, fmt.Errorf("[%d,%d) is empty or outside the text of %d code points", start, end, off.Len())
}

func rangeIn(start, end int, move func(int) int) (int, int, error) {
	s, e := move(start), move(end)
	if s >= e {
		return 0, 0, fmt.Errorf("[%d,%d) covers only a line ending or BOM", start, end)
	}
	return s, e, nil
}

// textareaText reads a textarea value's text: a list of strings (joined by
// newlines) or a single string.
func textareaText(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "", nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "\n"), nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	return "", errors.New("textarea text is neither a string nor a list of strings")
}

func jsonError(name string, data []byte, start int, err error) error {
	off := start
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = int(se.Offset)
	case errors.As(err, &te):
		off = int(te.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		off = len(data)
	}
	return annotations.Errorf(annotations.EINVALID, "%s:%d: not a Label Studio task: %v", name, lineAt(data, off), err)
}

func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}
