package html

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/internal/golden"
)

// articleSummary renders what an import yields, for comparison with a golden file:
// the article's fields, then its text after a separator line.
func articleSummary(d annotations.Document) string {
	a := d.Article
	return fmt.Sprintf("title: %s\nlang: %s\ndirection: %s\nsource: %s\nstatus: %s\n-----\n%s\n",
		a.Title, a.Lang, a.Direction, a.Source, a.Status, a.Text)
}

// readFixture returns testdata/name; a missing fixture fails the test.
func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestReadHTMLGolden reads every page testdata/NAME.html, as gofmt's tests
// read their inputs, and compares the result with the file beside it:
// NAME.golden holds the article read (see articleSummary), NAME.err.golden the
// refusal's message (an EINVALID error). go test -update rewrites them; a
// new page with neither is read and given the one that fits.
func TestReadHTMLGolden(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages under testdata/ (%v)", err)
	}
	for _, path := range pages {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			base := strings.TrimSuffix(path, ".html")
			out, errOut := base+".golden", base+".err.golden"
			_, outErr := os.Stat(out)
			_, errErr := os.Stat(errOut)
			if outErr == nil && errErr == nil {
				t.Fatalf("%s has both %s and %s; keep the one that holds", path, out, errOut)
			}
			d, err := ReadHTML(name, readFixture(t, name), "")
			switch {
			case err != nil && !golden.Updating() && outErr == nil:
				t.Fatalf("ReadHTML refused the page, %s expects an article: %v", out, err)
			case err == nil && !golden.Updating() && errErr == nil:
				t.Fatalf("ReadHTML read the page, %s expects a refusal", errOut)
			case err != nil:
				if c := annotations.ErrorCode(err); c != annotations.EINVALID {
					t.Errorf("code %q, want %q: %v", c, annotations.EINVALID, err)
				}
				os.Remove(out)
				golden.Assert(t, errOut, []byte(err.Error()+"\n"))
			default:
				os.Remove(errOut)
				golden.Assert(t, out, []byte(articleSummary(d)))
			}
		})
	}
}

// arParas and enParas are article bodies long enough to count as articles.
var (
	arParas = []string{
		"قالت وزارة الصحة إن عدد الإصابات بالمرض تراجع خلال الأسبوع الماضي بنسبة كبيرة مقارنة بالأسبوع الذي سبقه، وفق بيان رسمي.",
		"وأضافت الوزارة أن حملة التطعيم ستستمر حتى نهاية الشهر المقبل في جميع المحافظات، مع التركيز على المناطق الريفية والنائية.",
		"وكانت منظمة الصحة العالمية قد حذّرت من موجة جديدة في فصل الشتاء، داعية الحكومات إلى الاستعداد المبكر وتوفير اللقاحات.",
	}
	enParas = []string{
		"The health ministry said the number of new infections fell sharply last week compared with the week before, according to an official statement.",
		"It added that the vaccination campaign would continue until the end of next month in every province, with a focus on rural and remote areas.",
		"The World Health Organization had warned of a new wave in winter, urging governments to prepare early and secure enough vaccine doses.",
	}
)

// page builds a small article page: htmlAttrs go on <html>, head is extra
// <head> content, and each paragraph becomes a <p> of the article.
func page(htmlAttrs, head, title string, paras ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html %s>\n<head>%s<title>%s</title></head>\n<body>\n", htmlAttrs, head, title)
	b.WriteString("<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\n<article>\n")
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString("</article>\n<footer>Copyright 2025</footer>\n</body>\n</html>\n")
	return []byte(b.String())
}

func mustRead(t *testing.T, name string, data []byte) annotations.Article {
	t.Helper()
	d, err := ReadHTML(name, data, "")
	if err != nil {
		t.Fatalf("ReadHTML(%s): %v", name, err)
	}
	return d.Article
}

