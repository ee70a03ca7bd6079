package layout

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/bidi"
)

// The conformance data of UAX #9, Unicode 15.0.0, kept in the repository
// (see testdata/README.md) so that the figures hold on any machine.
const (
	bidiCharacterTest = "testdata/BidiCharacterTest.txt"
	bidiTest          = "testdata/BidiTest.txt"
	bidiBrackets      = "testdata/BidiBrackets.txt"
)

type bidiCase struct {
	line      int
	runes     []rune
	dir       int // 0 LTR, 1 RTL, 2 auto (LTR default)
	paraLevel int
	levels    []int // -1 for x
	order     []int
}

func loadBidiCases(t testing.TB) []bidiCase {
	t.Helper()
	f, err := os.Open(bidiCharacterTest)
	if err != nil {
		t.Fatalf("UAX #9 conformance data missing: %v", err)
	}
	defer f.Close()
	var cases []bidiCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	ln := 0
	for sc.Scan() {
		ln++
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		fields := strings.Split(s, ";")
		if len(fields) != 5 {
			t.Fatalf("%s:%d: want 5 fields, got %d", bidiCharacterTest, ln, len(fields))
		}
		c := bidiCase{line: ln}
		for _, h := range strings.Fields(fields[0]) {
			v, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatalf("%s:%d: bad code point %q", bidiCharacterTest, ln, h)
			}
			c.runes = append(c.runes, rune(v))
		}
		c.dir, _ = strconv.Atoi(fields[1])
		c.paraLevel, _ = strconv.Atoi(fields[2])
		for _, l := range strings.Fields(fields[3]) {
			if l == "x" {
				c.levels = append(c.levels, -1)
			} else {
				v, _ := strconv.Atoi(l)
				c.levels = append(c.levels, v)
			}
		}
		for _, o := range strings.Fields(fields[4]) {
			v, _ := strconv.Atoi(o)
			c.order = append(c.order, v)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading %s: %v", bidiCharacterTest, err)
	}
	return cases
}

