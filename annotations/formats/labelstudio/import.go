package labelstudio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

type inValue struct {
	Start      *int              `json:"start"`
	End        *int              `json:"end"`
	Text       json.RawMessage   `json:"text"`
	Labels     []string          `json:"labels"`
	Choices    []string          `json:"choices"`
	Attributes map[string]string `json:"attributes"` // on a labels region, as Hamesh exports it
	Note       string            `json:"note"`       // likewise
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
	Score     *float64 `json:"score"` // a prediction region's own score
}

type inAnnotation struct {
	Result      []inResult      `json:"result"`
	WasCanceled bool            `json:"was_cancelled"`
	Annotator   string          `json:"annotator"`    // as Hamesh exports every layer
	CompletedBy json.RawMessage `json:"completed_by"` // Label Studio's user: an id, or an object with an email
	// A prediction's model and overall score.
	ModelVersion string   `json:"model_version"`
	Score        *float64 `json:"score"`
}

type inTask struct {
	ID          json.RawMessage            `json:"id"`
	Data        map[string]json.RawMessage `json:"data"`
	Annotations []inAnnotation             `json:"annotations"`
	Predictions []inAnnotation             `json:"predictions"`
}

// Import reads Label Studio JSON from r: an array of tasks (or one task
// object) as Label Studio exports them. Each task's data must hold the text
// under "text"; title, article_id, source and status are read when present.
// Of a task's annotations the first not cancelled is used (the others are
// reported in warnings); its predictions become the document's
// suggestions (see predictions), never spans. "labels" results become spans (one per label), per-region
// "choices" and "textarea" results become the region's attributes (the
// "note" text area its note; the attributes and note a labels value carries
// fill what they leave unset), and "relation" results relations ("left"
// relations are turned around). Other result types are skipped with a
// warning. A region whose text differs from the article's only in
// whitespace is re-anchored by its offsets (see locate), and one warning
// counts them ("re-anchored N regions ..."); any other mismatch is refused. Errors
// name the file, the line where the task starts and the result and region.
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
	var reanchored []string // regions re-anchored by their offsets
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
		doc, moved, err := decodeTask(&t, fmt.Sprintf("%s:%d: task %d", name, lineAt(data, start), n), scheme, &res)
		if err != nil {
			return err
		}
		res.Documents = append(res.Documents, doc)
		reanchored = append(reanchored, moved...)
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
	if n := len(reanchored); n > 0 {
		res.Warnf("%s", reanchoredWarning(reanchored))
	}
	res.Finish(scheme)
	return res, nil
}

// reanchoredWarning is the warning Import gives for a file whose regions
// (named "file:line: task n region id") were re-anchored by their offsets:
// it starts "re-anchored N regions", so the count is what the command line
// prints, and names the first five.
func reanchoredWarning(regions []string) string {
	noun := "regions"
	if len(regions) == 1 {
		noun = "region"
	}
	shown := regions
	if len(shown) > 5 {
		shown = shown[:5]
	}
	more := ""
	if len(regions) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(regions)-len(shown))
	}
	return fmt.Sprintf("re-anchored %d %s by their offsets: their text differs from the article's only in whitespace, as Label Studio writes a region that crosses a line break (%s%s)",
		len(regions), noun, strings.Join(shown, "; "), more)
}

// taskDecoder turns one task into a document, step by step: the text and
// article (article), the annotation to read (pick), the labels regions
// (labelRegions) and then the results that refer to them (attachResults).
type taskDecoder struct {
	where  string // "file:line: task n", the prefix of every message
	res    *interchange.Result
	text   string               // data.text as the file holds it: offsets count in it
	off    *annotations.Offsets // over text
	move   func(int) int        // offset in text → offset in the normalised text
	hash   string               // the normalised text's hash, for span ids
	doc    annotations.Document // what is decoded so far
	region map[string][]int     // region id -> indexes in doc.Spans
	ranges map[string][2]int    // region id -> its range, shared by every result of the region
	values map[string]inValue   // region id -> the value of its labels result
	moved  []string             // regions re-anchored by their offsets
}

func (d *taskDecoder) bad(format string, args ...any) error {
	return annotations.Errorf(annotations.EINVALID, "%s: %s", d.where, annotations.Notef(format, args...))
}

