package brat

import (
	"encoding/json"
	"flag"

	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

// TestBrat runs only with -brat naming server/src of a brat checkout
// (nlplab/brat) and python3 on the PATH:
//
//	go test ./annotations/formats/brat -run TestBrat -brat DIR
var bratSrc = flag.String("brat", "", "server/src of a brat checkout: read the export with brat's own code")

// dialogOK does to an .ann file what brat does when a user opens every span
// that has a note in the span dialog and presses OK. The dialog shows the
// span's note as brat's visualizer.js sets it: for each AnnotatorNotes line
// of the span, in file order, entity.annotatorNotes = its text, so the last
// wins. OK sends that text to _set_comments (brat's server/src/annotator.py,
// MIT licence), which looks through the AnnotatorNotes for the first of the
// span and writes the text over it:
//
//	for com_ann in ann_obj.get_oneline_comments():
//	    if (com_ann.type == 'AnnotatorNotes' and com_ann.target == ann.id):
//	        found = com_ann
//	        break
//	...
//	found.tail = '\t' + comment
func dialogOK(ann string) string {
	lines := strings.Split(ann, "\n")
	note := regexp.MustCompile(`^(#\S*\tAnnotatorNotes (\S+)\t)(.*)$`)
	shown, first := map[string]string{}, map[string]int{}
	for i, l := range lines {
		if m := note.FindStringSubmatch(l); m != nil {
			shown[m[2]] = strings.TrimSpace(m[3])
			if _, ok := first[m[2]]; !ok {
				first[m[2]] = i
			}
		}
	}
	for target, i := range first {
		m := note.FindStringSubmatch(lines[i])
		lines[i] = m[1] + shown[target]
	}
	return strings.Join(lines, "\n")
}

// TestDialogKeepsNotes opens every span of the export in brat's span dialog
// and presses OK (dialogOK; TestBrat runs brat's own code): the claim
// attributes and notes read back are the same as before.
func TestDialogKeepsNotes(t *testing.T) {
	dir, _ := export(t)
	for _, d := range fixture.Documents() {
		path := filepath.Join(dir, Name(d.Article.ID, 0)+".ann")
		b, _ := os.ReadFile(path)
		if n := strings.Count(string(b), "AnnotatorNotes T8\t"); n > 1 {
			t.Errorf("%s: %d AnnotatorNotes lines for T8, want one per annotation", path, n)
		}
		os.WriteFile(path, []byte(dialogOK(string(b))), 0o644)
	}
	res, err := Import(dir, fixture.Scheme())
	if err != nil {
		t.Fatal(err)
	}
	fixture.Compare(t, fixture.Documents(), res.Documents, fixture.Holds{Kinds: true, Attributes: true, Notes: true, Relations: true})
}

// TestVisualConfDirection checks visual.conf says "Text direction:rtl" in
// its [options] when every article is right to left, and ltr (with how to
// set a folder right to left) when some are not.
func TestVisualConfDirection(t *testing.T) {
	option := func(docs []annotations.Document) string {
		dir := t.TempDir()
		if err := Export(dir, docs, fixture.Scheme()); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "visual.conf"))
		_, opts, ok := strings.Cut(string(b), "\n[options]\n")
		if !ok {
			t.Fatalf("visual.conf has no [options]:\n%s", b)
		}
		for _, l := range strings.Split(opts, "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && k == "Text direction" {
				return v
			}
		}
		t.Fatalf("no Text direction in [options]:\n%s", opts)
		return ""
	}
	docs := fixture.Documents()
	if got := option(docs[:1]); got != "rtl" {
		t.Errorf("Arabic only: Text direction:%s, want rtl", got)
	}
	if got := option(docs); got != "ltr" {
		t.Errorf("Arabic and English: Text direction:%s, want ltr", got)
	}
	noDir := docs[:1]
	noDir[0].Article.Direction = "" // detected from the text
	if got := option(noDir); got != "rtl" {
		t.Errorf("Arabic without a direction: Text direction:%s, want rtl", got)
	}
}

// parseShortcuts reads kb_shortcuts.conf as brat's projectconfig.py
// (__parse_kb_shortcuts, MIT licence) does:
//
//	for l in shortcutstr.split("\n"):
//	    l = l.strip()
//	    if l == "" or l[:1] == "#":
//	        continue
//	    key, type = re.split(r'[ \t]+', l)
//	    if key in shortcuts: (warning, first kept)
//	    else: shortcuts[key] = type
func parseShortcuts(t *testing.T, s string) map[string]string {
	out := map[string]string{}
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := regexp.MustCompile(`[ \t]+`).Split(l, -1)
		if len(f) != 2 {
			t.Fatalf("kb_shortcuts.conf line %q: brat wants KEY TYPE", l)
		}
		if _, dup := out[f[0]]; dup {
			t.Errorf("kb_shortcuts.conf: key %s twice", f[0])
			continue
		}
		out[f[0]] = f[1]
	}
	return out
}

