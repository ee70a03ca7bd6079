package session_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/session"
)

// addSuggestions stores suggestions over the sample and re-reads it.
func (f *fixture) addSuggestions(sugs ...annotations.Suggestion) {
	f.t.Helper()
	for i := range sugs {
		sugs[i].ArticleID = f.id
	}
	if _, err := f.db.AddSuggestions(context.Background(), sugs); err != nil {
		f.t.Fatal(err)
	}
	f.s.Reload()
}

func (f *fixture) suggestion(label string) annotations.Suggestion {
	f.t.Helper()
	sugs, err := f.db.Suggestions(context.Background(), annotations.SuggestionFilter{ArticleIDs: []string{f.id}, Label: label})
	if err != nil || len(sugs) != 1 {
		f.t.Fatalf("suggestions labelled %s: %v %v", label, sugs, err)
	}
	return sugs[0]
}

func sug(r annotations.Range, label, source string) annotations.Suggestion {
	return annotations.Suggestion{Start: r.Start, End: r.End, Label: label, Source: source}
}

// TestReviewSuggestions walks the review keys: n steps to the first
// suggestion, Enter accepts it (a span of the annotator with its
// provenance, one undo step) and steps to the next, x rejects, Alt+arrows
// move an edge before a label key accepts with another label, p steps
// back, and undo makes an accepted suggestion pending again.
func TestReviewSuggestions(t *testing.T) {
	f := newFixture(t, nil)
	pers, org, gpe := rangeOf(t, sample, "جوليان أسانج", 0), rangeOf(t, sample, "ويكيليكس", 1), rangeOf(t, sample, "لندن", 0)
	f.addSuggestions(sug(gpe, "GPE", "places.tsv"), sug(pers, "PERS", "names.tsv"), sug(org, "ORG", "names.tsv"))
	if n := len(f.s.Suggestions()); n != 3 {
		t.Fatalf("%d pending suggestions, want 3", n)
	}
	if f.s.InReview() {
		t.Fatal("a suggestion is under review before n")
	}
	f.s.NextSuggestion(true)
	cur, r := f.s.CurrentSuggestion()
	if cur == nil || cur.Label != "PERS" || r != pers || f.s.Selection() != pers {
		t.Fatalf("n: current %+v %v, selection %v; want the PERS suggestion", cur, r, f.s.Selection())
	}
	if !strings.Contains(f.lastStatus(), "suggestion 1 of 3: PERS") {
		t.Errorf("status %q", f.lastStatus())
	}
	f.s.AcceptSuggestion() // Enter
	spans := f.stored()
	if len(spans) != 1 || spans[0].Label != "PERS" || spans[0].Start != pers.Start || spans[0].Annotator != "mona" ||
		spans[0].Attributes[annotations.AttrSuggestionSource] != "names.tsv" || spans[0].Attributes[annotations.AttrSuggestionEdited] != "no" {
		t.Fatalf("after Enter: %+v", spans)
	}
	if n := f.history(); n != 1 {
		t.Errorf("accepting wrote %d undo steps, want 1", n)
	}
	cur, _ = f.s.CurrentSuggestion()
	if cur == nil || cur.Label != "ORG" || len(f.s.Suggestions()) != 2 {
		t.Fatalf("after Enter the next suggestion is %+v (%d pending), want ORG", cur, len(f.s.Suggestions()))
	}
	f.s.RejectSuggestion() // x
	if st := f.suggestion("ORG").Status; st != annotations.SuggestionRejected {
		t.Errorf("ORG suggestion %s after x", st)
	}
	cur, _ = f.s.CurrentSuggestion()
	if cur == nil || cur.Label != "GPE" {
		t.Fatalf("after x the current suggestion is %+v, want GPE", cur)
	}
	// Alt+Shift+← in this right-to-left article: the end edge a word on.
	if !f.s.MoveSuggestionEdgeVisual(false, false, false) {
		t.Fatal("Alt+Shift+← did not act on the suggestion")
	}
	_, edited := f.s.CurrentSuggestion()
	want := annotations.Range{Start: gpe.Start, End: rangeOf(t, sample, "لندن أن", 0).End}
	if edited != want {
		t.Fatalf("edited range %v, want %v", edited, want)
	}
	if len(f.stored()) != 1 {
		t.Fatal("moving a suggestion's edge wrote a span")
	}
	f.s.AcceptSuggestionAs("LOC") // the LOC key
	spans = f.stored()
	if len(spans) != 2 || spans[1].Label != "LOC" || spans[1].End != want.End || spans[1].Attributes[annotations.AttrSuggestionEdited] != "yes" {
		t.Fatalf("accept as LOC: %+v", spans)
	}
	if len(f.s.Suggestions()) != 0 || f.s.InReview() {
		t.Errorf("%d suggestions pending after reviewing all", len(f.s.Suggestions()))
	}
	// Undo: the LOC span goes and its suggestion is pending again.
	if err := f.s.Undo(); err != nil {
		t.Fatal(err)
	}
	if len(f.stored()) != 1 || len(f.s.Suggestions()) != 1 || f.s.Suggestions()[0].Label != "GPE" {
		t.Errorf("after undo: %d spans, suggestions %+v", len(f.stored()), f.s.Suggestions())
	}
	// A selection elsewhere leaves review; p steps back to one.
	f.s.UserSelected(rangeOf(t, sample, "الرسائل", 1), false)
	if f.s.InReview() {
		t.Error("a selection elsewhere kept the suggestion under review")
	}
	f.s.NextSuggestion(false)
	if cur, _ := f.s.CurrentSuggestion(); cur == nil || cur.Label != "GPE" {
		t.Errorf("p: %+v", cur)
	}
}

