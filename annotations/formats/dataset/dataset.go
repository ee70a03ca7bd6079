// Package dataset writes a small dataset directory around the native JSONL
// format, ready to publish or to load with Hugging Face datasets or pandas:
//
//	data.jsonl                        every article (native JSONL), or, with a split,
//	train.jsonl, dev.jsonl, test.jsonl  the articles split by article
//	labels.json                       the label scheme, claim attributes, relation types
//	README.md                         a dataset card: scheme with descriptions, counts
//	                                  per label and kind, annotators, offset unit,
//	                                  loading snippets
//
// A split such as "80/10/10" (train/dev/test) or "90/10" (train/test) is by
// article and deterministic: articles are ordered by a hash of the seed and
// their id (or text hash), then cut at the rounded proportions, so the same
// articles and seed always give the same split, and adding articles moves few
// of the others. Within a split articles keep their export order. Splits
// that receive no article are not written.
package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/jsonl"
)

// Options tune a dataset export.
type Options struct {
	// Name is the dataset's title in the card; "Hamesh dataset" when empty.
	Name string
	// Split is "" (one data.jsonl), "train/test" or "train/dev/test"
	// proportions such as "90/10" or "80/10/10".
	Split string
	// Seed chooses the split; the same seed gives the same split.
	Seed int64
	// Team gives the card's annotators, double-annotated articles and
	// agreement (NewTeam over every layer); nil: only the span counts per
	// annotator of the data files.
	Team *Team
}

// Split names, in file order.
var splitNames = map[int][]string{1: {"data"}, 2: {"train", "test"}, 3: {"train", "dev", "test"}}

// ParseSplit reads proportions such as "80/10/10": two or three
// non-negative integers with a positive sum. "" gives one part.
func ParseSplit(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return []int{1}, nil
	}
	parts := strings.Split(s, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return nil, annotations.Errorf(annotations.EINVALID, "split %q: want two or three proportions such as 90/10 or 80/10/10", s)
	}
	out := make([]int, len(parts))
	sum := 0
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 {
			return nil, annotations.Errorf(annotations.EINVALID, "split %q: %q is not a non-negative whole number", s, p)
		}
		out[i] = n
		sum += n
	}
	if sum == 0 {
		return nil, annotations.Errorf(annotations.EINVALID, "split %q: the proportions add up to zero", s)
	}
	return out, nil
}

// Split assigns docs to the parts of props (see ParseSplit) and returns, per
// part, the indexes of its documents in export order.
func Split(docs []annotations.Document, props []int, seed int64) [][]int {
	type keyed struct {
		key uint64
		i   int
	}
	ks := make([]keyed, len(docs))
	for i := range docs {
		id := docs[i].Article.ID
		if id == "" {
			id = annotations.TextHash(docs[i].Article.Text)
		}
		h := fnv.New64a()
		fmt.Fprintf(h, "%d:%s", seed, id)
		ks[i] = keyed{h.Sum64(), i}
	}
	sort.SliceStable(ks, func(a, b int) bool { return ks[a].key < ks[b].key })
	total := 0
	for _, p := range props {
		total += p
	}
	out := make([][]int, len(props))
	cum, lo := 0, 0
	for p := range props {
		cum += props[p]
		hi := int(math.Round(float64(len(docs)) * float64(cum) / float64(total)))
		for _, k := range ks[lo:hi] {
			out[p] = append(out[p], k.i)
		}
		sort.Ints(out[p])
		lo = hi
	}
	return out
}

// Export writes the dataset directory dir (created if needed) for docs and
// scheme. Every document is validated (annotations.ValidateDocument) by the
// native encoder; an invalid one stops the export.
func Export(dir string, docs []annotations.Document, scheme []annotations.Label, opts Options) error {
	props, err := ParseSplit(opts.Split)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "dataset export: %v", err)
	}
	parts := Split(docs, props, opts.Seed)
	var files []splitFile
	for p, idx := range parts {
		if len(idx) == 0 {
			continue
		}
		name := splitNames[len(props)][p]
		var buf bytes.Buffer
		enc := jsonl.NewEncoder(&buf)
		for _, i := range idx {
			if err := enc.Encode(&docs[i]); err != nil {
				return err
			}
		}
		file := name + ".jsonl"
		if err := os.WriteFile(filepath.Join(dir, file), buf.Bytes(), 0o644); err != nil {
			return annotations.Errorf(annotations.EINTERNAL, "dataset export: %v", err)
		}
		sf := splitFile{name: name, file: file}
		for _, i := range idx {
			sf.articles++
			sf.spans += len(docs[i].Spans)
		}
		files = append(files, sf)
	}
	st := count(docs, scheme)
	labels, err := labelsJSON(scheme, st)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "labels.json"), labels, 0o644); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "dataset export: %v", err)
	}
	card := readme(opts, props, scheme, st, files)
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte(card), 0o644); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "dataset export: %v", err)
	}
	return nil
}

