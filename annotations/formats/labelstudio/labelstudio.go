// Package labelstudio reads and writes Label Studio's JSON task format for
// span labelling, with a labeling config to go with it.
//
// An export is a JSON array of tasks. Each task's data holds the article
// text (and its id, title and source) and one annotation whose result lists,
// per span, a "labels" region; the span's claim attributes become per-region
// "choices" (check_worthy, verdict, stance) and "textarea" (normalized_claim,
// claim_date, note, any other attribute) results sharing the region's id and
// its start and end; relations are "relation" results between region ids:
//
//	{"id":"c1","from_name":"label","to_name":"text","type":"labels",
//	 "value":{"start":29,"end":44,"text":"...","labels":["CLAIM"]}}
//	{"id":"c1","from_name":"verdict","to_name":"text","type":"choices",
//	 "value":{"start":29,"end":44,"text":"...","choices":["unverifiable"]}}
//	{"id":"c1","from_name":"note","to_name":"text","type":"textarea",
//	 "value":{"start":29,"end":44,"text":["a note"]}}
//	{"from_id":"c1","to_id":"p1","type":"relation","direction":"right","labels":["claimant"]}
//
// A textarea result's value.text is the list of typed texts, as Label Studio
// writes it, not the region's text. A labels region's value also carries the
// span's attributes and note ("attributes", "note"), which the SDK's JSON_MIN
// and CSV conversions keep with the region, and the task's data the
// article's status. Offsets are code points; Label Studio
// documents them as characters, and older versions counted UTF-16 units, so
// the importer re-reads a region in UTF-16 units when only that reading
// matches the region's text. Config returns the labeling config (a <View>
// with <Labels>, <Text>, per-region <Choices> and <TextArea>, <Relations>)
// that makes Label Studio show such tasks.
package labelstudio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

// Limits is the README section on what the Label Studio export cannot hold.
const Limits = `Label Studio tasks hold the text, the article's title, id, source and
status (in the task's data), spans with labels and code-point ranges, claim
attributes as per-region choices and text areas (repeated in each labels
region's value, where the SDK's JSON_MIN and CSV conversions keep them),
span notes (the "note" text area) and relations. They do not hold span kinds
(the importer infers them from the label scheme) or timestamps, nor
annotators unless every layer is exported (--layer all: one annotation per
annotator, with completed_by and annotator).
A relation's direction is always "right" (from the claim to its claimant).
The frontend drops unknown keys of a region's value when it saves, so a task
edited in Label Studio has its attributes only in the per-region results,
which JSON_MIN and CSV flatten into lists; its JSON export keeps them.`

// Control names used in results and in the config.
const (
	LabelsName = "label" // the <Labels> control
	TextName   = "text"  // the <Text> object, reading $text
	NoteName   = "note"  // the per-region <TextArea> holding a span's note
)

type value struct {
	Start   int      `json:"start"`
	End     int      `json:"end"`
	Text    any      `json:"text,omitempty"`
	Labels  []string `json:"labels,omitempty"`
	Choices []string `json:"choices,omitempty"`
	// On a labels region only: the span's attributes and note, repeated
	// from its per-region results so that the SDK's JSON_MIN and CSV
	// conversions, which keep a labels region's value whole but flatten
	// choices and text areas into lists, still hold them per region.
	Attributes map[string]string `json:"attributes,omitempty"`
	Note       string            `json:"note,omitempty"`
}

type result struct {
	ID        string   `json:"id,omitempty"`
	FromName  string   `json:"from_name,omitempty"`
	ToName    string   `json:"to_name,omitempty"`
	Type      string   `json:"type"`
	Value     *value   `json:"value,omitempty"`
	Origin    string   `json:"origin,omitempty"`
	FromID    string   `json:"from_id,omitempty"`
	ToID      string   `json:"to_id,omitempty"`
	Direction string   `json:"direction,omitempty"`
	Labels    []string `json:"labels,omitempty"`
	Score     *float64 `json:"score,omitempty"` // a prediction region's score
}

