package conll

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

// Import reads a CoNLL file: any flavour Export writes, and the layouts of
// the Arabic NER corpora:
//
//   - one tag per token, "token TAG" (ANERcorp, AQMAR, CANERCorpus);
//   - "token POS chunk NER" and other files whose second column is not a
//     tag (CoNLL-2003): the last column is the NER tag, as spaCy reads it;
//   - several tag columns, every line the same width (Hamesh's columns
//     flavour, tab-separated, with or without its "# columns:" header;
//     Wojood written with O in empty layers): one nesting layer per column;
//   - a varying number of tags per token, outermost first (Wojood's nested
//     corpus): an I-X continues the span of type X open on the token
//     before, as Wojood's reader pairs tags by type.
//
// Columns are split on tabs when the first token line holds one, else on
// runs of whitespace. Tags are IOB2 (B-, I-; E-, S- and L-, U- of BIOES and
// BILOU are read too), or bare types without a prefix (CANERCorpus), where
// consecutive tokens with the same type form one span. An I- tag that does
// not continue a span of its type starts one, as IOB1 reads it, with a
// warning naming the first such line.
//
// The text is rebuilt from the tokens, exactly as written, joined by one
// space; each sentence (ended by a blank line) is a line of its own. A
// -DOCSTART- line starts a new article; in the columns flavour the
// "# key = value" lines after it restore the article's id, title, source and
// status. Nested tags become nested spans. A file whose lines are ragged
// (a different number of columns where the layout needs the same), whose
// tags have an unknown prefix, mix bare and prefixed tags in one column, or
// are not valid UTF-8 is refused, naming the file and line.
func Import(r io.Reader, name string, scheme []annotations.Label) (interchange.Result, error) {
	var res interchange.Result
	b, err := io.ReadAll(r)
	if err != nil {
		return res, annotations.Errorf(annotations.EINTERNAL, "%s: read failed: %v", name, err)
	}
	p := parser{name: name}
	if err := p.lines(b); err != nil {
		return interchange.Result{}, err
	}
	if err := p.layout(); err != nil {
		return interchange.Result{}, err
	}
	for i := range p.docs {
		d := &p.docs[i]
		if len(d.tokens) == 0 {
			continue
		}
		doc, err := p.document(d, scheme)
		if err != nil {
			return interchange.Result{}, err
		}
		res.Documents = append(res.Documents, doc)
	}
	if p.iob1 > 0 {
		res.Warnf("%s:%d: read %d I- tags that continue no span of their type as IOB1 (each starts a span); this is the first", name, p.iob1Line, p.iob1)
	}
	res.Finish(scheme)
	return res, nil
}

type tokenLine struct {
	line   int
	fields []string // the token, then every other column
}

type document struct {
	line      int // of its -DOCSTART-, or its first token
	meta      map[string]string
	tokens    []tokenLine
	sentStart []bool // sentStart[i]: token i begins a sentence
}

type parser struct {
	name   string
	tabs   bool
	header []string // the "# columns:" names, when given
	docs   []document

	// Set by layout.
	variable bool  // Wojood's varying number of tags per token
	tagCols  []int // the tag columns of a fixed layout
	claimCol map[int]bool
	bare     map[int]bool // columns whose tags have no prefix

	iob1, iob1Line int
}

func (p *parser) errf(line int, format string, args ...any) error {
	return annotations.Errorf(annotations.EINVALID, "%s:%d: %s", p.name, line, annotations.Notef(format, args...))
}

