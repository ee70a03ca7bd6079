// Package html imports a web page as one article: the article's title and
// body text as a browser's reader mode would extract them, without the
// page's navigation, advertisements, scripts, comments or footer.
//
// Extraction is done by codeberg.org/readeck/go-readability (a port of
// Mozilla's Readability.js, the engine of Firefox's reader view) over the
// golang.org/x/net/html parser; this package only decodes the page, drops
// advertisement boxes Readability would keep (an element with little text
// whose class or id has a word such as "ad", "ads", "advert" or "dfp"), turns
// the extracted body into Hamesh's plain-text form and refuses pages that
// hold no article. [IsURL] and [IsHTML] tell a caller which inputs to
// route here.
//
// # Reading a page
//
// [ReadHTML](name, data, baseURL) reads a page already in memory (an .html
// file). name names the page in messages; baseURL, when not empty, is the
// page's address and becomes the article's Source (otherwise name does).
// [ReadHTMLContext] does the same and stops as soon as its context is
// cancelled. Elements nested deeper than [MaxDepth] (512) are flattened
// before parsing: their tags are dropped and their text kept in the element
// at depth 512, so parsing takes time linear in the page's size (the parser
// spends time proportional to the depth on every tag).
//
// The page is decoded to UTF-8 first: a byte order mark, then the charset
// declared by the HTTP Content-Type (for [Fetch]) or by a <meta> element,
// decides the encoding (WHATWG labels, through golang.org/x/net/html/charset).
// A page that declares no charset must be valid UTF-8, and a page that
// declares UTF-8 must really be UTF-8: anything else is refused with a
// message naming the page and the first bad byte, never guessed.
//
// The returned [annotations.Document] has one article, with no spans:
//   - Title: the article's title (the <title> or og:title without the
//     site's name, as Readability chooses it), whitespace collapsed; the
//     name when the page has none.
//   - Text: one paragraph per line, lines separated by a single '\n'
//     (the article view treats each line as a paragraph). Headings, list
//     items and table rows are paragraphs of their own; whitespace inside
//     a paragraph (spaces, tabs, no-break spaces, line breaks of the HTML
//     source) collapses to one space; there are no empty lines and no
//     leading or trailing space. Letters, harakat and invisible controls
//     (ZWNJ, RLM...) are kept exactly as the page has them: the text is
//     not Unicode-normalised.
//   - Lang: the primary subtag of <html lang> (e.g. "ar" for "ar-EG"),
//     unless the text's letters contradict it (a right-to-left language
//     declared for mostly Latin text or the reverse, as page templates
//     often do); then, as when no lang is declared,
//     [annotations.DetectLanguage]'s guess: "ar" when Arabic-script letters
//     outnumber Latin ones, "en" when Latin ones are at least as many, ""
//     with neither.
//   - Direction: the text's own, by the rule every importer uses,
//     [annotations.DetectDirection] (the first strong character, Unicode
//     rules P2/P3), so a text gets the same direction from an .html file as
//     from a .txt file. Only an explicit declaration changes it: the dir
//     attribute of <html> or <body>, when the majority of the text's
//     strong letters does not contradict it (a template's dir="rtl" over
//     an English article is ignored; an Arabic article that opens with
//     "CNN:" under dir="rtl" stays right to left).
//   - Source: baseURL, or name; Status: todo. ID and timestamps are left
//     empty for the store to fill.
//
// A page without an article body is refused with an error saying
// "no article found in <name>: ..." and why: an empty page, a page whose
// extracted text is shorter than [MinArticleRunes] characters (a login
// form, a bare page), or an index of links, where more than half of the
// text, or more than 40% of the paragraphs, are nothing but links.
//
// # Fetching a URL
//
// [Fetch](ctx, rawURL, opts) downloads one http or https page and reads it
// as [ReadHTML] does, with the final URL (after redirects) as Source. It
// makes one GET request for the URL asked for (plus the redirects the
// server answers with) and nothing else: no image, stylesheet or script
// of the page is requested and nothing is executed. A redirect is followed
// only within the host asked for (same host name, scheme and port, or from
// http to https on that host) unless FetchOptions.FollowRedirectsAnywhere;
// one elsewhere is refused with a message naming both URLs. [FetchOptions]
// limit the body size (default 10 MB), the whole fetch's duration (default
// 30 s, parsing included) and the redirects followed (default 5). The response must be HTML
// (text/html or application/xhtml+xml); a PDF, an image, JSON or any other
// type is refused with a message saying what the server sent. An HTTP
// status of 400 or more, a network failure, a time-out, a redirect loop or
// a body over the limit each give an error naming the URL and what
// happened. Cancelling ctx (the GUI's cancel button) stops the fetch at
// once; the error then matches errors.Is(err, context.Canceled).
//
// Every error is an *[annotations.Error] (see [annotations.ErrorCode]):
// EINVALID for a bad page or URL, EINTERNAL for network failures, time-outs
// and cancellation, which also unwrap to their cause (context.Canceled,
// context.DeadlineExceeded, *net.DNSError...).
package html
