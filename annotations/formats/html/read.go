package html

import (
	"bytes"
	"context"
	"mime"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/bidi"

	"github.com/hamesh-app/hamesh/annotations"
)

// MinArticleRunes is the least number of characters (code points) of body
// text a page must yield to count as an article.
const MinArticleRunes = 200

// maxLinkShare is the share of the body text, in characters, above which
// text inside links makes a page an index of links rather than an article.
const maxLinkShare = 0.5

// maxLinkLines is the share of paragraphs that may be nothing but a link
// (a headline, "read more"): above it the page is a list of headlines.
const maxLinkLines = 0.4

// ReadHTML extracts the article of the HTML page data: its title and body
// text as a reader mode would show them. name names the page in messages;
// baseURL, if not empty, is the page's address and becomes the article's
// Source (otherwise name does). See the package documentation for the
// exact text produced and the pages refused. It is ReadHTMLContext
// without a way to stop it.
func ReadHTML(name string, data []byte, baseURL string) (annotations.Document, error) {
	return read(context.Background(), name, data, "", baseURL)
}

// ReadHTMLContext is ReadHTML, stopped when ctx is cancelled or its
// deadline passes: then it returns at once with an EINTERNAL error that
// matches errors.Is(err, context.Canceled) or context.DeadlineExceeded.
// Elements nested deeper than MaxDepth are flattened first, so parsing
// takes time linear in the page's size.
func ReadHTMLContext(ctx context.Context, name string, data []byte, baseURL string) (annotations.Document, error) {
	return read(ctx, name, data, "", baseURL)
}

// read is ReadHTMLContext with the HTTP Content-Type, whose charset
// parameter (if any) takes precedence over the page's own declaration.
func read(ctx context.Context, name string, data []byte, contentType, baseURL string) (doc annotations.Document, err error) {
	if ctx.Err() != nil {
		return doc, cancelled(ctx, name)
	}
	src, err := decode(name, data, contentType)
	if err != nil {
		return doc, err
	}
	src, _, err = flatten(ctx, src)
	if err != nil {
		return doc, cancelled(ctx, name)
	}
	if strings.TrimSpace(src) == "" {
		return doc, annotations.Errorf(annotations.EINVALID, "no article found in %s: the page is empty", name)
	}
	var pageURL *url.URL
	if baseURL != "" {
		if u, perr := url.Parse(baseURL); perr == nil {
			pageURL = u
		}
	}
	root, err := nethtml.Parse(&ctxReader{ctx, strings.NewReader(src)})
	if ctx.Err() != nil {
		return doc, cancelled(ctx, name)
	}
	if err != nil {
		return doc, annotations.Errorf(annotations.EINVALID, "cannot parse %s as HTML: %v", name, err)
	}
	declLang, declDir := declared(root)
	removeAds(root)

	art, err := extractContext(ctx, name, root, pageURL)
	if err != nil {
		return doc, err
	}
	if art.Node == nil {
		return doc, annotations.Errorf(annotations.EINVALID, "no article found in %s: the page has no readable body text", name)
	}
	text := paragraphs(render.InnerText(art.Node))
	if n := utf8.RuneCountInString(text); n < MinArticleRunes {
		return doc, annotations.Errorf(annotations.EINVALID,
			"no article found in %s: only %d characters of body text (an article needs at least %d); is it an index, login or empty page?",
			name, n, MinArticleRunes)
	}
	if chars, lines := linkStats(art.Node); chars > maxLinkShare || lines > maxLinkLines {
		return doc, annotations.Errorf(annotations.EINVALID,
			"no article found in %s: it looks like an index of links (%.0f%% of its text and %.0f%% of its paragraphs are links)",
			name, chars*100, lines*100)
	}
	if !utf8.ValidString(text) {
		// Unreachable: decode yields valid UTF-8 and the parser keeps it so.
		return doc, annotations.Errorf(annotations.EINTERNAL, "%s: extracted text is not valid UTF-8", name)
	}

	title := collapse(art.Title())
	if title == "" {
		title = name
	}
	lang, dir := languageDirection(declLang, declDir, text)
	source := baseURL
	if source == "" {
		source = name
	}
	doc.Article = annotations.Article{
		Title:     strings.ToValidUTF8(title, "\uFFFD"),
		Text:      text,
		Lang:      lang,
		Direction: dir,
		Source:    source,
		Status:    annotations.StatusTodo,
	}
	return doc, nil
}

// extractContext runs extract in the background and returns its result,
// or the cancellation as soon as ctx is done (the extraction then finishes
// on its own, on a tree nobody else holds, bounded by MaxDepth and the
// size limits).
func extractContext(ctx context.Context, name string, root *nethtml.Node, pageURL *url.URL) (readability.Article, error) {
	type result struct {
		art readability.Article
		err error
	}
	done := make(chan result, 1)
	go func() {
		art, err := extract(name, root, pageURL)
		done <- result{art, err}
	}()
	select {
	case r := <-done:
		return r.art, r.err
	case <-ctx.Done():
		return readability.Article{}, cancelled(ctx, name)
	}
}

