package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
	"github.com/hamesh-app/hamesh/annotations/formats/jsonl"
)

func exportDir(t *testing.T, docs []annotations.Document, opts Options) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	if err := Export(dir, docs, fixture.Scheme(), opts); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return dir, names
}

func TestExportGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		opts   Options
		files  []string
	}{
		{"whole", Options{Name: "Fixture"}, []string{"README.md", "data.jsonl", "labels.json"}},
		{"split", Options{Name: "Fixture: split", Split: "50/50", Seed: 7}, []string{"README.md", "labels.json", "test.jsonl", "train.jsonl"}},
	} {
		dir, names := exportDir(t, fixture.Documents(), tc.opts)
		if strings.Join(names, " ") != strings.Join(tc.files, " ") {
			t.Fatalf("%s: files = %v, want %v", tc.golden, names, tc.files)
		}
		for _, n := range names {
			b, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil {
				t.Fatal(err)
			}
			fixture.Golden(t, filepath.Join(tc.golden, n), b)
		}
	}
}

// TestDataSlices checks every span of data.jsonl three ways, as a consumer
// would: code points (Python), UTF-16 units (JavaScript), UTF-8 bytes (Go),
// each slice equal to the span's text and to the fixture's span.
func TestDataSlices(t *testing.T) {
	dir, _ := exportDir(t, fixture.Documents(), Options{})
	b, err := os.ReadFile(filepath.Join(dir, "data.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var a struct {
			Text  string `json:"text"`
			Spans []struct {
				Label      string
				Text       string
				Start, End int
				StartUTF16 int `json:"start_utf16"`
				EndU16     int `json:"end_utf16"`
				StartByte  int `json:"start_byte"`
				EndByte    int `json:"end_byte"`
			} `json:"spans"`
		}
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		u16 := utf16.Encode([]rune(a.Text))
		var texts []string
		for _, s := range a.Spans {
			cp, err := fixture.Slice(a.Text, s.Start, s.End)
			if err != nil {
				t.Fatal(err)
			}
			js := string(utf16.Decode(u16[s.StartUTF16:s.EndU16]))
			by := a.Text[s.StartByte:s.EndByte]
			if cp != s.Text || js != s.Text || by != s.Text {
				t.Errorf("span %s: text %q, code points %q, UTF-16 %q, bytes %q", s.Label, s.Text, cp, js, by)
			}
			texts = append(texts, s.Label+"\t"+cp)
		}
		got = append(got, texts)
	}
	fixture.CompareLabelTexts(t, fixture.Documents(), got)
}

