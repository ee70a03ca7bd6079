package html

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
)

// FuzzReadHTML feeds arbitrary bytes to ReadHTML: it must never panic, and
// whatever it accepts must be a valid article in the promised text form.
func FuzzReadHTML(f *testing.F) {
	for _, name := range []string{"news-ar.html", "news-en.html", "index-ar.html", "login-en.html"} {
		f.Add(readFixture(f, name))
	}
	f.Add(page(`lang="ar" dir="rtl"`, `<meta charset="windows-1256">`, "عنوان", arParas...))
	f.Add(page("", `<meta charset="utf-16">`, "t", enParas...))
	f.Add([]byte("\xEF\xBB\xBF<p>" + strings.Repeat("نص ", 100)))
	f.Add([]byte("\xFF\xFE<\x00p\x00>\x00"))
	f.Add([]byte("<table><tr><td><table><tr><td>" + strings.Repeat("<div><p>deep ", 200)))
	f.Add([]byte("<math><annotation encoding=\"application/x-tex\">x^2</annotation></math><pre>\r\n a \r b</pre>"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadHTML("fuzz.html", data, "https://example.test/a")
		if err != nil {
			if annotations.ErrorCode(err) == "" || !strings.Contains(err.Error(), "fuzz.html") {
				t.Fatalf("error %q does not name the page", err)
			}
			return
		}
		a := d.Article
		if err := a.Validate(); err != nil {
			t.Fatalf("accepted an invalid article: %v", err)
		}
		if utf8.RuneCountInString(a.Text) < MinArticleRunes {
			t.Fatalf("accepted %d characters of text", utf8.RuneCountInString(a.Text))
		}
		if strings.Contains(a.Text, "\r") || strings.Contains(a.Text, "\n\n") ||
			strings.HasPrefix(a.Text, "\n") || strings.HasSuffix(a.Text, "\n") {
			t.Fatalf("text not in paragraph form: %q", a.Text)
		}
		for _, line := range strings.Split(a.Text, "\n") {
			if line != strings.TrimSpace(line) || strings.Contains(line, "  ") {
				t.Fatalf("line %q not collapsed", line)
			}
		}
		if a.Title == "" || strings.Contains(a.Title, "\n") {
			t.Fatalf("title %q", a.Title)
		}
	})
}

func BenchmarkReadHTML(b *testing.B) {
	data := readFixture(b, "news-ar.html")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadHTML("news-ar.html", data, ""); err != nil {
			b.Fatal(err)
		}
	}
}
