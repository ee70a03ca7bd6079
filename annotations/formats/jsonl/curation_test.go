package jsonl

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestCurationRoundTrip: an article's curation is written as
// "curation":{"by":…,"at":…} and read back the same, by the fast parser
// and by encoding/json alike; an article without one has no key.
func TestCurationRoundTrip(t *testing.T) {
	at := time.Date(2026, 12, 2, 13, 4, 5, 600, time.UTC)
	docs := []annotations.Document{
		{Article: annotations.Article{ID: "a1", Title: "t", Text: "Sara met Mona.", Lang: "en", Direction: annotations.LTR, Status: annotations.StatusDone,
			Curation: &annotations.Curation{By: "omar", At: at}}},
		{Article: annotations.Article{ID: "a2", Title: "u", Text: "Nothing.", Lang: "en", Direction: annotations.LTR, Status: annotations.StatusTodo}},
	}
	var buf bytes.Buffer
	enc := NewEncoder(&buf)
	for i := range docs {
		if err := enc.Encode(&docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if want := `"curation":{"by":"omar","at":"2026-12-02T13:04:05.0000006Z"}`; !strings.Contains(lines[0], want) {
		t.Fatalf("line %s lacks %s", lines[0], want)
	}
	if strings.Contains(lines[1], "curation") {
		t.Fatalf("an uncurated article has a curation key: %s", lines[1])
	}
	// The same line with the curation's keys reversed takes encoding/json's path.
	slow := strings.Replace(lines[0], `{"by":"omar","at":"2026-12-02T13:04:05.0000006Z"}`, `{"at":"2026-12-02T13:04:05.0000006Z","by":"omar","x":1}`, 1)
	for _, in := range []string{buf.String(), slow + "\n"} {
		back, err := Decode(strings.NewReader(in), "c.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		c := back[0].Article.Curation
		if c == nil || c.By != "omar" || !c.At.Equal(at) {
			t.Fatalf("read back curation %+v, want omar at %v", c, at)
		}
		if len(back) > 1 && back[1].Article.Curation != nil {
			t.Fatalf("an uncurated article read back curated: %+v", back[1].Article.Curation)
		}
	}
}

// TestCurationRefusesBadInput names the line, the article and the field.
func TestCurationRefusesBadInput(t *testing.T) {
	for in, want := range map[string]string{
		`{"id":"a","text":"x","curation":{"by":"","at":"2026-12-02T13:04:05Z"}}`:     `c.jsonl:1: article "a": curation.by: annotator name "" is empty`,
		`{"id":"a","text":"x","curation":{"by":"gold","at":"2026-12-02T13:04:05Z"}}`: `curation.by: annotator name "gold" is reserved`,
		`{"id":"a","text":"x","curation":{"by":"omar"}}`:                             `article "a": curation has no "at" time`,
		`{"id":"a","text":"x","curation":{"by":"omar","at":"yesterday"}}`:            `curation.at "yesterday" is not an RFC 3339 time`,
		`{"id":"a","text":"x","curation":"omar"}`:                                    `c.jsonl:1: not a valid JSON article`,
	} {
		_, err := Decode(strings.NewReader(in+"\n"), "c.jsonl")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", in, err, want)
		}
	}
}
