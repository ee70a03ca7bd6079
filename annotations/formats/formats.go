// Package formats is the one door to every dataset format Hamesh reads and
// writes: it detects a file's format, decodes it to documents, and encodes
// documents to a file or directory. The command line and the GUI both use it,
// so they offer the same formats with the same behaviour. Each format lives in
// its own sub-package.
package formats

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/brat"
	"github.com/hamesh-app/hamesh/annotations/formats/conll"
	"github.com/hamesh-app/hamesh/annotations/formats/dataset"
	"github.com/hamesh-app/hamesh/annotations/formats/doccano"
	"github.com/hamesh-app/hamesh/annotations/formats/html"
	"github.com/hamesh-app/hamesh/annotations/formats/interchange"
	"github.com/hamesh-app/hamesh/annotations/formats/jsonl"
	"github.com/hamesh-app/hamesh/annotations/formats/labelstudio"
	"github.com/hamesh-app/hamesh/annotations/formats/prodigy"
	"github.com/hamesh-app/hamesh/annotations/formats/text"
)

// ImportFormats lists the names Read accepts besides "auto".
func ImportFormats() []string {
	return []string{"txt", "md", "jsonl", "html", "doccano", "labelstudio", "prodigy", "brat", "conll"}
}

// ExportFormats lists the names Write accepts.
func ExportFormats() []string {
	return []string{"jsonl", "doccano", "labelstudio", "prodigy", "brat", "conll", "dataset"}
}

// Input is what Read found in one file, directory or URL.
type Input struct {
	Format    string                 // the format read (detected when "auto" was asked)
	Documents []annotations.Document // the articles, validated
	Warnings  []string               // what was read approximately (e.g. brat discontinuous spans)
}

// IsURL reports whether path is an http(s) URL that Read fetches.
func IsURL(path string) bool { return html.IsURL(path) }

// Read decodes path in format ("auto" or "" detects it): a file, a brat
// directory, or an http(s) URL (fetched once, with html.Fetch's size,
// time and redirect limits). scheme tells the kinds of labels the importers
// meet (nil: the default scheme). It only reads: a bad input is refused with
// a message naming the file and place, and nothing else changes.
func Read(ctx context.Context, path, format string, scheme []annotations.Label) (*Input, error) {
	in, err := read(ctx, path, format, scheme)
	if err != nil {
		return nil, err
	}
	if len(in.Documents) == 0 {
		return nil, annotations.Errorf(annotations.EINVALID, "%s holds no articles (read as %s)", path, in.Format)
	}
	return in, nil
}

func read(ctx context.Context, path, format string, scheme []annotations.Label) (*Input, error) {
	if scheme == nil {
		scheme = annotations.DefaultScheme()
	}
	if IsURL(path) {
		if format != "" && format != "auto" && format != "html" {
			return nil, annotations.Errorf(annotations.EINVALID, "%s: a URL is read as html, not %s", path, format)
		}
		d, err := html.Fetch(ctx, strings.TrimSpace(path), html.FetchOptions{})
		if err != nil {
			return nil, err
		}
		return &Input{Format: "html", Documents: []annotations.Document{d}}, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, annotations.Errorf(annotations.EINVALID, "cannot read %s: %v", path, err)
	}
	if st.IsDir() {
		if format != "" && format != "auto" && format != "brat" {
			return nil, annotations.Errorf(annotations.EINVALID, "%s is a directory; only brat imports read directories", path)
		}
		in, err := result("brat")(brat.Import(path, scheme))
		if err != nil {
			return nil, annotations.Errorf(annotations.ErrorCode(err), "%s: %v", path, err)
		}
		return in, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, annotations.Errorf(annotations.EINVALID, "cannot read %s: %v", path, err)
	}
	if format == "" || format == "auto" {
		format = Detect(path, b)
	}
	one := func(d annotations.Document, err error) (*Input, error) {
		if err != nil {
			return nil, err
		}
		return &Input{Format: format, Documents: []annotations.Document{d}}, nil
	}
	switch format {
	case "txt", "md":
		return one(text.ReadText(filepath.Base(path), b, format))
	case "html":
		return one(html.ReadHTML(filepath.Base(path), b, ""))
	case "jsonl":
		docs, err := jsonl.Decode(bytes.NewReader(b), path)
		if err != nil {
			return nil, err
		}
		return &Input{Format: format, Documents: docs}, nil
	case "doccano":
		return result(format)(doccano.Import(bytes.NewReader(b), path, scheme))
	case "labelstudio":
		return result(format)(labelstudio.Import(bytes.NewReader(b), path, scheme))
	case "prodigy":
		return result(format)(prodigy.Import(bytes.NewReader(b), path, scheme))
	case "brat":
		return readBratFile(path, b, scheme)
	case "conll":
		return result(format)(conll.Import(bytes.NewReader(b), path, scheme))
	}
	return nil, annotations.Errorf(annotations.EINVALID, "%s: unknown import format %q (want auto, %s)", path, format, strings.Join(ImportFormats(), ", "))
}

