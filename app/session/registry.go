package session

import (
	"context"
	"fmt"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// The entity registry in the editing session (issue 17): "Link to…"
// candidates for the selected entity span, linking, and a new entry made
// from a span. The registry is read when first asked for and again after
// this session changes it.

// regCache holds the registry as last read, with its index.
type regCache struct {
	entries []annotations.Entry
	byID    map[string]int
	ix      *annotations.RegistryIndex
}

// registry returns the store's registry side, or nil.
func (s *Session) registry() annotations.RegistryStore {
	r, _ := s.store.(annotations.RegistryStore)
	return r
}

// HasRegistry reports whether the store keeps an entity registry.
func (s *Session) HasRegistry() bool { return s.registry() != nil }

// loadRegistry reads the registry into the cache when it is not there.
func (s *Session) loadRegistry() error {
	if s.reg != nil {
		return nil
	}
	r := s.registry()
	if r == nil {
		return annotations.Errorf(annotations.EINVALID, "this store keeps no entity registry")
	}
	es, err := r.Entries(s.ctx)
	if err != nil {
		return err
	}
	c := &regCache{entries: es, byID: make(map[string]int, len(es)), ix: annotations.NewRegistryIndex(es)}
	for i, e := range es {
		c.byID[e.ID] = i
	}
	s.reg = c
	return nil
}

// LinkCandidates returns the registry entries "Link to…" offers for span
// id's text (annotations.RegistryIndex.Candidates: folded, clitic-aware,
// by name and alias), best first, at most 8.
func (s *Session) LinkCandidates(id string) ([]annotations.Candidate, error) {
	sp := s.Span(id)
	if sp == nil {
		return nil, nil
	}
	if err := s.loadRegistry(); err != nil {
		return nil, err
	}
	return s.reg.ix.Candidates(s.SpanText(*sp), 8), nil
}

// LinkedEntry returns the registry entry span id is linked to, if any.
func (s *Session) LinkedEntry(id string) (annotations.Entry, bool) {
	sp := s.Span(id)
	if sp == nil || sp.Attributes[annotations.AttrEntityID] == "" || s.loadRegistry() != nil {
		return annotations.Entry{}, false
	}
	i, ok := s.reg.byID[sp.Attributes[annotations.AttrEntityID]]
	if !ok {
		return annotations.Entry{ID: sp.Attributes[annotations.AttrEntityID]}, true
	}
	return s.reg.entries[i], true
}

// LinkSpan links entity span spanID to registry entry entryID ("" unlinks)
// as one undoable span edit.
func (s *Session) LinkSpan(spanID, entryID string) error {
	s.enqueue(func() {
		r := s.registry()
		if r == nil || s.Span(spanID) == nil || s.refuseOthers(spanID) {
			return
		}
		what := "link the span to the registry"
		if entryID == "" {
			what = "unlink the span"
		}
		s.write(what, func(ctx context.Context) error {
			_, err := r.LinkSpan(ctx, spanID, entryID)
			return err
		}, func(err error, e Event) {
			s.reg = nil // the span's text may be a new alias
			if err != nil {
				e = failed(e, what, err)
			}
			s.emit(e)
		})
	})
	return nil
}

// NewEntryFromSpan makes a registry entry named by span spanID's text, of
// its label, and links the span to it (the link is undoable; the entry
// stays).
func (s *Session) NewEntryFromSpan(spanID string) error {
	s.enqueue(func() {
		r := s.registry()
		sp := s.Span(spanID)
		if r == nil || sp == nil || s.refuseOthers(spanID) {
			return
		}
		e := annotations.Entry{Name: strings.TrimSpace(s.SpanText(*sp)), Label: sp.Label}
		what := "make a registry entry from the span"
		s.write(what, func(ctx context.Context) error {
			got, err := r.AddEntry(ctx, e)
			if err != nil {
				return err
			}
			_, err = r.LinkSpan(ctx, spanID, got.ID)
			return err
		}, func(err error, ev Event) {
			s.reg = nil
			if err != nil {
				ev = failed(ev, what, err)
			}
			s.emit(ev)
		})
	})
	return nil
}

// RelationTypesStore is implemented by stores that keep the scheme's
// relation types (data.DB).
type RelationTypesStore interface {
	RelationTypes(ctx context.Context) ([]annotations.RelationType, error)
}

// RelationTypes returns the scheme's relation types: the store's, or the
// defaults for a store that keeps none.
func (s *Session) RelationTypes() []annotations.RelationType {
	if r, ok := s.store.(RelationTypesStore); ok {
		if ts, err := r.RelationTypes(s.ctx); err == nil && len(ts) > 0 {
			return ts
		}
	}
	return annotations.DefaultRelationTypes()
}

// AddRelation links span from to span to with a relation of type typ, as
// one undo step; a type that does not allow the spans' kinds is refused
// with the store's message in the status line.
func (s *Session) AddRelation(from, to, typ string) error {
	s.enqueue(func() {
		if s.doc == nil || s.Span(from) == nil || s.Span(to) == nil || s.refuseOthers(from) {
			return
		}
		what := "add the " + typ + " relation"
		s.write(what, func(ctx context.Context) error {
			_, err := s.store.AddRelation(ctx, annotations.Relation{Type: typ, From: from, To: to})
			return err
		}, func(err error, e Event) {
			if err != nil {
				e = failed(e, what, err)
			}
			s.emit(e)
		})
	})
	return nil
}

// DeleteRelation removes relation id of the open article, as one undo
// step.
func (s *Session) DeleteRelation(id string) error {
	s.enqueue(func() {
		if s.doc == nil {
			return
		}
		s.write("delete the relation", func(ctx context.Context) error {
			return s.store.DeleteRelation(ctx, id)
		}, func(err error, e Event) {
			if err != nil {
				e = failed(e, "delete the relation", err)
			}
			s.emit(e)
		})
	})
	return nil
}

// ClusterStore is implemented by stores that keep claim clusters
// (data.DB).
type ClusterStore interface {
	Cluster(ctx context.Context, id string) (annotations.Cluster, error)
}

// ClusterOf returns the claim cluster span id belongs to, if the span is
// in one the store knows.
func (s *Session) ClusterOf(id string) (annotations.Cluster, bool) {
	sp := s.Span(id)
	cs, ok := s.store.(ClusterStore)
	if sp == nil || !ok || sp.Attributes[annotations.AttrClusterID] == "" {
		return annotations.Cluster{}, false
	}
	c, err := cs.Cluster(s.ctx, sp.Attributes[annotations.AttrClusterID])
	return c, err == nil
}

// OtherMentions returns the unlinked entity spans of every article whose
// text is a name or alias of entry id: the mentions "Link to…" offers to
// link at once once a surface form is linked. None when the store cannot
// tell.
func (s *Session) OtherMentions(id string) []annotations.LinkSuggestion {
	ls, ok := s.store.(annotations.LinkSuggester)
	if !ok || id == "" {
		return nil
	}
	out, err := ls.LinkSuggestions(s.ctx, id)
	if err != nil {
		return nil
	}
	return out
}

// LinkMentions links every span of ms to entry id, each a span edit of its
// own article (undone there).
func (s *Session) LinkMentions(id string, ms []annotations.LinkSuggestion) error {
	r := s.registry()
	if r == nil {
		return nil
	}
	s.enqueue(func() {
		what := fmt.Sprintf("link %d other mentions", len(ms))
		s.write(what, func(ctx context.Context) error {
			for _, m := range ms {
				if _, err := r.LinkSpan(ctx, m.Span.ID, id); err != nil {
					return err
				}
			}
			return nil
		}, func(err error, e Event) {
			s.reg = nil
			if err != nil {
				e = failed(e, what, err)
			} else {
				e.say("linked %d other mentions", len(ms))
			}
			s.emit(e)
		})
	})
	return nil
}

// ReloadRegistry drops the cached registry and reloads the open article,
// after an edit of the registry outside the session (a rename or a merge
// in the registry view relinks spans in the store).
func (s *Session) ReloadRegistry() {
	s.reg = nil
	s.Reload()
}