func decodeTask(t *inTask, where string, scheme []annotations.Label, res *interchange.Result) (annotations.Document, []string, error) {
	d := &taskDecoder{where: where, res: res, region: map[string][]int{}, ranges: map[string][2]int{}, values: map[string]inValue{}}
	if err := d.article(t); err != nil {
		return d.doc, nil, err
	}
	anns := d.pick(t)
	base := d.hash
	for _, ann := range anns {
		who := ann.annotator()
		if len(anns) == 1 && ann.Annotator == "" && strings.HasPrefix(who, userIDPrefix) {
			// One annotation known only by a Label Studio user id (a
			// project's own export): no one's name, so the importer's layer.
			who = ""
		}
		if len(anns) > 1 {
			// Each layer's regions are its own: the same region id in two
			// annotations (both started from one prediction) is two spans.
			d.hash = base + "\x00" + who
			d.region, d.ranges, d.values = map[string][]int{}, map[string][2]int{}, map[string]inValue{}
		}
		first := len(d.doc.Spans)
		if err := d.labelRegions(ann.Result); err != nil {
			return d.doc, nil, err
		}
		if err := d.attachResults(ann.Result); err != nil {
			return d.doc, nil, err
		}
		d.regionDefaults()
		for i := first; i < len(d.doc.Spans); i++ {
			d.doc.Spans[i].Annotator = who
		}
	}
	if err := d.predictions(t); err != nil {
		return d.doc, nil, err
	}
	interchange.SetKinds(scheme, &d.doc)
	return d.doc, d.moved, interchange.Validate(&d.doc, where)
}

// article reads the task's data: the text (required), title, article_id,
// source and status.
func (d *taskDecoder) article(t *inTask) error {
	str := func(key string) string {
		var s string
		_ = json.Unmarshal(t.Data[key], &s) // absent or not a string: ""
		return s
	}
	raw, ok := t.Data["text"]
	if !ok {
		return d.bad(`data has no "text" field (the labeling config must read $text)`)
	}
	if err := json.Unmarshal(raw, &d.text); err != nil {
		return d.bad(`data.text is not a string`)
	}
	norm, move := interchange.NormalizeText(d.text)
	src := str("source")
	if src == "" {
		src = strings.SplitN(d.where, ":", 2)[0]
	}
	d.doc = annotations.Document{Article: interchange.NewArticle(norm, str("title"), src)}
	d.doc.Article.ID = str("article_id")
	switch st := annotations.Status(str("status")); {
	case st == "":
	case st.Valid():
		d.doc.Article.Status = st
	default:
		d.res.Warnf("%s: ignored data.status %q (want todo, in_progress or done)", d.where, st)
	}
	d.hash = annotations.TextHash(norm)
	d.off = annotations.NewOffsets(d.text)
	d.move = move
	return nil
}

// pick returns the annotations to import. When the task's annotations that
// were not cancelled name two or more different annotators (annotator or
// completed_by), each becomes that annotator's layer: the first of each
// annotator's is kept (others are reported). Otherwise it is the first not
// cancelled (others are reported), else the first prediction, else none.
func (d *taskDecoder) pick(t *inTask) []*inAnnotation {
	var kept []*inAnnotation
	byName := map[string]bool{}
	named := 0
	for i := range t.Annotations {
		a := &t.Annotations[i]
		if a.WasCanceled {
			continue
		}
		who := a.annotator()
		if byName[who] {
			if who == "" {
				d.res.Warnf("%s: kept the first annotation, skipped another one", d.where)
			} else {
				d.res.Warnf("%s: kept %s's first annotation, skipped another one", d.where, who)
			}
			continue
		}
		byName[who] = true
		if who != "" {
			named++
		}
		kept = append(kept, a)
	}
	if named >= 2 {
		return kept
	}
	if len(kept) > 1 {
		for range kept[1:] {
			d.res.Warnf("%s: kept the first annotation, skipped another one", d.where)
		}
		kept = kept[:1]
	}
	return kept
}

// predictions makes the task's predictions its suggestions (never spans):
// one per label of each "labels" result, with the prediction's
// model_version as its source ("labelstudio" when it names none) and the
// region's score, else the prediction's. Other result types are skipped.
func (d *taskDecoder) predictions(t *inTask) error {
	for p := range t.Predictions {
		pr := &t.Predictions[p]
		source := pr.ModelVersion
		if source == "" {
			source = "labelstudio"
		}
		for i, r := range pr.Result {
			if r.Type != "labels" {
				continue
			}
			start, end, _, err := locate(r.Value, d.text, d.off, d.move)
			if err != nil {
				return d.bad("prediction %d, result %d (region %s): %v", p+1, i+1, r.ID, err)
			}
			score := r.Score
			if score == nil {
				score = pr.Score
			}
			for _, l := range r.Value.Labels {
				if l == "" {
					return d.bad("prediction %d, result %d (region %s): an empty label", p+1, i+1, r.ID)
				}
				d.doc.Suggestions = append(d.doc.Suggestions, annotations.Suggestion{
					Label: l, Start: start, End: end, Source: source, Score: score, Status: annotations.SuggestionPending})
			}
		}
	}
	return nil
}

