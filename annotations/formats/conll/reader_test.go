package conll

// The readers each flavour targets, transcribed from their sources (the few
// lines that split the file into documents, sentences, tokens and tags), so
// the tests read every export the way its users' tools do. TestRealReaders
// runs the readers' own files where they are given, and checks these
// transcriptions against them.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

// hfExample is one example of the Hugging Face conll2003 loader.
type hfExample struct {
	Tokens []string `json:"tokens"`
	POS    []string `json:"pos_tags"`
	Chunk  []string `json:"chunk_tags"`
	NER    []string `json:"ner_tags"`
}

// hfConll2003 is Conll2003._generate_examples of the Hugging Face conll2003
// loading script (github.com/huggingface/datasets, datasets/conll2003/
// conll2003.py at d7dfbc83, Apache License 2.0, Copyright 2020 HuggingFace
// Datasets Authors):
//
//	for line in f:
//	    if line.startswith("-DOCSTART-") or line == "" or line == "\n":
//	        if tokens:
//	            yield guid, {...}; guid += 1; tokens = []; ...
//	    else:
//	        # conll2003 tokens are space separated
//	        splits = line.split(" ")
//	        tokens.append(splits[0])
//	        pos_tags.append(splits[1])
//	        chunk_tags.append(splits[2])
//	        ner_tags.append(splits[3].rstrip())
//	# last example
//	if tokens:
//	    yield guid, {...}
//
// A line with fewer than four space-separated fields is the loader's
// IndexError.
func hfConll2003(data string) ([]hfExample, error) {
	var out []hfExample
	var cur hfExample
	for n, line := range strings.SplitAfter(data, "\n") {
		if strings.HasPrefix(line, "-DOCSTART-") || line == "" || line == "\n" {
			if len(cur.Tokens) > 0 {
				out = append(out, cur)
				cur = hfExample{}
			}
			continue
		}
		s := strings.Split(line, " ")
		if len(s) < 4 {
			return out, fmt.Errorf("line %d: IndexError: list index out of range", n+1)
		}
		cur.Tokens = append(cur.Tokens, s[0])
		cur.POS = append(cur.POS, s[1])
		cur.Chunk = append(cur.Chunk, s[2])
		cur.NER = append(cur.NER, strings.TrimRight(s[3], " \t\n\r\v\f"))
	}
	if len(cur.Tokens) > 0 {
		out = append(out, cur)
	}
	return out, nil
}

// spacyDoc is one Doc of spaCy's CoNLL NER converter.
type spacyDoc struct {
	Words      []string `json:"words"`
	Tags       []string `json:"tags"`
	SentStarts []bool   `json:"sent_starts"`
	Ents       [][]any  `json:"ents"` // [label, first token, last token]
}

