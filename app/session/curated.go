package session

import (
	"context"

	"github.com/hamesh-app/hamesh/annotations"
)

// ToggleCurated marks the open article curated by the current annotator,
// the curator, or unmarks it when it is curated. The curation is the
// article's own field (annotations.Article.Curation: who and when), not a
// status, and one undo step. It works in curation only (the gold layer is
// what is decided), and needs a store that records curation
// (annotations.CurationStore) and a name to record.
func (s *Session) ToggleCurated() {
	s.enqueue(func() {
		if s.doc == nil {
			return
		}
		if !s.curate.on {
			s.status(0, "start curation first (Ctrl+Shift+K): an article is marked curated once its gold is decided")
			return
		}
		cs, ok := s.store.(annotations.CurationStore)
		if !ok {
			s.status(0, "this database cannot record curation")
			return
		}
		who := s.annotator()
		if who == "" {
			s.status(0, "set your name first (Ctrl+,): the curation records who curated")
			return
		}
		by := who
		if s.doc.Article.Curation != nil {
			by = ""
		}
		id := s.doc.Article.ID
		s.write("mark the article curated", func(ctx context.Context) error {
			_, err := cs.SetCuration(ctx, id, by)
			return err
		}, func(err error, e Event) {
			switch {
			case err != nil:
				e = failed(e, "mark the article curated", err)
			case by == "":
				e.say("article no longer marked curated")
			default:
				e.say("article marked curated by %s (Ctrl+Shift+D again unmarks it)", Isolate(by))
			}
			s.emit(e)
		})
	})
}

// CurationText says who curated the article, and when, as the inspector and
// library show it: "" for an article not curated.
func CurationText(c *annotations.Curation) string { return CurationMsg(c).String() }

// CurationMsg is CurationText as a message to translate.
func CurationMsg(c *annotations.Curation) Message {
	if c == nil {
		return Message{}
	}
	return Msgf("✔ curated by %s, %s", Isolate(c.By), c.At.Local().Format("2006-01-02 15:04"))
}
