// Package agreement measures how far annotators agree on the same articles:
// pairwise span agreement per label and micro-averaged (exact and overlap
// matching, precision, recall and F1 of one annotator against another),
// Cohen's κ per pair and Fleiss' κ over all annotators on word tokens, and
// Krippendorff's α (nominal) per claim attribute over claims matched by
// overlap, for the whole set and per article, worst first.
//
// Spans are grouped by their Annotator. An article takes part when at least
// one of the compared annotators has a span in it; an annotator with no span
// in such an article counts as having marked nothing there (all O). Articles
// where none has a span are counted and left out: nothing says anyone
// annotated them, and their tokens would only inflate κ.
//
// Tokens are annotations.Words (UAX #29 words with their clitics,
// punctuation excluded), the segmentation the article view snaps to. A token
// is in a span when they share at least one code point.
//
// Figures that do not exist for the data (no spans on either side, a single
// category, no pairable claims) are nil with a reason, never 0 or 1.
//
// Krippendorff's α-unitizing (uα) on claim spans is not implemented: this
// package gives α over claims matched by overlap only.
//
// The package is pure Go over package annotations: no Fyne, no SQL.
package agreement

import (
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
)

// Attributes lists the claim attributes whose agreement Krippendorff's α
// measures, in report order.
var Attributes = []string{annotations.AttrCheckWorthy, annotations.AttrVerdict, annotations.AttrStance}

// Options chooses what a Computer compares.
type Options struct {
	// Annotators are the annotators to compare, in this order. Empty means
	// every annotator with a span in the articles given, sorted by name.
	Annotators []string
	// Labels keeps only spans with these labels; empty keeps every label.
	Labels []string
}

// Computer gathers documents one at a time (Add) and measures their
// agreement (Report). It keeps each document's spans and the word tokens
// they cover, not its text; the word segmentation runs on background
// goroutines while the caller reads the next document, and Report waits for
// it. A Computer is not safe for concurrent use. The zero value is not
// usable; call New.
type Computer struct {
	opts         Options
	want         map[string]bool // nil: every annotator
	labelOK      map[string]bool // nil: every label
	docs         []*prepared
	withoutSpans int
	unattributed int
	everyone     map[string]bool // every annotator with a span, compared or not

	jobs chan job
	wg   sync.WaitGroup
	err  error // the error of a failed Add: every later call returns it
}

// job is one document waiting for its word tokens.
type job struct {
	p    *prepared
	text string
}

// prepared is what Report needs of one document.
type prepared struct {
	id, title string
	tokens    int
	spans     map[string][]span // by annotator, sorted by label, start, end
}

// span is a span reduced to what the measures use.
type span struct {
	label      string
	kind       annotations.Kind
	start, end int       // code points
	t0, t1     int       // the word tokens it covers: [t0, t1)
	attrs      [3]string // the values of Attributes, "" where unset
}

// New returns a Computer for opts. It fails when an annotator or a label is
// named twice or is empty.
func New(opts Options) (*Computer, error) {
	c := &Computer{opts: opts}
	if len(opts.Annotators) > 0 {
		c.want = map[string]bool{}
		for _, a := range opts.Annotators {
			if a == "" {
				return nil, annotations.Failf("an empty annotator name in the annotators to compare")
			}
			if c.want[a] {
				return nil, annotations.Failf("annotator %q is named twice in the annotators to compare", a)
			}
			c.want[a] = true
		}
	}
	if len(opts.Labels) > 0 {
		c.labelOK = map[string]bool{}
		for _, l := range opts.Labels {
			if l == "" {
				return nil, annotations.Failf("an empty label name in the labels to compare")
			}
			c.labelOK[l] = true
		}
	}
	return c, nil
}

// Add takes one document into the comparison; it keeps nothing of d but
// copies and its (immutable) text until the text is segmented. It fails,
// naming the article and span, when a span's range lies outside the text;
// after a failure the Computer stops, and Add and Report return that error.
func (c *Computer) Add(d *annotations.Document) error {
	if c.err != nil {
		return c.err
	}
	p := &prepared{id: d.Article.ID, title: d.Article.Title}
	n, unattributed := -1, 0
	for _, s := range d.Spans {
		if c.labelOK != nil && !c.labelOK[s.Label] {
			continue
		}
		if s.Annotator == "" {
			unattributed++
			continue
		}
		if c.everyone == nil {
			c.everyone = map[string]bool{}
		}
		c.everyone[s.Annotator] = true
		if c.want != nil && !c.want[s.Annotator] {
			continue
		}
		if n < 0 {
			n = utf8.RuneCountInString(d.Article.Text)
		}
		if s.Start < 0 || s.End > n || s.Start >= s.End {
			c.err = annotations.Failf("article %q: span %q: range [%d, %d) is not inside its text of %d code points", d.Article.ID, s.ID, s.Start, s.End, n)
			c.wait()
			return c.err
		}
		if p.spans == nil {
			p.spans = map[string][]span{}
		}
		sp := span{label: s.Label, kind: s.Kind, start: s.Start, end: s.End}
		for i, k := range Attributes {
			sp.attrs[i] = s.Attributes[k]
		}
		p.spans[s.Annotator] = append(p.spans[s.Annotator], sp)
	}
	if len(p.spans) == 0 {
		c.withoutSpans++
		return nil
	}
	c.unattributed += unattributed
	c.docs = append(c.docs, p)
	if c.jobs == nil {
		c.jobs = make(chan job, 64)
		for range max(1, runtime.GOMAXPROCS(0)) {
			c.wg.Add(1)
			go func() {
				defer c.wg.Done()
				for j := range c.jobs {
					j.p.tokenize(j.text)
				}
			}()
		}
	}
	c.jobs <- job{p, d.Article.Text}
	return nil
}

