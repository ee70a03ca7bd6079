package jsonl

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// marshalReflect is the encoder as it was before the hand-written one:
// the article struct through encoding/json. The hand-written encoder must
// give the same bytes.
func marshalReflect(d *annotations.Document) ([]byte, error) {
	if err := annotations.ValidateDocument(d); err != nil {
		return nil, err
	}
	ptr := func(i int) *int { return &i }
	a := d.Article
	text := a.Text
	off := annotations.NewOffsets(text)
	out := article{
		ID: a.ID, Title: a.Title, Text: &text, Lang: a.Lang,
		Direction: string(a.Direction), Source: a.Source, Status: string(a.Status),
		Note: a.Note, TextSHA256: annotations.TextHash(text), OffsetUnit: OffsetUnit,
		Spans: make([]span, 0, len(d.Spans)), Relations: make([]relation, 0, len(d.Relations)),
		CreatedAt: formatTime(a.CreatedAt), UpdatedAt: formatTime(a.UpdatedAt),
	}
	spans := append([]annotations.Span(nil), d.Spans...)
	sort.SliceStable(spans, func(i, j int) bool {
		x, y := spans[i], spans[j]
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.End != y.End {
			return x.End < y.End
		}
		return x.ID < y.ID
	})
	annotator := ""
	for i, s := range spans {
		if i == 0 {
			annotator = s.Annotator
		} else if s.Annotator != annotator {
			annotator = ""
		}
		st := off.Slice(text, s.Start, s.End)
		out.Spans = append(out.Spans, span{
			ID: s.ID, Kind: string(s.Kind), Label: s.Label,
			Start: ptr(s.Start), End: ptr(s.End), Text: &st,
			StartUTF16: ptr(off.UTF16(s.Start)), EndUTF16: ptr(off.UTF16(s.End)),
			StartByte: ptr(off.Byte(s.Start)), EndByte: ptr(off.Byte(s.End)),
			Attributes: s.Attributes, Note: s.Note, Annotator: s.Annotator,
			CreatedAt: formatTime(s.CreatedAt), UpdatedAt: formatTime(s.UpdatedAt),
		})
	}
	out.Annotator = annotator
	rels := append([]annotations.Relation(nil), d.Relations...)
	sort.SliceStable(rels, func(i, j int) bool { return rels[i].ID < rels[j].ID })
	for _, r := range rels {
		out.Relations = append(out.Relations, relation{ID: r.ID, Type: r.Type, From: r.From, To: r.To, CreatedAt: formatTime(r.CreatedAt)})
	}
	sugs := append([]annotations.Suggestion(nil), d.Suggestions...)
	sort.SliceStable(sugs, func(i, j int) bool { return compareSuggestions(sugs[i], sugs[j]) < 0 })
	for _, sg := range sugs {
		out.Suggestions = append(out.Suggestions, suggestion{ID: sg.ID, Label: sg.Label, Start: ptr(sg.Start), End: ptr(sg.End),
			Source: sg.Source, Score: sg.Score, Status: string(sg.Status), KBID: sg.KBID})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestAppendStringMatchesEncodingJSON compares the string escaping with
// encoding/json's (SetEscapeHTML(false)) on every ASCII byte, the
// separators U+2028 and U+2029, invalid UTF-8 and random mixes.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	want := func(s string) string {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		return strings.TrimSuffix(buf.String(), "\n")
	}
	cases := []string{"", "plain", "<b>&amp;</b>", "\u2028\u2029", "\xff", "a\xc3", "\xed\xa0\x80", "مرحباً 🙂 \u200d", "\x7f"}
	for b := 0; b < 0x80; b++ {
		cases = append(cases, "x"+string(rune(b))+"y")
	}
	alphabet := []string{"a", "\"", "\\", "\n", "\t", "\x01", "\x1f", "<", "&", "\u2028", "ب", "🇦🇺", "\xff", "\xe2\x80", " ", "\u00e9"}
	rng := rand.New(rand.NewSource(7))
	for range 2000 {
		var sb strings.Builder
		for range rng.Intn(12) {
			sb.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		cases = append(cases, sb.String())
	}
	// Longer strings, so that the eight-byte skip over valid text meets
	// each character needing a look at every alignment and after runs of
	// Arabic, ASCII or other three-byte characters (… starts with 0xE2 too).
	pads := []string{"", "a", "ب", "abc", "مرحبا", "abcdefgh", "بببببببب", "……", "a\u2027"}
	looks := []string{"\"", "\\", "\n", "\x00", "\x1f", "\u2028", "\u2029", "…", "\u2030", "\xe2", "\xff", "🙂"}
	for _, p := range pads {
		for _, l := range looks {
			for n := range 20 {
				body := strings.Repeat("ب", n/2) + strings.Repeat("x", n%2)
				cases = append(cases, p+body+l+body+p, body+l, l+body, body+l+l+body)
			}
		}
	}
	for range 2000 {
		var sb strings.Builder
		for range rng.Intn(60) {
			if rng.Intn(3) > 0 {
				sb.WriteString(pads[rng.Intn(len(pads))])
			} else {
				sb.WriteString(alphabet[rng.Intn(len(alphabet))])
			}
		}
		cases = append(cases, sb.String())
	}
	for _, c := range cases {
		if got, w := string(appendString(nil, c)), want(c); got != w {
			t.Fatalf("appendString(%q) = %s, encoding/json writes %s", c, got, w)
		}
	}
}

// TestEdgesMatchOffsets: the walk that finds the span edges' byte and
// UTF-16 offsets eight bytes at a time gives the offsets of the text's full
// table for random texts of one-, two-, three- and four-byte characters and
// random edges, and refuses an edge past the text.
func TestEdgesMatchOffsets(t *testing.T) {
	chars := []string{"a", " ", "\n", "é", "ب", "ً", "…", "\u2028", "🙂", "𝕏"}
	rng := rand.New(rand.NewSource(11))
	var o offsets
	for range 3000 {
		var sb strings.Builder
		for range rng.Intn(80) {
			c := chars[rng.Intn(len(chars))]
			sb.WriteString(strings.Repeat(c, 1+rng.Intn(9)))
		}
		text := sb.String()
		table := annotations.NewOffsets(text)
		n := table.Len()
		if n == 0 {
			continue
		}
		var spans []annotations.Span
		for range 1 + rng.Intn(6) {
			a, b := rng.Intn(n+1), rng.Intn(n+1)
			if a == b {
				continue
			}
			spans = append(spans, annotations.Span{Start: min(a, b), End: max(a, b)})
		}
		o.reset()
		if !o.edges(text, spans) {
			t.Fatalf("edges(%q, %v) refused edges inside the text", text, spans)
		}
		for _, s := range spans {
			for _, cp := range []int{s.Start, s.End} {
				if b, u := o.byte(cp), o.utf16(cp); b != table.Byte(cp) || u != table.UTF16(cp) {
					t.Fatalf("text %q, edge %d: byte %d, UTF-16 %d; the table says %d, %d", text, cp, b, u, table.Byte(cp), table.UTF16(cp))
				}
			}
		}
		o.reset()
		if o.edges(text, append(spans, annotations.Span{Start: 0, End: n + 1})) {
			t.Fatalf("edges(%q) accepted an edge at %d, past the text's %d code points", text, n+1, n)
		}
	}
}

// TestEncoderMatchesReflection encodes the fixture and random valid
// documents (unsorted spans and relations, attributes, notes, mixed or
// missing annotators, zero and non-UTC times, escapes in every field) with
// both encoders.
func TestEncoderMatchesReflection(t *testing.T) {
	docs := fixture(t)
	rng := rand.New(rand.NewSource(11))
	pick := func(xs ...string) string { return xs[rng.Intn(len(xs))] }
	words := []string{"ترامب", "الابن", "Trump", "\"quoted\"", "a\\b", "tab\there", "🇦🇺", "ويكيليكس", "x\u2028y", "<&>"}
	for n := range 200 {
		var tb strings.Builder
		for i := range 1 + rng.Intn(30) {
			if i > 0 {
				tb.WriteString(pick(" ", "\n", " "))
			}
			tb.WriteString(words[rng.Intn(len(words))])
		}
		text := tb.String()
		idx := annotations.NewTextIndex(text)
		tm := func() time.Time {
			if rng.Intn(4) == 0 {
				return time.Time{}
			}
			return time.Date(2020+rng.Intn(5), 3, 1, 2, 3, 4, rng.Intn(3)*123456789, time.FixedZone("x", 3600*rng.Intn(3)))
		}
		d := annotations.Document{Article: annotations.Article{
			ID: pick("a", "b\"c", "ن"), Title: pick("", "t<i>", "عنوان\n"), Text: text, Lang: pick("", "ar", "en"),
			Direction: annotations.Direction(pick("ltr", "rtl")), Source: pick("", "s.txt"), Status: annotations.Status(pick("todo", "done")),
			Note: pick("", "n\u2029"), CreatedAt: tm(), UpdatedAt: tm(),
		}}
		var ids []string
		for i := range rng.Intn(8) {
			r := idx.WordAt(rng.Intn(idx.Len() + 1))
			if r.End <= r.Start {
				continue
			}
			s := annotations.Span{ID: pick("s", "t", "u") + string(rune('0'+i)), Kind: annotations.Kind(pick("entity", "claim")),
				Label: pick("PERS", "ORG", "x\"y"), Start: r.Start, End: r.End, Note: pick("", "note\\"),
				Annotator: pick("", "mona", "mona"), CreatedAt: tm(), UpdatedAt: tm()}
			if rng.Intn(3) == 0 {
				s.Attributes = map[string]string{annotations.AttrCheckWorthy: "yes", "z-free": pick("v", "\"w\""), "a": ""}
			}
			d.Spans = append(d.Spans, s)
			ids = append(ids, s.ID)
		}
		for i := 0; i+1 < len(ids); i++ {
			if rng.Intn(2) == 0 {
				d.Relations = append(d.Relations, annotations.Relation{ID: pick("r9", "r1", "r5") + string(rune('a'+i)),
					Type: pick("claimant", "cue"), From: ids[i], To: ids[i+1], CreatedAt: tm()})
			}
		}
		if annotations.ValidateDocument(&d) != nil {
			continue // a random id repeated; not the point here
		}
		docs = append(docs, d)
		_ = n
	}
	if len(docs) < 150 {
		t.Fatalf("only %d documents to compare", len(docs))
	}
	for i := range docs {
		want, err := marshalReflect(&docs[i])
		if err != nil {
			t.Fatal(err)
		}
		got, err := marshalLine(&docs[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("document %d:\n got: %s\nwant: %s", i, got, want)
		}
		docs[i].Stored = true
		got, err = marshalLine(&docs[i])
		docs[i].Stored = false
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("document %d marked stored (%v):\n got: %s\nwant: %s", i, err, got, want)
		}
	}
	var buf bytes.Buffer
	enc := NewEncoder(&buf)
	var want []byte
	for i := range docs {
		if err := enc.Encode(&docs[i]); err != nil {
			t.Fatal(err)
		}
		w, _ := marshalReflect(&docs[i])
		want = append(want, w...)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatal("an Encoder reused over many documents writes other bytes than the reflection encoder")
	}
}

// TestEncodeRefusesLikeValidateDocument checks that every document
// ValidateDocument refuses is refused with its message.
func TestEncodeRefusesLikeValidateDocument(t *testing.T) {
	base := fixture(t)[0]
	mut := []func(d *annotations.Document){
		func(d *annotations.Document) { d.Spans[1].ID = d.Spans[0].ID },
		func(d *annotations.Document) { d.Relations[1].ID = d.Relations[0].ID },
		func(d *annotations.Document) { d.Relations[0].To = "nope" },
		func(d *annotations.Document) { d.Relations[0].From = "nope" },
		func(d *annotations.Document) { d.Relations[0].To = d.Relations[0].From },
		func(d *annotations.Document) { d.Relations[0].Type = " " },
		func(d *annotations.Document) { d.Relations[0].ArticleID = "other" },
		func(d *annotations.Document) { d.Spans[2].ArticleID = "other" },
		func(d *annotations.Document) { d.Spans[2].End = 100000 },
		func(d *annotations.Document) { d.Spans[2].Start = d.Spans[2].End },
		func(d *annotations.Document) { d.Spans[2].Label = "" },
		func(d *annotations.Document) { d.Spans[2].Kind = "thing" },
		func(d *annotations.Document) {
			d.Spans[2].Attributes = map[string]string{annotations.AttrVerdict: "maybe"}
		},
		func(d *annotations.Document) { d.Article.Status = "later" },
		func(d *annotations.Document) { d.Article.Title = "\xff" },
	}
	for i, m := range mut {
		d := base
		d.Spans = append([]annotations.Span(nil), base.Spans...)
		d.Relations = append([]annotations.Relation(nil), base.Relations...)
		m(&d)
		want := annotations.ValidateDocument(&d)
		if want == nil {
			t.Fatalf("case %d: ValidateDocument accepts it", i)
		}
		_, err := marshalLine(&d)
		if err == nil || err.Error() != want.Error() {
			t.Errorf("case %d: marshalLine error %v, want %v", i, err, want)
		}
	}
}

// TestEncodeStored: a document a store marks as Stored is encoded without
// validation and with its offsets from one walk over the text, to the same
// bytes; a span edge outside the text still sends it through validation.
func TestEncodeStored(t *testing.T) {
	docs := fixture(t)
	for i := range docs {
		want, err := marshalReflect(&docs[i])
		if err != nil {
			t.Fatal(err)
		}
		docs[i].Stored = true
		got, err := marshalLine(&docs[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("stored document %d:\n got: %s\nwant: %s", i, got, want)
		}
		if len(docs[i].Spans) > 0 {
			docs[i].Spans[0].End = 1 << 20
			if _, err := marshalLine(&docs[i]); err == nil {
				t.Fatalf("stored document %d with a span past its text is encoded", i)
			}
		}
	}
}

// marshalLine returns d as one JSONL line, newline included, as the Encoder
// writes it.
func marshalLine(d *annotations.Document) ([]byte, error) {
	line, err := appendDocument(nil, d, &scratch{})
	if err != nil {
		return nil, err
	}
	return line, nil
}

// formatTime is how the reference encoding writes a time: RFC 3339 with
// nanoseconds in UTC, "" for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
