// Package formats is the one door to every dataset format Hamesh reads and
// writes: it detects a file's format, decodes it to documents, and encodes
// documents to a file or directory. The command line and the GUI both use it,
// so they offer the same formats with the same behaviour. Each format lives in
// its own sub-package; the registry (Formats, Lookup) is the one table of
// their names, extensions and encoder and decoder functions.
package formats

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/brat"
	"github.com/hamesh-app/hamesh/annotations/formats/conll"
	"github.com/hamesh-app/hamesh/annotations/formats/doccano"
	"github.com/hamesh-app/hamesh/annotations/formats/factcheck"
	"github.com/hamesh-app/hamesh/annotations/formats/html"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
	"github.com/hamesh-app/hamesh/annotations/formats/jsonl"
	"github.com/hamesh-app/hamesh/annotations/formats/labelstudio"
	"github.com/hamesh-app/hamesh/annotations/formats/prodigy"
	"github.com/hamesh-app/hamesh/annotations/formats/text"
)

// Format is one entry of the registry: a dataset format Hamesh reads,
// writes or both, under the name the command line's --format and the GUI's
// export menu use.
type Format struct {
	Name        string // the name given to Read and Write ("jsonl")
	Description string // one line saying what the format is, for help texts
	// Exts are the extensions of the format's files, lower case with the
	// dot; the first is the main one, which an export to a file is written
	// with (brat's is its .ann files', inside a directory). Detect reads a
	// file with one of them as the first format of the registry that lists
	// it (".jsonl" is native JSONL, doccano or Prodigy by its first record).
	// Dataset has none: it is a directory of files.
	Exts []string
	// Dir says that Write makes a directory rather than a file.
	Dir bool
	// Layers says that the format keeps annotators' layers apart: each
	// span (or annotation) names its annotator, so an export of every
	// layer (annotations.LayerAll) is possible. See ChooseLayer.
	Layers bool

	decode func(path string, data []byte, scheme []annotations.Label) (*Input, error)    // nil: not read
	encode func(f *Format, out string, stdout io.Writer, opts Options, src Source) error // nil: not written
}

// Ext is the format's main extension, the first of Exts (".jsonl"), or ""
// for a format with none.
func (f *Format) Ext() string {
	if len(f.Exts) == 0 {
		return ""
	}
	return f.Exts[0]
}

// CanImport reports whether Read accepts the format.
func (f *Format) CanImport() bool { return f.decode != nil }

// CanExport reports whether Write accepts the format.
func (f *Format) CanExport() bool { return f.encode != nil }

