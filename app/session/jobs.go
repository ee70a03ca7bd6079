package session

import (
	"context"
	"errors"
	"sync"
)

// jobState is the running background job: one at a time.
type jobState struct {
	mu          sync.Mutex
	name        string
	running     bool
	done, total int
	cancel      context.CancelFunc
}

// JobInfo describes the running job.
type JobInfo struct {
	Name        string
	Running     bool
	Done, Total int // progress; Total 0 when unknown
}

// Job returns the running job's name and progress.
func (s *Session) Job() JobInfo {
	j := &s.job
	j.mu.Lock()
	defer j.mu.Unlock()
	return JobInfo{Name: j.name, Running: j.running, Done: j.done, Total: j.total}
}

// JobRunning reports whether a background job is running.
func (s *Session) JobRunning() bool { return s.Job().Running }

// CancelJob asks the running job to stop.
func (s *Session) CancelJob() {
	s.job.mu.Lock()
	defer s.job.mu.Unlock()
	if s.job.cancel != nil {
		s.job.cancel()
	}
}

// Work is a background job's body: it runs off the UI goroutine, stops
// when ctx is cancelled, reports progress, and returns a message for the
// status bar.
type Work func(ctx context.Context, progress func(done, total int)) (string, error)

// RunJob runs work through the scheduler with progress and cancel; finish
// then runs on the UI goroutine with work's message and error (a cancelled
// job gives context.Canceled). Only one job runs at a time: a second is
// refused with a status message, and RunJob reports whether it started.
func (s *Session) RunJob(name string, work Work, finish func(msg string, err error)) bool {
	j := &s.job
	j.mu.Lock()
	if j.running {
		running := j.name
		j.mu.Unlock()
		s.status(0, "wait for %q to finish, or cancel it", running)
		return false
	}
	ctx, cancel := context.WithCancel(s.ctx)
	j.name, j.running, j.done, j.total, j.cancel = name, true, 0, 0, cancel
	j.mu.Unlock()
	s.status(ChangedJob, "%s…", name)

	progress := func(n, total int) {
		j.mu.Lock()
		j.done, j.total = n, total
		j.mu.Unlock()
		s.sched.Do(func() { s.emit(Event{Changed: ChangedJob}) })
	}
	s.sched.Go(func() {
		msg, err := work(ctx, progress)
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		cancel()
		s.sched.Do(func() {
			j.mu.Lock()
			j.running, j.cancel = false, nil
			j.mu.Unlock()
			if errors.Is(err, context.Canceled) {
				err = context.Canceled
				s.status(ChangedJob, "%s cancelled", name)
			} else {
				s.emit(Event{Changed: ChangedJob})
			}
			if finish != nil {
				finish(msg, err)
			}
		})
	})
	return true
}
