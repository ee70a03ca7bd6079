package session

import (
	"context"
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
	queue   []func() // edits waiting for it, oldest first
}

// Writing returns what the write under way does ("add a PERS span"), or ""
// when the writer is idle.
func (s *Session) Writing() string { return s.wr.writing }

// WriteQueue returns how many edits wait behind the write under way.
func (s *Session) WriteQueue() int { return len(s.wr.queue) }

// enqueue runs edit now when the writer is idle, else after the edits
// before it.
func (s *Session) enqueue(edit func()) {
	if s.wr.writing != "" || len(s.wr.queue) > 0 {
		s.wr.queue = append(s.wr.queue, edit)
		s.emit(Event{Changed: ChangedWriting})
		return
	}
	edit()
}

// next runs the queued edits until one of them starts a write.
func (s *Session) next() {
	for s.wr.writing == "" && len(s.wr.queue) > 0 {
		edit := s.wr.queue[0]
		s.wr.queue = s.wr.queue[1:]
		edit()
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
	s.sched.Go(func() {
		err := w(s.ctx)
		f := s.fetch(id)
		s.sched.Do(func() {
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
	e.Status = statusf("%s: %v", what, err)
	e.Err = wrapf(what, err)
	return e
}