// registry is every format, in the order the lists of names give them.
// Read and Write find a format here and nowhere else.
var registry = []Format{
	{Name: "txt", Description: "plain text, one article per file", Exts: []string{".txt", ".text"}, decode: readText(text.FormatText)},
	{Name: "md", Description: "Markdown, kept as written, one article per file", Exts: []string{".md", ".markdown"}, decode: readText(text.FormatMarkdown)},
	{Name: "jsonl", Description: "Hamesh's native JSON Lines: articles with every span, relation and attribute", Exts: []string{".jsonl", ".ndjson"}, Layers: true,
		decode: func(path string, b []byte, _ []annotations.Label) (*Input, error) {
			docs, reg, err := jsonl.DecodeAll(bytes.NewReader(b), path)
			return &Input{Documents: docs, Registry: reg}, err
		},
		encode: writeJSONL},
	{Name: "html", Description: "a web page, read as one article (its title and body text)", Exts: []string{".html", ".htm", ".xhtml"},
		decode: func(path string, b []byte, _ []annotations.Label) (*Input, error) {
			d, err := html.ReadHTML(filepath.Base(path), b, "")
			return &Input{Documents: []annotations.Document{d}}, err
		}}, // read reads HTML through ReadHTMLContext

	{Name: "doccano", Description: "doccano sequence labelling JSONL", Exts: []string{".jsonl"},
		decode: importer(doccano.Import), encode: toFile(func(w io.Writer, docs []annotations.Document, opts Options) error {
			return doccano.ExportOptions(w, docs, doccano.Options{Form: opts.DoccanoForm, Warn: opts.Warn})
		})},
	{Name: "labelstudio", Description: "Label Studio tasks (JSON), with the labeling config beside them", Exts: []string{".json"}, Layers: true,
		decode: importer(labelstudio.Import), encode: writeLabelStudio},
	{Name: "prodigy", Description: "Prodigy JSONL tasks", Exts: []string{".jsonl"},
		decode: importer(prodigy.Import), encode: toFile(func(w io.Writer, docs []annotations.Document, opts Options) error {
			return prodigy.ExportOptions(w, docs, prodigy.Options{Warn: opts.Warn})
		})},
	{Name: "brat", Description: "brat standoff: a .txt and an .ann per article, in a directory", Exts: []string{".ann"}, Dir: true,
		decode: func(path string, b []byte, scheme []annotations.Label) (*Input, error) {
			return readBratFile(path, b, scheme, ReadOptions{})
		}, // read passes its options
		encode: toDir(func(dir string, docs []annotations.Document, opts Options) error {
			var entries []annotations.Entry
			if opts.Registry != nil {
				entries = opts.Registry.Entries
			}
			return brat.ExportRegistry(dir, docs, opts.Scheme, entries)
		})},
	{Name: "conll", Description: "CoNLL tags of the entity spans, one token a line (columns, conll2003 or wojood flavour)", Exts: []string{".conll", ".bio", ".iob"},
		decode: importer(conll.Import),
		encode: toFile(func(w io.Writer, docs []annotations.Document, opts Options) error {
			return conll.Export(w, docs, conll.Options{LabelMap: opts.LabelMap, Flavor: opts.CoNLLFlavor, Warn: opts.Warn})
		})},
	{Name: "claimreview", Description: "schema.org ClaimReview JSON-LD, one per reviewed claim cluster (Google Fact Check Explorer)", Exts: []string{".jsonld"},
		decode: func(path string, b []byte, _ []annotations.Label) (*Input, error) {
			reg, notes, err := factcheck.ReadClaimReviewNotes(b, path)
			in := &Input{Registry: reg, WarningNotes: notes}
			for _, n := range notes {
				in.Warnings = append(in.Warnings, n.String())
			}
			return in, err
		},
		encode: toFile(func(w io.Writer, docs []annotations.Document, opts Options) error {
			return factcheck.WriteClaimReview(w, docs, opts.Registry, opts.Warn)
		})},
	{Name: "checkthat", Description: "CLEF CheckThat! Task 1 check-worthiness TSV, one row per claim", Exts: []string{".tsv"},
		encode: toFile(func(w io.Writer, docs []annotations.Document, opts Options) error {
			return factcheck.CheckThat(w, docs, opts.WithNonClaims)
		})},
	{Name: "claims-csv", Description: "one CSV row per claim with its cluster and verdict (AraFacts-style)", Exts: []string{".csv"},
		encode: toFile(func(w io.Writer, docs []annotations.Document, opts Options) error {
			return factcheck.ClaimsCSV(w, docs, opts.Registry)
		})},
	{Name: "dataset", Description: "a training dataset directory: JSONL splits, labels and a dataset card", Dir: true, Layers: true,
		encode: writeDataset},
}

// Formats returns every format of the registry, in order.
func Formats() []Format { return append([]Format(nil), registry...) }

// Lookup returns the format called name, or an EINVALID error listing the
// known names when there is none.
func Lookup(name string) (Format, error) {
	if f := lookup(name); f != nil {
		return *f, nil
	}
	return Format{}, annotations.Errorf(annotations.EINVALID, "unknown format %q (known: %s)", name, strings.Join(names(nil), ", "))
}

// lookup returns the registry's entry called name, or nil.
func lookup(name string) *Format {
	for i := range registry {
		if registry[i].Name == name {
			return &registry[i]
		}
	}
	return nil
}

// names lists the names of the formats for which keep is true (all when
// keep is nil), in registry order.
func names(keep func(*Format) bool) []string {
	var out []string
	for i := range registry {
		if keep == nil || keep(&registry[i]) {
			out = append(out, registry[i].Name)
		}
	}
	return out
}

// ImportFormats lists the names Read accepts besides "auto".
func ImportFormats() []string { return names((*Format).CanImport) }

// ExportFormats lists the names Write accepts.
func ExportFormats() []string { return names((*Format).CanExport) }

