package jsonl

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/internal/golden"
)

// at returns the code point range of the first occurrence of sub in text.
func at(t testing.TB, text, sub string) (int, int) {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	s := utf8.RuneCountInString(text[:i])
	return s, s + utf8.RuneCountInString(sub)
}

func ts(sec, nsec int) time.Time { return time.Date(2026, 11, 26, 18, 0, sec, nsec, time.UTC) }

// fixture mixes Arabic with harakat, English, emoji (a flag and a ZWJ family,
// both before spans, so UTF-16 and code point offsets differ), entity and
// claim spans with attributes, and a claimant relation.
func fixture(t testing.TB) []annotations.Document {
	ar := "ادّعى مؤسس موقع «ويكيليكس»، جوليان أسانج 🇦🇺، أنه تواصل مع دونالد ترامب جونيور 👨‍👩‍👦 عبر تويتر (Twitter) عام 2016.\nوقال <b>\"مرحباً\"</b> & شكراً."
	span := func(id, kind, label, sub string, sec int) annotations.Span {
		s, e := at(t, ar, sub)
		return annotations.Span{ID: id, ArticleID: "a1", Kind: annotations.Kind(kind), Label: label, Start: s, End: e,
			Annotator: "mona", CreatedAt: ts(sec, 0), UpdatedAt: ts(sec, 500)}
	}
	claim := span("s-claim", "claim", "CLAIM", "ادّعى مؤسس موقع «ويكيليكس»، جوليان أسانج 🇦🇺، أنه تواصل مع دونالد ترامب جونيور", 1)
	claim.Attributes = map[string]string{
		annotations.AttrCheckWorthy: "yes", annotations.AttrVerdict: "unverifiable", annotations.AttrStance: "discuss",
		annotations.AttrNormalizedClaim: "Assange says he contacted Donald Trump Jr.",
	}
	claim.Note = "from the interview"
	claim.Annotator = "sami"
	cue := span("s-cue", "entity", "CUE", "ادّعى", 2)
	cue.Annotator = ""
	doc1 := annotations.Document{
		Article: annotations.Article{
			ID: "a1", Title: "ترامب الابن تواصل مع \"ويكيليكس\"", Text: ar, Lang: "ar", Direction: annotations.RTL,
			Source: "alaraby-2017-11-14.txt", Status: annotations.StatusDone, Note: "checked twice",
			CreatedAt: ts(0, 0), UpdatedAt: ts(59, 123456789),
		},
		Spans: []annotations.Span{
			claim, cue,
			span("s-org", "entity", "ORG", "ويكيليكس", 3),
			span("s-assange", "entity", "PERS", "جوليان أسانج", 4),
			span("s-jr", "entity", "PERS", "دونالد ترامب جونيور", 5),
			span("s-tw", "entity", "WEBSITE", "Twitter", 6),
			span("s-date", "entity", "DATE", "2016", 7),
		},
		Relations: []annotations.Relation{
			{ID: "r2", ArticleID: "a1", Type: "cue", From: "s-claim", To: "s-cue", CreatedAt: ts(8, 1)},
			{ID: "r1", ArticleID: "a1", Type: annotations.RelClaimant, From: "s-claim", To: "s-assange", CreatedAt: ts(8, 0)},
		},
	}
	// Encoded order: spans by start, end, id; relations by id.
	doc1.Spans = []annotations.Span{doc1.Spans[1], doc1.Spans[0], doc1.Spans[2], doc1.Spans[3], doc1.Spans[4], doc1.Spans[5], doc1.Spans[6]}
	doc1.Relations = []annotations.Relation{doc1.Relations[1], doc1.Relations[0]}

	en := "Donald Trump Jr. exchanged messages with WikiLeaks 🙂 during the 2016 campaign."
	s, e := at(t, en, "WikiLeaks")
	doc2 := annotations.Document{
		Article: annotations.Article{ID: "a2", Title: "Trump Jr. and WikiLeaks", Text: en, Lang: "en", Direction: annotations.LTR,
			Source: "sample-en.txt", Status: annotations.StatusInProgress, CreatedAt: ts(1, 0), UpdatedAt: ts(2, 0)},
		Spans: []annotations.Span{{ID: "e1", ArticleID: "a2", Kind: annotations.KindEntity, Label: "ORG", Start: s, End: e, Annotator: "lee"}},
	}
	doc3 := annotations.Document{
		Article: annotations.Article{ID: "a3", Title: "", Text: "", Lang: "", Direction: annotations.LTR, Status: annotations.StatusTodo},
	}
	return []annotations.Document{doc1, doc2, doc3}
}

