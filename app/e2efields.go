package app

import (
	"encoding/json"
	"os"
	"time"

	"fyne.io/fyne/v2"

	"github.com/hamesh-app/hamesh/app/textfield"
)

// FieldsEnv names an environment variable for end-to-end tests: when set
// to a file path, the workspace writes the state of its main text fields
// there (as JSON, several times a second): each field's place on the
// window, its text and its caret offset, so a test typing into the real
// window can check what the field holds and where its caret is.
const FieldsEnv = "HAMESH_E2E_FIELDS"

// fieldState is what writeFields records for one field, in canvas units.
type fieldState struct {
	X, Y, Width, Height float32
	Text                string
	Caret               int
	Focused             bool
}

// startFieldDump starts writing the fields' state if FieldsEnv asks for it.
func (ws *Workspace) startFieldDump() {
	path := os.Getenv(FieldsEnv)
	if path == "" {
		return
	}
	go func() {
		for range time.Tick(250 * time.Millisecond) {
			fyne.Do(func() { ws.writeFields(path) })
		}
	}()
}

func (ws *Workspace) writeFields(path string) {
	d := fyne.CurrentApp().Driver()
	state := map[string]fieldState{}
	add := func(name string, f *textfield.Field, o fyne.CanvasObject) {
		pos := d.AbsolutePositionForObject(o)
		size := o.Size()
		state[name] = fieldState{X: pos.X, Y: pos.Y, Width: size.Width, Height: size.Height,
			Text: f.Text, Caret: f.CursorOffset(), Focused: f.Focused()}
	}
	add("find", &ws.find.Entry.Field, ws.find.Entry)
	add("filter", &ws.library.Filter.Field, ws.library.Filter)
	add("article-note", &ws.inspector.ArticleNote.Field, ws.inspector.ArticleNote)
	b, err := json.Marshal(state)
	if err != nil {
		return
	}
	tmp := path + ".tmp"
	if os.WriteFile(tmp, b, 0o644) == nil {
		os.Rename(tmp, path)
	}
}
