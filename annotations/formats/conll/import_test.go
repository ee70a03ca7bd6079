package conll

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

// labelTexts returns doc's spans as sorted "LABEL\ttext" strings.
func labelTexts(doc annotations.Document) []string {
	var out []string
	for _, s := range doc.Spans {
		out = append(out, s.Label+"\t"+fixture.SpanText(&doc, s))
	}
	sort.Strings(out)
	return out
}

func importFile(t *testing.T, name string) []annotations.Document {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpora", name))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(bytes.NewReader(b), name, annotations.DefaultScheme())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("%s: warnings %q", name, res.Warnings)
	}
	return res.Documents
}

// TestImportCorpora reads a hand-written sample in the exact layout of each
// Arabic NER corpus and checks the rebuilt text and the spans.
func TestImportCorpora(t *testing.T) {
	for _, tc := range []struct {
		file  string
		texts []string // per article
		spans [][]string
	}{
		{
			// Wojood nested: several space-separated tags per token, outer first.
			file: "wojood.txt",
			texts: []string{"ذكرت وزارة الصحة الفلسطينية في رام الله أن الدكتورة مي الكيلة زارت المستشفى .\n" +
				"وقال رئيس الوزراء الفلسطيني محمد اشتية إن 2020 عام صعب ."},
			spans: [][]string{{"DATE\t2020 عام", "GPE\tرام الله", "NORP\tالفلسطيني", "NORP\tالفلسطينية",
				"OCC\tالدكتورة", "OCC\tرئيس الوزراء الفلسطيني", "ORG\tوزارة الصحة الفلسطينية",
				"PERS\tالدكتورة مي الكيلة", "PERS\tمحمد اشتية"}},
		},
		{
			// ANERcorp: "token TAG", no blank lines between sentences.
			file:  "anercorp.txt",
			texts: []string{"فرانكفورت (د ب أ) أعلن اتحاد صناعة السيارات في ألمانيا أمس أن شركة فولكس فاغن تعاقدت مع مايكل شوماخر في سباق الفورمولا واحد ."},
			spans: [][]string{{"LOC\tألمانيا", "LOC\tفرانكفورت", "MISC\tسباق الفورمولا واحد",
				"ORG\tاتحاد صناعة السيارات", "ORG\tفولكس فاغن", "PERS\tمايكل شوماخر"}},
		},
		{
			// AQMAR: "token TAG" with its PER and MIS0-MIS3 classes.
			file:  "aqmar.txt",
			texts: []string{"كان ابن سينا طبيبا وفيلسوفا ولد في أفشنة قرب بخارى .\nألف كتاب القانون في الطب الذي درس في جامعة مونبلييه ."},
			spans: [][]string{{"LOC\tأفشنة", "LOC\tبخارى", "MIS0\tالقانون في الطب", "ORG\tجامعة مونبلييه", "PER\tابن سينا"}},
		},
		{
			// CANERCorpus: bare tags, no B-/I- prefix.
			file:  "canercorpus.txt",
			texts: []string{"حدثنا عبد الله بن يوسف قال أخبرنا مالك عن نافع أن رسول الله صلى الله عليه وسلم قال في المدينة"},
			spans: [][]string{{"Allah\tالله", "Location\tالمدينة", "Person\tعبد الله بن يوسف", "Person\tمالك",
				"Person\tنافع", "Prophet\tرسول الله"}},
		},
		{
			// CoNLL-2003 layout: token POS chunk NER; the chunk column is not NER.
			file:  "conll2003.txt",
			texts: []string{"أعلنت وزارة الخارجية المصرية في القاهرة .", "زار أحمد زويل باريس ."},
			spans: [][]string{{"LOC\tالقاهرة", "ORG\tوزارة الخارجية المصرية"}, {"LOC\tباريس", "PER\tأحمد زويل"}},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			docs := importFile(t, tc.file)
			if len(docs) != len(tc.texts) {
				t.Fatalf("%d articles, want %d", len(docs), len(tc.texts))
			}
			for i, d := range docs {
				if d.Article.Text != tc.texts[i] {
					t.Errorf("article %d text\n got %q\nwant %q", i, d.Article.Text, tc.texts[i])
				}
				if got := labelTexts(d); strings.Join(got, "|") != strings.Join(tc.spans[i], "|") {
					t.Errorf("article %d spans\n got %q\nwant %q", i, got, tc.spans[i])
				}
				if d.Article.Lang != "ar" || d.Article.Direction != annotations.RTL || d.Article.Source != tc.file {
					t.Errorf("article %d: %+v", i, d.Article)
				}
			}
		})
	}
}

