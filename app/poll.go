package app

import (
	"time"

	"fyne.io/fyne/v2"
)

// pollInterval is how often the workspace asks the session whether another
// process changed the database.
const pollInterval = 2 * time.Second

// startPolling checks for changes made by other processes every
// pollInterval and whenever the window comes to the foreground.
func (ws *Workspace) startPolling() {
	if !ws.sess.CanWatch() {
		return
	}
	ws.pollMu.Lock()
	defer ws.pollMu.Unlock()
	ws.pollStop = make(chan struct{})
	ws.app.Lifecycle().SetOnEnteredForeground(func() { ws.sess.CheckExternalChanges() })
	go func(stop chan struct{}) {
		t := time.NewTicker(pollInterval)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(func() { ws.sess.CheckExternalChanges() })
			}
		}
	}(ws.pollStop)
}

// stopPolling ends the polling goroutine.
func (ws *Workspace) stopPolling() {
	ws.pollMu.Lock()
	defer ws.pollMu.Unlock()
	if ws.pollStop != nil {
		close(ws.pollStop)
		ws.pollStop = nil
	}
}
