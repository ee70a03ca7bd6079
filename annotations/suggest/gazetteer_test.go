package suggest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

func mustGazetteer(t testing.TB, entries ...Entry) *Gazetteer {
	t.Helper()
	g, err := NewGazetteer("test", entries)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// The issue's case: ويكيليكس ORG finds the name in quotes, after و" and
// glued to its و, and nowhere else.
func TestGazetteerSeedWikileaks(t *testing.T) {
	text := seedText(t)
	g := mustGazetteer(t, Entry{Text: "ويكيليكس", Label: "ORG", KBID: "Q359"})
	got, err := g.Suggest(context.Background(), Input{ArticleID: "seed", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	want := annotations.Find(text, "ويكيليكس")
	if len(got) != len(want) || len(got) != 8 {
		t.Fatalf("%d suggestions, find bar finds %d, want 8: %v", len(got), len(want), texts(text, got))
	}
	sawQuotedAfterWa := false
	off := annotations.NewOffsets(text)
	for i, s := range got {
		if s.Start != want[i].Start || s.End != want[i].End {
			t.Errorf("suggestion %d at [%d,%d), find bar at %v", i, s.Start, s.End, want[i])
		}
		if s.Label != "ORG" || s.Source != "test" || s.KBID != "Q359" || s.Status != Pending || s.ArticleID != "seed" {
			t.Errorf("suggestion %d: %+v", i, s)
		}
		if off.Slice(text, s.Start, s.End) != "ويكيليكس" {
			t.Errorf("suggestion %d covers %q", i, off.Slice(text, s.Start, s.End))
		}
		if s.Start >= 2 && off.Slice(text, s.Start-2, s.Start) == "و\"" {
			sawQuotedAfterWa = true
		}
	}
	if !sawQuotedAfterWa {
		t.Error("و\"ويكيليكس\" not suggested")
	}
}

func TestGazetteerClitics(t *testing.T) {
	text := "زار وويكيليكس ثم للمغرب والمغرب بالمغرب المغربي مالمغرب، وعاد إلى نيويورك تايمز ونيويورك  تايمز. Reuters and REUTERS but not Reutersx; أمريكا."
	g := mustGazetteer(t,
		Entry{Text: "ويكيليكس", Label: "ORG"},
		Entry{Text: "المغرب", Label: "GPE"},
		Entry{Text: "نيويورك تايمز", Label: "ORG"},
		Entry{Text: "نيويورك", Label: "GPE"},
		Entry{Text: "reuters", Label: "ORG"},
		Entry{Text: "أمريكا", Label: "GPE"},
		Entry{Text: "أمريكا", Label: "LOC"},
	)
	got, err := g.Suggest(context.Background(), Input{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	var summary []string
	for i, s := range got {
		summary = append(summary, texts(text, got)[i]+"/"+s.Label)
	}
	want := []string{"وويكيليكس/ORG", "للمغرب/GPE", "والمغرب/GPE", "بالمغرب/GPE", "نيويورك تايمز/ORG", "ونيويورك  تايمز/ORG", "Reuters/ORG", "REUTERS/ORG", "أمريكا/GPE", "أمريكا/LOC"}
	if !reflect.DeepEqual(summary, want) {
		t.Errorf("got  %q\nwant %q", summary, want)
	}
	// The find bar agrees on every single-name entry.
	for _, q := range []struct{ text, label string }{{"المغرب", "GPE"}, {"ويكيليكس", "ORG"}, {"reuters", "ORG"}} {
		var mine []annotations.Range
		for _, s := range got {
			if s.Label == q.label && !strings.Contains(texts(text, []Suggestion{s})[0], "تايمز") {
				mine = append(mine, annotations.Range{Start: s.Start, End: s.End})
			}
		}
		mine = filterFold(text, mine, strings.TrimPrefix(q.text, "ال"))
		if find := annotations.Find(text, q.text); !reflect.DeepEqual(mine, find) {
			t.Errorf("%s: gazetteer %v, find bar %v", q.text, mine, find)
		}
	}
}

func TestGazetteerLamLamQuery(t *testing.T) {
	text := "قال للأمم المتحدة والأمم المتحدة"
	g := mustGazetteer(t, Entry{Text: "للأمم المتحدة", Label: "ORG"})
	got, _ := g.Suggest(context.Background(), Input{Text: text})
	if tx := texts(text, got); !reflect.DeepEqual(tx, []string{"للأمم المتحدة", "والأمم المتحدة"}) {
		t.Errorf("got %q", tx)
	}
}

func TestGazetteerSkipsLabelledAndCancels(t *testing.T) {
	text := "ويكيليكس و ويكيليكس"
	g := mustGazetteer(t, Entry{Text: "ويكيليكس", Label: "ORG"})
	got, _ := g.Suggest(context.Background(), Input{Text: text, Spans: []annotations.Span{{Label: "ORG", Start: 0, End: 8}}})
	if len(got) != 1 || got[0].Start != 11 {
		t.Errorf("got %+v, want only the second", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Suggest(ctx, Input{Text: text}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err %v", err)
	}
}

func TestReadEntriesFormats(t *testing.T) {
	want := []Entry{{"ويكيليكس", "ORG", "Q359"}, {"جوليان أسانج", "PERS", ""}, {"لندن، إنجلترا", "GPE", ""}}
	for name, data := range map[string]string{
		"g.tsv":   "text\tlabel\tkb_id\nويكيليكس\tORG\tQ359\n\nجوليان أسانج\tPERS\r\nلندن، إنجلترا\tGPE\n",
		"g.csv":   "\uFEFFويكيليكس,ORG,Q359\n\"جوليان أسانج\",PERS\n\"لندن، إنجلترا\",GPE\n",
		"g.jsonl": `{"text":"ويكيليكس","label":"ORG","kb_id":"Q359"}` + "\n" + `{"text":"جوليان أسانج","label":"PERS"}` + "\n\n" + `{"label":"GPE","text":"لندن، إنجلترا"}` + "\n",
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadEntries(strings.NewReader(data), name, FormatOf(name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q", name, got)
		}
		g, err := LoadGazetteer(path)
		if err != nil || g.Name() != "g" || g.Len() != 3 {
			t.Errorf("%s: LoadGazetteer: %v, %+v", name, err, g)
		}
	}
}

func TestReadEntriesRefusesMalformed(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"a.tsv", "ويكيليكس\tORG\nأسانج\n", "a.tsv:2: 1 fields"},
		{"a.tsv", "ويكيليكس\tORG\tQ1\textra\n", "a.tsv:1: 4 fields"},
		{"a.tsv", "ويكيليكس\t\n", "a.tsv:1: empty label"},
		{"a.tsv", "x\tORG\n\tPERS\n", "a.tsv:2: empty text"},
		{"a.tsv", "x\tORG\n\n\xff\xfe\tPERS\n", "a.tsv:3: not valid UTF-8"},
		{"a.tsv", "جوليان\tPERS Q1\n", "a.tsv:1: label \"PERS Q1\" has spaces"},
		{"a.tsv", "\u064e\u064f\tPERS\n", "a.tsv:1: text"},
		{"b.csv", "x,ORG\n\"unclosed,ORG\n", "b.csv:2:"},
		{"b.csv", "x,ORG\ny\n", "b.csv:2: 1 fields"},
		{"c.jsonl", "{\"text\":\"x\",\"label\":\"ORG\"}\n{\"text\":\"y\"}\n", "c.jsonl:2: \"text\" and \"label\" are required"},
		{"c.jsonl", "{\"text\":\"x\",\"label\":\"ORG\"}\nnot json\n", "c.jsonl:2: not a JSON object"},
		{"c.jsonl", "{\"text\":\"x\",\"labl\":\"ORG\"}\n", "c.jsonl:1: not a JSON object"},
		{"c.jsonl", "{\"text\":\"x\",\"label\":3}\n", "c.jsonl:1: not a JSON object"},
	} {
		got, err := ReadEntries(strings.NewReader(c.data), c.name, FormatOf(c.name))
		if err == nil || !strings.Contains(err.Error(), c.want) || got != nil {
			t.Errorf("%s %q: err %v, entries %v; want error containing %q", c.name, c.data, err, got, c.want)
		}
		if annotations.ErrorCode(err) != annotations.EINVALID {
			t.Errorf("%s %q: code %q", c.name, c.data, annotations.ErrorCode(err))
		}
	}
	if _, err := LoadGazetteer(filepath.Join(t.TempDir(), "missing.tsv")); err == nil || !strings.Contains(err.Error(), "missing.tsv") {
		t.Errorf("missing file: %v", err)
	}
}

// filterFold keeps the ranges whose folded text contains q folded.
func filterFold(text string, rs []annotations.Range, q string) []annotations.Range {
	off := annotations.NewOffsets(text)
	var out []annotations.Range
	for _, r := range rs {
		if strings.Contains(annotations.FoldString(off.Slice(text, r.Start, r.End)), annotations.FoldString(q)) {
			out = append(out, r)
		}
	}
	return out
}

// Every word and every two-word phrase of the seed, as a one-entry
// gazetteer, finds exactly what the find bar finds.
func TestGazetteerAgreesWithFind(t *testing.T) {
	text := seedText(t)
	off := annotations.NewOffsets(text)
	words := annotations.Words(text)
	seen := map[string]bool{}
	checked := 0
	for i, w := range words {
		for _, q := range []string{off.Slice(text, w.Start, w.End), func() string {
			if i+1 < len(words) {
				return off.Slice(text, w.Start, words[i+1].End)
			}
			return ""
		}()} {
			if q == "" || seen[q] {
				continue
			}
			seen[q] = true
			g, err := NewGazetteer("q", []Entry{{Text: q, Label: "X"}})
			if err != nil {
				continue // no letters or digits
			}
			got, err := g.Suggest(context.Background(), Input{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			var rs []annotations.Range
			for _, s := range got {
				rs = append(rs, annotations.Range{Start: s.Start, End: s.End})
			}
			if want := annotations.Find(text, q); !reflect.DeepEqual(rs, want) {
				t.Errorf("%q: gazetteer %v, find bar %v", q, rs, want)
			}
			checked++
		}
	}
	if checked < 500 {
		t.Errorf("only %d queries checked", checked)
	}
}
