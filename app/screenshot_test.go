package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/annotations/formats/jsonl"
)

// TestE2EScreenshot makes the README's screenshot of the workspace: the
// Arabic sample with its people, organisations, places and dates tagged and
// a claim selected with its claimant and verdict, drawn by the real app in
// a real window. It runs only when HAMESH_SCREENSHOT names the PNG to write:
//
//	HAMESH_SCREENSHOT=$PWD/docs/workspace.png xvfb-run -a -s "-screen 0 1400x900x24" go test ./app -run E2EScreenshot
func TestE2EScreenshot(t *testing.T) {
	shot := os.Getenv("HAMESH_SCREENSHOT")
	if shot == "" || os.Getenv("DISPLAY") == "" {
		t.Skip("set HAMESH_SCREENSHOT=file.png and run under xvfb-run")
	}
	dir := t.TempDir()
	in, err := formats.Read(context.Background(), seedPath, "auto", nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := in.Documents[0]
	text := doc.Article.Text
	add := func(label, phrase string, n int) *annotations.Span {
		m := annotations.Find(text, phrase)
		if n >= len(m) {
			t.Fatalf("%q: only %d occurrences", phrase, len(m))
		}
		kind := annotations.KindEntity
		if label == "CLAIM" {
			kind = annotations.KindClaim
		}
		doc.Spans = append(doc.Spans, annotations.Span{ID: fmt.Sprintf("%s-%s-%d", label, phrase, n), Kind: kind, Label: label, Start: m[n].Start, End: m[n].End, Annotator: "hamesh"})
		return &doc.Spans[len(doc.Spans)-1]
	}
	add("PERS", "دونالد ترامب الابن", 0)
	add("PERS", "دونالد ترامب", 1)
	add("PERS", "دونالد ترامب جونيور", 0)
	add("PERS", "ترامب جونيور", 1)
	add("PERS", "هيلاري كلينتون", 0)
	for i := range annotations.Find(text, "ويكيليكس")[:3] {
		add("ORG", "ويكيليكس", i)
	}
	add("ORG", "نيويورك تايمز", 0)
	add("ORG", "الكونغرس", 0)
	add("GPE", "بروسيا", 0)
	add("DATE", "14 نوفمبر 2017", 0)
	add("DATE", "عام 2016", 0)
	add("OCC", "الرئيس", 0)
	// The claim: the second paragraph's report, up to its first comma.
	start := strings.Index(text, "ونقلت صحيفة")
	end := strings.Index(text, "قبل الانتخابات الأميركية") + len("قبل الانتخابات الأميركية")
	claimR := annotations.Range{Start: len([]rune(text[:start])), End: len([]rune(text[:end]))}
	doc.Spans = append(doc.Spans, annotations.Span{ID: "claim-1", Kind: annotations.KindClaim, Label: "CLAIM", Start: claimR.Start, End: claimR.End,
		Attributes: map[string]string{"check_worthy": "yes", "verdict": "true", "stance": "agree",
			"normalized_claim": "Trump Jr. exchanged messages with WikiLeaks before the 2016 election"},
		Note: "Confirmed by the messages Trump Jr. later published.", Annotator: "hamesh"})
	doc.Relations = append(doc.Relations, annotations.Relation{ID: "rel-1", Type: annotations.RelClaimant, From: "claim-1", To: "ORG-نيويورك تايمز-0"})
	doc.Article.Status = annotations.StatusInProgress
	doc.Article.Note = "Tagged for the README screenshot."
	src := filepath.Join(dir, "seed.jsonl")
	f, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := jsonl.NewEncoder(f).Encode(&doc); err != nil {
		t.Fatal(err)
	}
	f.Close()

	e := startApp(t, dir, src, "../assets/samples/hamesh-sample-en.txt")
	e.run("xdotool", "windowsize", "--sync", e.win, "1400", "900")
	time.Sleep(time.Second)
	e.key("ctrl+l", "Down", "Return")
	time.Sleep(2 * time.Second)
	// Select the claim with Alt+Down, which walks the spans in text order.
	spans := append([]annotations.Span(nil), doc.Spans...)
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End < spans[j].End
	})
	for _, s := range spans {
		e.key("alt+Down")
		if s.ID == "claim-1" {
			break
		}
	}
	e.key("ctrl+j")
	time.Sleep(2 * time.Second)
	if err := exec.Command("import", "-window", e.win, shot).Run(); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	t.Logf("wrote %s", shot)
}
