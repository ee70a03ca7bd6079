package layout

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/go-text/typesetting/segmenter"
)

// lineBreakTest is the conformance data of UAX #14, Unicode 15.0.0, kept in
// the repository (see testdata/README.md).
const lineBreakTest = "testdata/LineBreakTest.txt"

// segmenterBreaks returns the break opportunities go-text's segmenter finds.
func segmenterBreaks(text []rune) (breaks, hard []int32) {
	var seg segmenter.Segmenter
	seg.Init(text)
	it := seg.LineIterator()
	for it.Next() {
		l := it.Line()
		end := int32(l.Offset + len(l.Text))
		if int(end) >= len(text) {
			break
		}
		breaks = append(breaks, end)
		if l.IsMandatoryBreak {
			hard = append(hard, end)
		}
	}
	return breaks, hard
}

// TestLineBreaksMatchSegmenter checks that lineBreaks, the port of
// go-text's line-breaking rules, finds exactly the breaks the segmenter
// finds: on the seed article, the mixed paragraphs, the strings of Unicode's
// LineBreakTest.txt and random strings.
func TestLineBreaksMatchSegmenter(t *testing.T) {
	var texts [][]rune
	for _, p := range strings.Split(seedText(t)+"\n"+mixedParagraphs, "\n") {
		texts = append(texts, []rune(p))
	}
	f, err := os.Open(lineBreakTest)
	if err != nil {
		t.Fatalf("UAX #14 conformance data missing: %v", err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		var rs []rune
		for _, f := range strings.Fields(line) {
			if f == "÷" || f == "×" {
				continue
			}
			v, err := strconv.ParseUint(f, 16, 32)
			if err == nil {
				rs = append(rs, rune(v))
			}
		}
		if len(rs) > 0 {
			texts = append(texts, rs)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading %s: %v", lineBreakTest, err)
	}
	f.Close()
	alphabet := []rune("aZ09 \u00a0\t\n\r.,:;!?\"'()[]{}«»،؛؟-–—/%$+#&*…\u200b\u200c\u200d\u2060\u00ad" +
		"عامل\u064b\u0651\u0670٣٤\u066a\u066b" + "א文한ガ😀👍🏽🇸🇦\u0e01\u0e31\u0300\u3002\u3001\u2014\u2029\u0085\u000b\u2028")
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		n := 1 + rng.Intn(12)
		rs := make([]rune, n)
		for k := range rs {
			rs[k] = alphabet[rng.Intn(len(alphabet))]
		}
		texts = append(texts, rs)
	}
	fails := 0
	for _, rs := range texts {
		wb, wh := segmenterBreaks(rs)
		gb, gh := lineBreaks(rs, nil, nil)
		if fmt.Sprint(wb, wh) != fmt.Sprint(gb, gh) {
			fails++
			if fails <= 10 {
				t.Errorf("%U: breaks %v mandatory %v; segmenter %v %v", rs, gb, gh, wb, wh)
			}
		}
	}
	t.Logf("%d texts compared, %d differ", len(texts), fails)
}

// TestLineBreakConformance runs Unicode's LineBreakTest.txt against
// lineBreaks (the rules of go-text v0.2.1, Unicode 14/15 era, with the
// numeric tailoring of UAX #14 Example 7 that the test file does not use).
func TestLineBreakConformance(t *testing.T) {
	f, err := os.Open(lineBreakTest)
	if err != nil {
		t.Fatalf("UAX #14 conformance data missing: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	total, pass := 0, 0
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fs := strings.Fields(line)
		if len(fs) == 0 {
			continue
		}
		var rs []rune
		var want []int32
		for _, f := range fs {
			switch f {
			case "÷":
				if len(rs) > 0 {
					want = append(want, int32(len(rs)))
				}
			case "×":
			default:
				v, _ := strconv.ParseUint(f, 16, 32)
				rs = append(rs, rune(v))
			}
		}
		if len(want) > 0 && int(want[len(want)-1]) == len(rs) {
			want = want[:len(want)-1] // the end of the text
		}
		total++
		got, _ := lineBreaks(rs, nil, nil)
		if fmt.Sprint(got) == fmt.Sprint(want) {
			pass++
		}
	}
	t.Logf("LineBreakTest.txt: %d of %d cases pass", pass, total)
	if pass < total-10 {
		t.Errorf("only %d of %d line-break cases pass", pass, total)
	}
}
