package app

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/app/session"
)

// jobBar shows the running background job in the status bar: its name, a
// progress bar and a Cancel button. State in: Show; out: OnCancel.
type jobBar struct {
	container *fyne.Container
	name      *widget.Label
	bar       *widget.ProgressBar
	cancelB   *widget.Button

	// OnCancel is called when the user presses Cancel.
	OnCancel func()
	relayout func() // called after showing or hiding the bar
	shown    string // the job name shown
}

func newJobBar() *jobBar {
	j := &jobBar{name: widget.NewLabel(""), bar: widget.NewProgressBar()}
	j.cancelB = widget.NewButtonWithIcon(TV("Cancel"), theme.CancelIcon(), func() {
		if j.OnCancel != nil {
			j.OnCancel()
		}
	})
	mirrorIcon(j.cancelB)
	j.container = container.NewHBox(inReadingOrder([]fyne.CanvasObject{j.name, container.NewGridWrap(fyne.NewSize(220, j.bar.MinSize().Height), j.bar), j.cancelB})...)
	j.container.Hide()
	return j
}

// Show shows the running job and its progress, or hides the bar when none
// runs.
func (j *jobBar) Show(info session.JobInfo) {
	if !info.Running {
		if j.container.Visible() {
			j.container.Hide()
			j.changed()
		}
		return
	}
	if j.shown != info.Name {
		j.shown = info.Name
		j.name.SetText(visualString(TK(info.Name))) // the app's job names come translated; the session's are marked below
	}
	v := 0.0
	if info.Total > 0 {
		v = float64(info.Done) / float64(info.Total)
	}
	j.bar.SetValue(v)
	if !j.container.Visible() {
		j.container.Show()
		j.changed()
	}
}

func (j *jobBar) changed() {
	if j.relayout != nil {
		j.relayout()
	}
}

// progressFunc reports how much of a job is done; total 0 means unknown.
type progressFunc = func(done, total int)

// runJob runs work as the session's background job; finish then runs on
// the UI goroutine with work's result, and err nil when the job was
// cancelled (the session has said so in the status bar).
func (ws *Workspace) runJob(name string, work session.Work, finish func(msg string, err error)) {
	ws.sess.RunJob(name, work, func(msg string, err error) {
		if errors.Is(err, context.Canceled) {
			err, msg = nil, ""
		}
		if finish != nil {
			finish(msg, err)
		}
	})
}

// The session's own job names, translated in the job bar.
var _ = K("Measuring agreement")
