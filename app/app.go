// Package app is Hamesh's desktop GUI on Fyne: the annotation workspace with
// the article library, the article view, the inspector, the label palette,
// find, import and export. It talks to the store only through the
// annotations.Store interface, so its tests run on an in-memory fake or a
// temporary database.
package app

import (
	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/hamesh-app/hamesh/annotations"
)

// AppID is the Fyne application id (as in FyneApp.toml); it names the
// preferences storage.
const AppID = "app.hamesh.desktop"

// Run opens the Hamesh workspace on store with options opt (see Options;
// the app passes no scheduler, so background work runs on goroutines and
// fyne.Do) and blocks until the window is closed. The store stays open; the caller closes it.
func Run(store annotations.Store, opt Options) error {
	TuneMemory()
	a := fyneapp.NewWithID(AppID)
	w := a.NewWindow("Hamesh")
	w.Resize(fyne.NewSize(1300, 820))
	ws, err := NewWorkspace(a, w, store, opt)
	if err != nil {
		return err
	}
	w.SetMaster()
	ws.startPolling()
	w.SetOnClosed(ws.rememberPosition)
	w.ShowAndRun()
	ws.stopPolling()
	// The window is gone (closed, or destroyed by the X server): what the
	// writer still holds (a note typed a moment ago) is stored now.
	ws.sess.Finish()
	return nil
}
