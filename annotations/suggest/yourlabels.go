package suggest

import (
	"context"
	"sort"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// Rejection is a suggestion an annotator rejected: the same text with the
// same label is not suggested again in that article. Text may be the
// labelled text or the text of the rejected occurrence (with its
// proclitics, وأسانج); both are compared folded.
type Rejection struct {
	ArticleID string
	Text      string
	Label     string
}

// YourLabels is the Source that suggests every text already labelled
// wherever else it occurs, in the same article and in every other one,
// matched as the find bar matches (folded, clitic-aware; see Gazetteer).
// A text labelled differently in different places is suggested with its
// majority label (ties go to the label first in alphabetical order).
// Occurrences that overlap an existing span, whatever its label, are left
// out, and so is a text whose (text, label) was rejected in that article.
type YourLabels struct {
	g        *Gazetteer
	counts   map[string]map[string]int // folded text → label → count
	rejected map[string]bool           // article \x00 folded text \x00 label
}

// NewYourLabels builds the source from the spans of docs (entity spans
// only: a claim is a sentence, not a name to find again) and the
// rejections so far. Spans whose offsets fall outside their article's text
// are skipped. In the blind mode of a team, pass only the annotator's own
// layer and the gold layer.
func NewYourLabels(docs []annotations.Document, rejections []Rejection) (*YourLabels, error) {
	counts := map[string]map[string]int{}
	for i := range docs {
		d := &docs[i]
		off := annotations.NewOffsets(d.Article.Text)
		for _, s := range d.Spans {
			if s.Kind == annotations.KindClaim || s.Start < 0 || s.End > off.Len() || s.Start >= s.End || s.Label == "" {
				continue
			}
			text := strings.TrimSpace(off.Slice(d.Article.Text, s.Start, s.End))
			if counts[text] == nil {
				counts[text] = map[string]int{}
			}
			counts[text][s.Label]++
		}
	}
	return NewYourLabelsFromCounts(counts, rejections)
}

// NewYourLabelsFromCounts builds the source from labelled texts and how
// often each got each label (a store can count them in one query). Texts
// that fold to the same form (أسانج, اسانج) are merged, their counts
// added up; a text with nothing to match (no letter or digit) is skipped.
func NewYourLabelsFromCounts(counts map[string]map[string]int, rejections []Rejection) (*YourLabels, error) {
	y := &YourLabels{counts: map[string]map[string]int{}, rejected: map[string]bool{}}
	first := map[string]string{} // folded text → the first original text, in sorted order
	texts := make([]string, 0, len(counts))
	for t := range counts {
		texts = append(texts, t)
	}
	sort.Strings(texts)
	for _, text := range texts {
		key := foldKey(text)
		if key == "" || checkEntry(Entry{Text: text, Label: "X"}) != nil {
			continue
		}
		if y.counts[key] == nil {
			y.counts[key] = map[string]int{}
			first[key] = text
		}
		for l, n := range counts[text] {
			if l != "" && n > 0 {
				y.counts[key][l] += n
			}
		}
		if len(y.counts[key]) == 0 {
			delete(y.counts, key)
			delete(first, key)
		}
	}
	keys := make([]string, 0, len(y.counts))
	for k := range y.counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	entries := make([]Entry, 0, len(keys))
	for _, k := range keys {
		entries = append(entries, Entry{Text: first[k], Label: majority(y.counts[k])})
	}
	g, err := NewGazetteer(SourceYourLabels, entries)
	if err != nil {
		return nil, err
	}
	y.g = g
	for _, r := range rejections {
		key := foldKey(r.Text)
		// A rejected occurrence (وروسيا) stands for the labelled text it
		// matched (روسيا): reject that.
		if m, err := g.match(context.Background(), r.Text); err == nil && len(m.h) == 1 && m.h[0].first == 0 && int(m.h[0].last) == len(m.s.words)-1 {
			key = g.patterns[m.h[0].pattern].text
		}
		y.rejected[r.ArticleID+"\x00"+key+"\x00"+r.Label] = true
	}
	return y, nil
}

// foldKey is text folded, with whitespace runs as one space, as a gazetteer
// pattern's text is.
func foldKey(text string) string {
	return annotations.FoldGap(strings.TrimSpace(annotations.FoldString(text)))
}

// majority returns the label with the highest count, the alphabetically
// first among equals.
func majority(c map[string]int) string {
	best, n := "", -1
	for l, k := range c {
		if k > n || k == n && l < best {
			best, n = l, k
		}
	}
	return best
}

// Name returns "your labels".
func (y *YourLabels) Name() string { return SourceYourLabels }

// Counts returns how often text (compared folded) was labelled with each
// label.
func (y *YourLabels) Counts(text string) map[string]int { return y.counts[foldKey(text)] }

// Suggest returns the other occurrences of the labelled texts in in.
func (y *YourLabels) Suggest(ctx context.Context, in Input) ([]Suggestion, error) {
	m, err := y.g.match(ctx, in.Text)
	if err != nil {
		return nil, err
	}
	off := annotations.NewOffsets(in.Text)
	var out []Suggestion
	for _, h := range m.h {
		start, end := m.s.words[h.first].Start, m.s.words[h.last].End
		if overlapsAny(start, end, in.Spans) {
			continue
		}
		p := &y.g.patterns[h.pattern]
		label := y.g.entries[p.entries[0]].Label
		if y.rejected[in.ArticleID+"\x00"+p.text+"\x00"+label] || y.rejected[in.ArticleID+"\x00"+foldKey(off.Slice(in.Text, start, end))+"\x00"+label] {
			continue
		}
		out = append(out, Suggestion{ArticleID: in.ArticleID, Start: start, End: end, Label: label, Source: SourceYourLabels, Status: Pending})
	}
	sortSuggestions(out)
	return out, nil
}