// TestReadHTMLArabicClean checks the Arabic news page's text is the
// article alone, in the promised form, and untouched in its letters.
func TestReadHTMLArabicClean(t *testing.T) {
	data := readFixture(t, "news-ar.html")
	d, err := ReadHTML("news-ar.html", data, "https://www.alaraby.example/politics/2017/11/14/trump-jr")
	if err != nil {
		t.Fatal(err)
	}
	a := d.Article
	if a.Source != "https://www.alaraby.example/politics/2017/11/14/trump-jr" {
		t.Errorf("Source = %q, want the base URL", a.Source)
	}
	if a.Status != annotations.StatusTodo || a.Lang != "ar" || a.Direction != annotations.RTL {
		t.Errorf("status, lang, direction = %q, %q, %q; want todo, ar, rtl", a.Status, a.Lang, a.Direction)
	}
	if err := a.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if len(d.Spans) != 0 || len(d.Relations) != 0 {
		t.Errorf("an imported page has %d spans and %d relations, want none", len(d.Spans), len(d.Relations))
	}
	for _, noise := range []string{
		"الرئيسية", "عاجل", "إعلان", "googletag", "dataLayer", "ملفات تعريف الارتباط", "الأكثر قراءة",
		"مواضيع ذات صلة", "التعليقات", "أبو أحمد", "اشترك", "جميع الحقوق", "اقرأ أيضاً", "الكلمات الدلالية",
		"ابحث", "تويتر\n", "فيسبوك", "+ الخط", "واشنطن ـ", "<", ">",
	} {
		if strings.Contains(a.Text, noise) {
			t.Errorf("text holds page furniture %q", noise)
		}
	}
	for _, want := range []string{
		// harakat kept exactly (no NFC/NFKC), inline links and <strong> kept inline
		"وفي يوليو/تموز الماضي، ادّعى مؤسس موقع \"ويكيليكس\"، جوليان أسانج، أنه تواصل",
		"ونقلت صحيفة \"نيويورك تايمز\" الأميركية",
		"\nدور \"ويكيليكس\" في الانتخابات\n", // the <h2> is its own paragraph
		"\n(العربي الجديد)",
	} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if !strings.HasPrefix(a.Text, "تواصل نجل الرئيس الأميركي") {
		t.Errorf("text starts %q, want the first paragraph (the title is not repeated)", firstLine(a.Text))
	}
	checkForm(t, a.Text)
	checkForm(t, a.Title)
	if strings.Contains(a.Title, "|") || strings.Contains(a.Title, "العربي الجديد") {
		t.Errorf("title %q keeps the site name", a.Title)
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// checkForm asserts the text form every import promises: valid UTF-8, LF
// only, no empty line, no space at a line's ends, no run of white space.
func checkForm(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("not valid UTF-8: %q", s)
	}
	if strings.ContainsAny(s, "\r\t\u00a0\ufeff") {
		t.Errorf("holds CR, tab, no-break space or BOM: %q", s)
	}
	for i, line := range strings.Split(s, "\n") {
		if line == "" || line != strings.TrimSpace(line) || strings.Contains(line, "  ") {
			t.Errorf("line %d %q is empty, padded or has a run of spaces", i+1, line)
		}
	}
}

func TestReadHTMLEnglishForm(t *testing.T) {
	a := mustRead(t, "news-en.html", readFixture(t, "news-en.html"))
	checkForm(t, a.Text)
	// windows-1252 bytes 0x93 0x94 0x92 0x97 0xA3 0xE9 decoded.
	for _, want := range []string{"\u201cThis is a fair result", "union\u2019s", "at ports \u2014 a move", "\u00a312m", "small caf\u00e9 chains",
		"\nBacklog could take weeks to clear\n", "overtime to eight hours"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, noise := range []string{"Subscribe", "Sign in", "Share on", "Most popular", "harbourwatcher", "All rights reserved", "Read more", "Topics:", "pbjs", "Advertisement"} {
		if strings.Contains(a.Text, noise) {
			t.Errorf("text holds page furniture %q", noise)
		}
	}
	if a.Lang != "en" || a.Direction != annotations.LTR {
		t.Errorf("lang, direction = %q, %q; want en (from en-GB), ltr", a.Lang, a.Direction)
	}
}

func TestReadHTMLLangDirection(t *testing.T) {
	cnnFirst := append([]string{"CNN: " + arParas[0]}, arParas[1:]...)
	tests := []struct {
		name, attrs string
		paras       []string
		lang        string
		dir         annotations.Direction
	}{
		{"declared ar-EG", `lang="ar-EG" dir="rtl"`, arParas, "ar", annotations.RTL},
		{"undeclared Arabic", ``, arParas, "ar", annotations.RTL},
		{"undeclared English", ``, enParas, "en", annotations.LTR},
		{"template claims en/ltr over Arabic", `lang="en" dir="ltr"`, arParas, "ar", annotations.RTL},
		{"template claims ar/rtl over English", `lang="ar" dir="rtl"`, enParas, "en", annotations.LTR},
		{"French declared", `lang="FR"`, enParas, "fr", annotations.LTR},
		{"Persian declared", `lang="fa"`, arParas, "fa", annotations.RTL},
		{"declared rtl wins over a Latin first word", `dir="rtl"`, cnnFirst, "ar", annotations.RTL},
		{"else the first strong character", ``, cnnFirst, "ar", annotations.LTR},
		{"malformed lang ignored", `lang="12"`, enParas, "en", annotations.LTR},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := mustRead(t, "p.html", page(tc.attrs, `<meta charset="utf-8">`, "Headline of the page", tc.paras...))
			if a.Lang != tc.lang || a.Direction != tc.dir {
				t.Errorf("lang, direction = %q, %q; want %q, %q", a.Lang, a.Direction, tc.lang, tc.dir)
			}
			if a.Text != strings.Join(tc.paras, "\n") {
				t.Errorf("text = %q, want the paragraphs joined by LF", a.Text)
			}
		})
	}
}