// TestBulkReviewSuggestions: the count is known before acting, and
// accepting all in this article, or rejecting everywhere one source's, is
// one undo step.
func TestBulkReviewSuggestions(t *testing.T) {
	f := newFixture(t, nil)
	f.addSuggestions(
		sug(rangeOf(t, sample, "جوليان أسانج", 0), "PERS", "names.tsv"),
		sug(rangeOf(t, sample, "ويكيليكس", 1), "ORG", "names.tsv"),
		sug(rangeOf(t, sample, "لندن", 0), "GPE", "model@1"))
	n, err := f.s.CountSuggestions(session.SuggestionScope{Source: "names.tsv"})
	if err != nil || n != 2 {
		t.Fatalf("count for names.tsv = %d, %v", n, err)
	}
	f.s.ReviewAll(session.SuggestionScope{Source: "names.tsv"}, true)
	if len(f.stored()) != 2 || len(f.s.Suggestions()) != 1 {
		t.Fatalf("after accepting names.tsv's: %d spans, %d pending", len(f.stored()), len(f.s.Suggestions()))
	}
	if !strings.Contains(f.lastStatus(), "accepted 2 suggestions") {
		t.Errorf("status %q", f.lastStatus())
	}
	if n := f.history(); n != 1 {
		t.Errorf("a bulk accept is %d undo steps, want 1", n)
	}
	f.s.Undo()
	if len(f.stored()) != 0 || len(f.s.Suggestions()) != 3 {
		t.Errorf("after one undo: %d spans, %d pending", len(f.stored()), len(f.s.Suggestions()))
	}
	if n, _ := f.s.CountSuggestions(session.SuggestionScope{Everywhere: true, Label: "GPE"}); n != 1 {
		t.Errorf("everywhere GPE: %d", n)
	}
	f.s.ReviewAll(session.SuggestionScope{Everywhere: true}, false)
	if len(f.s.Suggestions()) != 0 || len(f.stored()) != 0 {
		t.Errorf("reject everywhere left %d pending", len(f.s.Suggestions()))
	}
}

