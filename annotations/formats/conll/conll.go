// Package conll writes and reads spans as CoNLL-style IOB2 tags, one token
// per line, for token-classification training and for bringing the Arabic
// NER corpora kept in this layout (Wojood, ANERcorp, AQMAR, CANERCorpus)
// into Hamesh for review.
//
// The export has three flavours, each aimed at the readers that use it:
//
//   - CoNLL2003: space-separated "token POS chunk NER", with "-" for the
//     POS and "O" for the chunk (Hamesh has neither), and only the
//     outermost layer of entities. Every article starts with the line
//     "-DOCSTART- -X- O O" and a blank line. That is the document line
//     spaCy's converter (spacy convert -c ner) looks for; the Hugging Face
//     conll2003 loader, flair and conlleval only look at the -DOCSTART-
//     token, so this form suits all of them, where the "-DOCSTART- -X- -X-
//     O" of some CoNLL-2003 copies makes spaCy read -DOCSTART- as a word
//     (Options.DocStart writes the other form when a reader wants it).
//     Nested entities and claims are left out, with a warning.
//
//   - Wojood: space-separated, the token then its tags outermost first, one
//     per nesting layer that covers the token ("O" alone when none does),
//     as Wojood's nested corpus writes them and its reader (parts[1:])
//     reads them. No document lines: Wojood's reader would take
//     -DOCSTART- for a word. Claims are left out, with a warning.
//
//   - Columns: tab-separated, every line the same width: the token, one
//     column per entity layer (outermost first), one per claim layer, after
//     a first line "# columns: token entity1 entity2 claim1" naming them.
//     Every article starts with "-DOCSTART-" (O in every tag column), then
//     "# key = value" lines with its article_id, title, source and status,
//     then a blank line. This is the flavour Hamesh reads back most fully.
//
//     -DOCSTART- -X- O O
//
//     وفي - O O
//     يوليو - O B-DATE
//     / - O I-DATE
//     ...
//     مؤسس - O B-OCC
//     موقع - O I-OCC
//     ويكيليكس - O I-OCC
//
// Sentences are separated by a blank line. Tokens are annotations.Tokens
// (UAX #29 words, each punctuation mark its own token, clitics kept with
// their word); whitespace inside a token (none in practice) becomes "_" so
// that every reader splits the line the same way. A sentence ends after a
// token made of . ! ? ؟ ۔ or … and where the text between two tokens holds
// a line break, except inside a span, so no sentence starts with an I- tag.
// A span covers every token it touches, so a span that cuts a token (a
// proclitic left out) tags the whole token. Spans are assigned to layers
// greedily, longest first: a span goes to the first layer where it overlaps
// no span already placed, so nested spans land in deeper layers.
//
// Import reads every flavour back, and the corpora's own layouts: see
// Import.
package conll

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/hamesh-app/hamesh/annotations"
)

// Limits is the README section on what the CoNLL export cannot hold.
const Limits = `CoNLL holds tokens and, per token, the labels of the spans covering it. It
cannot hold exact character offsets (a span that cuts a token covers the
whole token; imported text is the tokens joined by spaces), relations,
claim attributes, notes, annotators or timestamps. The conll2003 flavour
holds only the outermost entity layer and no claims, the wojood flavour
every entity layer and no claims; neither holds article metadata. The
columns flavour holds every layer, the claims, and the article's id,
title, source and status.`

// Flavor is the column layout of an export.
type Flavor int

const (
	// Columns is Hamesh's tab-separated layout: every entity layer and
	// claim layer, a "# columns:" header and per-article metadata lines.
	Columns Flavor = iota
	// CoNLL2003 is "token POS chunk NER", space-separated, outermost
	// entity layer only.
	CoNLL2003
	// Wojood is space-separated, the token then one tag per nesting layer
	// covering it, outermost first.
	Wojood
)

// Flavors lists the flavour names ParseFlavor accepts.
func Flavors() []string { return []string{"conll2003", "wojood", "columns"} }

// String returns the flavour's name as ParseFlavor takes it.
func (f Flavor) String() string {
	switch f {
	case CoNLL2003:
		return "conll2003"
	case Wojood:
		return "wojood"
	}
	return "columns"
}

// ParseFlavor returns the flavour named s (conll2003, wojood or columns).
func ParseFlavor(s string) (Flavor, error) {
	for _, f := range []Flavor{CoNLL2003, Wojood, Columns} {
		if s == f.String() {
			return f, nil
		}
	}
	return Columns, annotations.Failf("unknown CoNLL flavour %q (want %s)", s, strings.Join(Flavors(), ", "))
}

// DocStartSpaCy and DocStartCoNLL2003 are the two document lines of
// CoNLL-2003 files: the first is what spaCy's converter splits documents
// on, and the default; the second is written by some CoNLL-2003 copies.
const (
	DocStartSpaCy     = "-DOCSTART- -X- O O"
	DocStartCoNLL2003 = "-DOCSTART- -X- -X- O"
)

