package brat

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

func export(t testing.TB) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	if err := Export(dir, fixture.Documents(), fixture.Scheme()); err != nil {
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
	dir, names := export(t)
	want := []string{
		"0193a1b2-0000-7000-8000-000000000001.ann", "0193a1b2-0000-7000-8000-000000000001.txt",
		"0193a1b2-0000-7000-8000-000000000002.ann", "0193a1b2-0000-7000-8000-000000000002.txt",
		"annotation.conf", "hamesh-articles.tsv", "kb_shortcuts.conf", "visual.conf",
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("files = %v, want %v", names, want)
	}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		fixture.Golden(t, filepath.Join("fixture", n), b)
	}
	// The .txt holds the text exactly.
	b, _ := os.ReadFile(filepath.Join(dir, want[1]))
	if string(b) != fixture.ArabicText {
		t.Error(".txt is not the article text")
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct {
		id   string
		n    int
		want string
	}{
		{"0193a1b2-0000-7000", 1, "0193a1b2-0000-7000"},
		{"../etc/passwd", 2, "etc-passwd"},
		{"مقال", 3, "article-3"},
		{"", 4, "article-4"},
		{"a b/c", 5, "a-b-c"},
		{strings.Repeat("x", 150), 6, strings.Repeat("x", 100)},
	} {
		if got := Name(tc.id, tc.n); got != tc.want {
			t.Errorf("Name(%q, %d) = %q, want %q", tc.id, tc.n, got, tc.want)
		}
	}
	// Two articles with the same name get distinct files.
	dir := t.TempDir()
	docs := fixture.Documents()
	docs[0].Article.ID, docs[1].Article.ID = "same", "same"
	if err := Export(dir, docs, nil); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"same.txt", "same-2.txt"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Error(err)
		}
	}
}

// TestExportSlices reads every T line, slices its fragments in code points
// out of the .txt and compares them with the line's text and the fixture.
func TestExportSlices(t *testing.T) {
	dir, _ := export(t)
	var got [][]string
	for _, d := range fixture.Documents() {
		base := filepath.Join(dir, Name(d.Article.ID, 0))
		txt, _ := os.ReadFile(base + ".txt")
		ann, _ := os.ReadFile(base + ".ann")
		var texts []string
		for _, line := range strings.Split(strings.TrimSpace(string(ann)), "\n") {
			if !strings.HasPrefix(line, "T") {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) != 3 || strings.Contains(f[2], "\n") {
				t.Fatalf("bad T line %q", line)
			}
			typ, offs, _ := strings.Cut(f[1], " ")
			var parts []string
			var first, last int
			for i, frag := range strings.Split(offs, ";") {
				se := strings.Fields(frag)
				a, _ := strconv.Atoi(se[0])
				b, _ := strconv.Atoi(se[1])
				s, err := fixture.Slice(string(txt), a, b)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(s, "\n") {
					t.Errorf("fragment %q crosses a line break", s)
				}
				parts = append(parts, s)
				if i == 0 {
					first = a
				}
				last = b
			}
			if strings.Join(parts, " ") != f[2] {
				t.Errorf("%s: fragments %q, text %q", f[0], parts, f[2])
			}
			whole, _ := fixture.Slice(string(txt), first, last)
			texts = append(texts, typ+"\t"+whole)
		}
		got = append(got, texts)
	}
	fixture.CompareLabelTexts(t, fixture.Documents(), got)
}

func TestRoundTrip(t *testing.T) {
	dir, _ := export(t)
	res, err := Import(dir, fixture.Scheme())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %q", res.Warnings)
	}
	fixture.Compare(t, fixture.Documents(), res.Documents, fixture.Holds{
		Kinds: true, Attributes: true, Notes: true, Relations: true,
	})
	// Exporting the import again writes the same .ann files.
	again := t.TempDir()
	docs := res.Documents
	for i := range docs {
		docs[i].Article.ID = fixture.Documents()[i].Article.ID
	}
	if err := Export(again, docs, fixture.Scheme()); err != nil {
		t.Fatal(err)
	}
	for _, d := range fixture.Documents() {
		n := Name(d.Article.ID, 0) + ".ann"
		a, _ := os.ReadFile(filepath.Join(dir, n))
		b, _ := os.ReadFile(filepath.Join(again, n))
		if string(a) != string(b) {
			t.Errorf("%s changed on export → import → export:\n%s\n---\n%s", n, a, b)
		}
	}
}