// extract runs Readability over root, turning a panic inside the library
// into an error so that a hostile page cannot bring the program down.
func extract(name string, root *nethtml.Node, pageURL *url.URL) (art readability.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = annotations.Errorf(annotations.EINTERNAL, "cannot extract the article of %s: the extractor failed: %v", name, r)
		}
	}()
	p := readability.NewParser()
	art, err = p.ParseAndMutate(root, pageURL)
	if err != nil {
		return art, annotations.Errorf(annotations.EINVALID, "no article found in %s: %v", name, err)
	}
	return art, nil
}

// decode returns data as UTF-8 text. The encoding is that of a byte
// order mark, else the charset of contentType (if known), else that of a
// <meta> declaration in the first 1024 bytes (refused if unknown); a page
// that declares none must be UTF-8. It never guesses and never returns
// invalid UTF-8.
func decode(name string, data []byte, contentType string) (string, error) {
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		return checkUTF8(name, data[3:], "its byte order mark says UTF-8")
	}
	enc, label, certain := charset.DetermineEncoding(data, contentType)
	how := "its Content-Type says " + label
	if bytes.HasPrefix(data, []byte("\xFF\xFE")) || bytes.HasPrefix(data, []byte("\xFE\xFF")) {
		how = "its byte order mark says " + label
	}
	if !certain {
		meta := metaCharset(data)
		if meta == "" {
			return checkUTF8(name, data, "it declares no charset, so it must be UTF-8")
		}
		enc, label = charset.Lookup(meta)
		if enc == nil {
			return "", annotations.Errorf(annotations.EINVALID, "cannot read %s: it declares the unknown charset %q", name, meta)
		}
		if strings.HasPrefix(label, "utf-16") {
			// A <meta> readable as ASCII cannot be UTF-16: the HTML
			// standard reads such a page as UTF-8.
			label = "utf-8"
		}
		how = "its <meta> declares " + meta
	}
	if label == "utf-8" {
		return checkUTF8(name, data, how)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", annotations.Errorf(annotations.EINVALID, "cannot read %s as %s (%s): %v", name, label, how, err)
	}
	if !utf8.Valid(out) {
		return "", annotations.Errorf(annotations.EINVALID, "cannot read %s: decoding it as %s did not give valid text", name, label)
	}
	return crlf(strings.TrimPrefix(string(out), "\uFEFF")), nil
}

// metaCharset returns the charset declared by a <meta charset> or <meta
// http-equiv="Content-Type" content="...; charset=..."> among the first
// 1024 bytes of the page (where the HTML standard looks), or "".
func metaCharset(data []byte) string {
	if len(data) > 1024 {
		data = data[:1024]
	}
	z := nethtml.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return ""
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			tag, hasAttr := z.TagName()
			if string(tag) != "meta" || !hasAttr {
				continue
			}
			var cs, content string
			httpEquiv := false
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					cs = strings.TrimSpace(string(v))
				case "http-equiv":
					httpEquiv = strings.EqualFold(strings.TrimSpace(string(v)), "content-type")
				case "content":
					content = string(v)
				}
			}
			if cs != "" {
				return cs
			}
			if httpEquiv {
				if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
					return params["charset"]
				}
			}
		}
	}
}

// checkUTF8 returns data as a string if it is valid UTF-8, and otherwise an
// error naming the page, why UTF-8 was expected, and the first bad byte.
func checkUTF8(name string, data []byte, how string) (string, error) {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return "", annotations.Errorf(annotations.EINVALID,
			"cannot read %s: it is not valid UTF-8 (bad byte 0x%02X at byte offset %d) and %s; save the page as UTF-8 or declare its charset",
			name, data[off], off, how)
	}
	return crlf(string(data)), nil
}

// crlf turns CRLF and lone CR line ends into LF.
func crlf(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// adTokens are class and id words (split at '-', '_' and spaces) that mark
// an advertisement container. Readability keeps such a box when its name
// also looks like content ("ad-inarticle"), so they are removed first.
var adTokens = map[string]bool{
	"ad": true, "ads": true, "adv": true, "advert": true, "adverts": true,
	"advertisement": true, "advertisements": true, "advertising": true,
	"adsbygoogle": true, "adslot": true, "adunit": true, "dfp": true,
}

// removeAds deletes from the tree every element whose class or id holds
// one of adTokens and that has little text of its own: a wrapper named
// "ad-free" or "has-ads" around the article stays.
func removeAds(n *nethtml.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == nethtml.ElementNode && c.Data != "html" && c.Data != "body" && isAd(c) && textLen(c, MinArticleRunes) < MinArticleRunes {
			n.RemoveChild(c)
		} else {
			removeAds(c)
		}
		c = next
	}
}

