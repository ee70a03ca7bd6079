package prodigy

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

func export(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, fixture.Documents()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExportGolden(t *testing.T) {
	fixture.Golden(t, "fixture.jsonl", export(t))
}

type outTask struct {
	Text      string  `json:"text"`
	Tokens    []Token `json:"tokens"`
	Spans     []span  `json:"spans"`
	Relations []struct {
		Head, Child int
		HS          SpanRef `json:"head_span"`
		CS          SpanRef `json:"child_span"`
		Label       string
	} `json:"relations"`
	InputHash int32 `json:"_input_hash"`
	TaskHash  int32 `json:"_task_hash"`
}

func tasks(t *testing.T, b []byte) []outTask {
	var out []outTask
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var task outTask
		if err := json.Unmarshal([]byte(line), &task); err != nil {
			t.Fatal(err)
		}
		out = append(out, task)
	}
	return out
}

// TestExportSlices slices spans and tokens in code points and checks the
// token indexes of spans and relations.
func TestExportSlices(t *testing.T) {
	var got [][]string
	for _, task := range tasks(t, export(t)) {
		var texts []string
		for i, tok := range task.Tokens {
			s, err := fixture.Slice(task.Text, tok.Start, tok.End)
			if err != nil || s != tok.Text || tok.ID != i {
				t.Errorf("token %d %+v: slice %q, %v", i, tok, s, err)
			}
		}
		for _, sp := range task.Spans {
			s, err := fixture.Slice(task.Text, sp.Start, sp.End)
			if err != nil {
				t.Fatal(err)
			}
			if s != sp.Text {
				t.Errorf("span text %q, slice %q", sp.Text, s)
			}
			// token_start/token_end are inclusive and cover the span.
			first, last := task.Tokens[sp.TokenStart], task.Tokens[sp.TokenEnd]
			if first.Start > sp.Start || first.End <= sp.Start || last.End < sp.End || last.Start >= sp.End {
				t.Errorf("span %q [%d,%d): tokens %d..%d = [%d,%d)", sp.Text, sp.Start, sp.End, sp.TokenStart, sp.TokenEnd, first.Start, last.End)
			}
			texts = append(texts, sp.Label+"\t"+s)
		}
		for _, r := range task.Relations {
			if r.Head != r.HS.TokenEnd || r.Child != r.CS.TokenEnd {
				t.Errorf("relation %s: head %d child %d, want the spans' last tokens %d and %d", r.Label, r.Head, r.Child, r.HS.TokenEnd, r.CS.TokenEnd)
			}
		}
		got = append(got, texts)
	}
	fixture.CompareLabelTexts(t, fixture.Documents(), got)
}

func TestTokens(t *testing.T) {
	toks := Tokens("📢 قال: «لا» wow.")
	var texts []string
	for _, tk := range toks {
		texts = append(texts, tk.Text)
	}
	if got := strings.Join(texts, "|"); got != "📢|قال|:|«|لا|»|wow|." {
		t.Errorf("tokens = %s", got)
	}
	if !toks[0].WS || toks[2].WS != true || toks[3].WS || toks[len(toks)-1].WS {
		t.Errorf("ws flags wrong: %+v", toks)
	}
	if toks[1].Start != 2 {
		t.Errorf("token after the emoji starts at %d, want code point 2", toks[1].Start)
	}
}

func TestHashesStable(t *testing.T) {
	a, b := tasks(t, export(t)), tasks(t, export(t))
	if a[0].InputHash != b[0].InputHash || a[0].TaskHash != b[0].TaskHash {
		t.Error("hashes differ between two exports")
	}
	if a[0].InputHash != InputHash(fixture.ArabicText) || a[0].InputHash == a[1].InputHash {
		t.Error("input hash is not the hash of the text")
	}
	docs := fixture.Documents()
	docs[0].Spans[0].Label = "ORG"
	var buf bytes.Buffer
	if err := Export(&buf, docs); err != nil {
		t.Fatal(err)
	}
	c := tasks(t, buf.Bytes())
	if c[0].InputHash != a[0].InputHash || c[0].TaskHash == a[0].TaskHash {
		t.Error("changing a label must change the task hash only")
	}
}

func TestRoundTrip(t *testing.T) {
	res, err := Import(bytes.NewReader(export(t)), "fixture.jsonl", fixture.Scheme())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %q", res.Warnings)
	}
	fixture.Compare(t, fixture.Documents(), res.Documents, fixture.Holds{
		Kinds: true, Attributes: true, Notes: true, Relations: true, Article: true,
	})
	var again bytes.Buffer
	if err := Export(&again, res.Documents); err != nil {
		t.Fatal(err)
	}
	if again.String() != string(export(t)) {
		t.Error("export → import → export changed the file")
	}
}