// importFormat returns the format Read decodes as name, or the error that
// names the file and lists the import formats.
func importFormat(path, name string) (*Format, error) {
	if f := lookup(name); f != nil && f.CanImport() {
		return f, nil
	}
	return nil, annotations.Errorf(annotations.EINVALID, "%s: unknown import format %q (want auto, %s)", path, name, strings.Join(ImportFormats(), ", "))
}

// exportFormat returns the format Write encodes as name, or the error that
// lists the export formats.
func exportFormat(name string) (*Format, error) {
	if f := lookup(name); f != nil && f.CanExport() {
		return f, nil
	}
	return nil, annotations.Errorf(annotations.EINVALID, "unknown export format %q (want %s)", name, strings.Join(ExportFormats(), ", "))
}

// Input is what Read found in one file, directory or URL.
type Input struct {
	Format    string                 // the format read (detected when "auto" was asked)
	Documents []annotations.Document // the articles, validated
	Warnings  []string               // what was read approximately (e.g. brat discontinuous spans)
	// WarningNotes are Warnings as notes, for the GUI to translate; nil
	// when the reader gave only the English sentences.
	WarningNotes []annotations.Note
	// Registry holds the registry entries, claim clusters and relation
	// types the file carries (native JSONL, ClaimReview), or nil.
	Registry *annotations.Registry
}

// IsURL reports whether path is an http(s) URL that Read fetches.
func IsURL(path string) bool { return html.IsURL(path) }

// Read decodes path in format ("auto" or "" detects it): a file, a brat
// directory, or an http(s) URL (fetched once, with html.Fetch's size,
// time and redirect limits), with the default ReadOptions. scheme tells the
// kinds of labels the importers meet (nil: the default scheme). It only
// reads: a bad input is refused with a message naming the file and place,
// and nothing else changes.
func Read(ctx context.Context, path, format string, scheme []annotations.Label) (*Input, error) {
	return ReadWith(ctx, path, format, scheme, ReadOptions{})
}

// ReadWith is Read with its limits set by opts:
//
//   - Only regular files are read. A FIFO, device or socket is refused at
//     once, without blocking on it or reading it.
//   - A .txt or .md file, and a brat .txt, larger than the article limit is
//     refused unread; an HTML file or a brat .ann larger than the line
//     limit too. A JSON lines file (native, doccano, Prodigy) is refused at
//     its first line longer than the line limit, and read no further. Every
//     article read, in any format, must have a text within the article
//     limit.
//   - A directory is read only as a brat collection, and without --format
//     brat only if it is one (it holds a .ann file, annotation.conf or
//     brat.MetaFile directly). Its symbolic links and special files are
//     skipped, never followed or opened, with a warning counting them.
//   - A URL follows redirects within its host only, unless
//     opts.FollowRedirectsAnywhere; its parsing is bounded by the fetch's
//     time limit too.
//
// Reading stops when ctx is cancelled.
func ReadWith(ctx context.Context, path, format string, scheme []annotations.Label, opts ReadOptions) (*Input, error) {
	in, err := read(ctx, path, format, scheme, opts)
	if err != nil {
		return nil, err
	}
	if len(in.Documents) == 0 && in.Registry.Empty() {
		return nil, annotations.Errorf(annotations.EINVALID, "%s holds no articles (read as %s)", path, in.Format)
	}
	return in, nil
}

// lineFormats are the formats read one JSON record per line, whose files
// are read with the line limit.
var lineFormats = map[string]bool{"jsonl": true, "doccano": true, "prodigy": true}

// singleFormats are the formats whose file is one article: read whole,
// within the article limit.
var singleFormats = map[string]bool{"txt": true, "md": true}

