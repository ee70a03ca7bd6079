package formats

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/jsonl"
)

// Stream is an import read one document at a time: Next gives the
// documents in order, then io.EOF. A native JSONL file is decoded line by
// line as Next is called, so that its size does not matter (only its
// longest line's); every other format is read whole by ReadWith first.
// The checks and messages are ReadWith's.
type Stream struct {
	// Format is the format the input is read as ("jsonl", "doccano"…).
	Format string
	// Warnings are what the reader skipped (whole-read formats only).
	Warnings []string
	// WarningNotes are Warnings as notes, for the GUI to translate (see
	// Input.WarningNotes).
	WarningNotes []annotations.Note

	next  func() (*annotations.Document, error)
	close func() error
	n     int
	read  *countingReader // a streamed file's bytes read so far
	size  int64           // its size, or a whole-read input's documents
	reg   *annotations.Registry
}

// Registry returns the registry records the input carried (entry, claim
// cluster and relation type records), or nil. A streamed file's records
// come before its articles, as Hamesh writes them: they are read, and
// checked, by the time Next returns the first article; a record after an
// article is refused.
func (s *Stream) Registry() *annotations.Registry {
	if s.reg.Empty() {
		return nil
	}
	return s.reg
}

// Progress returns how far the reading has come and where it ends: bytes
// of a streamed file, documents handed out of a whole-read input.
func (s *Stream) Progress() (done, total int64) {
	if s.read != nil {
		return min(s.read.n, s.size), s.size
	}
	return int64(s.n), s.size
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Next returns the next document, io.EOF after the last. A file that ends
// without any document is refused with ReadWith's "holds no articles".
func (s *Stream) Next() (*annotations.Document, error) {
	return s.next()
}

// Close releases the file.
func (s *Stream) Close() error {
	if s.close == nil {
		return nil
	}
	return s.close()
}

// OpenStream opens path for reading in format as ReadWith reads it, with
// the same limits. A regular file in native JSONL (given as "jsonl", or
// found so by "auto" or "") is streamed; anything else is read whole, then
// handed out one document at a time.
func OpenStream(ctx context.Context, path, format string, scheme []annotations.Label, opts ReadOptions) (*Stream, error) {
	if !IsURL(path) {
		if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
			f, fst, err := openRegular(path, false)
			if err != nil {
				return nil, err
			}
			if streamed(f, path, format) {
				return jsonlStream(ctx, f, fst.Size(), path, opts), nil
			}
			f.Close()
		}
	}
	in, err := ReadWith(ctx, path, format, scheme, opts)
	if err != nil {
		return nil, err
	}
	s := &Stream{Format: in.Format, Warnings: in.Warnings, WarningNotes: in.WarningNotes, size: int64(len(in.Documents)), reg: in.Registry}
	s.next = func() (*annotations.Document, error) {
		if s.n == len(in.Documents) {
			return nil, io.EOF
		}
		s.n++
		return &in.Documents[s.n-1], nil
	}
	return s, nil
}

// streamed tells whether the opened file f is read as native JSONL: by
// format, or by its extension and first record as Detect decides.
func streamed(f *os.File, path, format string) bool {
	switch format {
	case "jsonl":
		return true
	case "", "auto":
	default:
		return false
	}
	if ext := byExtension(path); ext != "" && ext != "jsonl" {
		return false
	}
	// The first record's keys tell native JSONL from doccano and Prodigy;
	// 1 MB holds the start of it whatever its text (sniffJSONL reads keys
	// only when the whole record is there, and otherwise says "jsonl").
	head := make([]byte, 1<<20)
	n, _ := f.ReadAt(head, 0)
	return Detect(path, head[:n]) == "jsonl" && wholeFirstRecord(head[:n])
}

// wholeFirstRecord reports whether head holds the file's first non-blank
// line entire, so that Detect has seen all of its keys.
func wholeFirstRecord(head []byte) bool {
	rest := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	return bytes.IndexByte(rest, '\n') >= 0 || len(head) < 1<<20
}

// jsonlStream decodes the native JSONL file f line by line, with the line
// and article limits of ReadWith.
func jsonlStream(ctx context.Context, f *os.File, size int64, path string, opts ReadOptions) *Stream {
	cr := &countingReader{r: f}
	dec := jsonl.NewDecoder(cr, path)
	dec.LineLimit = opts.LineLimit()
	dec.Registry = &annotations.Registry{}
	s := &Stream{Format: "jsonl", close: f.Close, read: cr, size: size, reg: dec.Registry}
	records := 0 // registry records read when the first article came
	s.next = func() (*annotations.Document, error) {
		if ctx.Err() != nil {
			return nil, cancelledRead(ctx, path)
		}
		d, err := dec.Next()
		var long *jsonl.LineTooLongError
		switch {
		case errors.Is(err, io.EOF):
			if s.n == 0 && dec.Registry.Empty() {
				return nil, annotations.Errorf(annotations.EINVALID, "%s holds no articles (read as jsonl)", path)
			}
			if s.n == 0 { // a registry alone
				if err := dec.Registry.Validate(); err != nil {
					return nil, annotations.Errorf(annotations.EINVALID, "%s: %s", path, err)
				}
			} else if n := registrySize(dec.Registry); n != records {
				return nil, annotations.Errorf(annotations.EINVALID, "%s: %d registry records come after the first article; a streamed import needs them first, as Hamesh writes them", path, n-records)
			}
			return nil, io.EOF
		case errors.As(err, &long):
			limit := opts.LineLimit()
			return nil, annotations.Errorf(annotations.EINVALID,
				"%s:%d: the line is longer than the %s limit per line (twice the %s limit per article; raise it with --max-article-size or in Preferences); nothing was read",
				path, long.Line, Size(limit), Size(limit/2))
		case err != nil:
			return nil, err
		}
		s.n++
		if s.n == 1 {
			records = registrySize(dec.Registry)
			if records > 0 {
				if err := dec.Registry.Validate(); err != nil {
					return nil, annotations.Errorf(annotations.EINVALID, "%s: %s", path, err)
				}
			}
		} else if registrySize(dec.Registry) != records {
			return nil, annotations.Errorf(annotations.EINVALID, "%s: a registry record comes after the first article (before line %d); a streamed import needs them first, as Hamesh writes them", path, dec.Line())
		}
		// The place is formatted only for an article over the limit.
		if limit := opts.ArticleLimit(); int64(len(d.Article.Text)) > limit {
			return nil, checkArticle(fmt.Sprintf("%s:%d", path, dec.Line()), s.n, &d.Article, limit)
		}
		return &d, nil
	}
	return s
}

// registrySize counts r's records.
func registrySize(r *annotations.Registry) int {
	return len(r.Entries) + len(r.Clusters) + len(r.RelationTypes)
}