func TestImportProdigyShapes(t *testing.T) {
	in := strings.Join([]string{
		// rel.manual output: spans with token indexes only, a relation found
		// through its tokens, and a plain dependency between tokens.
		`{"text":"Omar Haddad said turnout doubled","tokens":[{"text":"Omar","start":0,"end":4,"id":0},{"text":"Haddad","start":5,"end":11,"id":1},{"text":"said","start":12,"end":16,"id":2},{"text":"turnout","start":17,"end":24,"id":3},{"text":"doubled","start":25,"end":32,"id":4}],` +
			`"spans":[{"token_start":0,"token_end":1,"label":"PERS"},{"start":17,"end":32,"token_start":3,"token_end":4,"label":"CLAIM"}],` +
			`"relations":[{"head":4,"child":1,"label":"claimant"},{"head":2,"child":3,"label":"nsubj"}],"answer":"accept","_view_id":"relations"}`,
		`{"text":"rejected","spans":[],"answer":"reject"}`,
		`{"text":"no answer key","spans":[{"start":0,"end":2,"label":"X"}]}`,
	}, "\n")
	res, err := Import(strings.NewReader(in), "p.jsonl", annotations.DefaultScheme())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) != 2 {
		t.Fatalf("got %d documents, want the rejected one skipped", len(res.Documents))
	}
	d := res.Documents[0]
	if d.Spans[0].Start != 0 || d.Spans[0].End != 11 {
		t.Errorf("span from tokens = %+v", d.Spans[0])
	}
	if len(d.Relations) != 1 || d.Relations[0].From != d.Spans[1].ID || d.Relations[0].To != d.Spans[0].ID {
		t.Errorf("relations = %+v", d.Relations)
	}
	if len(res.Warnings) != 2 || !strings.Contains(res.Warnings[0], "p.jsonl:1: skipped relation 2") || !strings.Contains(res.Warnings[1], "p.jsonl:2") {
		t.Errorf("warnings = %q", res.Warnings)
	}
}

var badInputs = []fixture.BadInput{
	{"not json", "{\"text\":\"a\"}\n[", "bad.jsonl:2: not a Prodigy task"},
	{"no text", `{"spans":[]}`, `bad.jsonl:1: no "text" key`},
	{"span outside", `{"text":"abc","spans":[{"start":2,"end":5,"label":"X"}]}`, "span 1 [2,5) is empty or outside"},
	{"no offsets", `{"text":"abc","spans":[{"label":"X"}]}`, "span 1: no start and end"},
	{"bad tokens", `{"text":"abc","spans":[{"token_start":0,"token_end":3,"label":"X"}]}`, "tokens 0..3 are not among"},
	{"no label", `{"text":"abc","spans":[{"start":0,"end":1}]}`, "has no label"},
	{"text mismatch", `{"text":"abc","spans":[{"start":0,"end":1,"label":"X","text":"b"}]}`, `text "b" does not match`},
	{"relation no label", `{"text":"ab","spans":[{"start":0,"end":1,"label":"X"}],"relations":[{"head_span":{"start":0,"end":1},"child_span":{"start":0,"end":1}}]}`, "relation 1 has no label"},
	{"attributes not strings", `{"text":"ab","spans":[{"start":0,"end":1,"label":"X","attributes":{"a":1}}]}`, "not a Prodigy task"},
	{"closed attribute value", `{"text":"ab","spans":[{"start":0,"end":1,"label":"CLAIM","attributes":{"stance":"maybe"}}]}`, `bad.jsonl:1: article`},
	{"invalid UTF-8", "{\"text\":\"\xc3\"}", "bad.jsonl:1: the line is not valid UTF-8"},
}

func TestImportRefusesBrokenInput(t *testing.T) {
	fixture.CheckRefusals(t, badInputs, func(in string) error {
		_, err := Import(strings.NewReader(in), "bad.jsonl", nil)
		return err
	})
}

func FuzzImport(f *testing.F) {
	f.Add(export(f))
	for _, tc := range badInputs {
		f.Add([]byte(tc.In()))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := Import(bytes.NewReader(in), "fuzz.jsonl", nil)
		fixture.CheckImported(t, res.Documents, err)
	})
}