func read(ctx context.Context, path, format string, scheme []annotations.Label, opts ReadOptions) (*Input, error) {
	if scheme == nil {
		scheme = annotations.DefaultScheme()
	}
	if IsURL(path) {
		if format != "" && format != "auto" && format != "html" {
			return nil, annotations.Errorf(annotations.EINVALID, "%s: a URL is read as html, not %s", path, format)
		}
		d, err := html.Fetch(ctx, strings.TrimSpace(path), html.FetchOptions{FollowRedirectsAnywhere: opts.FollowRedirectsAnywhere})
		if err != nil {
			return nil, err
		}
		in := &Input{Format: "html", Documents: []annotations.Document{d}}
		if err := checkArticles(path, in, opts.ArticleLimit(), nil); err != nil {
			return nil, err
		}
		return in, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, annotations.Errorf(annotations.EINVALID, "cannot read %s: %v", path, err)
	}
	if st.IsDir() {
		if format != "" && format != "auto" && format != "brat" {
			return nil, annotations.Errorf(annotations.EINVALID, "%s is a directory; only brat imports read directories", path)
		}
		in, err := readFolder(ctx, path, format == "brat", scheme, opts)
		if err != nil {
			return nil, err
		}
		if err := checkArticles(path, in, opts.ArticleLimit(), nil); err != nil {
			return nil, err
		}
		return in, nil
	}
	f, fst, err := openRegular(path, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := readFile(ctx, path, f, fst.Size(), format, opts)
	if err != nil {
		return nil, err
	}
	if format == "" || format == "auto" {
		format = Detect(path, b)
	}
	fm, err := importFormat(path, format)
	if err != nil {
		return nil, err
	}
	var in *Input
	if ctx.Err() != nil {
		return nil, cancelledRead(ctx, path)
	}
	if fm.Name == "html" {
		var d annotations.Document
		d, err = html.ReadHTMLContext(ctx, filepath.Base(path), b, "")
		in = &Input{Documents: []annotations.Document{d}}
	} else if fm.Name == "brat" {
		in, err = readBratFile(path, b, scheme, opts)
	} else {
		in, err = fm.decode(path, b, scheme)
	}
	if err != nil {
		return nil, err
	}
	in.Format = fm.Name
	var lines []int
	if lineFormats[fm.Name] {
		lines = nonBlankLines(b)
	}
	if err := checkArticles(path, in, opts.ArticleLimit(), lines); err != nil {
		return nil, err
	}
	return in, nil
}

// readFile reads the opened regular file f (size bytes by its fstat) with
// the limit of the format it will be read as: format, or when that is
// "auto" the one its extension or first non-blank byte suggests (as Detect
// decides). A one-article file is read whole within the article limit, an
// HTML or brat file within the line limit, a JSON lines file line by line
// within the line limit, and a Label Studio or CoNLL file whole, its
// articles checked once decoded.
func readFile(ctx context.Context, path string, f *os.File, size int64, format string, opts ReadOptions) ([]byte, error) {
	kind := format
	if kind == "" || kind == "auto" {
		kind = byExtension(path)
	}
	if kind == "" {
		// Peek at the first non-blank byte, as Detect does.
		head := make([]byte, 4096)
		n, _ := f.ReadAt(head, 0)
		head = bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf")), " \t\r\n")
		kind = "txt"
		if len(head) > 0 {
			switch head[0] {
			case '{':
				kind = "jsonl"
			case '[':
				kind = "labelstudio"
			case '<':
				kind = "html"
			}
		}
	}
	switch {
	case singleFormats[kind]:
		// An HTML page detected by its content is within the line limit.
		if size > opts.ArticleLimit() && size <= opts.LineLimit() && (format == "" || format == "auto") {
			head := make([]byte, 1024)
			n, _ := f.ReadAt(head, 0)
			if html.IsHTML(path, head[:n]) {
				return readWhole(path, f, size, opts.LineLimit(), "per HTML file (twice the limit per article)")
			}
		}
		return readWhole(path, f, size, opts.ArticleLimit(), "per article")
	case kind == "brat" && strings.HasSuffix(path, ".txt"):
		return readWhole(path, f, size, opts.ArticleLimit(), "per article")
	case kind == "brat":
		return readWhole(path, f, size, opts.LineLimit(), "per brat file (twice the limit per article)")
	case kind == "html":
		return readWhole(path, f, size, opts.LineLimit(), "per HTML file (twice the limit per article)")
	case lineFormats[kind]:
		return readLines(ctx, path, f, size, opts.LineLimit())
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, annotations.Errorf(annotations.EINVALID, "cannot read %s: %v", path, err)
	}
	return b, nil
}

// readText returns the decoder of a text format ("txt" or "md"; they differ
// only in how the title is taken).
func readText(format string) func(string, []byte, []annotations.Label) (*Input, error) {
	return func(path string, b []byte, _ []annotations.Label) (*Input, error) {
		d, err := text.ReadText(filepath.Base(path), b, format)
		return &Input{Documents: []annotations.Document{d}}, err
	}
}

// importer adapts an interchange importer (doccano, Label Studio, Prodigy, CoNLL)
// to a registry decoder.
func importer(imp func(r io.Reader, name string, scheme []annotations.Label) (interchange.Result, error)) func(string, []byte, []annotations.Label) (*Input, error) {
	return func(path string, b []byte, scheme []annotations.Label) (*Input, error) {
		r, err := imp(bytes.NewReader(b), path, scheme)
		if err != nil {
			return nil, err
		}
		return &Input{Documents: r.Documents, Warnings: r.Warnings, WarningNotes: r.WarningNotes}, nil
	}
}

// readBratFile reads one brat pair given either NAME.ann or NAME.txt, with
// the same kinds and validation as a brat directory. The other file of the
// pair is opened as openRegular opens it and read within its limit.
func readBratFile(path string, b []byte, scheme []annotations.Label, opts ReadOptions) (*Input, error) {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	txtPath, annPath := base+".txt", base+".ann"
	txt, ann := b, b
	var err error
	if path == annPath {
		txt, err = readPart(txtPath, opts.ArticleLimit(), "per article")
	} else {
		if int64(len(txt)) > opts.ArticleLimit() {
			return nil, tooLarge(path, int64(len(txt)), opts.ArticleLimit(), "per article")
		}
		ann, err = readPart(annPath, opts.LineLimit(), "per brat file (twice the limit per article)")
	}
	if err != nil {
		return nil, annotations.Errorf(annotations.EINVALID, "%s: a brat document needs both %s and %s: %v", path, filepath.Base(txtPath), filepath.Base(annPath), err)
	}
	var res interchange.Result
	d, err := brat.DecodeDocument(txtPath, txt, annPath, ann, &res)
	if err != nil {
		return nil, err
	}
	interchange.SetKinds(scheme, &d)
	if err := interchange.Validate(&d, annPath); err != nil {
		return nil, err
	}
	return &Input{Documents: []annotations.Document{d}, Warnings: res.Warnings, WarningNotes: res.WarningNotes}, nil
}

// readPart reads the other file of a brat pair: a regular file within
// limit, not read through a symbolic link (the user named its partner,
// not it).
func readPart(path string, limit int64, what string) ([]byte, error) {
	if _, err := os.Lstat(path); err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			pe.Op = "open" // said as the pair's missing half: "open PATH: no such file"
		}
		return nil, err
	}
	f, st, err := openRegular(path, true)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readWhole(path, f, st.Size(), limit, what)
}