type taskData struct {
	Text      string `json:"text"`
	Title     string `json:"title,omitempty"`
	ArticleID string `json:"article_id,omitempty"`
	Source    string `json:"source,omitempty"`
	Lang      string `json:"lang,omitempty"`
	Direction string `json:"direction,omitempty"`
	Status    string `json:"status,omitempty"` // the article's status: todo, in_progress or done
}

type annotation struct {
	// CompletedBy and Annotator name the annotation's annotator when every
	// layer is exported (Encoder.Layers): Label Studio's user id, numbering
	// the annotators in the order the export meets them, and the name.
	CompletedBy int    `json:"completed_by,omitempty"`
	Annotator   string `json:"annotator,omitempty"`
	// GroundTruth marks the gold layer's annotation, as Label Studio marks
	// the annotation a reviewer chose.
	GroundTruth bool     `json:"ground_truth,omitempty"`
	Result      []result `json:"result"`
}

type task struct {
	ID          int          `json:"id"`
	Data        taskData     `json:"data"`
	Annotations []annotation `json:"annotations"`
	// Predictions hold the document's pending suggestions when it carries
	// some (hamesh export --with-suggestions): one prediction per source,
	// its model_version the source.
	Predictions []prediction `json:"predictions,omitempty"`
}

type prediction struct {
	ModelVersion string   `json:"model_version"`
	Score        *float64 `json:"score,omitempty"`
	Result       []result `json:"result"`
}

// Encoder writes documents as a JSON array of Label Studio tasks. It remembers
// the labels, relation types and attribute values it wrote, so Config can
// describe them after Close.
type Encoder struct {
	// Layers makes one annotation per annotator's layer in each task, with
	// completed_by and annotator naming its annotator (the gold layer's is
	// the ground truth); false writes every span in one annotation.
	Layers bool

	users   map[string]int // annotator -> completed_by, when Layers
	w       io.Writer
	n       int // tasks numbered so far
	written int // tasks written
	closed  bool
	seen    seen
}

type seen struct {
	labels    map[string]annotations.Kind
	relations map[string]bool
	choices   map[string]map[string]bool // attribute -> values
	texts     map[string]bool            // free-text attributes
}

// NewEncoder returns an encoder writing to w; call Close to end the array.
func NewEncoder(w io.Writer) *Encoder {
	return &Encoder{w: w, seen: seen{
		labels: map[string]annotations.Kind{}, relations: map[string]bool{},
		choices: map[string]map[string]bool{}, texts: map[string]bool{},
	}}
}

// Encode writes doc as one task.
func (e *Encoder) Encode(doc *annotations.Document) error {
	if e.closed {
		return annotations.Errorf(annotations.EINTERNAL, "label studio export: Encode after Close")
	}
	t, err := e.task(doc)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if e.written == 0 {
		buf.WriteString("[\n")
	} else {
		buf.WriteString(",\n")
	}
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "label studio export: article %q: %v", doc.Article.ID, err)
	}
	buf.Truncate(buf.Len() - 1) // the encoder's newline; the separator adds one
	if _, err := e.w.Write(buf.Bytes()); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "label studio export: %v", err)
	}
	e.written++
	return nil
}

// Close ends the JSON array (an empty one when nothing was encoded).
func (e *Encoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	end := "\n]\n"
	if e.written == 0 {
		end = "[]\n"
	}
	if _, err := io.WriteString(e.w, end); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "label studio export: %v", err)
	}
	return nil
}

// Config returns the labeling config for scheme and everything encoded so far.
func (e *Encoder) Config(scheme []annotations.Label) string { return config(scheme, e.seen) }