// TestYourLabelsBlindAndTaught: "your labels" in blind mode learns from
// the annotator's own layer (and gold) only; rejecting its suggestion
// teaches it not to suggest that text with that label again here.
func TestYourLabelsBlindAndTaught(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	second := rangeOf(t, sample, "ويكيليكس", 1)
	if _, err := f.db.AddSpan(ctx, annotations.Span{ArticleID: f.id, Label: "ORG", Start: second.Start, End: second.End, Annotator: "sara"}); err != nil {
		t.Fatal(err)
	}
	f.s.SetBlind(true)
	f.s.RunSuggestions(session.Sources{YourLabels: true})
	if n := len(f.s.Suggestions()); n != 0 || !strings.Contains(f.lastStatus(), "0 suggestions found") {
		t.Fatalf("blind: %d suggestions from sara's layer (%s)", n, f.lastStatus())
	}
	f.s.SetBlind(false)
	f.s.RunSuggestions(session.Sources{YourLabels: true})
	sugs := f.s.Suggestions()
	first := rangeOf(t, sample, "وويكيليكس", 0) // the whole word, its clitic و with it
	if len(sugs) != 1 || sugs[0].Start != first.Start || sugs[0].Label != "ORG" || sugs[0].Source != "your labels" {
		t.Fatalf("not blind: %+v, want ORG at %v", sugs, first)
	}
	f.s.NextSuggestion(true)
	f.s.RejectSuggestion()
	f.s.RunSuggestions(session.Sources{YourLabels: true})
	if n := len(f.s.Suggestions()); n != 0 || !strings.Contains(f.lastStatus(), "0 suggestions found") {
		t.Errorf("after the rejection: %d pending, %s", n, f.lastStatus())
	}
}

// TestRunPatternsStopsOnBadGazetteer: a malformed gazetteer stops the run
// with its file and line, and nothing is stored, the patterns' finds
// neither.
func TestRunPatternsStopsOnBadGazetteer(t *testing.T) {
	f := newFixture(t, nil)
	bad := t.TempDir() + "/bad.tsv"
	if err := writeFile(bad, "لندن\tGPE\nلندن\n"); err != nil {
		t.Fatal(err)
	}
	f.s.RunSuggestions(session.Sources{Patterns: true, Gazetteers: []string{bad}})
	if !strings.Contains(f.lastStatus(), "bad.tsv:2") || len(f.s.Suggestions()) != 0 {
		t.Errorf("status %q, %d suggestions", f.lastStatus(), len(f.s.Suggestions()))
	}
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o644) }

// TestReservedHotkeys: the scheme refuses review and curation keys as
// label hotkeys, saying why; other keys stay free.
func TestReservedHotkeys(t *testing.T) {
	scheme := annotations.DefaultScheme()
	for _, k := range []string{"n", "p", "x", "a", "N", "A"} {
		err := session.ValidateLabel(scheme, "", annotations.Label{Name: "NEW", Kind: annotations.KindEntity, Color: "#112233", Hotkey: k})
		if err == nil || !strings.Contains(err.Error(), "reserved for review") {
			t.Errorf("hotkey %q: %v", k, err)
		}
	}
	if err := session.ValidateLabel(scheme, "", annotations.Label{Name: "NEW", Kind: annotations.KindEntity, Color: "#112233", Hotkey: "z"}); err != nil {
		t.Errorf("hotkey z: %v", err)
	}
	f := newFixture(t, nil)
	if err := f.s.SaveLabel("", annotations.Label{Name: "NEW", Kind: annotations.KindEntity, Color: "#112233", Hotkey: "n"}); err == nil {
		t.Error("SaveLabel took n as a hotkey")
	}
}

// TestBackendGarbageChangesNothing: a model backend answering garbage is
// reported (with its URL), and nothing is stored.
func TestBackendGarbageChangesNothing(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>not predictions</html>"))
	}))
	defer srv.Close()
	f := newFixture(t, nil)
	f.s.RunSuggestions(session.Sources{Patterns: true, Backend: srv.URL})
	if st := f.lastStatus(); !strings.Contains(st, "nothing was stored") || !strings.Contains(st, "127.0.0.1") {
		t.Errorf("status %q", st)
	}
	if n := len(f.s.Suggestions()); n != 0 {
		t.Errorf("%d suggestions stored", n)
	}
}
