package html

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden renders what an import yields, for comparison with a golden file:
// the article's fields, then its text after a separator line.
func golden(d annotations.Document) string {
	a := d.Article
	return fmt.Sprintf("title: %s\nlang: %s\ndirection: %s\nsource: %s\nstatus: %s\n-----\n%s\n",
		a.Title, a.Lang, a.Direction, a.Source, a.Status, a.Text)
}

// checkGolden compares got with testdata/name, rewriting it under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the extraction (go test -update rewrites it)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadHTMLGolden(t *testing.T) {
	for _, name := range []string{"news-ar.html", "news-en.html"} {
		t.Run(name, func(t *testing.T) {
			d, err := ReadHTML(name, readFixture(t, name), "")
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, strings.TrimSuffix(name, ".html")+".golden", golden(d))
		})
	}
}
