package app

import (
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// BenchmarkSelectClaimLargeArticle selects a claim in a 1 MB article with
// 3,000 spans (the inspector lists every span's text and the claim's
// claimant choices).
func BenchmarkSelectClaimLargeArticle(b *testing.B) {
	text := strings.Repeat(sample+"\n", 1<<20/len(sample)+1)
	st := newFakeStore()
	id := st.addArticle("كبير", text, annotations.StatusInProgress)
	n := len([]rune(text))
	var claim string
	for i := 0; i < 3000; i++ {
		start := i * (n - 100) / 3000
		sp := annotations.Span{ArticleID: id, Kind: annotations.KindEntity, Label: "PERS", Start: start, End: start + 5}
		if i%10 == 0 {
			sp.Kind, sp.Label, sp.End = annotations.KindClaim, "CLAIM", start+40
		}
		s, err := st.AddSpan(b.Context(), sp)
		if err != nil {
			b.Fatal(err)
		}
		if i == 1500 {
			claim = s.ID
		}
	}
	ws, _ := newTestWorkspace(b, st)
	if err := ws.sess.Open(id); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		ws.sess.SelectSpan(claim, false)
		ws.sess.SelectSpan("", false)
	}
}
