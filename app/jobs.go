package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// jobBar shows the running background job in the status bar: its name, a
// progress bar and a Cancel button. One job runs at a time.
type jobBar struct {
	container *fyne.Container
	name      *widget.Label
	bar       *widget.ProgressBar
	cancelB   *widget.Button

	relayout func() // called after showing or hiding the bar

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

func newJobBar() *jobBar {
	j := &jobBar{name: widget.NewLabel(""), bar: widget.NewProgressBar()}
	j.cancelB = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), j.Cancel)
	j.container = container.NewHBox(j.name, container.NewGridWrap(fyne.NewSize(220, j.bar.MinSize().Height), j.bar), j.cancelB)
	j.container.Hide()
	return j
}

func (j *jobBar) changed() {
	if j.relayout != nil {
		j.relayout()
	}
}

// Running reports whether a job is running.
func (j *jobBar) Running() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.cancel != nil
}

// Cancel asks the running job to stop.
func (j *jobBar) Cancel() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.cancel != nil {
		j.cancel()
	}
}

// Wait blocks until the running job, if any, has finished its work (for
// tests; its completion callback is queued with fyne.Do).
func (j *jobBar) Wait() {
	j.mu.Lock()
	done := j.done
	j.mu.Unlock()
	if done != nil {
		<-done
	}
}

// progressFunc reports how much of a job is done; total 0 means unknown.
type progressFunc func(done, total int)

// runJob runs work off the UI goroutine with a progress bar and a Cancel
// button; finish then runs on the UI goroutine with work's result.
func (ws *Workspace) runJob(name string, work func(ctx context.Context, progress progressFunc) (string, error), finish func(msg string, err error)) {
	j := ws.jobs
	j.mu.Lock()
	if j.cancel != nil {
		j.mu.Unlock()
		ws.setStatus("wait for %q to finish, or cancel it", j.name.Text)
		return
	}
	ctx, cancel := context.WithCancel(ws.ctx)
	done := make(chan struct{})
	j.cancel, j.done = cancel, done
	j.mu.Unlock()

	j.name.SetText(name)
	j.bar.SetValue(0)
	j.container.Show()
	j.changed()
	ws.setStatus("%s…", name)
	progress := func(n, total int) {
		fyne.Do(func() {
			if total > 0 {
				j.bar.SetValue(float64(n) / float64(total))
			}
		})
	}
	run := func() {
		msg, err := work(ctx, progress)
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		cancel()
		fyne.Do(func() {
			j.mu.Lock()
			j.cancel, j.done = nil, nil
			j.mu.Unlock()
			j.container.Hide()
			j.changed()
			if errors.Is(err, context.Canceled) {
				ws.setStatus("%s cancelled", name)
				err = nil
				msg = ""
			}
			if finish != nil {
				finish(msg, err)
			}
		})
		close(done)
	}
	if inlineJobs() {
		run()
		return
	}
	go run()
}

// inlineJobs reports whether jobs run on the calling goroutine: under Fyne's
// test driver, which runs a fyne.Do function at once on the goroutine that
// calls it, a job's progress and completion would otherwise touch widgets
// from the job's goroutine while the test drives them from its own (the
// race detector found every such pair). The articleview package does the
// same with its background layout.
func inlineJobs() bool {
	a := fyne.CurrentApp()
	return a == nil || strings.HasPrefix(fmt.Sprintf("%T", a.Driver()), "*test.")
}