// TestImportNestedSpans: Wojood's nested tags give spans inside spans.
func TestImportNestedSpans(t *testing.T) {
	d := importFile(t, "wojood.txt")[0]
	var org, norp annotations.Span
	for _, s := range d.Spans {
		switch fixture.SpanText(&d, s) {
		case "وزارة الصحة الفلسطينية":
			org = s
		case "الفلسطينية":
			norp = s
		}
	}
	if org.Label != "ORG" || norp.Label != "NORP" || norp.Start < org.Start || norp.End != org.End {
		t.Errorf("ORG %+v, NORP %+v: NORP should end the ORG", org, norp)
	}
}

// TestRoundTripFlavors exports the fixture in each flavour and imports it
// back: the spans each flavour holds come back with their labels and texts.
func TestRoundTripFlavors(t *testing.T) {
	want := fixture.Documents()
	for _, f := range []Flavor{Columns, CoNLL2003, Wojood} {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Export(&buf, fixture.Documents(), Options{Flavor: f}); err != nil {
				t.Fatal(err)
			}
			res, err := Import(bytes.NewReader(buf.Bytes()), "fixture.conll", fixture.Scheme())
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings %q", res.Warnings)
			}
			got := res.Documents
			if f == Wojood { // no document lines: one article
				if len(got) != 1 {
					t.Fatalf("%d articles, want 1", len(got))
				}
			} else if len(got) != len(want) {
				t.Fatalf("%d articles, want %d", len(got), len(want))
			}
			var all []string
			for _, d := range got {
				all = append(all, labelTexts(d)...)
			}
			var exp []string
			for i := range want {
				a := article{}
				a, _ = prepare(&want[i], Options{})
				for l, layer := range a.entities {
					if f == CoNLL2003 && l > 0 {
						continue
					}
					for _, s := range layer {
						exp = append(exp, s.label+"\t"+tokenText(want[i].Article.Text, a, s))
					}
				}
				if f == Columns {
					for _, layer := range a.claims {
						for _, s := range layer {
							exp = append(exp, s.label+"\t"+tokenText(want[i].Article.Text, a, s))
						}
					}
				}
			}
			sort.Strings(all)
			sort.Strings(exp)
			if strings.Join(all, "\n") != strings.Join(exp, "\n") {
				t.Errorf("spans\n got %q\nwant %q", all, exp)
			}
			if f == Columns {
				for i, d := range got {
					w := want[i].Article
					if d.Article.ID != w.ID || d.Article.Title != w.Title || d.Article.Source != w.Source || d.Article.Status != w.Status {
						t.Errorf("article %d metadata: got %q %q %q %q", i, d.Article.ID, d.Article.Title, d.Article.Source, d.Article.Status)
					}
					for _, s := range d.Spans {
						if s.Label == "CLAIM" && s.Kind != annotations.KindClaim {
							t.Errorf("claim %+v read as %s", s, s.Kind)
						}
					}
				}
			}
		})
	}
}

// tokenText is the tokens of s joined by single spaces, as the importer
// rebuilds them (the fixture's spans within one sentence).
func tokenText(text string, a article, s tagged) string {
	var parts []string
	for i := s.first; i <= s.last; i++ {
		parts = append(parts, clean(string(a.text[a.tokens[i].Start:a.tokens[i].End])))
	}
	_ = text
	return strings.Join(parts, " ")
}

