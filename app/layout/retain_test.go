package layout

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// TestRetainedEvictsLeastRecentlyUsed fills a table past its budget: the
// least recently used entries go, a recently read one stays, and the entry
// just put is kept even when it alone is over the budget.
func TestRetainedEvictsLeastRecentlyUsed(t *testing.T) {
	r := newRetained[int](10, 30)
	vals := make([]int, 10)
	for i := range 3 {
		r.put(i, &vals[i], 10)
	}
	r.get(0) // 1 is now the least recently used
	r.put(3, &vals[3], 10)
	if r.peek(1) != nil {
		t.Error("entry 1, the least recently used, was kept past the budget")
	}
	for _, i := range []int{0, 2, 3} {
		if r.peek(i) != &vals[i] {
			t.Errorf("entry %d evicted, want kept", i)
		}
	}
	if n, w := r.kept(); n != 3 || w != 30 {
		t.Errorf("kept %d entries of weight %d, want 3 of 30", n, w)
	}
	// An entry over the budget by itself evicts all others and stays.
	r.put(5, &vals[5], 100)
	if n, w := r.kept(); n != 1 || w != 100 || r.peek(5) != &vals[5] {
		t.Errorf("after a heavy entry: kept %d of weight %d, entry 5 kept %v", n, w, r.peek(5) != nil)
	}
	// A slot taken already returns its entry, not the new one.
	other := 7
	if got := r.put(5, &other, 1); got != &vals[5] {
		t.Error("put over a kept entry replaced it")
	}
}

// TestLongArticleKeepsBoundedLines lays out an article longer than the
// budget: Complete keeps no lines (only heights), laying out every
// paragraph keeps at most the budget's worth, and a paragraph laid out
// again after its lines were released is the same as before.
func TestLongArticleKeepsBoundedLines(t *testing.T) {
	text := strings.Repeat(seedText(t), 120) // ~700 KB, well over the budget
	l := mustLayout(t, text, RTL, Options{Width: 640})
	n := l.Document().NumParagraphs()
	first := l.Paragraph(0)
	if err := l.Complete(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !l.Done() {
		t.Fatal("not Done after Complete")
	}
	if k, _ := l.paras.kept(); k != 1 {
		t.Errorf("Complete kept the lines of %d paragraphs, want only the one laid out before (1)", k)
	}
	if k, _ := l.doc.texts.kept(); k != 1 {
		t.Errorf("Complete kept the analysis of %d paragraphs, want 1", k)
	}
	// Heights from measuring agree with heights from laying out.
	measured := l.Height()
	l.LayoutParagraphs(0, n)
	sum := float32(0)
	for i := range n {
		sum += l.Paragraph(i).Height
	}
	if d := sum - l.opts.ParagraphSpacing - measured; d > 0.01 || d < -0.01 {
		t.Errorf("measured height %v, laid-out height %v", measured, sum-l.opts.ParagraphSpacing)
	}
	for name, tab := range map[string]interface{ kept() (int, int) }{"lines": l.paras, "shaping": l.shaped, "analysis": l.doc.texts} {
		if k, w := tab.kept(); w > retainBudget || k == n {
			t.Errorf("%s: %d of %d paragraphs kept, weight %d, budget %d", name, k, n, w, retainBudget)
		}
	}
	if l.CachedParagraph(0) != nil {
		t.Fatal("the first paragraph's lines are still held after laying out the whole article")
	}
	again := l.Paragraph(0)
	if again == first || !reflect.DeepEqual(again.Lines, first.Lines) {
		t.Error("paragraph 0 laid out again differs from the first time")
	}
	if l.CachedParagraph(0) != again {
		t.Error("paragraph 0 not held after being laid out again")
	}
	// Whole-text queries still see every line.
	lines := l.Lines()
	want := 0
	for i := range n {
		want += len(l.Paragraph(i).Lines)
	}
	if len(lines) != want || lines[len(lines)-1].End != l.Document().Len() {
		t.Errorf("Lines() has %d lines ending at %d, want %d ending at %d", len(lines), lines[len(lines)-1].End, want, l.Document().Len())
	}
}
