package prodigy

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

// rebuild joins tokens as Prodigy and spaCy read them: each token's text,
// then a space where ws is true (spaCy's Doc(words, spaces).text).
func rebuild(toks []Token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.Text)
		if t.WS {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// TestTokensRebuildText: the text rebuilt from every exported task's tokens
// is the task's text, line breaks are tokens of their own with ws false on
// the token before them, and no token is only a single space.
func TestTokensRebuildText(t *testing.T) {
	for i, task := range tasks(t, export(t)) {
		if got := rebuild(task.Tokens); got != task.Text {
			t.Errorf("task %d: text rebuilt from tokens differs:\n got %q\nwant %q", i, got, task.Text)
		}
		for k, tok := range task.Tokens {
			if strings.Contains(tok.Text, "\n") {
				if strings.Trim(tok.Text, "\n") != "" || tok.WS || k == 0 || task.Tokens[k-1].WS {
					t.Errorf("task %d: line-break token %d %+v (before it %+v)", i, k, tok, task.Tokens[k-1])
				}
			}
		}
	}
	for _, text := range []string{
		"a  b", " lead", "x \ny", "end\n", "\n\nstart", "كلمة\u200f كلمة", "tab\tand\u00a0nbsp", "a \n\n b", "",
		fixture.ArabicText, fixture.EnglishText,
	} {
		toks := Tokens(text)
		if got := rebuild(toks); got != text {
			t.Errorf("rebuilt %q, want %q (tokens %+v)", got, text, toks)
		}
		for _, tok := range toks {
			if tok.Text == " " && tok.WS {
				t.Errorf("%q: a space token with ws: %+v", text, toks)
			}
		}
	}
}

// TestSplitAtSpanEdges: a span that starts inside a token (the conjunction
// و left out of وويكيليكس) splits the token, so the span's tokens cover it
// exactly, the text still rebuilds, and the export counts the split.
func TestSplitAtSpanEdges(t *testing.T) {
	doc := annotations.Document{Article: annotations.Article{ID: "a", Text: "قال وويكيليكس إنه"}, Spans: []annotations.Span{
		{ID: "s", Label: "ORG", Start: 5, End: 13}}}
	var buf bytes.Buffer
	var warnings []string
	if err := ExportOptions(&buf, []annotations.Document{doc}, Options{Warn: func(s annotations.Note) { warnings = append(warnings, s.String()) }}); err != nil {
		t.Fatal(err)
	}
	task := tasks(t, buf.Bytes())[0]
	var texts []string
	for _, tok := range task.Tokens {
		texts = append(texts, tok.Text)
	}
	if got := strings.Join(texts, "|"); got != "قال|و|ويكيليكس|إنه" {
		t.Errorf("tokens %s", got)
	}
	sp := task.Spans[0]
	if sp.TokenStart != 2 || sp.TokenEnd != 2 || task.Tokens[2].Start != sp.Start || task.Tokens[2].End != sp.End {
		t.Errorf("span %+v over tokens %+v", sp, task.Tokens)
	}
	if task.Tokens[1].WS || rebuild(task.Tokens) != doc.Article.Text {
		t.Errorf("split tokens do not rebuild the text: %+v", task.Tokens)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "split 1 tokens") {
		t.Errorf("warnings %q", warnings)
	}
	// Round trip: the span comes back exactly.
	res, err := Import(bytes.NewReader(buf.Bytes()), "p.jsonl", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Documents[0].Spans[0]; s.Start != 5 || s.End != 13 {
		t.Errorf("span back as %+v", s)
	}
}

// TestStatusRoundTrip: the article's status rides in meta and comes back.
func TestStatusRoundTrip(t *testing.T) {
	res, err := Import(bytes.NewReader(export(t)), "fixture.jsonl", fixture.Scheme())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Documents {
		if d.Article.Status != annotations.StatusDone {
			t.Errorf("status %q, want done", d.Article.Status)
		}
	}
}

// FuzzTokensRebuild: for any valid text and any span edges, the tokens
// rebuild the text, and no word token holds an edge (span edges never fall
// inside whitespace, which stays one token).
func FuzzTokensRebuild(f *testing.F) {
	f.Add(fixture.ArabicText, 5, 13)
	f.Add("a \n\n b\u200f\t c", 1, 3)
	f.Fuzz(func(t *testing.T, text string, a, b int) {
		if !utf8.ValidString(text) {
			return
		}
		n := utf8.RuneCountInString(text)
		edges := map[int]bool{}
		if n > 0 {
			edges[((a%n)+n)%n] = true
			edges[((b%n)+n)%n] = true
		}
		toks, _ := splitTokens(text, edges)
		if got := rebuild(toks); got != text {
			t.Fatalf("rebuilt %q, want %q", got, text)
		}
		for _, tok := range toks {
			for e := range edges {
				if tok.Start < e && e < tok.End && !blank(tok) {
					t.Fatalf("token %+v holds the edge %d", tok, e)
				}
			}
		}
	})
}
