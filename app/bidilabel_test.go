package app

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestVisualRuns checks the library's one-line bidi: pieces come out in
// visual order, left to right.
func TestVisualRuns(t *testing.T) {
	tests := []struct {
		text    string
		want    string // pieces joined with |
		wantRTL bool
	}{
		{"Fact-checkers in Amman", "Fact-checkers in Amman", false},
		// Arabic words right to left: the first word is rightmost.
		// (one piece: Fyne shapes a stretch of Arabic words as one segment).
		{"ترامب مع ويكيليكس", "ترامب مع ويكيليكس", true},
		// Quotes and brackets between Arabic words are mirrored and moved.
		{`مع "ويكيليكس" (اليوم)`, `(|اليوم|) "|ويكيليكس|" |مع`, true},
		{`قال أسانج "نعم" اليوم`, `اليوم| "|نعم|" |قال أسانج`, true},
		// A number keeps its digits left to right inside Arabic.
		{"عام 2016 الماضي", "الماضي| |2016| |عام", true},
		// Latin inside Arabic.
		{"صحيفة New York Times اليوم", "اليوم| |New York Times| |صحيفة", true},
		// An isolated Arabic title keeps the English message's colon and
		// number out of its run; the isolates are not drawn.
		{"opened “" + iso("مع ويكيليكس") + "”: 0 spans", "opened “|مع ويكيليكس|”: 0 spans", false},
		// Without the isolate the number joins the Arabic run (UAX #9 W2).
		{"opened “مع ويكيليكس”: 0 spans", "opened “|0| :”|مع ويكيليكس| spans", false},
	}
	for _, tc := range tests {
		runs, rtl := visualRuns(tc.text)
		if got := strings.Join(runs, "|"); got != tc.want || rtl != tc.wantRTL {
			t.Errorf("visualRuns(%q) = %q rtl=%v, want %q rtl=%v", tc.text, got, rtl, tc.want, tc.wantRTL)
		}
	}
}

// TestVisualLinesWrapsInReadingOrder breaks a long Arabic message with
// numbers and a Latin word, as an error dialog shows it, at 200 px: every
// line is at most that wide, the lines keep the reading order (the first
// line holds the message's first words), each line's pieces are in visual
// order (visualString of the line with the paragraph's direction), and
// nothing is lost. A Latin message is left as it is, for Fyne to wrap.
func TestVisualLinesWrapsInReadingOrder(t *testing.T) {
	msg := "تعذر استيراد المقال قال ترامب 2017 وفق BBC لأن ملفاً بالاسم نفسه موجود منذ 2024 في قاعدة البيانات"
	got := visualLines(msg, 200)
	lines := strings.Split(got, "\n")
	if len(lines) < 3 {
		t.Fatalf("%d lines at 200 px: %q", len(lines), got)
	}
	if !strings.Contains(lines[0], "تعذر") || strings.Contains(lines[0], "البيانات") {
		t.Errorf("first line %q: want the message's start", lines[0])
	}
	if !strings.Contains(lines[len(lines)-1], "البيانات") {
		t.Errorf("last line %q: want the message's end", lines[len(lines)-1])
	}
	strip := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '\u200e' || r == '\u200f' {
				return -1
			}
			return r
		}, s)
	}
	words := map[string]int{}
	for _, w := range strings.Fields(msg) {
		words[w]++
	}
	for _, ln := range lines {
		for _, w := range strings.Fields(strip(ln)) {
			words[w]--
		}
		if w := fyne.MeasureText(strip(ln), theme.TextSize(), fyne.TextStyle{}).Width; w > 200+1 {
			t.Errorf("line %q is %.0f px wide, want at most 200", ln, w)
		}
	}
	for w, n := range words {
		if n != 0 {
			t.Errorf("word %q: %d more in the message than in the lines", w, n)
		}
	}
	// Within a line the pieces are in visual order, left to right: in a
	// right-to-left line, BBC (logically after وفق) is left of it.
	for _, ln := range lines {
		if strings.Contains(ln, "BBC") && strings.Contains(ln, "وفق") {
			if strings.Index(ln, "BBC") > strings.Index(ln, "وفق") {
				t.Errorf("line %q: BBC should come before وفق in visual (left-to-right) order", ln)
			}
		}
	}
	if s := "could not import a.txt: it is empty"; visualLines(s, 200) != s {
		t.Errorf("a Latin message was changed: %q", visualLines(s, 200))
	}
	if err := visualError(errors.New(msg)); err.Error() == msg || !strings.Contains(err.Error(), "\n") {
		t.Errorf("visualError left the Arabic message as it was: %q", err.Error())
	}
}