func TestImportIOB1(t *testing.T) {
	in := "محمد I-PERS\nعلي I-PERS\nفي O\nدبي I-LOC\n"
	res, err := Import(strings.NewReader(in), "iob1.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := labelTexts(res.Documents[0]); strings.Join(got, "|") != "LOC\tدبي|PERS\tمحمد علي" {
		t.Errorf("spans %q", got)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "iob1.txt:1:") || !strings.Contains(res.Warnings[0], "2 I- tags") {
		t.Errorf("warnings %q", res.Warnings)
	}
}

func TestImportBIOES(t *testing.T) {
	in := "محمد B-PERS\nعلي E-PERS\nفي O\nدبي S-LOC\nأبو S-LOC\n"
	res, err := Import(strings.NewReader(in), "bioes.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := labelTexts(res.Documents[0]); strings.Join(got, "|") != "LOC\tأبو|LOC\tدبي|PERS\tمحمد علي" {
		t.Errorf("spans %q", got)
	}
}

// badFiles are refused with the file name and the line of the fault.
var badFiles = []fixture.BadInput{
	{"ragged", "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP\n", "bad.conll:4: 3 columns, where line 3 has 4"},
	{"ragged tabs", "a\tO\tO\nb\tO\n", "bad.conll:2: 2 columns, where line 1 has 3"},
	{"unknown prefix", "محمد X-PERS\nعلي O\n", "bad.conll:1: column 2: tag \"X-PERS\" has the unknown prefix"},
	{"mixed bare and prefixed", "محمد B-PERS\nعلي PERS\n", "bad.conll:2: column 2: the tag \"PERS\" has no B- or I- prefix"},
	{"invalid UTF-8", "محمد O\nع\xffلي O\n", "bad.conll:2: the line is not valid UTF-8"},
	{"NUL", "a O\nb\x00 O\n", "bad.conll:2: the line holds a NUL byte"},
	{"no tag column", "محمد\nعلي\n", "bad.conll:1: a token line needs a token"},
	{"not a tag", "{\"text\": \"a b\"}\n", "bad.conll:1: column 3 holds"},
	{"header width", "# columns: token entity1 claim1\na\tO\n", "bad.conll:2: 2 columns, but the # columns: header names 3"},
}

func TestImportRefusesBadFiles(t *testing.T) {
	fixture.CheckRefusals(t, badFiles, func(in string) error {
		_, err := Import(strings.NewReader(in), "bad.conll", nil)
		return err
	})
}

func FuzzImport(f *testing.F) {
	for _, fl := range []Flavor{Columns, CoNLL2003, Wojood} {
		var buf bytes.Buffer
		if err := Export(&buf, fixture.Documents(), Options{Flavor: fl}); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	for _, tc := range badFiles {
		f.Add([]byte(tc.In()))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := Import(bytes.NewReader(in), "fuzz.conll", nil)
		fixture.CheckImported(t, res.Documents, err)
	})
}

// TestImportHeaderlessColumns reads the tab-separated export of earlier
// Hamesh versions (no "# columns:" header, no metadata lines): every column
// after the token is a layer, CLAIM spans get their kind from the scheme.
func TestImportHeaderlessColumns(t *testing.T) {
	var buf bytes.Buffer
	if err := Export(&buf, fixture.Documents(), Options{}); err != nil {
		t.Fatal(err)
	}
	var old []string
	for _, l := range strings.Split(buf.String(), "\n") {
		if !strings.HasPrefix(l, "# ") {
			old = append(old, l)
		}
	}
	res, err := Import(strings.NewReader(strings.Join(old, "\n")), "old.conll", fixture.Scheme())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) != 2 {
		t.Fatalf("%d articles", len(res.Documents))
	}
	n, claims := 0, 0
	for _, d := range res.Documents {
		n += len(d.Spans)
		for _, s := range d.Spans {
			if s.Kind == annotations.KindClaim {
				claims++
			}
		}
	}
	if n != 18 || claims != 2 {
		t.Errorf("%d spans, %d claims; want 18 and 2", n, claims)
	}
}