func (e *Encoder) task(doc *annotations.Document) (task, error) {
	e.n++
	a := doc.Article
	t := task{ID: e.n, Data: taskData{Text: a.Text, Title: a.Title, ArticleID: a.ID, Source: a.Source, Lang: a.Lang, Direction: string(a.Direction), Status: string(a.Status)}}
	off := annotations.NewOffsets(a.Text)
	regions := map[string]string{} // span id -> region id
	used := map[string]bool{}
	res := []result{}
	layerOf := map[string]string{} // span id -> annotator
	byLayer := map[string][]result{}
	for i, s := range interchange.SortSpans(doc.Spans) {
		layerOf[s.ID] = s.Annotator
		n := len(res)
		if !interchange.CheckRange(s.Start, s.End, off.Len()) {
			return t, annotations.Errorf(annotations.EINVALID, "label studio export: article %q: span %q [%d,%d) is outside its text of %d code points", a.ID, s.ID, s.Start, s.End, off.Len())
		}
		id := s.ID
		if id == "" || used[id] {
			id = fmt.Sprintf("s%d", i+1)
		}
		used[id] = true
		regions[s.ID] = id
		text := off.Slice(a.Text, s.Start, s.End)
		e.seen.labels[s.Label] = s.Kind
		res = append(res, result{ID: id, FromName: LabelsName, ToName: TextName, Type: "labels", Origin: "manual",
			Value: &value{Start: s.Start, End: s.End, Text: text, Labels: []string{s.Label}, Attributes: regionAttributes(s), Note: s.Note}})
		for _, k := range interchange.SortedAttributeKeys(s.Attributes) {
			v := s.Attributes[k]
			if k == NoteName && s.Note != "" {
				continue // the span's own note wins
			}
			if _, closed := annotations.ClaimAttributes[k]; closed {
				if e.seen.choices[k] == nil {
					e.seen.choices[k] = map[string]bool{}
				}
				e.seen.choices[k][v] = true
				res = append(res, result{ID: id, FromName: k, ToName: TextName, Type: "choices", Origin: "manual",
					Value: &value{Start: s.Start, End: s.End, Text: text, Choices: []string{v}}})
				continue
			}
			e.seen.texts[k] = true
			res = append(res, result{ID: id, FromName: k, ToName: TextName, Type: "textarea", Origin: "manual",
				Value: &value{Start: s.Start, End: s.End, Text: []string{v}}})
		}
		if s.Note != "" {
			e.seen.texts[NoteName] = true
			res = append(res, result{ID: id, FromName: NoteName, ToName: TextName, Type: "textarea", Origin: "manual",
				Value: &value{Start: s.Start, End: s.End, Text: []string{s.Note}}})
		}
		if e.Layers {
			byLayer[s.Annotator] = append(byLayer[s.Annotator], res[n:]...)
			res = res[:n]
		}
	}
	for _, r := range doc.Relations {
		from, ok1 := regions[r.From]
		to, ok2 := regions[r.To]
		if !ok1 || !ok2 {
			return t, annotations.Errorf(annotations.EINVALID, "label studio export: article %q: relation %q links spans %q and %q, not both in the article", a.ID, r.ID, r.From, r.To)
		}
		e.seen.relations[r.Type] = true
		rel := result{FromID: from, ToID: to, Type: "relation", Direction: "right", Labels: []string{r.Type}}
		if e.Layers {
			la, lb := layerOf[r.From], layerOf[r.To]
			if la != lb {
				return t, annotations.Errorf(annotations.EINVALID, "label studio export: article %q: relation %q links spans of two layers (%q and %q); a Label Studio annotation holds one layer's regions and relations", a.ID, r.ID, la, lb)
			}
			byLayer[la] = append(byLayer[la], rel)
			continue
		}
		res = append(res, rel)
	}
	if err := e.predictions(doc, off, &t); err != nil {
		return t, err
	}
	if !e.Layers {
		t.Annotations = []annotation{{Result: res}}
		return t, nil
	}
	t.Annotations = []annotation{}
	for _, who := range slices.Sorted(maps.Keys(byLayer)) {
		ann := annotation{Annotator: who, GroundTruth: who == annotations.GoldLayer, Result: byLayer[who]}
		if who != "" {
			if e.users == nil {
				e.users = map[string]int{}
			}
			if e.users[who] == 0 {
				e.users[who] = len(e.users) + 1
			}
			ann.CompletedBy = e.users[who]
		}
		t.Annotations = append(t.Annotations, ann)
	}
	return t, nil
}

