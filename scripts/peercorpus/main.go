// Command peercorpus writes the inputs of `make bench-peer`: the same
// Arabic news documents for Hamesh and for labelbuddy (the closest desktop
// peer, github.com/jeromedockes/labelbuddy), so the two import, store and
// export exactly the same content.
//
//	peercorpus DIR
//
// writes into DIR (skipping files that exist):
//
//	docs-10000-plain.hamesh.jsonl  10,000 documents of 3–6 KB, text only
//	docs-10000-plain.lb.jsonl      the same for labelbuddy
//	docs-10000-spans.hamesh.jsonl  the same with 18 spans each (180,000)
//	docs-10000-spans.lb.jsonl      the same for labelbuddy
//	labels.lb.jsonl                labelbuddy's label list
//	mb-plain.*.jsonl, mb-spans.*.jsonl  the 1 MB article, bare and with 3,060 spans
//
// Both sides get the title, the text and each span's code-point range and
// label, and nothing else: no ids or times (Hamesh makes its own), so
// neither tool reads more bytes than the other needs. Claims are written as
// the label CLAIM on both sides; labelbuddy has no relations.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/scripts/benchtool/corpus"
)

// hameshSpan and hameshDoc are the least native JSONL Hamesh imports.
type hameshSpan struct {
	Kind  string `json:"kind"`
	Label string `json:"label"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

type hameshDoc struct {
	Title string       `json:"title"`
	Text  string       `json:"text"`
	Spans []hameshSpan `json:"spans,omitempty"`
}

// lbAnnotation and lbDoc are labelbuddy's import format
// (docs/modules/ROOT/attachments/exported_docs.jsonl in its repository).
type lbAnnotation struct {
	StartChar int    `json:"start_char"`
	EndChar   int    `json:"end_char"`
	Label     string `json:"label_name"`
}

type lbDoc struct {
	Text         string         `json:"text"`
	DisplayTitle string         `json:"display_title"`
	Annotations  []lbAnnotation `json:"annotations,omitempty"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: peercorpus DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "peercorpus:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	docs := func(spans int) ([]annotations.Document, error) { return corpus.Documents(0, 10000, spans) }
	for _, v := range []struct {
		name  string
		spans int
	}{{"docs-10000-plain", 0}, {"docs-10000-spans", 18}} {
		if exists(filepath.Join(dir, v.name+".lb.jsonl")) && exists(filepath.Join(dir, v.name+".hamesh.jsonl")) {
			continue
		}
		ds, err := docs(v.spans)
		if err != nil {
			return err
		}
		if err := write(dir, v.name, ds); err != nil {
			return err
		}
	}
	mb, err := corpus.Megabyte(170)
	if err != nil {
		return err
	}
	bare := annotations.Document{Article: annotations.Article{Title: "The 1 MB article", Text: mb}}
	if err := write(dir, "mb-plain", []annotations.Document{bare}); err != nil {
		return err
	}
	spanned := bare
	spanned.Spans, err = megabyteSpans(mb)
	if err != nil {
		return err
	}
	if err := write(dir, "mb-spans", []annotations.Document{spanned}); err != nil {
		return err
	}
	labels := map[string]bool{}
	for _, d := range []annotations.Document{spanned} {
		for _, s := range d.Spans {
			labels[s.Label] = true
		}
	}
	ds, err := corpus.Documents(0, 10, 18)
	if err != nil {
		return err
	}
	for _, d := range ds {
		for _, s := range d.Spans {
			labels[s.Label] = true
		}
	}
	f, err := os.Create(filepath.Join(dir, "labels.lb.jsonl"))
	if err != nil {
		return err
	}
	for _, l := range sortedKeys(labels) {
		fmt.Fprintf(f, "{\"name\": %q}\n", l)
	}
	return f.Close()
}

// megabyteSpans puts 18 spans on each of the 170 copies of the seed, as
// the corpus's documents are spanned: 3,060 in all.
func megabyteSpans(text string) ([]annotations.Span, error) {
	seed, err := corpus.Seed()
	if err != nil {
		return nil, err
	}
	var words []annotations.Range
	rs := []rune(seed)
	for _, w := range annotations.Words(seed) {
		if w.End-w.Start >= 3 && rs[w.Start] >= 0x0621 && rs[w.Start] <= 0x064A {
			words = append(words, w)
		}
	}
	labels := []string{"PERS", "ORG", "GPE", "LOC", "DATE", "NORP"}
	n := len(rs)
	var out []annotations.Span
	stride := len(words) / 18
	for c := 0; c < 170; c++ {
		for i := 0; i < 18; i++ {
			w := words[stride*i]
			out = append(out, annotations.Span{Kind: annotations.KindEntity, Label: labels[(c+i)%len(labels)],
				Start: c*n + w.Start, End: c*n + w.End})
		}
	}
	if len([]rune(text)) != 170*n {
		return nil, fmt.Errorf("the 1 MB article is not 170 copies of the seed")
	}
	return out, nil
}

func write(dir, name string, ds []annotations.Document) error {
	for _, side := range []string{"hamesh", "lb"} {
		path := filepath.Join(dir, name+"."+side+".jsonl")
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, d := range ds {
			var v any
			if side == "hamesh" {
				h := hameshDoc{Title: d.Article.Title, Text: d.Article.Text}
				for _, s := range d.Spans {
					h.Spans = append(h.Spans, hameshSpan{string(s.Kind), s.Label, s.Start, s.End})
				}
				v = h
			} else {
				l := lbDoc{Text: d.Article.Text, DisplayTitle: d.Article.Title}
				for _, s := range d.Spans {
					l.Annotations = append(l.Annotations, lbAnnotation{s.Start, s.End, s.Label})
				}
				v = l
			}
			if err := enc.Encode(v); err != nil {
				f.Close()
				return err
			}
		}
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func sortedKeys(m map[string]bool) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}
