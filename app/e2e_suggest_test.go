package app

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestE2ESuggestions drives the review keys in a real window: the built-in
// patterns run on the seed article from the command line, n steps to the
// first suggestion, Enter accepts, x rejects, and the export holds exactly
// the accepted spans (and no suggestion).
func TestE2ESuggestions(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no DISPLAY: run under xvfb-run (make test does)")
	}
	dir := t.TempDir()
	e := startApp(t, dir, seedPath)
	e.acceptName(dir, "suggest-name")
	if out := e.run(e.bin, "suggest", "--db", e.db, "--patterns"); !strings.Contains(out, "16 new") {
		t.Fatalf("hamesh suggest --patterns: %s", out)
	}
	e.key("ctrl+l", "Down", "Return")
	for deadline := time.Now().Add(10 * time.Second); !strings.HasPrefix(e.windowName(), "Hamesh — دونالد ترامب الابن"); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			e.screenshot("suggest-open")
			t.Fatalf("window title after opening %q", e.windowName())
		}
	}
	time.Sleep(time.Second)
	e.key("ctrl+j", "n", "Return") // accept 14 نوفمبر 2017
	e.waitSpans("accept", func(s []exportedSpan) bool { return len(s) == 1 })
	e.key("x") // reject الثاني
	time.Sleep(time.Second)
	e.key("Return") // accept عام 2016
	e.waitSpans("accept after reject", func(s []exportedSpan) bool { return len(s) == 2 })
	e.key("BackSpace") // reject أربعة
	time.Sleep(time.Second)
	e.key("Return") // accept هذا العام
	spans := e.waitSpans("third accept", func(s []exportedSpan) bool { return len(s) == 3 })
	var got []string
	for _, s := range spans {
		got = append(got, s.Label+" "+s.Text)
	}
	want := []string{"DATE 14 نوفمبر 2017", "DATE عام 2016", "DATE هذا العام"}
	if !slices.Equal(got, want) {
		e.screenshot("suggest-export")
		t.Fatalf("exported spans %q, want exactly the accepted %q", got, want)
	}
	if out := e.run(e.bin, "export", "--db", e.db, "-o", "-"); strings.Contains(out, "suggestions") {
		t.Errorf("the export holds suggestions:\n%.300s", out)
	}
	stats := e.run(e.bin, "suggestions", "--db", e.db, "--stats")
	for _, want := range []string{"patterns:DATE      6        3", "patterns:ORDINAL   2        0         0       1", "patterns:CARDINAL  2        0         0       1"} {
		if !strings.Contains(stats, want) {
			t.Errorf("stats lack %q:\n%s", want, stats)
		}
	}
	if p := os.Getenv("HAMESH_E2E_SUGGEST_SHOT"); p != "" {
		e.run("import", "-window", "root", p)
	}
}
