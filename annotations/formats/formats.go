// Package formats is the one door to every dataset format Hamesh reads and
// writes: it detects a file's format, decodes it to documents, and encodes
// documents to a file or directory. The command line and the GUI both use it,
// so they offer the same formats with the same behaviour. Each format lives in
// its own sub-package.
package formats

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/jsonl"
	"github.com/hamesh-app/hamesh/annotations/formats/text"
)

// ImportFormats lists the names Read accepts besides "auto".
func ImportFormats() []string { return []string{"txt", "md", "jsonl"} }

// ExportFormats lists the names Write accepts.
func ExportFormats() []string { return []string{"jsonl"} }

// Read decodes the file at path in format ("auto" detects it). It only reads:
// a bad file is refused with a message naming the file and place, and nothing
// else changes.
func Read(path, format string) ([]annotations.Document, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, annotations.Errorf(annotations.EINVALID, "cannot read %s: %v", path, err)
	}
	if st.IsDir() {
		return nil, annotations.Errorf(annotations.EINVALID, "%s is a directory, not a file to import", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, annotations.Errorf(annotations.EINVALID, "cannot read %s: %v", path, err)
	}
	if format == "" || format == "auto" {
		format = text.DetectFormat(path, b)
	}
	switch format {
	case "txt", "md":
		d, err := text.ReadText(filepath.Base(path), b, format)
		if err != nil {
			return nil, err
		}
		return []annotations.Document{d}, nil
	case "jsonl":
		return jsonl.Decode(bytes.NewReader(b), path)
	}
	return nil, annotations.Errorf(annotations.EINVALID, "%s: unknown import format %q (want auto, %s)", path, format, strings.Join(ImportFormats(), ", "))
}

// Source streams the documents to export, calling fn for each in order.
type Source func(fn func(*annotations.Document) error) error

// Options tune an export.
type Options struct {
	Scheme []annotations.Label // the label scheme, for formats that describe it
}

// Write encodes the documents of src in format to out: a file path, or "-"
// for stdout. A file is written to a temporary name and renamed into place
// when complete, so a failed export never leaves a half-written file.
func Write(format, out string, stdout io.Writer, opts Options, src Source) error {
	switch format {
	case "jsonl":
		return WriteFile(out, stdout, func(w io.Writer) error {
			enc := jsonl.NewEncoder(w)
			return src(func(d *annotations.Document) error { return enc.Encode(d) })
		})
	}
	return annotations.Errorf(annotations.EINVALID, "unknown export format %q (want %s)", format, strings.Join(ExportFormats(), ", "))
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
