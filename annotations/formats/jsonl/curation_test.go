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

// TestRejectionsRoundTrip: an article's rejections are written inside its
// "curation" object as "rejected", with or without the article being
// curated, and read back the same (through encoding/json, the fast parser
// leaving such lines to it); writing what was read gives the same bytes.
func TestRejectionsRoundTrip(t *testing.T) {
	at := time.Date(2026, 12, 2, 13, 4, 5, 600, time.UTC)
	rs := []annotations.Rejection{{Unit: "0-4", By: "omar", At: at}, {Unit: "claimant:9-13>0-4", By: "lina", At: at.Add(time.Minute)}}
	docs := []annotations.Document{
		{Article: annotations.Article{ID: "a1", Title: "t", Text: "Sara met Mona.", Lang: "en", Direction: annotations.LTR, Status: annotations.StatusDone,
			Curation: &annotations.Curation{By: "omar", At: at}, Rejections: rs}},
		{Article: annotations.Article{ID: "a2", Title: "u", Text: "Sara met Mona.!", Lang: "en", Direction: annotations.LTR, Status: annotations.StatusTodo,
			Rejections: rs[:1]}},
	}
	var buf bytes.Buffer
	enc := NewEncoder(&buf)
	for i := range docs {
		if err := enc.Encode(&docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	for i, want := range []string{
		`"curation":{"by":"omar","at":"2026-12-02T13:04:05.0000006Z","rejected":[{"unit":"0-4","by":"omar","at":"2026-12-02T13:04:05.0000006Z"},{"unit":"claimant:9-13>0-4","by":"lina","at":"2026-12-02T13:05:05.0000006Z"}]}`,
		`"curation":{"rejected":[{"unit":"0-4","by":"omar","at":"2026-12-02T13:04:05.0000006Z"}]}`,
	} {
		if !strings.Contains(lines[i], want) {
			t.Fatalf("line %d %s lacks %s", i+1, lines[i], want)
		}
	}
	back, err := Decode(strings.NewReader(buf.String()), "c.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if c := back[0].Article.Curation; c == nil || c.By != "omar" {
		t.Fatalf("curation %+v", c)
	}
	if back[1].Article.Curation != nil {
		t.Fatalf("an article with rejections only read back curated: %+v", back[1].Article.Curation)
	}
	for i, d := range back {
		want := docs[i].Article.Rejections
		got := d.Article.Rejections
		if len(got) != len(want) {
			t.Fatalf("article %d: rejections %+v, want %+v", i+1, got, want)
		}
		for k := range got {
			if got[k].Unit != want[k].Unit || got[k].By != want[k].By || !got[k].At.Equal(want[k].At) {
				t.Fatalf("article %d: rejection %+v, want %+v", i+1, got[k], want[k])
			}
		}
	}
	var again bytes.Buffer
	enc = NewEncoder(&again)
	for i := range back {
		if err := enc.Encode(&back[i]); err != nil {
			t.Fatal(err)
		}
	}
	if again.String() != buf.String() {
		t.Fatalf("written again:\n%s\nfirst:\n%s", again.String(), buf.String())
	}
}

// TestRejectionsRefuseBadInput names the line, the article and the field.
func TestRejectionsRefuseBadInput(t *testing.T) {
	for in, want := range map[string]string{
		`{"id":"a","text":"x","curation":{"rejected":[{"unit":"4-2","by":"omar","at":"2026-12-02T13:04:05Z"}]}}`:                                                  `c.jsonl:1: article "a": curation.rejected[0].unit: unit "4-2" is neither`,
		`{"id":"a","text":"x","curation":{"rejected":[{"unit":"0-1","by":"gold","at":"2026-12-02T13:04:05Z"}]}}`:                                                  `curation.rejected[0].by: annotator name "gold" is reserved`,
		`{"id":"a","text":"x","curation":{"rejected":[{"unit":"0-1","by":"omar"}]}}`:                                                                              `curation.rejected[0] has no "at" time`,
		`{"id":"a","text":"x","curation":{"rejected":[{"unit":"0-1","by":"omar","at":"now"}]}}`:                                                                   `curation.rejected[0].at "now" is not an RFC 3339 time`,
		`{"id":"a","text":"x","curation":{"rejected":[{"unit":"0-1","by":"o","at":"2026-12-02T13:04:05Z"},{"unit":"0-1","by":"o","at":"2026-12-02T13:04:05Z"}]}}`: `unit "0-1" is rejected twice`,
		`{"id":"a","text":"x","curation":{"by":"omar","rejected":[{"unit":"0-1","by":"o","at":"2026-12-02T13:04:05Z"}]}}`:                                         `curation has no "at" time`,
		`{"id":"a","text":"x","curation":{"rejected":"0-1"}}`:                                                                                                     `c.jsonl:1: not a valid JSON article`,
	} {
		_, err := Decode(strings.NewReader(in+"\n"), "c.jsonl")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", in, err, want)
		}
	}
}