// lines splits b into documents, sentences and token lines.
func (p *parser) lines(b []byte) error {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	newDoc := func(line int) {
		p.docs = append(p.docs, document{line: line, meta: map[string]string{}})
	}
	newDoc(1)
	sentence := true // the next token starts a sentence
	decided := false
	for n, raw := range bytes.Split(b, []byte("\n")) {
		line := n + 1
		raw = bytes.TrimRight(raw, "\r")
		if !utf8.Valid(raw) {
			return p.errf(line, "the line is not valid UTF-8")
		}
		if bytes.IndexByte(raw, 0) >= 0 {
			return p.errf(line, "the line holds a NUL byte")
		}
		s := string(raw)
		if strings.TrimSpace(s) == "" {
			sentence = true
			continue
		}
		if !decided && strings.HasPrefix(s, "# columns:") {
			p.tabs, decided = true, true
			p.header = strings.Fields(strings.TrimPrefix(s, "# columns:"))
			continue
		}
		if p.tabs && strings.HasPrefix(s, "#") && !strings.Contains(s, "\t") {
			// A comment; "# key = value" after -DOCSTART- is article metadata.
			if k, v, ok := strings.Cut(strings.TrimPrefix(s, "#"), "="); ok {
				p.docs[len(p.docs)-1].meta[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
			continue
		}
		if !decided {
			p.tabs, decided = strings.Contains(s, "\t"), true
		}
		var f []string
		if p.tabs {
			f = strings.Split(s, "\t")
		} else {
			f = strings.Fields(s)
		}
		if f[0] == "-DOCSTART-" {
			d := &p.docs[len(p.docs)-1]
			if len(d.tokens) > 0 || len(d.meta) > 0 {
				newDoc(line)
			} else {
				d.line = line
			}
			sentence = true
			continue
		}
		if f[0] == "" {
			return p.errf(line, "the line starts with a tab: no token")
		}
		d := &p.docs[len(p.docs)-1]
		d.tokens = append(d.tokens, tokenLine{line, f})
		d.sentStart = append(d.sentStart, sentence)
		sentence = false
	}
	return nil
}

// prefixed splits a tag into its IOB prefix and type: "B-PERS" is ("B",
// "PERS"). ok is false for "O" and for a tag without a known prefix.
func prefixed(tag string) (prefix, typ string, ok bool) {
	if len(tag) > 2 && tag[1] == '-' && strings.ContainsRune("BIESLU", rune(tag[0])) {
		return tag[:1], tag[2:], true
	}
	return "", "", false
}

// tagLike reports whether tag is O or a prefixed tag.
func tagLike(tag string) bool {
	_, _, ok := prefixed(tag)
	return ok || tag == "O"
}

// checkTag refuses what cannot be a tag: an unknown one-letter prefix
// ("X-PERS"), an empty type, punctuation.
func (p *parser) checkTag(line, col int, tag string) error {
	if tag == "O" {
		return nil
	}
	if len(tag) >= 2 && tag[1] == '-' && unicode.IsLetter(rune(tag[0])) {
		if _, _, ok := prefixed(tag); !ok {
			return p.errf(line, "column %d: tag %q has the unknown prefix %q (want B-, I-, E-, S-, or O)", col+1, tag, tag[:2])
		}
	}
	for _, r := range tag {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_-.:", r)) {
			return p.errf(line, "column %d holds %q, which is not a tag (O, B-TYPE, I-TYPE or a bare TYPE)", col+1, tag)
		}
	}
	return nil
}

// layout decides which columns are tags, checking that the lines agree.
func (p *parser) layout() error {
	var all []tokenLine
	for _, d := range p.docs {
		all = append(all, d.tokens...)
	}
	if len(all) == 0 {
		return nil
	}
	first := all[0]
	width := len(first.fields)
	if width < 2 {
		return p.errf(first.line, "a token line needs a token and at least one tag column, not %q", strings.Join(first.fields, " "))
	}
	if p.header != nil && len(p.header) != width {
		return p.errf(first.line, "%d columns, but the # columns: header names %d", width, len(p.header))
	}
	ragged := -1
	for i, t := range all {
		if len(t.fields) != width {
			ragged = i
			break
		}
	}
	if ragged >= 0 {
		// Only Wojood's varying tags may be ragged: every column but the
		// token must then be a tag.
		for _, t := range all {
			for c, f := range t.fields[1:] {
				if !tagLike(f) || p.tabs {
					r := all[ragged]
					return p.errf(r.line, "%d columns, where line %d has %d (ragged columns; only a file of tags alone may vary, as Wojood's nested files do)", len(r.fields), first.line, width)
				}
				if err := p.checkTag(t.line, c+1, f); err != nil {
					return err
				}
			}
		}
		p.variable = true
		return nil
	}
	p.claimCol = map[int]bool{}
	switch {
	case p.header != nil:
		for c, h := range p.header[1:] {
			if strings.HasPrefix(h, "claim") {
				p.claimCol[c+1] = true
			}
			p.tagCols = append(p.tagCols, c+1)
		}
	case width == 2:
		p.tagCols = []int{1}
	default:
		tagsOnly := true
		for _, t := range all {
			if !tagLike(t.fields[1]) {
				tagsOnly = false
				break
			}
		}
		if tagsOnly {
			for c := 1; c < width; c++ {
				p.tagCols = append(p.tagCols, c)
			}
		} else {
			p.tagCols = []int{width - 1} // POS, chunk...: the last column is NER
		}
	}
	// A column's tags are all prefixed (IOB) or all bare (CANERCorpus).
	p.bare = map[int]bool{}
	for _, c := range p.tagCols {
		pre, bareLine := 0, 0
		for _, t := range all {
			f := t.fields[c]
			if err := p.checkTag(t.line, c, f); err != nil {
				return err
			}
			if f == "O" {
				continue
			}
			if _, _, ok := prefixed(f); ok {
				pre++
				if bareLine > 0 {
					break
				}
			} else if bareLine == 0 {
				bareLine = t.line
			}
		}
		if pre > 0 && bareLine > 0 {
			return p.errf(bareLine, "column %d: the tag %q has no B- or I- prefix, but other tags of the column have one", c+1, lineField(all, bareLine, c))
		}
		p.bare[c] = bareLine > 0
	}
	return nil
}

func lineField(all []tokenLine, line, c int) string {
	for _, t := range all {
		if t.line == line {
			return t.fields[c]
		}
	}
	return ""
}

// open is a span being read: its type and first token.
type open struct {
	label   string
	first   int
	seen    bool // continued on the current token (varying layout)
	endHere bool // an E- or S- tag: the span ends on the current token
}

// found is a span read: tokens first..last, from column col.
type found struct {
	label       string
	first, last int
	col         int
}

func (p *parser) noteIOB1(line int) {
	if p.iob1 == 0 {
		p.iob1Line = line
	}
	p.iob1++
}

// spans decodes the tags of d into token spans.
func (p *parser) spans(d *document) []found {
	var out []found
	if p.variable {
		var opens []open
		// closeUnseen ends, after token last, every span not continued on
		// the token after it, and readies the others for the next token.
		closeUnseen := func(last int) {
			kept := opens[:0]
			for _, o := range opens {
				if o.seen && !o.endHere {
					o.seen = false
					kept = append(kept, o)
				} else {
					end := last
					if o.endHere {
						end = last + 1
					}
					out = append(out, found{o.label, o.first, end, 0})
				}
			}
			opens = kept
		}
		for i, t := range d.tokens {
			if d.sentStart[i] && i > 0 {
				closeUnseen(i - 1) // nothing is seen yet: everything ends
			}
			for _, tag := range t.fields[1:] {
				pre, typ, ok := prefixed(tag)
				if !ok {
					continue // O
				}
				k := -1
				for j := range opens {
					if opens[j].label == typ && !opens[j].seen {
						k = j
						break
					}
				}
				switch pre {
				case "I", "E", "L":
					if k < 0 {
						p.noteIOB1(t.line)
						opens = append(opens, open{label: typ, first: i})
						k = len(opens) - 1
					}
				default: // B, S, U: a new span; one of the type still open ended before
					if k >= 0 {
						out = append(out, found{typ, opens[k].first, i - 1, 0})
						opens = append(opens[:k], opens[k+1:]...)
					}
					opens = append(opens, open{label: typ, first: i})
					k = len(opens) - 1
				}
				opens[k].seen = true
				opens[k].endHere = pre == "E" || pre == "L" || pre == "S" || pre == "U"
			}
			// Spans not seen on token i ended at i-1; those marked endHere end at i.
			closeUnseen(i - 1)
		}
		for _, o := range opens {
			out = append(out, found{o.label, o.first, len(d.tokens) - 1, 0})
		}
		return out
	}
	for _, c := range p.tagCols {
		var cur *open
		end := func(last int) {
			if cur != nil {
				out = append(out, found{cur.label, cur.first, last, c})
				cur = nil
			}
		}
		for i, t := range d.tokens {
			if d.sentStart[i] {
				end(i - 1)
			}
			tag := t.fields[c]
			if tag == "O" {
				end(i - 1)
				continue
			}
			if p.bare[c] {
				if cur == nil || cur.label != tag {
					end(i - 1)
					cur = &open{label: tag, first: i}
				}
				continue
			}
			pre, typ, _ := prefixed(tag)
			switch pre {
			case "I", "E", "L":
				if cur == nil || cur.label != typ {
					p.noteIOB1(t.line)
					end(i - 1)
					cur = &open{label: typ, first: i}
				}
			default:
				end(i - 1)
				cur = &open{label: typ, first: i}
			}
			if pre == "E" || pre == "L" || pre == "S" || pre == "U" {
				end(i)
			}
		}
		end(len(d.tokens) - 1)
	}
	return out
}

// document builds the article of d: the text from its tokens, its spans.
func (p *parser) document(d *document, scheme []annotations.Label) (annotations.Document, error) {
	var b strings.Builder
	starts := make([]int, len(d.tokens))
	ends := make([]int, len(d.tokens))
	cp := 0
	for i, t := range d.tokens {
		if i > 0 {
			if d.sentStart[i] {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			cp++
		}
		starts[i] = cp
		b.WriteString(t.fields[0])
		cp += utf8.RuneCountInString(t.fields[0])
		ends[i] = cp
	}
	text := b.String()
	src := d.meta["source"]
	if src == "" {
		src = p.name
	}
	doc := annotations.Document{Article: interchange.NewArticle(text, d.meta["title"], src)}
	doc.Article.ID = d.meta["article_id"]
	hash := annotations.TextHash(text)
	claims := map[string]bool{}
	for _, f := range p.spans(d) {
		local := strconv.Itoa(f.col) + ":" + strconv.Itoa(f.first) + ":" + strconv.Itoa(f.last) + ":" + f.label
		id := interchange.SpanID(hash, local)
		if p.claimCol[f.col] {
			claims[id] = true
		}
		doc.Spans = append(doc.Spans, annotations.Span{ID: id, Label: f.label, Start: starts[f.first], End: ends[f.last]})
	}
	doc.Spans = interchange.SortSpans(doc.Spans)
	interchange.SetKinds(scheme, &doc)
	for i := range doc.Spans {
		if claims[doc.Spans[i].ID] {
			doc.Spans[i].Kind = annotations.KindClaim
		}
	}
	if st := annotations.Status(d.meta["status"]); st.Valid() {
		doc.Article.Status = st
	}
	return doc, interchange.Validate(&doc, fmt.Sprintf("%s:%d", p.name, d.line))
}