// TestDataDecodes reads data.jsonl back with the native decoder.
func TestDataDecodes(t *testing.T) {
	dir, _ := exportDir(t, fixture.Documents(), Options{})
	f, err := os.Open(filepath.Join(dir, "data.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := jsonl.Decode(f, "data.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	fixture.Compare(t, fixture.Documents(), docs, fixture.Holds{Kinds: true, Attributes: true, Notes: true, Relations: true, Article: true})
}

func TestReadmeCounts(t *testing.T) {
	dir, _ := exportDir(t, fixture.Documents(), Options{Name: "Fixture"})
	b, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	card := string(b)
	for _, want := range []string{
		"2 articles (ar: 1, en: 1)", "18 spans (16 entities, 2 claims) and 3 relations",
		"| PERS | entity | 5 | 2 |", "| ORG | entity | 5 | 2 |", "| CLAIM | claim | 2 | 2 |",
		"| LOC | entity | 0 | 0 |", "| CUE | entity | 1 | 1 | (not in the scheme) |",
		"| entity | 16 |", "| claim | 2 |", "| verdict | unverifiable | 1 |", "| normalized_claim | (free text) | 1 |",
		"| claimant | 2 |", "| cue | 1 |", "| mona | 18 |",
		"Unicode code points", `load_dataset("json", data_files={"train": "data.jsonl"})`, "pd.read_json(\"data.jsonl\"",
		"language:\n- ar\n- en\n",
	} {
		if !strings.Contains(card, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
	dir, _ = exportDir(t, many(10), Options{Split: "80/10/10", Seed: 3})
	b, _ = os.ReadFile(filepath.Join(dir, "README.md"))
	for _, want := range []string{"split: validation\n    path: dev.jsonl", `"validation": "dev.jsonl"`, "80/10/10 (train/dev/test), with seed 3", "| `train.jsonl` | train | 8 |"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("split README.md lacks %q", want)
		}
	}
}

func many(n int) []annotations.Document {
	var out []annotations.Document
	for i := 0; i < n; i++ {
		d := fixture.Documents()[i%2]
		d.Article.ID = fmt.Sprintf("doc-%02d", i)
		for j := range d.Spans {
			d.Spans[j].ArticleID = d.Article.ID
		}
		for j := range d.Relations {
			d.Relations[j].ArticleID = d.Article.ID
		}
		out = append(out, d)
	}
	return out
}

func TestSplit(t *testing.T) {
	docs := many(20)
	a := Split(docs, []int{80, 10, 10}, 1)
	if len(a[0]) != 16 || len(a[1]) != 2 || len(a[2]) != 2 {
		t.Fatalf("sizes %d/%d/%d, want 16/2/2", len(a[0]), len(a[1]), len(a[2]))
	}
	seen := map[int]bool{}
	for _, part := range a {
		if !sort.IntsAreSorted(part) {
			t.Errorf("part %v is not in export order", part)
		}
		for _, i := range part {
			if seen[i] {
				t.Errorf("article %d in two parts", i)
			}
			seen[i] = true
		}
	}
	if len(seen) != 20 {
		t.Errorf("%d articles placed, want 20", len(seen))
	}
	if b := Split(docs, []int{80, 10, 10}, 1); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("the same seed gave another split")
	}
	if c := Split(docs, []int{80, 10, 10}, 2); fmt.Sprint(a) == fmt.Sprint(c) {
		t.Error("another seed gave the same split")
	}
	// Reordering the input does not move articles between parts.
	rev := append([]annotations.Document(nil), docs...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	r := Split(rev, []int{80, 10, 10}, 1)
	for p := range a {
		var ids, rids []string
		for _, i := range a[p] {
			ids = append(ids, docs[i].Article.ID)
		}
		for _, i := range r[p] {
			rids = append(rids, rev[i].Article.ID)
		}
		sort.Strings(ids)
		sort.Strings(rids)
		if fmt.Sprint(ids) != fmt.Sprint(rids) {
			t.Errorf("part %d depends on input order: %v vs %v", p, ids, rids)
		}
	}
}

func TestParseSplit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"", "[1]"}, {"80/10/10", "[80 10 10]"}, {" 9 / 1 ", "[9 1]"}, {"100/0/0", "[100 0 0]"},
	} {
		got, err := ParseSplit(tc.in)
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("ParseSplit(%q) = %v, %v", tc.in, got, err)
		}
	}
	for _, bad := range []string{"80", "1/2/3/4", "a/b", "-1/2", "0/0"} {
		if _, err := ParseSplit(bad); annotations.ErrorCode(err) != annotations.EINVALID {
			t.Errorf("ParseSplit(%q) err = %v", bad, err)
		}
	}
	if err := Export(t.TempDir(), nil, nil, Options{Split: "x"}); annotations.ErrorCode(err) != annotations.EINVALID {
		t.Errorf("Export with a bad split: %v", err)
	}
}

func TestExportRefusesInvalidDocument(t *testing.T) {
	docs := fixture.Documents()
	docs[1].Spans[0].End = 1000
	err := Export(t.TempDir(), docs, nil, Options{})
	if annotations.ErrorCode(err) != annotations.EINVALID || !strings.Contains(err.Error(), docs[1].Article.ID) {
		t.Errorf("err = %v", err)
	}
}

func TestEmptyDataset(t *testing.T) {
	dir, names := exportDir(t, nil, Options{})
	if strings.Join(names, " ") != "README.md labels.json" {
		t.Errorf("files = %v", names)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	if !bytes.Contains(b, []byte("0 articles")) {
		t.Error("README.md does not say the dataset is empty")
	}
}
