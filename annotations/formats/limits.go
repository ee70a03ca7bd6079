package formats

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// DefaultMaxArticleBytes is the largest article text Read accepts when
// ReadOptions.MaxArticleBytes is 0: 20 MB of UTF-8.
const DefaultMaxArticleBytes = 20 << 20

// ReadOptions tune Read. The zero value gives the defaults.
type ReadOptions struct {
	// MaxArticleBytes is the largest text of one article, in bytes of
	// UTF-8; 0 means DefaultMaxArticleBytes. It bounds a .txt or .md file,
	// a brat .txt and the text of every article read. A line of a JSON
	// lines file, an HTML file and a brat .ann may be twice as large
	// (LineLimit), since they hold more than the text.
	MaxArticleBytes int64
	// FollowRedirectsAnywhere lets a URL import follow redirects to other
	// hosts; otherwise only redirects within the host asked for are
	// followed (see html.FetchOptions).
	FollowRedirectsAnywhere bool
}

// ArticleLimit is the article text limit o gives: MaxArticleBytes, or
// DefaultMaxArticleBytes when that is 0 or less.
func (o ReadOptions) ArticleLimit() int64 {
	if o.MaxArticleBytes <= 0 {
		return DefaultMaxArticleBytes
	}
	return o.MaxArticleBytes
}

// LineLimit is the limit of one JSON line, one HTML file and one brat .ann
// file: twice ArticleLimit.
func (o ReadOptions) LineLimit() int64 { return 2 * o.ArticleLimit() }

// Size formats a byte count as the limits are written: "20 MB", "1.5 MB",
// "512 KB", "300 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ParseSize reads a size as the command line and the preferences take it:
// a whole number of bytes, or a number followed by KB, MB or GB (powers of
// 1024; case and a space before the unit do not matter): "20MB", "512 kb",
// "1.5GB", "1000000". It refuses zero, negative and unreadable sizes.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f <= 0 || f*float64(mult) > 1<<50 {
		return 0, annotations.Errorf(annotations.EINVALID, "size %q: want a positive number of bytes, or one with KB, MB or GB (e.g. 20MB)", s)
	}
	n := int64(f * float64(mult))
	if n < 1 {
		n = 1
	}
	return n, nil
}

// tooLarge is the error for a file larger than limit, the limit of what.
func tooLarge(path string, size, limit int64, what string) error {
	return annotations.Errorf(annotations.EINVALID,
		"%s is %s, more than the %s limit %s (raise it with --max-article-size or in Preferences); nothing was read",
		path, Size(size), Size(limit), what)
}

// readWhole reads the opened file f (of size size, from its fstat) when it
// is at most limit bytes, refusing a larger one without reading it: what
// names the limit in the message. A file that grows past the limit while
// it is read is refused too; at most limit+1 bytes are ever held.
func readWhole(path string, f *os.File, size, limit int64, what string) ([]byte, error) {
	if size > limit {
		return nil, tooLarge(path, size, limit, what)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, annotations.Errorf(annotations.EINVALID, "cannot read %s: %v", path, err)
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(path, int64(len(b)), limit, what)
	}
	return b, nil
}

// readLines reads the opened file f whole, refusing it as soon as one
// line is longer than limit bytes, with the file and line named: a file
// holding one huge line is never read further than the limit. The file as
// a whole has no limit (a JSON lines file may hold a million articles), so
// ctx is looked at between chunks and a cancellation stops the reading.
func readLines(ctx context.Context, path string, f *os.File, size, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if size > 0 {
		// Room for the file, but never more than one line's limit ahead of
		// what was read: a huge one-line file is refused first.
		buf.Grow(int(min(size, limit)) + 1)
	}
	chunk := make([]byte, 1<<20)
	line, lineLen := 1, int64(0)
	for {
		if ctx.Err() != nil {
			return nil, cancelledRead(ctx, path)
		}
		n, err := f.Read(chunk)
		c := chunk[:n]
		for len(c) > 0 {
			i := bytes.IndexByte(c, '\n')
			if i < 0 {
				lineLen += int64(len(c))
				break
			}
			lineLen += int64(i)
			if lineLen > limit {
				break
			}
			line++
			lineLen = 0
			c = c[i+1:]
		}
		if lineLen > limit {
			return nil, annotations.Errorf(annotations.EINVALID,
				"%s:%d: the line is longer than the %s limit per line (twice the %s limit per article; raise it with --max-article-size or in Preferences); nothing was read",
				path, line, Size(limit), Size(limit/2))
		}
		buf.Write(chunk[:n])
		if err == io.EOF {
			return buf.Bytes(), nil
		}
		if err != nil {
			return nil, annotations.Errorf(annotations.EINVALID, "cannot read %s: %v", path, err)
		}
	}
}

// cancelledRead is the error of a read of path stopped by ctx: it
// matches errors.Is(err, context.Canceled) (or DeadlineExceeded).
func cancelledRead(ctx context.Context, path string) error {
	return annotations.Failf("reading %s was stopped: %w", path, ctx.Err())
}

// checkArticles refuses the first document whose text is longer than the
// article limit, naming the file, the article's place and title. lines,
// when it has one entry per document, gives each document's line (JSON
// lines formats), which the message then names.
func checkArticles(path string, in *Input, limit int64, lines []int) error {
	for i := range in.Documents {
		place := path
		if len(lines) == len(in.Documents) {
			place = fmt.Sprintf("%s:%d", path, lines[i])
		}
		if err := checkArticle(place, i+1, &in.Documents[i].Article, limit); err != nil {
			return err
		}
	}
	return nil
}

// checkArticle refuses article a, the n-th (from 1) of the input at place
// (a file, or a file and line), when its text is longer than limit.
func checkArticle(place string, n int, a *annotations.Article, limit int64) error {
	size := int64(len(a.Text))
	if size <= limit {
		return nil
	}
	title := ""
	if t := []rune(a.Title); len(t) > 60 {
		title = fmt.Sprintf(" (%q)", string(t[:60])+"…")
	} else if len(t) > 0 {
		title = fmt.Sprintf(" (%q)", a.Title)
	}
	return annotations.Errorf(annotations.EINVALID,
		"%s: article %d%s has %s of text, more than the %s limit per article (raise it with --max-article-size or in Preferences); nothing was read",
		place, n, title, Size(size), Size(limit))
}

// nonBlankLines returns the 1-based numbers of the lines of data that hold
// more than white space: the lines a JSON lines reader reads a record from.
func nonBlankLines(data []byte) []int {
	var out []int
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(bytes.TrimSpace(line)) > 0 {
			out = append(out, n)
		}
	}
	return out
}
