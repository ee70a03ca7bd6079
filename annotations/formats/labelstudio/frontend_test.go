package labelstudio

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

// The frontend tests run only when asked for, with -lsf naming a Label
// Studio frontend build (the @heartexlabs/label-studio npm package's folder,
// its build/, or a folder holding its main.js and main.css;
// scripts/check-labelstudio.sh fetches it with npm) and Chromium on the PATH (or -chromium):
//
//	go test ./annotations/formats/labelstudio -run 'TestFrontend|TestCurrentFrontendLayout' -lsf DIR
//
// With -update, TestFrontend records what the frontend serialised in
// testdata/frontend/, which the default tests import.
var (
	lsfDir   = flag.String("lsf", "", "directory of a Label Studio frontend build (main.js, main.css): run the frontend tests in Chromium")
	chromium = flag.String("chromium", "chromium", "the Chromium binary the frontend tests run")
)

// frontendFixture is the recording of the 1.4.0 frontend's output.
const frontendFixture = "frontend/lsf-1.4.0.json"

// frontendOut is what testdata/frontend/harness.js reports.
type frontendOut struct {
	Errors         []string       `json:"errors"`
	ContainerClass string         `json:"containerClass"`
	Lines          []frontendLine `json:"lines"`
	Hotkeys        [][2]string    `json:"hotkeys"`
	Loaded         []struct {
		ID     string   `json:"id"`
		Start  int      `json:"start"`
		End    int      `json:"end"`
		Text   string   `json:"text"`
		Labels []string `json:"labels"`
	} `json:"loaded"`
	Shown []struct {
		Labels  []string `json:"labels"`
		Text    string   `json:"text"`
		Headers []string `json:"headers"`
	} `json:"shown"`
	Result []json.RawMessage `json:"result"`
}

// frontendLine is one line of the text as lines.js measures it: where its
// first character sits from the container's left and right edges.
type frontendLine struct {
	Text  string `json:"text"`
	Left  int    `json:"left"`
	Right int    `json:"right"`
}

// checkLines checks each line starts on the side its direction says (the
// direction of its first strong character): a right-to-left line at the
// right edge, a left-to-right one at the left edge (within the frontend's
// 8 px line padding).
func checkLines(t *testing.T, what string, lines []frontendLine) {
	t.Helper()
	if len(lines) < 3 {
		t.Fatalf("%s: measured %d lines", what, len(lines))
	}
	for _, l := range lines {
		rtl := firstStrongRTL(l.Text)
		if (rtl && l.Right > 2) || (!rtl && l.Left > 10) {
			t.Errorf("%s: line %q starts %d px from the left edge and %d px from the right; want it %s",
				what, l.Text, l.Left, l.Right, map[bool]string{true: "right to left, from the right edge", false: "left to right, from the left edge"}[rtl])
		}
	}
}

