package app

import (
	"strings"
	"testing"
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