// userIDPrefix names the layer of a Label Studio user known only by id.
const userIDPrefix = "labelstudio-user-"

// annotator returns the annotator an annotation names: Hamesh's
// "annotator", else Label Studio's completed_by (a string, an object's
// email, or a user id as "labelstudio-user-N"), else "" (the importing
// user's layer). A task's only annotation known by a user id alone joins
// the importing user's layer too (decodeTask).
func (a *inAnnotation) annotator() string {
	if a.Annotator != "" {
		return a.Annotator
	}
	var s string
	if json.Unmarshal(a.CompletedBy, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(a.CompletedBy, &n) == nil && n != "" {
		return userIDPrefix + n.String()
	}
	var u struct {
		ID    json.Number `json:"id"`
		Email string      `json:"email"`
	}
	if json.Unmarshal(a.CompletedBy, &u) == nil {
		if u.Email != "" {
			return u.Email
		}
		if u.ID != "" {
			return userIDPrefix + u.ID.String()
		}
	}
	return ""
}

// labelRegions makes one span per label of every "labels" result.
func (d *taskDecoder) labelRegions(results []inResult) error {
	for i, r := range results {
		if r.Type != "labels" {
			continue
		}
		if r.ID == "" {
			return d.bad("result %d: a labels region without an id", i+1)
		}
		start, end, moved, err := locate(r.Value, d.text, d.off, d.move)
		if err != nil {
			return d.bad("result %d (region %s): %v", i+1, r.ID, err)
		}
		if len(r.Value.Labels) == 0 {
			return d.bad("result %d (region %s): no labels", i+1, r.ID)
		}
		if was, ok := d.ranges[r.ID]; ok && was != [2]int{start, end} {
			return d.bad("result %d (region %s): the region id is used twice, for [%d,%d) and [%d,%d)", i+1, r.ID, was[0], was[1], start, end)
		}
		if moved {
			d.moved = append(d.moved, fmt.Sprintf("%s region %s", d.where, r.ID))
		}
		d.ranges[r.ID] = [2]int{start, end}
		if _, ok := d.values[r.ID]; !ok {
			d.values[r.ID] = r.Value
		}
		for j, l := range r.Value.Labels {
			if l == "" {
				return d.bad("result %d (region %s): an empty label", i+1, r.ID)
			}
			local := r.ID
			if k := len(d.region[r.ID]); k > 0 || j > 0 {
				local = fmt.Sprintf("%s#%d", r.ID, k+1)
			}
			d.region[r.ID] = append(d.region[r.ID], len(d.doc.Spans))
			d.doc.Spans = append(d.doc.Spans, annotations.Span{ID: interchange.SpanID(d.hash, local), Label: l, Start: start, End: end})
		}
	}
	return nil
}

// attachResults gives the regions their per-region choices and text areas
// and adds the relations between them; other result types are skipped with
// a warning.
func (d *taskDecoder) attachResults(results []inResult) error {
	for i, r := range results {
		var err error
		switch r.Type {
		case "labels":
		case "choices", "textarea":
			err = d.attribute(i, r)
		case "relation":
			err = d.relation(i, r)
		default:
			d.res.Warnf("%s: result %d: skipped a %q result (only labels, choices, textarea and relation are imported)", d.where, i+1, r.Type)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// attribute sets a choices or textarea result on the spans of its region:
// the "note" text area as their note, any other as the attribute named by
// from_name.
func (d *taskDecoder) attribute(i int, r inResult) error {
	idx, ok := d.region[r.ID]
	if r.ID == "" || !ok {
		d.res.Warnf("%s: result %d: skipped %s %q, which belongs to no labelled region", d.where, i+1, r.Type, r.FromName)
		return nil
	}
	if r.FromName == "" {
		return d.bad("result %d (region %s): %s without from_name", i+1, r.ID, r.Type)
	}
	var v string
	if r.Type == "choices" {
		v = strings.Join(r.Value.Choices, ",")
	} else {
		var err error
		if v, err = textareaText(r.Value.Text); err != nil {
			return d.bad("result %d (region %s): %v", i+1, r.ID, err)
		}
	}
	for _, k := range idx {
		d.set(k, r.FromName, v)
	}
	return nil
}

// set gives span k the attribute key (its note for "note").
func (d *taskDecoder) set(k int, key, v string) {
	s := &d.doc.Spans[k]
	if key == NoteName {
		s.Note = v
		return
	}
	if s.Attributes == nil {
		s.Attributes = map[string]string{}
	}
	s.Attributes[key] = v
}

// relation adds a relation result ("left" ones turned around; one relation
// per label, "related" when it has none).
func (d *taskDecoder) relation(i int, r inResult) error {
	from, ok1 := d.region[r.FromID]
	to, ok2 := d.region[r.ToID]
	if !ok1 || !ok2 {
		return d.bad("result %d: relation from %q to %q: no such labelled regions", i+1, r.FromID, r.ToID)
	}
	if r.Direction == "left" {
		from, to = to, from
	}
	labels := r.Labels
	if len(labels) == 0 {
		labels = []string{"related"}
		d.res.Warnf("%s: result %d: relation without a label, imported as \"related\"", d.where, i+1)
	}
	for j, l := range labels {
		d.doc.Relations = append(d.doc.Relations, annotations.Relation{
			ID:   interchange.RelationID(d.hash, fmt.Sprintf("%d.%d", i, j)),
			Type: l, From: d.doc.Spans[from[0]].ID, To: d.doc.Spans[to[0]].ID,
		})
	}
	return nil
}

// regionDefaults fills, from the attributes and note a labels region's value
// carries (as Hamesh exports them), what the region's per-region results
// did not set: those results are what the frontend edits, so they win.
func (d *taskDecoder) regionDefaults() {
	for id, v := range d.values {
		for _, k := range d.region[id] {
			s := &d.doc.Spans[k]
			for key, val := range v.Attributes {
				if key == NoteName {
					continue
				}
				if _, ok := s.Attributes[key]; !ok {
					d.set(k, key, val)
				}
			}
			if s.Note == "" && v.Note != "" {
				s.Note = v.Note
			}
		}
	}
}

// locate returns the code-point range of a region in the normalised text,
// and whether it was re-anchored. When the region carries its text and the
// code-point slice differs but the UTF-16 slice matches, the offsets are
// read as UTF-16 units. When neither matches exactly but one differs from
// the region's text only in whitespace (the Label Studio frontend writes a
// region it loaded without the line breaks it crosses, and one a user
// selected with each line break as the two characters \n; see
// sameButSpace), the offsets are trusted and the region is re-anchored; any
// other difference is refused.
func locate(v inValue, text string, off *annotations.Offsets, move func(int) int) (int, int, bool, error) {
	if v.Start == nil || v.End == nil {
		return 0, 0, false, errors.New("value has no start or end")
	}
	start, end := *v.Start, *v.End
	var want string
	hasText := len(v.Text) > 0 && json.Unmarshal(v.Text, &want) == nil
	inCP := interchange.CheckRange(start, end, off.Len())
	if inCP && (!hasText || off.Slice(text, start, end) == want) {
		s, e, err := rangeIn(start, end, move)
		return s, e, false, err
	}
	if !hasText {
		return 0, 0, false, annotations.Failf("[%d,%d) is empty or outside the text of %d code points", start, end, off.Len())
	}
	s16, ok1 := off.FromUTF16(start)
	e16, ok2 := off.FromUTF16(end)
	in16 := ok1 && ok2 && s16 < e16
	if in16 && off.Slice(text, s16, e16) == want {
		s, e, err := rangeIn(s16, e16, move)
		return s, e, false, err
	}
	if inCP && sameButSpace(off.Slice(text, start, end), want) {
		s, e, err := rangeIn(start, end, move)
		return s, e, true, err
	}
	if in16 && sameButSpace(off.Slice(text, s16, e16), want) {
		s, e, err := rangeIn(s16, e16, move)
		return s, e, true, err
	}
	if inCP {
		return 0, 0, false, annotations.Failf("text %q does not match the text at [%d,%d), %q, in code points or UTF-16 units, even ignoring whitespace", want, start, end, off.Slice(text, start, end))
	}
	return 0, 0, false, annotations.Failf("[%d,%d) is empty or outside the text of %d code points", start, end, off.Len())
}

// sameButSpace reports whether the article's slice and a region's text
// differ only in whitespace: the same characters once every whitespace
// character is left out. The frontend writes the line breaks of a region
// it selected as the two characters \n (selection-tools.js and
// domManager.ts replace /[\n\r]/ with "\\n"), so those count as
// whitespace in the region's text too.
func sameButSpace(slice, text string) bool {
	drop := func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}
	a := strings.Map(drop, slice)
	return a == strings.Map(drop, text) || a == strings.Map(drop, strings.ReplaceAll(text, `\n`, "\n"))
}

func rangeIn(start, end int, move func(int) int) (int, int, error) {
	s, e := move(start), move(end)
	if s >= e {
		return 0, 0, annotations.Failf("[%d,%d) covers only a line ending or BOM", start, end)
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