// runPage loads page in headless Chromium and returns what harness.js wrote.
func runPage(t *testing.T, page string) []byte {
	t.Helper()
	cmd := exec.Command(*chromium, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
		"--virtual-time-budget=20000", "--window-size=1200,900", "--dump-dom", "file://"+page)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(2 * time.Minute):
			cmd.Process.Kill()
		}
	}()
	dom, err := cmd.Output()
	close(done)
	if err != nil {
		t.Fatalf("%s: %v\n%s", *chromium, err, stderr.String())
	}
	m := regexp.MustCompile(`<pre id="hamesh-out">([^<]*)</pre>`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the page wrote no result; its DOM:\n%.2000s", dom)
	}
	out, err := base64.StdEncoding.DecodeString(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// utf16Index returns the UTF-16 offset of code point cp in s (the DOM counts
// UTF-16 units).
func utf16Index(s string, cp int) int {
	n := 0
	for i, r := range []rune(s) {
		if i == cp {
			break
		}
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// newRegions are the regions TestFrontend makes in each fixture task, as a
// user would: each crosses a line break.
var newRegions = [][]struct{ label, text string }{
	{{"EVENT", "الرئاسية.\nوفي"}},
	{{"EVENT", "2016.\nReuters"}},
}

// TestFrontend loads each exported task, with the exported config, in the
// Label Studio frontend and checks what its users meet: every loaded region
// where Hamesh put it; Arabic lines right to left and right-aligned, English
// ones left to right and left-aligned; the claim controls shown only for a
// claim, the note for every region; a hotkey for every label, none of them
// one the frontend reserves. It then makes a region across a line break as
// a user does and imports what the frontend serialises: every region comes
// back, those whose text the frontend wrote without their line breaks
// re-anchored and counted.
func TestFrontend(t *testing.T) {
	if *lsfDir == "" {
		t.Skip("no -lsf: the Label Studio frontend test runs only when asked for")
	}
	if _, err := exec.LookPath(*chromium); err != nil {
		t.Fatalf("-lsf given but no Chromium: %v", err)
	}
	docs := fixture.Documents()
	cfg := Config(fixture.Scheme(), docs)
	harness, err := os.ReadFile("testdata/frontend/harness.js")
	if err != nil {
		t.Fatal(err)
	}
	var tasks []map[string]any
	if err := json.Unmarshal(export(t), &tasks); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []string{"main.js", "main.css"} {
		var b []byte
		var err error
		// the package's build/, or the folder holding the two files
		for _, sub := range []string{"", "static/js", "static/css", "build/static/js", "build/static/css"} {
			if b, err = os.ReadFile(filepath.Join(*lsfDir, sub, f)); err == nil {
				break
			}
		}
		if err != nil {
			t.Fatalf("-lsf %s: no %s in it or its static/js, static/css: %v", *lsfDir, f, err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "harness.js"), harness, 0o644)
	os.WriteFile(filepath.Join(dir, "lines.js"), []byte(linesJS(t)), 0o644)
	wantKeys := Hotkeys(configLabels(fixture.Scheme(), seenOf(docs)))
	var saved []map[string]any // the tasks as Label Studio would export them
	for i, task := range tasks {
		text := docs[i].Article.Text
		var regions []map[string]any
		for _, r := range newRegions[i] {
			at := strings.Index(text, r.text)
			cp := len([]rune(text[:at]))
			regions = append(regions, map[string]any{"label": r.label,
				"start": utf16Index(text, cp), "end": utf16Index(text, cp+len([]rune(r.text)))})
		}
		opts, _ := json.Marshal(map[string]any{"config": cfg, "task": task, "regions": regions})
		page := filepath.Join(dir, fmt.Sprintf("task%d.html", i+1))
		html := `<!doctype html><html><head><meta charset="utf-8"><link href="main.css" rel="stylesheet">` +
			`<script src="main.js"></script><script src="lines.js"></script><script src="harness.js"></script></head>` +
			`<body style="width:900px"><div id="label-studio"></div><script>hameshRun(` + string(opts) + `);</script></body></html>`
		os.WriteFile(page, []byte(html), 0o644)
		var out frontendOut
		raw := runPage(t, page)
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("task %d: %v\n%s", i+1, err, raw)
		}
		if len(out.Errors) > 0 {
			t.Fatalf("task %d: the frontend failed: %q", i+1, out.Errors)
		}
		t.Logf("task %d: text container %q", i+1, out.ContainerClass)

		// Loaded regions sit where Hamesh put them.
		byID := map[string]annotations.Span{}
		for _, s := range docs[i].Spans {
			byID[s.ID] = s
		}
		if len(out.Loaded) != len(docs[i].Spans) {
			t.Errorf("task %d: the frontend loaded %d regions, want %d", i+1, len(out.Loaded), len(docs[i].Spans))
		}
		for _, r := range out.Loaded {
			id, _, _ := strings.Cut(r.ID, "#") // the frontend appends "#<annotation>"
			s := byID[id]
			if r.Start != s.Start || r.End != s.End || r.Labels[0] != s.Label {
				t.Errorf("task %d: region %s loaded at [%d,%d) %v, want [%d,%d) %s", i+1, id, r.Start, r.End, r.Labels, s.Start, s.End, s.Label)
			}
		}
		// Lines: each in its own direction, on its own side.
		checkLines(t, fmt.Sprintf("task %d", i+1), out.Lines)
		// Controls: the claim's only for claims, the note for all.
		for _, s := range out.Shown {
			shown := strings.Join(s.Headers, " ")
			claim := s.Labels[0] == "CLAIM"
			for _, h := range []string{"check_worthy", "verdict", "stance", "normalized_claim", "claim_date"} {
				if strings.Contains(shown, h) != claim {
					t.Errorf("task %d: %s region %q selected: shows %q", i+1, s.Labels[0], s.Text, s.Headers)
					break
				}
			}
			if !strings.Contains(shown, "note") {
				t.Errorf("task %d: %s region %q selected: no note in %q", i+1, s.Labels[0], s.Text, s.Headers)
			}
		}
		// Hotkeys: all ours, none reserved.
		for j, hk := range out.Hotkeys {
			if hk[1] == "" || ReservedKeys[hk[1]] || j >= len(wantKeys) || hk[1] != wantKeys[j] {
				t.Errorf("task %d: label %s has hotkey %q in the frontend", i+1, hk[0], hk[1])
			}
		}
		saved = append(saved, map[string]any{"id": task["id"], "data": task["data"],
			"annotations": []any{map[string]any{"result": out.Result}}})
	}
	b, _ := json.MarshalIndent(saved, "", " ")
	b = append(b, '\n')
	if *fixture.Update {
		os.WriteFile(filepath.Join("testdata", frontendFixture), b, 0o644)
	}
	checkFrontendImport(t, b)
}

// seenOf returns what encoding docs records for the config.
func seenOf(docs []annotations.Document) seen {
	e := NewEncoder(&bytes.Buffer{})
	for i := range docs {
		_, _ = e.task(&docs[i])
	}
	return e.seen
}

// linesJS returns testdata/frontend/lines.js.
func linesJS(t *testing.T) string {
	b, err := os.ReadFile("testdata/frontend/lines.js")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstStrongRTL reports whether s's first strong character is right to
// left (Arabic or Hebrew letters).
func firstStrongRTL(s string) bool {
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Arabic, unicode.Hebrew) && unicode.IsLetter(r):
			return true
		case unicode.IsLetter(r):
			return false
		}
	}
	return false
}

// TestImportFrontendOutput imports the tasks as the Label Studio frontend
// (1.4.0, in Chromium, TestFrontend) serialised them: the fixture's regions,
// loaded and saved back (the frontend writes a region's text without the
// line breaks it crosses, "hecontacted" for "he\ncontacted"), and one new
// region per task made across a line break.
func TestImportFrontendOutput(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", frontendFixture))
	if err != nil {
		t.Fatal(err)
	}
	checkFrontendImport(t, b)
}

func checkFrontendImport(t *testing.T, saved []byte) {
	t.Helper()
	res, err := Import(bytes.NewReader(saved), "saved.json", fixture.Scheme())
	if err != nil {
		t.Fatalf("the frontend's output is refused: %v", err)
	}
	docs := fixture.Documents()
	reanchored := 0
	for i, d := range docs {
		want := map[string]bool{}
		for _, s := range d.Spans {
			want[fmt.Sprintf("%s[%d,%d)", s.Label, s.Start, s.End)] = true
		}
		got := res.Documents[i]
		for _, s := range got.Spans {
			key := fmt.Sprintf("%s[%d,%d)", s.Label, s.Start, s.End)
			text := string([]rune(got.Article.Text)[s.Start:s.End])
			if strings.Contains(text, "\n") {
				reanchored++
			}
			if want[key] {
				delete(want, key)
				continue
			}
			if s.Label != "EVENT" || text != newRegions[i][0].text {
				t.Errorf("document %d: unexpected span %s %q", i+1, key, text)
			}
		}
		if len(want) > 0 {
			t.Errorf("document %d: spans lost: %v", i+1, want)
		}
		if got.Article.Status != d.Article.Status {
			t.Errorf("document %d: status %q, want %q", i+1, got.Article.Status, d.Article.Status)
		}
	}
	var warned bool
	for _, w := range res.Warnings {
		if strings.HasPrefix(w, fmt.Sprintf("re-anchored %d region", reanchored)) {
			warned = true
		}
	}
	if reanchored == 0 || !warned {
		t.Errorf("%d spans cross a line break; warnings %q, want one counting the re-anchored regions", reanchored, res.Warnings)
	}
}

// currentLineCSS is the Text tag's CSS in the current Label Studio frontend
// (HumanSignal/label-studio, web/libs/editor/src/tags/object/RichText/
// RichText.prefix.css, Apache License 2.0): the container and the line
// spans it puts each line of the text in.
const currentLineCSS = `.lsf-richtext__container { overflow: unset; font-size: 16px; line-height: 20px; }
.lsf-richtext__line { position: relative; display: inline-block; min-height: 1.2em; padding-left: 8px; cursor: auto; }`

// TestCurrentFrontendLayout lays out the markup the current frontend's
// RichText view renders for a Text tag (view.jsx, Apache License 2.0: each
// line of the text HTML-escaped in a span of class lsf-richtext__line, the
// lines joined by <br/>, in a div of classes lsf-richtext__container and
// lsf-htx-richtext) with its CSS and the config's Style, in Chromium, and
// checks each line reads in its own direction from its own side.
func TestCurrentFrontendLayout(t *testing.T) {
	if *lsfDir == "" {
		t.Skip("no -lsf: the frontend tests run only when asked for")
	}
	var lines []string
	for _, l := range strings.Split(fixture.ArabicText+"\n"+fixture.EnglishText, "\n") {
		l = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(l)
		lines = append(lines, `<span class="lsf-richtext__line">`+l+`</span>`)
	}
	page := filepath.Join(t.TempDir(), "current.html")
	html := `<!doctype html><html><head><meta charset="utf-8"><style>` + currentLineCSS + `</style><style>` + Style + `</style></head>` +
		`<body style="width:600px"><div class="lsf-richtext"><div class="lsf-richtext__container lsf-richtext__container_canResizeSpans lsf-htx-richtext" data-linenumbers="disabled">` +
		strings.Join(lines, "<br/>") + `</div></div><script>` + linesJS(t) + measureJS + `</script></body></html>`
	os.WriteFile(page, []byte(html), 0o644)
	var out frontendOut
	if err := json.Unmarshal(runPage(t, page), &out); err != nil {
		t.Fatal(err)
	}
	checkLines(t, "current frontend markup", out.Lines)
}

// measureJS reports what lines.js measures, as harness.js does.
const measureJS = `
var lines = hameshLines(document.querySelector('.lsf-richtext__container'));
var pre = document.createElement('pre'); pre.id = 'hamesh-out';
pre.textContent = btoa(unescape(encodeURIComponent(JSON.stringify({errors: [], lines: lines}))));
document.body.appendChild(pre);
`