// TestKeyboardShortcuts checks kb_shortcuts.conf gives every label of
// annotation.conf a key brat can bind (an upper-case letter or a digit, as
// its keydown handler reads String.fromCharCode of the key code), the
// scheme's own hotkeys kept.
func TestKeyboardShortcuts(t *testing.T) {
	dir, _ := export(t)
	b, err := os.ReadFile(filepath.Join(dir, "kb_shortcuts.conf"))
	if err != nil {
		t.Fatal(err)
	}
	keys := parseShortcuts(t, string(b))
	byType := map[string]string{}
	for k, typ := range keys {
		if !regexp.MustCompile(`^[A-Z0-9]$`).MatchString(k) {
			t.Errorf("key %q for %s: brat binds upper-case letters and digits", k, typ)
		}
		byType[typ] = k
	}
	conf, _ := os.ReadFile(filepath.Join(dir, "annotation.conf"))
	entities := strings.Split(strings.Split(strings.Split(string(conf), "[entities]\n")[1], "\n[")[0], "\n")
	for _, e := range entities {
		if e = strings.TrimSpace(e); e != "" && byType[e] == "" {
			t.Errorf("label %s has no keyboard shortcut", e)
		}
	}
	for _, l := range fixture.Scheme() {
		if l.Hotkey != "" && byType[l.Name] != strings.ToUpper(l.Hotkey) {
			t.Errorf("%s: shortcut %q, want its hotkey %q", l.Name, byType[l.Name], strings.ToUpper(l.Hotkey))
		}
	}
}

// TestArticleMetaRoundTrip exports articles in each status and imports the
// collection back: id, status, title and source come back from
// hamesh-articles.tsv.
func TestArticleMetaRoundTrip(t *testing.T) {
	docs := fixture.Documents()
	docs[0].Article.Status = annotations.StatusInProgress
	docs[1].Article.Status = annotations.StatusDone
	docs = append(docs, annotations.Document{Article: annotations.Article{ID: "todo-1", Title: "tab\tin title", Text: "Nothing yet.", Status: annotations.StatusTodo, Source: "s.txt"}})
	dir := t.TempDir()
	if err := Export(dir, docs, fixture.Scheme()); err != nil {
		t.Fatal(err)
	}
	res, err := Import(dir, fixture.Scheme())
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]annotations.Article{}
	for _, d := range res.Documents {
		byID[d.Article.ID] = d.Article
	}
	for _, d := range docs {
		got, ok := byID[d.Article.ID]
		wantTitle := strings.ReplaceAll(d.Article.Title, "\t", " ")
		if !ok || got.Status != d.Article.Status || got.Title != wantTitle || got.Source != d.Article.Source {
			t.Errorf("article %s: got %+v, want status %q, title %q, source %q", d.Article.ID, got, d.Article.Status, wantTitle, d.Article.Source)
		}
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %q", res.Warnings)
	}
}

// TestArticleMetaInSubfolder moves the Arabic document into a folder of
// its own (as docs/FORMATS.md says to, to make it right to left in brat):
// its status still comes back from hamesh-articles.tsv at the top.
func TestArticleMetaInSubfolder(t *testing.T) {
	dir, _ := export(t)
	name := Name(fixture.Documents()[0].Article.ID, 0)
	os.Mkdir(filepath.Join(dir, "rtl"), 0o755)
	for _, ext := range []string{".txt", ".ann"} {
		if err := os.Rename(filepath.Join(dir, name+ext), filepath.Join(dir, "rtl", name+ext)); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Import(dir, fixture.Scheme())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Documents {
		if d.Article.Status != annotations.StatusDone || !strings.HasPrefix(d.Article.ID, "0193a1b2-") {
			t.Errorf("article %+v: want its id and status done", d.Article)
		}
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %q", res.Warnings)
	}
}

// TestArticleMetaRefusals checks a broken hamesh-articles.tsv is refused
// with its file and line, and an unknown status or document is warned of.
func TestArticleMetaRefusals(t *testing.T) {
	for _, tc := range []struct{ tsv, want string }{
		{"# header\nd\tid\tdone\n", "hamesh-articles.tsv:2: want 5 tab-separated fields"},
		{"d\tid\tdone\tt\ts\nd\tid2\tdone\tt\ts\n", `hamesh-articles.tsv:2: document "d" is listed twice`},
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "d.txt"), []byte("abc"), 0o644)
		os.WriteFile(filepath.Join(dir, MetaFile), []byte(tc.tsv), 0o644)
		if _, err := Import(dir, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.tsv, err, tc.want)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "d.txt"), []byte("abc"), 0o644)
	os.WriteFile(filepath.Join(dir, MetaFile), []byte("d\tid\tfinished\tt\ts\ngone\tx\tdone\tt\ts\n"), 0o644)
	res, err := Import(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Documents[0].Article.Status != annotations.StatusTodo || len(res.Warnings) != 2 ||
		!strings.Contains(res.Warnings[0], `hamesh-articles.tsv:1: ignored the status "finished" of d`) ||
		!strings.Contains(res.Warnings[1], "hamesh-articles.tsv: lines 2 (gone) name no document") {
		t.Errorf("status %q, warnings %q", res.Documents[0].Article.Status, res.Warnings)
	}
}

