// Package text imports plain text and Markdown articles.
//
// Import is the only moment a text may change (see arabic-text.md): a byte
// order mark is dropped and CRLF and lone CR become LF, before any offset
// exists. Nothing else is normalised. Markdown is kept as written, markup
// included, so span offsets refer to the file's own text and an export
// reproduces it; only the title is taken without its leading '#'s.
package text

import (
	"bytes"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
)

// Formats ReadText accepts.
const (
	FormatText     = "txt"
	FormatMarkdown = "md"
)

// maxTitle is the longest title taken from a text, in code points.
const maxTitle = 120

// ReadText makes a document (an article with no spans) of a plain text
// ("txt") or Markdown ("md") file named name with contents data. It refuses,
// with an EINVALID error naming the file: invalid UTF-8 (giving the byte
// offset of the first bad byte), a NUL byte or more than 5% C0 control
// characters (a binary file), and text that is empty or only whitespace.
//
// The article's title is the first non-blank line (for Markdown without its
// heading '#'s), cut to 120 code points at a word boundary, or else the file
// name without extension; Lang and Direction are annotations.DetectLanguage's
// ("ar" or "en" by which script has more letters, "" with none; the
// direction of the first strong character); Source is the file's base name;
// Status is todo. ID and times are left for the store.
func ReadText(name string, data []byte, format string) (annotations.Document, error) {
	var d annotations.Document
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if format != FormatText && format != FormatMarkdown {
		return d, annotations.Errorf(annotations.EINVALID, "%s: unknown text format %q (want txt or md)", name, format)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		off := interchange.FirstInvalidUTF8(data)
		return d, annotations.Errorf(annotations.EINVALID, "%s: not valid UTF-8: bad byte 0x%02x at byte offset %d (convert the file to UTF-8 first)", name, data[off], off)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return d, annotations.Errorf(annotations.EINVALID, "%s: looks like a binary file, not text (NUL byte at byte offset %d)", name, i)
	}
	if i, n := controls(data); n >= 4 && n*20 > utf8.RuneCount(data) {
		return d, annotations.Errorf(annotations.EINVALID, "%s: looks like a binary file, not text (%d control characters, the first at byte offset %d)", name, n, i)
	}
	text := NormalizeNewlines(string(data))
	if strings.TrimFunc(text, annotations.IsBlank) == "" {
		return d, annotations.Errorf(annotations.EINVALID, "%s: the file holds no text", name)
	}
	title := Title(text, format)
	if title == "" {
		title = strings.TrimSuffix(base, path.Ext(base))
	}
	lang, dir := annotations.DetectLanguage(text)
	d.Article = annotations.Article{
		Title:     title,
		Text:      text,
		Lang:      lang,
		Direction: dir,
		Source:    base,
		Status:    annotations.StatusTodo,
	}
	if err := d.Article.Validate(); err != nil {
		return annotations.Document{}, annotations.Errorf(annotations.EINVALID, "%s: %v", name, err)
	}
	return d, nil
}

// NormalizeNewlines turns CRLF and lone CR into LF.
func NormalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// controls counts C0 control characters other than tab, newline, vertical
// tab, form feed and carriage return, and gives the offset of the first.
func controls(b []byte) (first, n int) {
	first = -1
	for i, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' || c == 0x7f {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	return first, n
}

// Title returns the title a text would get: its first non-blank line, for
// Markdown ("md") without the heading's '#'s, trimmed of whitespace and
// invisible controls and cut to 120 code points at a word boundary (with
// "…"). It returns "" for a text with no visible line.
func Title(text, format string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimFunc(line, annotations.IsBlank)
		if format == FormatMarkdown {
			line = strings.TrimFunc(strings.TrimLeft(line, "#"), annotations.IsBlank)
			if t := strings.TrimRight(line, "#"); t != line && strings.TrimSpace(t) != "" && strings.HasSuffix(t, " ") {
				line = strings.TrimFunc(t, annotations.IsBlank) // closing #s of an ATX heading
			}
		}
		if line == "" {
			continue
		}
		r := []rune(line)
		if len(r) <= maxTitle {
			return line
		}
		cut := maxTitle
		for i := maxTitle; i > maxTitle/2; i-- {
			if unicode.IsSpace(r[i]) {
				cut = i
				break
			}
		}
		return strings.TrimFunc(string(r[:cut]), annotations.IsBlank) + "…"
	}
	return ""
}
