package formats

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

// TestRegistryNames pins the lists of names the command line's help and the
// GUI's export menu show, in their order.
func TestRegistryNames(t *testing.T) {
	if got, want := ImportFormats(), []string{"txt", "md", "jsonl", "html", "doccano", "labelstudio", "prodigy", "brat", "conll", "claimreview"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ImportFormats() = %v, want %v", got, want)
	}
	if got, want := ExportFormats(), []string{"jsonl", "doccano", "labelstudio", "prodigy", "brat", "conll", "claimreview", "checkthat", "claims-csv", "dataset"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ExportFormats() = %v, want %v", got, want)
	}
	seen := map[string]bool{}
	for _, f := range Formats() {
		if seen[f.Name] || f.Name == "" || f.Description == "" || !f.CanImport() && !f.CanExport() {
			t.Errorf("registry entry %+v: a name must be unique, described, and read or written", f)
		}
		seen[f.Name] = true
		if f.Ext() == "" && !f.Dir {
			t.Errorf("%s: a file format needs an extension", f.Name)
		}
	}
}

// TestRegistryLookup: a known name gives its entry; an unknown one an
// EINVALID error listing every known name.
func TestRegistryLookup(t *testing.T) {
	f, err := Lookup("labelstudio")
	if err != nil || f.Name != "labelstudio" || f.Ext() != ".json" || !f.CanImport() || !f.CanExport() {
		t.Errorf("Lookup(labelstudio) = %+v, %v", f, err)
	}
	if f, err := Lookup("dataset"); err != nil || f.CanImport() || !f.CanExport() {
		t.Errorf("dataset is written, not read: %+v", f)
	}
	_, err = Lookup("xml")
	want := `unknown format "xml" (known: txt, md, jsonl, html, doccano, labelstudio, prodigy, brat, conll, claimreview, checkthat, claims-csv, dataset)`
	if err == nil || err.Error() != want || annotations.ErrorCode(err) != annotations.EINVALID {
		t.Errorf("Lookup(xml) error = %v, want %q (EINVALID)", err, want)
	}
}

// TestUnknownFormatRefused: Read and Write refuse a name they do not
// accept, a known format of the other direction included, with the list of
// the names they do accept.
func TestUnknownFormatRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(p, []byte("Amman said hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"xml", "dataset"} {
		_, err := Read(context.Background(), p, name, nil)
		want := p + `: unknown import format "` + name + `" (want auto, txt, md, jsonl, html, doccano, labelstudio, prodigy, brat, conll, claimreview)`
		if err == nil || err.Error() != want || annotations.ErrorCode(err) != annotations.EINVALID {
			t.Errorf("Read as %s: %v, want %q", name, err, want)
		}
	}
	for _, name := range []string{"xml", "txt", "html"} {
		called := false
		err := Write(name, filepath.Join(t.TempDir(), "out"), nil, Options{}, func(func(*annotations.Document) error) error { called = true; return nil })
		want := `unknown export format "` + name + `" (want jsonl, doccano, labelstudio, prodigy, brat, conll, claimreview, checkthat, claims-csv, dataset)`
		if err == nil || err.Error() != want || annotations.ErrorCode(err) != annotations.EINVALID || called {
			t.Errorf("Write as %s: %v (source read: %v), want %q", name, err, called, want)
		}
	}
	if err := Write("brat", "-", nil, Options{}, func(func(*annotations.Document) error) error { return nil }); err == nil || !strings.Contains(err.Error(), "brat export writes a directory") {
		t.Errorf("brat to standard output: %v", err)
	}
}

// TestDetect: the extension decides when the registry knows it, else the
// first character; text that opens an HTML page is HTML; JSON lines are
// told apart by their first record.
func TestDetect(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"a.txt", `{"id":1}`, "txt"},
		{"a.text", "", "txt"},
		{"a.MD", "", "md"},
		{"a.markdown", "", "md"},
		{"export.jsonl", "", "jsonl"},
		{"x.ndjson", "", "jsonl"},
		{"ls.json", "", "labelstudio"},
		{"page.HTML", "", "html"},
		{"page.htm", "", "html"},
		{"page.xhtml", "", "html"},
		{"page.shtml", "hello", "html"},
		{"saved.txt", "<!-- saved from url -->\n<!DOCTYPE html><p>x", "html"},
		{"doc.ann", "", "brat"},
		{"train.conll", "", "conll"},
		{"train.bio", "", "conll"},
		{"train.iob", "", "conll"},
		{"noext", "\ufeff \n {\"text\":\"x\"}", "jsonl"},
		{"noext", "[{}]", "labelstudio"},
		{"page", "<!doctype html>", "html"},
		{"notes", "مرحبا", "txt"},
		{"empty", "", "txt"},
		{`C:\data\export.JSONL`, "", "jsonl"},
		{"d.jsonl", `{"text": "x", "label": [[0, 1, "PERS"]]}`, "doccano"},
		{"p.jsonl", `{"text": "x", "_input_hash": 1}`, "prodigy"},
		{"n.jsonl", `{"text": "x", "spans": []}`, "jsonl"},
		{"dataset", "", "txt"},
	}
	for _, c := range cases {
		if got := Detect(c.name, []byte(c.data)); got != c.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", c.name, c.data, got, c.want)
		}
	}
}