type splitFile struct {
	name, file      string
	articles, spans int
}

// stats are the counts the card reports.
type stats struct {
	articles, spans, relations int
	langs                      map[string]int
	byLabel                    map[string]int // spans per label
	articlesByLabel            map[string]int
	kinds                      map[annotations.Kind]int
	labelKind                  map[string]annotations.Kind
	attrs                      map[string]map[string]int // attribute -> value -> spans
	relTypes                   map[string]int
	annotators                 map[string]int // spans per annotator
}

func count(docs []annotations.Document, scheme []annotations.Label) stats {
	st := stats{langs: map[string]int{}, byLabel: map[string]int{}, articlesByLabel: map[string]int{},
		kinds: map[annotations.Kind]int{}, labelKind: map[string]annotations.Kind{},
		attrs: map[string]map[string]int{}, relTypes: map[string]int{}, annotators: map[string]int{}}
	for _, l := range scheme {
		st.labelKind[l.Name] = l.Kind
	}
	for _, d := range docs {
		st.articles++
		lang := d.Article.Lang
		if lang == "" {
			lang = "unknown"
		}
		st.langs[lang]++
		seen := map[string]bool{}
		for _, s := range d.Spans {
			st.spans++
			st.byLabel[s.Label]++
			if !seen[s.Label] {
				seen[s.Label] = true
				st.articlesByLabel[s.Label]++
			}
			st.kinds[s.Kind]++
			if _, ok := st.labelKind[s.Label]; !ok {
				st.labelKind[s.Label] = s.Kind
			}
			for k, v := range s.Attributes {
				if st.attrs[k] == nil {
					st.attrs[k] = map[string]int{}
				}
				if _, closed := annotations.ClaimAttributes[k]; !closed {
					v = "(free text)"
				}
				st.attrs[k][v]++
			}
			who := s.Annotator
			if who == "" {
				who = "(unknown)"
			}
			st.annotators[who]++
		}
		for _, r := range d.Relations {
			st.relations++
			st.relTypes[r.Type]++
		}
	}
	return st
}

func labelsJSON(scheme []annotations.Label, st stats) ([]byte, error) {
	type label struct {
		Name        string           `json:"name"`
		Kind        annotations.Kind `json:"kind"`
		Color       string           `json:"color,omitempty"`
		Description string           `json:"description,omitempty"`
	}
	out := struct {
		OffsetUnit      string              `json:"offset_unit"`
		Labels          []label             `json:"labels"`
		ClaimAttributes map[string][]string `json:"claim_attributes"`
		FreeText        []string            `json:"free_text_attributes"`
		RelationTypes   []string            `json:"relation_types"`
	}{OffsetUnit: jsonl.OffsetUnit, ClaimAttributes: annotations.ClaimAttributes,
		FreeText: []string{annotations.AttrNormalizedClaim, annotations.AttrClaimDate}}
	known := map[string]bool{}
	for _, l := range scheme {
		known[l.Name] = true
		out.Labels = append(out.Labels, label{l.Name, l.Kind, l.Color, l.Description})
	}
	for _, name := range slices.Sorted(maps.Keys(st.byLabel)) {
		if !known[name] {
			out.Labels = append(out.Labels, label{Name: name, Kind: st.labelKind[name]})
		}
	}
	rels := map[string]int{annotations.RelClaimant: 0}
	for k, v := range st.relTypes {
		rels[k] = v
	}
	out.RelationTypes = slices.Sorted(maps.Keys(rels))
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, annotations.Errorf(annotations.EINTERNAL, "dataset export: labels.json: %v", err)
	}
	return append(b, '\n'), nil
}
