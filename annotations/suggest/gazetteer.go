package suggest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
)

// Entry is one line of a gazetteer: a name, the label it gets and,
// optionally, its id in a knowledge base (Wikidata's Q-ids, say).
type Entry struct {
	Text  string `json:"text"`
	Label string `json:"label"`
	KBID  string `json:"kb_id,omitempty"`
}

// Format is a gazetteer file's format.
type Format string

// The gazetteer formats: text<TAB>label[<TAB>kb_id] lines, the same as CSV
// records, or JSON lines {"text", "label", "kb_id"}.
const (
	TSV   Format = "tsv"
	CSV   Format = "csv"
	JSONL Format = "jsonl"
)

// FormatOf picks a gazetteer format from a file name's extension: .csv is
// CSV, .jsonl, .ndjson and .json are JSONL, anything else (.tsv, .txt) TSV.
func FormatOf(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return CSV
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	}
	return TSV
}

// ReadEntries reads a gazetteer in format f from r; name (usually the file
// name) is used in errors. Blank lines are skipped, and so is a first line
// that is a header (text, label[, kb_id]). A line that is not valid UTF-8,
// has fewer than two or more than three fields, or an empty text or label,
// or a label with spaces, is refused with name and line number; nothing is
// returned then.
func ReadEntries(r io.Reader, name string, f Format) ([]Entry, error) {
	bad := func(line int, format string, args ...any) error {
		return annotations.Errorf(annotations.EINVALID, "%s:%d: %s", name, line, annotations.Notef(format, args...))
	}
	var out []Entry
	add := func(line int, fields []string) error {
		if line == 1 && len(fields) >= 2 && strings.EqualFold(strings.TrimSpace(fields[0]), "text") && strings.EqualFold(strings.TrimSpace(fields[1]), "label") {
			return nil // header
		}
		if len(fields) < 2 || len(fields) > 3 {
			return bad(line, "%d fields, want text, label and optionally kb_id", len(fields))
		}
		e := Entry{Text: strings.TrimSpace(fields[0]), Label: strings.TrimSpace(fields[1])}
		if len(fields) == 3 {
			e.KBID = strings.TrimSpace(fields[2])
		}
		if err := checkEntry(e); err != nil {
			return bad(line, "%v", err)
		}
		out = append(out, e)
		return nil
	}
	switch f {
	case TSV, JSONL:
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 16<<20)
		line := 0
		for sc.Scan() {
			line++
			b := sc.Bytes()
			if line == 1 {
				b = bytes.TrimPrefix(b, []byte("\uFEFF"))
			}
			b = bytes.TrimSuffix(b, []byte("\r"))
			if !utf8.Valid(b) {
				return nil, bad(line, "not valid UTF-8")
			}
			if len(bytes.TrimSpace(b)) == 0 {
				continue
			}
			if f == TSV {
				if err := add(line, strings.Split(string(b), "\t")); err != nil {
					return nil, err
				}
				continue
			}
			var e struct {
				Text  *string `json:"text"`
				Label *string `json:"label"`
				KBID  *string `json:"kb_id"`
			}
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&e); err != nil {
				return nil, bad(line, "not a JSON object {\"text\", \"label\", \"kb_id\"}: %v", err)
			}
			if dec.More() {
				return nil, bad(line, "more than one JSON value on the line")
			}
			if e.Text == nil || e.Label == nil {
				return nil, bad(line, "\"text\" and \"label\" are required")
			}
			fields := []string{*e.Text, *e.Label}
			if e.KBID != nil {
				fields = append(fields, *e.KBID)
			}
			if err := add(line, fields); err != nil {
				return nil, err
			}
		}
		if err := sc.Err(); err != nil {
			return nil, annotations.Errorf(annotations.EINVALID, "%s:%d: %v", name, line+1, err)
		}
	case CSV:
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		cr.ReuseRecord = true
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					return nil, bad(pe.StartLine, "%v", pe.Err)
				}
				return nil, annotations.Errorf(annotations.EINVALID, "%s: %v", name, err)
			}
			line, _ := cr.FieldPos(0)
			if line == 1 && len(rec) > 0 {
				rec[0] = strings.TrimPrefix(rec[0], "\uFEFF")
			}
			for _, x := range rec {
				if !utf8.ValidString(x) {
					return nil, bad(line, "not valid UTF-8")
				}
			}
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			if err := add(line, rec); err != nil {
				return nil, err
			}
		}
	default:
		return nil, annotations.Errorf(annotations.EINVALID, "%s: unknown gazetteer format %q (want tsv, csv or jsonl)", name, f)
	}
	return out, nil
}

