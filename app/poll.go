package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
)

// pollInterval is how often the workspace asks the store whether another
// process changed the database.
const pollInterval = 2 * time.Second

// dataVersioner is implemented by stores that can tell when the database
// changed under them (data.DB: SQLite's data_version).
type dataVersioner interface {
	DataVersion(ctx context.Context) (int64, error)
}

// dataVersion returns the store's data version; ok is false when the store
// cannot tell.
func (ws *Workspace) dataVersion() (int64, bool) {
	dv, ok := ws.store.(dataVersioner)
	if !ok {
		return 0, false
	}
	v, err := dv.DataVersion(ws.ctx)
	if err != nil {
		return 0, false
	}
	return v, true
}

// CheckExternalChanges reloads the library and the open article when the
// store's data version moved since the last look (another process wrote).
// It reports whether it reloaded.
func (ws *Workspace) CheckExternalChanges() bool {
	v, ok := ws.dataVersion()
	if !ok {
		return false
	}
	ws.pollMu.Lock()
	changed := v != ws.lastVersion
	ws.pollMu.Unlock()
	// While a job writes, the version is left alone so the change is
	// picked up once it ends.
	if !changed || ws.jobs.Running() {
		return false
	}
	ws.flushPending()
	// The scheme too: another window or the command line may have added
	// labels (an import does), whose spans would otherwise show grey.
	// reloadLabels reloads the document and refreshes the library.
	if err := ws.reloadLabels(); err != nil {
		ws.setStatus("reload the label scheme: %v", err)
		ws.reload()
	}
	if nv, ok := ws.dataVersion(); ok {
		v = nv
	}
	ws.pollMu.Lock()
	ws.lastVersion = v
	ws.pollMu.Unlock()
	ws.setStatus("reloaded: the database was changed elsewhere")
	return true
}

// startPolling checks for changes made by other processes every
// pollInterval and whenever the window comes to the foreground.
func (ws *Workspace) startPolling() {
	if _, ok := ws.store.(dataVersioner); !ok {
		return
	}
	ws.pollStop = make(chan struct{})
	ws.app.Lifecycle().SetOnEnteredForeground(func() { ws.CheckExternalChanges() })
	go func(stop chan struct{}) {
		t := time.NewTicker(pollInterval)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(func() { ws.CheckExternalChanges() })
			}
		}
	}(ws.pollStop)
}

// stopPolling ends the polling goroutine.
func (ws *Workspace) stopPolling() {
	if ws.pollStop != nil {
		close(ws.pollStop)
		ws.pollStop = nil
	}
}
