package labelstudio_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
	"github.com/hamesh-app/hamesh/annotations/formats/labelstudio"
)

// TestExportFiles checks the files an export writes (formats.Write, what the
// command line and the GUI call): OUT.json holds what Export writes and
// OUT.config.xml, at ConfigPath, what Config returns.
func TestExportFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.json")
	docs := fixture.Documents()
	src := func(fn func(*annotations.Document) error) error {
		for i := range docs {
			if err := fn(&docs[i]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := formats.Write("labelstudio", path, io.Discard, formats.Options{Scheme: fixture.Scheme()}, src); err != nil {
		t.Fatal(err)
	}
	tasks, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(labelstudio.ConfigPath(path))
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := labelstudio.Export(&want, fixture.Documents()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(tasks, want.Bytes()) {
		t.Error("the exported tasks differ from Export")
	}
	if string(cfg) != labelstudio.Config(fixture.Scheme(), fixture.Documents()) {
		t.Error("the exported config differs from Config")
	}
	if labelstudio.ConfigPath("a/out.json") != "a/out.config.xml" {
		t.Errorf("ConfigPath = %q", labelstudio.ConfigPath("a/out.json"))
	}
}