// predictions writes doc's pending suggestions as t's predictions, one per
// source in source order, each region with its score; a prediction's score
// is the mean of its regions' (absent when none has one).
func (e *Encoder) predictions(doc *annotations.Document, off *annotations.Offsets, t *task) error {
	bySource := map[string][]annotations.Suggestion{}
	for _, s := range doc.Suggestions {
		if s.Status != "" && s.Status != annotations.SuggestionPending {
			continue
		}
		if err := annotations.ValidateSuggestion(off.Len(), s); err != nil {
			return annotations.Errorf(annotations.EINVALID, "label studio export: article %q: %v", doc.Article.ID, err)
		}
		bySource[s.Source] = append(bySource[s.Source], s)
	}
	for _, src := range slices.Sorted(maps.Keys(bySource)) {
		sugs := bySource[src]
		slices.SortStableFunc(sugs, func(x, y annotations.Suggestion) int {
			if x.Start != y.Start {
				return x.Start - y.Start
			}
			if x.End != y.End {
				return x.End - y.End
			}
			return strings.Compare(x.Label, y.Label)
		})
		p := prediction{ModelVersion: src, Result: []result{}}
		sum, n := 0.0, 0
		for i, s := range sugs {
			id := s.ID
			if id == "" {
				id = fmt.Sprintf("p%d", i+1)
			}
			if _, ok := e.seen.labels[s.Label]; !ok {
				e.seen.labels[s.Label] = annotations.KindEntity
			}
			p.Result = append(p.Result, result{ID: id, FromName: LabelsName, ToName: TextName, Type: "labels", Score: s.Score,
				Value: &value{Start: s.Start, End: s.End, Text: off.Slice(doc.Article.Text, s.Start, s.End), Labels: []string{s.Label}}})
			if s.Score != nil {
				sum += *s.Score
				n++
			}
		}
		if n > 0 {
			mean := sum / float64(n)
			p.Score = &mean
		}
		t.Predictions = append(t.Predictions, p)
	}
	return nil
}

// Export writes docs to w as a JSON array of tasks.
func Export(w io.Writer, docs []annotations.Document) error {
	enc := NewEncoder(w)
	for i := range docs {
		if err := enc.Encode(&docs[i]); err != nil {
			return err
		}
	}
	return enc.Close()
}

// ConfigPath returns the labeling config's path beside the tasks file at
// path: OUT.json → OUT.config.xml.
func ConfigPath(path string) string {
	return strings.TrimSuffix(path, ".json") + ".config.xml"
}

// Config returns a Label Studio labeling config for scheme and the labels,
// relation types and attribute values docs use: a <Labels> control named
// "label" over a <Text> named "text" (reading $text, each paragraph in its
// own direction; see Style), a hotkey for every label (see Hotkeys), the
// per-region claim controls (<Choices> for check_worthy, verdict and stance,
// <TextArea> for normalized_claim and claim_date) shown only when a claim
// region is selected, a per-region <TextArea> for the note and any other
// attribute shown for every selected region, and a <Relations> list.
func Config(scheme []annotations.Label, docs []annotations.Document) string {
	e := NewEncoder(io.Discard)
	for i := range docs {
		_, _ = e.task(&docs[i]) // an invalid document only misses from the config
	}
	return config(scheme, e.seen)
}