// Options tune the export.
type Options struct {
	// Flavor is the layout (Columns when zero).
	Flavor Flavor
	// LabelMap renames entity labels on the way out; a label mapped to ""
	// is left out. Labels the map does not list keep their name. Claims
	// are not renamed.
	LabelMap map[string]string
	// DocStart is the CoNLL2003 flavour's document line, DocStartSpaCy
	// when empty.
	DocStart string
	// Warn, when set, is told what the flavour left out, with counts.
	Warn func(annotations.Note)
}

// ANERcorp collapses the default Wojood-style scheme onto ANERcorp's four
// classes: GPE and FAC become LOC, NORP and EVENT become MISC, and labels
// ANERcorp does not have (DATE, OCC, WEBSITE, MONEY, CARDINAL) are left out.
var ANERcorp = map[string]string{
	"PERS": "PERS", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
	"NORP": "MISC", "EVENT": "MISC",
	"DATE": "", "OCC": "", "WEBSITE": "", "MONEY": "", "CARDINAL": "",
}

// tagged is a span in token terms: tokens first..last inclusive.
type tagged struct {
	label       string
	first, last int
}

type article struct {
	meta     annotations.Article
	text     []rune
	tokens   []annotations.Range
	entities [][]tagged // per layer
	claims   [][]tagged
}

// Export writes docs to w in opts.Flavor. In the Columns flavour the number
// of columns is the same on every line: as many entity and claim layers as
// the most nested article needs (at least one of each). What a flavour
// cannot hold (inner layers, claims) is left out and counted in a warning
// to opts.Warn.
func Export(w io.Writer, docs []annotations.Document, opts Options) error {
	arts := make([]article, len(docs))
	nEnt, nClaim := 1, 1
	inner, claims := 0, 0
	for i := range docs {
		a, err := prepare(&docs[i], opts)
		if err != nil {
			return err
		}
		arts[i] = a
		nEnt = max(nEnt, len(a.entities))
		nClaim = max(nClaim, len(a.claims))
		for l := 1; l < len(a.entities); l++ {
			inner += len(a.entities[l])
		}
		for _, l := range a.claims {
			claims += len(l)
		}
	}
	bw := bufio.NewWriter(w)
	switch opts.Flavor {
	case CoNLL2003:
		ds := opts.DocStart
		if ds == "" {
			ds = DocStartSpaCy
		}
		for _, a := range arts {
			bw.WriteString(ds + "\n\n")
			outer := tags(len(a.tokens), a.entities, 1)[0]
			writeTokens(bw, a, func(i int) string { return " - O " + outer[i] })
		}
		warn(opts, inner, "left out %d entity spans nested inside (or crossing) others, which the conll2003 flavour cannot hold (--conll-flavor wojood or columns keeps them)")
		warn(opts, claims, "left out %d claims, which the conll2003 flavour leaves out (--conll-flavor columns keeps them)")
	case Wojood:
		for k, a := range arts {
			if k > 0 {
				bw.WriteString("\n") // a blank line between articles too
			}
			cols := tags(len(a.tokens), a.entities, len(a.entities))
			writeTokens(bw, a, func(i int) string {
				var b strings.Builder
				for _, c := range cols {
					if c[i] != "O" {
						b.WriteString(" " + c[i])
					}
				}
				if b.Len() == 0 {
					return " O"
				}
				return b.String()
			})
		}
		warn(opts, claims, "left out %d claims, which the wojood flavour leaves out (--conll-flavor columns keeps them)")
		same := 0
		for _, a := range arts {
			same += sameTypeNested(a.entities)
		}
		if same > 0 && opts.Warn != nil {
			opts.Warn(annotations.Notef("%d entity spans overlap a span of their own label in an outer layer: Wojood's code reads one tag per type and token, so it sees only the outer one (--conll-flavor columns keeps them apart)", same))
		}
	default:
		bw.WriteString("# columns: token")
		for i := 1; i <= nEnt; i++ {
			fmt.Fprintf(bw, " entity%d", i)
		}
		for i := 1; i <= nClaim; i++ {
			fmt.Fprintf(bw, " claim%d", i)
		}
		bw.WriteString("\n")
		for _, a := range arts {
			writeColumns(bw, a, nEnt, nClaim)
		}
	}
	if err := bw.Flush(); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "conll export: %v", err)
	}
	return nil
}

// sameTypeNested counts the spans of inner layers that overlap a span with
// the same label in an outer layer.
func sameTypeNested(layers [][]tagged) int {
	n := 0
	for l := 1; l < len(layers); l++ {
		for _, s := range layers[l] {
		outer:
			for _, ol := range layers[:l] {
				for _, o := range ol {
					if o.label == s.label && s.first <= o.last && o.first <= s.last {
						n++
						break outer
					}
				}
			}
		}
	}
	return n
}

// warn tells opts.Warn format with n, when n > 0.
func warn(opts Options, n int, format string) {
	if n > 0 && opts.Warn != nil {
		opts.Warn(annotations.Notef(format, n))
	}
}

