package annotations

import (
	"math/rand"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// cps returns the code point range of the n-th occurrence (0-based) of sub in
// text.
func cps(t testing.TB, text, sub string, n int) Range {
	t.Helper()
	b := 0
	for i := 0; ; i++ {
		j := strings.Index(text[b:], sub)
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", sub, n+1)
		}
		if i == n {
			s := utf8.RuneCountInString(text[:b+j])
			return Range{s, s + utf8.RuneCountInString(sub)}
		}
		b += j + len(sub)
	}
}

func slice(text string, r Range) string {
	rs := []rune(text)
	if r.Start < 0 || r.End > len(rs) || r.Start > r.End {
		return "<bad range>"
	}
	return string(rs[r.Start:r.End])
}

func seedText(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../assets/samples/alaraby-2017-11-14-trump-jr-wikileaks.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// snapCases: a drag over the middle of the `from` substring (its n-th
// occurrence), with its edges moved by the given code point deltas, snaps to
// `want`.
var snapWordCases = []struct {
	name       string
	text       string
	from       string
	ds, de     int
	want       string
	grapheme   string // SnapGrapheme of the same drag
	occurrence int
}{
	{"inside one word", "مع ويكيليكس خلال", "ويكيليكس", 2, -2, "ويكيليكس", "كيلي", 0},
	{"quotes left out", `مع "ويكيليكس" خلال`, `"ويكيليكس"`, 0, 0, "ويكيليكس", `"ويكيليكس"`, 0},
	{"clitic included", "ونقلت عن وويكيليكس أمس", "ويكيليكس", 0, 0, "وويكيليكس", "ويكيليكس", 0},
	{"contraction included", "قال للمغرب إن", "مغرب", 0, 0, "للمغرب", "مغرب", 0},
	{"two words", "دونالد ترامب جونيور، مع", "الد ترا", 0, 0, "دونالد ترامب", "الد ترا", 0},
	{"trailing comma and space dropped", "دونالد ترامب جونيور، مع", "جونيور، ", 0, 0, "جونيور", "جونيور،", 0},
	{"harakat stay with the letter", "ادّعى مؤسس", "ادّ", 0, -1, "ادّعى", "ادّ", 0},
	{"trailing RLM trimmed", "قال أسانج\u200f، إنه", "أسانج\u200f،", 0, 0, "أسانج", "أسانج\u200f،", 0},
	{"trailing ZWNJ trimmed", "كتاب\u200c جديد", "كتاب\u200c", 0, 0, "كتاب", "كتاب", 0},
	{"number with dot", "غوتشيفر 2.0 قال", "2.", 0, 0, "2.0", "2.", 0},
	{"emoji family whole", "abc 👨‍👩‍👧 def", "👨", 0, 0, "👨‍👩‍👧", "👨‍👩‍👧", 0},
	{"flag whole", "abc 🇸🇦🇺🇸 def", "🇸", 0, 0, "🇸🇦", "🇸🇦", 0},
	{"only punctuation", "قال: «مرحبا»", ": «", 0, 0, ": «", ": «", 0},
	{"only space", "a   b", "   ", 0, 0, "", "", 0},
	{"mixed Latin inside Arabic", "موقع WikiLeaks الشهير", "kiLe", 0, 0, "WikiLeaks", "kiLe", 0},
}

func TestSnapWord(t *testing.T) {
	for _, c := range snapWordCases {
		t.Run(c.name, func(t *testing.T) {
			r := cps(t, c.text, c.from, c.occurrence)
			r.Start += c.ds
			r.End += c.de
			ix := NewTextIndex(c.text)
			for _, got := range []Range{SnapWord(c.text, r), ix.SnapWord(r)} {
				if s := slice(c.text, got); s != c.want {
					t.Errorf("SnapWord(%q, %v) = %v %q, want %q", c.text, r, got, s, c.want)
				}
			}
			for _, got := range []Range{SnapGrapheme(c.text, r), ix.SnapGrapheme(r)} {
				if s := slice(c.text, got); s != c.grapheme {
					t.Errorf("SnapGrapheme(%q, %v) = %v %q, want %q", c.text, r, got, s, c.grapheme)
				}
			}
		})
	}
}

func TestSnapGraphemeEdges(t *testing.T) {
	text := "فّ ﻻ 👨‍👩‍👧 🇸🇦🇺🇸 e\u0301"
	rs := []rune(text)
	// Every drag ends on cluster boundaries and never widens past the clusters
	// it touches.
	for s := 0; s <= len(rs); s++ {
		for e := s; e <= len(rs); e++ {
			got := SnapGrapheme(text, Range{s, e})
			if !EdgeOK(text, got.Start) || !EdgeOK(text, got.End) {
				t.Fatalf("SnapGrapheme(%v) = %v splits a cluster", Range{s, e}, got)
			}
			if s == e && got.Start != got.End {
				t.Fatalf("SnapGrapheme(%v) = %v, want empty", Range{s, e}, got)
			}
		}
	}
	// The shadda stays with its letter.
	if got := SnapGrapheme(text, Range{1, 2}); got != (Range{0, 2}) {
		t.Errorf("SnapGrapheme over the shadda = %v, want [0,2)", got)
	}
	// The combining acute stays with e.
	n := len(rs)
	if got := SnapGrapheme(text, Range{n - 2, n - 1}); got != (Range{n - 2, n}) {
		t.Errorf("SnapGrapheme over e = %v, want [%d,%d)", got, n-2, n)
	}
}

func TestEdgeOK(t *testing.T) {
	cases := []struct {
		text string
		cp   int
		want bool
	}{
		{"فّ", 1, false},             // between fa and shadda
		{"فّ", 2, true},              // end
		{"👨‍👩‍👧", 1, false},          // after the man, before ZWJ
		{"👨‍👩‍👧", 2, false},          // after ZWJ
		{"🇸🇦🇺🇸", 1, false},           // inside a flag
		{"🇸🇦🇺🇸", 2, true},            // between flags
		{"كتاب\u200c جديد", 4, true}, // before a trailing ZWNJ: allowed
		{"كتاب\u200c جديد", 5, true},
		{"كتاب\u200c جديد", 3, true},
		{"ab", -1, false},
		{"ab", 3, false},
		{"ab", 2, true},
		{"", 0, true},
	}
	for _, c := range cases {
		ix := NewTextIndex(c.text)
		if got := EdgeOK(c.text, c.cp); got != c.want {
			t.Errorf("EdgeOK(%q, %d) = %v, want %v", c.text, c.cp, got, c.want)
		}
		if got := ix.EdgeOK(c.cp); got != c.want {
			t.Errorf("TextIndex(%q).EdgeOK(%d) = %v, want %v", c.text, c.cp, got, c.want)
		}
	}
}

func TestWordAt(t *testing.T) {
	text := `قال "ويكيليكس"، 👍 ثم`
	cases := []struct {
		at   string
		n    int
		want string
	}{
		{"ق", 0, "قال"},
		{"ال", 0, "قال"},
		{"ليكس", 0, "ويكيليكس"},
		{`"`, 0, `"`},
		{"،", 0, "،"},
		{" ", 0, ""},
		{"👍", 0, "👍"},
		{"ثم", 0, "ثم"},
	}
	ix := NewTextIndex(text)
	for _, c := range cases {
		cp := cps(t, text, c.at, c.n).Start
		for _, got := range []Range{WordAt(text, cp), ix.WordAt(cp)} {
			if s := slice(text, got); s != c.want {
				t.Errorf("WordAt(%q at %d) = %v %q, want %q", c.at, cp, got, s, c.want)
			}
		}
	}
	if got := WordAt(text, 1000); got != (Range{utf8.RuneCountInString(text), utf8.RuneCountInString(text)}) {
		t.Errorf("WordAt past the end = %v", got)
	}
}

func TestWordEdges(t *testing.T) {
	text := `قال، "ويكيليكس" ثم  end`
	n := utf8.RuneCountInString(text)
	qal := cps(t, text, "قال", 0)
	wik := cps(t, text, "ويكيليكس", 0)
	thm := cps(t, text, "ثم", 0)
	end := cps(t, text, "end", 0)
	next := []struct{ from, want int }{
		{0, qal.End}, {1, qal.End}, {qal.End, wik.End}, {wik.Start, wik.End},
		{wik.End, thm.End}, {thm.End, end.End}, {end.End, n}, {n + 5, n}, {-3, qal.End},
	}
	prev := []struct{ from, want int }{
		{n, end.Start}, {end.Start, thm.Start}, {thm.Start + 1, thm.Start}, {wik.End, wik.Start},
		{wik.Start, qal.Start}, {1, 0}, {0, 0}, {n + 5, end.Start},
	}
	ix := NewTextIndex(text)
	for _, c := range next {
		if got := NextWordEdge(text, c.from); got != c.want {
			t.Errorf("NextWordEdge(%d) = %d, want %d", c.from, got, c.want)
		}
		if got := ix.NextWordEdge(c.from); got != c.want {
			t.Errorf("TextIndex.NextWordEdge(%d) = %d, want %d", c.from, got, c.want)
		}
	}
	for _, c := range prev {
		if got := PrevWordEdge(text, c.from); got != c.want {
			t.Errorf("PrevWordEdge(%d) = %d, want %d", c.from, got, c.want)
		}
		if got := ix.PrevWordEdge(c.from); got != c.want {
			t.Errorf("TextIndex.PrevWordEdge(%d) = %d, want %d", c.from, got, c.want)
		}
	}
}

// TestWordEdgesFarAway makes the searches cross many window growths.
func TestWordEdgesFarAway(t *testing.T) {
	text := "قال" + strings.Repeat("، ", 2000) + "ثم"
	n := utf8.RuneCountInString(text)
	if got := NextWordEdge(text, 3); got != n {
		t.Errorf("NextWordEdge = %d, want %d", got, n)
	}
	if got := PrevWordEdge(text, n-2); got != 0 {
		t.Errorf("PrevWordEdge = %d, want 0", got)
	}
	ix := NewTextIndex(text)
	if got := ix.PrevWordEdge(n - 2); got != 0 {
		t.Errorf("TextIndex.PrevWordEdge = %d, want 0", got)
	}
}

// alphabet mixes what makes segmentation hard: Arabic with harakat, Latin,
// digits and separators, spaces of several kinds, newlines and CR, emoji with
// ZWJ and skin tones, regional indicators, invisible controls, a Prepend
// character (U+0600), a combining mark on a space.
var alphabet = []string{
	"ب", "و", "ل", "ا", "ّ", "َ", "ـ", "ﻻ", "a", "B", "'", ".", ",", "1", "٢",
	" ", " ", "  ", "\u00a0", "\u3000", "\n", "\r", "\r\n", "\t",
	"👨", "\u200d", "👩", "🏽", "🇸", "🇦", "\u200c", "\u200f", "\u200e", "\u2067", "\u2069",
	"\u0600", "\u0301", "؟", "«", "»", "-", "\ufeff",
}

func randomText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(alphabet[rng.Intn(len(alphabet))])
	}
	return b.String()
}