// checkEntry says what is wrong with e, if anything.
func checkEntry(e Entry) error {
	switch {
	case e.Text == "":
		return annotations.Failf("empty text")
	case e.Label == "":
		return annotations.Failf("empty label for %q", e.Text)
	case strings.IndexFunc(e.Label, unicode.IsSpace) >= 0:
		return annotations.Failf("label %q has spaces (is a column missing?)", e.Label)
	case len(annotations.Words(annotations.FoldString(e.Text))) == 0:
		return annotations.Failf("text %q has no letters or digits to match", e.Text)
	}
	return nil
}

// LoadGazetteer reads the gazetteer file at path (format from its
// extension, see FormatOf) and builds it, named after the file without its
// extension.
func LoadGazetteer(path string) (*Gazetteer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, annotations.Errorf(annotations.EINVALID, "gazetteer %s: %v", path, err)
	}
	defer f.Close()
	entries, err := ReadEntries(f, path, FormatOf(path))
	if err != nil {
		return nil, err
	}
	base := filepath.Base(path)
	return NewGazetteer(strings.TrimSuffix(base, filepath.Ext(base)), entries)
}

// Gazetteer is a Source that suggests every occurrence of its entries'
// texts. It matches as the find bar does (annotations.Matcher.Find): on
// folded text (harakat, tatweel, alef forms, ta marbuta, Arabic-Indic
// digits, case), whole words, the first of which may carry a proclitic
// prefix (و|ف)?(ب|ك|ل)? with ال contracted to لل, so ويكيليكس finds
// وويكيليكس and المغرب finds للمغرب; Latin names match whole words only.
// All entries are matched together by one Aho-Corasick automaton over the
// folded words and the normalised gaps between them.
//
// Where matches overlap, the longest wins (the leftmost among equals); a
// text listed with several labels is suggested once per label. A Gazetteer
// is safe for concurrent use.
type Gazetteer struct {
	name     string
	entries  []Entry
	patterns []pattern
	keys     []key // automaton key i
	ac       *automaton
}

// pattern is one distinct folded entry text.
type pattern struct {
	text    string   // the folded, normalised text
	accept  []string // first-word cores that a text word must have
	bounds  []int32  // word starts and ends inside the key, relative to it
	words   int      // number of words
	entries []int32  // entries with this text
}

// key is one string the automaton looks for: a pattern's folded text, or a
// variant of it for the ال ↔ لل contraction.
type key struct {
	pattern int32
	shift   int32 // the key's offset in runes relative to the pattern's text (+1: ا dropped, -1: ا added)
}

// NewGazetteer builds a gazetteer named name from entries. An entry with
// an empty text or label is refused with its index.
func NewGazetteer(name string, entries []Entry) (*Gazetteer, error) {
	g := &Gazetteer{name: name, entries: entries}
	byText := map[string]int32{}
	var strs []string
	for i, e := range entries {
		if err := checkEntry(e); err != nil {
			return nil, annotations.Errorf(annotations.EINVALID, "gazetteer %s: entry %d: %v", name, i+1, err)
		}
		folded := annotations.FoldString(e.Text)
		ws := annotations.Words(folded)
		fr := []rune(folded)
		var b strings.Builder
		var bounds []int32
		pos := int32(0)
		for j, w := range ws {
			if j > 0 {
				gap := annotations.FoldGap(string(fr[ws[j-1].End:w.Start]))
				b.WriteString(gap)
				pos += int32(utf8.RuneCountInString(gap))
			}
			bounds = append(bounds, pos)
			b.WriteString(string(fr[w.Start:w.End]))
			pos += int32(w.End - w.Start)
			bounds = append(bounds, pos)
		}
		text := b.String()
		if p, ok := byText[text]; ok {
			g.patterns[p].entries = append(g.patterns[p].entries, int32(i))
			continue
		}
		p := int32(len(g.patterns))
		byText[text] = p
		firstWord := string(fr[ws[0].Start:ws[0].End])
		pat := pattern{text: text, accept: []string{firstWord}, bounds: bounds, words: len(ws), entries: []int32{int32(i)}}
		strs = append(strs, text)
		g.keys = append(g.keys, key{pattern: p})
		fw := []rune(firstWord)
		if len(fw) >= 3 && fw[0] == 'ا' && fw[1] == 'ل' {
			// المغرب is also found as للمغرب: look for لمغرب inside it.
			strs = append(strs, text[len("ا"):])
			g.keys = append(g.keys, key{pattern: p, shift: 1})
		}
		if len(fw) >= 3 && fw[0] == 'ل' && fw[1] == 'ل' {
			// للمغرب is also found as المغرب.
			pat.accept = append(pat.accept, "ا"+string(fw[1:]))
			strs = append(strs, "ا"+text[len("ل"):])
			g.keys = append(g.keys, key{pattern: p})
		}
		g.patterns = append(g.patterns, pat)
	}
	g.ac = newAutomaton(strs)
	return g, nil
}

