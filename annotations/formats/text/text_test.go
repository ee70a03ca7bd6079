package text

import (
	"os"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

func TestReadSeed(t *testing.T) {
	data, err := os.ReadFile("../../../assets/samples/alaraby-2017-11-14-trump-jr-wikileaks.txt")
	if err != nil {
		t.Fatal(err)
	}
	d, err := ReadText("samples/alaraby-2017-11-14-trump-jr-wikileaks.txt", data, "txt")
	if err != nil {
		t.Fatal(err)
	}
	a := d.Article
	if a.Title != `دونالد ترامب الابن تواصل مع "ويكيليكس" خلال حملة الانتخابات الرئاسية` {
		t.Errorf("title %q", a.Title)
	}
	if a.Lang != "ar" || a.Direction != annotations.RTL || a.Status != annotations.StatusTodo {
		t.Errorf("lang %q dir %q status %q", a.Lang, a.Direction, a.Status)
	}
	if a.Source != "alaraby-2017-11-14-trump-jr-wikileaks.txt" {
		t.Errorf("source %q", a.Source)
	}
	if a.Text != string(data) {
		t.Error("an LF-only UTF-8 text without BOM must be kept byte for byte")
	}
	if len(d.Spans) != 0 || a.ID != "" {
		t.Error("a text import has no spans and no id yet")
	}
}

func TestReadTextCases(t *testing.T) {
	cases := []struct {
		name, file, format, data string
		text, title, lang        string
		dir                      annotations.Direction
	}{
		{"BOM and CRLF", "a.txt", "txt", "\ufeffعنوان\r\nسطر\rآخر\r\n", "عنوان\nسطر\nآخر\n", "عنوان", "ar", annotations.RTL},
		{"English", "b.txt", "txt", "\n\n  Title here  \nBody text with روسيا.", "\n\n  Title here  \nBody text with روسيا.", "Title here", "en", annotations.LTR},
		{"Arabic majority, Latin first", "c.txt", "txt", "CNN: قالت الشبكة إن الرئيس وصل", "CNN: قالت الشبكة إن الرئيس وصل", "CNN: قالت الشبكة إن الرئيس وصل", "ar", annotations.LTR},
		{"RLM first", "d.txt", "txt", "\u200f2017 عام", "\u200f2017 عام", "2017 عام", "ar", annotations.RTL},
		{"Markdown heading", "e.md", "md", "# ترامب الابن #\n\n**نص** المقال", "# ترامب الابن #\n\n**نص** المقال", "ترامب الابن", "ar", annotations.RTL},
		{"Markdown hashtag title kept", "f.md", "md", "## News #1\nbody", "## News #1\nbody", "News #1", "en", annotations.LTR},
		{"No letters", "nums.txt", "txt", "  \n 2017 - 2018\n", "  \n 2017 - 2018\n", "2017 - 2018", "", annotations.LTR},
		{"Empty headings skipped", "dir/only-marks.md", "md", "###\n\n---", "###\n\n---", "---", "", annotations.LTR},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := ReadText(c.file, []byte(c.data), c.format)
			if err != nil {
				t.Fatal(err)
			}
			a := d.Article
			if a.Text != c.text || a.Title != c.title || a.Lang != c.lang || a.Direction != c.dir {
				t.Errorf("got text %q title %q lang %q dir %q\nwant text %q title %q lang %q dir %q",
					a.Text, a.Title, a.Lang, a.Direction, c.text, c.title, c.lang, c.dir)
			}
		})
	}
}

func TestTitleFallbackAndCut(t *testing.T) {
	// Markdown of only heading marks: no title line, so the file name.
	d, err := ReadText(`C:\news\تقرير.md`, []byte("#\n\n   \n###"), "md")
	if err != nil {
		t.Fatal(err)
	}
	if d.Article.Title != "تقرير" || d.Article.Text != "#\n\n   \n###" {
		t.Errorf("title %q text %q, want the file name and the text as is", d.Article.Title, d.Article.Text)
	}
	long := strings.Repeat("كلمة ", 60)
	if got := Title(long, "txt"); !strings.HasSuffix(got, "…") || len([]rune(got)) > maxTitle+1 || strings.Contains(got, "كلم…") {
		t.Errorf("long title cut badly: %q", got)
	}
	if got := Title("\n\n", "txt"); got != "" {
		t.Errorf("Title of blank text = %q", got)
	}
	d, err = ReadText(`C:\news\تقرير.md`, []byte("#\n\n---"), "md")
	if err != nil {
		t.Fatal(err)
	}
	if d.Article.Source != "تقرير.md" || d.Article.Title != "---" {
		t.Errorf("source %q title %q", d.Article.Source, d.Article.Title)
	}
}

func TestReadTextRefuses(t *testing.T) {
	cases := []struct {
		name, data, format, want string
	}{
		{"Latin-1", "caf\xe9 au lait", "txt", "news.txt: not valid UTF-8: bad byte 0xe9 at byte offset 3"},
		{"Windows-1256 Arabic", "\xc7\xe1\xdb", "txt", "bad byte 0xc7 at byte offset 0"},
		{"UTF-16", "\xff\xfeA\x00B\x00", "txt", "not valid UTF-8: bad byte 0xff at byte offset 0"},
		{"NUL", "text\x00more", "txt", "news.txt: looks like a binary file, not text (NUL byte at byte offset 4)"},
		{"Controls", "a\x01\x02\x03\x04b", "txt", "looks like a binary file, not text (4 control characters, the first at byte offset 1)"},
		{"Empty", "", "txt", "news.txt: the file holds no text"},
		{"Only blanks", "\ufeff \r\n\t\u200f\n", "md", "the file holds no text"},
		{"Unknown format", "x", "html", `unknown text format "html"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadText("news.txt", []byte(c.data), c.format)
			if annotations.ErrorCode(err) != annotations.EINVALID || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want EINVALID containing %q", err, c.want)
			}
		})
	}
	// A stray control character in a long text is not binary.
	if _, err := ReadText("x.txt", []byte("page one\fpage two\x1a"), "txt"); err != nil {
		t.Error(err)
	}
}

func FuzzReadText(f *testing.F) {
	f.Add([]byte("\ufeffعنوان\r\nنص"), true)
	f.Add([]byte("# x\n\x00"), false)
	f.Fuzz(func(t *testing.T, data []byte, md bool) {
		format := "txt"
		if md {
			format = "md"
		}
		d, err := ReadText("f.txt", data, format)
		if err != nil {
			return
		}
		if err := annotations.ValidateDocument(&d); err != nil {
			t.Fatalf("accepted text fails validation: %v", err)
		}
		if strings.ContainsAny(d.Article.Text, "\r\x00") || strings.HasPrefix(d.Article.Text, "\ufeff") {
			t.Fatalf("text keeps CR, NUL or BOM: %q", d.Article.Text)
		}
	})
}