// spacyConllNER is conll_ner_to_docs of spaCy (github.com/explosion/spaCy,
// spacy/training/converters/conll_ner_to_docs.py and iob_utils.py at
// f69c32f7, MIT licence, Copyright (C) 2016-2024 ExplosionAI GmbH) with
// n_sents as `spacy convert -n` gives it:
//
//	doc_delimiter = "-DOCSTART- -X- O O"
//	if "\n\n" in input_data and doc_delimiter not in input_data and n_sents:
//	    input_data = segment_docs(input_data, n_sents, doc_delimiter)
//	for conll_doc in input_data.strip().split(doc_delimiter):
//	    conll_doc = conll_doc.strip()
//	    if not conll_doc: continue
//	    for conll_sent in conll_doc.split("\n\n"):
//	        conll_sent = conll_sent.strip()
//	        if not conll_sent: continue
//	        lines = [line.strip() for line in conll_sent.split("\n") if line.strip()]
//	        cols = list(zip(*[line.split() for line in lines]))
//	        if len(cols) < 2: raise ValueError(Errors.E903)
//	        words.extend(cols[0]); sent_starts.extend([True] + [False] * (length - 1))
//	        biluo_tags.extend(iob_to_biluo(cols[-1]))
//	        pos_tags.extend(cols[1] if len(cols) > 2 else ["-"] * length)
//	    entities = tags_to_entities(biluo_tags)
//
// segment_docs groups every n_sents sentences behind a new delimiter;
// iob_to_biluo and tags_to_entities decode the last column (any tag opens
// an entity that following I-/L- tags of its type continue).
func spacyConllNER(data string, nSents int) ([]spacyDoc, error) {
	const delim = "-DOCSTART- -X- O O"
	if strings.Contains(data, "\n\n") && !strings.Contains(data, delim) && nSents > 0 {
		sents := strings.Split(data, "\n\n")
		var b strings.Builder
		for i := 0; i < len(sents); i += nSents {
			b.WriteString("\n\n" + delim)
			b.WriteString(strings.Join(sents[i:min(i+nSents, len(sents))], "\n\n"))
		}
		data = b.String()
	}
	var docs []spacyDoc
	for _, cd := range strings.Split(strings.TrimSpace(data), delim) {
		cd = strings.TrimSpace(cd)
		if cd == "" {
			continue
		}
		var d spacyDoc
		var tags []string
		for _, cs := range strings.Split(cd, "\n\n") {
			cs = strings.TrimSpace(cs)
			if cs == "" {
				continue
			}
			var rows [][]string
			width := -1
			for _, l := range strings.Split(cs, "\n") {
				if f := strings.Fields(l); len(f) > 0 {
					rows = append(rows, f)
					if width < 0 || len(f) < width {
						width = len(f) // zip() stops at the shortest line
					}
				}
			}
			if width < 2 {
				return docs, fmt.Errorf("E903: the CoNLL-U file needs at least two columns")
			}
			for i, r := range rows {
				d.Words = append(d.Words, r[0])
				d.SentStarts = append(d.SentStarts, i == 0)
				tags = append(tags, r[width-1])
				if width > 2 {
					d.Tags = append(d.Tags, r[1])
				} else {
					d.Tags = append(d.Tags, "-")
				}
			}
		}
		// iob_to_biluo + tags_to_entities: a run of one tag's type.
		for i := 0; i < len(tags); {
			if tags[i] == "O" {
				i++
				continue
			}
			label := tags[i][2:]
			j := i + 1
			for j < len(tags) && (tags[j] == "I-"+label || tags[j] == "L-"+label) {
				j++
			}
			d.Ents = append(d.Ents, []any{label, float64(i), float64(j - 1)})
			i = j
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// flairSentence is one sentence of flair's ColumnDataset: its tokens, its
// spans per layer name as "LABEL first-last", and whether it is a
// document boundary.
type flairSentence struct {
	tokens   []string
	spans    map[string][]string
	boundary bool
}

// flairColumns is flair's ColumnDataset reading of a column file
// (github.com/flairNLP/flair, flair/datasets/sequence_labeling.py and
// flair/data.py get_spans_from_bio at d4ea3777, MIT licence, Copyright ©
// 2018 Zalando SE): _read_next_sentence collects the lines up to a blank
// one; lines starting with comment_symbol are comments; each other line is
// split with column_delimiter (default r"\s+") after rstrip(); the sentence
// whose text equals document_separator_token is a document boundary; every
// span column's tags are decoded by get_spans_from_bio (B-/S- start a span,
// so does an I- whose type differs from the previous tag's; O ends one).
func flairColumns(data string, delimiter *regexp.Regexp, comment, docSep string, columns map[int]string) []flairSentence {
	var out []flairSentence
	var lines []string
	flush := func() {
		if len(lines) == 0 {
			return
		}
		s := flairSentence{spans: map[string][]string{}}
		var rows [][]string
		for _, l := range lines {
			if comment != "" && strings.HasPrefix(l, comment) {
				continue
			}
			f := delimiter.Split(strings.TrimRight(l, " \t\r\n"), -1)
			rows = append(rows, f)
			s.tokens = append(s.tokens, f[0])
		}
		lines = nil
		if len(s.tokens) == 0 {
			return // flair drops a sentence without tokens
		}
		s.boundary = strings.Join(s.tokens, " ") == docSep
		for col, name := range columns {
			if col == 0 {
				continue
			}
			prev := "O-"
			var cur []int
			label := ""
			end := func() {
				if len(cur) > 0 {
					s.spans[name] = append(s.spans[name], fmt.Sprintf("%s %d-%d", label, cur[0], cur[len(cur)-1]))
				}
				cur = nil
			}
			for i, r := range rows {
				tag := "O-"
				if col < len(r) && r[col] != "O" && r[col] != "" && r[col] != "_" {
					tag = r[col]
				}
				in := tag != "O-"
				start := tag[:2] == "B-" || tag[:2] == "S-" || (in && prev[2:] != tag[2:] && (tag[:2] == "I-" || prev[2:] == "S-"))
				if start || !in {
					end()
				}
				if in {
					if len(cur) == 0 {
						label = tag[2:]
					}
					cur = append(cur, i)
				}
				prev = tag
			}
			end()
		}
		out = append(out, s)
	}
	for _, l := range strings.SplitAfter(data, "\n") {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		lines = append(lines, l)
	}
	flush()
	return out
}

// wojoodSpans reads a file as Wojood's code does (github.com/SinaLab/
// ArabicNER, arabiner/utils/data.py conll_to_segments and arabiner/data/
// transforms.py NestedTagsTransform at ef3a7f4e, MIT licence, Copyright (c)
// 2021 Mohammed Khalilia):
//
//	for token in fh.read().splitlines():
//	    if not token.strip():
//	        segments.append(segment); segment = list()
//	    else:
//	        parts = token.split()
//	        token = Token(text=parts[0], gold_tag=parts[1:])
//
// and, per entity type, takes each token's first tag of that type ("we get
// only the first tag as we do not have overlapping of same type"). It
// returns the segments' tokens and the spans, per type, as "LABEL\ttokens".
func wojoodSpans(data string) ([][]string, []string) {
	var segs [][][]string // segment, token, [text, tags...]
	var seg [][]string
	for _, l := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") { // str.splitlines()
		if strings.TrimSpace(l) == "" {
			segs = append(segs, seg)
			seg = nil
			continue
		}
		seg = append(seg, strings.Fields(l))
	}
	segs = append(segs, seg)
	var tokens [][]string
	var spans []string
	for _, s := range segs {
		var toks []string
		types := map[string]bool{}
		for _, t := range s {
			toks = append(toks, t[0])
			for _, tag := range t[1:] {
				if _, typ, ok := strings.Cut(tag, "-"); ok {
					types[typ] = true
				}
			}
		}
		tokens = append(tokens, toks)
		for typ := range types {
			var cur []string
			end := func() {
				if cur != nil {
					spans = append(spans, typ+"\t"+strings.Join(cur, " "))
				}
				cur = nil
			}
			for _, t := range s {
				tag := "O"
				for _, g := range t[1:] {
					if strings.HasSuffix(g, "-"+typ) {
						tag = g
						break
					}
				}
				switch {
				case strings.HasPrefix(tag, "B-"):
					end()
					cur = []string{t[0]}
				case strings.HasPrefix(tag, "I-") && cur != nil:
					cur = append(cur, t[0])
				default:
					end()
				}
			}
			end()
		}
	}
	return tokens, spans
}

func exportFlavor(t *testing.T, f Flavor, opts Options) string {
	t.Helper()
	opts.Flavor = f
	var buf bytes.Buffer
	if err := Export(&buf, fixture.Documents(), opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// want returns the fixture's spans as "LABEL\ttoken token" for the entity
// layers from..to (to < 0: all), and the claims when claims is set, with
// every document's token list.
func want(t *testing.T, from, to int, claims bool) ([]string, [][]string) {
	var spans []string
	var tokens [][]string
	docs := fixture.Documents()
	for i := range docs {
		a, err := prepare(&docs[i], Options{})
		if err != nil {
			t.Fatal(err)
		}
		var toks []string
		for _, r := range a.tokens {
			toks = append(toks, clean(string(a.text[r.Start:r.End])))
		}
		tokens = append(tokens, toks)
		text := func(s tagged) string { return s.label + "\t" + strings.Join(toks[s.first:s.last+1], " ") }
		for l, layer := range a.entities {
			if l < from || (to >= 0 && l > to) {
				continue
			}
			for _, s := range layer {
				spans = append(spans, text(s))
			}
		}
		if claims {
			for _, layer := range a.claims {
				for _, s := range layer {
					spans = append(spans, text(s))
				}
			}
		}
	}
	sort.Strings(spans)
	return spans, tokens
}

func sameSpans(t *testing.T, what string, got, want []string) {
	t.Helper()
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: spans\n got %q\nwant %q", what, got, want)
	}
}

func flatten(x [][]string) []string {
	var out []string
	for _, s := range x {
		out = append(out, s...)
	}
	return out
}

// TestCoNLL2003FlavorHF: the Hugging Face loader reads the conll2003 flavour
// (today's tab-separated export was its IndexError): every token, a "-"
// POS, an "O" chunk and the outer layer's tags.
func TestCoNLL2003FlavorHF(t *testing.T) {
	exs, err := hfConll2003(exportFlavor(t, CoNLL2003, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	_, tokens := want(t, 0, 0, false)
	var got []string
	var spans []string
	for _, ex := range exs {
		got = append(got, ex.Tokens...)
		for i := range ex.Tokens {
			if ex.POS[i] != "-" || ex.Chunk[i] != "O" {
				t.Errorf("token %q: POS %q chunk %q", ex.Tokens[i], ex.POS[i], ex.Chunk[i])
			}
		}
		spans = append(spans, bioSpans(ex.Tokens, ex.NER)...)
	}
	if strings.Join(got, " ") != strings.Join(flatten(tokens), " ") {
		t.Errorf("tokens differ:\n got %q\nwant %q", got, flatten(tokens))
	}
	outer, _ := want(t, 0, 0, false)
	sameSpans(t, "conll2003 via the HF loader", spans, outer)
	if _, err := hfConll2003(exportFlavor(t, Columns, Options{})); err == nil {
		t.Error("the HF loader reads the tab-separated columns flavour?")
	}
}

// bioSpans decodes IOB2 tags over tokens into "LABEL\ttoken token".
func bioSpans(tokens, tags []string) []string {
	var out []string
	for i := 0; i < len(tags); {
		if !strings.HasPrefix(tags[i], "B-") {
			i++
			continue
		}
		label := tags[i][2:]
		j := i + 1
		for j < len(tags) && tags[j] == "I-"+label {
			j++
		}
		out = append(out, label+"\t"+strings.Join(tokens[i:j], " "))
		i = j
	}
	return out
}

// TestCoNLL2003FlavorSpaCy: spaCy's converter finds one document per
// article (no -DOCSTART- word), the "-" POS as tag_, and the outer layer as
// entities; with the other document line it finds none and keeps
// -DOCSTART- as a word, which is why DocStartSpaCy is the default.
func TestCoNLL2003FlavorSpaCy(t *testing.T) {
	docs, err := spacyConllNER(exportFlavor(t, CoNLL2003, Options{}), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	var spans []string
	for _, d := range docs {
		for i, w := range d.Words {
			if w == "-DOCSTART-" || d.Tags[i] != "-" {
				t.Errorf("word %q tag %q", w, d.Tags[i])
			}
		}
		for _, e := range d.Ents {
			spans = append(spans, e[0].(string)+"\t"+strings.Join(d.Words[int(e[1].(float64)):int(e[2].(float64))+1], " "))
		}
	}
	outer, _ := want(t, 0, 0, false)
	sameSpans(t, "conll2003 via spaCy", spans, outer)

	other, err := spacyConllNER(exportFlavor(t, CoNLL2003, Options{DocStart: DocStartCoNLL2003}), 10)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(other[0].Words, " "), "-DOCSTART-") {
		t.Error("with -DOCSTART- -X- -X- O spaCy should read -DOCSTART- as a word")
	}
}

// TestFlavorsFlair: flair's ColumnDataset reads each flavour with the
// settings docs/FORMATS.md gives.
func TestFlavorsFlair(t *testing.T) {
	ws := regexp.MustCompile(`\s+`)
	spansOf := func(sents []flairSentence, layer string) ([]string, int) {
		var out []string
		bounds := 0
		for _, s := range sents {
			if s.boundary {
				bounds++
				continue
			}
			for _, sp := range s.spans[layer] {
				var label string
				var a, b int
				fmt.Sscanf(strings.Replace(sp, "-", " ", 1), "%s %d %d", &label, &a, &b)
				out = append(out, label+"\t"+strings.Join(s.tokens[a:b+1], " "))
			}
		}
		return out, bounds
	}
	got, bounds := spansOf(flairColumns(exportFlavor(t, CoNLL2003, Options{}), ws, "", "-DOCSTART-", map[int]string{0: "text", 3: "ner"}), "ner")
	outer, _ := want(t, 0, 0, false)
	sameSpans(t, "conll2003 via flair", got, outer)
	if bounds != 2 {
		t.Errorf("flair found %d document boundaries, want 2", bounds)
	}
	got, _ = spansOf(flairColumns(exportFlavor(t, Wojood, Options{}), ws, "", "", map[int]string{0: "text", 1: "ner"}), "ner")
	sameSpans(t, "wojood via flair (outer layer)", got, outer)

	sents := flairColumns(exportFlavor(t, Columns, Options{}), regexp.MustCompile("\t"), "# ", "-DOCSTART-",
		map[int]string{0: "text", 1: "ner", 2: "ner2", 3: "claim"})
	var all []string
	for _, layer := range []string{"ner", "ner2", "claim"} {
		g, _ := spansOf(sents, layer)
		all = append(all, g...)
	}
	every, _ := want(t, 0, -1, true)
	sameSpans(t, "columns via flair", all, every)
}

// TestWojoodFlavorWojoodReader: Wojood's own reader finds every nesting
// layer of the wojood flavour, by type.
func TestWojoodFlavorWojoodReader(t *testing.T) {
	tokens, spans := wojoodSpans(exportFlavor(t, Wojood, Options{}))
	every, wantTokens := want(t, 0, -1, false)
	sameSpans(t, "wojood via Wojood's reader", spans, every)
	if strings.Join(flatten(tokens), " ") != strings.Join(flatten(wantTokens), " ") {
		t.Errorf("tokens differ: %q", flatten(tokens))
	}
}

// TestFlavorWarnings: what a flavour leaves out is counted.
func TestFlavorWarnings(t *testing.T) {
	for f, wants := range map[Flavor][]string{
		CoNLL2003: {"left out 2 entity spans nested", "left out 2 claims"},
		Wojood:    {"left out 2 claims"},
		Columns:   nil,
	} {
		var warnings []string
		exportFlavor(t, f, Options{Warn: func(s annotations.Note) { warnings = append(warnings, s.String()) }})
		w := strings.Join(warnings, "\n")
		for _, s := range wants {
			if !strings.Contains(w, s) {
				t.Errorf("%s: warnings %q lack %q", f, warnings, s)
			}
		}
		if wants == nil && len(warnings) > 0 {
			t.Errorf("%s: warnings %q", f, warnings)
		}
	}
}

// TestWojoodSameTypeWarning: an ORG inside an ORG is written, and the
// export warns that Wojood's reader, one tag per type, sees only the outer.
func TestWojoodSameTypeWarning(t *testing.T) {
	doc := fixture.Documents()[0]
	doc.Spans = nil
	for _, s := range fixture.Documents()[0].Spans {
		if s.Label == "OCC" {
			s.Label = "ORG"
		}
		doc.Spans = append(doc.Spans, s)
	}
	var warnings []string
	var buf bytes.Buffer
	if err := Export(&buf, []annotations.Document{doc}, Options{Flavor: Wojood, Warn: func(s annotations.Note) { warnings = append(warnings, s.String()) }}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "ويكيليكس I-ORG B-ORG") || !strings.Contains(strings.Join(warnings, "\n"), "1 entity spans overlap a span of their own label") {
		t.Errorf("warnings %q", warnings)
	}
}

// TestRealReaders runs the readers' own code on the exports: spaCy's
// converter, the Hugging Face loader and Wojood's reader (Python, from
// testdata/readers_real.py) and conlleval (Perl), from the directory
// $HAMESH_CONLL_READERS (see readers_real.py for its layout, conlleval.pl
// beside them), and checks each against its transcription above.
func TestRealReaders(t *testing.T) {
	dir := os.Getenv("HAMESH_CONLL_READERS")
	if dir == "" {
		t.Skip("HAMESH_CONLL_READERS (the readers' sources) not set")
	}
	py := os.Getenv("HAMESH_PYTHON")
	if py == "" {
		py = "python3"
	}
	tmp := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	run := func(reader, path string, v any) {
		t.Helper()
		cmd := exec.Command(py, "testdata/readers_real.py", dir, reader, path)
		cmd.Stderr = os.Stderr
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", reader, err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", reader, err)
		}
	}
	c2003 := exportFlavor(t, CoNLL2003, Options{})
	p2003 := write("conll2003.conll", c2003)

	var sp struct {
		Docs     []spacyDoc `json:"docs"`
		Warnings []string   `json:"warnings"`
	}
	run("spacy", p2003, &sp)
	mine, _ := spacyConllNER(c2003, 10)
	if a, b := fmt.Sprint(sp.Docs), fmt.Sprint(mine); a != b {
		t.Errorf("spaCy's converter and its transcription differ:\n%s\n%s", a, b)
	}
	for _, w := range sp.Warnings {
		if strings.Contains(w, "No document delimiters") || strings.Contains(w, "No sentence boundaries") {
			t.Errorf("spaCy warns: %s", w)
		}
	}
	t.Logf("spaCy's conll_ner_to_docs: %d docs, %d entities in the first; warnings %q", len(sp.Docs), len(sp.Docs[0].Ents), sp.Warnings)

	var hf struct {
		Examples    []hfExample         `json:"examples"`
		ClassLabels map[string][]string `json:"class_labels"`
		Error       string              `json:"error"`
	}
	run("hf", p2003, &hf)
	mineHF, _ := hfConll2003(c2003)
	if hf.Error != "" || fmt.Sprint(hf.Examples) != fmt.Sprint(mineHF) {
		t.Errorf("the HF loader (error %q) and its transcription differ:\n%v\n%v", hf.Error, hf.Examples, mineHF)
	}
	t.Logf("HF conll2003 loader: %d examples; its ClassLabel ner_tags %q", len(hf.Examples), hf.ClassLabels["ner_tags"])
	run("hf", write("columns.conll", exportFlavor(t, Columns, Options{})), &hf)
	t.Logf("HF loader on the columns flavour: %s", hf.Error)

	var wj struct {
		Segments [][][]any `json:"segments"`
	}
	cw := exportFlavor(t, Wojood, Options{})
	run("wojood", write("wojood.conll", cw), &wj)
	var realTokens [][]string
	for _, s := range wj.Segments {
		var toks []string
		for _, tok := range s {
			toks = append(toks, tok[0].(string))
		}
		realTokens = append(realTokens, toks)
	}
	mineTokens, _ := wojoodSpans(cw)
	if fmt.Sprint(realTokens) != fmt.Sprint(mineTokens) {
		t.Errorf("Wojood's conll_to_segments and its transcription differ:\n%v\n%v", realTokens, mineTokens)
	}
	t.Logf("Wojood's conll_to_segments: %d segments", len(wj.Segments))

	// conlleval: the gold column repeated as the prediction gives every
	// phrase found and correct, and counts the outer layer's spans.
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(c2003, "\n"), "\n") {
		if l != "" {
			l += " " + l[strings.LastIndex(l, " ")+1:]
		}
		b.WriteString(l + "\n")
	}
	cmd := exec.Command("perl", filepath.Join(dir, "conlleval.pl"))
	cmd.Stdin = strings.NewReader(b.String())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("conlleval: %v\n%s", err, out)
	}
	outer, _ := want(t, 0, 0, false)
	if w := fmt.Sprintf("with %d phrases; found: %d phrases; correct: %d.", len(outer), len(outer), len(outer)); !strings.Contains(string(out), w) {
		t.Errorf("conlleval says\n%s\nwant %q", out, w)
	}
	t.Logf("conlleval: %s", strings.SplitN(string(out), "\n", 2)[0])
}
