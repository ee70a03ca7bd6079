package layout

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var docs = flag.Bool("docs", false, "write docs/render-seed.png and, with Chromium, docs/chromium-seed.png")

// TestDocsImages writes the side-by-side pair in docs/: the seed article as
// this package draws it at 640 px, and as Chromium does
// (/work/shared/tools/chromium-render, same fonts, size and line height).
// It runs only with -docs.
func TestDocsImages(t *testing.T) {
	if !*docs {
		t.Skip("run with -docs to write docs/render-seed.png")
	}
	dir := filepath.Join("..", "..", "docs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	l := mustLayout(t, seedText(t), RTL, Options{Width: 640})
	f, err := os.Create(filepath.Join(dir, "render-seed.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := RenderPNG(f, l, nil, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	const tool = "/work/shared/tools/chromium-render"
	if _, err := os.Stat(tool); err != nil {
		t.Skipf("%s not available: only render-seed.png written", tool)
	}
	tmp := filepath.Join(t.TempDir(), "seed.txt")
	os.WriteFile(tmp, []byte(seedText(t)), 0o644)
	if out, err := exec.Command(tool, tmp, filepath.Join(dir, "chromium-seed.png"), "640").CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
}
