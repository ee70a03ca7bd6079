package session

import (
	"context"
	"sync"

	"github.com/hamesh-app/hamesh/app/schedule"
)

// The session's writer: every edit's store write runs off the UI goroutine
// through the scheduler, one at a time and in the order the user made
// them. An edit made while another is being written waits in a queue with
// the inputs it was made with (the selection, the span), so a burst of
// keys behind a slow or locked database applies each key to what it was
// pressed on, and the window never freezes. Writing and WriteQueue say
// what is waiting, for a "waiting for the database" state.

// writer is the state of the session's writer.
type writer struct {
	writing string   // what the write under way does, "" when none
	queue   []queued // edits waiting for it, oldest first
	// inflight counts store writes running in the background, for Finish.
	inflight sync.WaitGroup
	finished bool // Finish ran: edits run inline from now on
}

// queued is an edit waiting for the writer; key, when set, names what it
// writes, so a newer edit of the same thing replaces it (a note typed on
// while its previous save waits).
type queued struct {
	key  string
	edit func()
}

// Writing returns what the write under way does ("add a PERS span"), or ""
// when the writer is idle.
func (s *Session) Writing() string { return s.wr.writing }

// WriteQueue returns how many edits wait behind the write under way.
func (s *Session) WriteQueue() int { return len(s.wr.queue) }

// enqueue runs edit now when the writer is idle, else after the edits
// before it.
func (s *Session) enqueue(edit func()) { s.enqueueKeyed("", edit) }

// enqueueKeyed is enqueue for an edit that writes what key names: it takes
// the place of a waiting edit with the same key instead of queueing behind
// it, so a burst of keystrokes behind a slow write costs one write.
func (s *Session) enqueueKeyed(key string, edit func()) {
	if s.wr.writing != "" || len(s.wr.queue) > 0 {
		if key != "" {
			for i := range s.wr.queue {
				if s.wr.queue[i].key == key {
					s.wr.queue[i].edit = edit
					return
				}
			}
		}
		s.wr.queue = append(s.wr.queue, queued{key: key, edit: edit})
		s.emit(Event{Changed: ChangedWriting})
		return
	}
	edit()
}

// next runs the queued edits until one of them starts a write.
func (s *Session) next() {
	for s.wr.writing == "" && len(s.wr.queue) > 0 {
		q := s.wr.queue[0]
		s.wr.queue = s.wr.queue[1:]
		q.edit()
	}
}

// write starts one store write (what names it for the waiting state). The
// write and the read-back of the open article run off the UI goroutine;
// then, on it, the article read back becomes the open one and done gets
// the write's error and the event that tells what changed, to complete
// and emit. The caller must be running an edit (from enqueue).
func (s *Session) write(what string, w func(ctx context.Context) error, done func(err error, e Event)) {
	id := ""
	if s.doc != nil {
		id = s.doc.Article.ID
	}
	s.wr.writing = what
	s.emit(Event{Changed: ChangedWriting})
	sched := s.sched
	if s.wr.finished {
		sched = schedule.Inline{}
	}
	s.wr.inflight.Add(1)
	sched.Go(func() {
		err := w(s.ctx)
		f := s.fetch(id)
		s.wr.inflight.Done()
		sched.Do(func() {
			e := s.applyFetched(f)
			if f.hasVersion {
				s.versionMu.Lock()
				s.lastVersion = f.version
				s.versionMu.Unlock()
			}
			// Edits that done starts (a note saved as the selection moves)
			// queue behind the ones already waiting.
			done(err, e)
			s.wr.writing = ""
			s.next()
			if s.wr.writing == "" {
				s.emit(Event{Changed: ChangedWriting})
			}
		})
	})
}

// failed completes event e with the failure of what and returns it.
func failed(e Event, what string, err error) Event {
	e.say("%s: %v", what, err)
	e.Err = wrapf(what, err)
	return e
}

// Finish stores what the writer still holds once the window is gone: it
// waits for the write under way, then runs the waiting edits on the
// calling goroutine, in order. The UI halves of the write under way are
// not run (there is no window to show them in). Call it after the UI loop
// has ended, from the goroutine that ran it.
func (s *Session) Finish() {
	s.wr.inflight.Wait()
	s.wr.finished = true
	s.wr.writing = ""
	s.next()
}