// wait lets the background segmentation finish.
func (c *Computer) wait() {
	if c.jobs != nil {
		close(c.jobs)
		c.wg.Wait()
		c.jobs = nil
	}
}

// tokenize segments text into words and finds the tokens each span covers.
func (p *prepared) tokenize(text string) {
	words := annotations.Words(text)
	p.tokens = len(words)
	for a, ss := range p.spans {
		for i := range ss {
			s := &ss[i]
			// The first token ending after the span starts, through the last
			// token starting before it ends.
			s.t0 = sort.Search(len(words), func(k int) bool { return words[k].End > s.start })
			s.t1 = s.t0
			for s.t1 < len(words) && words[s.t1].Start < s.end {
				s.t1++
			}
		}
		sort.Slice(ss, func(i, j int) bool { return spanLess(ss[i], ss[j]) })
		p.spans[a] = ss
	}
}

func spanLess(x, y span) bool {
	if x.label != y.label {
		return x.label < y.label
	}
	if x.start != y.start {
		return x.start < y.start
	}
	return x.end < y.end
}

// Compute measures the agreement of docs under opts; see Computer.
func Compute(docs []annotations.Document, opts Options) (*Report, error) {
	c, err := New(opts)
	if err != nil {
		return nil, err
	}
	for i := range docs {
		if err := c.Add(&docs[i]); err != nil {
			return nil, err
		}
	}
	return c.Report()
}

// Report measures the agreement of every document added; no document may
// be added after it. It fails when
// fewer than two annotators have spans, and when an annotator named in
// Options has no span in any document given (naming the ones that do).
func (c *Computer) Report() (*Report, error) {
	c.wait()
	if c.err != nil {
		return nil, c.err
	}
	seen := map[string]int{}
	labelSet := map[string]bool{}
	for _, l := range c.opts.Labels {
		labelSet[l] = true
	}
	for _, d := range c.docs {
		for a, ss := range d.spans {
			seen[a] += len(ss)
			for _, s := range ss {
				labelSet[s.label] = true
			}
		}
	}
	have := make([]string, 0, len(seen))
	for a := range seen {
		have = append(have, a)
	}
	sort.Strings(have)
	var names []string
	if len(c.opts.Annotators) > 0 {
		everyone := make([]string, 0, len(c.everyone))
		for a := range c.everyone {
			everyone = append(everyone, a)
		}
		sort.Strings(everyone)
		for _, a := range c.opts.Annotators {
			if seen[a] == 0 {
				return nil, annotations.Failf("annotator %q has no spans in the articles selected (annotators with spans there: %s)", a, listOrNone(everyone))
			}
		}
		names = slices.Clone(c.opts.Annotators)
	} else {
		names = have
	}
	if len(names) < 2 {
		return nil, annotations.Failf("agreement needs two annotators with spans; the articles selected have spans by %s", listOrNone(names))
	}
	labels := make([]string, 0, len(labelSet))
	for l := range labelSet {
		labels = append(labels, l)
	}
	sort.Strings(labels)

	m := newMeasurer(names, labels)
	r := &Report{Annotators: names, Labels: labels, ArticlesWithoutSpans: c.withoutSpans, UnattributedSpans: c.unattributed}
	for _, d := range c.docs {
		r.PerArticle = append(r.PerArticle, m.add(d))
		r.Articles++
		r.Tokens += d.tokens
	}
	m.finish(r)
	sort.SliceStable(r.PerArticle, func(i, j int) bool { return articleWorse(r.PerArticle[i], r.PerArticle[j]) })
	return r, nil
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "no one"
	}
	return strings.Join(names, ", ")
}

// articleWorse orders articles worst first: lower overlap F1, then lower
// exact F1, then id; an undefined F1 sorts after every defined one.
func articleWorse(x, y Article) bool {
	if c := cmpFig(x.OverlapF1, y.OverlapF1); c != 0 {
		return c < 0
	}
	if c := cmpFig(x.ExactF1, y.ExactF1); c != 0 {
		return c < 0
	}
	return x.ID < y.ID
}

func cmpFig(x, y *float64) int {
	switch {
	case x == nil && y == nil:
		return 0
	case x == nil:
		return 1
	case y == nil:
		return -1
	case *x < *y:
		return -1
	case *x > *y:
		return 1
	}
	return 0
}
