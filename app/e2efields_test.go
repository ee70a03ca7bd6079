package app

import (
	"encoding/json"
	"image"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/internal/golden"
)

// typedNote is the example: Arabic with a number and a Latin word.
const typedNote = "قال ترامب 2017 وفق BBC"

// typeMixed types typedNote as a user switching keyboard layouts does:
// the Arabic words with the Arabic layout, the number and BBC with the US
// one (xdotool finds each character's real key in the current layout).
func (e *e2e) typeMixed() {
	e.t.Helper()
	e.typeText("قال ترامب ")
	e.run("xdotool", "type", "--delay", "150", "2017 ")
	e.typeText("وفق ")
	e.run("xdotool", "type", "--delay", "150", "BBC")
	time.Sleep(500 * time.Millisecond)
}

// fields reads the app's text field dump (FieldsEnv), waiting until want
// holds for up to 10 s; it returns the last dump read.
func (e *e2e) fields(path string, want func(map[string]fieldState) bool) map[string]fieldState {
	e.t.Helper()
	var st map[string]fieldState
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		b, err := os.ReadFile(path)
		if err != nil || json.Unmarshal(b, &st) != nil {
			continue
		}
		if want(st) {
			return st
		}
	}
	return st
}

// articleNote returns the stored note of the (single) article.
func (e *e2e) articleNote() string {
	e.t.Helper()
	out := e.run(e.bin, "export", "--db", e.db, "--format", "jsonl", "-o", "-")
	var rec struct {
		Note string `json:"note"`
	}
	line, _, _ := strings.Cut(strings.TrimSpace(out), "\n")
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		e.t.Fatalf("export does not parse: %v", err)
	}
	return rec.Note
}

// screenRect returns a field's rectangle on the screen in pixels.
func (e *e2e) screenRect(f fieldState) (x, y, w, h int) {
	var g viewGeometry
	b, _ := os.ReadFile(e.geometry)
	json.Unmarshal(b, &g)
	if g.Scale == 0 {
		g.Scale = 1
	}
	wx, wy := e.windowOrigin()
	px := func(v float32) int { return int(math.Round(float64(v * g.Scale))) }
	return wx + px(f.X), wy + px(f.Y), px(f.Width), px(f.Height)
}

// fieldShot takes a screenshot of the screen and returns the part a field
// covers.
func (e *e2e) fieldShot(f fieldState) image.Image {
	e.t.Helper()
	out := e.run("import", "-window", "root", "png:-")
	img, err := png.Decode(strings.NewReader(out))
	if err != nil {
		e.t.Fatalf("screenshot: %v", err)
	}
	x, y, w, h := e.screenRect(f)
	sub := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(sub, sub.Bounds(), img, image.Pt(x, y), draw.Src)
	return sub
}

// click clicks the middle of a field.
func (e *e2e) click(f fieldState) {
	x, y, w, h := e.screenRect(f)
	e.run("xdotool", "mousemove", strconv.Itoa(x+w/2), strconv.Itoa(y+h/2))
	e.run("xdotool", "click", "1")
	time.Sleep(300 * time.Millisecond)
}

// TestE2EFields types the mixed Arabic note into the article note
// and the find bar of the real window and checks the stored text and the
// caret offset, and the note field's pixels against testdata/field-note.png
// (go test -update rewrites it). With HAMESH_FIELD_SHOT=DIR it also saves
// the note field as DIR/field-window.png and the find bar as
// DIR/find-window.png.
func TestE2EFields(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no DISPLAY: run under xvfb-run (make test does)")
	}
	dir := t.TempDir()
	dump := filepath.Join(dir, "fields.json")
	t.Setenv(FieldsEnv, dump)
	e := startApp(t, dir, seedPath)
	e.key("Return")                   // the first start's name
	e.key("ctrl+l", "Down", "Return") // open the article
	n := len([]rune(typedNote))

	st := e.fields(dump, func(s map[string]fieldState) bool { return s["article-note"].Width > 0 })
	note, ok := st["article-note"]
	if !ok {
		e.screenshot("fields")
		t.Fatalf("no field dump from the app")
	}
	e.click(note)
	st = e.fields(dump, func(s map[string]fieldState) bool { return s["article-note"].Focused })
	if !st["article-note"].Focused {
		e.screenshot("note-focus")
		t.Fatalf("a click on the article note did not focus it")
	}
	e.typeMixed()
	st = e.fields(dump, func(s map[string]fieldState) bool { return s["article-note"].Text == typedNote })
	if got := st["article-note"]; got.Text != typedNote || got.Caret != n {
		e.screenshot("note-typed")
		t.Fatalf("article note holds %q, caret %d; want %q, caret %d", got.Text, got.Caret, typedNote, n)
	}
	var stored string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		if stored = e.articleNote(); stored == typedNote {
			break
		}
	}
	if stored != typedNote {
		t.Errorf("stored note %q, want %q", stored, typedNote)
	}
	// The field as drawn, against its golden (and, with
	// HAMESH_FIELD_SHOT=DIR, saved as DIR/field-window.png for docs/).
	shot := e.fieldShot(st["article-note"])
	golden.AssertImage(t, filepath.Join("testdata", "field-note.png"), shot, golden.Tolerance{Level: 48, Share: 0.02})
	if dir := os.Getenv("HAMESH_FIELD_SHOT"); dir != "" {
		f, err := os.Create(filepath.Join(dir, "field-window.png"))
		if err == nil {
			png.Encode(f, shot)
			f.Close()
		}
	}

	// The find bar: Ctrl+F focuses it; the same text, the same caret.
	e.key("ctrl+f")
	st = e.fields(dump, func(s map[string]fieldState) bool { return s["find"].Focused })
	if !st["find"].Focused {
		e.screenshot("find-focus")
		t.Fatalf("Ctrl+F did not focus the find bar")
	}
	e.typeMixed()
	st = e.fields(dump, func(s map[string]fieldState) bool { return s["find"].Text == typedNote })
	if got := st["find"]; got.Text != typedNote || got.Caret != n {
		e.screenshot("find-typed")
		t.Fatalf("find bar holds %q, caret %d; want %q, caret %d", got.Text, got.Caret, typedNote, n)
	}
	if dir := os.Getenv("HAMESH_FIELD_SHOT"); dir != "" {
		if f, err := os.Create(filepath.Join(dir, "find-window.png")); err == nil {
			png.Encode(f, e.fieldShot(st["find"]))
			f.Close()
		}
	}
	// Home (the line's start: the right end of this RTL line) and two
	// presses of ← move forward through قا: the caret is at 2.
	e.key("Home", "Left", "Left")
	st = e.fields(dump, func(s map[string]fieldState) bool { return s["find"].Caret == 2 })
	if got := st["find"].Caret; got != 2 {
		e.screenshot("find-keys")
		t.Errorf("Home, ←, ← in the RTL find bar: caret %d, want 2", got)
	}
}