func TestExportRefusesCRLF(t *testing.T) {
	doc := annotations.Document{Article: annotations.Article{ID: "a1", Text: "a\r\nb"}}
	err := WriteDocument(&strings.Builder{}, &doc)
	if annotations.ErrorCode(err) != annotations.EINVALID || !strings.Contains(err.Error(), "CRLF") {
		t.Errorf("err = %v", err)
	}
}

func TestImportBratShapes(t *testing.T) {
	fsys := fstest.MapFS{
		"sub/doc.txt": {Data: []byte("North and South America\r\nsaid Omar.")},
		"sub/doc.ann": {Data: []byte(strings.Join([]string{
			"T1\tLOC 0 5;16 23\tNorth America",
			"T2\tPERS 29 33\tOmar",
			"T3\tCLAIM 0 23;24 28\tNorth and South America said",
			"A1\tNegated T2",
			"A2\tverdict T3 false",
			"E1\tSay:T3 Agent:T2",
			"#1\tAnnotatorNotes T2\tsource: press release",
			"#2\tAnnotatorNotes T2\tsecond line",
			"#3\tAnnotatorNotes T3\tnormalized_claim: Omar spoke",
			"R1\tclaimant Arg1:T3 Arg2:T2",
			"",
		}, "\n"))},
		"bare.txt":        {Data: []byte("\ufeffNo annotations")},
		"annotation.conf": {Data: []byte("[entities]\n")},
	}
	res, err := ImportFS(fsys, annotations.DefaultScheme())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) != 2 || res.Documents[0].Article.Text != "No annotations" {
		t.Fatalf("documents = %+v", res.Documents)
	}
	d := res.Documents[1]
	if d.Article.Text != "North and South America\nsaid Omar." || d.Article.Source != "sub/doc.txt" {
		t.Errorf("article = %+v", d.Article)
	}
	loc, pers, claim := d.Spans[0], d.Spans[1], d.Spans[2]
	if loc.Start != 0 || loc.End != 23 {
		t.Errorf("discontinuous LOC = %+v", loc)
	}
	if pers.Attributes["Negated"] != "true" || pers.Note != "source: press release\nsecond line" {
		t.Errorf("PERS = %+v", pers)
	}
	if claim.Start != 0 || claim.End != 28 || claim.Kind != annotations.KindClaim ||
		claim.Attributes["verdict"] != "false" || claim.Attributes["normalized_claim"] != "Omar spoke" {
		t.Errorf("CLAIM = %+v", claim)
	}
	if len(d.Relations) != 1 || d.Relations[0].From != claim.ID || d.Relations[0].To != pers.ID {
		t.Errorf("relations = %+v", d.Relations)
	}
	if len(res.Warnings) != 2 || !strings.Contains(res.Warnings[0], "sub/doc.ann:1: T1 is discontinuous") || !strings.Contains(res.Warnings[1], "sub/doc.ann:6: skipped E1") {
		t.Errorf("warnings = %q", res.Warnings)
	}
}

