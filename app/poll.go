package app

import (
	"os"
	"time"

	"fyne.io/fyne/v2"
)

// pollInterval is how often the workspace looks whether another process
// changed the database.
const pollInterval = 2 * time.Second

// fileStore is a store kept in files (data.DB): its main file's path.
type fileStore interface{ Path() string }

// fileStamp is what a stat of the database's files says: a write by any
// process changes the -wal file's size or time, a checkpoint the main
// file's.
type fileStamp [2]struct {
	size int64
	mod  time.Time
}

func stampOf(path string) (st fileStamp) {
	for i, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			st[i].size, st[i].mod = fi.Size(), fi.ModTime()
		}
	}
	return st
}

// startPolling checks for changes made by other processes every
// pollInterval and whenever the window comes to the foreground. For a
// store in files the check is two stat calls off the UI goroutine, and the
// session is asked (on the UI goroutine, a query) only when a file moved:
// an idle window does no query and wakes no event loop (issue 16, "idle
// is idle").
func (ws *Workspace) startPolling() {
	if !ws.sess.CanWatch() {
		return
	}
	ws.pollMu.Lock()
	defer ws.pollMu.Unlock()
	ws.pollStop = make(chan struct{})
	ws.app.Lifecycle().SetOnEnteredForeground(func() { ws.sess.CheckExternalChanges() })
	path := ""
	if ps, ok := ws.sess.Store().(fileStore); ok {
		path = ps.Path()
	}
	go func(stop chan struct{}) {
		t := time.NewTicker(pollInterval)
		defer t.Stop()
		last := stampOf(path)
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if path != "" {
					st := stampOf(path)
					if st == last {
						continue
					}
					last = st
				}
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
