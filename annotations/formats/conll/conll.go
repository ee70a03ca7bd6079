// Package conll writes spans as CoNLL-style BIO tags, one token per line,
// for token-classification training (spaCy's convert, Hugging Face
// token-classification scripts, CAMeL Tools, Wojood-style nested NER).
//
// The columns are separated by tabs: the token, then one BIO column per
// nesting layer of entities (outermost first, as Wojood does), then one BIO
// column per layer of claims (usually one):
//
//	-DOCSTART-	O	O	O
//
//	وفي	O	O	O
//	يوليو	B-DATE	O	O
//	/	I-DATE	O	O
//	...
//	مؤسس	B-OCC	O	O
//	موقع	I-OCC	O	O
//	ويكيليكس	I-OCC	B-ORG	O
//
// Every article starts with a "-DOCSTART-" line (the CoNLL-2003 convention,
// with O in every tag column) and a blank line; sentences are separated by a
// blank line. Tokens are annotations.Tokens (UAX #29 words, each punctuation
// mark its own token, clitics kept with their word). A sentence ends after a
// token made of . ! ? ؟ ۔ or … and where the text between two tokens holds a
// line break, except inside a span, so no sentence starts with an I- tag.
// A span covers every token it touches, so a span that cuts a token (a
// proclitic left out) tags the whole token. Spans are assigned to layers
// greedily, longest first: a span goes to the first layer where it overlaps
// no span already placed, so nested spans land in deeper layers.
package conll

import (
	"bufio"
	"io"
	"sort"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// Limits is the README section on what the CoNLL export cannot hold.
const Limits = `CoNLL BIO holds tokens and, per token, the labels of the spans covering it,
one column per nesting layer. It cannot hold exact character offsets (a span
that cuts a token covers the whole token), relations, claim attributes,
notes, article metadata, annotators or timestamps. It is export only.`

// Options tune the export.
type Options struct {
	// LabelMap renames entity labels on the way out; a label mapped to ""
	// is left out. Labels the map does not list keep their name. Claims
	// are not renamed.
	LabelMap map[string]string
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
	text     []rune
	tokens   []annotations.Range
	entities [][]tagged // per layer
	claims   [][]tagged
}

// Export writes docs to w. The number of columns is the same on every line:
// as many entity and claim layers as the most nested article needs (at
// least one of each).
func Export(w io.Writer, docs []annotations.Document, opts Options) error {
	arts := make([]article, len(docs))
	nEnt, nClaim := 1, 1
	for i := range docs {
		a, err := prepare(&docs[i], opts)
		if err != nil {
			return err
		}
		arts[i] = a
		nEnt = max(nEnt, len(a.entities))
		nClaim = max(nClaim, len(a.claims))
	}
	bw := bufio.NewWriter(w)
	for _, a := range arts {
		writeArticle(bw, a, nEnt, nClaim)
	}
	if err := bw.Flush(); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "conll export: %v", err)
	}
	return nil
}

func prepare(doc *annotations.Document, opts Options) (article, error) {
	a := article{text: []rune(doc.Article.Text), tokens: annotations.Tokens(doc.Article.Text)}
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

func writeArticle(w *bufio.Writer, a article, nEnt, nClaim int) {
	w.WriteString("-DOCSTART-")
	for i := 0; i < nEnt+nClaim; i++ {
		w.WriteString("\tO")
	}
	w.WriteString("\n\n")
	n := len(a.tokens)
	if n == 0 {
		return
	}
	cols := append(tags(n, a.entities, nEnt), tags(n, a.claims, nClaim)...)
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
		for _, c := range cols {
			w.WriteByte('\t')
			w.WriteString(c[i])
		}
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

// clean keeps a token on its line and in its column.
func clean(tok string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r == ' ' {
			return '_'
		}
		return r
	}, tok)
}
