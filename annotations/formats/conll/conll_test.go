package conll

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

func export(t *testing.T, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, fixture.Documents(), opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestExportGolden(t *testing.T) {
	fixture.Golden(t, "fixture.conll", []byte(export(t, Options{})))
	fixture.Golden(t, "fixture.anercorp.conll", []byte(export(t, Options{LabelMap: ANERcorp})))
}

type parsedDoc struct {
	tokens    []string
	sentences [][]int // token indexes per sentence
	cols      [][]string
}

// parse reads the export back: documents, their sentences and tag columns.
func parse(t *testing.T, out string) []parsedDoc {
	t.Helper()
	var docs []parsedDoc
	width := -1
	var sent []int
	for n, line := range strings.Split(out, "\n") {
		if line == "" {
			if sent != nil {
				d := &docs[len(docs)-1]
				d.sentences = append(d.sentences, sent)
				sent = nil
			}
			continue
		}
		if strings.HasPrefix(line, "# ") {
			continue // the columns header and article metadata
		}
		f := strings.Split(line, "\t")
		if width < 0 {
			width = len(f)
		} else if len(f) != width {
			t.Fatalf("line %d has %d columns, want %d: %q", n+1, len(f), width, line)
		}
		if f[0] == "-DOCSTART-" {
			if sent != nil {
				t.Fatalf("line %d: -DOCSTART- without a blank line before it", n+1)
			}
			docs = append(docs, parsedDoc{cols: make([][]string, width-1)})
			continue
		}
		d := &docs[len(docs)-1]
		sent = append(sent, len(d.tokens))
		d.tokens = append(d.tokens, f[0])
		for c := 1; c < width; c++ {
			d.cols[c-1] = append(d.cols[c-1], f[c])
		}
	}
	return docs
}

// TestExportSlices decodes the BIO columns into token ranges, maps them to
// code points through the article's tokens, slices the text and compares
// with the fixture's spans (all token-aligned). It also checks that the
// token column is the text's tokens and that no sentence starts inside a span.
func TestExportSlices(t *testing.T) {
	want := fixture.Documents()
	docs := parse(t, export(t, Options{}))
	if len(docs) != len(want) {
		t.Fatalf("got %d documents", len(docs))
	}
	var got [][]string
	for i, d := range docs {
		text := want[i].Article.Text
		toks := annotations.Tokens(text)
		if len(toks) != len(d.tokens) {
			t.Fatalf("document %d: %d tokens, want %d", i, len(d.tokens), len(toks))
		}
		for k, tk := range toks {
			s, _ := fixture.Slice(text, tk.Start, tk.End)
			if s != d.tokens[k] {
				t.Errorf("token %d = %q, want %q", k, d.tokens[k], s)
			}
		}
		for _, sent := range d.sentences {
			for _, c := range d.cols {
				if strings.HasPrefix(c[sent[0]], "I-") {
					t.Errorf("document %d: a sentence starts with %s at token %q", i, c[sent[0]], d.tokens[sent[0]])
				}
			}
		}
		var texts []string
		for _, c := range d.cols {
			for k := 0; k < len(c); k++ {
				if !strings.HasPrefix(c[k], "B-") {
					if strings.HasPrefix(c[k], "I-") && (k == 0 || c[k-1] == "O") {
						t.Errorf("I- tag without B- at token %d", k)
					}
					continue
				}
				label, last := c[k][2:], k
				for last+1 < len(c) && c[last+1] == "I-"+label {
					last++
				}
				s, err := fixture.Slice(text, toks[k].Start, toks[last].End)
				if err != nil {
					t.Fatal(err)
				}
				texts = append(texts, label+"\t"+s)
			}
		}
		got = append(got, texts)
	}
	fixture.CompareLabelTexts(t, want, got)
	// Nested spans: OCC مؤسس موقع ويكيليكس in layer 1, ORG ويكيليكس in layer 2.
	ar := docs[0]
	for k, tok := range ar.tokens {
		if tok == "مؤسس" && ar.cols[0][k] != "B-OCC" {
			t.Errorf("مؤسس tagged %q in the outer layer", ar.cols[0][k])
		}
		if tok == "موقع" && (ar.cols[0][k+1] != "I-OCC" || ar.cols[1][k+1] != "B-ORG") {
			t.Errorf("ويكيليكس tagged %q / %q", ar.cols[0][k+1], ar.cols[1][k+1])
		}
	}
}

func TestANERcorpCollapse(t *testing.T) {
	out := export(t, Options{LabelMap: ANERcorp})
	for _, gone := range []string{"-DATE", "-OCC", "-GPE"} {
		if strings.Contains(out, gone) {
			t.Errorf("ANERcorp export still has %s", gone)
		}
	}
	// CUE is not in the map, so it keeps its name.
	if !strings.Contains(out, "روسيا\tB-LOC") || !strings.Contains(out, "B-CUE") || !strings.Contains(out, "B-CLAIM") {
		t.Error("GPE not collapsed to LOC, or an unlisted label or the claims lost")
	}
}

func TestLayers(t *testing.T) {
	// A crossing pair and a nested pair: three spans, two layers.
	got := layers([]tagged{{"A", 0, 2}, {"B", 2, 5}, {"C", 3, 3}})
	if len(got) != 2 || got[0][0].label != "B" || got[1][0].label != "A" || got[0][0].first != 2 || len(got[1]) != 2 {
		t.Errorf("layers = %+v", got)
	}
}

func TestSentences(t *testing.T) {
	doc := annotations.Document{Article: annotations.Article{Text: "قال عمر. هل جاء؟ نعم\nلا"}}
	var buf bytes.Buffer
	if err := Export(&buf, []annotations.Document{doc}, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "# columns: token entity1 claim1\n-DOCSTART-\tO\tO\n\nقال\tO\tO\nعمر\tO\tO\n.\tO\tO\n\nهل\tO\tO\nجاء\tO\tO\n؟\tO\tO\n\nنعم\tO\tO\n\nلا\tO\tO\n\n"
	if buf.String() != want {
		t.Errorf("got\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestRefusesSpanOutsideText(t *testing.T) {
	doc := annotations.Document{Article: annotations.Article{ID: "a1", Text: "abc"}, Spans: []annotations.Span{{ID: "s", Label: "X", Start: 1, End: 7}}}
	err := Export(&bytes.Buffer{}, []annotations.Document{doc}, Options{})
	if annotations.ErrorCode(err) != annotations.EINVALID || !strings.Contains(err.Error(), `"a1"`) {
		t.Errorf("err = %v", err)
	}
}
