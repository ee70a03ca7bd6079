package annotations

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFoldString(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ادّعى", "ادعي"},                            // shadda dropped, alef maqsura → ya
		{"مُؤَسِّسُ", "مؤسس"},                        // harakat dropped, hamza on waw kept
		{"إأآٱ", "اااا"},                             // alef variants
		{"مدرسة", "مدرسه"},                           // ta marbuta
		{"کتاب فارسی", "كتاب فارسي"},                 // Persian kaf and ya
		{"عـــام", "عام"},                            // tatweel
		{"٢٠١٧ ۲۰۱۷", "2017 2017"},                   // Arabic-Indic and Persian digits
		{"\ufefb \ufef7", "لا لا"},                   // presentation forms: lam-alef, lam-alef with hamza
		{"\ufdf2", "الله"},                           // allah ligature
		{"قال\u200f \u202bنص\u202c\u200c", "قال نص"}, // bidi and format controls
		{"WikiLeaks TRUMP", "wikileaks trump"},       // Latin case
		{"الرحمٰن", "الرحمن"},                        // superscript alef
		{"👨‍👩‍👧", "👨👩👧"},                             // ZWJ is a format control too
	}
	for _, c := range cases {
		if got := FoldString(c.in); got != c.want {
			t.Errorf("FoldString(%+q) = %+q, want %+q", c.in, got, c.want)
		}
	}
}

func TestFoldOrigin(t *testing.T) {
	text := "أَسانج \ufefb ٢"
	folded, origin := Fold(text)
	if folded != "اسانج لا 2" {
		t.Fatalf("folded %q", folded)
	}
	// ا←أ(0) س←2 (the fatha at 1 is gone) ... ل,ا←ﻻ(7, both) 2←٢(9)
	want := []int{0, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10}
	if len(origin) != len(want) {
		t.Fatalf("origin %v, want %v", origin, want)
	}
	for i := range want {
		if origin[i] != want[i] {
			t.Fatalf("origin %v, want %v", origin, want)
		}
	}
	if origin[len(origin)-1] != utf8.RuneCountInString(text) {
		t.Error("last origin entry is not the text length")
	}
}

// TestFindClitics: the examples of arabic-text.md.
func TestFindClitics(t *testing.T) {
	text := "قال وويكيليكس إن ويكيليكس، و«ويكيليكس» ولويكيليكس. في المغرب وللمغرب، للمغرب والمغرب بالمغرب فالمغرب كالمغرب مغربي"
	cases := []struct {
		query string
		want  []string
	}{
		{"ويكيليكس", []string{"وويكيليكس", "ويكيليكس", "ويكيليكس", "ولويكيليكس"}},
		{"المغرب", []string{"المغرب", "وللمغرب", "للمغرب", "والمغرب", "بالمغرب", "فالمغرب", "كالمغرب"}},
		{"للمغرب", []string{"المغرب", "وللمغرب", "للمغرب", "والمغرب", "بالمغرب", "فالمغرب", "كالمغرب"}},
		{"مغرب", nil}, // not a word of the text: مغربي is another word, المغرب has ال
		{"وويكيليكس", []string{"وويكيليكس"}},
		{"  ", nil},
		{"", nil},
	}
	m := NewMatcher(text)
	for _, c := range cases {
		got := m.Find(c.query)
		var s []string
		for _, r := range got {
			s = append(s, slice(text, r))
		}
		if strings.Join(s, "|") != strings.Join(c.want, "|") {
			t.Errorf("Find(%q) = %q, want %q", c.query, s, c.want)
		}
		// Find without a Matcher agrees.
		if again := Find(text, c.query); len(again) != len(got) {
			t.Errorf("Find and Matcher.Find disagree for %q", c.query)
		}
	}
}

func TestFindSeed(t *testing.T) {
	text := seedText(t)
	m := NewMatcher(text)
	cases := []struct {
		query string
		n     int
		also  string // one of the matched texts
	}{
		{"ويكيليكس", 8, "ويكيليكس"},
		{`"ويكيليكس"`, 8, "ويكيليكس"}, // punctuation around the query is not part of it
		{"WIKILEAKS", 0, ""},
		{"روسيا", 5, "بروسيا"},
		{"الاميركية", 9, "الأميركيّة"}, // hamza and shadda folded away
		{"الأميركيّة", 9, "الأميركية"},
		{"ترامب جونيور", 7, "ترامب جونيور"},
		{"ترامب  \n جونيور", 7, "ترامب جونيور"},                  // any whitespace matches any
		{"دونالد ترامب، دونالد", 2, "دونالد ترامب،\u00a0دونالد"}, // NBSP in the text is whitespace
		{"اسانج", 6, "أسانج"},
		{"جوليان أسانج", 2, "جوليان أسانج"},
		{"2016", 2, "2016"},
		{"٢٠١٦", 2, "2016"},
		{"سبتمبر/أيلول", 1, "سبتمبر/أيلول"},
		{"سبتمبر أيلول", 0, ""}, // the slash is part of the phrase
	}
	for _, c := range cases {
		got := m.Find(c.query)
		if len(got) != c.n {
			var s []string
			for _, r := range got {
				s = append(s, slice(text, r))
			}
			t.Errorf("Find(%q): %d matches %q, want %d", c.query, len(got), s, c.n)
			continue
		}
		found := c.also == ""
		for i, r := range got {
			if slice(text, r) == c.also {
				found = true
			}
			if err := ValidateSpan(text, nil, Span{Kind: KindEntity, Label: "X", Start: r.Start, End: r.End}); err != nil {
				t.Errorf("Find(%q) gives an invalid span: %v", c.query, err)
			}
			if i > 0 && got[i-1].End > r.Start {
				t.Errorf("Find(%q): overlapping or unsorted %v %v", c.query, got[i-1], r)
			}
		}
		if !found {
			t.Errorf("Find(%q) did not match %q", c.query, c.also)
		}
	}
}

func TestFindLatinAndRepeats(t *testing.T) {
	text := "WikiLeaks, wikileaks and WIKILEAKS; Wiki Leaks. a a a"
	if got := Find(text, "Wikileaks"); len(got) != 3 {
		t.Errorf("Latin case folding: %v", got)
	}
	// Non-overlapping, left to right.
	got := Find(text, "a a")
	if len(got) != 1 || slice(text, got[0]) != "a a" || got[0].Start != utf8.RuneCountInString(text)-5 {
		t.Errorf("Find(a a) = %v", got)
	}
}

func BenchmarkMatcher1MB(b *testing.B) {
	text := bigText(b)
	b.Run("NewMatcher", func(b *testing.B) {
		for b.Loop() {
			NewMatcher(text)
		}
	})
	m := NewMatcher(text)
	b.Run("Find", func(b *testing.B) {
		for b.Loop() {
			m.Find("ترامب جونيور")
		}
	})
}
