package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/hamesh-app/hamesh/annotations"
)

// File → Bring in a colleague's work…: another Hamesh database's layers
// replace those annotators' layers here (annotations.BringInner, which
// data.DB implements), and a dialog shows what changed per annotator.

// showBringIn asks for a colleague's Hamesh database and brings it in.
func (ws *Workspace) showBringIn() {
	if _, ok := ws.sess.Store().(annotations.BringInner); !ok {
		ws.showError("bring in a colleague's work", errors.New(T("this store cannot read another Hamesh database")))
		return
	}
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			ws.showError("bring in a colleague's work", err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		ws.bringIn(path)
	}, ws.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	d.Resize(fyne.NewSize(900, 600))
	ws.showModal(d)
}

// bringIn brings the Hamesh database at path in as the session's
// background job, then reloads the library and the open article and shows
// the per-annotator table.
func (ws *Workspace) bringIn(path string) {
	bi, ok := ws.sess.Store().(annotations.BringInner)
	if !ok {
		ws.showError("bring in a colleague's work", errors.New(T("this store cannot read another Hamesh database")))
		return
	}
	name := filepath.Base(path)
	var res annotations.BringInResult
	ws.runJob(T("Bringing in %s", name), func(ctx context.Context, progress progressFunc) (string, error) {
		var err error
		if res, err = bi.BringIn(ctx, path); err != nil {
			return "", err
		}
		return T("brought in %s: %s", name, strings.Join(bringInNotes(res), T("; "))), nil
	}, func(msg string, err error) {
		ws.afterImport()
		ws.sess.Reload()
		if err != nil {
			ws.showError(T("bring in %s", name), err)
			return
		}
		if msg == "" { // cancelled: the session said so
			return
		}
		ws.setStatus("%s", msg)
		ws.showModal(dialog.NewCustom(TV("Brought in %s", name), TV("Close"), bringInView(res), ws.win))
	})
}

// bringInView lays out res's table and notes.
func bringInView(res annotations.BringInResult) fyne.CanvasObject {
	rows := res.Table()
	rows[0] = bringInHeader()
	grid := container.NewGridWithColumns(len(rows[0]))
	for i, row := range rows {
		cells := make([]fyne.CanvasObject, len(row))
		for j, c := range row {
			l := newLeadingLabel(visualString(c))
			if i == 0 {
				l.TextStyle.Bold = true
			}
			cells[j] = l
		}
		addGridRow(grid, cells...)
	}
	owner := res.Owner
	if owner == "" {
		owner = T("no name set")
	}
	box := container.NewVBox(newLeadingLabel(TV("%s (owner: %s)", res.Path, owner)), grid)
	for _, n := range bringInNotes(res) {
		box.Add(newLeadingLabel(visualString(n)))
	}
	return box
}

// bringInNotes are res's notes in the interface's language.
func bringInNotes(res annotations.BringInResult) []string {
	var out []string
	for _, n := range res.NoteList() {
		out = append(out, TNote(n))
	}
	return out
}

// bringInHeader is the head of the bring-in table (BringInResult.Table's
// first row), in the interface's language.
func bringInHeader() []string {
	return []string{T("ANNOTATOR"), T("ARTICLES MATCHED"), T("NEW"), T("SPANS ADDED"), T("CHANGED"), T("REMOVED"), T("UNCHANGED")}
}