func prepare(doc *annotations.Document, opts Options) (article, error) {
	a := article{meta: doc.Article, text: []rune(doc.Article.Text), tokens: annotations.Tokens(doc.Article.Text)}
	var ents, claims []tagged
	for _, s := range doc.Spans {
		if s.Start < 0 || s.Start >= s.End || s.End > len(a.text) {
			return a, annotations.Errorf(annotations.EINVALID, "conll export: article %q: span %q [%d,%d) is outside its text of %d code points", doc.Article.ID, s.ID, s.Start, s.End, len(a.text))
		}
		first, last := -1, -1
		for i, t := range a.tokens {
			if t.End > s.Start && t.Start < s.End {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		if first < 0 {
			continue // only whitespace: no token to tag
		}
		label := s.Label
		if s.Kind == annotations.KindClaim {
			claims = append(claims, tagged{label, first, last})
			continue
		}
		if m, ok := opts.LabelMap[label]; ok {
			label = m
		}
		if label != "" {
			ents = append(ents, tagged{label, first, last})
		}
	}
	a.entities = layers(ents)
	a.claims = layers(claims)
	return a, nil
}

// layers assigns spans to layers greedily, longest first.
func layers(spans []tagged) [][]tagged {
	sort.SliceStable(spans, func(i, j int) bool {
		li, lj := spans[i].last-spans[i].first, spans[j].last-spans[j].first
		if li != lj {
			return li > lj
		}
		if spans[i].first != spans[j].first {
			return spans[i].first < spans[j].first
		}
		return spans[i].label < spans[j].label
	})
	var out [][]tagged
	for _, s := range spans {
		placed := false
		for l := range out {
			free := true
			for _, o := range out[l] {
				if s.first <= o.last && o.first <= s.last {
					free = false
					break
				}
			}
			if free {
				out[l] = append(out[l], s)
				placed = true
				break
			}
		}
		if !placed {
			out = append(out, []tagged{s})
		}
	}
	return out
}

func tags(n int, layers [][]tagged, width int) [][]string {
	cols := make([][]string, width)
	for l := range cols {
		cols[l] = make([]string, n)
		for i := range cols[l] {
			cols[l][i] = "O"
		}
		if l >= len(layers) {
			continue
		}
		for _, s := range layers[l] {
			cols[l][s.first] = "B-" + s.label
			for i := s.first + 1; i <= s.last; i++ {
				cols[l][i] = "I-" + s.label
			}
		}
	}
	return cols
}

// metaKeys are the article fields the Columns flavour writes as
// "# key = value" lines after each -DOCSTART-.
var metaKeys = []string{"article_id", "title", "source", "status"}

func metaValue(a annotations.Article, key string) string {
	switch key {
	case "article_id":
		return a.ID
	case "title":
		return a.Title
	case "source":
		return a.Source
	case "status":
		return string(a.Status)
	}
	return ""
}

func writeColumns(w *bufio.Writer, a article, nEnt, nClaim int) {
	w.WriteString("-DOCSTART-")
	for i := 0; i < nEnt+nClaim; i++ {
		w.WriteString("\tO")
	}
	w.WriteString("\n")
	for _, k := range metaKeys {
		if v := strings.Join(strings.Fields(metaValue(a.meta, k)), " "); v != "" {
			w.WriteString("# " + k + " = " + v + "\n")
		}
	}
	w.WriteString("\n")
	n := len(a.tokens)
	cols := append(tags(n, a.entities, nEnt), tags(n, a.claims, nClaim)...)
	writeTokens(w, a, func(i int) string {
		var b strings.Builder
		for _, c := range cols {
			b.WriteString("\t" + c[i])
		}
		return b.String()
	})
}

// writeTokens writes one line per token of a, the token then rest(i), with
// a blank line after each sentence and after the last.
func writeTokens(w *bufio.Writer, a article, rest func(i int) string) {
	n := len(a.tokens)
	if n == 0 {
		return
	}
	// inside[i]: some span covers both token i and token i+1.
	inside := make([]bool, n)
	for _, ls := range [][][]tagged{a.entities, a.claims} {
		for _, layer := range ls {
			for _, s := range layer {
				for i := s.first; i < s.last; i++ {
					inside[i] = true
				}
			}
		}
	}
	for i, t := range a.tokens {
		w.WriteString(clean(string(a.text[t.Start:t.End])))
		w.WriteString(rest(i))
		w.WriteByte('\n')
		if i+1 < n && !inside[i] && sentenceEnds(a, i) {
			w.WriteByte('\n')
		}
	}
	w.WriteByte('\n')
}

// sentenceEnds reports whether a sentence ends after token i.
func sentenceEnds(a article, i int) bool {
	t := a.tokens[i]
	tok := string(a.text[t.Start:t.End])
	if strings.Trim(tok, ".!?؟۔…") == "" {
		return true
	}
	return strings.ContainsAny(string(a.text[t.End:a.tokens[i+1].Start]), "\n\r\u2028\u2029")
}

// clean keeps a token on its line and in its column for every reader:
// whitespace, including what Python's str.split() takes for it (the
// information separators U+001C..U+001F), becomes "_".
func clean(tok string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f) {
			return '_'
		}
		return r
	}, tok)
}