// Detect guesses the format of a file from its name and first bytes. A
// known extension decides (see Format.Exts); otherwise the first non-space
// character does: '{' JSON lines, '[' Label Studio, '<' HTML, anything else
// text. A text that opens an HTML document (html.IsHTML) is HTML, and JSON
// lines are told apart by the keys of the first record (native JSONL,
// doccano, Prodigy).
func Detect(name string, data []byte) string {
	f := byExtension(name)
	if f == "" {
		f = "txt"
		data := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
		if len(data) > 0 {
			switch data[0] {
			case '{':
				f = "jsonl"
			case '[':
				f = "labelstudio"
			case '<':
				f = "html"
			}
		}
	}
	switch {
	case f == "txt" && html.IsHTML(name, data):
		return "html"
	case f == "jsonl":
		return sniffJSONL(data)
	}
	return f
}

// byExtension returns the first format of the registry whose Exts hold
// name's extension (case-insensitive; \ separates folders too), or "".
func byExtension(name string) string {
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(name, "\\", "/")))
	for i := range registry {
		if ext != "" && slices.Contains(registry[i].Exts, ext) {
			return registry[i].Name
		}
	}
	return ""
}

// sniffJSONL tells native JSONL from doccano and Prodigy by the keys of the
// first record.
func sniffJSONL(data []byte) string {
	line := bytes.TrimLeft(data, "\xef\xbb\xbf \t\r\n")
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(line, &keys) != nil {
		return "jsonl" // the native decoder names the broken line
	}
	has := func(k string) bool { _, ok := keys[k]; return ok }
	switch {
	case has("record"), has("offset_unit"), has("text_sha256"), has("spans") && !has("tokens"):
		return "jsonl"
	case has("_input_hash"), has("_task_hash"), has("tokens"):
		return "prodigy"
	case has("entities"), has("label"):
		return "doccano"
	}
	return "jsonl"
}