// Style is the CSS the config's <Style> holds. Label Studio 1.x and the
// current frontend both put a Text tag's content in an element of class
// lsf-richtext__container (1.x adds htx-richtext, the current one
// lsf-htx-richtext; releases before 1.0 used htx-text), one
// lsf-richtext__line span per line of the text, joined by <br/>. Each line
// is made a full-width box that takes its direction from its first strong
// character (unicode-bidi: plaintext) and starts on that side, so an Arabic
// paragraph reads right to left, right-aligned, and an English one left to
// right, in the same task; white-space: pre-wrap keeps runs of spaces,
// which offsets count.
const Style = `.htx-text, .htx-richtext, .lsf-htx-richtext, .lsf-richtext__container { white-space: pre-wrap; unicode-bidi: plaintext; text-align: start; }
    .lsf-richtext__line { display: inline-block; width: 100%; box-sizing: border-box; unicode-bidi: plaintext; text-align: start; }`

// claimControls are the attributes whose controls show only for claims.
var claimControls = map[string]bool{
	annotations.AttrCheckWorthy: true, annotations.AttrVerdict: true, annotations.AttrStance: true,
	annotations.AttrNormalizedClaim: true, annotations.AttrClaimDate: true,
}

func config(scheme []annotations.Label, s seen) string {
	var b strings.Builder
	b.WriteString("<View>\n")
	rels := map[string]bool{annotations.RelClaimant: true}
	for r := range s.relations {
		rels[r] = true
	}
	b.WriteString("  <Relations>\n")
	for _, r := range slices.Sorted(maps.Keys(rels)) {
		fmt.Fprintf(&b, "    <Relation value=%s/>\n", attr(r))
	}
	b.WriteString("  </Relations>\n")
	labels := configLabels(scheme, s)
	keys := Hotkeys(labels)
	fmt.Fprintf(&b, "  <Labels name=%s toName=%s>\n", attr(LabelsName), attr(TextName))
	var claims []string
	for i, l := range labels {
		if l.Kind == annotations.KindClaim {
			claims = append(claims, l.Name)
		}
		fmt.Fprintf(&b, "    <Label value=%s background=%s", attr(l.Name), attr(l.Color))
		if keys[i] != "" {
			fmt.Fprintf(&b, " hotkey=%s", attr(keys[i]))
		}
		b.WriteString("/>\n")
	}
	b.WriteString("  </Labels>\n")
	fmt.Fprintf(&b, "  <Style>%s</Style>\n", Style)
	fmt.Fprintf(&b, "  <Text name=%s value=\"$text\"/>\n", attr(TextName))
	if len(claims) == 0 {
		claims = []string{"CLAIM"}
	}
	// whenLabelValue takes a comma-separated list of labels.
	fmt.Fprintf(&b, "  <View visibleWhen=\"region-selected\" whenLabelValue=%s>\n", attr(strings.Join(claims, ",")))
	// Closed claim attributes: the design's values, then any others met.
	for _, k := range []string{annotations.AttrCheckWorthy, annotations.AttrVerdict, annotations.AttrStance} {
		vals := append([]string(nil), annotations.ClaimAttributes[k]...)
		have := map[string]bool{}
		for _, v := range vals {
			have[v] = true
		}
		for _, v := range slices.Sorted(maps.Keys(s.choices[k])) {
			if !have[v] {
				vals = append(vals, v)
			}
		}
		fmt.Fprintf(&b, "    <Header value=%s/>\n", attr(k))
		fmt.Fprintf(&b, "    <Choices name=%s toName=%s perRegion=\"true\" choice=\"single-radio\" showInline=\"true\">\n", attr(k), attr(TextName))
		for _, v := range vals {
			fmt.Fprintf(&b, "      <Choice value=%s/>\n", attr(v))
		}
		b.WriteString("    </Choices>\n")
	}
	textArea := func(k string) {
		fmt.Fprintf(&b, "    <Header value=%s/>\n", attr(k))
		fmt.Fprintf(&b, "    <TextArea name=%s toName=%s perRegion=\"true\" editable=\"true\" maxSubmissions=\"1\" rows=\"2\"/>\n", attr(k), attr(TextName))
	}
	textArea(annotations.AttrNormalizedClaim)
	textArea(annotations.AttrClaimDate)
	b.WriteString("  </View>\n")
	// The note and any other attribute: for every region.
	b.WriteString("  <View visibleWhen=\"region-selected\">\n")
	texts := map[string]bool{NoteName: true}
	for k := range s.texts {
		if !claimControls[k] {
			texts[k] = true
		}
	}
	for _, k := range interchange.SortedAttributeKeys(boolMap(texts)) {
		textArea(k)
	}
	b.WriteString("  </View>\n")
	b.WriteString("</View>\n")
	return b.String()
}

