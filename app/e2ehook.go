package app

import (
	"encoding/json"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// GeometryEnv names an environment variable for end-to-end tests: when set
// to a file path, the workspace writes the article view's place on the
// window there (as JSON) whenever an article is opened, so a test driving
// the real window with xdotool can find words with app/layout's geometry.
const GeometryEnv = "HAMESH_E2E_GEOMETRY"

// viewGeometry is what writeGeometry records, in canvas units.
type viewGeometry struct {
	X, Y, Width, Height float32
	Margin              float32 // space around the text area
	FontSize            float32
	Scale               float32 // canvas units to pixels
	ArticleID           string
}

// writeGeometry records the view's geometry if GeometryEnv asks for it,
// now and again once the window has settled.
func (ws *Workspace) writeGeometry() {
	ws.fieldDump.Do(ws.startFieldDump)
	if os.Getenv(GeometryEnv) == "" {
		return
	}
	ws.writeGeometryNow()
	time.AfterFunc(500*time.Millisecond, func() { fyne.Do(ws.writeGeometryNow) })
}

func (ws *Workspace) writeGeometryNow() {
	path := os.Getenv(GeometryEnv)
	d := ws.sess.Document()
	if path == "" || d == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(ws.view)
	size := ws.view.Size()
	g := viewGeometry{X: pos.X, Y: pos.Y, Width: size.Width, Height: size.Height,
		Margin: theme.InnerPadding(), FontSize: ws.view.FontSize(), Scale: ws.win.Canvas().Scale(), ArticleID: d.Article.ID}
	b, err := json.Marshal(g)
	if err != nil {
		return
	}
	tmp := path + ".tmp"
	if os.WriteFile(tmp, b, 0o644) == nil {
		os.Rename(tmp, path)
	}
}
