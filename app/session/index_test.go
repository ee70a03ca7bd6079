package session

import (
	"context"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

const indexSample = "قال جوليان أسانج إن موقع وويكيليكس نشر الرسائل. وأكد ويكيليكس في لندن أن الرسائل صحيحة."

// substringRunes is the obvious clamped []rune slice, as a reference.
func substringRunes(text string, start, end int) string {
	rs := []rune(text)
	start, end = max(start, 0), min(end, len(rs))
	if start >= end {
		return ""
	}
	return string(rs[start:end])
}

// TestTextRangeUsesOneIndex checks that span texts are sliced from one
// offset table per open text (not a []rune copy of the article per call),
// that the slices are right on Arabic text and clamped, and that a new text
// gets a new table.
func TestTextRangeUsesOneIndex(t *testing.T) {
	s := &Session{ctx: context.Background()}
	s.doc = &annotations.Document{Article: annotations.Article{Text: indexSample}}
	rs := []rune(indexSample)
	start := 0
	for i := range rs {
		if string(rs[i:min(i+4, len(rs))]) == "لندن" {
			start = i
			break
		}
	}
	if got := s.TextRange(start, start+4); got != "لندن" {
		t.Fatalf("TextRange(%d, %d) = %q, want لندن", start, start+4, got)
	}
	ix := s.Index()
	if got := s.SpanText(annotations.Span{Start: start, End: start + 4}); got != "لندن" {
		t.Fatalf("SpanText = %q", got)
	}
	if s.Index() != ix {
		t.Fatal("the offset table was rebuilt for the same text")
	}
	n := len(rs)
	for _, c := range []struct{ s, e int }{{-5, 3}, {n - 2, n + 10}, {n + 1, n + 5}, {4, 2}} {
		want := substringRunes(indexSample, c.s, c.e)
		if got := s.TextRange(c.s, c.e); got != want {
			t.Errorf("TextRange(%d, %d) = %q, want %q", c.s, c.e, got, want)
		}
	}
	d := *s.doc
	d.Article.Text = "abc"
	s.doc = &d
	if got := s.TextRange(1, 3); got != "bc" {
		t.Fatalf("after a text change TextRange(1, 3) = %q, want bc", got)
	}
	// An index source with the same text is used instead of a new table.
	other := annotations.NewTextIndex("xyz")
	s.SetIndexSource(func() *annotations.TextIndex { return other })
	s.doc = &annotations.Document{Article: annotations.Article{Text: "xyz"}}
	if s.Index() != other {
		t.Fatal("the index source's table for the same text was not used")
	}
}