// TestSafePoints checks the claim the windowed functions rest on: cutting a
// text at a safe point and segmenting both halves gives the segmentation of
// the whole text, for words and for grapheme clusters.
func TestSafePoints(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	seg := func(s string, word bool) []string {
		var out []string
		state := -1
		for len(s) > 0 {
			var x string
			if word {
				x, s, state = uniseg.FirstWordInString(s, state)
			} else {
				x, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
			}
			out = append(out, x)
		}
		return out
	}
	checked := 0
	for i := 0; i < 3000; i++ {
		text := randomText(rng, 1+rng.Intn(20))
		v := textView{text: text}
		for p := 1; p < len(text); p++ {
			if !utf8.RuneStart(text[p]) || !v.safe(p) {
				continue
			}
			checked++
			for _, word := range []bool{true, false} {
				whole := strings.Join(seg(text, word), "|")
				split := strings.Join(append(seg(text[:p], word), seg(text[p:], word)...), "|")
				if whole != split {
					t.Fatalf("safe point %d in %+q (word=%v): whole %+q, split %+q", p, text, word, whole, split)
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d safe points checked", checked)
	}
}

// refSnapWord is SnapWord computed over the whole text, the obvious way.
func refSnapWord(text string, r Range) Range {
	v := textView{text: text}
	r, _, _ = v.clamp(r)
	full := window{lo: 0, hi: len(text), text: text}
	if r.Start == r.End {
		return v.snapGraphemeIn(full, r)
	}
	first, last := -1, -1
	for _, x := range Words(text) {
		if x.Start < r.End && r.Start < x.End {
			if first < 0 {
				first = x.Start
			}
			last = x.End
		}
	}
	if first < 0 {
		return v.snapGraphemeIn(full, r)
	}
	return edgesOK(full, Range{first, last})
}

// TestWindowsAgreeWithWholeText compares the windowed answers, with and
// without a TextIndex, to answers computed over the whole text.
func TestWindowsAgreeWithWholeText(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for i := 0; i < 2000; i++ {
		text := randomText(rng, 1+rng.Intn(40))
		n := utf8.RuneCountInString(text)
		ix := NewTextIndex(text)
		words := Words(text)
		full := window{lo: 0, hi: len(text), text: text}
		for k := 0; k < 10; k++ {
			r := Range{rng.Intn(n + 1), rng.Intn(n + 1)}
			want := refSnapWord(text, r)
			if got := SnapWord(text, r); got != want {
				t.Fatalf("SnapWord(%+q, %v) = %v, whole text gives %v", text, r, got, want)
			}
			if got := ix.SnapWord(r); got != want {
				t.Fatalf("TextIndex.SnapWord(%+q, %v) = %v, whole text gives %v", text, r, got, want)
			}
			cr, _, _ := textView{text: text}.clamp(r)
			wantG := textView{text: text}.snapGraphemeIn(full, cr)
			if got := SnapGrapheme(text, r); got != wantG {
				t.Fatalf("SnapGrapheme(%+q, %v) = %v, whole text gives %v", text, r, got, wantG)
			}
			if got := ix.SnapGrapheme(r); got != wantG {
				t.Fatalf("TextIndex.SnapGrapheme(%+q, %v) = %v, whole text gives %v", text, r, got, wantG)
			}
			for _, g := range []Range{want, wantG} {
				if !EdgeOK(text, g.Start) || !EdgeOK(text, g.End) {
					t.Fatalf("snapped %v of %+q splits a cluster", g, text)
				}
				if g.Start < 0 || g.End > n || g.Start > g.End {
					t.Fatalf("snapped %v out of [0,%d]", g, n)
				}
			}
			cp := rng.Intn(n + 1)
			wantNext, wantPrev := n, 0
			for _, w := range words {
				if w.End > cp {
					wantNext = w.End
					break
				}
			}
			for _, w := range words {
				if w.Start < cp {
					wantPrev = w.Start
				}
			}
			if got := NextWordEdge(text, cp); got != wantNext {
				t.Fatalf("NextWordEdge(%+q, %d) = %d, want %d", text, cp, got, wantNext)
			}
			if got := ix.PrevWordEdge(cp); got != wantPrev {
				t.Fatalf("PrevWordEdge(%+q, %d) = %d, want %d", text, cp, got, wantPrev)
			}
			wantAt := Range{}
			found := false
			for _, w := range words {
				if w.Start <= cp && cp < w.End {
					wantAt, found = w, true
				}
			}
			if got := ix.WordAt(cp); found && got != wantAt {
				t.Fatalf("WordAt(%+q, %d) = %v, want %v", text, cp, got, wantAt)
			}
		}
	}
}

func TestSnapSeed(t *testing.T) {
	text := seedText(t)
	ix := NewTextIndex(text)
	// A drag from inside أسانج to inside the next word.
	r := cps(t, text, "جوليان أسانج", 0)
	got := ix.SnapWord(Range{r.Start + 2, r.End - 1})
	if s := slice(text, got); s != "جوليان أسانج" {
		t.Errorf("SnapWord = %q", s)
	}
	// Every word of the seed is its own snap, and valid as a span.
	for _, w := range Words(text) {
		if got := ix.SnapWord(w); got != w {
			t.Fatalf("SnapWord(%v %q) = %v", w, slice(text, w), got)
		}
		if err := ValidateSpan(text, ix.Offsets(), Span{Kind: KindEntity, Label: "X", Start: w.Start, End: w.End}); err != nil {
			t.Fatal(err)
		}
	}
}

func FuzzSnap(f *testing.F) {
	f.Add("قال \"ويكيليكس\"، 👨‍👩‍👧 🇸🇦", 3, 9)
	f.Add("a\u0600 \u064bb", 1, 4)
	f.Add("\xff\xfe bad", 0, 3)
	f.Fuzz(func(t *testing.T, text string, s, e int) {
		if !utf8.ValidString(text) {
			// Invalid text never reaches a span, but must not panic.
			SnapWord(text, Range{s, e})
			SnapGrapheme(text, Range{s, e})
			return
		}
		ix := NewTextIndex(text)
		n := ix.Len()
		for _, got := range []Range{SnapWord(text, Range{s, e}), ix.SnapGrapheme(Range{s, e})} {
			if got.Start < 0 || got.End > n || got.Start > got.End {
				t.Fatalf("snap %v out of [0,%d]", got, n)
			}
			if !ix.EdgeOK(got.Start) || !ix.EdgeOK(got.End) {
				t.Fatalf("snap %v splits a cluster", got)
			}
		}
		if w := WordAt(text, s); w != ix.WordAt(s) {
			t.Fatalf("WordAt differs with and without index")
		}
		if a, b := NextWordEdge(text, s), ix.NextWordEdge(s); a != b || a < 0 || a > n {
			t.Fatalf("NextWordEdge %d / %d", a, b)
		}
		if a, b := PrevWordEdge(text, s), ix.PrevWordEdge(s); a != b || a < 0 || a > n {
			t.Fatalf("PrevWordEdge %d / %d", a, b)
		}
	})
}

// bigText is about 1 MB of the seed article repeated.
func bigText(b *testing.B) string {
	seed := seedText(b)
	return strings.Repeat(seed+"\n", 1<<20/len(seed)+1)
}

func BenchmarkNewTextIndex1MB(b *testing.B) {
	text := bigText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		NewTextIndex(text)
	}
}

func BenchmarkSnapWord1MB(b *testing.B) {
	text := bigText(b)
	ix := NewTextIndex(text)
	mid := ix.Len() / 2
	r := Range{mid, mid + 40}
	b.Run("TextIndex", func(b *testing.B) {
		for b.Loop() {
			ix.SnapWord(r)
		}
	})
	b.Run("string", func(b *testing.B) {
		for b.Loop() {
			SnapWord(text, r)
		}
	})
}

func BenchmarkSnapGrapheme1MB(b *testing.B) {
	text := bigText(b)
	ix := NewTextIndex(text)
	mid := ix.Len() / 2
	r := Range{mid, mid + 40}
	for b.Loop() {
		ix.SnapGrapheme(r)
	}
}

func BenchmarkWordEdges1MB(b *testing.B) {
	text := bigText(b)
	ix := NewTextIndex(text)
	mid := ix.Len() / 2
	for b.Loop() {
		ix.NextWordEdge(mid)
		ix.PrevWordEdge(mid)
		ix.WordAt(mid)
	}
}