// Name returns the gazetteer's name, its suggestions' source.
func (g *Gazetteer) Name() string { return g.name }

// Len returns the number of entries.
func (g *Gazetteer) Len() int { return len(g.entries) }

// stream is an article's words folded and joined by their normalised gaps,
// the text the automaton reads.
type stream struct {
	runes     []rune
	wordStart []int32 // in runes of the stream
	wordEnd   []int32
	endsWord  []int32 // per stream rune: the word it ends, or -1
	words     []annotations.Range
	cores     [][]string // per word: its clitic-stripped forms, once asked for
}

// coresOf returns word w's clitic-stripped forms (annotations.WordCores of
// its folded text), computed once: several patterns' candidates often
// start in the same word.
func (st *stream) coresOf(w int32) []string {
	if st.cores == nil {
		st.cores = make([][]string, len(st.words))
	}
	if st.cores[w] == nil {
		c := annotations.WordCores(string(st.runes[st.wordStart[w]:st.wordEnd[w]]))
		if c == nil {
			c = []string{}
		}
		st.cores[w] = c
	}
	return st.cores[w]
}

func newStream(text string) *stream {
	words := annotations.Words(text)
	s := &stream{words: words, wordStart: make([]int32, len(words)), wordEnd: make([]int32, len(words))}
	s.runes = make([]rune, 0, len(text)/2)
	w := 0         // next word
	inGap := false // between word w-1 and word w
	space := false // the gap's last folded rune was whitespace
	cp := 0
	for _, r := range text {
		if w < len(words) && cp == words[w].Start {
			s.wordStart[w] = int32(len(s.runes))
			inGap = false
		}
		if w < len(words) && cp >= words[w].Start {
			s.runes = annotations.FoldRune(s.runes, r)
			if cp+1 == words[w].End {
				s.wordEnd[w] = int32(len(s.runes))
				w++
				inGap = w < len(words)
				space = false
			}
		} else if inGap {
			// The gap folded and normalised as annotations.FoldGap does.
			n := len(s.runes)
			s.runes = annotations.FoldRune(s.runes, r)
			if n < len(s.runes) && unicode.IsSpace(s.runes[n]) {
				if space {
					s.runes = s.runes[:n]
				} else {
					s.runes = append(s.runes[:n], ' ')
				}
				space = true
			} else if n < len(s.runes) {
				space = false
			}
		}
		cp++
	}
	s.endsWord = make([]int32, len(s.runes))
	for i := range s.endsWord {
		s.endsWord[i] = -1
	}
	for i, e := range s.wordEnd {
		if e > s.wordStart[i] {
			s.endsWord[e-1] = int32(i)
		}
	}
	return s
}

// hit is a validated match: words first..last of the text for a pattern.
type hit struct {
	first, last int32
	pattern     int32
}

// Suggest returns the gazetteer's suggestions for in, with Source set to
// the gazetteer's name and the entry's KBID. Occurrences that overlap one
// of in.Spans with the same label are left out (they are labelled already).
func (g *Gazetteer) Suggest(ctx context.Context, in Input) ([]Suggestion, error) {
	hits, err := g.match(ctx, in.Text)
	if err != nil {
		return nil, err
	}
	st := hits.s
	out := make([]Suggestion, 0, len(hits.h))
	var seen []string
	for _, h := range hits.h {
		start, end := st.words[h.first].Start, st.words[h.last].End
		seen = seen[:0] // the labels suggested for this hit: few
		for _, ei := range g.patterns[h.pattern].entries {
			e := g.entries[ei]
			if slices.Contains(seen, e.Label) || labelledAlready(start, end, e.Label, in.Spans) {
				continue
			}
			seen = append(seen, e.Label)
			out = append(out, Suggestion{ArticleID: in.ArticleID, Start: start, End: end, Label: e.Label, Source: g.name, Status: Pending, KBID: e.KBID})
		}
	}
	sortSuggestions(out)
	return out, nil
}

