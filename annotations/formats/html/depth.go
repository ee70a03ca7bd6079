package html

import (
	"bytes"
	"context"
	"strings"

	nethtml "golang.org/x/net/html"

	"github.com/hamesh-app/hamesh/annotations"
)

// MaxDepth is the deepest nesting of elements a page keeps. Tags nested
// deeper are dropped before the page is parsed, their text kept: the
// content is flattened into the element at depth MaxDepth, so nothing of
// the text is lost and parsing stays linear (golang.org/x/net/html spends
// time proportional to the depth on every tag, which made 50,000 nested
// <div>s take a minute).
const MaxDepth = 512

// voidElements have no content and no end tag: they never open a level.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "param": true,
	"source": true, "track": true, "wbr": true, "keygen": true, "frame": true,
	"basefont": true, "bgsound": true, "image": true,
}

// selfClosing are elements that an open one of the same name closes (<p>
// after an unclosed <p>, a list item after another): counting them as
// nested would flatten a sloppy but shallow page.
var selfClosing = map[string]bool{
	"p": true, "li": true, "dt": true, "dd": true, "option": true, "optgroup": true,
	"tr": true, "td": true, "th": true, "rb": true, "rt": true, "rp": true, "rtc": true,
	"thead": true, "tbody": true, "tfoot": true,
}

// closesP are the elements whose start tag closes an open <p> (the HTML
// standard's "close a p element" steps), so a page of unclosed paragraphs
// between blocks does not count as nested.
var closesP = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "center": true,
	"details": true, "dialog": true, "dir": true, "div": true, "dl": true, "fieldset": true,
	"figcaption": true, "figure": true, "footer": true, "form": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "header": true, "hgroup": true, "hr": true,
	"main": true, "menu": true, "nav": true, "ol": true, "pre": true, "section": true,
	"summary": true, "table": true, "ul": true, "li": true, "dd": true, "dt": true,
}

// rawText elements hold raw text the tokenizer does not parse; their tags
// are always kept, so their content is never shown as text.
var rawText = map[string]bool{
	"script": true, "style": true, "textarea": true, "title": true, "xmp": true,
	"iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true,
}

// ctxEvery is how many tokens flatten reads between two looks at ctx.
const ctxEvery = 4096

// flatten returns src with every start and end tag nested deeper than
// MaxDepth removed (their text stays) and how many tags it removed; src
// itself when there were none. The depth is counted as a browser would
// roughly build it: void elements open nothing, an element of selfClosing
// closes an open one of its name, and an end tag closes up to the
// innermost open element of its name. It takes time linear in src, and
// stops with ctx's error when ctx is cancelled.
func flatten(ctx context.Context, src string) (string, int, error) {
	z := nethtml.NewTokenizer(strings.NewReader(src))
	var out bytes.Buffer
	var open []string    // the kept open elements, innermost last (at most MaxDepth)
	var dropped []string // the names of the dropped open elements, innermost last
	removed := 0
	pos := 0 // bytes of src consumed, for copying when nothing was removed yet
	for n := 0; ; n++ {
		if n%ctxEvery == 0 && ctx.Err() != nil {
			return "", 0, ctx.Err()
		}
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		raw := z.Raw()
		keep := true
		switch tt {
		case nethtml.StartTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if closesP[tag] && len(dropped) == 0 && len(open) > 0 && open[len(open)-1] == "p" {
				open = open[:len(open)-1]
			}
			switch {
			case voidElements[tag], rawText[tag]:
			case selfClosing[tag] && len(dropped) == 0 && len(open) > 0 && open[len(open)-1] == tag:
				// closes the open one and opens its own: same depth
			case selfClosing[tag] && len(dropped) > 0 && dropped[len(dropped)-1] == tag:
				keep = false
			case len(open) < MaxDepth && len(dropped) == 0:
				open = append(open, tag)
			default:
				dropped = append(dropped, tag)
				keep = false
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch {
			case voidElements[tag], rawText[tag]:
			case len(dropped) > 0 && dropped[len(dropped)-1] == tag:
				dropped = dropped[:len(dropped)-1]
				keep = false
			case len(dropped) > 0:
				keep = false // an end tag inside the flattened part that closes nothing there
			default:
				// Close up to the innermost open element of this name (a
				// search of at most MaxDepth entries).
				for i := len(open) - 1; i >= 0; i-- {
					if open[i] == tag {
						open = open[:i]
						break
					}
				}
			}
		}
		if !keep {
			if removed == 0 {
				out.WriteString(src[:pos])
			}
			removed++
		} else if removed > 0 {
			out.Write(raw)
		}
		pos += len(raw)
	}
	if removed == 0 {
		return src, 0, nil
	}
	out.WriteString(src[pos:]) // what the tokenizer did not return (none, normally)
	return out.String(), removed, nil
}

// ctxReader reads from r in small pieces and fails once ctx is cancelled,
// so that a parser pulling from it stops soon after.
type ctxReader struct {
	ctx context.Context
	r   *strings.Reader
}

// Read reads at most 64 KB, or returns ctx's error.
func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if len(p) > 64<<10 {
		p = p[:64<<10]
	}
	return c.r.Read(p)
}

// cancelled is the error for a read of name stopped by ctx: the fetch's
// time limit (errTimedOut) or a cancellation.
func cancelled(ctx context.Context, name string) error {
	if context.Cause(ctx) == errTimedOut {
		return &causeError{annotations.Errorf(annotations.EINTERNAL, "cannot read %s: timed out while reading the page", name), context.DeadlineExceeded}
	}
	if ctx.Err() == context.DeadlineExceeded {
		return &causeError{annotations.Errorf(annotations.EINTERNAL, "cannot read %s: timed out while reading the page", name), context.DeadlineExceeded}
	}
	return &causeError{annotations.Errorf(annotations.EINTERNAL, "reading %s was cancelled", name), context.Canceled}
}