// result turns an importer's result into an Input of format.
func result(format string) func(interchange.Result, error) (*Input, error) {
	return func(r interchange.Result, err error) (*Input, error) {
		if err != nil {
			return nil, err
		}
		return &Input{Format: format, Documents: r.Documents, Warnings: r.Warnings}, nil
	}
}

// readBratFile reads one brat pair given either NAME.ann or NAME.txt, with
// the same kinds and validation as a brat directory.
func readBratFile(path string, b []byte, scheme []annotations.Label) (*Input, error) {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	txtPath, annPath := base+".txt", base+".ann"
	txt, ann := b, b
	var err error
	if path == annPath {
		txt, err = os.ReadFile(txtPath)
	} else {
		ann, err = os.ReadFile(annPath)
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
	return &Input{Format: "brat", Documents: []annotations.Document{d}, Warnings: res.Warnings}, nil
}

// Detect guesses the format of a file from its name and first bytes:
// the extension where it is telling, else the keys of the first JSON
// record (native JSONL, doccano, Prodigy, Label Studio), else HTML or text.
func Detect(name string, data []byte) string {
	f := text.DetectFormat(name, data)
	if f == "txt" && html.IsHTML(name, data) {
		return "html"
	}
	switch f {
	case "json":
		return "labelstudio"
	case "jsonl":
		return sniffJSONL(data)
	}
	return f
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
	case has("offset_unit"), has("text_sha256"), has("spans") && !has("tokens"):
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
	DoccanoForm doccano.Form // doccano: auto (zero), plain labels or entities/relations
	CoNLLFlavor conll.Flavor // CoNLL: columns (zero), conll2003 or wojood
	Warn        func(string) // told what an export left out (doccano, Prodigy, CoNLL); nil: not told
}

// Write encodes the documents of src in format to out: a file path, "-" for
// stdout (file formats only), or a directory for brat and dataset. A file is
// written to a temporary name and renamed into place when complete, so a
// failed export never leaves a half-written file.
func Write(format, out string, stdout io.Writer, opts Options, src Source) error {
	if opts.Scheme == nil {
		opts.Scheme = annotations.DefaultScheme()
	}
	all := func() ([]annotations.Document, error) {
		var docs []annotations.Document
		err := src(func(d *annotations.Document) error { docs = append(docs, *d); return nil })
		return docs, err
	}
	file := func(enc func(w io.Writer, docs []annotations.Document) error) error {
		docs, err := all()
		if err != nil {
			return err
		}
		return WriteFile(out, stdout, func(w io.Writer) error { return enc(w, docs) })
	}
	dir := func(enc func(dir string, docs []annotations.Document) error) error {
		if out == "-" {
			return annotations.Errorf(annotations.EINVALID, "%s export writes a directory: give -o DIR, not -", format)
		}
		docs, err := all()
		if err != nil {
			return err
		}
		return writeDir(out, func(dir string) error { return enc(dir, docs) })
	}
	switch format {
	case "jsonl":
		return WriteFile(out, stdout, func(w io.Writer) error {
			enc := jsonl.NewEncoder(w)
			return src(func(d *annotations.Document) error { return enc.Encode(d) })
		})
	case "doccano":
		return file(func(w io.Writer, docs []annotations.Document) error {
			return doccano.ExportOptions(w, docs, doccano.Options{Form: opts.DoccanoForm, Warn: opts.Warn})
		})
	case "prodigy":
		return file(func(w io.Writer, docs []annotations.Document) error {
			return prodigy.ExportOptions(w, docs, prodigy.Options{Warn: opts.Warn})
		})
	case "conll":
		return file(func(w io.Writer, docs []annotations.Document) error {
			return conll.Export(w, docs, conll.Options{LabelMap: opts.LabelMap, Flavor: opts.CoNLLFlavor, Warn: opts.Warn})
		})
	case "labelstudio":
		// The tasks, then the labeling config beside them (not for stdout).
		var config string
		err := file(func(w io.Writer, docs []annotations.Document) error {
			enc := labelstudio.NewEncoder(w)
			for i := range docs {
				if err := enc.Encode(&docs[i]); err != nil {
					return err
				}
			}
			err := enc.Close()
			config = enc.Config(opts.Scheme)
			return err
		})
		if err != nil || out == "-" {
			return err
		}
		return WriteFile(labelstudio.ConfigPath(out), nil, func(w io.Writer) error {
			_, err := io.WriteString(w, config)
			return err
		})
	case "brat":
		return dir(func(dir string, docs []annotations.Document) error { return brat.Export(dir, docs, opts.Scheme) })
	case "dataset":
		return dir(func(dir string, docs []annotations.Document) error {
			return dataset.Export(dir, docs, opts.Scheme, dataset.Options{Name: opts.Name, Split: opts.Split, Seed: opts.Seed})
		})
	}
	return annotations.Errorf(annotations.EINVALID, "unknown export format %q (want %s)", format, strings.Join(ExportFormats(), ", "))
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
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := write(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	os.Remove(path) // an empty directory, checked above
	if err := os.Rename(tmp, path); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("write %s: %w", path, err)
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

// WriteFile runs write against stdout ("-") or a temporary file renamed over
// path once complete and synced.
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
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
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
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