// configLabels returns the scheme's labels and then, by name, the labels
// met in the documents that the scheme does not hold (with their colour
// from annotations.NewLabelColor), each with a colour.
func configLabels(scheme []annotations.Label, s seen) []annotations.Label {
	var out []annotations.Label
	known := map[string]bool{}
	for _, l := range scheme {
		if known[l.Name] {
			continue
		}
		known[l.Name] = true
		out = append(out, l)
	}
	for _, name := range slices.Sorted(maps.Keys(s.labels)) {
		if !known[name] {
			out = append(out, annotations.Label{Name: name, Kind: s.labels[name], Color: annotations.NewLabelColor(name)})
		}
	}
	return out
}

// ReservedKeys are the keys Label Studio's frontend binds itself (its
// keymap.json, 1.x and current: u unselects a region, enter, escape,
// backspace and delete act on regions; and r and h, which it leaves out of
// the hotkeys it assigns itself), so no label gets one.
var ReservedKeys = map[string]bool{
	"u": true, "r": true, "h": true, "enter": true, "escape": true, "backspace": true, "delete": true,
	"left": true, "right": true, "space": true,
}

// hotkeyOrder is the order in which Label Studio's frontend assigns free
// keys to controls without one (Hotkey.makeComb).
const hotkeyOrder = "1234567890qwetasdfgzxcvbyiopjklnm"

// Hotkeys returns a hotkey for each label, in order: the label's own
// hotkey when it has one that Label Studio does not reserve (ReservedKeys)
// and no earlier label took; otherwise the first letter of its name that is
// free (WEBSITE → w), else the first free key in the order Label Studio
// assigns them ("" when none is left). Every label thus has a key, and keys
// never repeat.
func Hotkeys(labels []annotations.Label) []string {
	out := make([]string, len(labels))
	used := map[string]bool{}
	free := func(k string) bool { return k != "" && !used[k] && !ReservedKeys[k] }
	for i, l := range labels {
		if k := strings.ToLower(l.Hotkey); free(k) {
			out[i], used[k] = k, true
		}
	}
	for i, l := range labels {
		if out[i] != "" {
			continue
		}
		for _, r := range strings.ToLower(l.Name) + hotkeyOrder {
			if k := string(r); strings.ContainsRune(hotkeyOrder, r) && free(k) {
				out[i], used[k] = k, true
				break
			}
		}
	}
	return out
}

// regionAttributes returns the attributes a labels region's value repeats:
// the span's attributes, without a "note" attribute that its own note
// replaces (as in the per-region results).
func regionAttributes(s annotations.Span) map[string]string {
	if len(s.Attributes) == 0 {
		return nil
	}
	out := make(map[string]string, len(s.Attributes))
	for k, v := range s.Attributes {
		if k == NoteName && s.Note != "" {
			continue
		}
		out[k] = v
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func boolMap(m map[string]bool) map[string]string {
	out := make(map[string]string, len(m))
	for k := range m {
		out[k] = ""
	}
	return out
}

// attr quotes s as an XML attribute value.
func attr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\n':
			b.WriteString("&#10;")
		case '\t':
			b.WriteString("&#9;")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