// Source streams the documents to export, calling fn for each in order.
type Source func(fn func(*annotations.Document) error) error

// Options tune an export.
type Options struct {
	Scheme []annotations.Label // the label scheme, for formats that describe it
	Split  string              // dataset: "80/10/10"-style split by article, "" for none
	Seed   int64               // dataset: the split's seed
	Name   string              // dataset: the card's title
	// LabelMap renames entity labels for CoNLL (e.g. conll.ANERcorp).
	LabelMap    map[string]string
	DoccanoForm doccano.Form           // doccano: auto (zero), plain labels or entities/relations
	CoNLLFlavor conll.Flavor           // CoNLL: columns (zero), conll2003 or wojood
	Warn        func(annotations.Note) // told what an export left out (doccano, Prodigy, CoNLL); nil: not told
	// Layer is the layer to write, as ChooseLayer decided it: "" every span
	// as stored, annotations.LayerAll every layer kept apart (only formats
	// whose Layers is set), or one layer's name (annotations.GoldLayer or an
	// annotator's): only its spans and the relations between them.
	Layer string
	// Registry is the registry entries, claim clusters and relation types
	// the documents refer to: native JSONL writes them first, and the
	// fact-checking formats and the dataset's entities.jsonl read them.
	Registry *annotations.Registry
	// WithNonClaims makes the CheckThat TSV also write every sentence no
	// claim overlaps, labelled No.
	WithNonClaims bool

	unfiltered Source // every layer, for the dataset card's team figures
}

// Write encodes the documents of src in format to out: a file path, "-" for
// stdout (file formats only), or a directory for the formats whose Dir is
// set (brat, dataset). A file is
// written to a temporary name and renamed into place when complete, so a
// failed export never leaves a half-written file. opts.Layer chooses the
// layer written (see ChooseLayer); LayerAll for a format whose Layers is
// not set is refused with EINVALID before anything is written.
func Write(format, out string, stdout io.Writer, opts Options, src Source) error {
	if opts.Scheme == nil {
		opts.Scheme = annotations.DefaultScheme()
	}
	f, err := exportFormat(format)
	if err != nil {
		return err
	}
	if opts.Layer == annotations.LayerAll && !f.Layers {
		return annotations.Errorf(annotations.EINVALID, "%s cannot keep layers apart (it has no place for a span's annotator): export one layer, or use %s", f.Name, strings.Join(LayerNames(), ", "))
	}
	opts.unfiltered = src
	return f.encode(f, out, stdout, opts, layerSource(src, opts.Layer))
}

// all collects the documents of src, checking each as an import would: a
// document read from a damaged or tampered database stops the export
// with its name, so that no format writes a file that Hamesh itself would
// then refuse to import.
func all(src Source) ([]annotations.Document, error) {
	var docs []annotations.Document
	err := src(func(d *annotations.Document) error {
		if err := annotations.ValidateDocument(d); err != nil {
			return annotations.Failf("%w; nothing was exported", err)
		}
		docs = append(docs, *d)
		return nil
	})
	return docs, err
}

// toFile makes the encoder of a file format whose writer takes every
// document at once: the file is written through WriteFile.
func toFile(enc func(w io.Writer, docs []annotations.Document, opts Options) error) func(*Format, string, io.Writer, Options, Source) error {
	return func(_ *Format, out string, stdout io.Writer, opts Options, src Source) error {
		docs, err := all(src)
		if err != nil {
			return err
		}
		return WriteFile(out, stdout, func(w io.Writer) error { return enc(w, docs, opts) })
	}
}

// toDir makes the encoder of a directory format: the directory is built
// through writeDir, and "-" (standard output) is refused.
func toDir(enc func(dir string, docs []annotations.Document, opts Options) error) func(*Format, string, io.Writer, Options, Source) error {
	return func(f *Format, out string, _ io.Writer, opts Options, src Source) error {
		if out == "-" {
			return annotations.Errorf(annotations.EINVALID, "%s export writes a directory: give -o DIR, not -", f.Name)
		}
		docs, err := all(src)
		if err != nil {
			return err
		}
		return writeDir(out, func(dir string) error { return enc(dir, docs, opts) })
	}
}

