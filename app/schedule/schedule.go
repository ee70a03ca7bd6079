// Package schedule runs background work for the GUI through a scheduler the
// caller injects: the app passes one that runs work on goroutines and hands
// UI updates to Fyne's main goroutine; tests pass one that runs everything
// inline, or one that holds jobs until the test releases them. Nothing here
// imports Fyne, so the editing session can use it without a display.
package schedule

import "sync"

// Scheduler runs work off the UI goroutine and brings results back onto it.
type Scheduler interface {
	// Go runs work in the background. work must not touch widgets; it hands
	// UI updates to Do.
	Go(work func())
	// Do runs f on the UI goroutine (asynchronously, or at once when the
	// caller already is on it, as the scheduler decides).
	Do(f func())
}

// Background runs work on new goroutines and UI updates through UI, which
// the app sets to fyne.Do.
type Background struct {
	UI func(func())
}

// Go runs work on a new goroutine.
func (b Background) Go(work func()) { go work() }

// Do hands f to the UI function.
func (b Background) Do(f func()) { b.UI(f) }

// Inline runs work and UI updates at once on the calling goroutine: tests
// use it so that a job has finished, UI half included, when the call that
// started it returns.
type Inline struct{}

// Go runs work now.
func (Inline) Go(work func()) { work() }

// Do runs f now.
func (Inline) Do(f func()) { f() }

// Manual holds background work and UI updates until the test runs them,
// so a test can observe the state while a job is under way and decide when
// it completes. It is safe for concurrent use.
type Manual struct {
	mu   sync.Mutex
	work []func()
	ui   []func()
}

// Go queues work.
func (m *Manual) Go(work func()) {
	m.mu.Lock()
	m.work = append(m.work, work)
	m.mu.Unlock()
}

// Do queues f.
func (m *Manual) Do(f func()) {
	m.mu.Lock()
	m.ui = append(m.ui, f)
	m.mu.Unlock()
}

// Pending reports how many background jobs and UI updates are queued.
func (m *Manual) Pending() (work, ui int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.work), len(m.ui)
}

// RunWork runs the queued background jobs, in order, on the calling
// goroutine (jobs they queue wait for the next call) and returns how many
// ran.
func (m *Manual) RunWork() int {
	m.mu.Lock()
	w := m.work
	m.work = nil
	m.mu.Unlock()
	for _, f := range w {
		f()
	}
	return len(w)
}

// RunUI runs the queued UI updates, in order, and returns how many ran.
func (m *Manual) RunUI() int {
	m.mu.Lock()
	u := m.ui
	m.ui = nil
	m.mu.Unlock()
	for _, f := range u {
		f()
	}
	return len(u)
}

// Drain runs queued work and UI updates until none is left, and returns
// how many functions ran in all.
func (m *Manual) Drain() int {
	n := 0
	for {
		k := m.RunWork() + m.RunUI()
		if k == 0 {
			return n
		}
		n += k
	}
}
