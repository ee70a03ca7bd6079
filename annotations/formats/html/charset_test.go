package html

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/hamesh-app/hamesh/annotations"
)

// encode returns s in enc, failing the test if a character cannot be encoded.
func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("cannot encode the fixture: %v", err)
	}
	return b
}

// TestReadHTMLCharsets checks that a page in a legacy or UTF-16 encoding
// gives exactly the text of the same page in UTF-8.
func TestReadHTMLCharsets(t *testing.T) {
	utf := string(readFixture(t, "news-ar.html"))
	want := mustRead(t, "news-ar.html", []byte(utf))
	const decl = `<meta charset="utf-8">`
	if !strings.Contains(utf, decl) {
		t.Fatal("the fixture no longer declares its charset as expected")
	}
	withMeta := func(cs string) string { return strings.Replace(utf, decl, `<meta charset="`+cs+`">`, 1) }
	tests := []struct {
		name, contentType string
		data              []byte
	}{
		{"windows-1256 by meta charset", "", encode(t, charmap.Windows1256, withMeta("windows-1256"))},
		{"cp1256 alias by http-equiv", "", encode(t, charmap.Windows1256, strings.Replace(utf, decl,
			`<meta http-equiv="Content-Type" content="text/html; charset=cp1256">`, 1))},
		{"Content-Type header wins over meta", "text/html; charset=windows-1256", encode(t, charmap.Windows1256, utf)},
		{"UTF-8 byte order mark", "", append([]byte("\xEF\xBB\xBF"), utf...)},
		{"UTF-16LE with byte order mark", "", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), withMeta("utf-16"))},
		{"UTF-16BE with byte order mark", "", encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), utf)},
		{"meta utf-16 on an ASCII-compatible page means UTF-8", "", []byte(withMeta("utf-16"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := read(context.Background(), "news-ar.html", tc.data, tc.contentType, "")
			if err != nil {
				t.Fatal(err)
			}
			if d.Article.Text != want.Text || d.Article.Title != want.Title {
				t.Errorf("decoded page differs from the UTF-8 one:\ntitle %q\ntext %q", d.Article.Title, firstLine(d.Article.Text))
			}
		})
	}
}

func TestReadHTMLBadEncoding(t *testing.T) {
	ar := string(page(`lang="ar"`, "", "عنوان الخبر", arParas...))
	cp1256 := encode(t, charmap.Windows1256, ar)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"undeclared.html", cp1256, "cannot read undeclared.html: it is not valid UTF-8 (bad byte 0x"},
		{"undeclared.html", cp1256, "it declares no charset, so it must be UTF-8"},
		{"lying.html", encode(t, charmap.Windows1256, strings.Replace(ar, "<head>", `<head><meta charset="UTF-8">`, 1)), "its <meta> declares UTF-8"},
		{"bogus.html", []byte(strings.Replace(ar, "<head>", `<head><meta charset="x-klingon">`, 1)), `cannot read bogus.html: it declares the unknown charset "x-klingon"`},
	}
	for _, tc := range tests {
		_, err := ReadHTML(tc.name, tc.data, "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
		if annotations.ErrorCode(err) != annotations.EINVALID {
			t.Errorf("%s: code %q, want invalid", tc.name, annotations.ErrorCode(err))
		}
	}
	// The offset named is that of the first byte that is not UTF-8.
	bad := []byte(ar)
	off := bytes.Index(bad, []byte("<article>"))
	bad[off] = 0xFF
	_, err := ReadHTML("one-bad-byte.html", bad, "")
	want := "cannot read one-bad-byte.html: it is not valid UTF-8 (bad byte 0xFF at byte offset " + strconv.Itoa(off) + ")"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want one containing %q", err, want)
	}
}