// writeJSONL streams the documents to a native JSONL file, one at a time.
func writeJSONL(_ *Format, out string, stdout io.Writer, opts Options, src Source) error {
	return WriteFile(out, stdout, func(w io.Writer) error {
		enc := jsonl.NewEncoder(w)
		if err := enc.EncodeRegistry(opts.Registry); err != nil {
			return err
		}
		return src(func(d *annotations.Document) error { return enc.Encode(d) })
	})
}

// writeLabelStudio writes the tasks, then the labeling config beside them
// (not for standard output).
func writeLabelStudio(f *Format, out string, stdout io.Writer, opts Options, src Source) error {
	var config string
	err := toFile(func(w io.Writer, docs []annotations.Document, opts Options) error {
		enc := labelstudio.NewEncoder(w)
		enc.Layers = opts.Layer == annotations.LayerAll
		for i := range docs {
			if err := enc.Encode(&docs[i]); err != nil {
				return err
			}
		}
		err := enc.Close()
		config = enc.Config(opts.Scheme)
		return err
	})(f, out, stdout, opts, src)
	if err != nil || out == "-" {
		return err
	}
	return WriteFile(labelstudio.ConfigPath(out), nil, func(w io.Writer) error {
		_, err := io.WriteString(w, config)
		return err
	})
}

// writeDir builds a directory export in a temporary sibling directory and
// renames it to path once complete, so a failed or killed export never
// leaves a half-written directory under the name asked for. An existing
// path must be an empty directory: nothing is overwritten.
func writeDir(path string, write func(dir string) error) error {
	if st, err := os.Stat(path); err == nil {
		if !st.IsDir() {
			return annotations.Errorf(annotations.EINVALID, "%s exists and is not a directory; choose a new directory (nothing was written)", path)
		}
		entries, err := os.ReadDir(path)
		if err != nil || len(entries) > 0 {
			return annotations.Errorf(annotations.EINVALID, "%s exists and is not empty; choose a new directory (nothing was written)", path)
		}
	}
	parent, base := filepath.Dir(path), filepath.Base(path)
	removeStale(parent, "."+base+".tmp")
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp")
	if err != nil {
		return annotations.Failf("cannot write %s: %w", path, err)
	}
	if err := write(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	// MkdirTemp makes the directory 0700; the export follows the umask,
	// as a directory made by mkdir would.
	if err := os.Chmod(tmp, newMode(0o777)); err != nil {
		os.RemoveAll(tmp)
		return annotations.Failf("write %s: %w", path, err)
	}
	os.Remove(path) // an empty directory, checked above
	if err := os.Rename(tmp, path); err != nil {
		os.RemoveAll(tmp)
		return annotations.Failf("write %s: %w", path, err)
	}
	return nil
}

// staleAfter is how old a temporary export must be before a later export
// of the same name removes it as left behind by a crash.
const staleAfter = 10 * time.Minute

// removeStale removes files and directories in dir whose names start with
// prefix and that have not been written for staleAfter: what an export
// killed mid-way left behind.
func removeStale(dir, prefix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleAfter {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// newMode is the permission a new file or directory gets from perm under
// the process's umask.
func newMode(perm os.FileMode) os.FileMode {
	return perm &^ os.FileMode(processUmask)
}

// outputMode is the permission an export written to path gets: that of the
// file it replaces, or 0666 less the umask for a new file, as the shell's
// redirection would give (CreateTemp alone would make every export 0600).
func outputMode(path string) os.FileMode {
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		return st.Mode().Perm()
	}
	return newMode(0o666)
}

// WriteFile runs write against stdout ("-") or a temporary file renamed over
// path once complete and synced. The file keeps the permissions of the one
// it replaces, or follows the umask when new.
func WriteFile(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" {
		bw := bufio.NewWriter(stdout)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	removeStale(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return annotations.Failf("cannot write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Chmod(outputMode(path))
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return annotations.Failf("write %s: %w", path, err)
	}
	return nil
}