// check compares resolved line levels (after L1) with the case.
func (c bidiCase) check(paraLevel uint8, levels []uint8, classes []bidiClass) error {
	if int(paraLevel) != c.paraLevel {
		return fmt.Errorf("paragraph level %d, want %d", paraLevel, c.paraLevel)
	}
	for i, want := range c.levels {
		if want >= 0 && int(levels[i]) != want {
			return fmt.Errorf("levels %v, want %v", levels, c.levels)
		}
	}
	var got []int
	for _, i := range visualOrder(nil, levels) {
		if !classes[i].removedByX9() {
			got = append(got, i)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(c.order) {
		return fmt.Errorf("visual order %v, want %v", got, c.order)
	}
	return nil
}

func TestBidiCharacterTest(t *testing.T) {
	cases := loadBidiCases(t)
	var r bidiResolver
	pass := 0
	var failures []string
	for _, c := range cases {
		classes := make([]bidiClass, len(c.runes))
		for i, ch := range c.runes {
			classes[i] = classOf(ch)
		}
		forced := -1
		if c.dir < 2 {
			forced = c.dir
		}
		levels := r.resolve(c.runes, classes, forced, 0)
		line := lineLevels(nil, classes, levels, 0, len(classes), r.paraLevel)
		if err := c.check(r.paraLevel, line, classes); err != nil {
			if len(failures) < 20 {
				failures = append(failures, fmt.Sprintf("line %d %U dir %d: %v", c.line, c.runes, c.dir, err))
			}
			continue
		}
		pass++
	}
	t.Logf("UAX #9 BidiCharacterTest.txt: %d of %d cases pass", pass, len(cases))
	for _, f := range failures {
		t.Error(f)
	}
	if pass != len(cases) {
		t.Errorf("%d cases fail", len(cases)-pass)
	}
	// The figure the README and doc.go state.
	if len(cases) != 91707 {
		t.Errorf("%s holds %d cases, want the 91,707 of Unicode 15.0.0", bidiCharacterTest, len(cases))
	}
}

// TestBidiCharacterTestXText measures golang.org/x/text/unicode/bidi (which
// go-text's Segmenter and so Fyne rely on) on the same suite. Its Paragraph
// API returns runs of one direction in logical order and no levels, so
// levels are inferred (paragraph level for runs of its direction, one more
// for the others) and the runs reordered by L2. It documents a measurement
// and does not fail on x/text's shortcomings; it fails only if x/text were to
// pass everything, which would make our own implementation unnecessary.
func TestBidiCharacterTestXText(t *testing.T) {
	cases := loadBidiCases(t)
	pass, panics := 0, 0
	for _, c := range cases {
		ok := func() (ok bool) {
			defer func() {
				if recover() != nil {
					panics++
					ok = false
				}
			}()
			var p bidi.Paragraph
			var opts []bidi.Option
			if c.dir == 1 {
				opts = append(opts, bidi.DefaultDirection(bidi.RightToLeft))
			}
			if _, err := p.SetString(string(c.runes), opts...); err != nil {
				return false
			}
			o, err := p.Order()
			if err != nil {
				return false
			}
			classes := make([]bidiClass, len(c.runes))
			for i, ch := range c.runes {
				classes[i] = classOf(ch)
			}
			paraLevel := uint8(c.dir & 1)
			if c.dir == 2 {
				paraLevel = paragraphLevel(classes, 0)
			}
			levels := make([]uint8, 0, len(c.runes))
			for i := 0; i < o.NumRuns(); i++ {
				run := o.Run(i)
				l := paraLevel
				if (run.Direction() == bidi.RightToLeft) != (paraLevel == 1) {
					l++
				}
				for range []rune(run.String()) {
					levels = append(levels, l)
				}
			}
			if len(levels) != len(c.runes) {
				return false
			}
			levels = lineLevels(nil, classes, levels, 0, len(levels), paraLevel)
			return c.check(paraLevel, levels, classes) == nil
		}()
		if ok {
			pass++
		}
	}
	t.Logf("golang.org/x/text/unicode/bidi on BidiCharacterTest.txt: %d of %d cases pass (%d panics)", pass, len(cases), panics)
	if pass == len(cases) {
		t.Errorf("x/text now passes every case: reconsider bidi.go")
	}
}

// TestBracketPairs checks bracketOf against BidiBrackets.txt.
func TestBracketPairs(t *testing.T) {
	const file = bidiBrackets
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("UAX #9 bracket data missing: %v", err)
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Split(line, ";")
		if len(f) != 3 {
			continue
		}
		cp, _ := strconv.ParseUint(strings.TrimSpace(f[0]), 16, 32)
		pair, _ := strconv.ParseUint(strings.TrimSpace(f[1]), 16, 32)
		open := strings.TrimSpace(f[2]) == "o"
		gotPair, gotOpen, ok := bracketOf(rune(cp))
		if !ok || gotPair != canonicalBracket(rune(pair)) || gotOpen != open {
			t.Errorf("bracketOf(%U) = %U, %v, %v; want %U, %v", rune(cp), gotPair, gotOpen, ok, rune(pair), open)
		}
		n++
	}
	if n < 100 {
		t.Errorf("only %d brackets read from %s", n, file)
	}
}

// classSample maps a Bidi_Class name of BidiTest.txt to a code point of
// that class.
var classSample = map[string]rune{
	"L": 'a', "R": 0x05D0, "AL": 0x0627, "EN": '1', "ES": '+', "ET": '$', "AN": 0x0660,
	"CS": ',', "NSM": 0x0300, "BN": 0x00AD, "B": 0x2029, "S": '\t', "WS": ' ', "ON": '!',
	"LRE": 0x202A, "LRO": 0x202D, "RLE": 0x202B, "RLO": 0x202E, "PDF": 0x202C,
	"LRI": 0x2066, "RLI": 0x2067, "FSI": 0x2068, "PDI": 0x2069,
}

// TestBidiTest runs Unicode's class-based BidiTest.txt (no brackets: ON
// stands for '!').
func TestBidiTest(t *testing.T) {
	const file = bidiTest
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("UAX #9 conformance data missing: %v", err)
	}
	defer f.Close()
	var r bidiResolver
	var levels []int
	var order []int
	total, pass := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "" || line[0] == '#':
			continue
		case strings.HasPrefix(line, "@Levels:"):
			levels = levels[:0]
			for _, l := range strings.Fields(line[len("@Levels:"):]) {
				v, err := strconv.Atoi(l)
				if err != nil {
					v = -1
				}
				levels = append(levels, v)
			}
			continue
		case strings.HasPrefix(line, "@Reorder:"):
			order = order[:0]
			for _, o := range strings.Fields(line[len("@Reorder:"):]) {
				v, _ := strconv.Atoi(o)
				order = append(order, v)
			}
			continue
		}
		in, bits, _ := strings.Cut(line, ";")
		var runes []rune
		for _, c := range strings.Fields(in) {
			runes = append(runes, classSample[c])
		}
		set, _ := strconv.ParseUint(strings.TrimSpace(bits), 16, 8)
		classes := make([]bidiClass, len(runes))
		for i, ch := range runes {
			classes[i] = classOf(ch)
		}
		for _, p := range []struct {
			bit    uint64
			forced int
		}{{1, -1}, {2, 0}, {4, 1}} {
			if set&p.bit == 0 {
				continue
			}
			total++
			lv := r.resolve(runes, classes, p.forced, 0)
			ll := lineLevels(nil, classes, lv, 0, len(classes), r.paraLevel)
			c := bidiCase{levels: levels, order: order, paraLevel: int(r.paraLevel)}
			if err := c.check(r.paraLevel, ll, classes); err == nil {
				pass++
			} else if total-pass <= 10 {
				t.Errorf("%s (paragraph %d): %v", in, p.forced, err)
			}
		}
	}
	t.Logf("UAX #9 BidiTest.txt: %d of %d cases pass", pass, total)
	if pass != total {
		t.Errorf("%d cases fail", total-pass)
	}
	if total != 770241 {
		t.Errorf("%s holds %d cases, want the 770,241 of Unicode 15.0.0", file, total)
	}
}