func encodeAll(t testing.TB, docs []annotations.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := NewEncoder(&buf)
	for i := range docs {
		if err := enc.Encode(&docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// nativeFile is the golden encoding of the fixture (go test -update
// rewrites it); the decoding tests read it back.
const nativeFile = "testdata/native.jsonl"

func TestGolden(t *testing.T) {
	golden.Assert(t, nativeFile, encodeAll(t, fixture(t)))
}

func TestRoundTrip(t *testing.T) {
	want := fixture(t)
	file, err := os.ReadFile(nativeFile)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Decode(bytes.NewReader(file), nativeFile)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(docs, want) {
		t.Errorf("decode(file) differs from the fixture:\n got: %+v\nwant: %+v", docs, want)
	}
	if again := encodeAll(t, docs); !bytes.Equal(again, file) {
		t.Errorf("encode(decode(file)) is not byte-identical:\n got: %s\nwant: %s", again, file)
	}
	// decode(encode(x)) == x directly, without the file.
	docs, err = Decode(bytes.NewReader(encodeAll(t, want)), "mem")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(docs, want) {
		t.Error("decode(encode(x)) != x")
	}
}

// TestSliceThreeUnits reads the exported file as plain JSON, the way a
// consumer would, and slices every span's text in code points, UTF-16 units
// and UTF-8 bytes.
func TestSliceThreeUnits(t *testing.T) {
	file, err := os.ReadFile(nativeFile)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range bytes.Split(bytes.TrimSpace(file), []byte("\n")) {
		var a struct {
			Text       string `json:"text"`
			OffsetUnit string `json:"offset_unit"`
			Spans      []struct {
				Start, End           int
				Text                 string
				StartUTF16, EndUTF16 int `json:"-"`
				SU16                 int `json:"start_utf16"`
				EU16                 int `json:"end_utf16"`
				SB                   int `json:"start_byte"`
				EB                   int `json:"end_byte"`
			}
		}
		if err := json.Unmarshal(line, &a); err != nil {
			t.Fatal(err)
		}
		if a.OffsetUnit != "codepoint" {
			t.Errorf("offset_unit = %q", a.OffsetUnit)
		}
		runes := []rune(a.Text)
		units := utf16.Encode(runes)
		for _, s := range a.Spans {
			n++
			if got := string(runes[s.Start:s.End]); got != s.Text {
				t.Errorf("code points [%d,%d) = %q, text %q", s.Start, s.End, got, s.Text)
			}
			if got := string(utf16.Decode(units[s.SU16:s.EU16])); got != s.Text {
				t.Errorf("UTF-16 [%d,%d) = %q, text %q", s.SU16, s.EU16, got, s.Text)
			}
			if got := a.Text[s.SB:s.EB]; got != s.Text {
				t.Errorf("bytes [%d,%d) = %q, text %q", s.SB, s.EB, got, s.Text)
			}
		}
	}
	if n != 8 {
		t.Errorf("sliced %d spans, want 8", n)
	}
	// The emoji before the spans make the units differ: the check above is
	// not vacuous.
	if !bytes.Contains(file, []byte(`"start":58,"end":77,"text":"دونالد ترامب جونيور","start_utf16":60,"end_utf16":79`)) {
		t.Errorf("expected the emoji to shift UTF-16 offsets of دونالد ترامب جونيور")
	}
}

func TestArticleAnnotator(t *testing.T) {
	file, _ := os.ReadFile(nativeFile)
	lines := bytes.Split(file, []byte("\n"))
	// a1 has spans by mona, sami and none: no article-level annotator.
	if bytes.Contains(lines[0], []byte(`"annotator":"mona","text_sha256"`)) {
		t.Error("a1 has several annotators but one is written at article level")
	}
	if !bytes.Contains(lines[1], []byte(`"status":"in_progress","annotator":"lee","text_sha256"`)) {
		t.Errorf("a2's only annotator is not at article level: %s", lines[1])
	}
	// On reading, the article-level annotator fills spans without one.
	line := `{"id":"x","text":"روسيا","direction":"rtl","status":"todo","annotator":"mona","spans":[{"kind":"entity","label":"GPE","start":0,"end":5}]}`
	docs, err := Decode(strings.NewReader(line), "x.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if got := docs[0].Spans[0].Annotator; got != "mona" {
		t.Errorf("span annotator = %q, want mona", got)
	}
}

func TestDecodeMinimal(t *testing.T) {
	docs, err := Decode(strings.NewReader(`{"text":"زار روسيا"}`+"\n"+`{"text":"Visit Russia"}`), "min.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if a := docs[0].Article; a.Status != annotations.StatusTodo || a.Direction != annotations.RTL {
		t.Errorf("status %q direction %q, want todo rtl", a.Status, a.Direction)
	}
	if a := docs[1].Article; a.Direction != annotations.LTR {
		t.Errorf("direction %q, want ltr", a.Direction)
	}
}

func TestDecodeLenient(t *testing.T) {
	// Blank lines, CRLF line ends, unknown fields, no optional offsets, no
	// hash, a last line without newline, a very long line.
	long := strings.Repeat("ب", 3<<20) // 6 MB of UTF-8, far past bufio.Scanner's 64 KB
	in := "\n  \n" +
		`{"id":"x","text":"قال ترامب","direction":"rtl","status":"todo","extra":{"a":[1,2]},"spans":[{"id":"p","kind":"entity","label":"PERS","start":4,"end":9}]}` + "\r\n\r\n" +
		`{"id":"y","text":"` + long + `","direction":"rtl","status":"todo"}`
	docs, err := Decode(strings.NewReader(in), "in.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].Spans[0].End != 9 || len(docs[1].Article.Text) != len(long) {
		t.Fatalf("decoded %d docs", len(docs))
	}
	if docs[0].Spans[0].ArticleID != "x" {
		t.Errorf("span ArticleID = %q, want the article's", docs[0].Spans[0].ArticleID)
	}
}

// badLines are refused; each message names the file and line and holds want.
var badLines = []struct {
	name, line, want string
}{
	{"BrokenJSON", `{"id":"x","text":"a"`, "bad.jsonl:2: not a valid JSON article"},
	{"WrongType", `{"id":"x","text":"a","direction":"ltr","status":"todo","spans":[{"start":"0"}]}`, "bad.jsonl:2: not a valid JSON article: field spans.start holds a JSON string"},
	{"InvalidUTF8", "{\"id\":\"x\",\"text\":\"\xd9\"}", "bad.jsonl:2: not valid UTF-8 (bad byte at column 19)"},
	{"LoneLowSurrogate", `{"id":"x","text":"a\udc00b","direction":"ltr","status":"todo"}`, `bad.jsonl:2: lone UTF-16 surrogate escape \udc00 at column 20`},
	{"LoneHighSurrogate", `{"id":"x","text":"\ud83d","direction":"ltr","status":"todo"}`, `lone UTF-16 surrogate escape \ud83d`},
	{"HighThenNonLow", `{"id":"x","text":"\ud83d\u0041","direction":"ltr","status":"todo"}`, `lone UTF-16 surrogate escape \ud83d`},
	{"MissingText", `{"id":"x","title":"t","direction":"ltr","status":"todo"}`, `bad.jsonl:2: article "x" has no "text"`},
	{"BadHash", `{"id":"x","text":"abc","text_sha256":"00","direction":"ltr","status":"todo"}`, `text_sha256 00 does not match its text`},
	{"BadUnit", `{"id":"x","text":"abc","offset_unit":"utf16","direction":"ltr","status":"todo"}`, `offset_unit "utf16" is not supported`},
	{"SpanTextDiffers", `{"id":"x","text":"قال ترامب","direction":"rtl","status":"todo","spans":[{"id":"p","kind":"entity","label":"PERS","start":4,"end":9,"text":"ترام"}]}`, `span "p" [4,9) has text "ترام" but the article text there is "ترامب"`},
	{"UTF16Differs", `{"id":"x","text":"🙂 Ann","direction":"ltr","status":"todo","spans":[{"id":"p","kind":"entity","label":"PERS","start":2,"end":5,"start_utf16":2}]}`, `span "p" has start_utf16 2 but code point 2 is at 3`},
	{"ByteDiffers", `{"id":"x","text":"قال ترامب","direction":"rtl","status":"todo","spans":[{"id":"p","kind":"entity","label":"PERS","start":4,"end":9,"end_byte":9}]}`, `has end_byte 9 but code point 9 is at 17`},
	{"OutsideText", `{"id":"x","text":"abc","direction":"ltr","status":"todo","spans":[{"id":"p","kind":"entity","label":"PERS","start":1,"end":7}]}`, `span "p" [1,7) is outside the text (length 3 code points)`},
	{"NoStart", `{"id":"x","text":"abc","direction":"ltr","status":"todo","spans":[{"kind":"entity","label":"PERS","end":2}]}`, `span #1 has no start or end`},
	{"BadTime", `{"id":"x","text":"abc","direction":"ltr","status":"todo","updated_at":"yesterday"}`, `updated_at "yesterday" is not an RFC 3339 time`},
	{"InsideCluster", `{"id":"x","text":"فّ","direction":"rtl","status":"todo","spans":[{"id":"p","kind":"entity","label":"PERS","start":0,"end":1}]}`, `bad.jsonl:2: article "x": span "p" [0,1) ends inside the character cluster`},
	{"RelationToNowhere", `{"id":"x","text":"abc","direction":"ltr","status":"todo","spans":[{"id":"p","kind":"claim","label":"CLAIM","start":0,"end":3}],"relations":[{"id":"r","type":"claimant","from":"p","to":"q"}]}`, `relation "r" points to span "q"`},
	{"BadVerdict", `{"id":"x","text":"abc","direction":"ltr","status":"todo","spans":[{"id":"p","kind":"claim","label":"CLAIM","start":0,"end":3,"attributes":{"verdict":"fake"}}]}`, `verdict="fake"`},
	{"BadStatus", `{"id":"x","text":"abc","direction":"ltr","status":"started"}`, `unknown status "started"`},
}

func TestDecodeRefuses(t *testing.T) {
	good := `{"id":"ok","text":"abc","direction":"ltr","status":"todo"}`
	for _, c := range badLines {
		t.Run(c.name, func(t *testing.T) {
			docs, err := Decode(strings.NewReader(good+"\n"+c.line+"\n"+good+"\n"), "bad.jsonl")
			if err == nil {
				t.Fatalf("accepted: %+v", docs)
			}
			if annotations.ErrorCode(err) != annotations.EINVALID {
				t.Errorf("code %q, want EINVALID", annotations.ErrorCode(err))
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "bad.jsonl:2: ") {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
			if docs != nil {
				t.Error("documents returned with an error")
			}
		})
	}
}

func TestEncodeRefusesInvalid(t *testing.T) {
	d := fixture(t)[0]
	d.Spans[0].End = 10000
	var buf bytes.Buffer
	if err := NewEncoder(&buf).Encode(&d); annotations.ErrorCode(err) != annotations.EINVALID {
		t.Fatalf("Encode = %v, want EINVALID", err)
	}
	if buf.Len() != 0 {
		t.Error("wrote a line for an invalid document")
	}
}

// TestEncodeDoesNotModify: sorting happens on copies.
func TestEncodeDoesNotModify(t *testing.T) {
	d := fixture(t)[0]
	d.Spans[0], d.Spans[1] = d.Spans[1], d.Spans[0]
	before := append([]annotations.Span(nil), d.Spans...)
	encodeAll(t, []annotations.Document{d})
	if !reflect.DeepEqual(before, d.Spans) {
		t.Error("Encode reordered the caller's spans")
	}
}

func FuzzDecode(f *testing.F) {
	if file, err := os.ReadFile(nativeFile); err == nil {
		f.Add(file)
	}
	for _, c := range badLines {
		f.Add([]byte(c.line))
	}
	paths, _ := filepath.Glob("testdata/bad/*.jsonl")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, err := Decode(bytes.NewReader(data), "fuzz.jsonl")
		if err != nil {
			return
		}
		// Whatever is accepted encodes, and decodes back to itself.
		var buf bytes.Buffer
		enc := NewEncoder(&buf)
		for i := range docs {
			if err := enc.Encode(&docs[i]); err != nil {
				t.Fatalf("accepted document does not encode: %v", err)
			}
		}
		again, err := Decode(&buf, "again.jsonl")
		if err != nil {
			t.Fatalf("re-decoding failed: %v", err)
		}
		if len(again) != len(docs) {
			t.Fatalf("%d documents, then %d", len(docs), len(again))
		}
	})
}

// TestBadFiles: each file under testdata/bad is refused with its name and
// the line of the fault.
func TestBadFiles(t *testing.T) {
	want := map[string]string{
		"cut-emoji.jsonl":     `cut-emoji.jsonl:2: lone UTF-16 surrogate escape \ud83d`,
		"latin1.jsonl":        "latin1.jsonl:1: not valid UTF-8 (bad byte at column 22)",
		"hash-mismatch.jsonl": "hash-mismatch.jsonl:1: article \"a1\": text_sha256",
		"utf16-offsets.jsonl": "utf16-offsets.jsonl:1: article \"a1\": span \"s-jr\" [60,79) has text \"دونالد ترامب جونيور\" but the article text there is",
		"truncated.jsonl":     "truncated.jsonl:2: not a valid JSON article: unexpected end of JSON input",
	}
	paths, _ := filepath.Glob("testdata/bad/*.jsonl")
	if len(paths) != len(want) {
		t.Fatalf("%d bad files, want %d", len(paths), len(want))
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Decode(f, filepath.Base(p))
		f.Close()
		if w := want[filepath.Base(p)]; err == nil || !strings.HasPrefix(err.Error(), w) {
			t.Errorf("%s: error %v, want prefix %q", p, err, w)
		}
	}
}