// textLen counts the letters and digits of n's text outside scripts and
// styles, stopping once it reaches limit.
func textLen(n *nethtml.Node, limit int) int {
	count := 0
	var walk func(n *nethtml.Node)
	walk = func(n *nethtml.Node) {
		switch {
		case count >= limit:
			return
		case n.Type == nethtml.TextNode:
			for _, r := range n.Data {
				if unicode.IsLetter(r) || unicode.IsNumber(r) {
					count++
				}
			}
			return
		case n.Type == nethtml.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "noscript"):
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return count
}

// isAd reports whether n's class or id marks it as an advertisement.
func isAd(n *nethtml.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(a.Val), func(r rune) bool {
			return r == '-' || r == '_' || unicode.IsSpace(r)
		}) {
			if adTokens[w] {
				return true
			}
		}
	}
	return false
}

// declared returns the language (lowercase primary subtag) and direction
// declared by the lang and dir attributes of <html>, then <body>.
func declared(root *nethtml.Node) (lang, dir string) {
	var walk func(n *nethtml.Node, depth int)
	walk = func(n *nethtml.Node, depth int) {
		if n.Type == nethtml.ElementNode && (n.Data == "html" || n.Data == "body") {
			for _, a := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case a.Key == "lang" && lang == "":
					if i := strings.IndexAny(v, "-_"); i >= 0 {
						v = v[:i]
					}
					if len(v) >= 2 && len(v) <= 3 && strings.Trim(v, "abcdefghijklmnopqrstuvwxyz") == "" {
						lang = v
					}
				case a.Key == "dir" && dir == "" && (v == "rtl" || v == "ltr"):
					dir = v
				}
			}
		}
		if depth < 2 {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, depth+1)
			}
		}
	}
	walk(root, 0)
	return lang, dir
}

// rtlLanguages are the primary subtags of languages written right to left.
var rtlLanguages = map[string]bool{
	"ar": true, "arc": true, "ckb": true, "dv": true, "fa": true, "he": true,
	"iw": true, "ps": true, "sd": true, "ug": true, "ur": true, "yi": true,
}

// languageDirection is the rule by which a page's declared lang and dir
// meet its text (see the package documentation). The direction is
// annotations.DetectDirection(text), the one rule every importer uses, unless
// the page declares a direction explicitly (dir on <html> or <body>) and the
// majority of its strong letters does not contradict the declaration: a
// declared dir="rtl" keeps an Arabic article that opens with a Latin word
// right to left, while a site template's dir="rtl" over an English article
// is ignored. The language is the declared one unless the letters
// contradict its direction the same way; otherwise it is
// annotations.DetectLanguage's ("ar", "en" or "").
func languageDirection(declLang, declDir, text string) (string, annotations.Direction) {
	lang, dir := annotations.DetectLanguage(text)
	rtl, ltr := strongLetters(text)
	majorityRTL := rtl > ltr
	switch {
	case declDir == "rtl" && rtl >= ltr:
		dir = annotations.RTL
	case declDir == "ltr" && ltr >= rtl:
		dir = annotations.LTR
	}
	if declLang != "" && declLang != "und" && rtlLanguages[declLang] == majorityRTL {
		lang = declLang
	}
	return lang, dir
}

// strongLetters counts the strong right-to-left (bidi R, AL) and
// left-to-right (L) letters of s. It only tells whether the text contradicts
// what the page declares; the direction itself is DetectDirection's.
func strongLetters(s string) (rtl, ltr int) {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL:
			rtl++
		case bidi.L:
			ltr++
		}
	}
	return rtl, ltr
}

// paragraphs turns rendered inner text into Hamesh's form: one paragraph
// per line, whitespace collapsed inside it, no empty lines.
func paragraphs(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		line = collapse(line)
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return b.String()
}

// collapse replaces each run of white space (Unicode White_Space, which
// includes tabs, line ends and no-break spaces) with one space and trims
// both ends. Other characters, invisible controls included, are kept.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// linkMark stands for each character of link text when linkStats renders
// the article a second time (a private-use character no page relies on).
const linkMark = '\uE000'

// linkStats measures how much of the article at n is links: the share of
// its characters inside <a>, and the share of its paragraphs that are
// nothing but link text (a headline list). It overwrites the link text
// of n, so it runs after the text has been taken.
func linkStats(n *nethtml.Node) (charShare, lineShare float64) {
	var mark func(n *nethtml.Node, inLink bool)
	mark = func(n *nethtml.Node, inLink bool) {
		if n.Type == nethtml.TextNode && inLink {
			n.Data = strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return r
				}
				return linkMark
			}, n.Data)
			return
		}
		if n.Type == nethtml.ElementNode && n.Data == "a" {
			inLink = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			mark(c, inLink)
		}
	}
	mark(n, false)
	var chars, linked, lines, linkLines int
	for _, line := range strings.Split(paragraphs(render.InnerText(n)), "\n") {
		own := 0
		for _, r := range line {
			switch {
			case r == linkMark:
				linked++
				chars++
			case unicode.IsLetter(r) || unicode.IsNumber(r):
				own++
				chars++
			}
		}
		if own+strings.Count(line, string(linkMark)) == 0 {
			continue // punctuation only
		}
		lines++
		if own == 0 {
			linkLines++
		}
	}
	if chars == 0 || lines == 0 {
		return 0, 0
	}
	return float64(linked) / float64(chars), float64(linkLines) / float64(lines)
}