func TestReadHTMLTitle(t *testing.T) {
	a := mustRead(t, "untitled.html", page("", "", "", enParas...))
	if a.Title != "untitled.html" {
		t.Errorf("title of a page without one = %q, want the file name", a.Title)
	}
	a = mustRead(t, "t.html", page("", "", "  A   headline\r\n  over two lines  ", enParas...))
	if a.Title != "A headline over two lines" {
		t.Errorf("title = %q, want whitespace collapsed", a.Title)
	}
	if a.Source != "t.html" {
		t.Errorf("source = %q, want the file name when no URL is given", a.Source)
	}
}

// TestReadHTMLWhitespace checks the paragraph form on awkward markup: <br>,
// tabs, no-break spaces, CRLF, list items, table cells, <pre>.
func TestReadHTMLWhitespace(t *testing.T) {
	body := enParas[0] + "\r\n<p>Line one<br>line\ttwo&nbsp;&nbsp;and\r\n   three</p>" +
		"<ul><li>first item</li><li> second\n item </li></ul>" +
		"<table><tr><td>cell a</td><td>cell b</td></tr></table>" +
		"<pre>  code\r\n    indented</pre><p>" + enParas[1]
	a := mustRead(t, "ws.html", page("", "", "Whitespace", body, enParas[2]))
	want := strings.Join([]string{enParas[0], "Line one", "line two and three", "first item", "second item",
		"cell a cell b", "code", "indented", enParas[1], enParas[2]}, "\n")
	if a.Text != want {
		t.Errorf("text =\n%q\nwant\n%q", a.Text, want)
	}
	checkForm(t, a.Text)
}

func TestReadHTMLInvisibleControlsKept(t *testing.T) {
	// ZWNJ (U+200C) and RLM (U+200F) are part of the text, not white space.
	p := "ذهبت\u200cإلى السوق\u200f " + arParas[0]
	a := mustRead(t, "zwnj.html", page(`lang="ar"`, "", "عنوان", p, arParas[1], arParas[2]))
	if !strings.HasPrefix(a.Text, p) {
		t.Errorf("text starts %q, want %q kept byte for byte", firstLine(a.Text), p)
	}
}

func TestReadHTMLNoArticle(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty.html", nil, "no article found in empty.html: the page is empty"},
		{"blank.html", []byte(" \r\n\t "), "no article found in blank.html: the page is empty"},
		{"bodyless.html", []byte("<html><head><title>Nothing</title></head><body></body></html>"), "no article found in bodyless.html"},
		{"short.html", page("", "", "Short", "Just one sentence here."), "no article found in short.html: only 33 characters"},
		{"script-only.html", []byte("<html><body><script>" + strings.Repeat("var x = 'long text inside a script';", 50) + "</script></body></html>"), "no article found in script-only.html"},
		{"binary.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "cannot read binary.png: it is not valid UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadHTML(tc.name, tc.data, "")
			if err == nil {
				t.Fatal("no error, want one")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if c := annotations.ErrorCode(err); c != annotations.EINVALID {
				t.Errorf("code %q, want %q", c, annotations.EINVALID)
			}
		})
	}
}

// TestReadHTMLAdBoxes checks that ad boxes go but a wrapper whose class
// merely mentions ads keeps its article.
func TestReadHTMLAdBoxes(t *testing.T) {
	body := strings.Join(enParas, "</p><p>")
	data := []byte(`<html><body><div class="post ad-free"><h1>Headline</h1><p>` + body +
		`</p><div class="ad-inarticle"><span>Advertisement</span></div><div id="div-gpt-ad-1">Sponsored link</div></div></body></html>`)
	a := mustRead(t, "ads.html", data)
	// With no <title> to match, the <h1> stays as the first paragraph.
	if want := "Headline\n" + strings.Join(enParas, "\n"); a.Text != want {
		t.Errorf("text = %q, want the paragraphs without the ad boxes", a.Text)
	}
}