var badInputs = []struct{ name, txt, ann, want string }{
	{"no tab", "abc", "T1 X 0 1 a", `d.ann:1: no tab after the id "T1 X 0 1 a"`},
	{"no text field", "abc", "T1\tX 0 1", "d.ann:1: text-bound annotation T1 has no text field"},
	{"bad offsets", "abc", "\nT1\tX 0 x\ta", "d.ann:2: T1: fragment \"0 x\": offsets are not integers"},
	{"outside", "abc", "T1\tX 1 9\tbc", "fragment [1,9) is empty or outside the text of 3 code points"},
	{"text mismatch", "abc", "T1\tX 0 2\tbc", `T1: text "bc" does not match`},
	{"overlapping fragments", "abcd", "T1\tX 0 2;1 3\tab bc", "overlaps or precedes"},
	{"no type", "abc", "T1\t0 1\ta", `T1: fragment "1" is not "START END"`},
	{"no offsets", "abc", "T1\tX\ta", `T1: want "TYPE START END", got "X"`},
	{"duplicate", "abc", "T1\tX 0 1\ta\nT1\tX 1 2\tb", "d.ann:2: duplicate id T1"},
	{"bad relation", "abc", "T1\tX 0 1\ta\nR1\tr Arg1:T1", `d.ann:2: R1: want "TYPE Arg1:ID Arg2:ID"`},
	{"dangling relation", "abc", "T1\tX 0 1\ta\nR1\tr Arg1:T1 Arg2:T9", "d.ann:2: R1 links T1 and T9"},
	{"bad argument", "abc", "R1\tr T1 T2", `argument "T1" is not ROLE:ID`},
	{"bad attribute", "abc", "A1\tverdict", `A1: want "NAME TARGET [VALUE]"`},
	{"bad note", "abc", "#1\tAnnotatorNotes", `want "AnnotatorNotes TARGET"`},
	{"unknown id", "abc", "X1\tfoo", `unknown annotation id "X1"`},
	{"ann not UTF-8", "abc", "T1\tX 0 1\t\xff", "d.ann: not valid UTF-8"},
	{"txt not UTF-8", "a\xffc", "", "d.txt: not valid UTF-8"},
	{"inside a grapheme cluster", "قفّز", "T1\tX 2 4\tّز", "d.ann: article"},
	{"BOM only", "\ufeffabc", "T1\tX 0 1\t\ufeff", "T1 covers only a BOM"},
}

func TestImportRefusesBrokenInput(t *testing.T) {
	for _, tc := range badInputs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ImportFS(fstest.MapFS{"d.txt": {Data: []byte(tc.txt)}, "d.ann": {Data: []byte(tc.ann)}}, nil)
			if err == nil {
				t.Fatalf("no error for %q", tc.ann)
			}
			if annotations.ErrorCode(err) != annotations.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %q (code %s), want it to contain %q", err, annotations.ErrorCode(err), tc.want)
			}
		})
	}
	if _, err := ImportFS(fstest.MapFS{"x.ann": {Data: []byte("")}}, nil); err == nil || !strings.Contains(err.Error(), "no .txt files") {
		t.Errorf("empty collection: %v", err)
	}
	if _, err := Import(filepath.Join(t.TempDir(), "missing"), nil); annotations.ErrorCode(err) != annotations.EINVALID {
		t.Errorf("missing directory: %v", err)
	}
}

func FuzzImport(f *testing.F) {
	dir, _ := export(f)
	for _, d := range fixture.Documents() {
		base := filepath.Join(dir, Name(d.Article.ID, 0))
		txt, _ := os.ReadFile(base + ".txt")
		ann, _ := os.ReadFile(base + ".ann")
		f.Add(txt, ann)
	}
	for _, tc := range badInputs {
		f.Add([]byte(tc.txt), []byte(tc.ann))
	}
	f.Fuzz(func(t *testing.T, txt, ann []byte) {
		var res interchange.Result
		d, err := DecodeDocument("f.txt", txt, "f.ann", ann, &res)
		if err != nil {
			if annotations.ErrorCode(err) != annotations.EINVALID {
				t.Fatalf("error code %s: %v", annotations.ErrorCode(err), err)
			}
			return
		}
		n := annotations.CodePoints(d.Article.Text)
		ids := map[string]bool{}
		for _, s := range d.Spans {
			if s.Start < 0 || s.Start >= s.End || s.End > n {
				t.Fatalf("span %+v outside text of %d", s, n)
			}
			ids[s.ID] = true
		}
		for _, r := range d.Relations {
			if !ids[r.From] || !ids[r.To] {
				t.Fatalf("relation %+v dangles", r)
			}
		}
		if err := d.Article.Validate(); err != nil {
			t.Fatal(err)
		}
	})
}
