package interchange

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

func TestNormalizeText(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		moves    map[int]int // old offset -> new offset
	}{
		{"abc", "abc", map[int]int{0: 0, 3: 3}},
		{"\ufeffab", "ab", map[int]int{0: 0, 1: 0, 2: 1, 3: 2}},
		{"a\r\nb\r\nc", "a\nb\nc", map[int]int{1: 1, 2: 1, 3: 2, 4: 3, 6: 4, 7: 5}},
		{"a\rb", "a\nb", map[int]int{1: 1, 2: 2, 3: 3}},
		{"\ufeff📢\r\nقال", "📢\nقال", map[int]int{1: 0, 2: 1, 4: 2, 7: 5}},
	} {
		got, move := NormalizeText(tc.in)
		if got != tc.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for old, want := range tc.moves {
			if m := move(old); m != want {
				t.Errorf("NormalizeText(%q): offset %d moved to %d, want %d", tc.in, old, m, want)
			}
		}
	}
}

func TestDirectionAndTitle(t *testing.T) {
	for _, tc := range []struct{ text, lang string }{
		{"قال عمر إن OK", "ar"}, {"Omar said قال", "en"}, {"2017 🙂", ""},
	} {
		a := NewArticle(tc.text, "t", "")
		lang, dir := a.Lang, a.Direction
		wantDir := annotations.LTR
		if tc.lang == "ar" {
			wantDir = annotations.RTL
		}
		if lang != tc.lang || dir != wantDir {
			t.Errorf("NewArticle(%q): lang, direction = %q %q", tc.text, lang, dir)
		}
	}
	if got := TitleFrom("\n\n  First line  \nsecond"); got != "First line" {
		t.Errorf("TitleFrom = %q", got)
	}
	long := strings.Repeat("ب", 100)
	if got := TitleFrom(long); got != strings.Repeat("ب", 80)+"…" {
		t.Errorf("TitleFrom(long) = %q", got)
	}
	a := NewArticle("نص\nثان", "", "f.txt")
	if a.Title != "نص" || a.Direction != annotations.RTL || a.Status != annotations.StatusTodo || a.Validate() != nil {
		t.Errorf("NewArticle = %+v", a)
	}
}

func TestGuessKind(t *testing.T) {
	scheme := annotations.DefaultScheme()
	for _, tc := range []struct {
		label    string
		attrs    map[string]string
		claimant bool
		want     annotations.Kind
	}{
		{"PERS", nil, true, annotations.KindEntity}, // the scheme wins
		{"CLAIM", nil, false, annotations.KindClaim},
		{"claim_minor", nil, false, annotations.KindClaim},
		{"QUOTE", map[string]string{"verdict": "false"}, false, annotations.KindClaim},
		{"QUOTE", map[string]string{"normalized_claim": "x"}, false, annotations.KindClaim},
		{"QUOTE", nil, true, annotations.KindClaim},
		{"QUOTE", map[string]string{"source": "x"}, false, annotations.KindEntity},
	} {
		if got := GuessKind(scheme, tc.label, tc.attrs, tc.claimant); got != tc.want {
			t.Errorf("GuessKind(%q, %v, %v) = %s, want %s", tc.label, tc.attrs, tc.claimant, got, tc.want)
		}
	}
	docs := []annotations.Document{{Spans: []annotations.Span{{Label: "PERS"}, {Label: "NEW", Kind: annotations.KindClaim}, {Label: "NEW"}}}}
	nl := NewLabels(scheme, docs)
	if len(nl) != 1 || nl[0].Name != "NEW" || nl[0].Kind != annotations.KindClaim || nl[0].Color != annotations.NewLabelColor("NEW") {
		t.Errorf("NewLabels = %+v", nl)
	}
}

func TestIDsAndOrder(t *testing.T) {
	if SpanID("h", "T1") != SpanID("h", "T1") || SpanID("h", "T1") == SpanID("h", "T2") || SpanID("h", "T1") == SpanID("g", "T1") || SpanID("h", "1") == RelationID("h", "1") {
		t.Error("derived ids are not stable and distinct")
	}
	spans := SortSpans([]annotations.Span{{ID: "c", Start: 5, End: 6}, {ID: "b", Start: 0, End: 2}, {ID: "a", Start: 0, End: 9}})
	if spans[0].ID != "a" || spans[1].ID != "b" || spans[2].ID != "c" {
		t.Errorf("SortSpans = %+v", spans)
	}
	keys := SortedAttributeKeys(map[string]string{"zeta": "", "note": "", "verdict": "", "check_worthy": "", "claim_date": ""})
	if strings.Join(keys, ",") != "check_worthy,verdict,claim_date,note,zeta" {
		t.Errorf("SortedAttributeKeys = %v", keys)
	}
}

func TestLines(t *testing.T) {
	long := strings.Repeat("x", 200000)
	in := "\ufeffone\r\n\n  \ntwo\n" + long + "\nlast"
	var got []string
	err := Lines(strings.NewReader(in), "f", func(n int, b []byte) error {
		s := string(b)
		if len(s) > 10 {
			s = fmt.Sprintf("long%d", len(s))
		}
		got = append(got, fmt.Sprintf("%d:%s", n, s))
		return nil
	})
	if err != nil || strings.Join(got, " ") != "1:one 4:two 5:long200000 6:last" {
		t.Errorf("Lines = %v, %v", got, err)
	}
	err = Lines(strings.NewReader("ok\nb\xffad\n"), "f.jsonl", func(int, []byte) error { return nil })
	if annotations.ErrorCode(err) != annotations.EINVALID || !strings.Contains(err.Error(), "f.jsonl:2:") {
		t.Errorf("invalid UTF-8: %v", err)
	}
}
