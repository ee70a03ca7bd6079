package suggest

import (
	"os"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// seedText returns the seed article shipped in assets/samples.
func seedText(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../../assets/samples/alaraby-2017-11-14-trump-jr-wikileaks.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// texts returns the text of each suggestion.
func texts(text string, s []Suggestion) []string {
	off := annotations.NewOffsets(text)
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = off.Slice(text, x.Start, x.End)
	}
	return out
}