// bratRead is what testdata/brat/reread.py prints.
type bratRead struct {
	Documents map[string]struct {
		Textbounds [][]any           `json:"textbounds"`
		Attributes [][]any           `json:"attributes"`
		Notes      [][]string        `json:"notes"`
		Dialog     map[string]string `json:"dialog"`
	} `json:"documents"`
	Messages       [][]string        `json:"messages"`
	TextDirection  string            `json:"text_direction"`
	KBShortcuts    map[string]string `json:"kb_shortcuts"`
	EntityTypes    []string          `json:"entity_types"`
	AttributeTypes []string          `json:"attribute_types"`
}

// TestBrat reads the export with brat's own code (testdata/brat/reread.py:
// annotation.py parses every .ann against its .txt, projectconfig.py reads
// the configuration) and presses OK in the span dialog of every span with
// brat's _set_comments; the result, imported back, holds every attribute
// and note. The right-to-left collection (the Arabic article alone) has
// brat's text direction rtl.
func TestBrat(t *testing.T) {
	if *bratSrc == "" {
		t.Skip("no -brat: the test with brat's own code runs only when asked for")
	}
	for _, tc := range []struct {
		name string
		docs []annotations.Document
		dir  string
	}{
		{"both", fixture.Documents(), "ltr"},
		{"arabic", fixture.Documents()[:1], "rtl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, out := t.TempDir(), t.TempDir()
			if err := Export(dir, tc.docs, fixture.Scheme()); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("python3", "testdata/brat/reread.py", *bratSrc, dir, out)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			b, err := cmd.Output()
			if err != nil {
				t.Fatalf("reread.py: %v\n%s", err, stderr.String())
			}
			var got bratRead
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			if len(got.Messages) > 0 {
				t.Errorf("brat's messages: %q", got.Messages)
			}
			if got.TextDirection != tc.dir {
				t.Errorf("brat's text direction %q, want %q", got.TextDirection, tc.dir)
			}
			labels := map[string]bool{}
			for _, d := range tc.docs {
				for _, s := range d.Spans {
					labels[s.Label] = true
				}
			}
			byType := map[string]string{}
			for k, typ := range got.KBShortcuts {
				byType[typ] = k
			}
			for l := range labels {
				if byType[l] == "" {
					t.Errorf("brat has no keyboard shortcut for %s: %v", l, got.KBShortcuts)
				}
			}
			for _, attr := range []string{"check_worthy", "verdict", "stance"} {
				if !contains(got.AttributeTypes, attr) {
					t.Errorf("brat's attribute types %v lack %s", got.AttributeTypes, attr)
				}
			}
			spans := 0
			for name, d := range got.Documents {
				spans += len(d.Textbounds)
				for target, text := range d.Dialog {
					t.Logf("%s %s: the dialog shows %q", name, target, text)
				}
			}
			if want := countSpans(tc.docs); spans != want {
				t.Errorf("brat read %d text-bound annotations, want %d", spans, want)
			}
			// What the dialog's OK left, read back.
			for _, f := range []string{"annotation.conf", MetaFile} {
				b, _ := os.ReadFile(filepath.Join(dir, f))
				os.WriteFile(filepath.Join(out, f), b, 0o644)
			}
			res, err := Import(out, fixture.Scheme())
			if err != nil {
				t.Fatal(err)
			}
			fixture.Compare(t, tc.docs, sortByID(res.Documents, tc.docs), fixture.Holds{Kinds: true, Attributes: true, Notes: true, Relations: true, Article: true})
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func countSpans(docs []annotations.Document) int {
	n := 0
	for _, d := range docs {
		n += len(d.Spans)
	}
	return n
}

// sortByID orders got as want by article id.
func sortByID(got, want []annotations.Document) []annotations.Document {
	pos := map[string]int{}
	for i, d := range want {
		pos[d.Article.ID] = i
	}
	out := append([]annotations.Document(nil), got...)
	sort.SliceStable(out, func(i, j int) bool { return pos[out[i].Article.ID] < pos[out[j].Article.ID] })
	return out
}