// labelledAlready reports whether a span with label overlaps [start, end).
func labelledAlready(start, end int, label string, spans []annotations.Span) bool {
	for _, s := range spans {
		if s.Label == label && start < s.End && s.Start < end {
			return true
		}
	}
	return false
}

type matches struct {
	s *stream
	h []hit
}

// match runs the automaton over text and returns the validated,
// non-overlapping hits in text order.
func (g *Gazetteer) match(ctx context.Context, text string) (matches, error) {
	st := newStream(text)
	a := g.ac
	var hits []hit
	u := int32(0)
	w1 := a.nsym + 1
	for pos, r := range st.runes {
		if pos&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return matches{}, err
			}
		}
		var y int32
		if r >= 0 && r < 0x800 {
			y = a.alpha[r]
		} else {
			y = a.alphaMap[r]
		}
		if row := a.dense[u]; row >= 0 {
			u = a.table[row*w1+y] // the common case, near the root
		} else {
			u = a.step(u, y)
		}
		w := st.endsWord[pos]
		if w < 0 {
			continue
		}
		t := u
		if a.term[t] < 0 {
			t = a.outLink[t]
		}
		for ; t >= 0; t = a.outLink[t] {
			for k := a.term[t]; k >= 0; k = a.keyNext[k] {
				if h, ok := g.validate(st, int32(pos+1), w, k); ok {
					hits = append(hits, h)
				}
			}
		}
	}
	return matches{st, pickLongest(hits)}, nil
}

// validate checks that key k, found ending at stream offset end (the end of
// word last), lines up with whole words of the text and that the first
// word's clitic-stripped forms include the pattern's first word.
func (g *Gazetteer) validate(st *stream, end, last int32, k int32) (hit, bool) {
	key := g.keys[k]
	p := &g.patterns[key.pattern]
	first := last - int32(p.words) + 1
	if first < 0 {
		return hit{}, false
	}
	start := end - g.ac.keyLen[k] // stream offset of the key's first rune
	base := start - key.shift     // where the pattern's text would start
	// Internal word edges must be the text's word edges.
	for j := 1; j < len(p.bounds)-1; j++ {
		wi := first + int32(j/2)
		edge := st.wordStart[wi]
		if j%2 == 1 {
			edge = st.wordEnd[wi]
		}
		if base+p.bounds[j] != edge {
			return hit{}, false
		}
	}
	// At most a proclitic (و|ف)?(ب|ك|ل)? and the ا of a contracted ال
	// stand before the key in its word.
	if start < st.wordStart[first] || start-st.wordStart[first] > 3 {
		return hit{}, false
	}
	for _, r := range st.runes[st.wordStart[first]:start] {
		if r != 'و' && r != 'ف' && r != 'ب' && r != 'ك' && r != 'ل' && r != 'ا' {
			return hit{}, false
		}
	}
	for _, c := range st.coresOf(first) {
		for _, a := range p.accept {
			if c == a {
				return hit{first, last, key.pattern}, true
			}
		}
	}
	return hit{}, false
}

// pickLongest keeps, of overlapping hits, the longest (the leftmost among
// equals), and every pattern found on exactly that range.
func pickLongest(h []hit) []hit {
	if len(h) == 0 {
		return nil
	}
	sort.Slice(h, func(i, j int) bool {
		if h[i].first != h[j].first {
			return h[i].first < h[j].first
		}
		if h[i].last != h[j].last {
			return h[i].last > h[j].last
		}
		return h[i].pattern < h[j].pattern
	})
	// Longest first overall, then greedy non-overlap.
	order := make([]int, len(h))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		return h[order[i]].last-h[order[i]].first > h[order[j]].last-h[order[j]].first
	})
	taken := map[int32]int{} // word → index of the hit that holds it
	var keep []hit
	for _, i := range order {
		x := h[i]
		ok := true
		for w := x.first; w <= x.last && ok; w++ {
			if j, used := taken[w]; used && (h[j].first != x.first || h[j].last != x.last) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		for w := x.first; w <= x.last; w++ {
			taken[w] = i
		}
		if len(keep) > 0 {
			if y := keep[len(keep)-1]; y == x {
				continue
			}
		}
		keep = append(keep, x)
	}
	sort.Slice(keep, func(i, j int) bool {
		if keep[i].first != keep[j].first {
			return keep[i].first < keep[j].first
		}
		return keep[i].pattern < keep[j].pattern
	})
	out := keep[:0]
	for i, x := range keep {
		if i > 0 && x == keep[i-1] {
			continue
		}
		out = append(out, x)
	}
	return out
}
